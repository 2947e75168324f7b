"""Where the lecture's scenes render: a Dask distributed cluster.

With no scheduler named, :func:`open_client` starts a local cluster inside the build: one
worker with a thread per scene rendered at once (each render is a ``manim`` process, so
threads are enough and the cluster starts in a fraction of a second). With
``tcp://HOST:PORT`` it joins a cluster someone started (``dask scheduler`` and
``dask worker tcp://HOST:PORT`` on any machines); each worker needs the project installed
at the same version and the Debian packages for LaTeX and the voice.

The page has its own :mod:`app.cluster`: its local cluster runs worker processes, since a
fit and its render run inside the task there, and the scenes never import the page.

distributed logs its own errors (a lost scheduler, a dead worker) with tracebacks; while
the build runs they are silenced, and the build says what happened in one sentence.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from typing import Iterator

import dask
from distributed import Client, LocalCluster

__all__ = ["SchedulerLost", "open_client", "total_threads", "address_problem", "CONNECT_SECONDS"]

#: how long to wait for a named scheduler to answer
CONNECT_SECONDS = 10


_ADDRESS = re.compile(r"^(tcp|tls)://(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$")


def address_problem(text: str) -> str | None:
    """None when ``text`` is a scheduler address (``tcp://HOST:PORT`` or ``tls://``), else
    the one sentence saying how to write one (the page's check uses it too)."""
    match = _ADDRESS.match(str(text).strip())
    if match and 1 <= int(match.group(3)) <= 65535:
        return None
    return (f"the scheduler address is {text!r}; write it as tcp://HOST:PORT, "
            "e.g. tcp://127.0.0.1:8786")


class SchedulerLost(RuntimeError):
    """The scheduler could not be reached, or went away during the build (one sentence)."""


@contextmanager
def _quiet() -> Iterator[None]:
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextmanager
def open_client(scheduler: str | None, threads: int) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler`` (``tcp://HOST:PORT``), or of a local
    cluster of one worker with ``threads`` threads when ``scheduler`` is None; closed (and
    the local cluster stopped) on leaving. Raises :class:`SchedulerLost` when the
    scheduler does not answer within :data:`CONNECT_SECONDS`."""
    with _quiet():
        if scheduler is None:
            # a worker that dies takes its render with it: retried once, then reported
            with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
                cluster = LocalCluster(n_workers=1, threads_per_worker=max(1, threads),
                                       processes=False, dashboard_address=":0")
            try:
                with Client(cluster) as client:
                    yield client
            finally:
                cluster.close()
            return
        problem = address_problem(scheduler)
        if problem:
            raise SchedulerLost(problem)
        try:
            client = Client(scheduler.strip(), timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError, ValueError) as err:
            raise SchedulerLost(f"cannot reach the Dask scheduler at {scheduler} "
                                f"({_reason(err)}); start one with `dask scheduler` and "
                                f"its workers with `dask worker {scheduler}`") from None
        try:
            try:
                client.wait_for_workers(1, timeout=CONNECT_SECONDS)
            except (OSError, TimeoutError):
                raise SchedulerLost(f"the Dask scheduler at {scheduler} has no workers; start "
                                    f"them with `dask worker {scheduler}`") from None
            yield client
        finally:
            client.close(timeout=2)


def _reason(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text[:160] or type(err).__name__


def total_threads(client: Client) -> int:
    """Threads of every worker the cluster has now (at least 1)."""
    return max(1, sum(client.nthreads().values()))
