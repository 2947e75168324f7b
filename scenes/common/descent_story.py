"""Gradient descent on one parameter, step by step, in beats any chapter can play.

At each step of a trace: the tangent of the SSR curve at the current value with its
slope, the step's equations (given by the chapter), then the fit on the data moving to
the new value. The first steps and the last are shown slowly; the rest run quickly.
"""

from __future__ import annotations

from typing import Callable

from manim import FadeIn, FadeOut, Transform, VGroup, VMobject, DOWN, RIGHT, UP

import nnmath

from .beats import Beat
from .narration import SILENT, Say
from .numbers import fmt_small
from .panels import tangent_segment
from .style import PALETTE, SIZES
from .text import label
from .timing import Timing

__all__ = ["descent_beats"]


def descent_beats(trace: nnmath.Trace, param: str, panel, fit: VMobject,
                  fit_at: Callable[[int], VMobject], rows: Callable[[int], VGroup], t: Timing,
                  detailed: int = 3, half_width: float = 0.7,
                  narrate: Callable[[int, bool], tuple[Say, Say]] | None = None) -> list[Beat]:
    """Beats for every step of ``trace`` on ``param``.

    Args:
        panel: SSR-versus-``param`` axes (see panels.loss_panel), already on screen.
        fit: the curve or line on the data, already on screen; it is transformed in place.
        fit_at: the fit drawn with the values after step k (k + 1 rows into the trace).
        rows: the equations of step k, placed where they should appear.
        detailed: how many first steps are shown slowly (the last one always is).
        half_width: half the length of the tangent segment, in units of ``param``.
        narrate: what is said at step k (slow or not): (while the step's slope and
            equations appear, while the fit moves); None for a chapter not narrated yet.
    """
    i = trace.index(param)
    beats = []
    shown = VGroup()
    for k in range(trace.n_steps):
        slow = k < detailed or k == trace.n_steps - 1
        at = trace.params[k, i]
        span = [at - half_width, at + half_width]
        tangent = tangent_segment(panel, span, trace.tangent(param, k, span), (at, trace.loss[k]))
        slope = label(f"slope = {fmt_small(trace.gradients[k, i])}", size=SIZES.small,
                      color=PALETTE.tangent)
        slope.next_to(panel, DOWN, buff=0.15)  # under the panel, clear of the curve
        counter = label(f"Step {k + 1}", size=SIZES.small).to_corner(UP + RIGHT, buff=0.3)
        new = VGroup(tangent, slope, counter, rows(k))
        run = t.step if slow else t.fast_step
        show, move = narrate(k, slow) if narrate else (None, None)
        beats.append(Beat((FadeOut(shown), FadeIn(new)), run, t.pause if slow else 0.0, show))
        beats.append(Beat((Transform(fit, fit_at(k)),), run, 0.0, move))
        shown = new
    beats.append(Beat((FadeOut(shown[3]),), t.short_pause, 0.0, SILENT if narrate else None))
    return beats
