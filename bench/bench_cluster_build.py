"""The same few scenes built twice: on this machine's local Dask cluster (as `make lecture`
does), then on a Dask cluster of a scheduler and two single-thread workers that this bench
starts on 127.0.0.1 (as `lecture build --scheduler tcp://...` uses one).

Both builds are forced and start with a cold LaTeX cache (the workers' temporary folders are
new). Prints, for each: wall seconds until the build is done, CPU seconds (user + system)
split into the build's own process, the manim renders, and for the cluster the Dask
processes themselves (scheduler, nannies, workers, from their start to the build's end),
the load average before and after, and each scene's render seconds. Figures go to
bench/results/cluster-build.json and bench/RESULTS.md. Asserts nothing.

    python bench/bench_cluster_build.py          two short scenes, 320x180 at 5 fps, no voice
    python bench/bench_cluster_build.py --only black_box relu --quality l --resolution "" --fps 0
"""

from __future__ import annotations

import argparse
import io
import os
import resource
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
from tests.lecture.loopback_cluster import loopback_cluster  # noqa: E402

SHORT = ["black_box.TheFittedNetwork", "relu.ReluNetwork"]


def _cpu() -> tuple[float, float]:
    """(CPU seconds of this process, of its children it waited for)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def _split(cluster) -> tuple[float, float]:
    """(CPU seconds of the Dask processes themselves, of the manim renders they waited for)
    of a running loopback cluster: the scheduler, the nannies and their worker processes."""
    import psutil

    dask_cpu = renders = 0.0
    for proc in [cluster.scheduler, *cluster.workers]:
        top = psutil.Process(proc.pid)
        for p in [top, *top.children(recursive=True)]:
            t = p.cpu_times()
            dask_cpu += t.user + t.system
            renders += t.children_user + t.children_system if p is not top else 0.0
    return dask_cpu, renders


def one_build(name: str, options: dict, scheduler_folder: Path | None) -> dict:
    out_dir = HERE / "out" / f"cluster-{name}"
    shutil.rmtree(out_dir, ignore_errors=True)
    load_before = os.getloadavg()[0]
    (own, kids), start = _cpu(), time.monotonic()
    log = io.StringIO()
    if scheduler_folder is None:
        code = build(ROOT, out_dir, out=log, force=True, **options)
        wall = time.monotonic() - start
        parts = {"build": _cpu()[0] - own, "renders": _cpu()[1] - kids}
    else:
        shutil.rmtree(scheduler_folder, ignore_errors=True)
        with loopback_cluster(scheduler_folder, workers=2) as cluster:
            ready = time.monotonic()
            code = build(ROOT, out_dir, out=log, force=True, scheduler=cluster.address, **options)
            wall = time.monotonic() - start
            dask_cpu, renders = _split(cluster)
        parts = {"build": _cpu()[0] - own, "renders": renders, "dask processes": dask_cpu}
    cpu = sum(parts.values())
    print(log.getvalue(), end="", flush=True)
    manifest = load_manifest(out_dir)
    figures = {"where": name, "code": code, "wall": round(wall, 1), "cpu": round(cpu, 1),
               "cpu_parts": {k: round(v, 1) for k, v in parts.items()},
               "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
               "scenes": {k: {"seconds": v["render_seconds"], "duration": round(v["duration"], 1)}
                          for k, v in manifest.items()}}
    if scheduler_folder is not None:
        figures["cluster_start"] = round(ready - start, 1)
    print(f"{name}: exit {code}, {wall:.1f} s wall, {cpu:.1f} s CPU ("
          + ", ".join(f"{k} {v:.1f}" for k, v in parts.items())
          + f"), load {load_before:.2f} -> {figures['load_after']:.2f}\n", flush=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", default=SHORT)
    parser.add_argument("--quality", default="l")
    parser.add_argument("--resolution", default="320,180", help='"" for the quality\'s own')
    parser.add_argument("--fps", type=float, default=5, help="0 for the quality's own")
    parser.add_argument("--voice", default="none")
    args = parser.parse_args()
    options = {"quality": args.quality, "only": args.only, "resolution": args.resolution or None,
               "fps": args.fps or None, "voice": args.voice, "workers": 2}
    local = one_build("local", options, None)
    remote = one_build("two-workers", options, HERE / "out" / "cluster-processes")
    figures = dict(report.machine(), options={k: v for k, v in options.items() if k != "workers"},
                   runs=[local, remote])
    print(f"figures: {report.save('cluster-build', figures)}")
    return 0 if local["code"] == remote["code"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
