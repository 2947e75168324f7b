"""Chapter: backpropagation in detail. Part 1 (preset ``details-w3-w4-b3``): w3, w4 and b3
optimised together, each derivative through the chain rule with numbers, the squiggle
improving until every step size is tiny. Part 2 (preset ``details-all``): all seven
parameters; the chain rule for w1, b1, w2 and b2 goes through a hidden node; then the
whole learning process as one continuous animation.

    manim -pql scenes/backprop_details.py LearningAllSeven
"""

from __future__ import annotations

import numpy as np
from manim import (Create, Dot, FadeIn, FadeOut, Scene, ValueTracker,
                   VGroup, VMobject, Write, DOWN, LEFT, RIGHT, UP)

import nnmath
from scenes.common.chain_table import chain_table
from scenes.common.layout import keep_inside
from scenes.common.network import NetworkDiagram
from scenes.common.node_story import dosage_grid
from scenes.common.numbers import fmt, fmt_input, fmt_small
from scenes.common.plots import fitted_axes, plot_axes, scene_points
from scenes.common.readout import (Readout, growing_path, play_run, run_columns, sample_steps,
                                   show_upto, step_at)
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import equation, label, stacked, title
from scenes.common.timing import timing

PART1 = "details-w3-w4-b3"
PART2 = "details-all"
HIDDEN = ("w1", "b1", "w2", "b2")
FRAMES = 120  # sampled steps in the continuous learning animation
COLOURS = {"w1": PALETTE.top, "b1": PALETTE.top, "w3": PALETTE.top,
           "w2": PALETTE.bottom, "b2": PALETTE.bottom, "w4": PALETTE.bottom,
           "b3": PALETTE.squiggle, "SSR": PALETTE.tangent}

__all__ = ["ThreeDerivatives", "FittingW3W4B3", "ChainThroughHiddenNode", "LearningAllSeven"]


def step_table(trace: nnmath.Trace, k: int, names) -> VGroup:
    """Step size = derivative x learning rate and the new value, one line per parameter."""
    step = trace.step(k)
    rate = fmt_input(step.learning_rate)
    rows = [equation(rf"{n[0]}_{n[1]}: \; {fmt_small(step.gradients[n])} \times {rate}"
                     rf" = {fmt_small(step.step_sizes[n])}, \quad {fmt(step.params[n])} - "
                     rf"({fmt_small(step.step_sizes[n])}) = {fmt(step.new_params[n])}",
                     size=SIZES.equation - 6, color=COLOURS[n]) for n in names]
    return stacked(*rows, buff=0.2)


def run_plot(trace: nnmath.Trace, steps, grid):
    """Dosage axes fitting every sampled squiggle and node curve; (axes, dots, curves)."""
    fw = trace.curves(grid, steps=steps)
    values = np.concatenate([fw.predicted.ravel(), fw.scaled1.ravel(), fw.scaled2.ravel()])
    axes, dots = fitted_axes(trace.inputs, trace.outputs, values, step=1.0, width=4.6, height=3.8)
    return axes, dots, fw


class ThreeDerivatives(Scene):
    """Part 1: w3, w4 and b3 start at 0.36, 0.63 and 0; each derivative of the SSR as a
    chain-rule table with numbers, then the first step for all three."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PART1)
        start = trace.params_at(0)
        heading = title("Optimise w3, w4 and b3 together")
        net = NetworkDiagram(start).shift(DOWN * 0.3)
        self.play(Write(heading), Create(net), run_time=t.draw)
        self.play(*[net.weight_labels[n].animate.set_color(COLOURS[n]).scale(1.15)
                    for n in trace.optimised], run_time=t.write)
        self.wait(t.pause)
        self.play(FadeOut(net), run_time=t.short_pause)
        shown = None
        for name in trace.optimised:
            table = chain_table(trace, name, 0).next_to(heading, DOWN, buff=0.5)
            keep_inside(table)
            if shown is None:
                self.play(FadeIn(table[0]), run_time=t.write)
            else:
                self.play(FadeOut(shown), FadeIn(table[0]), run_time=t.write)
            self.play(Write(table[1]), run_time=t.write)
            self.wait(t.pause)
            self.play(FadeOut(table[1]), run_time=t.short_pause)
            shown = table[0]
        self.play(FadeOut(shown), run_time=t.short_pause)
        rows = step_table(trace, 0, trace.optimised).next_to(heading, DOWN, buff=0.8)
        note = label("Step size = derivative \u00d7 learning rate; new = old - step size",
                     size=SIZES.small).to_edge(DOWN, buff=0.6)
        self.play(Write(rows), run_time=t.write * 2)
        self.play(FadeIn(note), run_time=t.write)
        self.wait(t.pause * 2)


class FittingW3W4B3(Scene):
    """Part 1: the squiggle improving step by step while w3, w4, b3 and the SSR change,
    until every step size is at most the tolerance."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PART1)
        play_learning(self, trace, t, "w3, w4 and b3 learn together")


