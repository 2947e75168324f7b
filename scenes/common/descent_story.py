"""Gradient descent on one parameter, step by step, in beats any chapter can play.

At each step of a trace: the tangent of the SSR curve at the current value with its
slope, the step's equations (given by the chapter), then the fit on the data moving to
the new value. The first steps and the last are shown slowly; the rest run quickly.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from manim import (Dot, FadeIn, FadeOut, MoveAlongPath, Transform, VGroup, VMobject, DOWN, RIGHT,
                   UP)

import nnmath

from .beats import Beat, Shows, showing
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
                  narrate: Callable[[int, bool], Sequence[Say]] | None = None,
                  place_counter: Callable[[VMobject], VMobject] | None = None,
                  place_slope: Callable[[VMobject], VMobject] | None = None,
                  slope_text: Callable[[int], str] | None = None,
                  steady: bool = False, tangent_with: int = 0,
                  slope_word: str = "slope", keep_point: bool = False) -> list[Beat]:
    """Beats for every step of ``trace`` on ``param``.

    Args:
        panel: SSR-versus-``param`` axes (see panels.loss_panel), already on screen.
        fit: the curve or line on the data, already on screen; it is transformed in place.
        fit_at: the fit drawn with the values after step k (k + 1 rows into the trace).
        rows: the equations of step k, placed where they should appear.
        detailed: how many first steps are shown slowly (the last one always is).
        half_width: half the length of the tangent segment, in units of ``param``.
        narrate: what is said at step k. For a slow step, one sentence per row of
            ``rows(k)``: each row appears while its sentence is said (the first with the
            tangent), and with the last the point slides down the curve and the fit moves.
            For a fast step, one sentence for the whole step (SILENT to run on quietly).
            None: a chapter not narrated yet (everything of a step appears at once).
        place_counter: moves the "Step k" label into place (default: the top right corner).
        place_slope: moves the "slope = ..." label into place (default: under the panel).
        slope_text: the slope at step k as the chapter writes it (default: fmt_small).
        tangent_with: in a slow narrated step, the row the tangent and its slope appear
            with (default: the first).
        slope_word: the words before the slope's value in its label.
        keep_point: a slow step after another step keeps the point where the step before
            left it (only the old tangent and the written parts leave), and that point is
            the one that slides; the curve never loses its point.
        steady: in the fast steps only the written parts leave before the next step's
            come in; the point and its tangent are replaced in one move, so the plot never
            goes blank between steps.
    """
    i = trace.index(param)
    beats = []
    shown, shown_lines = VGroup(), VGroup()  # what step k - 1 left on screen; its equations
    shown_point = VGroup()  # its point (and tangent), part of ``shown``
    kept = None  # its point alone
    for k in range(trace.n_steps):
        first = len(beats)  # the beats of step k show its values (see Shows)
        slow = k < detailed or k == trace.n_steps - 1
        at = trace.params[k, i]
        span = [at - half_width, at + half_width]
        tangent = tangent_segment(panel, span, trace.tangent(param, k, span), (at, trace.loss[k]))
        written = slope_text(k) if slope_text else fmt_small(trace.gradients[k, i])
        slope = label(f"{slope_word} = {written}", size=SIZES.small,
                      color=PALETTE.tangent)
        if place_slope:
            slope = place_slope(slope)
        else:
            slope.next_to(panel, DOWN, buff=0.15)  # under the panel, clear of the curve
        counter = label(f"Step {k + 1}", size=SIZES.small)
        counter = place_counter(counter) if place_counter else counter.to_corner(UP + RIGHT, buff=0.3)
        lines = rows(k)
        new = VGroup(tangent, slope, counter, lines)
        run = t.step if slow else t.fast_step
        point = tangent
        if narrate is None:
            beats.append(Beat((FadeOut(shown), FadeIn(new)), run, t.pause if slow else 0.0))
            beats.append(Beat((Transform(fit, fit_at(k)),), run))
        elif slow:
            says = list(narrate(k, True))
            after = trace.params[k + 1, i] if k + 1 < trace.n_steps else trace.final_params[i]
            dot = tangent[1]
            if keep_point and kept is not None:
                going = [m for m in shown if m is not shown_point]
                going += [m for m in shown_point if m is not kept]
                beats.append(Beat((FadeOut(VGroup(*going)),), t.short_pause, 0.0, SILENT))
                dot = kept.set_z_index(max(kept.z_index, tangent[0].z_index + 1))
                touching = VGroup(tangent[0], slope)
            else:
                beats.append(Beat((FadeOut(shown),), t.short_pause, 0.0, SILENT))
                touching = VGroup(tangent, slope)
            beats.append(Beat((FadeIn(VGroup(counter, lines[0])),
                               *((FadeIn(touching),) if tangent_with == 0 else ())), run,
                              t.short_pause, says[0]))
            for j, (row, said) in enumerate(zip(lines[1:-1], says[1:-1]), start=1):
                beats.append(Beat((FadeIn(row), *((FadeIn(touching),) if j == tangent_with
                                                  else ())), run, t.short_pause, said))
            # the point itself slides to the new value (its tangent and slope belonged to
            # the old one); a grey point stays behind to mark the path
            beats.append(Beat((FadeIn(lines[-1]), Transform(fit, fit_at(k)), FadeOut(tangent[0]),
                               FadeOut(slope), _slide(panel, trace, param, k, at, after, dot),
                               FadeIn(_mark(panel, at, trace.loss[k]))), run * 2.5,
                              t.short_pause, says[-1]))
            new = VGroup(dot, counter, lines)  # tangent line and slope are gone
            point = dot
        elif steady:
            texts = VGroup(*[m for m in shown if m is not shown_point])
            beats.append(Beat((FadeOut(texts),), run / 3, 0.0, SILENT))
            beats.append(Beat((FadeOut(shown_point), FadeIn(new), Transform(fit, fit_at(k))), run,
                              0.0, narrate(k, False)[0]))
            point = tangent
        else:
            beats.append(Beat((FadeOut(shown),), run / 3, 0.0, SILENT))
            beats.append(Beat((FadeIn(new), Transform(fit, fit_at(k))), run, 0.0,
                              narrate(k, False)[0]))
        beats[first:] = showing(Shows(trace, step=k), beats[first:])
        shown, shown_lines = new, lines
        shown_point = point
        kept = point if point is not tangent else tangent[1]
    beats.append(Beat((FadeOut(shown_lines),), t.short_pause, 0.0, SILENT if narrate else None))
    return beats


def _slide(panel, trace: nnmath.Trace, param: str, k: int, start: float, end: float, dot):
    """The current point ``dot`` sliding along the loss curve from ``start`` to ``end``
    (step k's move)."""
    xs = np.linspace(start, end, 24)
    path = VMobject().set_points_as_corners(
        [panel.c2p(x, y) for x, y in zip(xs, trace.loss_curve(param, xs, k=k))])
    return MoveAlongPath(dot, path)


def _mark(panel, at: float, loss: float) -> Dot:
    """A small grey point where a step started: the path taken so far."""
    return Dot(panel.c2p(at, loss), radius=SIZES.dot * 0.7, color=PALETTE.muted)
