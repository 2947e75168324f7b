"""Contour lines of values on a grid, found by contourpy (the contouring library behind
Matplotlib): where a value computed by nnmath on a grid crosses a level, as polylines in
the grid's own units, ready to be placed on axes.

contourpy interpolates linearly along each grid edge and joins the crossings into whole
lines, each followed with the higher values on its left. For a value that is linear in
both inputs (a ReLU node's sum before ReLU) the crossings are exact on any grid, even on
the four corners of a square.
"""

from __future__ import annotations

import numpy as np
from contourpy import LineType, contour_generator

__all__ = ["contour_lines"]


def contour_lines(xs, ys, values, level: float) -> list[np.ndarray]:
    """The lines where ``values`` (shaped (len(ys), len(xs)), row i at ys[i]) equals
    ``level``: a list of (n, 2) arrays of (x, y) points, each line with the higher values
    on its left (a closed line ends where it starts). Empty when the level is not crossed."""
    grid = contour_generator(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float),
                             np.asarray(values, dtype=float), line_type=LineType.Separate)
    return [np.asarray(line, dtype=float) for line in grid.lines(float(level))]
