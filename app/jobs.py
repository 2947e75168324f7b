"""A first-come, first-served queue of fit jobs, each run in its own process with a time
limit, results kept in a cache keyed on the inputs.

* ``submit`` never blocks: it returns a :class:`Job` whose :meth:`Job.snapshot` the page
  polls. Identical requests share one job (queued or running) and, once finished, are
  served from the cache folder ``<cache>/<key>/`` without running again.
* ``workers`` threads each take the oldest waiting job and run it in a fresh process
  (``spawn``, so manim's global state never leaks between jobs). A job that runs past
  ``time_limit`` seconds is killed and reported; a crashed process is reported too. No
  submission is dropped: at most ``max_waiting`` jobs wait, beyond that ``submit``
  refuses with a clear message.
* A job writes into a fresh temporary folder that is renamed to its cache folder only
  when complete, so a half-written result is never served.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import queue
import shutil
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from nnmath.errors import NNMathError

from .form import FitRequest
from .render import CSV_NAME, JSON_NAME, VIDEO_NAME
from .worker import SUMMARY_NAME, run_job

__all__ = ["JobQueue", "Job", "JobStatus", "QueueFull", "default_cache_dir", "sweep_stale"]


class QueueFull(NNMathError):
    """Too many jobs are waiting already."""


def default_cache_dir() -> Path:
    """$NNMATH_APP_CACHE, else $XDG_CACHE_HOME/nnmath-app, else ~/.cache/nnmath-app."""
    if os.environ.get("NNMATH_APP_CACHE"):
        return Path(os.environ["NNMATH_APP_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nnmath-app"


_JOB_PREFIX = ".job-"


def sweep_stale(cache_dir: Path, time_limit: float) -> list[Path]:
    """Remove job folders a crashed or killed app left in ``cache_dir``: those of a
    process that no longer runs (or of an earlier process with this one's id), and any
    older than the time limit. Returns what was removed."""
    removed = []
    now = time.time()
    for folder in Path(cache_dir).glob(f"{_JOB_PREFIX}*"):
        owner = folder.name[len(_JOB_PREFIX):].split("-")[0]
        try:
            old = now - folder.stat().st_mtime > time_limit + 60
        except OSError:
            continue
        if old or not owner.isdigit() or int(owner) == os.getpid() or not _alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError, ValueError):
        return False
    except OSError:  # e.g. another user's process: it runs
        return True
    return True


@dataclass(frozen=True)
class JobStatus:
    """One look at a job. ``state``: queued, fitting, rendering, done or failed."""

    state: str
    ahead: int = 0  # jobs before this one while queued
    steps: int | None = None  # iterations of the finished fit
    frames_done: int = 0
    frames_total: int = 0
    cached: bool = False
    error: str | None = None
    error_field: str | None = None  # the page field the error belongs to, if any
    summary: dict | None = None
    folder: Path | None = None
    seconds: float = 0.0

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def files(self) -> dict[str, Path]:
        """{"video", "json", "csv"}: the downloads of a finished job."""
        if self.state != "done" or self.folder is None:
            return {}
        return {"video": self.folder / VIDEO_NAME, "json": self.folder / JSON_NAME,
                "csv": self.folder / CSV_NAME}


@dataclass(eq=False)
class Job:
    """A request and its changing status (read it with :meth:`snapshot`)."""

    key: str
    request: FitRequest
    _status: JobStatus = field(default_factory=lambda: JobStatus("queued"))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _done: threading.Event = field(default_factory=threading.Event)
    _started: float = field(default_factory=time.monotonic)
    _queue: "JobQueue | None" = None

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
            changes.setdefault("seconds", time.monotonic() - self._started)
            self._status = replace(self._status, **changes)
        if self._status.finished:
            self._done.set()


Target = Callable[..., None]


class JobQueue:
    """Runs fit jobs one after another (or ``workers`` at a time) in worker processes."""

    def __init__(self, cache_dir: Path | str | None = None, *, workers: int = 1,
                 time_limit: float = 600.0, max_waiting: int = 20, max_cached: int = 200,
                 target: Target = run_job, size: tuple[int, int] | None = None):
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        (self.cache_dir / "tex").mkdir(exist_ok=True)
        self.time_limit = float(time_limit)
        self.max_waiting = int(max_waiting)
        self.max_cached = int(max_cached)
        self.target = target
        self.size = size
        # the same request rendered at another size or pace is another video
        self._salt = json.dumps([size, os.environ.get("LECTURE_PACE", "1")])
        self._waiting: deque[Job] = deque()
        self._active: dict[str, Job] = {}  # key -> queued or running job
        self._running = 0  # jobs taken by a worker thread and not finished
        sweep_stale(self.cache_dir, self.time_limit)
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._closed = False
        self._ctx = mp.get_context("spawn")
        self._threads = [threading.Thread(target=self._serve, name=f"fit-worker-{i}", daemon=True)
                         for i in range(max(1, int(workers)))]
        for thread in self._threads:
            thread.start()

    # --- submitting ----------------------------------------------------------------
    def submit(self, request: FitRequest) -> Job:
        """A job for ``request``: already done when cached, shared when identical to a
        waiting or running one, else queued. Raises QueueFull when too many wait."""
        key = self.key(request)
        cached = self._cached(key, request)
        if cached is not None:
            return cached
        with self._lock:
            if key in self._active:
                return self._active[key]
            if len(self._waiting) >= self.max_waiting:
                raise QueueFull(f"{len(self._waiting)} fits are already waiting; "
                                "try again in a minute")
            job = Job(key, request, _queue=self)
            self._waiting.append(job)
            self._active[key] = job
            self._wake.notify()
        return job

    def key(self, request: FitRequest) -> str:
        """The cache key of ``request`` as this queue renders it."""
        return hashlib.sha256((request.key() + self._salt).encode()).hexdigest()[:32]

    def position(self, job: Job) -> int:
        """How many fits are ahead of ``job``: every running one and every one waiting
        before it (0 once it runs)."""
        with self._lock:
            try:
                return list(self._waiting).index(job) + self._running
            except ValueError:
                return 0

    def _cached(self, key: str, request: FitRequest) -> Job | None:
        folder = self.cache_dir / key
        try:
            info = json.loads((folder / SUMMARY_NAME).read_text())
        except (OSError, ValueError):
            return None
        if not all((folder / name).is_file() for name in (VIDEO_NAME, JSON_NAME, CSV_NAME)):
            return None
        os.utime(folder)  # recently used: evicted last
        job = Job(key, request)
        job._update(state="done", cached=True, summary=info, folder=folder, seconds=0.0)
        return job

    def close(self) -> None:
        """Stop the worker threads after the jobs they are running."""
        with self._lock:
            self._closed = True
            self._wake.notify_all()

    # --- running -------------------------------------------------------------------
    def _serve(self) -> None:
        while True:
            with self._lock:
                while not self._waiting and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                job = self._waiting.popleft()
                self._running += 1
            try:
                self._run(job)
            except Exception as err:  # noqa: BLE001 - a job must always finish
                self._finish(job, state="failed", error=f"the job failed: {type(err).__name__}: {err}")
            finally:
                with self._lock:
                    self._running -= 1

    def _finish(self, job: Job, **changes) -> None:
        """Retire the job (a new identical request starts afresh or hits the cache), then
        publish its final status."""
        with self._lock:
            self._active.pop(job.key, None)
        job._update(**changes)

    def _run(self, job: Job) -> None:
        job._update(state="fitting", ahead=0)
        work = Path(tempfile.mkdtemp(prefix=f"{_JOB_PREFIX}{os.getpid()}-{job.key[:8]}-",
                                     dir=self.cache_dir))
        messages = self._ctx.Queue()
        process = self._ctx.Process(
            target=self.target,
            args=(job.request.as_dict(), str(work), messages, str(self.cache_dir / "tex"), self.size),
            daemon=True)
        process.start()
        deadline = time.monotonic() + self.time_limit
        outcome = None
        try:
            while outcome is None:
                try:
                    message = messages.get(timeout=0.2)
                except queue.Empty:
                    if time.monotonic() > deadline:
                        outcome = ("error", None, f"the fit took longer than the limit of "
                                   f"{self.time_limit:g} seconds; try fewer iterations or a lower "
                                   "video quality")
                    elif not process.is_alive():
                        outcome = self._after_exit(messages, process)
                    continue
                outcome = self._handle(job, message)
        finally:
            if process.is_alive():
                process.kill()
            process.join(5)
            messages.close()
        if outcome[0] == "done":
            self._finish(job, state="done", summary=outcome[1], folder=self._store(job.key, work))
        else:
            shutil.rmtree(work, ignore_errors=True)
            self._finish(job, state="failed", error_field=outcome[1], error=outcome[2])

    @staticmethod
    def _after_exit(messages, process):
        try:  # a last message may arrive just after the process ended
            return messages.get(timeout=1.0)
        except queue.Empty:
            return ("error", None, f"the worker process stopped unexpectedly (exit code "
                                   f"{process.exitcode}); try again")

    @staticmethod
    def _handle(job: Job, message):
        kind = message[0]
        if kind == "fitting":
            job._update(state="fitting")
        elif kind == "fitted":
            job._update(state="rendering", steps=int(message[1]))
        elif kind == "frames":
            job._update(state="rendering", frames_done=int(message[1]), frames_total=int(message[2]))
        elif kind in ("done", "error"):
            return message
        return None

    def _store(self, key: str, work: Path) -> Path:
        folder = self.cache_dir / key
        if folder.exists():  # someone else finished the same inputs first
            shutil.rmtree(work, ignore_errors=True)
        else:
            os.replace(work, folder)
        self._evict()
        return folder

    def _evict(self) -> None:
        entries = [p for p in self.cache_dir.iterdir()
                   if p.is_dir() and not p.name.startswith(".") and p.name != "tex"]
        if len(entries) <= self.max_cached:
            return
        entries.sort(key=lambda p: p.stat().st_mtime)
        for old in entries[: len(entries) - self.max_cached]:
            shutil.rmtree(old, ignore_errors=True)
