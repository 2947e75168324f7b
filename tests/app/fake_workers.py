"""Stand-ins for app.worker.run_job that the job tests run in the render process on a
Dask worker.

Each has run_job's signature and is named to the task as ``module:function``, so it must
live in an importable module. They record their runs in the folder named by
``FAKE_RUNS_DIR`` (set before the test cluster starts: its workers inherit it).
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

from app.render import CSV_NAME, JSON_NAME, VIDEO_NAME

__all__ = ["crash_job", "die_always_job", "die_once_job", "error_job", "held_job", "paused_job", "quick_job",
           "slow_job"]


def _record(request, **extra) -> None:
    runs = Path(os.environ["FAKE_RUNS_DIR"])
    info = {"seed": request["seed"], "pid": os.getpid(), "worker_pid": os.getppid(), **extra}
    (runs / f"{os.getpid()}-{time.monotonic_ns()}.json").write_text(json.dumps(info))


def quick_job(request, folder, messages, tex_dir=None, size=None, pause=0.3):
    """Fits at once, then after ``pause`` seconds draws three frames and writes the three
    files; the summary and the files carry the request's seed, so each result can be
    traced to its request."""
    _record(request)
    messages.put(("fitting", request["max_iterations"]))
    summary = {"n_steps": 7, "seed": request["seed"], "loss": [2.0, 1.0], "inputs": [0, 1],
               "outputs": [0, 1], "curve": {"x": [0, 1], "y": [0, 1]}}
    messages.put(("fitted", 7, summary))
    time.sleep(pause)
    for done in range(1, 4):
        messages.put(("frames", done, 3))
    for name in (VIDEO_NAME, JSON_NAME, CSV_NAME):
        (Path(folder) / name).write_text(f"{name} {request['seed']}")
    messages.put(("done", summary))


def paused_job(request, folder, messages, tex_dir=None, size=None):
    """A quick job that takes 4 s between the end of its fit and its first frame."""
    quick_job(request, folder, messages, tex_dir, size, pause=4.0)


def held_job(request, folder, messages, tex_dir=None, size=None):
    """A quick job that holds its worker 12 s between its fit and its first frame."""
    quick_job(request, folder, messages, tex_dir, size, pause=12.0)


def slow_job(request, folder, messages, tex_dir=None, size=None):
    """Never finishes on its own."""
    _record(request)
    messages.put(("fitting", request["max_iterations"]))
    time.sleep(60)


def crash_job(request, folder, messages, tex_dir=None, size=None):
    """Dies without a word, like a process killed by the system."""
    os._exit(3)


def error_job(request, folder, messages, tex_dir=None, size=None):
    """Reports a field error, as a diverged fit does."""
    messages.put(("error", "learning_rate", "the learning rate is too large"))


def die_once_job(request, folder, messages, tex_dir=None, size=None):
    """Kills the Dask worker running it the first time it runs for a seed; then a quick job."""
    marker = Path(os.environ["FAKE_RUNS_DIR"]) / f"died-{request['seed']}"
    if not marker.exists():
        marker.write_text(str(os.getppid()))
        _record(request, killed=True)
        os.kill(os.getppid(), signal.SIGKILL)
        time.sleep(60)
    quick_job(request, folder, messages, tex_dir, size)


def die_always_job(request, folder, messages, tex_dir=None, size=None):
    """Kills the Dask worker running it, every time."""
    _record(request, killed=True)
    os.kill(os.getppid(), signal.SIGKILL)
    time.sleep(60)
