"""The chain rule for one parameter as a table: a row per data point, a column per factor,
the product of each row, and their sum, which is the derivative of the SSR.

Every number is a factor, a term or a gradient of nnmath's ChainRule at one step.
"""

from __future__ import annotations

import re

from manim import VGroup, DOWN, LEFT

import nnmath

from .numbers import fmt, fmt_input
from .style import PALETTE, SIZES
from .text import equation, label

__all__ = ["factor_tex", "chain_table"]


def _symbol(name: str) -> str:
    """"SSR" -> \\text{SSR}, "y1" -> y_1, "b3" -> b_3."""
    m = re.fullmatch(r"([a-z])(\d)", name)
    return f"{m[1]}_{m[2]}" if m else rf"\text{{{name}}}"


def factor_tex(name: str) -> str:
    """A factor's name as a TeX fraction: "dy1/dx1" -> \\frac{d\\,y_1}{d\\,x_1}."""
    top, bottom = name.split("/")
    return rf"\frac{{d\,{_symbol(top[1:])}}}{{d\,{_symbol(bottom[1:])}}}"


def chain_table(trace: nnmath.Trace, param: str, k: int = 0, size: int = SIZES.equation - 4,
                input_name: str = "Dosage") -> VGroup:
    """The chain rule for ``param`` at step k. Returns VGroup(grid, total) where grid is a
    VGroup of rows (header first) and total reads d SSR / d param = sum = gradient."""
    chain = trace.chain(k)
    path = chain.paths[param]
    header = VGroup(label(input_name, size=SIZES.small),
                    *[equation(factor_tex(f), size=size) for f in path],
                    equation(r"\text{product}", size=size))
    rows = [header]
    terms = chain.terms(param)
    inputs = trace.inputs if trace.batches is None or k >= trace.n_steps else trace.inputs[trace.batches[k]]
    for i, x in enumerate(inputs):
        cells = [label(fmt_input(x), size=SIZES.small)]
        cells += [equation(fmt(chain.factors[f][i]), size=size) for f in path]
        cells.append(equation(fmt(terms[i]), size=size, color=PALETTE.tangent))
        rows.append(VGroup(*cells))
    cols = len(header)
    grid = VGroup(*rows)
    flat = VGroup(*[cell for row in rows for cell in row])
    flat.arrange_in_grid(rows=len(rows), cols=cols, buff=(0.45, 0.3))
    total = equation(rf"\frac{{d\,\text{{SSR}}}}{{d\,{_symbol(param)}}} = \text{{sum of products}}"
                     rf" = {fmt(chain.gradient(param))}", size=size + 4)
    total.next_to(grid, DOWN, buff=0.45).align_to(grid, LEFT)
    return VGroup(grid, total)
