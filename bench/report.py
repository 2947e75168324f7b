"""bench/RESULTS.md, written from the JSON figures the benches save in bench/results/.

Each bench saves its own file (``nnmath.json``, ``scenes-l.json``, ``scenes-h.json``);
files named ``before-*.json`` hold the figures of an earlier commit, shown beside the
current ones. Rewriting RESULTS.md from every file keeps one bench from erasing another's
section.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS_DIR = HERE / "results"
RESULTS_MD = HERE / "RESULTS.md"

#: targets on a 2-core machine
LECTURE_TARGET = 1.0   # whole lecture at low quality: render seconds per video second
SCENE_TARGET = 3.0     # any one scene at low quality
PRESET_TARGET_MS = 50  # every preset's trace

QUALITY_NAMES = {"l": "low (480p15)", "m": "medium (720p30)", "h": "high (1080p60)"}


def machine() -> dict:
    """What the figures were measured on: cores, date and the commit measured."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, text=True,
                                capture_output=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "?"
    return {"cores": os.cpu_count(), "date": date.today().isoformat(), "commit": commit}


def save(name: str, figures: dict) -> Path:
    """Write ``figures`` to bench/results/<name>.json and rewrite RESULTS.md."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    RESULTS_MD.write_text(render(), encoding="utf-8")
    return path


def load(name: str) -> dict | None:
    path = RESULTS_DIR / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _ratio(seconds: float, duration: float) -> float:
    return seconds / duration if duration else float("inf")


def lecture_totals(run: dict) -> dict:
    """Whole-lecture figures of a scenes run: video seconds, the build's wall time, the sum
    of the scenes' own render times, and the ratios."""
    scenes = run["scenes"].values()
    duration = sum(s["duration"] for s in scenes)
    busy = sum(s["seconds"] for s in scenes)
    return {"duration": duration, "wall": run["wall"], "busy": busy,
            "ratio": _ratio(run["wall"], duration), "busy_ratio": _ratio(busy, duration)}


def _scene_section(quality: str) -> list[str]:
    run = load(f"scenes-{quality}")
    if run is None:
        return []
    before = load(f"before-scenes-{quality}")
    lines = [f"## Scenes at {QUALITY_NAMES.get(quality, quality)} quality", "",
             f"Measured {run['date']} at commit {run.get('commit', '?')} on {run['cores']} cores, "
             f"{run['jobs']} scenes rendered at "
             f"once (as `make lecture` does). Seconds are wall-clock seconds from starting manim to the "
             "clip and its still being filed; the ratio is render seconds per second of video. "
             "A cold LaTeX cache is a first render; a warm one, a re-render after a change "
             "(the per-scene table is the cold run, slowest first).", ""]
    lines += ["| whole lecture | LaTeX cache | video | render (wall) | ratio | sum of scene times "
              "| ratio | slowest scene |", "|---|---|---:|---:|---:|---:|---:|---|"]
    warm = load(f"scenes-warm-{quality}")
    runs = [(f"before ({(before or {}).get('commit', '?')})", before), ("now", run),
            ("now, re-rendered", warm)]
    for name, r in runs:
        if r is None:
            continue
        t = lecture_totals(r)
        key, s = max(r["scenes"].items(), key=lambda kv: _ratio(kv[1]["seconds"], kv[1]["duration"]))
        lines.append(f"| {name} | {r['latex'].split()[0]} | {t['duration']:.0f} s | {t['wall']:.0f} s "
                     f"| {t['ratio']:.2f} | {t['busy']:.0f} s | {t['busy_ratio']:.2f} | "
                     f"{key} {_ratio(s['seconds'], s['duration']):.2f} |")
    lines.append("")
    head = "| scene | video s | render s | ratio |"
    rule = "|---|---:|---:|---:|"
    if before is not None:
        head += " before: render s | before: ratio |"
        rule += "---:|---:|"
    lines += [head, rule]
    slowest_first = sorted(run["scenes"].items(), key=lambda kv: -_ratio(kv[1]["seconds"], kv[1]["duration"]))
    for key, s in slowest_first:
        ratio = _ratio(s["seconds"], s["duration"])
        flag = " **over target**" if quality == "l" and ratio > SCENE_TARGET else ""
        row = f"| {key} | {s['duration']:.1f} | {s['seconds']:.1f} | {ratio:.2f}{flag} |"
        if before is not None:
            b = before["scenes"].get(key)
            row += (f" {b['seconds']:.1f} | {_ratio(b['seconds'], b['duration']):.2f} |" if b
                    else " - | - |")
        lines.append(row)
    return lines + [""]


