"""The chain rule for one parameter, with the numbers plugged in: a row per factor, a column
per dosage, the product of each column, and the sum of the products, which is the derivative
of the SSR. A first gradient-descent step, written so the numbers shown give the result shown.

Every number is a factor, a term or a gradient of nnmath's ChainRule, or a step of the trace.
Products and sums use "=" only when the written numbers give the written result at the
precision shown, else "\\approx".
"""

from __future__ import annotations

import re

import numpy as np
from manim import Line, VGroup, DOWN, LEFT, RIGHT

import nnmath

from .numbers import (decimals, fmt, fmt_factor, fmt_input, fmt_signed, fmt_small, relation,
                      written_product_is, written_sum_is)
from .style import PALETTE, SIZES
from .text import equation, label

__all__ = ["symbol", "factor_tex", "ChainTable", "StepTable", "sum_tex", "step_parts", "chain_terms"]

TABLE_SIZE = SIZES.equation - 4


def symbol(name: str) -> str:
    """"SSR" -> \\text{SSR}, "y1" -> y_1, "b3" -> b_3."""
    m = re.fullmatch(r"([a-z])(\d)", name)
    return f"{m[1]}_{m[2]}" if m else rf"\text{{{name}}}"


def factor_tex(name: str) -> str:
    """A factor's name as a TeX fraction: "dy1/dx1" -> \\frac{d\\,y_1}{d\\,x_1}."""
    top, bottom = name.split("/")
    return rf"\frac{{d\,{symbol(top[1:])}}}{{d\,{symbol(bottom[1:])}}}"


def chain_terms(trace: nnmath.Trace, k: int = 0) -> np.ndarray:
    """Every parameter's per-dosage products at step k (values the scenes may write)."""
    chain = trace.chain(k)
    return np.concatenate([chain.terms(n) for n in trace.optimised])


def sum_tex(trace: nnmath.Trace, param: str, k: int = 0) -> str:
    """d SSR / d param = product + product + product = gradient ("\\approx" when the
    written products do not add up to the written gradient)."""
    chain = trace.chain(k)
    terms = [fmt(x) for x in chain.terms(param)]
    total = fmt(chain.gradient(param))
    sign = "=" if written_sum_is(total, *terms) else r"\approx"
    added = terms[0] + " " + " ".join(fmt_signed(float(x)) for x in terms[1:])
    return (rf"\frac{{d\,\text{{SSR}}}}{{d\,{symbol(param)}}} = {added} {sign} {total}")


def step_parts(trace: nnmath.Trace, k: int, param: str) -> tuple[str, str]:
    """Step k for one parameter: "slope x learning rate = step size" and "old - step size =
    new", each with "=" only when the written numbers give the written result."""
    step = trace.step(k)
    slope, size = fmt_small(step.gradients[param]), fmt_small(step.step_sizes[param])
    rate = fmt_input(step.learning_rate)
    q = max(2, decimals(size))  # as many decimals as the step size, so the step shows
    old, new = fmt(step.params[param], q), fmt(step.new_params[param], q)
    times = relation(lambda _: written_product_is(size, slope, rate))
    taken = size[1:] if size.startswith("-") else "-" + size
    minus = relation(lambda _: written_sum_is(new, old, taken))
    bracket = f"({size})" if size.startswith("-") else size
    return (rf"{fmt_factor(step.gradients[param])} \times {rate} {times} {size}",
            rf"{old} - {bracket} {minus} {new}")


class StepTable(VGroup):
    """Step k for ``names``, in blocks one under the other: "Step size = slope x learning
    rate" with a row per parameter, then (``new``) "New value = old - step size" with a row
    per parameter. ``blocks[i]`` is VGroup(heading, *rows), each row VGroup(name, working)."""

    def __init__(self, trace: nnmath.Trace, k: int, names, size: int = TABLE_SIZE,
                 new: bool = True):
        super().__init__()
        heads = ["Step size = slope \u00d7 learning rate", "New value = old - step size"]
        self.blocks = []
        for part, head in enumerate(heads[:2 if new else 1]):
            rows = [VGroup(equation(rf"{symbol(n)}:", size=size),
                           equation(step_parts(trace, k, n)[part], size=size)) for n in names]
            name_width = max(r[0].width for r in rows)
            for r in rows:
                r[1].next_to(r[0], RIGHT, buff=0.25).set_x(name_width + 0.25 + r[1].width / 2)
            block = VGroup(label(head, size=SIZES.small), *rows).arrange(
                DOWN, aligned_edge=LEFT, buff=0.16)
            for r in rows:  # under their heading, indented
                r.shift(RIGHT * 0.35)
            self.blocks.append(block)
        VGroup(*self.blocks).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        self.add(*self.blocks)


