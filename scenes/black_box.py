"""Chapter: inside the black box. How the fitted network (preset ``black-box``) turns a
dosage into an efficacy: each hidden node slices its softplus curve, flips and stretches it,
the two curves are summed and b3 shifts the sum into the green squiggle.

    manim -pql scenes/black_box.py TheFittedNetwork
"""

from __future__ import annotations

from manim import (Create, FadeIn, FadeOut, Scene, VGroup,
                   Write, DOWN, LEFT, RIGHT, UP)

import nnmath
from scenes.common.beats import play_beats
from scenes.common.network import NetworkDiagram
from scenes.common.node_story import dosage_grid, node_story
from scenes.common.sum_story import sum_story
from scenes.common.numbers import fmt, fmt_factor, fmt_input, fmt_signed
from scenes.common.plots import curve, data_points, fitted_axes
from scenes.common.style import PALETTE
from scenes.common.text import equation, label, stacked, title
from scenes.common.timing import timing

PRESET = "black-box"

__all__ = ["TheFittedNetwork", "TopNodeSlice", "BottomNodeSlice", "SumIntoSquiggle",
           "WorkedDosages"]


def squiggle_axes(trace: nnmath.Trace, squiggle):
    """Dosage/efficacy axes covering the data and the squiggle's samples, with the data."""
    return fitted_axes(trace.inputs, trace.outputs, squiggle, step=0.5, width=5.0, height=3.8)


class TheFittedNetwork(Scene):
    """The fitted network with its weights and biases, and the green squiggle it draws."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        grid = dosage_grid(trace)
        net = NetworkDiagram(trace.final()).scale(0.75).to_edge(LEFT, buff=0.3).shift(UP * 0.3)
        predicted = trace.forward(grid).predicted
        axes, dots = squiggle_axes(trace, predicted)
        VGroup(axes, dots).scale(0.9).to_edge(RIGHT, buff=0.4).shift(DOWN * 0.2)
        squiggle = curve(axes, grid, predicted, PALETTE.squiggle)
        heading = title("Inside the black box")
        note = label("How does this network fit the data?").to_edge(DOWN, buff=0.35)
        self.play(Write(heading), run_time=t.write)
        self.play(Create(net), run_time=t.draw)
        self.play(Create(axes), FadeIn(dots), run_time=t.draw)
        self.play(Create(squiggle), run_time=t.draw)
        self.play(Write(note), run_time=t.write)
        self.wait(t.pause)


class TopNodeSlice(Scene):
    """The top node: the slice of softplus it uses, drawn over dosage, times w3."""

    def construct(self):
        _, beats = node_story(nnmath.build(PRESET), 1, timing())
        play_beats(self, beats)


class BottomNodeSlice(Scene):
    """The bottom node: the slice of softplus it uses, drawn over dosage, times w4."""

    def construct(self):
        _, beats = node_story(nnmath.build(PRESET), 2, timing())
        play_beats(self, beats)


class SumIntoSquiggle(Scene):
    """The blue and orange curves added together, then b3 shifting the sum onto the data."""

    def construct(self):
        play_beats(self, sum_story(nnmath.build(PRESET), timing()))


def worked_rows(trace: nnmath.Trace, dose_index: int) -> VGroup:
    """The arithmetic for one dosage, each step with the numbers plugged in."""
    p = trace.final()
    fw = trace.forward()
    i = dose_index
    d = fmt_input(trace.inputs[i])
    rows = VGroup(
        equation(rf"x_1 = {fmt(p['w1'])} \times {d} {fmt_signed(p['b1'])} = {fmt(fw.x1[i])}",
                 color=PALETTE.top),
        equation(rf"\log(1 + e^{{{fmt(fw.x1[i])}}}) = {fmt(fw.y1[i])}, \quad"
                 rf"{fmt(fw.y1[i])} \times {fmt_factor(p['w3'])} = {fmt(fw.scaled1[i])}",
                 color=PALETTE.top),
        equation(rf"x_2 = {fmt(p['w2'])} \times {d} {fmt_signed(p['b2'])} = {fmt(fw.x2[i])}",
                 color=PALETTE.bottom),
        equation(rf"\log(1 + e^{{{fmt(fw.x2[i])}}}) = {fmt(fw.y2[i])}, \quad"
                 rf"{fmt(fw.y2[i])} \times {fmt_factor(p['w4'])} = {fmt(fw.scaled2[i])}",
                 color=PALETTE.bottom),
        equation(rf"{fmt(fw.scaled1[i])} + {fmt(fw.scaled2[i])} {fmt_signed(p['b3'])}"
                 rf" = {fmt(fw.predicted[i])}", color=PALETTE.squiggle),
    )
    return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.28)


class WorkedDosages(Scene):
    """Dosage 0 and dosage 0.5 through the network, every step with its numbers; then the
    predictions at all three dosages."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        heading = title("The numbers, step by step")
        self.play(Write(heading), run_time=t.write)
        for i in (0, 1):
            tag = label(f"Dosage = {fmt_input(trace.inputs[i])}")
            rows = worked_rows(trace, i)
            block = stacked(tag, rows, buff=0.35).next_to(heading, DOWN, buff=0.4)
            self.play(Write(tag), run_time=t.write)
            for row in rows:
                self.play(Write(row), run_time=t.write)
                self.wait(t.short_pause)
            self.wait(t.pause)
            self.play(FadeOut(block), run_time=t.write / 2)
        grid = dosage_grid(trace)
        predicted = trace.forward(grid).predicted
        axes, dots = squiggle_axes(trace, predicted)
        VGroup(axes, dots).shift(LEFT * 2.6 + DOWN * 0.3)
        squiggle = curve(axes, grid, predicted, PALETTE.squiggle)
        preds = stacked(*[
            label(f"Dosage {fmt_input(x)} \u2192 {fmt(y)}")
            for x, y in zip(trace.inputs, trace.final_predictions)
        ], buff=0.35).to_edge(RIGHT, buff=1.0)
        marks = data_points(axes, trace.inputs, trace.final_predictions, color=PALETTE.squiggle)
        self.play(Create(axes), FadeIn(dots), Create(squiggle), run_time=t.draw)
        self.play(FadeIn(marks), Write(preds), run_time=t.write)
        self.wait(t.pause)
