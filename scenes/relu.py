"""Chapter: ReLU in action (preset ``relu``). The same 1-2-1 network with ReLU in both
hidden nodes and on the output: each node slices the bent line, flips and stretches it,
the two are summed and shifted by b3, and the output ReLU clips everything below 0, which
leaves a sharp peak over the middle dosage.

    manim -pql scenes/relu.py ReluNetwork
"""

from __future__ import annotations

import numpy as np
from manim import (AnimationGroup, Create, FadeIn, FadeOut, Indicate, Scene, Succession, VGroup,
                   Write, DOWN, LEFT, RIGHT, UP)

import nnmath
from scenes.common.beats import Beat, Shows, play_beats
from scenes.common.callout import callout, show_callout
from scenes.common.narration import SILENT, plain, say
from scenes.common.network import NetworkDiagram
from scenes.common.node_story import dosage_grid, node_story
from scenes.common.numbers import fmt
from scenes.common.panels import activation_panel
from scenes.common.plots import axes_numbers, curve, fitted_axes
from scenes.common.style import PALETTE, SIZES
from scenes.common.sum_story import sum_story
from scenes.common.text import equation, label, title
from scenes.common.timing import timing

PRESET = "relu"

__all__ = ["ReluNetwork", "ReluTopNode", "ReluBottomNode", "ReluSumAndClip"]


class ReluNetwork(Scene):
    """The network with ReLU in the hidden nodes and on the output, its weights and biases,
    and the bent-line fit it draws through the three dosages."""

    shows = Shows(PRESET, step=None)

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        p = trace.final()
        grid = dosage_grid(trace)
        predicted = trace.forward(grid).predicted
        net = NetworkDiagram(p, trace.model(), width=4.8, height=3.6)
        axes, dots = fitted_axes(trace.inputs, trace.outputs, predicted, step=0.5, width=5.0,
                                 height=3.6, pad=0.06)
        VGroup(axes, dots).to_edge(RIGHT, buff=0.4).shift(DOWN * 0.1)
        net.next_to(axes, LEFT, buff=0.4)
        beside = net.get_center()
        net.to_edge(LEFT, buff=0.6).shift(DOWN * 0.2)
        panel = activation_panel("relu", -2.0, 2.0, width=4.4, height=2.4, color=PALETTE.text)
        panel.to_edge(RIGHT, buff=0.6).shift(DOWN * 0.6)
        formula = equation(trace.model().activations()["hidden"].tex_definition()).next_to(panel, UP, buff=0.45)
        bend = callout(panel.c2p(0.0, 0.0), "the bend, at 0", avoid=[formula, net, *axes_numbers(panel)],
                       directions=(DOWN + RIGHT, DOWN + LEFT, UP + LEFT))
        squiggle = curve(axes, grid, predicted, PALETTE.squiggle)
        preds = VGroup(*[label(fmt(y), size=SIZES.small, color=PALETTE.squiggle)
                         .next_to(axes.c2p(x, y), UP + (LEFT if x == trace.inputs.max() else RIGHT),
                                  buff=0.12)
                         for x, y in zip(trace.inputs, trace.final_predictions)])
        halves = [curve(panel, xs, nnmath.get_activation("relu")(xs), PALETTE.callout,
                        SIZES.highlight) for xs in (np.linspace(-2.0, 0.0, 20),
                                                    np.linspace(0.0, 2.0, 20))]
        d = [plain(x) for x in trace.inputs]
        play_beats(self, [
            Beat((Write(title("ReLU in action")), Create(net)), t.draw, t.short_pause,
                 say("Here is a network with the same shape as the one we trained: one dosage "
                     "in, two hidden nodes, one output.")),
            Beat(tuple(net.focus("top", "bottom")), t.write, t.short_pause,
                 say("But its hidden nodes use a different activation function: ReLU, short "
                     "for rectified linear unit.")),
            Beat(tuple(net.focus("output")), t.write, t.short_pause,
                 say("And this time, even the output node uses it.")),
            Beat((Create(panel), Write(formula)), t.draw, t.short_pause,
                 say("ReLU outputs the larger of zero and its input.")),
            Beat((Create(halves[0]),), t.write, t.short_pause,
                 say("So every negative input comes out as zero: this flat part.")),
            Beat((FadeOut(halves[0]), Create(halves[1])), t.write, t.short_pause,
                 say("And every positive input comes out as it is: this diagonal.")),
            Beat((FadeOut(halves[1]), show_callout(bend)), t.write, t.short_pause,
                 say("So instead of a smooth curve, it is a bent line, with the bend at zero.")),
            Beat(tuple(net.focus("w1", "w2", "b1", "b2")) + (FadeOut(bend),), t.write,
                 t.short_pause,
                 say("On the way in, the weights are {w1} and {w2}, and the hidden nodes add "
                     "the biases {b1} and {b2}.", w1=p["w1"], w2=p["w2"], b1=p["b1"],
                     b2=p["b2"])),
            Beat(tuple(net.focus("w3", "w4", "b3")), t.write, t.short_pause,
                 say("On the way out, the weights are {w3} and {w4}, and the last bias is {b3}.",
                     w3=p["w3"], w4=p["w4"], b3=p["b3"])),
            Beat(tuple(net.reset()) + (FadeOut(panel), FadeOut(formula)), t.short_pause, 0.0,
                 SILENT),
            Beat((net.animate.move_to(beside).build(), Create(axes)), t.draw, 0.0, SILENT),
            Beat((Succession(*[FadeIn(d_, scale=2) for d_ in dots]),), t.move * 2,
                 t.short_pause,
                 say("These numbers fit the same three measurements as before: dosages {d0} and "
                     "{d2} did not work, and dosage {d1} did.", d0=d[0], d1=d[1], d2=d[2])),
            Beat((Create(squiggle),), t.draw, t.short_pause,
                 say("Plugging every dosage in draws this green squiggle. With ReLU it is "
                     "made of straight pieces, with a sharp peak.")),
            Beat((Succession(*[AnimationGroup(FadeIn(p_), Indicate(d_, color=PALETTE.callout))
                                for p_, d_ in zip(preds, dots)]),), t.move * 2, t.pause,
                 say("It predicts {y0} at dosage {d0}, {y1} at dosage {d1} and {y2} at dosage "
                     "{d2}. Next, let's see how the nodes bend the line into that peak.",
                     d0=d[0], d1=d[1], d2=d[2],
                     **{f"y{i}": v for i, v in enumerate(trace.final_predictions)})),
        ])


class ReluTopNode(Scene):
    """The top node: the slice of ReLU it uses, drawn over dosage, times w3."""

    shows = Shows(PRESET, step=None)

    def construct(self):
        _, beats = node_story(nnmath.build(PRESET), 1, timing())
        play_beats(self, beats)


class ReluBottomNode(Scene):
    """The bottom node: the slice of ReLU it uses, drawn over dosage, times w4."""

    shows = Shows(PRESET, step=None)

    def construct(self):
        _, beats = node_story(nnmath.build(PRESET), 2, timing())
        play_beats(self, beats)


class ReluSumAndClip(Scene):
    """Blue plus orange plus b3, then the output ReLU clipping the sum at 0."""

    shows = Shows(PRESET, step=None)

    def construct(self):
        play_beats(self, sum_story(nnmath.build(PRESET), timing()))
