"""Equations that more than one chapter writes, with a trace's numbers plugged in."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from manim import VGroup

import nnmath
from nnmath.loss import residuals

from .numbers import (agreeing_places, decimals, fmt, fmt_factor, fmt_input, fmt_small, relation,
                      rounded, shown, written_product_is, written_sum_is)
from .style import SIZES
from .text import equation, stacked

__all__ = ["ssr_sum", "step_equations", "tidy", "squared_residuals", "LineStep", "line_step"]


def ssr_sum(trace: nnmath.Trace, k: int) -> VGroup:
    """SSR = sum of (observed - predicted)^2 with step k's numbers plugged in."""
    terms = " + ".join(
        rf"({fmt_input(o)} - {fmt_factor(p)})^2" for o, p in zip(trace.outputs, trace.predictions[k])
    )
    return stacked(equation(rf"\text{{SSR}} = {terms}"), equation(rf"= {fmt(trace.loss[k])}"))


def step_equations(step: nnmath.Step, param: str, tex_name: str,
                   size: int = SIZES.equation - 4) -> list:
    """One gradient-descent step for ``param`` as the lecture writes it: "Step size =
    slope x learning rate = size" and "New <tex_name> = old - (size) = new"."""
    slope, step_size = step.gradients[param], step.step_sizes[param]
    return [
        equation(rf"\text{{Step size}} = {fmt_small(slope)} \times {fmt_input(step.learning_rate)}"
                 rf" = {fmt_small(step_size)}", size=size),
        equation(rf"\text{{New }} {tex_name} = {fmt(step.params[param])} - ({fmt_small(step_size)})"
                 rf" = {fmt(step.new_params[param])}", size=size),
    ]


def tidy(value: float, places: int = 2) -> str:
    """``value`` with ``places`` decimals, or shorter when that is exact (``0``, ``0.5``,
    ``0.64``): a start value or a data value is written as it was set."""
    short = fmt_input(value)
    return short if len(short.split(".")[-1]) <= places and float(short) == float(value) \
        else fmt(value, places)


def squared_residuals(trace: nnmath.Trace, k: int, size: int = SIZES.equation - 4):
    """SSR = r1^2 + r2^2 + ... = total at step k, the residuals written with the fewest
    decimals at which their squares add up to the SSR as shown (two decimals). Returns
    (equation, residuals as written)."""
    r = residuals(trace.outputs, trace.predictions[k])
    p = agreeing_places(lambda q: rounded(sum(shown(x, q) ** 2 for x in r), 2)
                        == shown(trace.loss[k], 2), start=2, most=6)
    written = [fmt(x, p) for x in r]
    squares = " + ".join(f"({w})^2" if w.startswith("-") else f"{w}^2" for w in written)
    return equation(rf"\text{{SSR}} = {squares} = {fmt(trace.loss[k])}", size=size), written


@dataclass(frozen=True)
class LineStep:
    """Step k of a line's descent as the screen and the voice write it, for each parameter
    that moves: the derivative as a sum of one term per data point with intercept + slope x
    weight plugged in (``terms``), its value, the step size (derivative x learning rate) and
    old - step size = new. Figures: three where a step size is within twice the stopping
    limit, else two; more (up to three more) where needed for old - step size = new and
    derivative x rate = step size to hold as written; old and new with the decimals of the
    step size (two at least); "=" only where the written numbers give the written result
    (else "\\approx")."""

    intercept: str
    slope: str
    rate: str
    terms: dict
    derivative: dict
    equals: dict
    size: dict
    times: dict
    old: dict
    new: dict
    minus: dict


def line_step(trace: nnmath.Trace, k: int) -> LineStep:
    """Step k of ``trace`` (a line model) as written (see :class:`LineStep`)."""
    step = trace.step(k)
    moving = list(step.step_sizes)
    rate = fmt_input(step.learning_rate)
    deriv, size, old, new, minus = {}, {}, {}, {}, {}
    for n in moving:
        near = abs(step.step_sizes[n]) < 2 * trace.settings["tolerance"]
        for more in range(4):  # the fewest figures at which old - step size = new as written
            size[n] = fmt_small(step.step_sizes[n], places=2 + more, figures=(3 if near else 2) + more)
            places = max(2, decimals(size[n]))
            deriv[n] = fmt_small(step.gradients[n], places=max(2, places - decimals(rate)),
                                 figures=(3 if near else 2) + more)
            old[n] = tidy(step.params[n], places)
            new[n] = fmt(step.new_params[n], places)
            taken = size[n][1:] if size[n].startswith("-") else "-" + size[n]
            if written_sum_is(new[n], old[n], taken) and written_product_is(size[n], deriv[n], rate):
                break
        minus[n] = relation(lambda _: written_sum_is(new[n], old[n], taken))  # noqa: B023 - relation() calls it at once
    at = {n: old.get(n, tidy(step.params[n])) for n in step.params}
    rate = fmt_input(step.learning_rate)
    b, s = at["intercept"], at["slope"]
    data = [(fmt_input(w), fmt_input(o)) for w, o in zip(trace.inputs, trace.outputs)]
    terms, equals = {}, {}
    for n in moving:
        each = [(rf"2 \times {w}" if n == "slope" else "2") + rf"({o} - ({b} + {s} \times {w}))"
                for w, o in data]
        terms[n] = ["-" + each[0], *["- " + e for e in each[1:]]]
        total = sum(-2 * (Decimal(w) if n == "slope" else 1) * (Decimal(o) - (Decimal(b) + Decimal(s) * Decimal(w)))
                    for w, o in data)
        equals[n] = "=" if rounded(total, decimals(deriv[n])) == Decimal(deriv[n]) else r"\approx"
    times = {n: relation(lambda _: written_product_is(size[n], deriv[n], rate)) for n in moving}  # noqa: B023 - relation() calls it at once
    return LineStep(b, s, rate, terms, deriv, equals, size, times, old, new, minus)
