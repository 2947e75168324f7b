"""What runs in the render process of one job: fit, save the trace, render the video.

A Dask task (:mod:`app.task`) starts ``python -m app.worker`` for every job, writes the
job to its standard input as JSON and reads the messages :func:`run_job` sends, one JSON
list a line on the process's standard output:

    ["fitting", max_iterations]       the fit has started
    ["fitted", steps, summary]        the fit is done; summary for the page (curves, loss)
    ["frames", done, total]           video frames written so far
    ["done", summary]                 every file is in the folder
    ["error", field or null, message] one sentence; field names the page field to blame

Anything else the process prints goes to its standard error. The process ends itself when
the worker that started it dies. The folder is a fresh directory the task made; nothing
here builds a path from input.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["CURVE_POINTS", "NO_VIDEO", "main", "reported", "run_job", "show_and_render", "summary"]

#: runs that get their verdict under a field instead of a video: nothing to watch
NO_VIDEO = ("diverged", "stalled")
CURVE_POINTS = 101  # inputs at which the page's fitted curve is drawn


def summary(trace) -> dict:
    """What the page shows besides the video: final parameters, predictions, the loss at
    every step, the fitted curve over the data's range, and the run's verdict (plain JSON
    values, all from the trace)."""
    import numpy as np

    from nnmath.export import encode
    from nnmath.fit import node_curves

    report = trace.report()
    lo, hi = float(np.min(trace.inputs)), float(np.max(trace.inputs))
    pad = 0.05 * (hi - lo) if hi > lo else 0.5
    grid = np.linspace(lo - pad, hi + pad, CURVE_POINTS)
    curve = node_curves(trace, grid, steps=[trace.n_steps])["output"][0]
    return {
        "n_steps": trace.n_steps,
        "param_names": list(trace.param_names),
        "final_params": [encode(v) for v in trace.final_params],
        "inputs": [encode(v) for v in trace.inputs.ravel()],
        "outputs": [encode(v) for v in trace.outputs.ravel()],
        "predictions": [encode(v) for v in trace.final_predictions.ravel()],
        "loss": [encode(v) for v in trace.loss] + [encode(trace.final_loss)],
        "final_loss": encode(trace.final_loss),
        "curve": {"x": [encode(v) for v in grid], "y": [encode(v) for v in curve]},
        "behaviour": report.behaviour,
        "message": report.message,
    }


@contextmanager
def reported(messages, what: str = "the fit") -> Iterator[None]:
    """Run a job's body so that whatever goes wrong in it is one ``error`` message, never a
    traceback: an ``NNMathError`` is its own sentence; anything else is one line,
    "<what> could not be rendered: <type>: <first line> (in <file>:<line>)", naming the
    place it was raised. The job ends there; the page shows the line as the status."""
    from nnmath.errors import NNMathError

    try:
        yield
    except NNMathError as err:
        messages.put(("error", None, str(err)))
    except Exception as err:  # noqa: BLE001 - reported as one line, never a traceback
        last = traceback.extract_tb(err.__traceback__)[-1:]
        where = f" (in {Path(last[0].filename).name}:{last[0].lineno})" if last else ""
        messages.put(("error", None, f"{what} could not be rendered: {type(err).__name__}: "
                                     f"{str(err).splitlines()[0] if str(err) else ''}{where}"))


def show_and_render(trace, messages, summarise, render, fields: dict | None = None) -> None:
    """The end of every kind of job, once its fit is done: a run with nothing to watch gets
    its verdict under the page field to blame (the verdict's ``blame``, renamed by
    ``fields``; no blame is the learning rate unless ``fields`` names another under None);
    otherwise ``summarise(trace)`` goes to the page ("fitted"), ``render(progress)`` writes
    the files with frame progress, and "done" carries the summary again."""
    report = trace.report()
    if report.behaviour in NO_VIDEO:
        messages.put(("fitted", trace.n_steps, None))
        blame = (fields or {}).get(report.blame, report.blame or "learning_rate")
        messages.put(("error", blame, report.message))
        return
    info = summarise(trace)
    messages.put(("fitted", trace.n_steps, info))
    render(lambda done, total: messages.put(("frames", done, total)))
    messages.put(("done", info))


def run_job(request: dict, folder: str, messages, tex_dir: str | None = None,
            size: tuple[int, int] | None = None) -> None:
    """Fit ``request`` (FitRequest.as_dict()), write the files into ``folder`` and report
    through ``messages`` (anything with ``put(tuple)``)."""
    with reported(messages):
        from nnmath.fit import fit

        from .form import FitRequest
        from .render import render_fit

        req = FitRequest.from_dict(request)
        messages.put(("fitting", req.max_iterations))
        trace = fit(req.inputs, req.outputs, activation=req.activation, hidden=req.hidden,
                    max_iterations=req.max_iterations, learning_rate=req.learning_rate,
                    tolerance=req.tolerance, seed=req.seed)
        show_and_render(trace, messages, summary, lambda progress: render_fit(
            trace, Path(folder), req.quality, progress, size=size,
            tex_dir=Path(tex_dir) if tex_dir else None))


class _Channel:
    """``put(message)`` writes one JSON line to the task; a task that is gone ends us."""

    def __init__(self, stream):
        self.stream = stream

    def put(self, message) -> None:
        try:
            self.stream.write(json.dumps(list(message)) + "\n")
            self.stream.flush()
        except (OSError, ValueError):
            os._exit(1)


def _end_with_parent(parent: int) -> None:
    """Exit as soon as the process that started this one is gone (its worker was killed)."""
    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)
    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _target(spec: str):
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def main() -> None:
    """``python -m app.worker``: read the job from stdin, report on stdout (see above)."""
    channel = _Channel(os.fdopen(os.dup(1), "w"))
    os.dup2(2, 1)  # whatever else is printed goes to stderr, never into the messages
    job = json.load(sys.stdin)
    _end_with_parent(os.getppid())
    size = tuple(job["size"]) if job.get("size") else None
    _target(job.get("target") or "app.worker:run_job")(
        job["request"], job["folder"], channel, job.get("tex_dir"), size)


if __name__ == "__main__":
    main()
