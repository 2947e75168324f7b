"""Changing the values of a :class:`~scenes.common.grids.ValueGrid` in place, cell by cell,
without morphing digits: each square takes its new tint while its number is swapped (the
old one leaves upwards, the new one rises in), and only cells whose written value changes
are touched.
"""

from __future__ import annotations

import numpy as np
from manim import Animation, VGroup

from .grids import ValueGrid
from .text import swap

__all__ = ["swap_cell", "swap_values", "current"]


def swap_cell(grid: ValueGrid, i: int, j: int, value: float) -> list[Animation]:
    """Animations that make cell (i, j) of ``grid`` show ``value``; the grid's ``numbers``
    and ``values`` are updated at once to the new number, which is not added to the grid's
    family (changes can be built ahead of playing them; the new number joins the scene
    when it fades in). No animations when the written value stays the same."""
    if grid.text_of(value) == grid.text_of(grid.values[i, j]):
        return []
    fresh = grid.restyled(i, j, value)
    old, new = grid.numbers[i][j], fresh[1]
    moves = [grid.squares[i][j].animate.set_fill(fresh[0].get_fill_color(), opacity=1.0).build(),
             *swap(old, new, lift=grid.cell * 0.3)]
    grid.numbers[i][j] = new  # the new number is added to the scene by its FadeIn
    values = grid.values.copy()  # never write into the array the grid was made from
    values[i, j] = value
    grid.values = values
    return moves


def swap_values(grid: ValueGrid, values) -> list[Animation]:
    """Animations that make every cell of ``grid`` show ``values`` (same shape)."""
    new = np.asarray(values, dtype=float)
    return [a for i, j in np.ndindex(new.shape) for a in swap_cell(grid, i, j, new[i, j])]


def current(grid: ValueGrid) -> VGroup:
    """The squares of ``grid`` with the numbers it shows now (after any swaps): what to fade
    out or move when the grid goes."""
    return VGroup(*[sq for row in grid.squares for sq in row],
                  *[num for row in grid.numbers for num in row])