def _nnmath_section() -> list[str]:
    run = load("nnmath")
    if run is None:
        return []
    before = load("before-nnmath")
    lines = ["## nnmath: every preset's trace", "",
             f"Measured {run['date']} at commit {run.get('commit', '?')} on {run['cores']} cores "
             f"(before: {(before or {}).get('commit', '-')}); median of repeated builds. "
             "\"loops\" is the same computation written with plain per-step Python loops over "
             "data points, nodes and pixels (bench/loops.py, checked to give the same final "
             "parameters and loss); the ratio is loops / nnmath.", ""]
    head = "| preset | steps | nnmath ms | loops ms | loops / nnmath |"
    rule = "|---|---:|---:|---:|---:|"
    if before is not None:
        head += " before: nnmath ms |"
        rule += "---:|"
    lines += [head, rule]
    for name, r in run["presets"].items():
        flag = " **over target**" if r["nnmath_ms"] > PRESET_TARGET_MS else ""
        row = (f"| {name} | {r['steps']} | {r['nnmath_ms']:.2f}{flag} | {r['loops_ms']:.2f} | "
               f"{r['loops_ms'] / r['nnmath_ms']:.1f} |")
        if before is not None:
            b = before["presets"].get(name)
            row += f" {b['nnmath_ms']:.2f} |" if b else " - |"
        lines.append(row)
    scale = run.get("scaling")
    if scale:
        lines += ["", "With so few data points (3 dosages, 2 images) numpy's cost per call outweighs "
                  "the arithmetic, and the plain loops are faster. The same 100 steps of the "
                  "details-all network on more data points:", "",
                  "| data points | nnmath ms | loops ms | loops / nnmath |", "|---:|---:|---:|---:|"]
        lines += [f"| {n} | {r['nnmath_ms']:.2f} | {r['loops_ms']:.2f} | "
                  f"{r['loops_ms'] / r['nnmath_ms']:.1f} |" for n, r in scale.items()]
    extra = run.get("curves")
    if extra:
        lines += ["", f"Network curves of every recorded step of details-all ({extra['steps']} steps "
                  f"x {extra['points']} points): {extra['vector_ms']:.1f} ms in one vectorised call, "
                  f"{extra['loop_ms']:.1f} ms with one call per step."]
    return lines + [""]


def _profile_section() -> list[str]:
    runs = [load(p.stem) for p in sorted(RESULTS_DIR.glob("profile-*.json"))]
    if not runs:
        return []
    lines = ["## Where the time goes (cProfile)", "",
             "Written by `make profile SCENE=chapter.Scene` (bench/profile_scene.py): the scene "
             "rendered in its own manim process under cProfile. Areas split the profiled time by "
             "the code that spent it (each function's own time, adding up to the total); stages "
             "are the cumulative time of a few manim functions and can overlap. cProfile slows "
             "Python code more than C code, so the shares point where to look; the render times "
             "above are the wall-clock figures.", ""]
    for run in runs:
        total = run["total"]
        lines += [f"### {run['scene']} at {QUALITY_NAMES.get(run['quality'], run['quality'])} "
                  "quality", "",
                  f"Profiled {run['date']} at commit {run.get('commit', '?')} on {run['cores']} "
                  f"cores, LaTeX cache {run.get('latex', '?')}: {total:.1f} s profiled "
                  f"({run['wall']:.1f} s wall under the profiler).",
                  "", "| area (own time) | s | share | stage (cumulative) | s | share |",
                  "|---|---:|---:|---|---:|---:|"]
        areas = [(k, v) for k, v in run["areas"].items() if v >= 0.005 * total]
        stages = [(k, v) for k, v in run["stages"].items() if v >= 0.005 * total]
        for i in range(max(len(areas), len(stages))):
            cells = []
            for pairs in (areas, stages):
                k, v = pairs[i] if i < len(pairs) else ("", None)
                cells += [k, f"{v:.2f}", f"{v / total:.0%}"] if v is not None else ["", "", ""]
            lines.append("| " + " | ".join(cells) + " |")
        lines += ["", "Costliest functions by own time: " + "; ".join(
            f"`{r['function'].split('/')[-1]}` {r['own']:.2f} s" for r in run["by_own"][:5]) + ".",
            ""]
    return lines


