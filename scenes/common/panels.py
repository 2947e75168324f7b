"""Panels: one node's activation curve with the slice the node uses, and a loss curve
with its tangent. Values arrive from nnmath; these functions only place them."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
from manim import Axes, Dot, Line, VGroup, RIGHT, UP

import nnmath

from .plots import curve, nice_range, plot_axes
from .text import label
from .style import PALETTE, SIZES

__all__ = ["activation_panel", "loss_panel", "tangent_segment"]


def activation_panel(activation: str, x_lo: float, x_hi: float, width: float = 5.0,
                     height: float = 2.8, samples: int = 200, color: str = PALETTE.muted) -> Axes:
    """Axes holding the whole activation curve (grey unless ``color`` is given; nnmath
    computes it) and its name."""
    xs = np.linspace(x_lo, x_hi, samples)
    ys = nnmath.get_activation(activation)(xs)
    y_lo, y_hi, _ = nice_range([0.0, *ys], step=0.5)
    axes = plot_axes((x_lo, x_hi, (x_hi - x_lo) / 4), (y_lo, y_hi, 0.5), width, height,
                     through_origin=True, x_ticks=[x_lo, 0.0, x_hi] if x_lo < 0 < x_hi
                     else [x_lo, x_hi], y_ticks=[y_hi])
    axes.add(curve(axes, xs, ys, color, SIZES.curve))
    y_at = 0.0 if x_lo <= 0 <= x_hi else x_lo  # where the y axis is drawn
    axes.add(label(activation, size=SIZES.small, color=color)  # above the y axis, right of it
             .next_to(axes.c2p(y_at, y_hi), UP + RIGHT, buff=0.1))
    return axes


def loss_panel(xs: Sequence[float], losses: Sequence[float], x_name: str, width: float = 5.2,
               height: float = 3.8, color: str = PALETTE.text, y_name: str = "SSR",
               y_step: float = 5.0, numbered: bool = False, curve_apart: bool = False) -> Axes:
    """The loss (y) against one parameter (x) with its curve (values from
    Trace.loss_curve). ``numbered``: the loss axis is numbered too (0, the middle, the top).
    ``curve_apart``: the curve is not part of the axes but kept as ``axes.loss_curve``, so
    a scene can draw the axes first and the curve after."""
    x_lo, x_hi = float(xs[0]), float(xs[-1])
    y_lo, y_hi, y_step = nice_range([0.0, *losses], step=y_step)
    y_ticks = [y_lo, (y_lo + y_hi) / 2, y_hi] if numbered else []
    whole = range(math.ceil(x_lo), math.floor(x_hi) + 1)
    x_ticks = ([float(x) for x in whole] if numbered and len(whole) <= 7
               else [x_lo, 0.0, x_hi] if x_lo < 0 < x_hi else [x_lo, x_hi])
    axes = plot_axes((x_lo, x_hi, (x_hi - x_lo) / 4), (y_lo, y_hi, y_step), width, height,
                     x_label=x_name, y_label=y_name, x_ticks=x_ticks, y_ticks=y_ticks)
    axes.loss_curve = curve(axes, xs, losses, color, SIZES.curve)
    if not curve_apart:
        axes.add(axes.loss_curve)
    return axes


def tangent_segment(axes: Axes, xs: Sequence[float], ys: Sequence[float], at: tuple[float, float],
                    color: str = PALETTE.tangent) -> VGroup:
    """The tangent line through two points from Trace.tangent, with a dot where it touches."""
    line = Line(axes.c2p(xs[0], ys[0]), axes.c2p(xs[-1], ys[-1]), color=color, stroke_width=SIZES.curve * 0.8)
    return VGroup(line, Dot(axes.c2p(*at), radius=SIZES.dot, color=color))
