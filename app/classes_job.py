"""What runs in the render process of one classes job: fit, tell the page, render the video.

Follows :mod:`app.worker`'s message protocol (``fitting``, ``fitted`` with the summary the
page shows at once, ``frames``, ``done``, ``error``). The video comes from
:func:`app.render_classes.render_classes`, imported only when a video is made.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from .worker import reported, show_and_render

__all__ = ["run_classes_job", "classes_summary", "RENDERER"]

#: where the video renderer lives (module, function)
RENDERER = ("app.render_classes", "render_classes")


def classes_summary(trace, row: int = 0) -> dict:
    """What the page shows besides the video, all from the trace: the cross entropy at every
    step, how many rows are classified right, the followed row's probabilities, each row's
    inputs, class and winning class, dead ReLU nodes and the run's verdict (plain JSON)."""
    import numpy as np

    from nnmath.classes import accuracy, dead_nodes, predicted
    from nnmath.export import encode

    report = trace.report()
    outputs = np.asarray(trace.outputs).astype(int)
    winners = predicted(trace)
    probabilities = np.asarray(trace.final_predictions)[row]
    return {
        "n_steps": trace.n_steps,
        "loss": [encode(v) for v in trace.loss] + [encode(trace.final_loss)],
        "final_loss": encode(trace.final_loss),
        "input_names": list(trace.model_settings["inputs"]),
        "class_names": list(trace.model_settings["outputs"]),
        "inputs": [[encode(v) for v in r] for r in np.asarray(trace.inputs)],
        "classes": outputs.tolist(),
        "winners": winners.tolist(),
        "accuracy": accuracy(trace),
        "right": int(np.sum(winners == outputs)),
        "row": row,
        "row_probabilities": [encode(v) for v in probabilities],
        "dead_nodes": list(dead_nodes(trace)),
        "behaviour": report.behaviour,
        "message": report.message,
    }


def _renderer():
    module, name = RENDERER
    return getattr(importlib.import_module(module), name)


def run_classes_job(request: dict, folder: str, messages, tex_dir: str | None = None,
                    size: tuple[int, int] | None = None) -> None:
    """Fit ``request`` (ClassesRequest.as_dict()), write the files into ``folder`` and
    report through ``messages`` (anything with ``put(tuple)``)."""
    with reported(messages):
        from nnmath.classes import fit_classes
        from nnmath.errors import NNMathError

        from .classes_form import ClassesRequest

        req = ClassesRequest.from_dict(request)
        messages.put(("fitting", req.max_iterations))
        try:
            data = req.data()
        except NNMathError as err:
            messages.put(("error", "rows", str(err)))
            return
        trace = fit_classes(data, hidden=req.hidden, activation=req.activation,
                            learning_rate=req.learning_rate, max_iterations=req.max_iterations,
                            tolerance=req.tolerance, seed=req.seed)
        show_and_render(trace, messages, lambda run: classes_summary(run, req.row),
                        lambda progress: _renderer()(trace, Path(folder), req.quality, progress,
                                                     row=req.row, size=size,
                                                     tex_dir=Path(tex_dir) if tex_dir else None),
                        fields={"data": "rows"})