def _cluster_section() -> list[str]:
    run = load("cluster-build")
    if run is None:
        return []
    opts = run["options"]
    size = f"{opts.get('resolution') or 'its own size'} at {opts.get('fps') or 'its own'} fps"
    lines = ["## The lecture build on a local cluster and on two workers", "",
             f"Measured {run['date']} at commit {run.get('commit', '?')} on {run['cores']} cores by "
             f"`bench/bench_cluster_build.py`: {', '.join(opts['only'])} at quality "
             f"{opts['quality']}, {size}, voice {opts['voice']}, forced, cold LaTeX cache. Local: "
             "the build's own cluster (threads in the build, a manim process per scene, 2 at "
             "once). Two workers: a `dask scheduler` and two `dask worker --nthreads 1` "
             "processes on 127.0.0.1, started by the bench (their start-up counted in the wall "
             "time). CPU is user + system seconds: the build's own process, the manim renders, "
             "and the Dask processes (scheduler, nannies, workers). The machine was shared with "
             "other work: see the load averages.", "",
             "| where | wall s | CPU s | CPU parts s | load before -> after | scene render s |",
             "|---|---:|---:|---|---|---|"]
    for r in run["runs"]:
        scenes = "; ".join(f"{k} {v['seconds']:.1f}" for k, v in r["scenes"].items())
        wall = f"{r['wall']:.1f}" + (f" (cluster start {r['cluster_start']:.1f})"
                                      if "cluster_start" in r else "")
        parts = ", ".join(f"{k} {v:.1f}" for k, v in r.get("cpu_parts", {}).items())
        lines.append(f"| {r['where']} | {wall} | {r['cpu']:.1f} | {parts} | "
                     f"{r['load_before']:.2f} -> {r['load_after']:.2f} | {scenes} |")
    return lines + [""]


def _students_section() -> list[str]:
    runs = [r for r in (load("load-students-local"), load("load-students-loopback")) if r]
    if not runs:
        return []
    first = runs[0]
    quality = QUALITY_NAMES.get(first["quality"], first["quality"])
    if first.get("size"):
        quality += " resized to " + "x".join(map(str, first["size"]))
    lines = ["## The page under a class: thirty students within a minute", "",
             f"`bench/load_students.py`: {first['students']} students press **Fit and render** "
             f"at seeded random moments within {first['spread_s']:g} s, each with distinct data "
             f"(the dosage data, the middle output raised by k/100), quality {quality}, "
             "through the page's job layer (`app.jobs.JobQueue`, empty cache). Wait: "
             "from pressing the button to the video in the page's cache; queued: the part of it "
             "before a worker took the job; fit on show: seconds from a worker taking the job to "
             "the page having the fitted curve, loss curve and final numbers (before the video). "
             "Every completed student's trace.json was checked to hold that student's data. "
             "CPU is user + system seconds of every process the bench "
             "started (cluster and renders). Local: the page's own local cluster (one worker "
             "process per core). Loopback: a `dask scheduler` and `dask worker --nworkers 2 "
             "--nthreads 1` started by the bench on 127.0.0.1. The machine was shared with other "
             "work: see the load averages (1-minute).", "",
             "| where | ended, commit | completed | wait p50 s | wait p95 s | queued p95 s | fit on show "
             "p50 s | total s | CPU s | load before -> after |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for run in runs:
        where = "loopback, 2 workers" if "127.0.0.1" in run["cluster"] else \
            f"local, {run['workers']} workers"
        wrong = f", {len(run['wrong_data'])} with others' data" if run["wrong_data"] else ""
        shown = run.get("fit_shown_after_start_p50_s")
        shown = "-" if shown is None else f"{shown:.1f}"
        lines.append(
            f"| {where} | {run['when']} at {run.get('commit', '?')} | {run['completed']} of "
            f"{run['students']}{wrong} | {run['wait_p50_s']:.1f} | {run['wait_p95_s']:.1f} | "
            f"{run['queued_p95_s']:.1f} | {shown} | {run['total_s']:.1f} | {run['children_cpu_s']:.1f} | "
            f"{run['load_before'][0]:.2f} -> {run['load_after'][0]:.2f} |")
    lines.append("")
    for run in runs:
        per = run["children_cpu_s"] / max(run["completed"], 1)
        lines.append(f"- {run['cluster']}: {per:.1f} CPU s per student; with {run['workers']} "
                     f"workers on an idle machine of {run['cores']} cores the last of "
                     f"{run['students']} would wait about {per * run['students'] / run['workers']:.0f} s "
                     "(CPU over workers), against the measured "
                     f"{run['wait_max_s']:.0f} s at the load given in the table."
                     + (f" Note: {run['workers_note']}." if run.get("workers_note") else ""))
    return lines + [""]


def render() -> str:
    """The whole RESULTS.md."""
    lines = ["# Benchmark results", "",
             "Written by `make bench` (bench/bench_nnmath.py) and `make bench-scenes` "
             "(bench/bench_scenes.py); figures from bench/results/*.json. Targets on a 2-core "
             f"machine: the whole lecture at low quality below {LECTURE_TARGET:.1f} s of rendering "
             f"per second of video, no scene above {SCENE_TARGET:.1f}, every preset's trace under "
             f"{PRESET_TARGET_MS} ms.", ""]
    lines += _nnmath_section()
    for quality in ("l", "m", "h"):
        lines += _scene_section(quality)
    lines += _profile_section()
    lines += _cluster_section()
    lines += _students_section()
    from bench.speed_report import speed_section  # it reads figures through this module

    lines += speed_section()
    return "\n".join(lines).rstrip() + "\n"
