"""Chapter: backpropagation main ideas (preset ``main-ideas``). Only b3 is unknown: start at
b3 = 0, measure the fit with the SSR, let the chain rule give the slope of the SSR curve,
and let gradient descent walk b3 down that curve.

    manim -pql scenes/backprop_main_ideas.py GradientDescentOnB3
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
from manim import (Create, Dot, FadeIn, FadeOut, MoveAlongPath, Scene, Transform, VGroup,
                   VMobject, Write, DOWN, LEFT, RIGHT, UL, UP, UR)

from decimal import Decimal

import nnmath
from nnmath.loss import residuals
from scenes.common.beats import Beat, Shows, play_beats
from scenes.common.callout import callout, show_callout
from scenes.common.descent_story import descent_beats
from scenes.common.narration import SILENT, Value, count, plain, say, small
from scenes.common.node_story import corner_network, dosage_grid
from scenes.common.numbers import (agreeing_places, fmt, fmt_input, fmt_signed, fmt_small,
                                   decimals, relation, rounded, shown, written_product_is,
                                   written_sum_is)
from scenes.common.panels import loss_panel, tangent_segment
from scenes.common.plots import curve, fitted_axes, residual_lines, value_span
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import equation, label, stacked, swap, title
from scenes.common.timing import timing

PRESET = "main-ideas"
PARAM = "b3"
DETAILED_STEPS = 3  # steps shown slowly with every equation; the rest run quickly

__all__ = ["ResidualsAndSSR", "ChainRuleForB3", "GradientDescentOnB3"]


def b3_grid(trace: nnmath.Trace) -> np.ndarray:
    """b3 values spanning every step, with a margin, for the SSR curve."""
    return value_span(trace.param(PARAM))


def ssr_panel(trace: nnmath.Trace, width: float, height: float, apart: bool = False):
    """SSR against b3 on numbered axes, with the curve (b3 is the only parameter that
    changes, so one curve serves every step); ``apart``: the curve is ``.loss_curve``, not
    part of the panel. ``panel.samples`` holds the curve's (b3, SSR) values."""
    b3 = b3_grid(trace)
    losses = trace.loss_curve(PARAM, b3, k=0)
    panel = loss_panel(b3, losses, "b3", width=width, height=height, numbered=True,
                       curve_apart=apart)
    panel.samples = (b3, losses)  # the curve's values, for pointing at its lowest point
    return panel


def residual_places(trace: nnmath.Trace, k: int) -> int:
    """Decimals for step k's residuals at which their squares add up to the SSR as shown
    (two decimals)."""
    r = residuals(trace.outputs, trace.predictions[k])
    return agreeing_places(lambda p: rounded(sum(shown(x, p) ** 2 for x in r), 2)
                           == shown(trace.loss[k], 2), start=2, most=6)


def slope_terms(trace: nnmath.Trace, k: int) -> tuple[np.ndarray, float, int]:
    """dSSR/dPredicted for each data point at step k (dPredicted/db3 is 1), their sum
    dSSR/db3, and the decimals they are written with: as many as the slope has where it is
    written alone (fmt_small), so that it reads the same everywhere."""
    factors = trace.chain(k).factors
    terms = factors["dSSR/dPredicted"] * factors["dPredicted/db3"]
    slope = float(trace.gradients[k, trace.index(PARAM)])
    return terms, slope, decimals(fmt_small(slope))


def slope_equation(trace: nnmath.Trace, k: int, size: int = SIZES.equation - 4):
    """dSSR/db3 = term + term + term = slope at step k; "about" when the written terms do
    not add up to the written slope exactly."""
    terms, slope, p = slope_terms(trace, k)
    written = [fmt(x, p) for x in terms]
    sign = "=" if written_sum_is(fmt(slope, p), *written) else r"\approx"
    added = written[0] + " " + " ".join(fmt_signed(x, p) for x in terms[1:])
    return equation(rf"\frac{{d\,\text{{SSR}}}}{{d\,b_3}} = {added} {sign} {fmt(slope, p)}",
                    size=size)


