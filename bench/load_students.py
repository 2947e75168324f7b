"""A class at once: N students submit distinct fits within a minute to the page's job layer
on a Dask cluster; how many complete, how long each waited, and whether each got its own.

    python bench/load_students.py                        # 30 students, a local cluster
    python bench/load_students.py --cluster loopback     # a scheduler and two worker
                                                         # processes started here on 127.0.0.1
    python bench/load_students.py --cluster tcp://HOST:8786 --students 60

Student k types the lecture's dosage data with its middle output raised by k/100 (seed 13,
learning rate 0.1, 480p unless --quality/--size say otherwise) and presses the button at a
seeded random moment within --spread seconds. Each goes through ``app.jobs.JobQueue``, as
the page does (the page's limits: --max-waiting, --time-limit), with an empty cache. The
wait of a student is from pressing the button to the video being in the page's cache;
"queued" is the part of it before a worker took the job. Every finished student's
trace.json must hold that student's inputs and outputs. CPU seconds are user + sys of
every process the benchmark started (the cluster's processes and the renders), read when
they have ended. Prints the figures; a local or loopback run also saves them in
bench/results/load-students-<cluster>.json, from which bench/RESULTS.md is rewritten.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.cluster import ClusterError, connect, local_workers
from app.form import DEFAULTS, check_form
from app.jobs import JobQueue
from bench import report

DASK = str(Path(sys.executable).parent / "dask")


def student_rows(k: int) -> list[list[str]]:
    """Student k's data: the dosage data, the middle output raised by k/100."""
    outputs = [0.0, round(1.0 + k / 100, 2), 0.0]
    return [[f"{x:g}", f"{y:g}"] for x, y in zip(DEFAULTS["inputs"], outputs)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = q / 100 * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_loopback(workers: int, logs: Path) -> tuple[str, list[subprocess.Popen]]:
    """``dask scheduler`` and ``dask worker --nworkers N --nthreads 1`` on 127.0.0.1."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1",
           "DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION": "1.0"}
    started = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                 "--no-dashboard"], env=env, stdout=subprocess.DEVNULL,
                                stderr=open(logs / "scheduler.log", "w"))]
    started.append(subprocess.Popen([DASK, "worker", address, "--nworkers", str(workers),
                                     "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"],
                                    env=env, stdout=subprocess.DEVNULL,
                                    stderr=open(logs / "workers.log", "w")))
    return address, started


def connect_when_up(address: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return connect(address, timeout=5)
        except ClusterError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def run(args) -> dict:
    work = Path(tempfile.mkdtemp(prefix="load-students-"))
    started: list[subprocess.Popen] = []
    load_before = os.getloadavg()
    t0 = time.monotonic()
    if args.cluster == "local":
        cluster = connect(workers=args.workers)
        where = f"local cluster, {args.workers or 'one per core'} worker processes"
    elif args.cluster == "loopback":
        address, started = start_loopback(args.workers or 2, work)
        cluster = connect_when_up(address)
        where = f"dask scheduler + dask worker --nworkers {args.workers or 2} on 127.0.0.1"
    else:
        cluster = connect(args.cluster)
        where = f"existing cluster at {args.cluster}"
    expected = args.workers or {"local": local_workers(), "loopback": 2}.get(args.cluster, 1)
    cluster.client.wait_for_workers(expected, timeout=120)
    n_workers = cluster.workers()
    startup = time.monotonic() - t0
    jobs = JobQueue(work / "cache", cluster=cluster, time_limit=args.time_limit,
                    max_waiting=args.max_waiting, size=args.size)
    rng = random.Random(args.seed)
    moments = sorted(rng.uniform(0, args.spread) for _ in range(args.students))
    submitted, refused = [], []
    t_start = time.monotonic()
    for k, moment in enumerate(moments):
        time.sleep(max(0.0, t_start + moment - time.monotonic()))
        request = check_form(student_rows(k), DEFAULTS["max_iterations"], DEFAULTS["activation"],
                             DEFAULTS["hidden"], DEFAULTS["learning_rate"], DEFAULTS["seed"],
                             args.quality)
        pressed = time.monotonic()
        try:
            job = jobs.submit(request)
        except Exception as err:  # noqa: BLE001 - a refusal is a figure, not a crash
            refused.append((k, str(err)))
            continue
        submitted.append((k, request, job, pressed))
    running: dict[int, float] = {}  # student -> seconds until a worker took the job
    pictured: dict[int, float] = {}  # student -> seconds until the fitted curve was on show
    while not all(job.snapshot().finished for _, _, job, _ in submitted):
        for k, _, job, pressed in submitted:
            snap = job.snapshot()
            if k not in running and snap.state != "queued":
                running[k] = time.monotonic() - pressed
            if k not in pictured and snap.summary is not None:
                pictured[k] = time.monotonic() - pressed
        time.sleep(0.1)
    waits, queued, failures, wrong, used = [], [], [], [], set()
    for k, request, job, _pressed in submitted:
        status = job.snapshot()
        used.add(status.worker)
        if status.state != "done":
            failures.append((k, status.error))
            continue
        waits.append(status.seconds)  # from submit to the files in the cache
        queued.append(running.get(k, status.seconds))
        trace = json.loads(status.files()["json"].read_text())
        if (trace["data"]["inputs"] != list(request.inputs)
                or trace["data"]["outputs"] != list(request.outputs)):
            wrong.append(k)
    total = time.monotonic() - t_start
    jobs.close()
    cluster.close()
    for process in started:
        process.send_signal(signal.SIGINT)
    for process in started:
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(work, ignore_errors=True)
    return {
        "cluster": where, "workers": n_workers, "workers_used": len(used - {""}),
        "students": args.students,
        "spread_s": args.spread, "quality": args.quality, "size": args.size,
        "completed": len(waits), "refused": len(refused), "failed": len(failures),
        "wrong_data": wrong, "failures": failures[:5], "refusals": refused[:5],
        "wait_p50_s": round(percentile(waits, 50), 1), "wait_p95_s": round(percentile(waits, 95), 1),
        "wait_max_s": round(max(waits, default=float("nan")), 1),
        "queued_p50_s": round(percentile(queued, 50), 1),
        "queued_p95_s": round(percentile(queued, 95), 1),
        # how long after the fit's start the page could show the fitted curve and loss curve
        "fit_shown_after_start_p50_s": round(percentile(
            [pictured[k] - running[k] for k in pictured if k in running], 50), 1),
        "total_s": round(total, 1), "cluster_start_s": round(startup, 1),
        "children_cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "cores": os.cpu_count(), "load_before": [round(v, 2) for v in load_before],
        "load_after": [round(v, 2) for v in os.getloadavg()],
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--spread", type=float, default=60.0,
                        help="seconds over which the students press the button (60)")
    parser.add_argument("--cluster", default="local",
                        help="local (default), loopback, or tcp://HOST:PORT of a scheduler")
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (local: one per core; loopback: 2)")
    parser.add_argument("--quality", default="l", choices=["l", "m", "h"])
    parser.add_argument("--size", type=lambda t: tuple(int(v) for v in t.split("x")), default=None,
                        help="override the video size, e.g. 320x180")
    parser.add_argument("--time-limit", type=float, default=600.0)
    parser.add_argument("--max-waiting", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0, help="seed of the arrival moments")
    parser.add_argument("--no-save", action="store_true",
                        help="only print: do not save bench/results/load-students-<cluster>.json "
                             "nor rewrite bench/RESULTS.md")
    args = parser.parse_args(argv)
    figures = run(args)
    print(f"{figures['students']} students within {figures['spread_s']:g} s on {figures['cluster']} "
          f"({figures['workers']} workers, {figures['workers_used']} of them ran jobs; "
          f"{figures['cores']} cores)")
    print(f"completed {figures['completed']}, refused {figures['refused']}, failed "
          f"{figures['failed']}, someone else's data {len(figures['wrong_data'])}")
    print(f"wait p50 {figures['wait_p50_s']} s, p95 {figures['wait_p95_s']} s, max "
          f"{figures['wait_max_s']} s (queued p50 {figures['queued_p50_s']} s, p95 "
          f"{figures['queued_p95_s']} s; fitted curve on show p50 "
          f"{figures['fit_shown_after_start_p50_s']} s after a worker took the job); "
          f"total {figures['total_s']} s; CPU of the cluster and "
          f"renders {figures['children_cpu_s']} s; load {figures['load_before']} -> "
          f"{figures['load_after']}")
    if not args.no_save and args.cluster in ("local", "loopback"):
        report.save(f"load-students-{args.cluster}", dict(report.machine(), **figures))
    ok = figures["completed"] == figures["students"] and not figures["wrong_data"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
