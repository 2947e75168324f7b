"""Addition shown as addition: two curves' heights stacked at a few inputs, then the sum
drawn through the stacked points; a bias shown as every point moving by the same amount.

The parts stay on screen (faded) while the sum is built, so the viewer sees what is being
added; nothing morphs into the sum. Heights come from the trace (forward pass on a grid).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import Arrow, Dot, Line, VGroup, RIGHT

from .style import PALETTE, SIZES

__all__ = ["stacked_heights", "shift_arrows", "sum_dots", "faded", "spaced"]


def stacked_heights(axes, x: float, first: float, second: float, colors: Sequence[str]) -> VGroup:
    """At input ``x``: a bar from 0 to ``first`` (first colour), then a bar of height
    ``second`` starting where the first ends (second colour), and a dot at the sum. The
    two bars stand side by side (a hair apart), so the second never hides the first when
    it goes back over it."""
    base, mid, top = axes.c2p(x, 0.0), axes.c2p(x, first), axes.c2p(x, first + second)
    width, apart = SIZES.curve * 1.2, RIGHT * 0.09
    return VGroup(
        Line(base - apart, mid - apart, color=colors[0], stroke_width=width),
        Line(mid + apart, top + apart, color=colors[1], stroke_width=width),
        Dot(top, radius=SIZES.dot * 1.1, color=PALETTE.squiggle),
    )


def sum_dots(axes, xs: Sequence[float], totals: Sequence[float]) -> VGroup:
    """Green dots at the sums (the points the sum curve will be drawn through)."""
    return VGroup(*[Dot(axes.c2p(x, y), radius=SIZES.dot, color=PALETTE.squiggle)
                    for x, y in zip(xs, totals)])


def shift_arrows(axes, xs: Sequence[float], before: Sequence[float], after: Sequence[float],
                 color: str = PALETTE.callout) -> VGroup:
    """Arrows from each point of a curve to where a bias moves it."""
    return VGroup(*[Arrow(axes.c2p(x, b), axes.c2p(x, a), buff=0.0, color=color,
                          stroke_width=SIZES.thin * 1.5, max_tip_length_to_length_ratio=0.4)
                    for x, b, a in zip(xs, before, after)])


def faded(mob, opacity: float = 0.35):
    """A copy of a curve kept on screen as a reference, lighter and thinner."""
    return mob.copy().set_stroke(opacity=opacity, width=SIZES.thin)


def spaced(grid: np.ndarray, count: int) -> np.ndarray:
    """``count`` indices evenly spread over ``grid``."""
    return np.unique(np.linspace(0, len(grid) - 1, count).round().astype(int))

