"""How long every scene takes to render, against how long its clip plays.

Renders the whole lecture the way `make lecture` does (one manim process per scene, as
many at once as --jobs, slowest first) into bench/out/<quality>/, every scene forced,
and prints per scene: seconds of video, seconds of rendering, their ratio; then the whole
lecture's totals. Figures go to bench/results/scenes-<quality>.json and bench/RESULTS.md.

    python bench/bench_scenes.py                  low and high quality, every core
    python bench/bench_scenes.py -q l --jobs 2    low quality only
    python bench/bench_scenes.py --only cnn       one chapter (not saved as the lecture's figures)
    python bench/bench_scenes.py --only black_box --save-as narrated   saved as narrated-<q>.json

The LaTeX cache of each scene is kept between runs in bench/out/ (as a teacher's
re-render keeps it); --cold empties it first. Prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402
from scenes.lecture.cli import build  # noqa: E402
from scenes.lecture.plan import load_manifest  # noqa: E402


def run_quality(quality: str, jobs: int, only: list[str], cold: bool) -> dict | None:
    out_dir = HERE / "out" / quality
    if cold:
        shutil.rmtree(out_dir / ".work", ignore_errors=True)
    latex = "warm (kept from an earlier run)" if (out_dir / ".work").exists() else "cold (empty)"
    print(f"--- quality {quality}: rendering into {out_dir} ({jobs} at once, LaTeX cache {latex})",
          flush=True)
    start = time.monotonic()
    code = build(ROOT, out_dir, quality, jobs, only, force=True)
    wall = time.monotonic() - start
    manifest = load_manifest(out_dir)
    if code != 0:
        print(f"quality {quality}: some scenes failed (see above); no figures saved", flush=True)
        return None
    scenes = {key: {"seconds": m["render_seconds"], "duration": m["duration"]}
              for key, m in manifest.items() if not only or key in only
              or key.split(".")[0] in only}
    figures = dict(report.machine(), quality=quality, jobs=jobs, latex=latex, wall=wall,
                   scenes=scenes)
    print_figures(figures, "these scenes" if only else "whole lecture")
    return figures


def print_figures(figures: dict, what: str = "whole lecture") -> None:
    width = max(len(k) for k in figures["scenes"])
    print(f"\n{'scene':<{width}}  {'video s':>8}  {'render s':>8}  {'ratio':>6}")
    for key, s in sorted(figures["scenes"].items(), key=lambda kv: -kv[1]["seconds"] / kv[1]["duration"]):
        print(f"{key:<{width}}  {s['duration']:8.1f}  {s['seconds']:8.1f}  "
              f"{s['seconds'] / s['duration']:6.2f}")
    t = report.lecture_totals(figures)
    print(f"\n{what}: {t['duration']:.0f} s of video rendered in {t['wall']:.0f} s "
          f"(ratio {t['ratio']:.2f}); the scenes' own times add up to {t['busy']:.0f} s "
          f"(ratio {t['busy_ratio']:.2f})\n", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", "-q", nargs="+", default=["l", "h"], choices=["l", "m", "h"])
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME",
                        help="chapters or scenes (figures printed, not saved)")
    parser.add_argument("--cold", action="store_true", help="empty the LaTeX caches first")
    parser.add_argument("--save-as", default="scenes",
                        help="results name prefix (before-scenes keeps an earlier commit's figures)")
    args = parser.parse_args(argv)
    failed = False
    for quality in args.quality:
        figures = run_quality(quality, args.jobs, args.only, args.cold)
        if figures is None:
            failed = True
        elif not args.only or args.save_as != "scenes":  # a subset is saved only under its own name
            path = report.save(f"{args.save_as}-{quality}", figures)
            print(f"saved {path.relative_to(ROOT)} and bench/RESULTS.md", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
