"""The RESULTS.md section on render speed per second of video, before and after held frames
were written once: bench/hq_speed.py's sample at 1080p60 (hq-before.json, hq-after.json),
bench/fit_speed.py's fit video (fit-l-before.json, fit-l-after.json) and
bench/compare_frames.py's comparisons (frames-*.json)."""

from __future__ import annotations

from bench import report


def _per_second(run: dict, key: str) -> float:
    return run[key] / run["duration"]


def _hq_lines(before: dict, after: dict) -> list[str]:
    keys = [k for k in before["scenes"] if k in after["scenes"]]
    if not keys:
        return []
    lines = ["| scene | video s | frames stored before | after | CPU s/s before | after "
             "| wall s/s before | after | load during (before; after) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    sums = {"video": 0.0, "bf": 0, "af": 0, "bc": 0.0, "ac": 0.0, "bw": 0.0, "aw": 0.0}
    for k in keys:
        b, a = before["scenes"][k], after["scenes"][k]
        lines.append(f"| {k} | {a['duration']:.1f} | {b['frames']} | {a['frames']} "
                     f"| {_per_second(b, 'cpu'):.2f} | {_per_second(a, 'cpu'):.2f} "
                     f"| {_per_second(b, 'wall'):.2f} | {_per_second(a, 'wall'):.2f} "
                     f"| {b['load'][0]:.0f}-{b['load'][1]:.0f}; {a['load'][0]:.0f}-{a['load'][1]:.0f} |")
        for name, value in (("video", a["duration"]), ("bf", b["frames"]), ("af", a["frames"]),
                            ("bc", b["cpu"]), ("ac", a["cpu"]), ("bw", b["wall"]),
                            ("aw", a["wall"])):
            sums[name] += value
    v = sums["video"]
    lines.append(f"| **all** | {v:.1f} | {sums['bf']} | {sums['af']} | {sums['bc'] / v:.2f} "
                 f"| {sums['ac'] / v:.2f} | {sums['bw'] / v:.2f} | {sums['aw'] / v:.2f} | |")
    lines += ["", f"CPU time per second of video after / before: "
              f"{sums['ac'] / sums['bc']:.2f}; wall time: {sums['aw'] / sums['bw']:.2f}.", ""]
    return lines


def _whole_lines(before: dict, after: dict) -> list[str]:
    """The whole lecture, every scene rendered whole: the after side over every scene, and
    both sides over the scenes the before side reached; then the costliest scenes."""
    every = list(after["scenes"])
    keys = [k for k in every if k in before["scenes"]]

    def row(name, runs):
        video = sum(r["duration"] for r in runs)
        loads = [x for r in runs for x in r["load"]]
        return (f"| {name} | {len(runs)} | {video:.1f} | {sum(r['frames'] for r in runs)} "
                f"| {sum(r['cpu'] for r in runs):.0f} | {sum(r['cpu'] for r in runs) / video:.2f} "
                f"| {sum(r['wall'] for r in runs):.0f} | {sum(r['wall'] for r in runs) / video:.2f} "
                f"| {min(loads):.1f}-{max(loads):.1f} |")

    lines = ["### The whole narrated lecture at 1080p60, one scene at a time", "",
             f"Measured {after['date']}: before at commit {before.get('commit', '?')}, after at "
             f"{after.get('commit', '?')}; every animation of every scene of the lecture's "
             "catalogue, LECTURE_VOICE=none (the clips keep the narration's length), LaTeX "
             "cache warm. The before side (about three times the CPU) was stopped after the "
             "scenes it reached; both sides are compared on those.", "",
             "| | scenes | video s | frames stored | CPU s | CPU s/s | wall s | wall s/s | load during |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|",
             row("after, every scene", [after["scenes"][k] for k in every])]
    if keys:
        lines += [row("before, the scenes it reached", [before["scenes"][k] for k in keys]),
                  row("after, the same scenes", [after["scenes"][k] for k in keys])]
    costly = sorted(every, key=lambda k: -after["scenes"][k]["cpu"] / after["scenes"][k]["duration"])[:6]
    lines += ["", "The costliest scenes after (CPU s per s of video):", ""]
    lines += [f"- {k}: {after['scenes'][k]['cpu'] / after['scenes'][k]['duration']:.2f}, "
              f"{after['scenes'][k]['duration']:.1f} s of video" for k in costly]
    return lines + [""]


def _fit_lines() -> list[str]:
    before, after = report.load("fit-l-before"), report.load("fit-l-after")
    if not before or not after:
        return []
    lines = ["The page's default fit (app/form.py DEFAULTS), its video at 480p15, rendered in "
             "the calling process as the page's worker does, LaTeX cache warm "
             "(bench/fit_speed.py; median of the timed renders):", "",
             "| | commit | video s | CPU s/s | wall s/s | load |", "|---|---|---:|---:|---:|---|"]
    for name, run in (("before", before), ("after", after)):
        loads = [r["load"] for r in run["runs"]]
        lines.append(f"| {name} | {run.get('commit', '?')} | {run['runs'][0]['duration']:.1f} "
                     f"| {run['cpu_ratio']:.2f} | {run['wall_ratio']:.2f} "
                     f"| {min(loads):.0f}-{max(loads):.0f} |")
    return lines + [""]


def _frames_lines() -> list[str]:
    runs = [report.load(p.stem) for p in sorted(report.RESULTS_DIR.glob("frames-*.json"))]
    if not runs:
        return []
    lines = ["Frames compared (bench/compare_frames.py: the picture each clip shows at every "
             "sampled moment, holds and animations alike; PSNR over RGB, identical frames "
             "counted as 99 dB):", "",
             "| clips compared | samples | PSNR min dB | median dB | largest channel difference "
             "| pixels off by more than 8 levels (worst frame) |",
             "|---|---:|---:|---:|---:|---:|"]
    for run in runs:
        lines.append(f"| {run['what']} | {run['samples']} | {run['psnr_min']:.1f} "
                     f"| {run['psnr_median']:.1f} | {run['max_abs_diff']} "
                     f"| {run['share_over_8_max']:.2%} |")
    return lines + [""]


def speed_section() -> list[str]:
    """The section's lines (none before both sides of a sample are measured)."""
    before, after = report.load("hq-before"), report.load("hq-after")
    fit = _fit_lines()
    if not (before and after) and not fit:
        return []
    lines = ["## Render speed per second of video: held frames written once", "",
             "A narrated beat holds its picture while its sentence is read; manim encoded "
             "every one of those 60 frames a second again. scenes/common/encoding.py encodes "
             "a run of equal frames as x264's lookahead of copies (41 at manim's preset), the "
             "last shown for the rest of the run (x264 without B-frames). CPU time is user+sys "
             "of the render and its "
             "children (getrusage), which holds on a shared machine; wall time does not: the "
             "load average (2 cores) is given beside each figure.", ""]
    if before and after:
        window = after.get("window") or "all"
        lines += ["### 1080p60, one scene at a time (bench/hq_speed.py)", "",
                  f"Measured {after['date']}: before at commit {before.get('commit', '?')}, "
                  f"after at {after.get('commit', '?')}; LECTURE_VOICE=none, LaTeX cache warm, "
                  f"animations {window} of each scene (manim -n).", ""]
        lines += _hq_lines(before, after)
    whole_before, whole_after = report.load("hq-whole-before"), report.load("hq-whole-after")
    if whole_before and whole_after:
        lines += _whole_lines(whole_before, whole_after)
    lines += fit
    lines += _frames_lines()
    return lines
