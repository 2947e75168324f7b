"""How numbers are written on screen: the one formatter every scene uses."""

from __future__ import annotations

import math

__all__ = ["fmt", "fmt_small", "fmt_signed", "fmt_factor", "fmt_input"]


def fmt(value: float, places: int = 2) -> str:
    """A trace value as the lecture writes it: two decimals (``-1.30``, ``2.61``), no "-0.00"."""
    text = f"{float(value):.{places}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text


def fmt_small(value: float, places: int = 2, below: float = 0.1) -> str:
    """Like :func:`fmt`, but a value smaller than ``below`` keeps two significant figures
    (``-0.0093``, ``-0.057``), so that a slope, a step size and their product written side
    by side agree, and a tiny step size does not read as 0."""
    v = float(value)
    if v == 0 or abs(v) >= below or not math.isfinite(v):
        return fmt(v, places)
    digits = max(places, 1 - math.floor(math.log10(abs(v))))
    return f"{v:.{digits}f}"


def fmt_factor(value: float, places: int = 2) -> str:
    """A value written after a multiplication sign: negative ones in brackets, ``(-1.30)``."""
    text = fmt(value, places)
    return f"({text})" if text.startswith("-") else text


def fmt_input(value: float) -> str:
    """A data input such as a dosage: ``0``, ``0.5``, ``1``."""
    v = float(value)
    return str(int(v)) if v == int(v) else f"{v:g}"


def fmt_signed(value: float, places: int = 2) -> str:
    """``+ 2.14`` or ``- 0.58``: a value written after another term."""
    text = fmt(value, places)
    return f"- {text[1:]}" if text.startswith("-") else f"+ {text}"
