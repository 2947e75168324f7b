"""Where one scene's render time goes: manim run under cProfile, its time split by area.

Renders one scene the way the lecture build does (its own manim process, caching off) with
Python's cProfile, then prints the time spent in each area of the work (LaTeX and text,
drawing frames with Cairo, 3-D face sorting, copying mobjects, animation, video encoding,
the project's own scene and nnmath code) and the functions that cost the most. The
figures go to bench/results/profile-<chapter>.<Scene>-<quality>.json and the
"Where the time goes" section of bench/RESULTS.md; the raw profile is kept in
bench/out/profiles/ for `python -m pstats`. Each scene keeps its LaTeX cache between
profiles (a re-render, as a teacher's is); --cold empties it (and the
Pango text cache) first.

    python bench/profile_scene.py multiple_inputs ThreeOutputSurfaces
    python bench/profile_scene.py cnn LearningTheFilter -q h --top 30
    make profile SCENE=cnn.LearningTheFilter

cProfile slows pure-Python code more than C code, so the shares are a guide to where to
look, not a second wall-clock measurement (bench_scenes.py gives those). Prints figures;
it asserts nothing.
"""

from __future__ import annotations

import argparse
import pstats
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402
from scenes.lecture.catalog import discover  # noqa: E402
from scenes.lecture.run import manim_args, rendered_clip  # noqa: E402

#: (area, substrings of "file:function" that put a function's own time there); first match wins
AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("project scenes and nnmath", ("/scenes/", "/nnmath/", "/app/")),
    ("LaTeX and text (build, SVG parsing)", ("mobject/text", "mobject/svg", "svgelements",
                                             "manimpango", "tex_file_writing", "tex_templates",
                                             "subprocess", "posix.waitpid", "select.poll")),
    ("3-D: face sorting and shading", ("three_d", "mobject/types/surface")),
    ("drawing frames (Cairo)", ("manim/camera", "cairo.")),
    # cProfile sees only the main thread: manim encodes in a writer thread, which shows
    # as the main thread waiting on a lock
    ("video encoding (PyAV, waits for its thread)", ("scene_file_writer", "/av/", "'av.",
                                                     "av.container", "_thread.lock",
                                                     "/threading.py", "/queue.py")),
    ("copying mobjects", ("/copy.py", "deepcopy")),
    ("animations and interpolation", ("manim/animation", "utils/bezier", "utils/rate_functions",
                                      "utils/paths")),
    ("mobject bookkeeping (families, points)", ("manim/mobject", "manim/utils")),
    ("numpy", ("numpy",)),
    ("manim scene loop", ("manim/scene", "manim/renderer", "manim/_config")),
)
OTHER = "other (Python start-up, imports, the rest)"

#: (stage, file ending, function): a stage's time is that function's cumulative time, so
#: the stages can overlap (a LaTeX build inside a copied label counts in both)
STAGES: tuple[tuple[str, str, str], ...] = (
    ("drawing frames", "manim/camera/camera.py", "capture_mobjects"),
    ("moving mobjects (Animation.interpolate)", "manim/animation/animation.py", "interpolate"),
    ("starting animations", "manim/scene/scene.py", "begin_animations"),
    ("updaters", "manim/scene/scene.py", "update_mobjects"),
    ("compiling LaTeX", "manim/utils/tex_file_writing.py", "tex_to_svg_file"),
    ("parsing SVG of Text and MathTex", "manim/mobject/svg/svg_mobject.py", "__init__"),
    ("copying mobjects (Mobject.copy)", "manim/mobject/mobject.py", "copy"),
    ("writing frames to video", "manim/scene/scene_file_writer.py", "write_frame"),
    ("closing and joining clips", "manim/scene/scene_file_writer.py", "end_animation"),
    ("closing and joining clips", "manim/scene/scene_file_writer.py", "combine_to_movie"),
    ("importing modules", "<frozen importlib._bootstrap>", "_find_and_load"),
)


def area_of(filename: str, function: str) -> str:
    key = f"{filename}:{function}"
    for area, needles in AREAS:
        if any(n in key for n in needles):
            return area
    return OTHER


def _split_builtin(filename: str, area: str, own: float, callers: dict):
    """A builtin's own time (dict.get, isinstance ...) goes to the areas of its callers,
    in proportion to the time each spent in it; other functions keep their area."""
    if filename != "~" or area != OTHER or not callers:
        return [(area, own)]
    edges = [(area_of(f, n), edge[2]) for (f, _l, n), edge in callers.items()]
    spent = sum(t for _, t in edges)
    if spent <= 0:
        return [(area, own)]
    return [(a, own * t / spent) for a, t in edges]


