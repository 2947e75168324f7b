"""What runs in the worker process for one job: fit, save the trace, render the video.

The job queue starts :func:`run_job` in a fresh process and reads the messages it sends:

    ("fitting", max_iterations)       the fit has started
    ("fitted", steps)                  the fit is done
    ("frames", done, total)            video frames written so far
    ("done", summary)                  every file is in the folder; summary for the page
    ("error", field or None, message)  one sentence; field names the page field to blame

The folder is a fresh directory the queue made; nothing here builds a path from input.
"""

from __future__ import annotations

import json
import traceback
from pathlib import Path

__all__ = ["run_job", "summary", "SUMMARY_NAME", "NO_VIDEO"]

SUMMARY_NAME = "summary.json"
#: runs that get their verdict under a field instead of a video: nothing to watch
NO_VIDEO = ("diverged", "stalled")


def summary(trace) -> dict:
    """What the page shows besides the video: final parameters, predictions, the loss at
    every step, and the run's verdict (plain JSON values)."""
    from nnmath.export import encode

    report = trace.report()
    return {
        "n_steps": trace.n_steps,
        "param_names": list(trace.param_names),
        "final_params": [encode(v) for v in trace.final_params],
        "inputs": [encode(v) for v in trace.inputs.ravel()],
        "outputs": [encode(v) for v in trace.outputs.ravel()],
        "predictions": [encode(v) for v in trace.final_predictions.ravel()],
        "loss": [encode(v) for v in trace.loss] + [encode(trace.final_loss)],
        "final_loss": encode(trace.final_loss),
        "behaviour": report.behaviour,
        "message": report.message,
    }


def run_job(request: dict, folder: str, messages, tex_dir: str | None = None,
            size: tuple[int, int] | None = None) -> None:
    """Fit ``request`` (FitRequest.as_dict()), write the files into ``folder`` and report
    through ``messages`` (a multiprocessing queue)."""
    try:
        from nnmath.errors import NNMathError
        from nnmath.fit import fit

        from .form import FitRequest
        from .render import render_fit

        req = FitRequest.from_dict(request)
        messages.put(("fitting", req.max_iterations))
        trace = fit(req.inputs, req.outputs, activation=req.activation, hidden=req.hidden,
                    max_iterations=req.max_iterations, learning_rate=req.learning_rate,
                    tolerance=req.tolerance, seed=req.seed)
        messages.put(("fitted", trace.n_steps))
        report = trace.report()
        if report.behaviour in NO_VIDEO:
            messages.put(("error", report.blame or "learning_rate", report.message))
            return
        info = summary(trace)
        render_fit(trace, Path(folder), req.quality,
                   lambda done, total: messages.put(("frames", done, total)),
                   size=size, tex_dir=Path(tex_dir) if tex_dir else None)
        (Path(folder) / SUMMARY_NAME).write_text(json.dumps(info))
        messages.put(("done", info))
    except NNMathError as err:
        messages.put(("error", None, str(err)))
    except Exception as err:  # noqa: BLE001 - reported as one line, never a traceback
        last = traceback.extract_tb(err.__traceback__)[-1:]
        where = f" (in {Path(last[0].filename).name}:{last[0].lineno})" if last else ""
        messages.put(("error", None, f"the fit could not be rendered: {type(err).__name__}: "
                                     f"{str(err).splitlines()[0] if str(err) else ''}{where}"))