class ResidualsAndSSR(Scene):
    """A new network whose b3 is unknown; with b3 = 0: the squiggle, its residuals, the SSR,
    and the SSR for every b3."""

    shows = Shows(PRESET, step=0)

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        start = trace.params_at(0)
        b3 = start[PARAM]
        grid = dosage_grid(trace)
        curves = trace.curves(grid).predicted
        net = corner_network(trace, params=start)
        heading = title("b3 and the SSR").to_edge(RIGHT, buff=0.5)
        axes, dots = fitted_axes(trace.inputs, trace.outputs, curves.ravel(), 1.0, 4.6, 2.9,
                                 pad=0.12)
        VGroup(axes, dots).to_corner(DOWN + LEFT, buff=0.3).shift(RIGHT * 0.6)
        squiggle = curve(axes, grid, curves[0], PALETTE.squiggle)
        resid = residual_lines(axes, trace.inputs, trace.outputs, trace.predictions[0])
        r = residuals(trace.outputs, trace.predictions[0])
        rp = residual_places(trace, 0)
        r_labels = VGroup(*[label(fmt(x, rp), size=SIZES.small, color=PALETTE.residual)
                            .next_to(line, RIGHT, buff=0.1) for x, line in zip(r, resid)])
        ssr = fmt(trace.loss[0])
        squares = " + ".join(f"{fmt(x, rp)}^2" for x in r)
        ssr_eq = equation(rf"\text{{SSR}} = {squares} = {ssr}", size=SIZES.equation - 4)
        ssr_eq.next_to(heading, DOWN, buff=0.35).to_edge(RIGHT, buff=0.4)
        panel = ssr_panel(trace, 4.6, 3.0, apart=True)
        VGroup(panel, panel.loss_curve).to_corner(DOWN + RIGHT, buff=0.4).shift(LEFT * 0.2)
        axes_only, ssr_curve = panel, panel.loss_curve
        first = Dot(panel.c2p(b3, trace.loss[0]), radius=SIZES.dot * 1.2, color=PALETTE.tangent)
        first_label = label(f"SSR = {ssr}", size=SIZES.small, color=PALETTE.tangent)
        first_label.next_to(first, RIGHT, buff=0.15)
        unknown = callout(net.weight_labels["b3"], f"b3 starts at {fmt_input(b3)}",
                          avoid=[heading, *net.weight_labels.values()], directions=(RIGHT, DOWN))
        b3s, losses = panel.samples
        lowest = int(np.argmin(losses))
        goal = callout(panel.c2p(b3s[lowest], losses[lowest]), "the lowest SSR?",
                       avoid=[first_label, ssr_eq, first], directions=(UP, UR, UL), reach=0.9)
        b = plain(b3)
        # two more values of b3 from the trace (a step on, and where the descent ends), each
        # with its squiggle, its residuals and its point on the SSR graph, labelled
        shown_b3 = net.weight_labels[PARAM]
        tries, marks, current = [], VGroup(), shown_b3
        for k, words in ((1, "Try b3 = {b}: the squiggle moves up, the residuals shrink, and "
                             "the SSR drops to {s}. A second point, lower down."),
                         (len(curves) - 1, "With b3 = {b}, the squiggle goes right through the "
                                           "data, and the SSR is only {s}.")):
            at = trace.param(PARAM)[k]
            loss = trace.loss[k] if k < trace.n_steps else trace.final_loss
            preds = trace.predictions[k] if k < trace.n_steps else trace.final_predictions
            mark = Dot(panel.c2p(at, loss), radius=SIZES.dot * 1.2, color=PALETTE.muted)
            note = label(f"b3 = {fmt(at)}: SSR = {fmt_small(loss)}", size=SIZES.small,
                         color=PALETTE.axis).next_to(mark, UP, buff=0.25)
            note.align_to(panel, RIGHT)  # inside the plot, clear of its y axis
            value = label(fmt_signed(at), size=SIZES.small).move_to(shown_b3)
            tries.append(Beat((Transform(squiggle, curve(axes, grid, curves[k], PALETTE.squiggle)),
                               Transform(resid, residual_lines(axes, trace.inputs, trace.outputs,
                                                               preds)),
                               FadeIn(mark), FadeIn(note), *swap(current, value)),
                              t.move, t.pause, say(words, b=at, s=small(loss)),
                              shows=self.shows.at(step=k if k < trace.n_steps else None)))
            tries.append(Beat((FadeOut(note),), t.short_pause, 0.0, SILENT))
            marks.add(mark)
            current = value
        back = Beat((Transform(squiggle, curve(axes, grid, curves[0], PALETTE.squiggle)),
                     Transform(resid, residual_lines(axes, trace.inputs, trace.outputs,
                                                     trace.predictions[0])),
                     *swap(current, shown_b3)), t.move, 0.0, SILENT)
        play_beats(self, [
            Beat((FadeIn(net),), t.draw, t.short_pause,
                 say("Here is a new network. It has the same shape as the one we just looked "
                     "inside, and the same three dosages, but other weights and biases.")),
            Beat(tuple(net.focus("b3")) + (show_callout(unknown), Write(heading)), t.write,
                 t.short_pause,
                 say("Suppose we know every number except the last bias, b3. Backpropagation "
                     "will find it; for now, we start with b3 = {b}.", b=b)),
            Beat((Create(axes), FadeIn(dots), Create(squiggle)), t.draw, t.short_pause,
                 say("With b3 = {b}, the network draws this green squiggle, well below the "
                     "data.", b=b)),
            Beat((Create(resid), FadeIn(r_labels)), t.write, t.short_pause,
                 say("The red lines are the residuals: how far each data point is from the "
                     "squiggle.")),
            Beat((Write(ssr_eq), FadeOut(unknown)), t.write, t.pause,
                 say("Just as when we fitted a line, squaring the residuals and adding them "
                     "up gives the sum of the squared residuals, the SSR, which is {ssr}.",
                     ssr=trace.loss[0])),
            Beat((Create(axes_only), FadeIn(first), FadeIn(first_label)), t.draw, t.short_pause,
                 say("On a new graph, b3 goes on the x-axis and the SSR on the y-axis. Our "
                     "first point: b3 = {b}, SSR = {ssr}.", b=b, ssr=trace.loss[0])),
            Beat((FadeOut(r_labels), FadeOut(ssr_eq)), t.short_pause, 0.0, SILENT),
            *tries,
            back,
            Beat((FadeIn(ssr_eq),), t.short_pause, 0.0,
                 say("Back to b3 = {b} and its SSR.", b=b)),
            Beat((Create(ssr_curve), FadeIn(r_labels)), t.draw, t.short_pause,
                 say("Doing the same for every value of b3 traces out this curve.")),
            Beat((show_callout(goal),), t.write, t.pause,
                 say("The lowest point of the curve is the best b3. Backpropagation finds it "
                     "without trying every value.")),
        ])


