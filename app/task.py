"""The Dask task of one page job: the fit and its video in a process the task can kill,
progress relayed to the page, the files sent back as bytes.

:func:`run_fit` runs on a Dask worker (any machine with the project installed). It starts
``python -m app.worker`` (see :mod:`app.worker`) in a new process group and kills the
group when the job passes its time limit: a render stuck in Manim or in the encoder is
really stopped, and the worker is free for the next job. Progress goes to the page as
Dask worker events on the page's topic (``Worker.log_event``; the page subscribes to it),
each tagged ``"job": <the task's key>``:

    {"kind": "started", "worker": address, "pid": pid}
    {"kind": "fitting"}
    {"kind": "fitted", "steps": n, "summary": {...} or None}
    {"kind": "frames", "done": d, "total": t}      (at most every FRAME_EVERY seconds)

The task returns ``{"state": "done", "summary": ..., "files": {name: bytes}}`` or
``{"state": "failed", "field": field or None, "error": one sentence}``: results travel
through the cluster, no shared file system is assumed. Mistakes in the input are results,
not exceptions, so Dask never retries them; only a worker's death makes Dask run the task
again (on another worker, at most once with the scheduler settings of :mod:`app.cluster`).
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from .render import CAPTIONS_NAME, CSV_NAME, JSON_NAME, VIDEO_NAME

__all__ = ["FRAME_EVERY", "OPTIONAL_FILES", "RESULT_FILES", "project_version", "run_fit"]

RESULT_FILES = (VIDEO_NAME, JSON_NAME, CSV_NAME)  # every job leaves these
OPTIONAL_FILES = (CAPTIONS_NAME,)  # brought back too when the render wrote them
FRAME_EVERY = 0.25  # seconds between two progress events
LOSS_POINTS = 400  # loss values sent with the early picture
_ERROR_LINE = re.compile(r"^[A-Za-z_.]*(Error|Exception|Interrupt)\b.*")

Emit = Callable[[dict], None]


def project_version() -> str:
    """The installed version of this project (workers must run the page's version)."""
    try:
        return metadata.version("nnmath-lecture")
    except metadata.PackageNotFoundError:
        return "not installed"


def _failed(error: str, field: str | None = None) -> dict:
    return {"state": "failed", "field": field, "error": error}


def run_fit(request: dict, *, topic: str, job: str, time_limit: float, size=None,
            pace: str = "1", target: str | None = None, version: str | None = None) -> dict:
    """Fit ``request`` (FitRequest.as_dict()) and render its video on this worker."""
    try:
        from distributed import get_worker
        worker = get_worker()
    except ValueError:  # called outside a worker (a direct call)
        worker = None
    if version is not None and version != project_version():
        return _failed(f"the worker runs nnmath-lecture {project_version()}, the page {version}; "
                       "install the page's version on every worker")

    def emit(message: dict) -> None:
        if worker is not None:
            worker.log_event(topic, {"job": job, **message})

    emit({"kind": "started", "worker": worker.address if worker else "", "pid": os.getpid()})
    scratch = worker.local_directory if worker is not None else None
    with tempfile.TemporaryDirectory(prefix="fit-", dir=scratch) as work:
        spec = {"request": request, "folder": work, "size": list(size) if size else None,
                "tex_dir": str(Path(scratch or tempfile.gettempdir()) / "nnmath-tex"),
                "target": target}
        outcome = _supervise(spec, Path(work), float(time_limit), str(pace), emit)
        if outcome["state"] == "done":
            try:
                outcome["files"] = {name: (Path(work) / name).read_bytes() for name in RESULT_FILES}
                outcome["files"].update({name: (Path(work) / name).read_bytes() for name in OPTIONAL_FILES
                                         if (Path(work) / name).is_file()})
            except OSError as err:
                return _failed(f"the render left no {Path(err.filename or '?').name}; try again")
    return outcome


def _supervise(job: dict, work: Path, time_limit: float, pace: str, emit: Emit) -> dict:
    """Run the render process until it reports an outcome, dies or passes the time limit."""
    env = {**os.environ, "LECTURE_PACE": pace,
           "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    with open(work / "stderr.txt", "wb") as errors:
        process = subprocess.Popen([sys.executable, "-m", "app.worker"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=errors, cwd=work, env=env,
                                   start_new_session=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_read, args=(process.stdout, lines), daemon=True).start()
    deadline = time.monotonic() + time_limit
    try:
        process.stdin.write(json.dumps(job).encode())
        process.stdin.close()
        return _relay(lines, process, deadline, time_limit, emit, work)
    except BrokenPipeError:
        return _crashed(process, work)
    finally:
        _kill(process)


def _relay(lines, process, deadline, time_limit, emit: Emit, work: Path) -> dict:
    last_frames = 0.0
    while True:
        try:
            message = lines.get(timeout=0.2)
        except queue.Empty:
            if time.monotonic() > deadline:
                return _failed(f"the fit took longer than the limit of {time_limit:g} seconds; "
                               "try fewer iterations or a lower video quality")
            continue
        if message is None:  # the process closed its output: it ended
            return _crashed(process, work)
        kind = message[0]
        if kind == "fitting":
            emit({"kind": "fitting"})
        elif kind == "fitted":
            emit({"kind": "fitted", "steps": int(message[1]),
                  "summary": _thinned(message[2]) if len(message) > 2 else None})
        elif kind == "frames":
            now = time.monotonic()
            if now - last_frames >= FRAME_EVERY or message[1] >= message[2]:
                last_frames = now
                emit({"kind": "frames", "done": int(message[1]), "total": int(message[2])})
        elif kind == "done":
            return {"state": "done", "summary": message[1]}
        elif kind == "error":
            return _failed(message[2], message[1])


def _thinned(summary: dict | None) -> dict | None:
    """The summary with at most LOSS_POINTS of its loss values (first and last kept): the
    early picture needs no more, and events stay small in the scheduler's log."""
    if not summary or len(summary.get("loss", ())) <= LOSS_POINTS:
        return summary
    loss = summary["loss"]
    stride = -(-len(loss) // LOSS_POINTS)
    return {**summary, "loss": loss[:-1:stride] + loss[-1:]}


def _read(stream, lines: queue.Queue) -> None:
    for raw in stream:
        try:
            lines.put(json.loads(raw))
        except ValueError:
            continue
    lines.put(None)


def _crashed(process, work: Path) -> dict:
    try:
        code = process.wait(5)
    except subprocess.TimeoutExpired:
        code = None
    last = ""
    try:
        tail = (work / "stderr.txt").read_text(errors="replace").strip().splitlines()[-1:]
        if tail and _ERROR_LINE.match(tail[0]):
            last = f": {tail[0][:200]}"
    except OSError:
        pass
    return _failed(f"the render process stopped unexpectedly (exit code {code}){last}; try again")


def _kill(process) -> None:
    """Kill the render process and everything it started (LaTeX, dvisvgm)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            process.kill()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        pass
