"""What the render process runs for an images fit: fit, the shift report, the video.

:func:`run_images_job` is the page's target for the images tab (``jobs.submit(request,
target=run_images_job)``) and follows :mod:`app.worker`'s message protocol::

    ("fitting", max_iterations)
    ("fitted", steps, summary)      summary: images_summary(trace), before the video
    ("frames", done, total)
    ("done", summary)
    ("error", field or None, message)

The video comes from :func:`app.render_images.render_images`, imported when it is needed.
"""

from __future__ import annotations

from pathlib import Path

from .worker import reported, show_and_render

__all__ = ["images_summary", "run_images_job"]

#: report blames -> the tab's field to show the message under (no blame: try another seed)
_BLAME_FIELDS = {"data": "images", None: "seed"}


def images_summary(trace, report=None) -> dict:
    """What the page shows besides the video, plain JSON values from the trace: the loss at
    every step (then the final one), each image's final probabilities and the shift report
    (``report``, computed when not given)."""
    from nnmath.export import encode
    from nnmath.images import shift_report

    shifts = report if report is not None else shift_report(trace)
    verdict = trace.report()
    return {
        "n_steps": trace.n_steps,
        "loss": [encode(v) for v in trace.loss] + [encode(trace.final_loss)],
        "final_loss": encode(trace.final_loss),
        "class_names": list(shifts.class_names),
        "labels": list(shifts.labels),
        "images": [[[int(v) for v in row] for row in image] for image in trace.inputs],
        "probabilities": [[encode(v) for v in row] for row in trace.final_predictions],
        "shift": shifts.as_dict(),
        "behaviour": verdict.behaviour,
        "message": verdict.message,
    }


def run_images_job(request: dict, folder: str, messages, tex_dir: str | None = None,
                   size: tuple[int, int] | None = None) -> None:
    """Fit ``request`` (ImagesRequest.as_dict()), write the files into ``folder`` and report
    through ``messages`` (anything with ``put(tuple)``)."""
    with reported(messages, "the images"):
        from nnmath.images import fit_images

        from .images_form import ImagesRequest

        req = ImagesRequest.from_dict(request)
        messages.put(("fitting", req.max_iterations))
        trace = fit_images(req.data(), hidden=req.hidden, learning_rate=req.learning_rate,
                           max_iterations=req.max_iterations, tolerance=req.tolerance, seed=req.seed)
        def render(progress) -> None:
            from .render_images import render_images  # manim: only once there is a fit to draw

            render_images(trace, Path(folder), req.quality, progress, size=size,
                          tex_dir=Path(tex_dir) if tex_dir else None)

        show_and_render(trace, messages, images_summary, render, fields=_BLAME_FIELDS)
