"""Turn a convolutional network's trace into the files a person downloads: trace.json,
trace.csv, the narrated video fit.mp4 and its captions fit.vtt (the video of
:mod:`app.images_scene`).

Shared by the page's images job and ``nnmath fit-images --render``. Manim runs in the
calling process; the scene reads the trace from the JSON file just written. The sentences
are spoken by the lecture's voice in force (``LECTURE_VOICE``, see
:mod:`scenes.common.voice`; ``none`` for captions only), its clips cached beside the LaTeX
snippets when ``tex_dir`` is given (see :func:`app.render.render_narrated`).
Only paths built here are used: nothing a person typed becomes part of a path.
"""

from __future__ import annotations

from pathlib import Path

import nnmath
from nnmath.cnn import ConvNetwork

from .render import VIDEO_NAME, Progress, RenderedFit, render_narrated, save_trace_to_show

__all__ = ["render_images"]


def render_images(trace: nnmath.Trace, folder, quality: str = "l", progress: Progress | None = None,
                  *, size: tuple[int, int] | None = None, tex_dir: Path | None = None) -> RenderedFit:
    """Save the trace (JSON and CSV), its narrated video and the video's captions into
    ``folder``; ``progress(done, total)`` is called after every frame, ``size`` (width,
    height) overrides the quality's resolution.

    A run that is not a convolutional network's, or that diverged or stalled, has no video
    to show: it raises an NNMathError with one sentence saying why.
    """
    from app import images_scene

    if not isinstance(trace.model(), ConvNetwork):
        raise nnmath.DataError(f"this trace is of a {trace.kind} network; the images video needs "
                               "a convolutional network's trace (nnmath fit-images)")
    folder, json_path, csv_path = save_trace_to_show(trace, folder)

    def planned(frame_rate: int, voice) -> int:
        return images_scene.planned_frames(trace, frame_rate, voice)

    frames = render_narrated(images_scene.ImagesVideo, {images_scene.TRACE_ENV: str(json_path.resolve())},
                             folder, planned, quality, progress, tex_dir, size)
    return RenderedFit(folder / VIDEO_NAME, json_path, csv_path, frames)
