"""What narration costs: render time per second of video of the narrated chapters, before
(silent clips, bench/results/scenes-<q>.json) and after (narrated clips,
bench/results/narrated-<q>.json, made by
``python bench/bench_scenes.py -q l h --only black_box backprop_main_ideas --save-as narrated``).

Narrated clips are longer (beats wait for their words); held frames should cost less than
drawn ones, so the cost per second of video should not rise. Prints figures; asserts nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench import report  # noqa: E402

CHAPTERS = ("black_box", "backprop_main_ideas")


def totals(figures: dict) -> tuple[float, float]:
    """(seconds of rendering, seconds of video) of the narrated chapters' scenes."""
    scenes = [s for k, s in figures["scenes"].items() if k.split(".")[0] in CHAPTERS]
    return sum(s["seconds"] for s in scenes), sum(s["duration"] for s in scenes)


def main() -> int:
    for quality in ("l", "h"):
        before, after = report.load(f"scenes-{quality}"), report.load(f"narrated-{quality}")
        if before is None or after is None:
            print(f"quality {quality}: missing figures (see this file's docstring)")
            continue
        print(f"quality {quality}  (before: {before.get('commit')}, after: {after.get('commit')})")
        print(f"  {'scene':<40} {'video s':>15} {'render s':>15} {'render/video':>15}")
        for key in sorted(k for k in after["scenes"] if k.split(".")[0] in CHAPTERS):
            b, a = before["scenes"].get(key), after["scenes"][key]
            if b is None:
                continue
            print(f"  {key:<40} {b['duration']:6.1f} -> {a['duration']:6.1f} "
                  f"{b['seconds']:6.1f} -> {a['seconds']:6.1f} "
                  f"{b['seconds'] / b['duration']:6.2f} -> {a['seconds'] / a['duration']:5.2f}")
        (bs, bd), (as_, ad) = totals(before), totals(after)
        print(f"  {'both chapters':<40} {bd:6.1f} -> {ad:6.1f} {bs:6.1f} -> {as_:6.1f} "
              f"{bs / bd:6.2f} -> {as_ / ad:5.2f}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
