"""Render seconds per second of video of the page's default fit (480p15 unless -q says
otherwise), in CPU time and in wall time.

    python bench/fit_speed.py [-q l] [--repeat 3] [--root CHECKOUT] [--label after]

Fits the page's default request (app/form.py DEFAULTS: the lecture's dosage data) and
renders its video with app.render.render_fit in this process, as the page's worker does:
manim already imported, the LaTeX cache kept between renders (one untimed render warms
it). CPU time is this process's user+sys time (the encoder's threads included) plus its
children's, from getrusage, so it holds on a busy machine where wall time does not.
``--root`` measures another checkout (its app and scenes are imported instead). Prints
the median of ``--repeat`` renders and saves them to bench/results/fit-<quality>-<label>.json
(and bench/RESULTS.md). Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _cpu() -> float:
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def measure(quality: str, repeat: int) -> dict:
    import av

    from app.form import DEFAULTS, FitRequest
    from app.render import render_fit
    from nnmath.fit import fit

    req = FitRequest.from_dict({k: v for k, v in DEFAULTS.items()})
    trace = fit(req.inputs, req.outputs, activation=req.activation, hidden=req.hidden,
                max_iterations=req.max_iterations, learning_rate=req.learning_rate,
                tolerance=req.tolerance, seed=req.seed)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        tex = Path(tmp) / "tex"
        for n in range(repeat + 1):
            folder = Path(tmp) / f"run{n}"
            folder.mkdir()
            cpu, wall = _cpu(), time.monotonic()
            result = render_fit(trace, folder, quality, tex_dir=tex)
            wall, cpu = time.monotonic() - wall, _cpu() - cpu
            with av.open(str(result.video)) as box:
                stream = box.streams.video[0]
                seconds = float(stream.duration * stream.time_base)
            if n:  # the first render warmed the LaTeX cache
                runs.append({"wall": wall, "cpu": cpu, "duration": seconds,
                             "load": round(os.getloadavg()[0], 2)})
            print(f"{'warm-up' if not n else 'render'}: {seconds:.1f} s of video, wall "
                  f"{wall:.1f} s ({wall / seconds:.2f} s/s), CPU {cpu:.1f} s "
                  f"({cpu / seconds:.2f} s/s); load {os.getloadavg()[0]:.1f}", flush=True)
    return {"quality": quality, "steps": trace.n_steps, "runs": runs,
            "wall_ratio": statistics.median(r["wall"] / r["duration"] for r in runs),
            "cpu_ratio": statistics.median(r["cpu"] / r["duration"] for r in runs)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", "-q", default="l", choices=["l", "m", "h"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--root", type=Path, default=HERE.parent, help="checkout to measure")
    parser.add_argument("--label", default="after")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.root.resolve()))
    os.chdir(args.root)
    figures = measure(args.quality, args.repeat)
    print(f"median: wall {figures['wall_ratio']:.2f} s/s, CPU {figures['cpu_ratio']:.2f} s/s")
    sys.path.insert(0, str(HERE.parent))
    from bench import report

    figures.update(report.machine(), root=str(args.root))
    figures["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=args.root,
                                       text=True, capture_output=True, check=False).stdout.strip() or "?"
    path = report.save(f"fit-{args.quality}-{args.label}", figures)
    print(f"saved {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
