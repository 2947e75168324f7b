"""A contour map of the SSR over two parameters, so a run's path can be drawn on top.

The SSR values come from Trace.loss_grid in one vectorised call; this module only finds
where each contour level crosses the grid (marching squares, vectorised over cells) and
draws those crossings as line segments. Drawn as vectors, the map stays sharp at every
quality and needs no image support from the renderer.
"""

from __future__ import annotations

import numpy as np
from manim import VGroup, VMobject, interpolate_color, ManimColor

import nnmath

from .plots import curve, plot_axes, scene_points
from .style import PALETTE, SIZES

__all__ = ["contour_segments", "loss_map", "level_contour", "path_line"]

_LOW, _HIGH = "#5B8FD6", "#C9D3E0"  # contour colours from the valley floor to the rim


def contour_segments(xs: np.ndarray, ys: np.ndarray, values: np.ndarray, level: float) -> np.ndarray:
    """Line segments where ``values`` (shaped (len(ys), len(xs))) crosses ``level``.

    Returns an array (segments, 2 ends, 2 coordinates) in the units of xs and ys.
    """
    v = np.asarray(values, dtype=float) - level
    a, b = v[:-1, :-1], v[:-1, 1:]  # bottom-left, bottom-right of each cell
    d, c = v[1:, :-1], v[1:, 1:]  # top-left, top-right
    x0, x1 = np.meshgrid(xs[:-1], ys[:-1])[0], np.meshgrid(xs[1:], ys[:-1])[0]
    y0, y1 = np.meshgrid(xs[:-1], ys[:-1])[1], np.meshgrid(xs[:-1], ys[1:])[1]

    def cross(p, q):
        with np.errstate(divide="ignore", invalid="ignore"):
            t = p / (p - q)
        return np.where((p < 0) != (q < 0), t, np.nan)

    edges = [  # (crossing fraction, x at the crossing, y at the crossing) per cell edge
        (tb := cross(a, b), x0 + tb * (x1 - x0), y0),  # bottom
        (tr := cross(b, c), x1, y0 + tr * (y1 - y0)),  # right
        (tt := cross(d, c), x0 + tt * (x1 - x0), y1),  # top
        (tl := cross(a, d), x0, y0 + tl * (y1 - y0)),  # left
    ]
    points = np.stack([np.stack([ex, ey], axis=-1) for _, ex, ey in edges], axis=-2)
    valid = np.stack([~np.isnan(t) for t, _, _ in edges], axis=-1)
    order = np.argsort(~valid, axis=-1, kind="stable")  # crossed edges first
    points = np.take_along_axis(points, order[..., None], axis=-2)
    count = valid.sum(axis=-1)
    first = points[count >= 2][:, 0:2]
    second = points[count == 4][:, 2:4]  # a saddle cell holds two segments
    return np.concatenate([first, second], axis=0)


def _segments_mobject(axes, segments: np.ndarray, color, width: float) -> VMobject:
    """One VMobject holding every segment as its own straight piece."""
    mob = VMobject(color=color, stroke_width=width)
    if len(segments) == 0:
        return mob
    starts = scene_points(axes, segments[:, 0, 0], segments[:, 0, 1])
    ends = scene_points(axes, segments[:, 1, 0], segments[:, 1, 1])
    thirds = [starts, starts + (ends - starts) / 3, starts + 2 * (ends - starts) / 3, ends]
    mob.points = np.stack(thirds, axis=1).reshape(-1, 3)
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
        contours.add(_segments_mobject(axes, contour_segments(xs, ys, values, level), colour, SIZES.thin))
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
    return _segments_mobject(axes, contour_segments(xs, ys, values, level), color, SIZES.thin)