def chain_places(trace: nnmath.Trace, k: int) -> int:
    """Decimals for step k's residuals at which -2 times each, added up, gives the slope as
    written (the decimals fmt_small gives it)."""
    r = residuals(trace.outputs, trace.predictions[k])
    slope = fmt_small(trace.gradients[k, trace.index(PARAM)])
    return agreeing_places(lambda p: rounded(sum(-2 * shown(x, p) for x in r), decimals(slope))
                           == Decimal(slope), start=2, most=6)


def b3_moved(trace: nnmath.Trace, grid: np.ndarray, b3: float) -> np.ndarray:
    """The squiggle of step 0's network with b3 set to ``b3`` (nnmath's forward pass)."""
    params = trace.params_at(0) | {PARAM: b3}
    return trace.model().forward(params, grid).predicted


class ChainRuleForB3(Scene):
    """The derivative of the SSR with respect to b3 through the chain rule, shown on the
    picture: b3 slides the squiggle (and moves the point on the SSR curve), Predicted =
    blue + orange + b3, and the residuals give the slope at b3 = 0."""

    shows = Shows(PRESET, step=0)

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        b3 = trace.params_at(0)[PARAM]
        grid = dosage_grid(trace)
        curves = trace.curves(grid).predicted
        heading = title("The chain rule gives the slope").to_edge(RIGHT, buff=0.4)
        parts = trace.forward(grid, k=0)
        up = b3 + 1.0  # how far the demonstration slides b3
        raised = b3_moved(trace, grid, up)
        axes, dots = fitted_axes(trace.inputs, trace.outputs,
                                 [*curves.ravel(), *parts.scaled1, *parts.scaled2, *raised],
                                 1.0, 3.0, 2.6, pad=0.12)
        VGroup(axes, dots).to_corner(DOWN + LEFT, buff=0.35).shift(RIGHT * 0.5)
        squiggle = curve(axes, grid, curves[0], PALETTE.squiggle)
        blue = curve(axes, grid, parts.scaled1, PALETTE.top, SIZES.thin)
        orange = curve(axes, grid, parts.scaled2, PALETTE.bottom, SIZES.thin)
        panel = ssr_panel(trace, 2.8, 1.7)
        panel.to_corner(UP + LEFT, buff=0.35).shift(RIGHT * 0.6)
        point = Dot(panel.c2p(b3, trace.loss[0]), radius=SIZES.dot, color=PALETTE.tangent)
        size = SIZES.equation - 4
        r = residuals(trace.outputs, trace.predictions[0])
        p = chain_places(trace, 0)
        slope = trace.gradients[0, trace.index(PARAM)]
        shifts = trace.chain(0).factors["dPredicted/db3"][0]  # dPredicted/db3: 1
        doubled = " ".join(("-" if i == 0 else "- ") + f"2({fmt(x, p)})" for i, x in enumerate(r))
        rows = stacked(
            equation(r"\text{SSR} = \sum (\text{Observed} - \text{Predicted})^2", size=size),
            equation(r"\text{Predicted} = ", r"\text{blue}", "+", r"\text{orange}", "+ b_3",
                     size=size),
            equation(r"\frac{d\,\text{SSR}}{d\,b_3} = \frac{d\,\text{SSR}}{d\,\text{Predicted}}"
                     r"\times \frac{d\,\text{Predicted}}{d\,b_3}", size=size),
            equation(r"\frac{d\,\text{SSR}}{d\,\text{Predicted}} = "
                     r"\sum -2(\text{Observed} - \text{Predicted})", size=size),
            equation(rf"\frac{{d\,\text{{Predicted}}}}{{d\,b_3}} = "
                     rf"{fmt_input(shifts)}", size=size),
            stacked(equation(rf"\frac{{d\,\text{{SSR}}}}{{d\,b_3}} = {doubled}", size=size),
                    equation(rf"= {fmt_small(slope)}", size=size), buff=0.1),
            buff=0.2,
        ).next_to(heading, DOWN, buff=0.3).to_edge(RIGHT, buff=0.4)
        rows[5][1].next_to(rows[5][0], DOWN, buff=0.1).align_to(rows[5][0], RIGHT)
        rows[1][1].set_color(PALETTE.top)
        rows[1][3].set_color(PALETTE.bottom)
        rows[1][4].set_color(PALETTE.squiggle)
        slide = callout(squiggle.point_from_proportion(0.5), "moves with b3",
                        avoid=[axes, heading, rows, panel, *dots], directions=(UP, UL), reach=1.2)
        resid = residual_lines(axes, trace.inputs, trace.outputs, trace.predictions[0])
        r_labels = VGroup(*[  # on a white patch: the curves pass behind them
            label(fmt(x, p), size=SIZES.small, color=PALETTE.residual).next_to(line, RIGHT, buff=0.08)
            .add_background_rectangle(color=PALETTE.background, opacity=0.85, buff=0.04)
            for x, line in zip(r, resid)])
        half = 0.8
        span = [b3 - half, b3 + half]
        tangent = tangent_segment(panel, span, trace.tangent(PARAM, 0, span), (b3, trace.loss[0]))
        path_up = VMobject().set_points_as_corners(
            [panel.c2p(x, y) for x, y in zip(np.linspace(b3, up, 20),
                                             trace.loss_curve(PARAM, np.linspace(b3, up, 20), k=0))])
        b = plain(b3)
        one = plain(shifts)
        shown_r = [Value(x, partial(fmt, places=p)) for x in r]
        play_beats(self, [
            Beat((Write(heading), Create(panel), FadeIn(point), Create(axes), FadeIn(dots),
                  Create(squiggle)), t.draw, t.short_pause,
                 say("To walk downhill on the SSR curve, top left, we need its slope where we "
                     "are: the derivative of the SSR with respect to b3.")),
            Beat((Write(rows[0]),), t.write, t.short_pause,
                 say("The SSR adds up, for every data point, the observed value minus the "
                     "predicted value, squared.")),
            Beat((Write(rows[1]), Create(blue), Create(orange)), t.write, t.short_pause,
                 say("Each predicted value is the blue curve plus the orange curve plus b3. "
                     "As in the last chapter, blue and orange are the two hidden nodes' "
                     "outputs, each times its weight; here they come from this new network.")),
            Beat((show_callout(slide), Transform(squiggle, curve(axes, grid, raised, PALETTE.squiggle)),
                  MoveAlongPath(point, path_up)), t.move, t.short_pause,
                 say("So making b3 bigger slides the whole squiggle up, and the red point on "
                     "the SSR curve moves with it.")),
            Beat((Transform(squiggle, curve(axes, grid, curves[0], PALETTE.squiggle)),
                  MoveAlongPath(point, path_up.copy().reverse_points()), FadeOut(slide)), t.move,
                 0.0, SILENT),
            Beat((Write(rows[2]),), t.write, t.short_pause,
                 say("The chain rule links the SSR to b3 through the predicted values: the "
                     "derivative of the SSR with respect to Predicted, times the derivative of "
                     "Predicted with respect to b3.")),
            Beat((Write(rows[3]),), t.write, t.short_pause,
                 say("Squaring brings down a two, and the minus sign in front of Predicted "
                     "makes it minus two, times observed minus predicted.")),
            Beat((Write(rows[4]),), t.write, t.short_pause,
                 say("Predicted moves exactly as much as b3 does, so the derivative of "
                     "Predicted with respect to b3 is {one}.", one=one)),
            Beat((Create(resid), FadeIn(r_labels)), t.write, t.short_pause,
                 say("At b3 = {b}, the residuals, observed minus predicted, are {r1}, {r2} "
                     "and {r3}.", b=b, r1=shown_r[0], r2=shown_r[1], r3=shown_r[2])),
            Beat((Write(rows[5]),), t.write, t.pause,
                 say("Minus two times each of them, added up, gives {s}.",
                     s=small(slope))),
            Beat((Create(tangent), rows[5][1].animate.set_color(PALETTE.tangent).build()),
                 t.draw, t.pause,
                 say("That is the slope of the red tangent line on the SSR curve at b3 = {b}: "
                     "{s}. It is negative, so making b3 bigger lowers the SSR. BAM!", b=b,
                     s=small(slope))),
        ])


