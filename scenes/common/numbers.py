"""How numbers are written on screen: the one formatter every scene uses."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["fmt", "fmt_small", "fmt_signed", "fmt_factor", "fmt_input", "agreeing_places",
           "sum_places", "rounded", "shown", "relation", "written_sum_is",
           "written_product_is", "decimals"]


def fmt(value: float, places: int = 2) -> str:
    """A trace value as the lecture writes it: two decimals (``-1.30``, ``2.61``), no "-0.00"."""
    text = f"{float(value):.{places}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text


def fmt_small(value: float, places: int = 2, below: float = 0.1, figures: int = 2) -> str:
    """Like :func:`fmt`, but a value smaller than ``below`` keeps two significant figures
    (``-0.0093``, ``-0.057``), so that a slope, a step size and their product written side
    by side agree, and a tiny step size does not read as 0. ``figures``: significant
    figures of such a small value (3 where it is compared with a limit it is close to)."""
    v = float(value)
    if v == 0 or abs(v) >= below or not math.isfinite(v):
        return fmt(v, places)
    digits = max(places, figures - 1 - math.floor(math.log10(abs(v))))
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


def agreeing_places(check, start: int = 2, most: int = 5) -> int:
    """The fewest decimal places, from ``start`` to ``most``, at which ``check(places)`` is
    true: shown arithmetic that a student can redo with a calculator at the precision shown.
    Returns ``most`` when none agrees sooner (the relation is then off by at most one unit
    in the last place of ``most`` decimals)."""
    for places in range(start, most + 1):
        if check(places):
            return places
    return most


def shown(value: float, places: int) -> Decimal:
    """``value`` exactly as it is written with ``places`` decimals."""
    return Decimal(fmt(value, places))


def rounded(value: Decimal, places: int) -> Decimal:
    """``value`` rounded as a student rounds it (halves away from zero)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def sum_places(terms, total: float, start: int = 2, most: int = 5) -> int:
    """Places at which the shown ``terms`` add up to the shown ``total`` exactly."""
    def check(p):
        return sum((shown(t, p) for t in terms), Decimal(0)) == shown(total, p)
    return agreeing_places(check, start, most)


def relation(check, places: int = 2) -> str:
    """``=`` when ``check(places)`` holds (the shown numbers give the shown result exactly),
    else ``\\approx``: the result was computed from unrounded values, and says so."""
    return "=" if check(places) else r"\approx"


def decimals(text: str) -> int:
    """How many decimals a written number has."""
    return len(text.split(".")[1]) if "." in text else 0


def written_sum_is(result: str, *terms: str) -> bool:
    """True when the written ``terms`` add up exactly to the written ``result``."""
    return sum((Decimal(t) for t in terms), Decimal(0)) == Decimal(result)


def written_product_is(result: str, *factors: str) -> bool:
    """True when the product of the written ``factors``, rounded (halves away from zero) to
    as many decimals as ``result`` has, is the written ``result``."""
    product = Decimal(1)
    for f in factors:
        product *= Decimal(f)
    return rounded(product, decimals(result)) == Decimal(result)


def written_quotient_is(result: str, numerator: str, denominator: str) -> bool:
    """True when the written ``numerator`` over the written ``denominator``, rounded (halves
    away from zero) to as many decimals as ``result`` has, is the written ``result``."""
    return rounded(Decimal(numerator) / Decimal(denominator), decimals(result)) == Decimal(result)
