"""Pointing at what changes: an arrow and a short label, placed clear of everything else.

:func:`callout` tries the places around its target (above, below, left, right and the
corners, nearest first) and keeps the first whose label and arrow stay inside the frame
and touch none of the ``avoid`` mobjects, so a callout never lands on a label.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
from manim import (Animation, AnimationGroup, Arrow, FadeIn, GrowArrow, Mobject, VGroup,
                   config, DL, DOWN, DR, LEFT, RIGHT, UL, UP, UR)

from .style import PALETTE, SIZES
from .text import label

__all__ = ["callout", "show_callout", "boxes_touch", "inside_frame"]

_DIRECTIONS = (UP, DOWN, RIGHT, LEFT, UR, UL, DR, DL)


def boxes_touch(a: Mobject, b: Mobject, gap: float = 0.05) -> bool:
    """True when the bounding boxes of ``a`` and ``b`` come closer than ``gap``."""
    a_lo, a_hi = a.get_corner(DL), a.get_corner(UR)
    b_lo, b_hi = b.get_corner(DL), b.get_corner(UR)
    return bool(np.all(a_lo[:2] - gap < b_hi[:2]) and np.all(b_lo[:2] - gap < a_hi[:2]))


def inside_frame(mob: Mobject, margin: float = 0.15) -> bool:
    """True when ``mob`` lies inside the frame with ``margin`` to spare."""
    w, h = config.frame_width / 2 - margin, config.frame_height / 2 - margin
    lo, hi = mob.get_corner(DL), mob.get_corner(UR)
    return bool(lo[0] >= -w and hi[0] <= w and lo[1] >= -h and hi[1] <= h)


def _crosses(arrow: Arrow, mob: Mobject, samples: int = 12) -> bool:
    """True when the arrow's shaft passes through ``mob``'s bounding box."""
    lo, hi = mob.get_corner(DL), mob.get_corner(UR)
    start, end = arrow.get_start(), arrow.get_end()
    for f in np.linspace(0.1, 0.85, samples):  # the tip's own end is allowed to reach its target
        p = start + (end - start) * f
        if lo[0] <= p[0] <= hi[0] and lo[1] <= p[1] <= hi[1]:
            return True
    return False


def callout(target: Mobject | np.ndarray, text: str, avoid: Iterable[Mobject] = (),
            color: str = PALETTE.callout, size: int = SIZES.small, reach: float = 1.1,
            directions=_DIRECTIONS) -> VGroup:
    """An arrow pointing at ``target`` (a mobject or a point) with ``text`` at its tail.

    The label goes ``reach`` units away in the first of ``directions`` where it and the
    arrow fit the frame and clear ``avoid``; ``VGroup(arrow, label)`` is returned."""
    point = target.get_center() if isinstance(target, Mobject) else np.asarray(target, dtype=float)
    edge = target if isinstance(target, Mobject) else None
    avoid = [m for m in avoid if m is not None]
    words = label(text, color=color, size=size)
    best = None
    for scale in (1.0, 1.5, 2.0):
        for direction in directions:
            unit = np.asarray(direction, dtype=float) / np.linalg.norm(direction)
            tip = edge.get_boundary_point(direction) if edge is not None else point
            words.move_to(tip + unit * reach * scale)
            words.shift(unit * (abs(unit[0]) * words.width / 2 + abs(unit[1]) * words.height / 2))
            arrow = Arrow(words.get_boundary_point(-unit), tip, buff=0.08, color=color,
                          stroke_width=SIZES.thin * 1.5, max_tip_length_to_length_ratio=0.35)
            group = VGroup(arrow, words.copy())
            if best is None:
                best = group
            if inside_frame(group[1]) and inside_frame(arrow, 0.05) and not any(
                    boxes_touch(group[1], m) or _crosses(arrow, m) for m in avoid):
                return group
    return best


def show_callout(group: VGroup) -> Animation:
    """The arrow grows toward its target while its label fades in."""
    return AnimationGroup(GrowArrow(group[0]), FadeIn(group[1]))
