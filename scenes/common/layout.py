"""Small layout helpers that keep things inside the frame."""

from __future__ import annotations

from manim import config, LEFT, RIGHT

__all__ = ["keep_inside"]


def keep_inside(mob, margin: float = 0.2):
    """Shift ``mob`` back inside the frame if it sticks out left or right; returns it."""
    half = config.frame_width / 2 - margin
    if mob.get_right()[0] > half:
        mob.shift(LEFT * (mob.get_right()[0] - half))
    if mob.get_left()[0] < -half:
        mob.shift(RIGHT * (-half - mob.get_left()[0]))
    return mob
