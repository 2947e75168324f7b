"""Grids of numbers: images, filters, feature maps and pooled maps, cell by cell.

Each cell is a square with its value written in it. Pixels are black (1) or white (0);
other values are tinted by sign and size (blue above 0, red below), so a filter or a
feature map can be read at a glance and its numbers still read at 480p.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from manim import Rectangle, Square, VGroup, interpolate_color, ManimColor

from scenes.common.numbers import fmt, fmt_input
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import label

__all__ = ["ValueGrid", "pixel_style", "signed_style", "window_frame"]

WHITE = "#FFFFFF"


def pixel_style(value: float, largest: float = 1.0) -> tuple[str, str]:
    """(fill, text colour) of an image pixel: 1 black with white text, 0 white with grey."""
    dark = float(value) >= 0.5 * largest
    return ("#222222", WHITE) if dark else (WHITE, PALETTE.muted)


def signed_style(largest: float) -> Callable[[float], tuple[str, str]]:
    """A colouring for signed values: blue tint above 0, red tint below, stronger with
    size relative to ``largest``; the text stays black."""
    top = max(float(largest), 1e-9)

    def style(value: float) -> tuple[str, str]:
        share = min(abs(float(value)) / top, 1.0) * 0.55
        end = PALETTE.top if value > 0 else PALETTE.residual
        fill = interpolate_color(ManimColor(WHITE), ManimColor(end), share) if value else ManimColor(WHITE)
        return fill.to_hex(), PALETTE.text

    return style


class ValueGrid(VGroup):
    """A rows x cols grid of squares with their values written in them.

    Attributes: ``values`` (the array shown), ``squares[i][j]``, ``numbers[i][j]``.
    ``integers`` writes values as 0 and 1 (pixels) instead of two decimals; ``room`` is the
    share of a cell's width a number may take before the grid's font shrinks.
    """

    def __init__(self, values, cell: float = 0.6, style: Callable[[float], tuple[str, str]] | None = None,
                 integers: bool = False, size: int = SIZES.small, stroke: str = PALETTE.axis,
                 numbers: bool = True, room: float = 0.84):
        super().__init__()
        self.values = np.asarray(values, dtype=float)
        self.cell = cell
        self.room = room
        self.integers = integers
        self.size = self._fitting_size(size)
        self.show_numbers = numbers
        self.style = style or (pixel_style if integers else signed_style(np.abs(self.values).max()))
        rows, cols = self.values.shape
        self.squares: list[list[Square]] = []
        self.numbers: list[list] = []
        for i in range(rows):
            row_sq, row_num = [], []
            for j in range(cols):
                fill, ink = self.style(self.values[i, j])
                sq = Square(side_length=cell, stroke_color=stroke, stroke_width=2,
                            fill_color=fill, fill_opacity=1.0)
                sq.move_to([(j - (cols - 1) / 2) * cell, ((rows - 1) / 2 - i) * cell, 0])
                num = self._number(self.values[i, j], ink).move_to(sq)
                row_sq.append(sq)
                row_num.append(num)
            self.squares.append(row_sq)
            self.numbers.append(row_num)
        self.add(*[s for r in self.squares for s in r], *[n for r in self.numbers for n in r])

    def _fitting_size(self, size: int) -> int:
        """The font size at which the widest value of this grid fits inside a cell, so
        every number of the grid is written at the same size."""
        widest = max((self.text_of(v) for v in self.values.ravel()), key=len)
        room = self.room * self.cell  # keep a margin inside the square's border
        width = label(widest, size=size).width
        return size if width <= room else max(8, int(size * room / width))

    def _number(self, value: float, ink: str):
        number = label(self.text_of(value), size=self.size, color=ink)
        if not self.show_numbers:
            number.set_opacity(0)
        return number

    def text_of(self, value: float) -> str:
        """How this grid writes ``value``."""
        return fmt_input(value) if self.integers else fmt(value)

    def cell_at(self, i: int, j: int) -> VGroup:
        """Square and number of cell (i, j) together."""
        return VGroup(self.squares[i][j], self.numbers[i][j])

    def restyled(self, i: int, j: int, value: float) -> VGroup:
        """A copy of cell (i, j) showing ``value`` in this grid's style (for Transform)."""
        fill, ink = self.style(value)
        sq = self.squares[i][j].copy().set_fill(fill, opacity=1.0)
        return VGroup(sq, self._number(value, ink).move_to(sq))

    def blank(self) -> "ValueGrid":
        """This grid with every value hidden: the squares only, white (a map still to fill)."""
        for row in self.squares:
            for sq in row:
                sq.set_fill(WHITE, opacity=1.0)
        for row in self.numbers:
            for num in row:
                num.set_opacity(0)
        return self


def window_frame(grid: ValueGrid, top: int, left: int, size: int, color: str,
                 width: float = 8.0) -> Rectangle:
    """A thick frame around the size x size block of ``grid`` whose top-left cell is
    (top, left): the filter's window or a pooling window."""
    corner_a = grid.squares[top][left].get_corner([-1, 1, 0])
    corner_b = grid.squares[top + size - 1][left + size - 1].get_corner([1, -1, 0])
    rect = Rectangle(width=abs(corner_b[0] - corner_a[0]), height=abs(corner_a[1] - corner_b[1]),
                     stroke_color=color, stroke_width=width)
    return rect.move_to((corner_a + corner_b) / 2)
