"""Axes, data points and curves drawn from arrays that came out of nnmath.

Curves are polylines through precomputed samples (a dense grid evaluated by nnmath in
one vectorised call), so nothing is recomputed while frames are drawn.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
from manim import Axes, DashedLine, Dot, Line, Text, VGroup, VMobject, DOWN, LEFT, RIGHT, UP

from .numbers import fmt_input
from .style import PALETTE, SIZES
from .text import label

__all__ = ["nice_range", "value_span", "x_axis_at", "plot_axes", "dosage_axes", "fitted_axes", "data_points",
           "scene_points", "curve", "residual_lines", "axes_numbers",
           "detach_numbers"]


def nice_range(values: Sequence[float], step: float = 0.5, pad: float = 0.0) -> tuple[float, float, float]:
    """An axis range (lo, hi, step) covering ``values`` with ends on multiples of ``step``."""
    lo, hi = min(values) - pad, max(values) + pad
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    if hi <= lo:
        hi = lo + step
    return lo, hi, step


def value_span(values: Sequence[float], step: float = 1.0, pad: float = 0.5,
               samples: int = 200) -> np.ndarray:
    """``samples`` evenly spaced values covering ``values`` (a parameter over every step)
    with a margin, rounded out to ``step``: the x values of a loss curve."""
    arr = np.asarray(values, dtype=float)
    lo, hi, _ = nice_range([float(arr.min()), float(arr.max())], step=step, pad=pad)
    return np.linspace(lo, hi, samples)


def x_axis_at(y_lo: float, y_hi: float) -> float:
    """Where :func:`plot_axes` draws the x axis over ``y_lo``..``y_hi``: at 0 when the range
    dips only a little below 0, else at the bottom."""
    return 0.0 if y_lo <= 0 <= y_hi and -y_lo <= 0.2 * (y_hi - y_lo) else y_lo


def plot_axes(x_range, y_range, width: float, height: float, x_label: str = "",
              y_label: str = "", x_ticks: Sequence[float] = (), y_ticks: Sequence[float] = (),
              through_origin: bool = False) -> Axes:
    """Plain black axes without arrow tips; tick labels only where asked (trace values).

    The axis lines are drawn at the plot's edges, not through the origin: the y axis at
    the left end of the x range (so nothing at x = 0 hides under it) and the x axis at
    y = 0 when the range dips only a little below 0, else at the bottom with a thin dashed
    line marking 0. Tick marks and numbers sit on the lines they number.
    ``through_origin``: the y axis at x = 0 instead (an activation function's plot)."""
    axes = Axes(
        x_range=list(x_range), y_range=list(y_range), x_length=width, y_length=height,
        tips=False,
        axis_config={"stroke_opacity": 0.0, "stroke_width": 0.0, "include_ticks": False},
    )
    x_lo, x_hi, y_lo, y_hi = x_range[0], x_range[1], y_range[0], y_range[1]
    base = x_axis_at(y_lo, y_hi)
    y_at = 0.0 if through_origin and x_lo <= 0 <= x_hi else x_lo
    line = dict(color=PALETTE.axis, stroke_width=SIZES.thin)
    extras, y_marks = VGroup(Line(axes.c2p(y_at, y_lo), axes.c2p(y_at, y_hi), **line),
                             Line(axes.c2p(x_lo, base), axes.c2p(x_hi, base), **line)), VGroup()
    if base != 0.0 and y_lo < 0 < y_hi:
        extras.add(DashedLine(axes.c2p(x_lo, 0.0), axes.c2p(x_hi, 0.0), color=PALETTE.muted,
                              stroke_width=SIZES.thin * 0.6, dash_length=0.1))
    if base == 0.0 and y_lo < 0:  # the x axis's numbers sit where the bottom number would be
        y_ticks = [y for y in y_ticks if y != y_lo]
    if base in y_ticks and 0 in x_ticks and x_lo != 0:
        x_ticks = [x for x in x_ticks if x != y_at]  # the corner keeps one number, the y axis's
    for x in x_ticks:
        mark = label(fmt_input(x), size=SIZES.tick)
        mark.is_tick = True  # an axis scale mark, not a trace value
        foot = axes.c2p(x, base)
        extras.add(Line(foot + UP * 0.08, foot + DOWN * 0.08, **line),
                   mark.next_to(foot, DOWN, buff=0.15))
    for y in y_ticks:
        mark = label(fmt_input(y), size=SIZES.tick)
        mark.is_tick = True
        foot = axes.c2p(y_at, y)
        extras.add(Line(foot + LEFT * 0.08, foot + RIGHT * 0.08, **line),
                   mark.next_to(foot, LEFT, buff=0.15))
        y_marks.add(mark)
    if x_label:
        middle = axes.c2p((x_lo + x_hi) / 2, base)
        extras.add(label(x_label, size=SIZES.small).next_to(middle, DOWN, buff=0.55))
    if y_label:
        middle = axes.c2p(x_lo, (y_lo + y_hi) / 2)
        name = label(y_label, size=SIZES.small).rotate(1.5708).next_to(middle, LEFT, buff=0.55)
        if len(y_marks):  # clear of the widest number on the axis
            name.set_x(min(name.get_x(), y_marks.get_left()[0] - 0.12 - name.width / 2))
        extras.add(name)
    axes.add(extras)
    return axes


def dosage_axes(inputs: Sequence[float], y_range, width: float = 5.5, height: float = 4.5,
                y_ticks: Sequence[float] = (), y_label: str = "Efficacy", pad: float = 0.0) -> Axes:
    """Dosage (x) against ``y_label`` (y), with the data's dosages as x tick labels; ``pad``
    widens the dosage range on both sides (so a mark at the first dosage is not hidden
    under the y axis)."""
    lo, hi = min(inputs), max(inputs)
    return plot_axes((lo - pad, hi + pad, (hi - lo) / 2 or 1.0), y_range, width, height,
                     "Dosage", y_label, x_ticks=list(inputs), y_ticks=y_ticks)


def fitted_axes(inputs, outputs, curve_values, step: float, width: float, height: float,
                pad: float = 0.0):
    """Dosage axes whose efficacy range covers the data and every plotted curve value
    (samples from a trace), with the data points on them. Returns (axes, dots)."""
    lo, hi, _ = nice_range([*outputs, float(min(curve_values)), float(max(curve_values))], step=step)
    whole = [float(y) for y in range(math.ceil(lo), math.floor(hi) + 1)]
    ticks = whole if 2 <= len(whole) <= 5 else [lo, 0, hi] if lo < 0 < hi else [lo, hi]
    axes = dosage_axes(list(inputs), (lo, hi, step), width, height, y_ticks=ticks, pad=pad)
    return axes, data_points(axes, inputs, outputs)


def data_points(axes: Axes, xs: Sequence[float], ys: Sequence[float],
                color: str = PALETTE.data) -> VGroup:
    """Black dots at the data."""
    return VGroup(*[Dot(axes.c2p(x, y), radius=SIZES.dot, color=color) for x, y in zip(xs, ys)])


def scene_points(axes: Axes, xs: Sequence[float], ys: Sequence[float]) -> np.ndarray:
    """The scene points (N, 3) of samples (xs, ys) on ``axes``, in one vectorised call."""
    return np.asarray(axes.c2p(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))).reshape(3, -1).T


