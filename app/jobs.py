"""The page's fit jobs on a Dask cluster, first come first served, results cached by content.

* ``submit`` never blocks: it returns a :class:`Job` whose :meth:`Job.snapshot` the page
  polls. A request already rendered is served from the cache (:mod:`app.cache`) at once;
  identical requests waiting or running at the same time share one job; otherwise the job
  becomes one Dask task (:func:`app.task.run_fit`) on the cluster of :mod:`app.cluster`.
* Order: tasks wait on the scheduler and start in the order they were submitted, one per
  worker thread (:meth:`app.cluster.Cluster.submit_queued`). A job's position counts this
  page's unfinished jobs submitted before it.
  At most ``max_waiting`` jobs wait for a worker; beyond that ``submit`` refuses politely.
* Progress arrives as worker events on the queue's topic; the result (summary and the
  files' bytes) comes back as the task's result and is written into the cache here.
* Faults: a job past ``time_limit`` is killed on its worker and reported; a worker that
  dies mid-job makes the scheduler run the task once more elsewhere, a second death is
  reported to that job's submitter; a scheduler that goes away fails the jobs in flight and
  refuses new ones, each with one sentence.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from nnmath.errors import NNMathError

from .cache import ResultCache, default_cache_dir, sweep_stale
from .cluster import Cluster, ClusterError, connect, scheduler_gone
from .form import FitRequest
from .render import CAPTIONS_NAME, CSV_NAME, JSON_NAME, VIDEO_NAME
from .task import project_version, run_fit
from .worker import run_job

__all__ = ["Job", "JobQueue", "JobStatus", "QueueFull", "default_cache_dir", "sweep_stale"]


class QueueFull(NNMathError):
    """Too many jobs are waiting already."""


@dataclass(frozen=True)
class JobStatus:
    """One look at a job. ``state``: queued, fitting, rendering, done or failed."""

    state: str
    ahead: int = 0  # unfinished jobs submitted before this one while queued
    steps: int | None = None  # iterations of the finished fit
    frames_done: int = 0
    frames_total: int = 0
    cached: bool = False
    error: str | None = None
    error_field: str | None = None  # the page field the error belongs to, if any
    summary: dict | None = None  # from the end of the fit on (before the video)
    folder: Path | None = None
    seconds: float = 0.0
    attempt: int = 0  # 2 when a worker died and another one runs the job again
    worker: str = ""  # the address of the worker running it (the last one)

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def files(self) -> dict[str, Path]:
        """{"video", "json", "csv"} and "captions" when the video has them: the downloads
        of a finished job."""
        if self.state != "done" or self.folder is None:
            return {}
        found = {"video": self.folder / VIDEO_NAME, "json": self.folder / JSON_NAME,
                 "csv": self.folder / CSV_NAME}
        if (self.folder / CAPTIONS_NAME).is_file():
            found["captions"] = self.folder / CAPTIONS_NAME
        return found


@dataclass(eq=False)
class Job:
    """A request and its changing status (read it with :meth:`snapshot`)."""

    key: str
    request: FitRequest
    _status: JobStatus = field(default_factory=lambda: JobStatus("queued"))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _done: threading.Event = field(default_factory=threading.Event)
    _started: float = field(default_factory=time.monotonic)
    _queue: JobQueue | None = None

    def snapshot(self) -> JobStatus:
        """The status now; while queued, how many jobs are ahead."""
        with self._lock:
            status = self._status
        if status.state == "queued" and self._queue is not None:
            status = replace(status, ahead=self._queue.position(self))
        return status

    def wait(self, timeout: float | None = None) -> JobStatus:
        """Block until the job is finished (or ``timeout`` passes); return its status."""
        self._done.wait(timeout)
        return self.snapshot()

    def _update(self, **changes) -> None:
        with self._lock:
            if self._status.finished:
                return
            changes.setdefault("seconds", time.monotonic() - self._started)
            self._status = replace(self._status, **changes)
            finished = self._status.finished
        if finished:
            self._done.set()

    def _event(self, message: dict) -> None:
        """A progress message from this job's task (see :mod:`app.task`)."""
        kind = message.get("kind")
        if kind == "started":
            self._update(state="fitting", attempt=self._status.attempt + 1, frames_done=0,
                         frames_total=0, worker=str(message.get("worker", "")))
        elif kind == "fitting":
            self._update(state="fitting")
        elif kind == "fitted":
            early = message.get("summary")  # events arrive with tuples for lists
            self._update(state="rendering", steps=message["steps"],
                         **({"summary": json.loads(json.dumps(early))} if early else {}))
        elif kind == "frames":
            self._update(state="rendering", frames_done=message["done"],
                         frames_total=message["total"])


Target = Callable[..., None]


