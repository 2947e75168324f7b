"""Surfaces over two inputs (petal and sepal width), drawn from values a trace computed on
its square grid (``Trace.grid_inputs``): the vertices of the surface are exactly the grid
points, so nothing is interpolated or recomputed here."""

from __future__ import annotations

import numpy as np
from manim import Surface, ThreeDAxes, VGroup, VMobject

from .style import PALETTE

__all__ = ["grid_surface", "choice_map", "input_axes"]


def input_axes(z_range, width: float = 5.0, depth: float = 5.0, height: float = 3.6) -> ThreeDAxes:
    """Axes with petal width (x) and sepal width (y) from 0 to 1, and ``z_range`` up."""
    return ThreeDAxes(x_range=(0, 1, 0.5), y_range=(0, 1, 0.5), z_range=z_range,
                      x_length=width, y_length=depth, z_length=height, num_axis_pieces=4,
                      axis_config={"color": PALETTE.axis, "include_ticks": True,
                                   "include_tip": False})


def grid_surface(axes: ThreeDAxes, values: np.ndarray, colour: str, opacity: float = 0.75,
                 stride: int = 1) -> Surface:
    """The surface through ``values`` (n, n) on the unit-square grid: entry [j, i] sits
    above (i / (n - 1), j / (n - 1)). ``stride`` keeps every stride-th grid line (n - 1
    must be divisible by it) for a lighter mesh."""
    vals = np.asarray(values, dtype=float)
    n = vals.shape[0]
    if (n - 1) % stride:
        raise ValueError(f"a grid of {n} points cannot be thinned by {stride}")
    cells = (n - 1) // stride

    def point(u, v):
        i, j = int(round(u * (n - 1))), int(round(v * (n - 1)))
        return axes.c2p(u, v, vals[j, i])

    surface = Surface(point, u_range=(0, 1), v_range=(0, 1), resolution=(cells, cells),
                      fill_color=colour, fill_opacity=opacity, checkerboard_colors=False,
                      stroke_color=colour, stroke_width=0.4)
    return surface


def choice_map(axes: ThreeDAxes, choice: np.ndarray, colours, z: float,
               opacity: float = 0.85) -> VGroup:
    """Flat tiles at height ``z``, one per grid point (cut in half at the edges), each
    in the colour of the output that wins there (``choice`` from ArgMax, shape (n, n)).

    The tiles of one colour are drawn as one shape (one closed path per tile): a frame
    then draws one object per output instead of one per grid point (441 at 21 x 21)."""
    n = choice.shape[0]
    half = 0.5 / (n - 1)
    tiles = VGroup()
    for k, colour in enumerate(colours):
        shape = VMobject(stroke_width=0, fill_color=colour, fill_opacity=opacity)
        for j, i in zip(*np.nonzero(np.asarray(choice) == k)):
            x0, x1 = max(i / (n - 1) - half, 0), min(i / (n - 1) + half, 1)
            y0, y1 = max(j / (n - 1) - half, 0), min(j / (n - 1) + half, 1)
            corners = [axes.c2p(x, y, z) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
            shape.start_new_path(corners[0])
            shape.add_points_as_corners([*corners[1:], corners[0]])
        if shape.has_points():
            tiles.add(shape)
    return tiles
