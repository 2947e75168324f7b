"""Render seconds per second of video at high quality (1080p60), one scene at a time, in
CPU time and in wall time: a sample of the lecture's scenes rendered by one checkout.

    python bench/hq_speed.py run --label after                   this checkout
    python bench/hq_speed.py run --label before --checkout DIR   another commit's checkout
    python bench/hq_speed.py show                                 before/after table

Each scene renders in its own ``manim`` process (as the lecture build runs it) with
LECTURE_VOICE=none (captions only, so both checkouts make clips of the same length); its
CPU time is the user+sys time of that process and its children (LaTeX), taken from
``getrusage(RUSAGE_CHILDREN)``, so it holds on a busy machine where wall time does not.
The LaTeX cache of each scene is warmed first (a last-frame render at low quality) and
shared by every run, so both sides compile nothing. Figures go to
bench/results/hq-<label>.json after every scene (a stopped run keeps what it measured) and
into bench/RESULTS.md; clips stay in bench/out/hq/<label>/ for frame comparisons
(bench/compare_frames.py). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import av

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402

#: one scene per chapter, each with long narrated holds and some heavy animation
SAMPLE = ["neurons.NodesAndLayers", "gradient_descent.LearningRateMatters",
          "black_box.TopNodeSlice", "backprop_details.LearningAllSeven",
          "softmax.SoftMaxForTraining", "cross_entropy.WhyMinusLog", "cnn.SlidingFilter"]
#: the animations rendered of each (manim -n): six or so beats from the middle of a scene,
#: so that a sample costs minutes, not hours, on a shared machine; "" renders all
WINDOW = "8,20"
OUT = HERE / "out" / "hq"
QUALITY_DIRS = {"l": "480p15", "m": "720p30", "h": "1080p60"}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def manim(checkout: Path, key: str, media: Path, *flags: str) -> tuple[float, float, int]:
    """Run manim on scene ``key`` in ``checkout``: (wall s, CPU s, exit code)."""
    chapter, scene = key.split(".")
    cmd = [sys.executable, "-m", "manim", "render", *flags, "--progress_bar", "none",
           "-v", "WARNING", "--disable_caching", "--media_dir", str(media),
           "--config_file", str(checkout / "manim.cfg"), f"scenes/{chapter}.py", scene]
    env = dict(os.environ, LECTURE_VOICE="none")
    cpu, wall = _cpu(), time.monotonic()
    proc = subprocess.run(cmd, cwd=checkout, env=env, capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        print(proc.stderr[-2000:], flush=True)
    return time.monotonic() - wall, _cpu() - cpu, proc.returncode


def clip_facts(path: Path) -> dict:
    """The clip's length (s), the frames stored in it and its size (bytes)."""
    with av.open(str(path)) as box:
        stream = box.streams.video[0]
        frames = sum(1 for p in box.demux(stream) if p.pts is not None)
        seconds = float(stream.duration * stream.time_base)
    return {"duration": seconds, "frames": frames, "bytes": path.stat().st_size}


def run(label: str, checkout: Path, scenes: list[str], quality: str, window: str) -> None:
    name = f"hq-{label}" if quality == "h" else f"speed-{quality}-{label}"
    figures = report.load(name) or {}
    figures.update(report.machine(), quality=quality, checkout=str(checkout), window=window,
                   scenes=figures.get("scenes", {}))
    if checkout != ROOT:
        figures["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=checkout,
                                           text=True, capture_output=True, check=False).stdout.strip()
    for key in scenes:
        chapter, scene = key.split(".")
        media = OUT / "media" / key  # shared by every label: its Tex folder stays warm
        if not (media / "Tex").exists():
            wall, cpu, code = manim(checkout, key, media, "-ql", "-s")
            print(f"{key}: LaTeX cache warmed in {wall:.0f} s", flush=True)
        shutil.rmtree(media / "videos", ignore_errors=True)
        load = os.getloadavg()[0]
        wall, cpu, code = manim(checkout, key, media, f"-q{quality}",
                                *(["-n", window] if window else []))
        clip = media / "videos" / chapter / QUALITY_DIRS[quality] / f"{scene}.mp4"
        if code != 0 or not clip.exists():
            print(f"{key}: manim failed (exit {code})", flush=True)
            continue
        kept = OUT / label / f"{key}.mp4"
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(clip), kept)
        facts = clip_facts(kept)
        figures["scenes"][key] = dict(facts, wall=wall, cpu=cpu,
                                      load=[round(load, 2), round(os.getloadavg()[0], 2)])
        print(f"{key}: {facts['duration']:.1f} s of video, {facts['frames']} frames stored; "
              f"wall {wall:.1f} s ({wall / facts['duration']:.2f} s/s), CPU {cpu:.1f} s "
              f"({cpu / facts['duration']:.2f} s/s); load {load:.1f}", flush=True)
        report.save(name, figures)


def totals(figures: dict, keys: list[str]) -> dict:
    scenes = [figures["scenes"][k] for k in keys]
    video = sum(s["duration"] for s in scenes)
    return {"video": video, "wall": sum(s["wall"] for s in scenes),
            "cpu": sum(s["cpu"] for s in scenes), "frames": sum(s["frames"] for s in scenes)}


def show() -> None:
    before, after = report.load("hq-before"), report.load("hq-after")
    if not before or not after:
        print("run both: --label before (with --checkout) and --label after")
        return
    keys = [k for k in before["scenes"] if k in after["scenes"]]
    print(f"{'scene':40s} {'video s':>8} {'CPU s/s before':>15} {'after':>6} "
          f"{'wall s/s before':>16} {'after':>6}")
    for k in keys:
        b, a = before["scenes"][k], after["scenes"][k]
        print(f"{k:40s} {a['duration']:8.1f} {b['cpu'] / b['duration']:15.2f} "
              f"{a['cpu'] / a['duration']:6.2f} {b['wall'] / b['duration']:16.2f} "
              f"{a['wall'] / a['duration']:6.2f}")
    tb, ta = totals(before, keys), totals(after, keys)
    print(f"{'all':40s} {ta['video']:8.1f} {tb['cpu'] / tb['video']:15.2f} "
          f"{ta['cpu'] / ta['video']:6.2f} {tb['wall'] / tb['video']:16.2f} "
          f"{ta['wall'] / ta['video']:6.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    go = sub.add_parser("run", help="render the sample and save its figures")
    go.add_argument("--label", required=True, help="before, after, ...")
    go.add_argument("--checkout", type=Path, default=ROOT, help="the checkout to render")
    go.add_argument("--scenes", nargs="+", default=SAMPLE, metavar="CHAPTER.SCENE")
    go.add_argument("--quality", "-q", default="h", choices=sorted(QUALITY_DIRS))
    go.add_argument("--window", default=WINDOW, help='animations to render, e.g. "8,20"; "" for all')
    sub.add_parser("show", help="print the before/after table")
    args = parser.parse_args(argv)
    if args.command == "run":
        run(args.label, args.checkout.resolve(), args.scenes, args.quality, args.window)
    else:
        show()
    return 0


if __name__ == "__main__":
    sys.exit(main())
