"""A contour map of the SSR over two parameters, so a run's path can be drawn on top.

The SSR values come from Trace.loss_grid in one vectorised call; contourpy finds where
each contour level crosses the grid (:mod:`scenes.common.contours`) and this module draws
those lines. Drawn as vectors, the map stays sharp at every quality and needs no image
support from the renderer.
"""

from __future__ import annotations

import numpy as np
from manim import VGroup, VMobject, interpolate_color, ManimColor

import nnmath

from .contours import contour_lines
from .plots import curve, plot_axes, scene_points
from .style import PALETTE, SIZES

__all__ = ["loss_map", "level_contour", "path_line"]

_LOW, _HIGH = "#5B8FD6", "#C9D3E0"  # contour colours from the valley floor to the rim


def _lines_mobject(axes, lines: list[np.ndarray], color, width: float) -> VMobject:
    """One VMobject holding every contour line as its own path of straight pieces."""
    mob = VMobject(color=color, stroke_width=width)
    for line in lines:
        corners = scene_points(axes, line[:, 0], line[:, 1])
        mob.start_new_path(corners[0])
        mob.add_points_as_corners(corners[1:])
    return mob


def loss_map(trace: nnmath.Trace, x_name: str, x_range, y_name: str, y_range,
             width: float = 4.6, height: float = 4.0, samples: int = 90, levels: int = 10,
             k: int | None = None) -> VGroup:
    """Axes of (x_name, y_name) with contour lines of the SSR (the other parameters held
    at step k; None: final). Levels are spaced more densely near the bottom of the valley.
    Returns VGroup(axes, contours); place points with ``[0].c2p``."""
    xs = np.linspace(x_range[0], x_range[1], samples)
    ys = np.linspace(y_range[0], y_range[1], max(int(samples * height / width), 2))
    values = trace.loss_grid(x_name, xs, y_name, ys, k=k)
    axes = plot_axes((x_range[0], x_range[1], (x_range[1] - x_range[0]) / 4),
                     (y_range[0], y_range[1], (y_range[1] - y_range[0]) / 4), width, height,
                     x_label=x_name, y_label=y_name,
                     x_ticks=[x_range[0], (x_range[0] + x_range[1]) / 2, x_range[1]],
                     y_ticks=[(y_range[0] + y_range[1]) / 2, y_range[1]])  # corner: x's number
    lo, hi = float(values.min()), float(values.max())
    contours = VGroup()
    for i in range(1, levels + 1):
        share = i / (levels + 1)
        level = lo + (hi - lo) * share ** 2
        colour = interpolate_color(ManimColor(_LOW), ManimColor(_HIGH), share)
        contours.add(_lines_mobject(axes, contour_lines(xs, ys, values, level), colour, SIZES.thin))
    return VGroup(axes, contours)


def path_line(axes, xs, ys, color: str = PALETTE.text, width: float = SIZES.thin) -> VMobject:
    """A polyline through a run's parameter values (from a trace) on the map's axes."""
    return curve(axes, xs, ys, color, width)


def level_contour(trace: nnmath.Trace, axes, x_name: str, y_name: str, level: float,
                  color: str = PALETTE.tangent, samples: int = 90, k: int | None = None) -> VMobject:
    """The one contour line of ``trace``'s SSR at ``level`` (a trace value, such as the SSR
    where a run starts) on a map's axes (see :func:`loss_map`), drawn bold."""
    (x_lo, x_hi), (y_lo, y_hi) = axes.x_range[:2], axes.y_range[:2]
    xs = np.linspace(x_lo, x_hi, samples)
    ys = np.linspace(y_lo, y_hi, samples)
    values = trace.loss_grid(x_name, xs, y_name, ys, k=k)
    return _lines_mobject(axes, contour_lines(xs, ys, values, level), color, SIZES.thin)
