"""Equations that more than one chapter writes, with a trace's numbers plugged in."""

from __future__ import annotations

from manim import VGroup

import nnmath

from .numbers import fmt, fmt_factor, fmt_input, fmt_small
from .style import SIZES
from .text import equation, stacked

__all__ = ["ssr_sum", "step_equations"]


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