def curve(axes: Axes, xs: Sequence[float], ys: Sequence[float], color: str,
          width: float = SIZES.curve) -> VMobject:
    """A bold polyline through samples (xs, ys) taken from a trace."""
    line = VMobject(color=color, stroke_width=width)
    line.set_points_as_corners(scene_points(axes, xs, ys))
    return line


def residual_lines(axes: Axes, xs, observed, predicted, color: str = PALETTE.residual) -> VGroup:
    """Bold dashed vertical lines from each prediction to its data point, drawn above the
    axes and curves."""
    return VGroup(*[
        DashedLine(axes.c2p(x, p), axes.c2p(x, o), color=color, stroke_width=SIZES.curve * 0.75,
                   dash_length=0.12).set_z_index(2)
        for x, o, p in zip(xs, observed, predicted)
    ])


def axes_numbers(axes: Axes) -> list:
    """The texts drawn on a plot's axes (tick numbers and axis names), to keep labels clear."""
    return [m for m in axes.get_family() if isinstance(m, Text)]


def detach_numbers(axes: Axes) -> VGroup:
    """Take a plot's texts (tick numbers, axis names) out of it, as their own group, so a
    rescale can fade the numbers while the axis lines stay put."""
    texts = VGroup()
    for parent in axes.get_family():
        for sub in list(parent.submobjects):
            if isinstance(sub, Text):
                parent.remove(sub)
                texts.add(sub)
    return texts
