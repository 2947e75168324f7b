"""The parts every tab of the page is built from: a number box that passes on exactly what
was typed, an error box under a field, the video quality choice, and the ``view`` that
:func:`app.follow.follow` draws a tab's right-hand side and error boxes with.

A tab's elements are named by its prefix: "" for the curve, "classes-" and "images-".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import gradio as gr

from .results import progress_html

__all__ = ["number_box", "error_box", "quality_radio", "tab_view"]


def number_box(value, label: str, elem_id: str) -> gr.Textbox:
    """A number field that passes on exactly what was typed (a browser number input rounds,
    or sends nothing for text it cannot read); the tab's form module checks it."""
    return gr.Textbox(f"{value:g}", label=label, lines=1, max_lines=1, elem_id=elem_id)


def error_box(field: str, prefix: str = "") -> gr.Markdown:
    """The one-sentence error shown under ``field`` (element ``#<prefix>error-<field>``)."""
    return gr.Markdown("", elem_id=f"{prefix}error-{field}", elem_classes="field-error")


def quality_radio(value: str, prefix: str = "") -> gr.Radio:
    """The video quality: 480p, 720p or 1080p (element ``#<prefix>quality``)."""
    return gr.Radio([("low (480p)", "l"), ("medium (720p)", "m"), ("high (1080p)", "h")],
                    value=value, label="Video quality", elem_id=f"{prefix}quality")


def tab_view(fields: Sequence[str], pictures: Callable[[dict], tuple],
             n_pictures: int = 3) -> Callable[..., list]:
    """The ``view`` of a tab whose outputs are [status, progress, video, ``n_pictures``
    pictures of the fit, downloads, one error box per field of ``fields``].

    ``pictures(summary)`` draws the fit once there is a summary (all empty before);
    ``keep_pictures`` leaves them as they are on the page (not drawn and sent again with
    every status); ``field`` and ``error`` put one sentence under that field."""
    def view(message="", video=None, summary=None, files=None, field=None, error="", snap=None,
             keep_pictures=False):
        shown = [f"⚠ {error}" if f == field else "" for f in fields]
        if keep_pictures:
            drawn = (gr.skip(),) * n_pictures
        elif summary:
            drawn = pictures(summary)
        else:
            drawn = ("",) * n_pictures
        return [message, progress_html(snap), video, *drawn, files, *shown]
    return view
