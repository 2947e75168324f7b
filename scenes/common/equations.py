"""Equations that more than one chapter writes, with a trace's numbers plugged in."""

from __future__ import annotations

from manim import VGroup

import nnmath

from .numbers import fmt, fmt_factor, fmt_input
from .text import equation, stacked

__all__ = ["ssr_sum"]


def ssr_sum(trace: nnmath.Trace, k: int) -> VGroup:
    """SSR = sum of (observed - predicted)^2 with step k's numbers plugged in."""
    terms = " + ".join(
        rf"({fmt_input(o)} - {fmt_factor(p)})^2" for o, p in zip(trace.outputs, trace.predictions[k])
    )
    return stacked(equation(rf"\text{{SSR}} = {terms}"), equation(rf"= {fmt(trace.loss[k])}"))
