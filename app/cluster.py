"""Where long jobs run: a Dask distributed cluster, local by default or an existing one.

    cluster = connect()                         # a local cluster, one worker process per core
    cluster = connect("tcp://10.0.0.5:8786")    # an existing scheduler and its workers
    future = cluster.submit_queued("job-key", func, *args)
    cluster.close()                             # closes the local cluster it started

Worker *processes* (one thread each), not threads: a Manim render holds the GIL. A local
cluster's scheduler lets a task be caught in at most one worker's death (``allowed-failures``
1: it is run once more on another worker, then reported as failed). Jobs go in through
:meth:`Cluster.submit_queued`, which marks each task as one the scheduler queues itself:
with ``worker-saturation`` 1.0 a worker holds only the task it runs, the rest wait on the
scheduler in the order submitted. (A task sent with ``client.submit`` alone is handed to a
worker at once, behind that worker's running task: a job that kills its worker then takes
the waiting one down with it, and the order depends on which worker it landed on.)
A scheduler started by hand takes the same settings from the environment::

    DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=1 \\
    DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION=1.0 dask scheduler --port 8786
    dask worker tcp://HOST:8786 --nworkers 2 --nthreads 1   # on each machine, project installed

Every failure to reach a scheduler is one sentence (:class:`ClusterError`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from nnmath.errors import NNMathError
from scenes.lecture.cluster import address_problem

__all__ = [
    "SCHEDULER_CONFIG",
    "Cluster",
    "ClusterError",
    "check_address",
    "connect",
    "local_workers",
    "scheduler_gone",
]

#: scheduler settings a local cluster is started with (see the module docstring)
SCHEDULER_CONFIG = {"distributed.scheduler.allowed-failures": 1,
                    "distributed.scheduler.worker-saturation": 1.0}

class ClusterError(NNMathError):
    """The cluster cannot be reached or has gone away (one sentence)."""


def check_address(text: str) -> str:
    """``tcp://HOST:PORT`` (or ``tls://``), else a one-line ClusterError."""
    problem = address_problem(text)
    if problem:
        raise ClusterError(problem)
    return str(text).strip()


def local_workers() -> int:
    """The cores this process may use: one worker process each."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def scheduler_gone(address: str) -> str:
    """The one sentence for a scheduler that no longer answers."""
    return (f"The Dask scheduler at {address} has gone away, so no fit can run; "
            "start it again (or restart the page) and press the button once more.")


@dataclass
class Cluster:
    """A connected Dask client, and the local cluster behind it if this process started one."""

    client: Any  # distributed.Client
    local: Any = None  # distributed.LocalCluster, when started here

    @property
    def address(self) -> str:
        return self.client.scheduler.address

    @property
    def connected(self) -> bool:
        """False once the scheduler has gone away (the client is reconnecting or closed)."""
        return self.client.status == "running"

    def submit_queued(self, key: str, func, *args, **kwargs):
        """A future of ``func(*args, **kwargs)`` run as task ``key``, waiting in the
        scheduler's queue (first come, first served) until a worker thread is free."""
        from dask._task_spec import Task

        # Dask queues on the scheduler only "root-ish" tasks; a data producer is one by name
        task = Task(key, func, *args, _data_producer=True, **kwargs)
        return self.client.get({key: task}, key, sync=False)

    def workers(self) -> int:
        """Worker processes connected to the scheduler now."""
        return len(self.client.scheduler_info().get("workers", {}))

    def close(self) -> None:
        """Close the client, and the local cluster if this process started it."""
        self.client.close()
        if self.local is not None:
            self.local.close()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def connect(scheduler: str | None = None, *, workers: int | None = None,
            dashboard: bool = False, timeout: float = 10.0) -> Cluster:
    """A client of the scheduler at ``scheduler`` (``tcp://HOST:PORT``), or of a new local
    cluster of ``workers`` processes (default: one per core) on 127.0.0.1. ``dashboard``
    starts Dask's dashboard on a free port (a local cluster only)."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        address = check_address(scheduler)
        try:
            return Cluster(Client(address, timeout=timeout, set_as_default=False))
        except (OSError, TimeoutError) as err:
            raise ClusterError(f"cannot reach the Dask scheduler at {address} "
                               f"({type(err).__name__}); start one with 'dask scheduler' and "
                               "its workers with 'dask worker', or leave out --scheduler") from None
    with dask.config.set(SCHEDULER_CONFIG):
        local = LocalCluster(n_workers=workers or local_workers(), threads_per_worker=1,
                             processes=True, host="127.0.0.1", dashboard_address=":0",
                             scheduler_kwargs={"dashboard": dashboard})
    try:
        return Cluster(Client(local, set_as_default=False), local)
    except BaseException:
        local.close()
        raise
