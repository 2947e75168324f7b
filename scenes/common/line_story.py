"""A straight line fitted by gradient descent, drawn: the weight/height data with the line of
any step, its residuals, the SSR against the intercept, the SSR map over intercept and slope,
and each descent step's equations with the trace's numbers plugged in (as
:func:`scenes.common.equations.line_step` writes them)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from manim import Line, UpdateFromFunc, ValueTracker, VGroup, DOWN, LEFT, RIGHT, linear

import nnmath
from nnmath.loss import residuals, ssr_grad

from .beats import Beat
from .equations import line_step, tidy
from .loss_map import loss_map
from .narration import Value
from .numbers import (decimals, fmt, fmt_input, fmt_small, relation, rounded,
                      written_product_is)
from .panels import loss_panel
from .plots import curve, data_points, nice_range, plot_axes
from .style import PALETTE, SIZES
from .text import equation, label, stacked

__all__ = ["EQ", "MAP_RANGE", "line_axes", "weights", "line_at", "residual_bars", "following_bars", "intercepts",
           "ssr_axes", "exact", "intercept_rows", "residual_terms", "new_row", "run_beat", "map_and_line",
           "two_rows", "clipped", "one_point_rows"]

EQ = SIZES.equation - 4  # the size of a step's equations (the smallest that reads at 480p)
MAP_RANGE = dict(x_range=(-0.25, 1.25), y_range=(0.25, 1.25))  # intercept, slope


def line_axes(trace: nnmath.Trace, width: float, height: float):
    """Weight (x) against height (y), numbered, with the data points; (axes, dots)."""
    x_hi = nice_range([0.0, *trace.inputs], step=1.0)[1]
    y_hi = nice_range([0.0, *trace.outputs, max(trace.outputs) + 0.5], step=1.0)[1]
    axes = plot_axes((0.0, x_hi, 1.0), (0.0, y_hi, 1.0), width, height, "Weight", "Height",
                     x_ticks=[float(x) for x in range(int(x_hi) + 1)],
                     y_ticks=[float(y) for y in range(int(y_hi) + 1)])
    return axes, data_points(axes, trace.inputs, trace.outputs)


def weights(trace: nnmath.Trace) -> np.ndarray:
    return np.array([0.0, nice_range([0.0, *trace.inputs], step=1.0)[1]])  # a line: two points


def line_at(axes, trace: nnmath.Trace, k: int):
    """The line of step k (k = n_steps: the final line), in green."""
    xs = weights(trace)
    return curve(axes, xs, trace.curves(xs, steps=[k])[0], PALETTE.squiggle)


def residual_bars(axes, trace: nnmath.Trace, predicted) -> VGroup:
    """Solid, thick red lines from each prediction to its data point."""
    return VGroup(*[Line(axes.c2p(x, p), axes.c2p(x, o), color=PALETTE.residual,
                         stroke_width=SIZES.curve).set_z_index(1)
                    for x, o, p in zip(trace.inputs, trace.outputs, predicted)])


def following_bars(axes, trace: nnmath.Trace, predicted, fit) -> VGroup:
    """:func:`residual_bars` at ``predicted`` that keep reaching from each data point to the
    line ``fit`` wherever it is drawn: when the line moves, its residuals move with it."""
    bars = residual_bars(axes, trace, predicted)
    xs = [axes.c2p(x, 0)[0] for x in trace.inputs]
    tops = [axes.c2p(x, o) for x, o in zip(trace.inputs, trace.outputs)]

    def follow(group):
        (x0, y0, _), (x1, y1, _) = fit.get_start(), fit.get_end()
        for bar, x, top in zip(group, xs, tops):
            bar.put_start_and_end_on(np.array([x, y0 + (y1 - y0) * (x - x0) / (x1 - x0), 0.0]),
                                     top)

    return bars.add_updater(follow)


def intercepts(lo: float = -0.5, hi: float = 2.0) -> np.ndarray:
    return np.linspace(lo, hi, 121)


def ssr_axes(trace: nnmath.Trace, width: float, height: float, lo: float = -0.5, hi: float = 2.0,
             apart: bool = False):
    """SSR against the intercept, both axes numbered, with its curve (``apart``: the curve
    is ``.loss_curve``, not part of the axes; move both together)."""
    xs = intercepts(lo, hi)
    return loss_panel(xs, trace.loss_curve("intercept", xs, k=0), "intercept", width=width,
                      height=height, numbered=True, y_step=1.0, curve_apart=apart)


def exact(text: str, value: float) -> Value:
    """A number said exactly as it is written on screen."""
    return Value(float(value), lambda _: text)


def intercept_rows(trace: nnmath.Trace, k: int, rule: bool = False) -> VGroup:
    """Step k on the intercept, one row per thing said: the derivative as a sum of three
    terms with intercept + slope x weight plugged in; the same terms as -2 x each residual;
    their values and total; the step size; (``rule``: new intercept = old - step size, in
    words;) the new intercept."""
    w = line_step(trace, k)
    terms = w.terms["intercept"]
    derivative = stacked(
        equation(r"\frac{d\,\text{SSR}}{d\,\text{intercept}} = " + terms[0], size=EQ),
        *[equation(term, size=EQ) for term in terms[1:]], buff=0.12)
    for row in derivative[1:]:  # the terms one under another, after the equals sign
        row.align_to(derivative[0], LEFT).shift(RIGHT * 1.55)
    r, g, total, rel, same = residual_terms(trace, k)
    by_residual = equation(f"{same} " + " ".join(("-" if i == 0 else "- ") + f"2({x})"
                                           for i, x in enumerate(r)), size=EQ)
    values = equation("= " + " ".join(x if i == 0 else ("- " + x[1:] if x.startswith("-")
                                                          else "+ " + x)
                                      for i, x in enumerate(g)) + f" {rel} {total}", size=EQ,
                      color=PALETTE.tangent)
    by_residual.next_to(derivative, DOWN, buff=0.12).align_to(derivative, LEFT).shift(RIGHT * 0.6)
    values.next_to(by_residual, DOWN, buff=0.12).align_to(by_residual, LEFT)
    rest = stacked(
        equation(rf"\text{{Step size}} = {w.derivative['intercept']} \times {w.rate} "
                 rf"{w.times['intercept']} {w.size['intercept']}", size=EQ),
        *([equation(r"\text{New intercept} = \text{old} - \text{step size}", size=EQ)]
          if rule else []),
        new_row(rf"\text{{New intercept}} = {w.old['intercept']} - ({w.size['intercept']})",
                rf"{w.minus['intercept']} {w.new['intercept']}"),
        buff=0.3)
    rest.next_to(values, DOWN, buff=0.3).align_to(derivative, LEFT)
    return VGroup(derivative, by_residual, values, *rest)


def residual_terms(trace: nnmath.Trace, k: int):
    """Step k's residuals (observed - predicted) and the derivative's terms, -2 x each
    residual (nnmath's ssr_grad), as written, with their total as written and "=" or
    "\\approx" between them; and "=" when each bracket, worked out from the written numbers,
    gives its residual as written (else "\\approx"). Residuals have the decimals of the
    intercept as written (three at least, four from there) or more, the terms as many or
    one fewer: the fewest at which -2 x each written residual, rounded, is its written term
    and the terms add up to the total as written (residuals with five decimals at most;
    failing that, the fewest at which the products alone hold, the sum then "\\approx")."""
    w = line_step(trace, k)
    total = w.derivative["intercept"]
    res = residuals(trace.outputs, trace.predictions[k])
    grad = ssr_grad(trace.outputs, trace.predictions[k])

    def written(rp, gp):
        return [fmt(x, rp) for x in res], [fmt(x, gp) for x in grad]

    def products_hold(r, g):
        return all(written_product_is(gi, "-2", ri) for ri, gi in zip(r, g))

    def sum_holds(g):
        return rounded(sum(Decimal(x) for x in g), decimals(total)) == Decimal(total)

    start = min(4, max(3, decimals(w.intercept)))
    options = [written(rp, gp) for rp in range(start, 7) for gp in (rp - 1, rp)]
    holding = [(r, g) for r, g in options if products_hold(r, g)] or [options[-1]]
    r, g = next(((r, g) for r, g in holding if sum_holds(g) and decimals(r[0]) <= 5),
                holding[0])
    rel = relation(lambda _: rounded(sum(Decimal(x) for x in g), decimals(total)) == Decimal(total))
    brackets = [Decimal(fmt_input(o)) - (Decimal(w.intercept) + Decimal(w.slope) * Decimal(fmt_input(x)))
                for x, o in zip(trace.inputs, trace.outputs)]
    same = relation(lambda _: all(b == Decimal(x) for b, x in zip(brackets, r)))
    return r, g, total, rel, same


def new_row(left: str, result: str, most: float = 7.6):
    """"New ... = old - (step size) = new" on one line, or with the result under it when
    the line would be wider than ``most``."""
    whole = equation(left + " " + result, size=EQ)
    if whole.width <= most:
        return whole
    parts = stacked(equation(left, size=EQ), equation(result, size=EQ), buff=0.1)
    parts[1].align_to(parts[0], RIGHT)
    return parts


def run_beat(tracker: ValueTracker, end: float, moving, follow, run_time: float, said) -> Beat:
    """A beat that moves ``tracker`` to ``end`` at a steady pace while ``follow`` redraws
    ``moving`` (paths, markers, lines) at every frame."""
    return Beat((tracker.animate(rate_func=linear).set_value(end),
                 UpdateFromFunc(VGroup(*moving), lambda _: follow())), run_time, 0.35, said)


def map_and_line(trace: nnmath.Trace, width: float, height: float, line_width: float = 3.2):
    """The data with a line (left) and the SSR map over intercept and slope (right of it)."""
    axes, dots = line_axes(trace, line_width, height - 0.1)
    ssr_map = loss_map(trace, "intercept", MAP_RANGE["x_range"], "slope", MAP_RANGE["y_range"],
                       width=width, height=height)
    return axes, dots, ssr_map


def two_rows(trace: nnmath.Trace, before: nnmath.Trace,
             why: str | None = None) -> tuple[VGroup, VGroup]:
    """Step 1 with both parameters: the predictions and both derivatives; then the learning
    rate (and the one used ``before``; ``why``: a line on why it changed), the step sizes
    and the new values."""
    w = line_step(trace, 0)
    preds = r", \;\; ".join(rf"{w.intercept} + {w.slope} \times {fmt_input(x)} = {tidy(p)}"
                             for x, p in zip(trace.inputs, trace.predictions[0]))
    data = [(fmt_input(x), fmt_input(o), tidy(p))
            for x, o, p in zip(trace.inputs, trace.outputs, trace.predictions[0])]
    d_int = " - ".join(rf"2({o} - {p})" for _, o, p in data)
    d_slope = " - ".join(rf"2 \times {x}({o} - {p})" for x, o, p in data)
    first = stacked(
        equation(r"\text{Predicted: } " + preds, size=EQ),
        equation(rf"\frac{{d\,\text{{SSR}}}}{{d\,\text{{intercept}}}} = -{d_int} "
                 rf"{w.equals['intercept']} {w.derivative['intercept']}", size=EQ),
        new_row(rf"\frac{{d\,\text{{SSR}}}}{{d\,\text{{slope}}}} = -{d_slope}",
                rf"{w.equals['slope']} {w.derivative['slope']}", most=12.6), buff=0.2)
    rows = [equation(rf"\text{{Step size}} = {w.derivative[n]} \times {w.rate} "
                     rf"{w.times[n]} {w.size[n]}, \;\; \text{{new {n}}} = {w.old[n]} - "
                     rf"({w.size[n]}) {w.minus[n]} {w.new[n]}", size=EQ)
            for n in ("intercept", "slope")]
    rate = label(f"learning rate = {w.rate} (before: {fmt_input(before.learning_rates[0])})",
                 size=SIZES.small)
    if why:
        rate = stacked(rate, label(why, size=SIZES.small), buff=0.1)
    return first, stacked(rate, *rows, buff=0.25)


def clipped(a, b, box):
    """The part of the segment a-b inside box = (x_lo, x_hi, y_lo, y_hi), as (start, end,
    whether b itself lies outside); None when none of it is inside (Liang-Barsky)."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[1] - x0), (-dy, y0 - box[2]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
    if t0 > t1:
        return None
    return (x0 + t0 * dx, y0 + t0 * dy), (x0 + t1 * dx, y0 + t1 * dy), t1 < 1.0


def one_point_rows(trace: nnmath.Trace, k: int) -> tuple[VGroup, int, str, str]:
    """Step k of a stochastic run: its one data point's terms of both derivatives. Returns
    (equations, the point's index, both derivatives as written)."""
    step = trace.step(k)
    i = int(trace.batches[k][0])
    x, o, p = fmt_input(trace.inputs[i]), fmt_input(trace.outputs[i]), trace.predictions[k][i]
    g = {n: fmt_small(step.gradients[n]) for n in ("intercept", "slope")}
    written = tidy(p, 3)
    residual = Decimal(o) - Decimal(written)
    check = {"intercept": -2 * residual, "slope": -2 * Decimal(x) * residual}
    rel = {n: "=" if rounded(check[n], decimals(g[n])) == Decimal(g[n]) else r"\approx" for n in g}
    said = rf"\underbrace{{{written}}}_{{\text{{predicted}}}}"  # told apart from the weight
    rows = VGroup(
        equation(rf"\frac{{d\,\text{{SSR}}}}{{d\,\text{{intercept}}}} = -2({o} - {said}) "
                 rf"{rel['intercept']} {g['intercept']}", size=EQ),
        equation(rf"\frac{{d\,\text{{SSR}}}}{{d\,\text{{slope}}}} = -2 \times {x}({o} - {said}) "
                 rf"{rel['slope']} {g['slope']}", size=EQ)).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
    return rows, i, g["intercept"], g["slope"]
