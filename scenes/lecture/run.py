"""Render scenes several at once on a Dask cluster, one line of progress per scene,
failures collected.

:func:`run_jobs` takes a :class:`Renderer`: what the build sends a worker for a job
(``task``), the function the worker runs on it (``remote``) and how the build files what
comes back (``receive``). The real one is :class:`scenes.lecture.remote.ManimRenderer`; a
plain function of a job (the tests' fake renderers) runs on the local cluster's threads in
this process, never sent anywhere. Each scene's render is one Dask task, retried once when
it raises; a worker that dies mid-render has its task rendered again on another worker
(the local cluster: once), after which the scene is reported failed by name.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence, TextIO

from .cluster import SchedulerLost, open_client
from .plan import Job

__all__ = ["Result", "Renderer", "in_process", "run_jobs", "manim_args", "rendered_clip", "voice_env",
           "QUALITIES"]

#: manim's quality letters and the folder name manim writes videos into
QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "p": "1440p60", "k": "2160p60"}


@dataclass(frozen=True)
class Result:
    """How one job went: ``ok``, the clip's seconds, the wall-clock seconds it took, and for
    a failure the reason (the last lines of manim's output) and where the full log is."""

    job: Job
    ok: bool
    duration: float = 0.0
    seconds: float = 0.0
    error: str = ""
    log: str = ""


class Renderer(Protocol):
    """A job's render in three parts: in the build, ``task(job, stop)`` is what a worker is
    sent (``stop``: the name of the Dask Event set when the build is interrupted); on a
    worker, ``remote(task)``; in the build again, ``receive(job, value)`` files what
    ``remote`` returned and gives the Result."""

    remote: Callable[[Any], Any]

    def task(self, job: Job, stop: str) -> Any: ...

    def receive(self, job: Job, value: Any) -> Result: ...


_HERE: dict[str, Callable] = {}  # functions of this process run by its local cluster


def _here(token: str, pid: int) -> Callable:
    if pid != os.getpid() or token not in _HERE:
        raise RuntimeError("a renderer given as a plain function runs only on the build's own "
                           "local cluster (no --scheduler)")
    return _HERE[token]


class _InProcess:
    """A function handed to Dask by reference: the local cluster's worker threads call it
    in this process (a closure keeps its state); it cannot travel to another process."""

    def __init__(self, fn: Callable):
        self.fn, self.token = fn, uuid.uuid4().hex
        _HERE[self.token] = fn

    def __call__(self, *args: Any) -> Any:
        return self.fn(*args)

    def __reduce__(self):
        return _here, (self.token, os.getpid())

    def close(self) -> None:
        _HERE.pop(self.token, None)


@dataclass(frozen=True)
class _Plain:
    """:class:`Renderer` of a plain function of a job returning its Result."""

    remote: Callable[[Any], Any]

    def task(self, job: Job, stop: str) -> Job:
        return job

    def receive(self, job: Job, value: Any) -> Result:
        return value


def in_process(fn: Callable[[Job], Result]) -> _Plain:
    """The :class:`Renderer` that runs ``fn(job)`` on the local cluster's threads."""
    return _Plain(_InProcess(fn))


def _outcome(future, job: Job, renderer: Renderer, started: float, client) -> Result:
    """The Result of a finished ``future``; :class:`SchedulerLost` when the scheduler went."""
    from distributed import KilledWorker
    from distributed.client import FutureCancelledError

    seconds = time.monotonic() - started
    try:
        value = future.result()
    except KilledWorker:
        return Result(job, False, seconds=seconds,
                      error="the Dask worker rendering it died (killed, or out of memory), and so "
                            "did the worker that rendered it again; see the workers' own logs")
    except FutureCancelledError as err:
        if client.status != "running" or "connection-lost" in str(err):
            raise SchedulerLost("the Dask scheduler went away during the build; the scenes "
                                "rendered so far are kept, run the build again for the rest"
                                ) from None
        return Result(job, False, seconds=seconds, error="cancelled on the cluster")
    except Exception as err:  # noqa: BLE001 - any failure belongs to this scene only
        return Result(job, False, seconds=seconds, error=f"{type(err).__name__}: {err}")
    try:
        return renderer.receive(job, value)
    except Exception as err:  # noqa: BLE001 - filing failed (disk full, ...): this scene only
        return Result(job, False, seconds=seconds,
                      error=f"filing the render failed: {type(err).__name__}: {err}")


def run_jobs(jobs: Sequence[Job], render: Renderer | Callable[[Job], Result], workers: int,
             out: TextIO = sys.stdout,
             on_result: Callable[[Result], None] | None = None, client=None) -> list[Result]:
    """Render ``jobs`` (already in the order to start them) on the Dask cluster of
    ``client`` (None: a local cluster of ``workers`` threads, for this call), at most
    ``workers`` at once, in that order.

    A job whose render raises (twice) or returns a failure is recorded and the others go
    on. Prints one line per job as it finishes and hands each result to ``on_result`` (one
    at a time), so the caller can record it at once. Returns the results in the order
    of ``jobs``. Raises :class:`SchedulerLost` when the scheduler goes away; on Ctrl-C the
    renders still running are stopped and KeyboardInterrupt goes on.
    """
    if not jobs:
        return []
    with ExitStack() as stack:
        renderer = render if hasattr(render, "remote") else in_process(render)  # type: ignore[arg-type]
        if isinstance(renderer.remote, _InProcess):
            stack.callback(renderer.remote.close)
        if client is None:
            client = stack.enter_context(open_client(None, workers))
        return _run(list(jobs), renderer, max(1, workers), out, on_result, client)


def _run(jobs: list[Job], renderer: Renderer, workers: int, out: TextIO,
         on_result: Callable[[Result], None] | None, client) -> list[Result]:
    from distributed import Event, as_completed

    total, width = len(jobs), max(len(j.key) for j in jobs)
    stop = f"lecture-stop-{uuid.uuid4().hex}"
    waiting = iter(enumerate(jobs))
    running: dict = {}
    results: dict[int, Result] = {}
    done = as_completed()

    def submit_next() -> None:
        for i, job in waiting:
            future = client.submit(renderer.remote, renderer.task(job, stop), retries=1,
                                   pure=False, priority=total - i,
                                   key=f"lecture-{job.key}-{uuid.uuid4().hex[:8]}")
            running[future] = (i, job, time.monotonic())
            done.add(future)
            return

    try:
        for _ in range(workers):
            submit_next()
        for future in done:
            i, job, started = running.pop(future)
            result = results[i] = _outcome(future, job, renderer, started, client)
            if result.ok:
                status = f"rendered  {result.duration:6.1f} s of video in {result.seconds:6.1f} s"
            else:
                status = f"FAILED after {result.seconds:.1f} s"
            out.write(f"[{len(results):{len(str(total))}d}/{total}] {job.key:<{width}}  {status}\n")
            out.flush()
            if on_result is not None:
                on_result(result)
            submit_next()
    except BaseException:  # Ctrl-C or the scheduler gone: stop what still runs
        if running and client.status == "running":
            try:
                Event(stop, client=client).set()
                client.cancel(list(running))
            except Exception:  # noqa: BLE001 - the cluster is going away as well
                pass
        raise
    return [results[i] for i in range(total)]


def manim_args(root: Path, media_dir: Path, quality: str, path: Path, scene: str,
               resolution: str | None = None, fps: float | None = None) -> list[str]:
    """The arguments after ``python -m manim`` that render ``scene`` of the chapter file
    ``path`` into ``media_dir``: quiet, no partial-movie cache, the project's manim.cfg."""
    args = ["render", f"-q{quality}", "--progress_bar", "none", "-v", "WARNING",
            "--disable_caching", "--media_dir", str(media_dir), "-o", scene]
    if (Path(root) / "manim.cfg").exists():
        args += ["--config_file", str(Path(root) / "manim.cfg")]
    if resolution:
        args += ["-r", resolution]
    if fps:
        args += ["--fps", str(fps)]
    return args + [str(path), scene]


def rendered_clip(media_dir: Path, scene: str) -> Path | None:
    """The finished clip manim wrote for ``scene`` under ``media_dir`` (not a partial one)."""
    videos = Path(media_dir) / "videos"
    clips = [v for v in videos.rglob(f"{scene}.mp4")
             if "partial_movie_files" not in v.parts] if videos.exists() else []
    return clips[-1] if clips else None


def voice_env(out_dir: Path, voice: str) -> dict[str, str]:
    """The environment of a render: LECTURE_VOICE is ``voice``, and synthesized sentences are
    cached in ``<out_dir>/.voice`` (shared by every render; writes there are atomic)."""
    return dict(os.environ, LECTURE_VOICE=voice,
                LECTURE_VOICE_CACHE=str(Path(out_dir).resolve() / ".voice"))