class ChainTable(VGroup):
    """The chain rule for ``param`` at step k, numbers plugged in.

    ``head``: "Dosage" and the data's dosages; ``rows``: one VGroup(name, *cells) per factor
    (the name starts with "x" after the first); ``rule``: a line under the factors;
    ``products``: VGroup(name, *cells), the name "product", and a cell written with
    "\\approx" in front where its product differs from the product of its written factors
    (``exact[i]`` False);
    ``total``: the sum of the products, which is the derivative. ``notes``: {factor:
    (tex, values, colour)}, a row of values that are not a factor (x1 at each dosage, say),
    shown under the dosages, above the factors that are multiplied, kept in
    ``self.notes[factor]``. ``min_widths``: (name column, [value columns]) at least this
    wide, the ``widths`` of other tables, so that tables shown in turn share their columns."""

    def __init__(self, trace: nnmath.Trace, param: str, k: int = 0, size: int = TABLE_SIZE,
                 notes: dict | None = None, min_widths=None):
        super().__init__()
        chain = trace.chain(k)
        path = chain.paths[param]
        self.param, self.path = param, path
        self.head = VGroup(label("Dosage", size=SIZES.small),
                           *[label(fmt_input(x), size=SIZES.small) for x in trace.inputs])
        self.rows, self.notes, lines = [], {}, [self.head]
        for f in path:  # values that are not factors sit with the dosages, above the factors
            if notes and f in notes:
                tex, vals, color = notes[f]
                note = VGroup(equation(tex, size=size, color=color),
                              *[equation(fmt(v), size=size, color=color) for v in vals])
                self.notes[f] = note
                lines.append(note)
        heads = len(lines)
        for j, f in enumerate(path):
            name = equation((r"\times " if j else "") + factor_tex(f), size=size)
            self.rows.append(VGroup(name, *[equation(fmt(v), size=size)
                                            for v in chain.factors[f]]))
            lines.append(self.rows[-1])
        terms = chain.terms(param)
        self.exact = [written_product_is(fmt(term), *[fmt(chain.factors[f][i]) for f in path])
                      for i, term in enumerate(terms)]
        cells = []
        for x, exact in zip(terms, self.exact):
            value = equation(fmt(x), size=size, color=PALETTE.tangent)
            if not exact:  # the written factors give a slightly different product
                value = VGroup(equation(r"\approx", size=size, color=PALETTE.tangent),
                               value).arrange(RIGHT, buff=0.1)
            cells.append(value)
        self.products = VGroup(equation(r"\text{product}", size=size, color=PALETTE.tangent),
                               *cells)
        lines.append(self.products)
        names = max(row[0].width for row in lines)
        widths = [max(row[c].width for row in lines) for c in range(1, len(self.head))]
        if min_widths is not None:
            names = max(names, min_widths[0])
            widths = [max(a, b) for a, b in zip(widths, min_widths[1])]
        self.widths = (names, widths)
        y = 0.0
        for n, row in enumerate(lines):
            height = max(m.height for m in row)
            y -= height / 2
            row[0].move_to([0, y, 0], aligned_edge=LEFT)
            x = names + 0.3
            for c, cell in enumerate(row[1:]):
                cell.move_to([x + widths[c] / 2, y, 0])
                x += widths[c] + 0.3
            y -= height / 2 + (0.32 if n in (heads - 1, len(lines) - 2) else 0.15)
        right = names + 0.3 + sum(widths) + 0.3 * (len(widths) - 1)
        gap = self.products.get_top()[1] + 0.17
        self.rule = Line([0, gap, 0], [right, gap, 0], color=PALETTE.axis, stroke_width=SIZES.thin * 0.6)
        self.total = equation(sum_tex(trace, param, k), size=size)
        self.total.next_to(self.products, DOWN, buff=0.25).align_to(self.products, LEFT)
        self.add(*lines[:-1], self.rule, self.products, self.total)
