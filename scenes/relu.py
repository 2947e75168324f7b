"""Chapter: ReLU in action (preset ``relu``). The same 1-2-1 network with ReLU in both
hidden nodes and on the output: each node slices the bent line, flips and stretches it,
the two are summed and shifted by b3, and the output ReLU clips everything below 0, which
leaves a sharp peak over the middle dosage.

    manim -pql scenes/relu.py ReluNetwork
"""

from __future__ import annotations

from manim import Create, FadeIn, Scene, VGroup, Write, DOWN, LEFT, RIGHT, UP

import nnmath
from scenes.common.beats import play_beats
from scenes.common.network import NetworkDiagram
from scenes.common.node_story import dosage_grid, node_story
from scenes.common.numbers import fmt, fmt_input
from scenes.common.plots import curve, fitted_axes
from scenes.common.style import PALETTE, SIZES
from scenes.common.sum_story import sum_story
from scenes.common.text import label, stacked, title
from scenes.common.timing import timing

PRESET = "relu"

__all__ = ["ReluNetwork", "ReluTopNode", "ReluBottomNode", "ReluSumAndClip"]


class ReluNetwork(Scene):
    """The network with ReLU in the hidden nodes and on the output, its weights and biases,
    and the bent-line fit it draws through the three dosages."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        settings = trace.model_settings
        net = NetworkDiagram(trace.final(), settings["activation"], settings["output_activation"])
        net.scale(0.75).to_edge(LEFT, buff=0.3).shift(UP * 0.3)
        grid = dosage_grid(trace)
        predicted = trace.forward(grid).predicted
        axes, dots = fitted_axes(trace.inputs, trace.outputs, predicted, step=0.5, width=4.6, height=3.4)
        VGroup(axes, dots).to_edge(RIGHT, buff=0.5).shift(DOWN * 0.2)
        squiggle = curve(axes, grid, predicted, PALETTE.squiggle)
        preds = VGroup(*[
            label(f"{fmt_input(x)} \u2192 {fmt(y)}", size=SIZES.small)
            for x, y in zip(trace.inputs, trace.final_predictions)
        ]).arrange(RIGHT, buff=0.5)
        preds.next_to(axes, DOWN, buff=0.7)
        note = stacked(label("ReLU(x) = max(0, x):", size=SIZES.small),
                       label("a bent line instead of a curve", size=SIZES.small), buff=0.12)
        note.next_to(net, DOWN, buff=0.5)
        self.play(Write(title("ReLU in action")), run_time=t.write)
        self.play(Create(net), run_time=t.draw)
        self.play(Write(note), run_time=t.write)
        self.play(Create(axes), FadeIn(dots), run_time=t.draw)
        self.play(Create(squiggle), run_time=t.draw)
        self.play(Write(preds), run_time=t.write)
        self.wait(t.pause)


class ReluTopNode(Scene):
    """The top node: the slice of ReLU it uses, drawn over dosage, times w3."""

    def construct(self):
        _, beats = node_story(nnmath.build(PRESET), 1, timing())
        play_beats(self, beats)


class ReluBottomNode(Scene):
    """The bottom node: the slice of ReLU it uses, drawn over dosage, times w4."""

    def construct(self):
        _, beats = node_story(nnmath.build(PRESET), 2, timing())
        play_beats(self, beats)


class ReluSumAndClip(Scene):
    """Blue plus orange plus b3, then the output ReLU clipping the sum at 0."""

    def construct(self):
        play_beats(self, sum_story(nnmath.build(PRESET), timing()))
