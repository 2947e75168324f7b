"""Stand-ins for app.worker.run_job that the job-queue tests run in worker processes.

Each has run_job's signature; they must live in an importable module because the queue
starts its processes with ``spawn``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from app.render import CSV_NAME, JSON_NAME, VIDEO_NAME
from app.worker import SUMMARY_NAME

__all__ = ["quick_job", "slow_job", "crash_job", "error_job"]


def quick_job(request, folder, messages, tex_dir=None, size=None):
    """Writes the four files after a short pause, recording that it ran in RUNS_DIR."""
    runs = Path(os.environ["FAKE_RUNS_DIR"])
    (runs / f"{os.getpid()}-{time.monotonic_ns()}").write_text(json.dumps(request))
    messages.put(("fitting", request["max_iterations"]))
    time.sleep(0.3)
    messages.put(("fitted", 7))
    for done in range(1, 4):
        messages.put(("frames", done, 3))
    for name in (VIDEO_NAME, JSON_NAME, CSV_NAME):
        (Path(folder) / name).write_text(name)
    summary = {"n_steps": 7, "seed": request["seed"]}
    (Path(folder) / SUMMARY_NAME).write_text(json.dumps(summary))
    messages.put(("done", summary))


def slow_job(request, folder, messages, tex_dir=None, size=None):
    """Never finishes on its own."""
    messages.put(("fitting", request["max_iterations"]))
    time.sleep(60)


def crash_job(request, folder, messages, tex_dir=None, size=None):
    """Dies without a word, like a process killed by the system."""
    os._exit(3)


def error_job(request, folder, messages, tex_dir=None, size=None):
    """Reports a field error, as a diverged fit does."""
    messages.put(("error", "learning_rate", "the learning rate is too large"))
