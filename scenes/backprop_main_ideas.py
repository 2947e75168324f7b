"""Chapter: backpropagation main ideas (preset ``main-ideas``). Only b3 is unknown: start at
b3 = 0, measure the fit with the SSR, and let gradient descent walk b3 down the SSR curve,
the chain rule giving the slope at every step.

    manim -pql scenes/backprop_main_ideas.py GradientDescentOnB3
"""

from __future__ import annotations

import numpy as np
from manim import (Create, Dot, FadeIn, FadeOut, Scene, VGroup,
                   Write, DOWN, LEFT, RIGHT, UP)

import nnmath
from scenes.common.beats import play_beats
from scenes.common.descent_story import descent_beats
from scenes.common.equations import ssr_sum
from scenes.common.node_story import dosage_grid
from scenes.common.numbers import fmt, fmt_factor, fmt_input, fmt_small
from scenes.common.panels import loss_panel
from scenes.common.plots import curve, fitted_axes, residual_lines, value_span
from scenes.common.equations import step_equations
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import equation, label, stacked, title
from scenes.common.timing import timing

PRESET = "main-ideas"
PARAM = "b3"
DETAILED_STEPS = 3  # steps shown slowly with every equation; the rest run quickly

__all__ = ["ResidualsAndSSR", "ChainRuleForB3", "GradientDescentOnB3"]


def b3_grid(trace: nnmath.Trace) -> np.ndarray:
    """b3 values spanning every step, with a margin, for the SSR curve."""
    return value_span(trace.param(PARAM))


def chain_terms(trace: nnmath.Trace, k: int) -> str:
    """-2(observed - predicted) x dPredicted/db3 for every data point at step k, as TeX."""
    chain = trace.chain(k)
    terms = [
        rf"2({fmt_input(o)} - {fmt_factor(p)}) \times {fmt_input(d)}"
        for o, p, d in zip(trace.outputs, chain.predictions, chain.factors["dPredicted/db3"])
    ]
    return "-" + " - ".join(terms)


def db3_factor(trace: nnmath.Trace, k: int) -> str:
    """dPredicted/db3 at step k as written (the same for every data point)."""
    return fmt_input(trace.chain(k).factors["dPredicted/db3"][0])


def chain_numbers(trace: nnmath.Trace, k: int) -> VGroup:
    """dSSR/db3 = sum dSSR/dPredicted x dPredicted/db3 at step k, numbers plugged in."""
    return stacked(
        equation(r"\frac{d\,\text{SSR}}{d\,b_3} = \sum \frac{d\,\text{SSR}}{d\,\text{Predicted}}"
                 r"\times \frac{d\,\text{Predicted}}{d\,b_3}", size=SIZES.equation + 4),
        equation(rf"= \sum -2(\text{{Observed}} - \text{{Predicted}}) \times {db3_factor(trace, k)}",
                 size=SIZES.equation),
        equation(rf"= {chain_terms(trace, k)}", size=SIZES.equation - 4),
        equation(rf"= {fmt(trace.gradients[k, trace.index(PARAM)])}", size=SIZES.equation),
        buff=0.4,
    )


def step_rows(trace: nnmath.Trace, k: int) -> VGroup:
    """Chain rule with numbers, step size and new b3 of step k."""
    step = trace.step(k)
    slope = fmt_small(step.gradients[PARAM])
    return stacked(
        equation(rf"\frac{{d\,\text{{SSR}}}}{{d\,b_3}} = {chain_terms(trace, k)} = {slope}",
                 size=SIZES.equation - 8),
        *step_equations(step, PARAM, "b_3"),
        buff=0.2,
    )


