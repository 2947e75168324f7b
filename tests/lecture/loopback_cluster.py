"""A Dask cluster on 127.0.0.1 for the tests: a ``dask scheduler`` and ``dask worker``
processes started from this virtual environment as a teacher would start them, each worker
with a temporary folder of its own (TMPDIR), torn down on leaving.

The scheduler allows one worker death per task (``allowed-failures`` 1): a render whose
worker is killed is given to another worker once, then reported failed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[2]
DASK = str(Path(sys.executable).with_name("dask"))


@dataclass
class LoopbackCluster:
    address: str
    scheduler: subprocess.Popen
    folder: Path  # logs; each worker's own folder (its TMPDIR) is worker<n> in it
    workers: list[subprocess.Popen] = field(default_factory=list)

    def wait_for_workers(self, n: int, timeout: float = 60) -> None:
        from distributed import Client

        with Client(self.address, timeout=timeout) as client:
            client.wait_for_workers(n, timeout=timeout)
            deadline = time.monotonic() + timeout  # and no more than n (a dead one gone)
            while len(client.nthreads()) > n and time.monotonic() < deadline:
                time.sleep(0.2)

    def worker_pids(self) -> dict[str, int]:
        """{worker address: pid of its worker process} (the nannies' children)."""
        from distributed import Client

        with Client(self.address, timeout=30) as client:
            return client.run(os.getpid)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def loopback_cluster(folder: Path, workers: int = 2) -> Iterator[LoopbackCluster]:
    """Start a scheduler and ``workers`` single-thread workers; logs in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="1",
               PYTHONPATH=str(ROOT))  # the workers unpickle the tests' own renderers
    started: list[subprocess.Popen] = []
    try:
        where = folder / "scheduler.json"
        with open(folder / "scheduler.log", "w") as log:
            started.append(subprocess.Popen(
                [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                 "--scheduler-file", str(where)], cwd=folder, env=env, stdout=log,
                stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 60
        while not where.exists() and time.monotonic() < deadline:
            assert started[0].poll() is None, (folder / "scheduler.log").read_text()
            time.sleep(0.1)
        address = json.loads(where.read_text())["address"]
        cluster = LoopbackCluster(address, started[0], folder)
        for n in range(workers):
            own = folder / f"worker{n}"
            own.mkdir(exist_ok=True)
            with open(folder / f"worker{n}.log", "w") as log:
                cluster.workers.append(subprocess.Popen(
                    [DASK, "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                     "--no-dashboard", "--name", f"w{n}", "--local-directory", str(own)],
                    cwd=own, env=dict(env, TMPDIR=str(own)), stdout=log,
                    stderr=subprocess.STDOUT))
            started.append(cluster.workers[-1])
        cluster.wait_for_workers(workers)
        yield cluster
    finally:
        for proc in reversed(started):
            _stop(proc)


def die(task) -> None:
    """A render that kills the worker process running it (as the out-of-memory killer would)."""
    os.kill(os.getpid(), signal.SIGKILL)


def sleep(task) -> None:
    """A render that takes a minute."""
    time.sleep(60)


@dataclass(frozen=True)
class TaskRenderer:
    """A renderer whose worker part is ``remote`` (a function of this module, which the
    workers import); it sends the job's key and files nothing."""

    remote: object

    def task(self, job, stop):
        return job.key

    def receive(self, job, value):
        raise AssertionError(f"{job.key} should not have come back: {value!r}")