class ChainThroughHiddenNode(Scene):
    """Part 2: all seven parameters start from REFERENCE values; the derivative for w1, b1,
    w2 and b2 needs two more links in the chain, through the hidden node."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PART2)
        heading = title("Through the hidden node: w1, b1, w2, b2")
        net = NetworkDiagram(trace.params_at(0)).shift(DOWN * 0.2)
        self.play(Write(heading), Create(net), run_time=t.draw)
        chain = equation(r"\frac{d\,\text{SSR}}{d\,w_1} = \frac{d\,\text{SSR}}{d\,\text{Predicted}}"
                         r"\times \frac{d\,\text{Predicted}}{d\,y_1} \times \frac{d\,y_1}{d\,x_1}"
                         r"\times \frac{d\,x_1}{d\,w_1}", size=SIZES.equation)
        chain.to_edge(DOWN, buff=0.4)
        self.play(Write(chain), run_time=t.write * 2)
        self.wait(t.pause)
        self.play(FadeOut(net), FadeOut(chain), run_time=t.short_pause)
        shown = None
        for name in HIDDEN:
            table = chain_table(trace, name, 0).next_to(heading, DOWN, buff=0.5)
            keep_inside(table)
            slow = name == HIDDEN[0]
            if shown is None:
                self.play(FadeIn(table[0]), run_time=t.write * (2 if slow else 1))
            else:
                self.play(FadeOut(shown), FadeIn(table[0]), run_time=t.write)
            self.play(Write(table[1]), run_time=t.write)
            self.wait(t.pause * (2 if slow else 1))
            self.play(FadeOut(table[1]), run_time=t.short_pause)
            shown = table[0]
        self.play(FadeOut(shown), run_time=t.short_pause)
        rows = step_table(trace, 0, trace.optimised).next_to(heading, DOWN, buff=0.5)
        self.play(Write(rows), run_time=t.write * 2)
        self.wait(t.pause * 2)


class LearningAllSeven(Scene):
    """Part 2: the whole run as one animation, sampled from the trace: both node curves,
    the squiggle, the SSR over the iterations and the seven parameters moving together."""

    def construct(self):
        play_learning(self, nnmath.build(PART2), timing(), "All seven parameters learn together")


def play_learning(scene: Scene, trace: nnmath.Trace, t, heading: str) -> None:
    """Play a whole run, sampled at FRAMES steps: node curves and squiggle on the data, the
    SSR over the iterations, a readout of the optimised parameters and the SSR."""
    steps = sample_steps(trace.n_steps, FRAMES)
    grid = dosage_grid(trace)
    axes, dots, fw = run_plot(trace, steps, grid)
    VGroup(axes, dots).to_edge(LEFT, buff=0.8).shift(DOWN * 0.4)
    node_points = [[scene_points(axes, grid, arr[j]) for j in range(len(steps))]
                   for arr in (fw.scaled1, fw.scaled2, fw.predicted)]
    columns = run_columns(trace)
    losses = columns["SSR"]
    ssr_axes = plot_axes((0, trace.n_steps, trace.n_steps / 2), (0, float(losses.max()) * 1.05, 1.0),
                         2.8, 2.2, x_label="Step", y_label="SSR",
                         x_ticks=[0, trace.n_steps])
    ssr_axes.next_to(axes, RIGHT, buff=0.9).align_to(axes, UP)
    ssr_points = scene_points(ssr_axes, np.arange(trace.n_steps + 1), losses)
    tracker = ValueTracker(0)
    shown = {n: v for n, v in columns.items() if n in trace.optimised or n == "SSR"}
    readout = Readout(shown, tracker, steps, colors=COLOURS, size=SIZES.small + 2)
    if readout.height > 5.6:
        readout.scale_to_fit_height(5.6)
    readout.to_edge(RIGHT, buff=0.8).shift(DOWN * 0.3)  # room for numbers that widen
    lines = [VMobject(color=c, stroke_width=SIZES.curve * (1.2 if c == PALETTE.squiggle else 1.0))
             for c in (PALETTE.top, PALETTE.bottom, PALETTE.squiggle)]
    for line, pts in zip(lines, node_points):
        line.set_points_as_corners(pts[0])
    ssr_line = growing_path(ssr_points, PALETTE.tangent, SIZES.thin)
    marker = Dot(ssr_points[0], radius=SIZES.dot, color=PALETTE.tangent)

    def follow():
        k = step_at(tracker.get_value(), steps)
        j = int(np.searchsorted(steps, k))  # which sampled curve is step k's
        for line, pts in zip(lines, node_points):
            line.set_points_as_corners(pts[j])
        show_upto(ssr_line, ssr_points, k)
        marker.move_to(ssr_points[k])

    scene.play(Write(title(heading)), Create(axes), FadeIn(dots), run_time=t.draw)
    scene.play(Create(VGroup(*lines)), Create(ssr_axes), FadeIn(marker), FadeIn(readout),
               run_time=t.draw)
    scene.wait(t.short_pause)
    play_run(scene, tracker, len(steps) - 1, (*lines, ssr_line, marker), follow, t.draw * 12, readout)
    done = label(trace.message, size=SIZES.small).to_edge(DOWN, buff=0.25)
    keep_inside(done)
    scene.play(FadeIn(done), run_time=t.write)
    scene.wait(t.pause * 2)