class ResidualsAndSSR(Scene):
    """The squiggle with b3 = 0, its residuals, the SSR, and the SSR for every b3."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        grid = dosage_grid(trace)
        curves = trace.curves(grid).predicted
        axes, dots = fitted_axes(trace.inputs, trace.outputs, curves.ravel(), 1.0, 4.8, 3.4)
        VGroup(axes, dots).to_corner(UP + LEFT, buff=0.6).shift(DOWN * 0.5)
        squiggle = curve(axes, grid, curves[0], PALETTE.squiggle)
        resid = residual_lines(axes, trace.inputs, trace.outputs, trace.predictions[0])
        heading = title(f"Start with b3 = {fmt(trace.params[0, trace.index(PARAM)])}")
        self.play(Write(heading), Create(axes), FadeIn(dots), run_time=t.draw)
        self.play(Create(squiggle), run_time=t.draw)
        self.play(Create(resid), run_time=t.write)
        ssr = ssr_sum(trace, 0).to_edge(DOWN, buff=0.4)
        self.play(Write(ssr), run_time=t.write * 2)
        self.wait(t.pause)
        b3 = b3_grid(trace)
        panel = loss_panel(b3, trace.loss_curve(PARAM, b3, k=0), "b3", width=5.0, height=3.4)
        panel.to_corner(UP + RIGHT, buff=0.6).shift(DOWN * 0.5)
        start = Dot(panel.c2p(trace.params[0, trace.index(PARAM)], trace.loss[0]),
                    radius=SIZES.dot, color=PALETTE.tangent)
        self.play(Create(panel), run_time=t.draw)
        self.play(FadeIn(start), run_time=t.write)
        hint = label("Which b3 gives the lowest SSR?", size=SIZES.label)
        self.play(FadeOut(ssr), run_time=t.short_pause)
        self.play(Write(hint.to_edge(DOWN, buff=0.5)), run_time=t.write)
        self.wait(t.pause)


class ChainRuleForB3(Scene):
    """The derivative of the SSR with respect to b3 through the chain rule, at b3 = 0."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        heading = title("The chain rule gives the slope")
        rows = chain_numbers(trace, 0).next_to(heading, DOWN, buff=0.6).set_x(0)
        note = label(f"dPredicted/db3 = {db3_factor(trace, 0)}: b3 just shifts the squiggle",
                     size=SIZES.small)
        note.to_edge(DOWN, buff=0.6)
        self.play(Write(heading), run_time=t.write)
        for row in rows:
            self.play(Write(row), run_time=t.write * 1.5)
            self.wait(t.short_pause)
        self.play(FadeIn(note), run_time=t.write)
        self.wait(t.pause)


class GradientDescentOnB3(Scene):
    """Every step of the trace: tangent and slope, step size, new b3, squiggle moving, until
    the step size is tiny."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        grid = dosage_grid(trace)
        curves = trace.curves(grid).predicted
        axes, dots = fitted_axes(trace.inputs, trace.outputs, curves.ravel(), 1.0, 4.6, 2.8)
        VGroup(axes, dots).to_corner(UP + LEFT, buff=0.5).shift(DOWN * 0.4)
        b3 = b3_grid(trace)
        panel = loss_panel(b3, trace.loss_curve(PARAM, b3, k=0), "b3", width=4.8, height=2.8)
        panel.to_corner(UP + RIGHT, buff=0.5).shift(DOWN * 0.4 + LEFT * 0.6)
        squiggle = curve(axes, grid, curves[0], PALETTE.squiggle)
        self.play(Write(title("Gradient descent on b3")), Create(axes), FadeIn(dots),
                  Create(panel), Create(squiggle), run_time=t.draw)

        def fit_at(k):
            return curve(axes, grid, curves[k + 1], PALETTE.squiggle)

        def rows(k):
            return step_rows(trace, k).to_edge(DOWN, buff=0.3)

        play_beats(self, descent_beats(trace, PARAM, panel, squiggle, fit_at, rows, t,
                                       detailed=DETAILED_STEPS))
        final = trace.final()[PARAM]
        done = label(f"Step size below {fmt_input(trace.settings['tolerance'])}: stop at b3 = {fmt(final)}",
                     size=SIZES.label, color=PALETTE.squiggle)
        self.play(FadeIn(done.to_edge(DOWN, buff=0.6)), run_time=t.write)
        self.wait(t.pause * 2)
