"""Surfaces over two inputs (petal and sepal width) for a network with ReLU hidden nodes.

A ReLU node's output over two inputs is flat (0) on one side of a straight line, its
crease, and a tilted plane on the other. A mesh cut along every crease is therefore made
of flat pieces: each face is drawn through heights a trace computes at its corners
(``Trace.forward`` on any inputs), so planes stay planes and creases stay straight instead
of running as a staircase through the faces of a square grid. The same pieces give the
regions where each output is the largest, with straight, exact boundaries.

Nothing here computes a network: every height comes from a callable the scene passes in
(``lambda pts: trace.forward(pts).hidden[:, 0]``); the cuts only interpolate where such a
value crosses 0 along an edge, which is exact for values that are linear within a piece.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
from manim import ManimColor, ThreeDAxes, ThreeDVMobject, VGroup, VMobject, interpolate_color

from .contours import contour_lines
from .style import PALETTE, SIZES

__all__ = ["input_axes", "clip", "crease_pieces", "piece_surface", "edge_walls",
           "winner_regions", "region_shapes", "crease_points", "floor_grid"]

Values = Callable[[np.ndarray], np.ndarray]


def input_axes(z_range, width: float = 5.0, depth: float = 5.0, height: float = 3.6) -> ThreeDAxes:
    """Axes with petal width (x) and sepal width (y) from 0 to 1, and ``z_range`` up.

    The x axis runs along the square's front edge, where nothing stands in front of it: it
    is drawn over everything. The y axis is not drawn: a surface above it would hide it
    in pieces (its numbers go on the square's right edge instead)."""
    axes = ThreeDAxes(x_range=(0, 1, 0.5), y_range=(0, 1, 0.5), z_range=z_range,
                      x_length=width, y_length=depth, z_length=height, num_axis_pieces=4,
                      axis_config={"color": PALETTE.axis, "include_ticks": True,
                                   "include_tip": False, "stroke_width": SIZES.thin},
                      y_axis_config={"include_ticks": False})
    axes.x_axis.set_shade_in_3d(False)
    axes.y_axis.set_stroke(width=0, family=True)
    return axes


def clip(polygon: np.ndarray, values: np.ndarray, sign: float = 1.0) -> np.ndarray | None:
    """The part of ``polygon`` (m, 2) where ``sign * values`` >= 0, ``values`` given at its
    vertices and linear along its edges (Sutherland-Hodgman with one half-plane). None when
    less than a triangle is left. The vertices keep their order (their orientation)."""
    v = sign * np.asarray(values, dtype=float)
    kept = []
    m = len(polygon)
    for i in range(m):
        a, b = polygon[i], polygon[(i + 1) % m]
        va, vb = v[i], v[(i + 1) % m]
        if va >= 0:
            kept.append(a)
        if (va >= 0) != (vb >= 0):
            kept.append(a + (b - a) * (va / (va - vb)))
    if len(kept) < 3:
        return None
    kept = np.array(kept)
    area = 0.5 * abs(np.dot(kept[:, 0], np.roll(kept[:, 1], -1)) - np.dot(kept[:, 1], np.roll(kept[:, 0], -1)))
    return kept if area > 1e-9 else None


def crease_pieces(creases: Sequence[Values], cells: int = 8) -> list[np.ndarray]:
    """The unit square cut into ``cells`` x ``cells`` squares (counter-clockwise), each cut
    again along every crease: ``creases`` are callables giving a value at points (m, 2) that
    is linear in the inputs (a hidden node's sum before ReLU); its crease is where it is 0."""
    step = 1.0 / cells
    pieces = [np.array([[i * step, j * step], [(i + 1) * step, j * step],
                        [(i + 1) * step, (j + 1) * step], [i * step, (j + 1) * step]])
              for j in range(cells) for i in range(cells)]
    for values in creases:
        cut = []
        for piece in pieces:
            at = values(piece)
            for sign in (1.0, -1.0):
                part = clip(piece, at, sign)
                if part is not None:
                    cut.append(part)
        pieces = cut
    return pieces


def piece_surface(axes: ThreeDAxes, pieces: Sequence[np.ndarray], height: Values, colour: str,
                  opacity: float = 1.0, shade: bool = True) -> VGroup:
    """One shaded, flat face per piece, its corners at the heights ``height`` gives there
    (``shade=False``: one even colour, drawn over every shaded face, for a map seen from
    straight above)."""
    faces = VGroup()
    for piece in pieces:
        z = np.asarray(height(piece), dtype=float)
        corners = [axes.c2p(x, y, h) for (x, y), h in zip(piece, z)]
        face = ThreeDVMobject(fill_color=colour, fill_opacity=opacity, stroke_color=colour,
                              stroke_width=0.8, shade_in_3d=shade)
        face.set_points_as_corners([*corners, corners[0]])
        faces.add(face)
    return faces


def edge_walls(axes: ThreeDAxes, pieces: Sequence[np.ndarray], height: Values, colour: str,
               edges=((None, 0.0), (1.0, None)), tint: float = 0.45) -> VGroup:
    """Walls from the floor (height 0) up to the surface along edges of the square, a
    lighter shade of ``colour``, so the surface reads as a solid block: by default the
    front edge (second input 0) and the right edge (first input 1), the sides a camera
    in front and to the right sees. Each wall is cut where the pieces' corners meet the
    edge, so its top follows the surface exactly."""
    shade = interpolate_color(ManimColor(colour), ManimColor(PALETTE.background), tint)
    corners = np.vstack(pieces)
    walls = VGroup()
    for fixed_x, fixed_y in edges:
        axis = 0 if fixed_x is None else 1
        fixed = fixed_y if fixed_x is None else fixed_x
        on = np.isclose(corners[:, 1 - axis], fixed)
        ts = np.unique(np.round(corners[on, axis], 12))
        pts = np.zeros((len(ts), 2))
        pts[:, axis], pts[:, 1 - axis] = ts, fixed
        z = np.asarray(height(pts), dtype=float)
        for a in range(len(ts) - 1):
            (x0, y0), (x1, y1) = pts[a], pts[a + 1]
            quad = [axes.c2p(x0, y0, 0), axes.c2p(x1, y1, 0), axes.c2p(x1, y1, z[a + 1]),
                    axes.c2p(x0, y0, z[a])]
            wall = ThreeDVMobject(fill_color=shade, fill_opacity=1.0, stroke_color=shade,
                                  stroke_width=0.8, shade_in_3d=True)
            wall.set_points_as_corners([*quad, quad[0]])
            walls.add(wall)
    return walls


def crease_points(crease: Values, samples: int = 41) -> np.ndarray:
    """Points (samples, 2) along the straight line inside the unit square where the linear
    ``crease`` is 0, with the node's active side (sum > 0) on its left (empty when it does
    not cross the square). The line is contoured from the square's four corners
    (:func:`~scenes.common.contours.contour_lines`), which is exact for a linear sum."""
    ends = np.array([0.0, 1.0])
    corners = np.array([[x, y] for y in ends for x in ends])
    lines = contour_lines(ends, ends, np.asarray(crease(corners), dtype=float).reshape(2, 2), 0.0)
    if not lines:
        return np.zeros((0, 2))
    start, end = lines[0][0], lines[0][-1]
    return start + np.linspace(0.0, 1.0, samples)[:, None] * (end - start)


def winner_regions(pieces: Sequence[np.ndarray], scores: Values) -> list[list[np.ndarray]]:
    """For each output k, the polygons where its score is the largest: ``scores`` gives
    (m, K) values at points (m, 2), linear within each piece (cut along every crease)."""
    first = np.asarray(scores(pieces[0][:1]))
    regions: list[list[np.ndarray]] = [[] for _ in range(first.shape[-1])]
    for piece in pieces:
        for k in range(len(regions)):
            part = piece
            for other in range(len(regions)):
                if other == k or part is None:
                    continue
                s = np.asarray(scores(part))
                part = clip(part, s[:, k] - s[:, other])
            if part is not None:
                regions[k].append(part)
    return regions


def region_shapes(axes, regions: Sequence[Sequence[np.ndarray]], colours: Sequence[str],
                  opacity: float = 1.0) -> VGroup:
    """One filled 2-D shape per output (on 2-D ``axes``), made of that output's polygons."""
    shapes = VGroup()
    for polygons, colour in zip(regions, colours):
        shape = VMobject(fill_color=colour, fill_opacity=opacity, stroke_color=colour,
                         stroke_width=1.0)
        for polygon in polygons:
            corners = [axes.c2p(x, y) for x, y in polygon]
            shape.start_new_path(corners[0])
            shape.add_points_as_corners([*corners[1:], corners[0]])
        shapes.add(shape)
    return shapes


def floor_grid(axes: ThreeDAxes, step: float = 0.25, colour: str = PALETTE.axis,
               width: float = 1.0, border: float = 2.5) -> VGroup:
    """The unit square on the floor (height 0): a faint grid every ``step`` and a bolder
    border, cut into short segments so the 3-D camera draws each at its own depth (a
    surface above the floor hides the grid under it, a surface below is seen under it)."""
    ts = np.linspace(0.0, 1.0, int(round(1.0 / step)) + 1)
    segments = VGroup()
    for c in ts:
        edge = np.isclose(c, 0.0) or np.isclose(c, 1.0)
        for a, b in zip(ts[:-1], ts[1:]):
            for start, end in (((a, c), (b, c)), ((c, a), (c, b))):
                seg = ThreeDVMobject(stroke_color=colour, stroke_width=border if edge else width,
                                     stroke_opacity=1.0 if edge else 0.45, fill_opacity=0.0,
                                     shade_in_3d=True)
                seg.set_points_as_corners([axes.c2p(*start, 0.0), axes.c2p(*end, 0.0)])
                segments.add(seg)
    return segments
