"""A DecimalNumber that changes its digits cheaply, for numbers rewritten on every frame.

Manim's ``DecimalNumber.set_value`` rebuilds the whole number, copying a MathTex glyph per
character, which costs milliseconds per number per frame. ``TabularNumber`` lays its
characters out in fixed slots (every digit slot as wide as the widest digit, so digits do
not jitter as they change), each slot one persistent VMobject. Changing the value to one
written with the same layout (same length, sign, comma and point places) only gives the
slots whose character changed the outline of their new character, taken from a cache of
glyph outlines and placed by the slot's current position and scale: no copy of a
mobject, no LaTeX. Any other change rebuilds the slots as ``DecimalNumber`` does.

It is still a DecimalNumber: ``get_value``, ``num_decimal_places`` and the written string
read as before.
"""

from __future__ import annotations

import numpy as np
from manim import ORIGIN, DecimalNumber, VMobject

__all__ = ["TabularNumber"]

_EMPTY = np.zeros((0, 3))


def _layout_key(text: str) -> str:
    """The places of the characters that fix the slots (every digit reads as 0)."""
    return "".join("0" if c.isdigit() else c for c in text)


class TabularNumber(DecimalNumber):
    """A DecimalNumber in fixed-width digit slots whose digits change without rebuilding.

    ``whole=True`` shows and returns whole numbers (as manim's Integer)."""

    def __init__(self, number: float = 0, *, whole: bool = False, **kwargs):
        self._whole = whole
        self._outlines: dict[str, np.ndarray] = {}  # character -> outline, box corner at 0
        self._slots: list[VMobject] = []
        self._local: list[np.ndarray] = []  # each slot's outline in the layout's own frame
        self._text = ""
        if whole:
            kwargs["num_decimal_places"] = 0
        super().__init__(number, **kwargs)

    def get_value(self):
        value = super().get_value()
        return int(np.round(value)) if self._whole else value

    # the outlines -------------------------------------------------------------------

    def _outline(self, char: str) -> np.ndarray:
        """The points of ``char`` at this number's font size, its box's lower left at 0."""
        if char not in self._outlines:
            glyph = self._string_to_mob(char)
            points = np.concatenate([m.points for m in glyph.family_members_with_points()] or [_EMPTY])
            if len(points):
                points = points - np.array([points[:, 0].min(), points[:, 1].min(), 0.0])
            self._outlines[char] = points
        return self._outlines[char]

    def _size(self, char: str) -> tuple[float, float]:
        points = self._outline(char)
        return (float(np.ptp(points[:, 0])), float(np.ptp(points[:, 1]))) if len(points) else (0.0, 0.0)

    def _digit_width(self) -> float:
        return max(self._size(d)[0] for d in "0123456789")

    def _place(self, text: str) -> list[tuple[float, float]]:
        """Each character's lower-left corner in the layout's own frame: digits centred in
        slots of the widest digit's width, a minus sign's top at the middle of the digit
        after it and a comma dropped by half its height (as DecimalNumber places them)."""
        buff = self.digit_buff_per_font_unit * self._font_size
        digit, digit_height = self._digit_width(), self._size("0")[1]
        corners, x = [], 0.0
        for c in text:
            width, height = self._size(c)
            advance = digit if c.isdigit() else width
            y = 0.0
            if c == "-":
                y = digit_height / 2 - height
            elif c == ",":
                y = -height / 2
            corners.append((x + (advance - width) / 2, y))
            x += advance + buff
        return corners

    # building -----------------------------------------------------------------------

    def _set_submobjects_from_number(self, number: float) -> None:
        """Lay ``number`` out in slots at the origin (the frame DecimalNumber builds in);
        slots already made are kept (so their style is), extra ones emptied."""
        self.number = number
        text = self._get_num_string(number)
        while len(self._slots) < len(text):
            slot = VMobject()
            if self._slots:
                slot.match_style(self._slots[0])
            self._slots.append(slot)
        for slot in self._slots[len(text):]:
            slot.points = _EMPTY.copy()  # a renderer holding on to it draws nothing
        self._local = []
        for slot, c, (x, y) in zip(self._slots, text, self._place(text)):
            local = self._outline(c) + np.array([x, y, 0.0])
            self._local.append(local)
            slot.points = local.copy()
        self.submobjects = list(self._slots[:len(text)])
        self._text = text
        self._frame_shift = -self.get_center()
        self.move_to(ORIGIN)
        self.initial_height = self.height

    def set_value(self, number: float):
        text = self._get_num_string(number)
        if _layout_key(text) == _layout_key(self._text) and self._swap(text):
            self.number = number
            return self
        # a new layout: as DecimalNumber.set_value, but the slots are kept (with their
        # style) rather than replaced, and slots no longer used are emptied
        font_size = self.font_size
        anchor = self.get_edge_center(self.edge_to_fix)
        self._set_submobjects_from_number(number)
        self.font_size = font_size
        self.move_to(anchor, self.edge_to_fix)
        return self

    def _frame(self) -> tuple[float, np.ndarray] | None:
        """The scale and shift that take the layout's own frame to where the slots are now
        (None when the slots were moved apart, reshaped or emptied since)."""
        first, last = 0, len(self.submobjects) - 1
        local = self._local[first] + self._frame_shift
        now = self.submobjects[first].points
        if len(now) != len(local) or not len(now):
            return None
        spread = np.linalg.norm(local - local.mean(axis=0))
        if spread == 0:
            return None
        scale = float(np.linalg.norm(now - now.mean(axis=0)) / spread)
        shift = now.mean(axis=0) - scale * local.mean(axis=0)
        for i in (first, last):
            expect = scale * (self._local[i] + self._frame_shift) + shift
            points = self.submobjects[i].points
            if points.shape != expect.shape or not np.allclose(points, expect, atol=1e-6):
                return None
        return scale, shift

    def _swap(self, text: str) -> bool:
        """Give each slot whose character changes its new outline; False when the slots
        are not where the layout put them (the caller then rebuilds)."""
        frame = self._frame()
        if frame is None:
            return False
        scale, shift = frame
        corners = self._place(text)
        for i, (old, new) in enumerate(zip(self._text, text)):
            if old == new:
                continue
            x, y = corners[i]
            local = self._outline(new) + np.array([x, y, 0.0])
            self._local[i] = local
            self.submobjects[i].points = scale * (local + self._frame_shift) + shift
        self._text = text
        return True