@dataclass(frozen=True)
class WrittenStep:
    """Step k of the descent as the screen and the voice write it: the slope and step size
    (three significant figures when the step is within twice the stopping limit, so that
    -0.00103 is not mistaken for the limit itself), b3 before and after with as many
    decimals as the step size (so the step shows), and whether each written relation holds
    exactly ("=") or only about ("\\approx")."""

    near_limit: bool
    slope: str
    size: str
    places: int
    old: str
    new: str
    times: str
    minus: str


def written_step(trace: nnmath.Trace, k: int) -> WrittenStep:
    """Step k as written (see :class:`WrittenStep`)."""
    step = trace.step(k)
    g, s = step.gradients[PARAM], step.step_sizes[PARAM]
    near = abs(s) < 2 * trace.settings["tolerance"]
    slope, size = fmt_small(g, figures=3 if near else 2), fmt_small(s, figures=3 if near else 2)
    q = max(2, decimals(size))
    old, new = fmt(step.params[PARAM], q), fmt(step.new_params[PARAM], q)
    taken = size[1:] if size.startswith("-") else "-" + size
    return WrittenStep(near, slope, size, q, old, new,
                       relation(lambda _: written_product_is(size, slope, fmt_input(step.learning_rate))),
                       relation(lambda _: written_sum_is(new, old, taken)))