def profile(chapter: str, scene: str, quality: str, out: Path, cold: bool) -> tuple[float, str]:
    """Render the scene under cProfile into a media folder of its own (two profiles at once
    must not share one); the wall seconds and whether its LaTeX cache was cold or warm."""
    chapters = {c.name: c for c in discover(ROOT / "scenes")}
    if chapter not in chapters:
        raise SystemExit(f"no chapter scenes/{chapter}.py; the chapters are: "
                         + ", ".join(chapters))
    names = [info.name for info in chapters[chapter].scenes]
    if scene not in names:
        raise SystemExit(f"no scene {scene} in scenes/{chapter}.py; its scenes are: "
                         + ", ".join(names))
    media = out.with_suffix("")  # bench/out/profiles/<chapter.Scene-q>/
    caches = [media / "Tex", media / "texts"]  # manim's LaTeX and Pango SVG files
    if cold:
        for cache in caches:
            shutil.rmtree(cache, ignore_errors=True)
    latex = "warm" if any(c.is_dir() and any(c.iterdir()) for c in caches) else "cold"
    shutil.rmtree(media / "videos", ignore_errors=True)
    cmd = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "manim",
           *manim_args(ROOT, media, quality, chapters[chapter].path, scene)]
    print(f"rendering {chapter}.{scene} at -q{quality} under cProfile ...", flush=True)
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.monotonic() - start
    if proc.returncode != 0 or not out.exists() or rendered_clip(media, scene) is None:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-8:])
        raise SystemExit(f"manim failed on {chapter}.{scene}:\n{tail}")
    return wall, latex


def summarise(prof: Path, top: int) -> dict:
    """Own time per area and the costliest functions (own and cumulative), from a profile."""
    stats = pstats.Stats(str(prof))
    total = stats.total_tt
    areas: dict[str, float] = {}
    rows = []
    stages: dict[str, float] = {name: 0.0 for name, _, _ in STAGES}
    for (filename, line, function), (_cc, calls, own, cum, callers) in stats.stats.items():
        area = area_of(filename, function)
        for part, share in _split_builtin(filename, area, own, callers):
            areas[part] = areas.get(part, 0.0) + share
        for name, ending, wanted in STAGES:
            if function == wanted and filename.endswith(ending):
                stages[name] += cum
        short = filename.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
        where = f"{short}:{line}({function})" if line else function
        rows.append({"function": where, "calls": calls, "own": own, "cum": cum, "area": area})
    by_own = sorted(rows, key=lambda r: -r["own"])[:top]
    # the chain of calls from `python -m` down to the scene's construct is ~all of the time
    by_cum = sorted((r for r in rows if r["cum"] < 0.95 * total), key=lambda r: -r["cum"])[:top]
    return {"total": total, "areas": dict(sorted(areas.items(), key=lambda kv: -kv[1])),
            "stages": stages, "by_own": by_own, "by_cum": by_cum}


def print_summary(name: str, wall: float, s: dict) -> None:
    total = s["total"]
    print(f"\n{name}: {wall:.1f} s wall under the profiler, {total:.1f} s profiled\n")
    print(f"  {'area':42s} {'seconds':>8s} {'share':>6s}")
    for area, sec in s["areas"].items():
        print(f"  {area:42s} {sec:8.2f} {sec / total:6.1%}")
    print(f"\n  {'stage (cumulative, can overlap)':42s} {'seconds':>8s} {'share':>6s}")
    for stage, sec in s["stages"].items():
        print(f"  {stage:42s} {sec:8.2f} {sec / total:6.1%}")
    for title, key in (("own time (in the function itself)", "own"),
                       ("cumulative time (with what it calls)", "cum")):
        print(f"\n  costliest by {title}:")
        for r in s[f"by_{key}"]:
            print(f"  {r[key]:8.2f} s {r['calls']:>9d} calls  {r['function'][:96]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter", help="chapter file name without .py (cnn), or chapter.Scene")
    parser.add_argument("scene", nargs="?", help="scene class name (LearningTheFilter)")
    parser.add_argument("--quality", "-q", default="l", choices=["l", "m", "h"])
    parser.add_argument("--top", type=int, default=15, help="how many functions to list")
    parser.add_argument("--cold", action="store_true",
                        help="empty this scene's LaTeX and text caches first (a first render)")
    args = parser.parse_args(argv)
    chapter, scene = args.chapter, args.scene
    if scene is None:
        if "." not in chapter:
            parser.error("name a scene: CHAPTER SCENE or CHAPTER.SCENE (cnn LearningTheFilter)")
        chapter, scene = chapter.split(".", 1)
    name = f"{chapter}.{scene}"
    out_dir = HERE / "out" / "profiles"
    out_dir.mkdir(parents=True, exist_ok=True)
    prof = out_dir / f"{name}-{args.quality}.prof"
    wall, latex = profile(chapter, scene, args.quality, prof, args.cold)
    summary = summarise(prof, args.top)
    print_summary(f"{name} (LaTeX cache {latex})", wall, summary)
    figures = dict(report.machine(), scene=name, quality=args.quality, wall=wall, latex=latex,
                   **summary)
    path = report.save(f"profile-{name}-{args.quality}", figures)
    print(f"\nsaved {path.relative_to(ROOT)}, bench/RESULTS.md and {prof.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
