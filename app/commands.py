"""Rendering commands for nnmath's command line: what ``nnmath fit --render``,
``nnmath fit-classes --render`` and ``nnmath fit-images --render`` run.

The numeric core's command line knows no renderer. It looks one up by its command's name in
the ``nnmath.render`` entry-point group, which this project registers in pyproject.toml
(``fit = "app.commands:render_fit_command"`` and one line per kind of fit). This module
composes the two sides: the trace nnmath computed, and the page's own renderers
(:mod:`app.render`, :mod:`app.render_classes`, :mod:`app.render_images`), so the terminal
and the page write the same files and the same video.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nnmath

from .render import CAPTIONS_NAME, render_fit

__all__ = ["DEFAULT_FOLDER", "render_classes_command", "render_fit_command", "render_images_command"]

DEFAULT_FOLDER = "nnmath-fit"


def render_fit_command(trace: nnmath.Trace, out: str | None, quality: str) -> str:
    """trace.json, trace.csv and fit.mp4 into the folder ``out`` (default ./nnmath-fit),
    progress on stderr every tenth of the frames; returns the line to print when done.
    Bad input (a file where the folder belongs, a folder that cannot be made, a run with
    nothing to show) raises an :class:`nnmath.NNMathError` with a one-line message."""
    folder, progress = _folder(out, DEFAULT_FOLDER), _progress()
    result = render_fit(trace, folder, quality, progress)
    return (f"wrote {result.video} ({result.frames} frames), {result.trace_json} and "
            f"{result.trace_csv}: {trace.report().message}")


def render_classes_command(trace: nnmath.Trace, out: str | None, quality: str, *, row: int = 0) -> str:
    """What ``nnmath fit-classes --render`` runs: trace.json, trace.csv, the narrated
    fit.mp4 and its captions fit.vtt into ``out`` (default ./nnmath-fit-classes), following
    the training row ``row`` (0 = the first, ``--row 1``); otherwise as :func:`render_fit_command`."""
    from .render_classes import render_classes

    folder, progress = _folder(out, "nnmath-fit-classes"), _progress()
    return _wrote(render_classes(trace, folder, quality, progress, row=row), folder, trace)


def render_images_command(trace: nnmath.Trace, out: str | None, quality: str) -> str:
    """What ``nnmath fit-images --render`` runs: trace.json, trace.csv, the narrated
    fit.mp4 and its captions fit.vtt into ``out`` (default ./nnmath-fit-images); otherwise
    as :func:`render_fit_command`."""
    from .render_images import render_images

    folder, progress = _folder(out, "nnmath-fit-images"), _progress()
    return _wrote(render_images(trace, folder, quality, progress), folder, trace)


def _wrote(result, folder: Path, trace: nnmath.Trace) -> str:
    return (f"wrote {result.video} ({result.frames} frames, captions in {folder / CAPTIONS_NAME}), "
            f"{result.trace_json} and {result.trace_csv}: {trace.report().message}")


def _folder(out: str | None, default: str) -> Path:
    """The folder ``out`` (else ``default``), made if missing; a one-line error when it is
    a file or cannot be made."""
    folder = Path(out or default)
    if folder.exists() and not folder.is_dir():
        raise nnmath.NNMathError(f"--out {folder} is a file; with --render give a folder")
    try:
        folder.mkdir(exist_ok=True)
    except OSError as err:
        raise nnmath.NNMathError(f"cannot create the folder {folder}: {err.strerror or err}") from None
    return folder


def _progress():
    """A progress callback printing a line on stderr every tenth of the frames."""
    shown = [-1]

    def progress(done: int, total: int) -> None:
        tenth = 10 * done // max(total, 1)
        if tenth > shown[0]:
            shown[0] = tenth
            print(f"rendering: frame {done} of {total}", file=sys.stderr, flush=True)

    return progress