def step_text(trace: nnmath.Trace, k: int) -> str:
    """Step k's step size as written."""
    return written_step(trace, k).size


def step_rows(trace: nnmath.Trace, k: int) -> VGroup:
    """Step k: the slope from the chain rule, the step size and the new b3, each written so
    that the shown numbers give the shown result (or say about)."""
    w, lr = written_step(trace, k), fmt_input(trace.step(k).learning_rate)
    size = SIZES.equation - 4
    return stacked(
        slope_equation(trace, k, size),
        equation(rf"\text{{Step size}} = {w.slope} \times {lr} {w.times} {w.size}", size=size),
        equation(rf"\text{{New }} b_3 = {w.old} - ({w.size}) {w.minus} {w.new}", size=size),
        buff=0.18,
    )


class GradientDescentOnB3(Scene):
    """Every step of the trace: tangent and slope, step size, new b3, squiggle moving, until
    the step size is tiny."""

    shows = Shows(PRESET, step=0)

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        grid = dosage_grid(trace)
        curves = trace.curves(grid).predicted
        axes, dots = fitted_axes(trace.inputs, trace.outputs, curves.ravel(), 1.0, 4.6, 2.35,
                                 pad=0.12)
        VGroup(axes, dots).to_corner(UP + LEFT, buff=0.45).shift(DOWN * 1.0 + RIGHT * 0.5)
        panel = ssr_panel(trace, 4.8, 2.35)
        panel.to_corner(UP + RIGHT, buff=0.45).shift(DOWN * 1.0 + LEFT * 0.5)
        squiggle = curve(axes, grid, curves[0], PALETTE.squiggle)
        heading = title("Gradient descent on b3").to_edge(LEFT, buff=0.4)
        lr = plain(trace.learning_rates[0])
        rate = label(f"learning rate = {fmt_input(trace.learning_rates[0])}, stop when "
                     f"|step size| < {fmt_input(trace.settings['tolerance'])}", size=SIZES.small)
        rate.next_to(heading, DOWN, buff=0.15).to_edge(LEFT, buff=0.4)
        tol = plain(trace.settings["tolerance"])

        def fit_at(k):
            return curve(axes, grid, curves[k + 1], PALETTE.squiggle)

        def rows(k):
            return step_rows(trace, k).to_edge(DOWN, buff=0.3)

        def narrate(k, slow):
            step, w = trace.step(k), written_step(trace, k)
            s = Value(step.step_sizes[PARAM], lambda _: w.size)
            if not slow:
                if k == DETAILED_STEPS:
                    return (say("The same recipe repeats, faster now. The steps are soon too "
                                "small to see on the graph, so watch the step size in the "
                                "numbers below: step {n}, {s}.", n=count(k + 1), s=s),)
                if w.near_limit:
                    return (say("Step {n}: {s}, just above {tol} in size, so we go on.",
                                n=count(k + 1), s=s, tol=tol),)
                return (say("Step {n}: {s}.", n=count(k + 1), s=s),)
            g = small(step.gradients[PARAM])
            moves = ("The point slides down the curve and the squiggle moves up: the new b3 is "
                     if k < DETAILED_STEPS else
                     "The move is now too small to see on the graphs: the new b3 is ")
            old = Value(step.params[PARAM], lambda _: w.old)
            new = Value(step.new_params[PARAM], lambda _: w.new)
            return (
                say("Step {n}: the chain rule gives the slope of the curve at the red point, "
                    "{g}.", n=count(k + 1), g=g),
                say("Times the learning rate, {lr}, the step size is {s}.", lr=lr, s=s),
                say(moves + "{old} minus {s}, which is " + ("" if w.minus == "=" else "about ")
                    + "{new}.",
                    old=old, s=s, new=new),
            )

        final = trace.final()[PARAM]
        last = trace.step(trace.n_steps - 1)
        done = label(f"|Step size| = {fmt_small(abs(last.step_sizes[PARAM]))} < "
                     f"{fmt_input(trace.settings['tolerance'])}: stop at b3 = {fmt(final)}",
                     size=SIZES.label, color=PALETTE.squiggle).to_edge(DOWN, buff=0.6)
        play_beats(self, [
            Beat((Write(heading), Create(axes), FadeIn(dots), Create(panel), Create(squiggle)),
                 t.draw, t.short_pause,
                 say("Now gradient descent walks b3 down the SSR curve, just as it walked "
                     "the line's intercept down in the gradient descent chapter.")),
            Beat((FadeIn(rate),), t.write, t.short_pause,
                 say("The step size is the slope from the chain rule times the learning "
                     "rate, {lr}. We stop when a step is smaller than {tol}.",
                     lr=lr, tol=tol)),
            *descent_beats(trace, PARAM, panel, squiggle, fit_at, rows, t,
                           detailed=DETAILED_STEPS, narrate=narrate),
            Beat((FadeIn(done),), t.write, t.pause * 2,
                 say("After {n} steps the step size is only {s}, smaller than {tol}, so we "
                     "stop at b3 = {b}. The squiggle fits the data. BAM! Next, the same chain "
                     "rule finds the weights too.", n=count(trace.n_steps),
                     s=small(abs(last.step_sizes[PARAM])), tol=tol, b=final),
                 shows=self.shows.at(step=trace.n_steps - 1)),
        ])
