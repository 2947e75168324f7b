"""Turn a classes fit's trace into the files a person downloads: trace.json, trace.csv, the
narrated video fit.mp4 and its captions fit.vtt (see :mod:`app.classes_scene`).

Shared by the page's classes job and ``nnmath fit-classes --render``. The scene reads the
trace from the JSON file just written and follows the training row ``row``; the sentences
are spoken by the lecture's voice in force (``LECTURE_VOICE``, see
:mod:`scenes.common.voice`; ``none`` for captions only), its clips cached beside the
LaTeX snippets when ``tex_dir`` is given.
"""

from __future__ import annotations

from pathlib import Path

import nnmath
from nnmath.class_map import check_classifier

from .render import (VIDEO_NAME, VOICE_CACHE_ENV, Progress, RenderedFit, render_narrated,
                     save_trace_to_show)

__all__ = ["render_classes", "VOICE_CACHE_ENV"]


def render_classes(trace: nnmath.Trace, folder, quality: str = "l", progress: Progress | None = None, *,
                   row: int = 0, size: tuple[int, int] | None = None,
                   tex_dir: Path | None = None) -> RenderedFit:
    """Save the trace (JSON and CSV), its narrated video and its captions into ``folder``.

    ``row`` (0 = the first) is the training row whose probabilities the video follows.
    A run that is not a two-input SoftMax network, a row that is not in the data, or a run
    that diverged or stalled (nothing to show: the SettingError carries the run's verdict)
    raises an NNMathError with one sentence, before anything is written.
    """
    from app import classes_scene

    check_classifier(trace)
    row = classes_scene.check_row(trace, row)
    folder, json_path, csv_path = save_trace_to_show(trace, folder)
    env = {classes_scene.TRACE_ENV: str(json_path.resolve()), classes_scene.ROW_ENV: str(row)}

    def planned(frame_rate: int, voice) -> int:
        return classes_scene.planned_frames(trace, row, frame_rate, voice)

    frames = render_narrated(classes_scene.ClassesVideo, env, folder, planned, quality, progress, tex_dir, size)
    return RenderedFit(folder / VIDEO_NAME, json_path, csv_path, frames)
