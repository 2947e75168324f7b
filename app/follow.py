"""The page's side of one job, for any kind of fit: submit it, then show its status as it
changes until it is finished.

A tab gives :func:`follow` how to start its job and how to draw the page (its ``view``);
``follow`` yields what the tab's outputs show: a field's error when the input is refused,
the status line while the job waits, fits and renders (the fit's pictures once, as soon as
the summary arrives), then the finished job through ``done``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from nnmath.errors import NNMathError

from .form import FieldError
from .jobs import Job, JobStatus
from .results import status_text

__all__ = ["POLL_SECONDS", "follow"]

POLL_SECONDS = 0.3


def follow(start: Callable[[], Job], view: Callable[..., list], done: Callable[[str, JobStatus], list],
           poll: float = POLL_SECONDS) -> Iterator[list]:
    """Yield the tab's outputs for the job ``start()`` submits.

    ``view(message, summary=None, snap=None, keep_pictures=False, field=None, error="")``
    draws the page; ``done(status line, status)`` draws a job that finished with its files.
    """
    try:
        job = start()
    except FieldError as err:
        yield view("Please fix the field marked in red.", field=err.field, error=err.message)
        return
    except NNMathError as err:
        yield view(f"Not started: {err}")
        return
    shown, pictured = None, False
    while True:
        snap = job.snapshot()
        text = status_text(snap)
        if snap.finished:
            break
        if text != shown:  # the fit's pictures come with the first status after it
            shown = text
            yield view(text, summary=snap.summary, snap=snap, keep_pictures=pictured)
            pictured = pictured or snap.summary is not None
        time.sleep(poll)
    if snap.state != "done":
        yield view(text, field=snap.error_field, error=snap.error if snap.error_field else "")
        return
    yield done(text, snap)