class JobQueue:
    """Page jobs on a Dask cluster: ``cluster`` if given, else one connected to
    ``scheduler`` (tcp://HOST:PORT), else a local cluster of ``workers`` processes."""

    def __init__(self, cache_dir: Path | str | None = None, *, cluster: Cluster | None = None,
                 scheduler: str | None = None, workers: int | None = None,
                 time_limit: float = 600.0, max_waiting: int = 50, max_cached: int = 200,
                 target: Target = run_job, size: tuple[int, int] | None = None):
        self.time_limit = float(time_limit)
        self.cache = ResultCache(cache_dir or default_cache_dir(), max_cached, self.time_limit)
        self.cache_dir = self.cache.folder
        self.max_waiting = int(max_waiting)
        self.target = target
        self.size = size
        self._pace = os.environ.get("LECTURE_PACE", "1")
        # the same request rendered at another size or pace is another video
        self._salt = json.dumps([size, self._pace])
        self._own = cluster is None
        self.cluster = cluster if cluster is not None else connect(scheduler, workers=workers)
        self._lock = threading.Lock()
        self._unfinished: list[Job] = []  # in the order submitted
        self._active: dict[str, Job] = {}  # key -> queued or running job
        self._tasks: dict[str, Job] = {}  # Dask key -> job, for the progress events
        self._closed = False
        # every job's progress arrives on this queue's own topic, tagged with its task
        self._topic = f"nnmath-page-{uuid.uuid4().hex[:12]}"
        self.cluster.client.subscribe_topic(self._topic, self._event)

    # --- submitting ----------------------------------------------------------------
    def submit(self, request: FitRequest, target: Target | None = None) -> Job:
        """A job for ``request``: already done when cached, shared when identical to a
        waiting or running one, else sent to the cluster. ``target`` is the function the
        render process runs (default: the queue's, which fits a curve); another kind of fit
        passes its own, with a request of its own kind (``key()`` and ``as_dict()``).
        Raises QueueFull when too many wait, ClusterError when the scheduler is gone."""
        target = target or self.target
        key = self.key(request, target)
        hit = self.cache.lookup(key)
        if hit is not None:
            job = Job(key, request)
            job._update(state="done", cached=True, folder=hit[0], summary=hit[1], seconds=0.0)
            return job
        with self._lock:
            if key in self._active:
                return self._active[key]
            if not self.cluster.connected:
                raise ClusterError(scheduler_gone(self.cluster.address))
            waiting = sum(1 for job in self._unfinished if job._status.state == "queued")
            if waiting >= self.max_waiting:
                raise QueueFull(f"{waiting} fits are already waiting; try again in a minute")
            job = Job(key, request, _queue=self)
            task = f"nnmath-fit-{key[:16]}-{uuid.uuid4().hex[:8]}"
            future = self.cluster.submit_queued(
                task, run_fit, request.as_dict(), topic=self._topic, job=task,
                time_limit=self.time_limit, size=self.size, pace=self._pace,
                version=project_version(),
                target=_spec(target))
            self._active[key] = job
            self._tasks[task] = job
            self._unfinished.append(job)
        future.add_done_callback(lambda done: self._finished(job, done))
        return job

    def key(self, request: FitRequest, target: Target | None = None) -> str:
        """The cache key of ``request`` as this queue renders it (with ``target``)."""
        text = request.key() + self._salt + _spec(target or self.target)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def position(self, job: Job) -> int:
        """How many of this page's unfinished jobs were submitted before ``job``: those
        running and those waiting before it."""
        with self._lock:
            try:
                return self._unfinished.index(job)
            except ValueError:
                return 0

    def close(self) -> None:
        """Stop: cancel what has not finished and close a cluster started here."""
        with self._lock:
            self._closed = True
        if self.cluster.connected:
            self.cluster.client.unsubscribe_topic(self._topic)
        if self._own:
            self.cluster.close()

    # --- results -------------------------------------------------------------------
    def _event(self, event) -> None:
        """A worker event (time, message) on this queue's topic: the job's progress."""
        message = event[1]
        with self._lock:
            job = self._tasks.get(message.get("job"))
        if job is not None:
            job._event(message)

    def _finished(self, job: Job, future) -> None:
        """The task ended (done, failed, cancelled): store or report, retire the job."""
        try:
            changes = self._outcome(job, future)
        except Exception as err:  # noqa: BLE001 - a job must always finish, in one line
            changes = dict(state="failed", error=f"the result could not be kept: "
                                                 f"{type(err).__name__}: {err}")
        finally:
            future.release()
        with self._lock:
            self._active.pop(job.key, None)
            self._tasks.pop(future.key, None)
            if job in self._unfinished:
                self._unfinished.remove(job)
        job._update(**changes)

    def _outcome(self, job: Job, future) -> dict:
        if future.status == "cancelled":
            if self._closed:
                return dict(state="failed", error="the page is shutting down")
            return dict(state="failed", error=scheduler_gone(self.cluster.address))
        if future.status == "error":
            return dict(state="failed", error=_task_error(future.exception()))
        result = future.result()
        if result["state"] != "done":
            return dict(state="failed", error_field=result.get("field"), error=result["error"])
        folder = self.cache.store(job.key, result["files"], result["summary"])
        return dict(state="done", summary=result["summary"], folder=folder)


def _spec(target: Target) -> str:
    """``module:function``: how the render process finds ``target``."""
    return f"{target.__module__}:{target.__qualname__}"


def _task_error(err: BaseException) -> str:
    """One sentence for a task that raised (on the worker or in the scheduler)."""
    if type(err).__name__ == "KilledWorker":
        return ("the worker running your fit stopped twice (killed, or out of memory), so it "
                "was not tried again; press the button again, perhaps with a lower video quality")
    text = str(err).splitlines()[0] if str(err) else ""
    return (f"a worker could not run the fit ({type(err).__name__}: {text[:200]}); each "
            "worker needs this project installed, in the page's version")
