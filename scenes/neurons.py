"""Chapter: neurons (the opening chapter; preset ``neurons`` and nnmath.neuron). A network is
nodes and connections in layers; each hidden node bends its input with an activation
function (softplus, ReLU or sigmoid). A neuron is a number: the weighted sum of its inputs
plus its bias, through the activation; the bias says how high the sum must be before the
neuron turns on. Layers of such numbers light up in a forward pass. The "go surfing?"
perceptron decides with a step, and changing a weight or the threshold can flip its
decision. Last, the cost (squared differences between outputs and targets) and gradient
descent stepping downhill, handed over to the gradient-descent chapter.

    manim -pql scenes/neurons.py NodesAndLayers
"""

from __future__ import annotations

import numpy as np
from manim import (Arrow, Create, DashedLine, Dot, FadeIn, FadeOut, Indicate, Scene,
                   Transform, VGroup, Write, DOWN, LEFT, RIGHT, UP)

import nnmath
from nnmath.neuron import SURFING, SURFING_NAMES, surfing_what_ifs
from scenes.common.beats import play_beats
from scenes.common.dense_diagram import on_edge
from scenes.common.descent_story import descent_beats
from scenes.common.layers import LayeredNetwork, light_up, node_value, step_icon
from scenes.common.network import activation_icon
from scenes.common.numbers import fmt, fmt_input, fmt_signed
from scenes.common.panels import activation_panel, loss_panel
from scenes.common.plots import curve, nice_range, plot_axes, value_span
from scenes.common.equations import step_equations
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import equation, label, stacked, title
from scenes.common.timing import timing

PRESET = "neurons"
PARAM = "w[h1->go]"
#: the day traced through one neuron (waves good, line-up not empty, no shark attack)
DAY = 0
#: the hidden neuron whose numbers are written out
NODE = 0
DETAILED_STEPS = 2  # descent steps shown slowly; the rest run quickly
#: the activation curves compared in the first scene, each in its colour
CURVES = (("softplus", PALETTE.top), ("relu", PALETTE.bottom), ("sigmoid", PALETTE.squiggle))

__all__ = ["NodesAndLayers", "NeuronIsANumber", "LayersLightUp", "GoSurfing", "CostAndDownhill"]


def _names(trace: nnmath.Trace):
    model = trace.model()
    return model.input_labels, model.hidden_labels, model.output_labels


def day_neuron(trace: nnmath.Trace, activation: str | None = None) -> nnmath.Neuron:
    """Hidden neuron NODE on day DAY with the starting weights, every number kept."""
    ins, hid, _ = _names(trace)
    p, h = trace.params_at(0), hid[NODE]
    return nnmath.neuron(trace.inputs[DAY], [p[f"w[{i}->{h}]"] for i in ins], p[f"b[{h}]"],
                         activation or trace.model_settings["activation"])


def weighted_sum_tex(weights, inputs, number=fmt) -> str:
    """"2.00 \\times 1 + 0.50 \\times 0 + ..." with each weight written by ``number``."""
    return " + ".join(rf"{number(w)} \times {fmt_input(x)}" for w, x in zip(weights, inputs))


class NodesAndLayers(Scene):
    """A network as nodes and connections: input, hidden and output layers, an activation
    function in each hidden node; then softplus, ReLU and sigmoid drawn as curves."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        model = trace.model()
        head = title("A neural network: nodes and connections")
        net = LayeredNetwork(model.shape, ("Input layer", "Hidden layer", "Output layer"),
                             width=8.0, height=3.6)
        net.next_to(head, DOWN, buff=0.5)
        icons = VGroup(*[activation_icon(model.activation.name, PALETTE.top, 0.3).move_to(n)
                         for n in net.layers[1]])
        self.play(Write(head), run_time=t.write)
        self.play(*[FadeIn(VGroup(*layer)) for layer in net.layers], run_time=t.write)
        self.play(Create(net.edges), run_time=t.draw)
        self.play(Write(net.names), run_time=t.write)
        note = label("Each hidden node applies an activation function").to_edge(DOWN, buff=0.3)
        self.play(Create(icons), Write(note), run_time=t.write)
        self.wait(t.pause)
        self.play(FadeOut(VGroup(net, icons, note)), run_time=t.short_pause)

        panels = VGroup(*[activation_panel(name, -4.0, 4.0, width=3.4, height=2.2, color=colour)
                          for name, colour in CURVES]).arrange(RIGHT, buff=0.9)
        panels.next_to(head, DOWN, buff=1.0)
        formulas = VGroup(*[label(nnmath.ACTIVATIONS[name].formula, size=SIZES.small, color=colour)
                            .next_to(panel, DOWN, buff=0.35)
                            for (name, colour), panel in zip(CURVES, panels)])
        for panel in panels:
            self.play(Create(panel), run_time=t.draw * 0.7)
        self.play(Write(formulas), run_time=t.write)
        choose = label("Pick one: it bends the sum that goes into the node",
                       size=SIZES.label).to_edge(DOWN, buff=0.5)
        self.play(Write(choose), run_time=t.write)
        self.wait(t.pause)


class NeuronIsANumber(Scene):
    """One neuron on one day: the weighted sum of its inputs plus the bias, through sigmoid
    (and ReLU); the bias as how high the sum must be before the neuron turns on."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        n = day_neuron(trace)
        act = n.activation
        head = title("A neuron is a number")
        net = LayeredNetwork((len(n.inputs), 1), input_names=SURFING_NAMES, width=2.8, height=2.6,
                             colours=(PALETTE.text, PALETTE.top))
        net.to_edge(LEFT, buff=0.3).shift(UP * 0.6)
        neuron = net.node(1, 0)
        ins = VGroup(*[node_value(node, fmt_input(x)) for node, x in zip(net.layers[0], n.inputs)])
        weights = VGroup(*[on_edge(f"\u00d7 {fmt(w)}", edge, 0.4, SIZES.small)
                           for edge, w in zip(net.incoming(1, 0), n.weights)])
        bias = label(f"bias {fmt(n.bias)}", size=SIZES.small).next_to(neuron, UP, buff=0.15)
        self.play(Write(head), run_time=t.write)
        self.play(FadeIn(net), run_time=t.write)
        self.play(FadeIn(ins), Write(weights), Write(bias), run_time=t.write)

        rows = stacked(
            equation(rf"{weighted_sum_tex(n.weights, n.inputs)} = {fmt(n.weighted_sum)}",
                     size=SIZES.equation - 4),
            equation(rf"{fmt(n.weighted_sum)} {fmt_signed(n.bias)} = {fmt(n.total)}",
                     size=SIZES.equation - 4),
            equation(rf"\text{{{act}}}({fmt(n.total)}) = {fmt(n.value)}", color=PALETTE.top,
                     size=SIZES.equation - 4),
            buff=0.3,
        ).to_corner(DOWN + LEFT, buff=0.5)
        tags = [label(s, size=SIZES.small, color=PALETTE.axis) for s in
                ("weighted sum", "plus the bias", "through the activation")]
        for row, tag in zip(rows, tags):
            tag.next_to(row, RIGHT, buff=0.4)
            self.play(Write(row), FadeIn(tag), run_time=t.write)
            self.wait(t.short_pause)
        x_lo, x_hi, _ = nice_range([n.total, -n.total], step=2.0, pad=1.0)
        panel = activation_panel(act, x_lo, x_hi, width=4.2, height=2.2, color=PALETTE.top)
        panel.to_corner(UP + RIGHT, buff=0.5).shift(DOWN * 0.9)
        mark = VGroup(DashedLine(panel.c2p(n.total, 0), panel.c2p(n.total, n.value),
                                 color=PALETTE.axis, stroke_width=SIZES.thin),
                      Dot(panel.c2p(n.total, n.value), radius=SIZES.dot, color=PALETTE.tangent))
        value = node_value(neuron, fmt(n.value))
        self.play(Create(panel), run_time=t.draw)
        self.play(Create(mark), run_time=t.write)
        self.play(neuron.animate.set_fill(PALETTE.top, opacity=0.55 * n.value), FadeIn(value),
                  run_time=t.write)
        self.wait(t.pause)

        # the bias: ReLU of (weighted sum + bias) stays 0 until the sum passes -bias
        self.play(FadeOut(VGroup(rows, *tags, panel, mark)), run_time=t.short_pause)
        sums = np.linspace(x_lo, x_hi, 201)
        relu = nnmath.neuron_curve(sums, n.bias, "relu")
        y_lo, y_hi, _ = nice_range([0.0, float(relu.values.max())], step=1.0)
        axes = plot_axes((x_lo, x_hi, 1.0), (y_lo, y_hi, 1.0), 4.2, 2.4,
                         x_label="weighted sum", y_label="ReLU")
        axes.to_corner(UP + RIGHT, buff=0.6).shift(DOWN * 0.8)
        bent = curve(axes, relu.sums, relu.values, PALETTE.bottom)
        door = DashedLine(axes.c2p(relu.threshold, y_lo), axes.c2p(relu.threshold, y_hi),
                          color=PALETTE.tangent, stroke_width=SIZES.thin)
        at = label(fmt(relu.threshold), size=SIZES.small, color=PALETTE.tangent)
        at.next_to(axes.c2p(relu.threshold, y_hi), UP, buff=0.1)
        relu_n = day_neuron(trace, "relu")
        words = stacked(
            label(f"Bias {fmt(n.bias)}: the sum must pass {fmt(relu.threshold)}", size=SIZES.label),
            label("before this neuron becomes active", size=SIZES.label),
            equation(rf"\text{{relu}}({fmt(relu_n.weighted_sum)} {fmt_signed(relu_n.bias)})"
                     rf" = {fmt(relu_n.value)}", color=PALETTE.bottom),
            buff=0.2,
        ).to_corner(DOWN + LEFT, buff=0.5)
        self.play(Create(axes), Create(bent), run_time=t.draw)
        ours = Dot(axes.c2p(relu_n.weighted_sum, relu_n.value), radius=SIZES.dot, color=PALETTE.tangent)
        self.play(Create(door), FadeIn(at), run_time=t.write)
        self.play(FadeIn(ours), run_time=t.short_pause)
        # the same neuron with ReLU instead of sigmoid: its number becomes the ReLU value
        self.play(Write(words), Transform(value, node_value(neuron, fmt(relu_n.value))),
                  neuron.animate.set_fill(PALETTE.bottom, opacity=0.45), run_time=t.write * 1.5)
        self.wait(t.pause)


class LayersLightUp(Scene):
    """A forward pass on every day of the data: the inputs, then each layer of neurons
    lighting up with its numbers (sigmoid of weighted sum plus bias), then the output
    next to what the surfer did."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        fw = trace.forward(k=0)
        model = trace.model()
        head = title("A forward pass: layers of numbers")
        net = LayeredNetwork(model.shape, ("inputs", "sigmoid neurons", "output"),
                             input_names=SURFING_NAMES, width=6.0, height=3.6)
        net.next_to(head, DOWN, buff=0.5).set_x(0)
        self.play(Write(head), run_time=t.write)
        self.play(FadeIn(net), run_time=t.write)
        target = None
        for day in range(len(trace.inputs)):
            slow = day == 0
            run = t.write if slow else t.write / 2
            tag = label(f"Day {day + 1}", size=SIZES.label).to_corner(UP + LEFT, buff=0.3).shift(DOWN * 0.8)
            self.play(*light_up(net, 0, fw.inputs[day], PALETTE.muted, fmt_input), FadeIn(tag),
                      run_time=run)
            for layer, values, colour in ((1, fw.hidden[day], PALETTE.top),
                                          (2, fw.outputs[day], PALETTE.squiggle)):
                self.play(Indicate(net.edges[layer - 1], color=colour, scale_factor=1.0),
                          run_time=run / 2)
                self.play(*light_up(net, layer, values, colour), run_time=run)
                if slow:
                    self.wait(t.short_pause)
            went = label(f"the surfer went: {fmt_input(trace.outputs[day])}", size=SIZES.small)
            went.next_to(net.node(2, 0), DOWN, buff=0.45)
            self.play(FadeIn(went) if target is None else Transform(target, went), run_time=run / 2)
            target = target or went
            self.wait(t.pause if slow else t.short_pause)
            self.remove(tag)
        note = label("Every neuron: weighted sum + bias, then sigmoid", size=SIZES.label)
        self.play(Write(note.to_edge(DOWN, buff=0.3)), run_time=t.write)
        self.wait(t.pause)


def _int_tex(value: float) -> str:
    """A whole-number perceptron value: ``9``, ``-1``."""
    return fmt_input(value)


def _decision(p: nnmath.Perceptron) -> str:
    return "Go surfing!" if p.output == 1 else "Stay home"


def perceptron_rows(p: nnmath.Perceptron) -> VGroup:
    """The sum, the sum plus the bias against 0, and the decision, numbers plugged in."""
    sign = "-" if p.bias < 0 else "+"
    compare = ">" if p.total > 0 else r"\le"
    return stacked(
        equation(rf"{weighted_sum_tex(p.weights, p.inputs, _int_tex)} = {_int_tex(p.weighted_sum)}"),
        equation(rf"{_int_tex(p.weighted_sum)} {sign} {_int_tex(abs(p.bias))} = {_int_tex(p.total)}"
                 rf" {compare} 0"),
        equation(rf"\text{{output}} = {p.output}: \text{{{_decision(p)}}}",
                 color=PALETTE.squiggle if p.output else PALETTE.tangent),
        buff=0.3,
    )


def weight_tag(net: LayeredNetwork, k: int, weight: float, color: str = PALETTE.text) -> VGroup:
    """"x w" on the connection from input k into the perceptron, near the input."""
    tag = on_edge(f"\u00d7 {fmt_input(weight)}", net.incoming(1, 0)[k], 0.4, SIZES.small)
    tag[1].set_color(color)
    return tag


def threshold_tag(p: nnmath.Perceptron, node, color: str = PALETTE.text):
    """"threshold 3 = bias -3" under the perceptron, clear of its connections."""
    tag = label(f"threshold {fmt_input(p.threshold)} = bias {fmt_input(p.bias)}",
                size=SIZES.small, color=color)
    return tag.next_to(node, DOWN, buff=0.25).align_to(node, LEFT)


class GoSurfing(Scene):
    """The perceptron "go surfing?": inputs, weights, the threshold as a bias, the sum with
    numbers and the decision; then what changes when the threshold or a weight changes."""

    def construct(self):
        t = timing()
        p = SURFING
        head = title("A perceptron: go surfing?")
        net = LayeredNetwork((len(p.inputs), 1), input_names=p.names, width=3.4, height=2.2,
                             colours=(PALETTE.text, PALETTE.top))
        net.next_to(head, DOWN, buff=0.45).set_x(-0.8)
        node = net.node(1, 0)
        icon = step_icon(PALETTE.top, 0.3).move_to(node)
        ins = VGroup(*[node_value(n, fmt_input(x)) for n, x in zip(net.layers[0], p.inputs)])
        weights = VGroup(*[weight_tag(net, k, w) for k, w in enumerate(p.weights)])
        threshold = threshold_tag(p, node)
        arrow = Arrow(node.get_right(), node.get_right() + RIGHT * 1.1, color=PALETTE.axis,
                      buff=0.05, stroke_width=SIZES.thin)
        answer = label(_decision(p), color=PALETTE.squiggle).next_to(arrow, RIGHT, buff=0.15)
        self.play(Write(head), run_time=t.write)
        self.play(FadeIn(net), Create(icon), run_time=t.write)
        self.play(FadeIn(ins), run_time=t.write)
        self.play(Write(weights), run_time=t.write)
        self.play(Write(threshold), run_time=t.write)
        rows = perceptron_rows(p).to_edge(DOWN, buff=0.4).set_x(0)
        for row in rows:
            self.play(Write(row), run_time=t.write)
            self.wait(t.short_pause)
        self.play(Create(arrow), Write(answer), run_time=t.write)
        self.wait(t.pause)

        shown = list(p.weights)
        for change in surfing_what_ifs():
            before, after = change.before, change.after
            # the diagram shows the perceptron before this change (earlier weight changes undone)
            undo = [Transform(weights[k], weight_tag(net, k, w))
                    for k, w in enumerate(before.weights) if w != shown[k]]
            if undo:
                self.play(*undo, run_time=t.short_pause)
            shown = list(after.weights)
            if change.changed == "threshold":
                question = f"What if the threshold is {fmt_input(change.new)}?"
                target = threshold
                new_target = threshold_tag(after, node, PALETTE.tangent)
            else:
                k = int(change.changed[1:]) - 1
                question = f"What if {change.changed} is {fmt_input(change.new)}?"
                if after.threshold != p.threshold:
                    question = question[:-1] + f" (threshold {fmt_input(after.threshold)})?"
                target = weights[k]
                new_target = weight_tag(net, k, after.weights[k], PALETTE.tangent)
            if change.flipped:
                verdict = "The decision flips"
            elif after.total == before.total:
                verdict = f"Nothing changes: x{k + 1} = {fmt_input(after.inputs[k])}, so its weight adds nothing"
            else:
                verdict = "The same decision"
            ask = label(question, color=PALETTE.tangent).to_edge(UP, buff=0.3)
            self.play(Transform(head, ask), run_time=t.write)
            self.play(Transform(target, new_target), run_time=t.write)
            new_rows = perceptron_rows(after).move_to(rows, aligned_edge=LEFT)
            self.play(Transform(rows, new_rows), run_time=t.move)
            new_answer = label(_decision(after), color=PALETTE.squiggle if after.output else PALETTE.tangent)
            self.play(Transform(answer, new_answer.next_to(arrow, RIGHT, buff=0.15)), run_time=t.write)
            note = label(verdict, size=SIZES.small).next_to(answer, DOWN, buff=0.3)
            note.set_x(max(note.get_x(), -note.width / 2 + 0.1))
            if note.get_right()[0] > 6.9:
                note.shift(LEFT * (note.get_right()[0] - 6.9))
            self.play(FadeIn(note), run_time=t.write)
            self.wait(t.pause)
            self.play(FadeOut(note), run_time=t.short_pause)


def cost_rows(trace: nnmath.Trace, k: int) -> VGroup:
    """(target - output)^2 for every day at step k, and their sum: the cost."""
    chain = trace.chain(k)
    outputs = chain.predictions[:, 0]
    rows = [equation(rf"\text{{Day {d + 1}: }} ({fmt_input(y)} - {fmt(o)})^2 = {fmt(r)}",
                     size=SIZES.equation - 6)
            for d, (y, o, r) in enumerate(zip(trace.outputs, outputs, chain.row_losses))]
    total = " + ".join(fmt(r) for r in chain.row_losses)
    rows.append(equation(rf"\text{{Cost}} = {total} = {fmt(trace.loss[k])}", size=SIZES.equation - 4,
                         color=PALETTE.tangent))
    return stacked(*rows, buff=0.22)


def weight_grid(trace: nnmath.Trace) -> np.ndarray:
    """Values of the weight PARAM spanning every step with a margin, for the cost curve."""
    return value_span(trace.param(PARAM))


def step_rows(trace: nnmath.Trace, k: int) -> VGroup:
    """Step k: step size = slope x learning rate, new weight = old - step size."""
    return stacked(*step_equations(trace.step(k), PARAM, r"\text{weight}", size=SIZES.equation - 6),
                   buff=0.2)


class CostAndDownhill(Scene):
    """The cost: squared differences between the outputs and what the surfer did, summed;
    then gradient descent on one weight (h1 to the output), stepping downhill against the
    slope, and a
    hand-over to the gradient-descent chapter."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        head = title("How wrong is the network? The cost")
        table = cost_rows(trace, 0).next_to(head, DOWN, buff=0.5).set_x(0)
        self.play(Write(head), run_time=t.write)
        for row in table:
            self.play(Write(row), run_time=t.write)
        self.wait(t.pause)
        self.play(FadeOut(table), run_time=t.short_pause)

        xs = weight_grid(trace)
        costs = trace.loss_curve(PARAM, xs, k=0)
        panel = loss_panel(xs, costs, "weight h1 \u2192 output", width=5.4, height=3.4, y_name="Cost",
                           y_step=0.2)
        panel.to_corner(UP + RIGHT, buff=0.5).shift(DOWN * 0.6 + LEFT * 0.4)
        outputs = self._outputs(trace, trace.predictions[0][:, 0])
        downhill = label("Downhill = against the slope", size=SIZES.label, color=PALETTE.tangent)
        downhill.to_corner(DOWN + LEFT, buff=0.5)
        self.play(Transform(head, title("Gradient descent: step downhill")), run_time=t.write)
        self.play(Create(panel), FadeIn(outputs), run_time=t.draw)
        self.play(Write(downhill), run_time=t.write)
        self.wait(t.short_pause)
        self.play(FadeOut(downhill), run_time=t.short_pause)

        def fit_at(k):
            after = trace.predictions[k + 1] if k + 1 < trace.n_steps else trace.final_predictions
            return self._outputs(trace, after[:, 0])

        def rows(k):
            return step_rows(trace, k).to_corner(DOWN + LEFT, buff=0.4)

        play_beats(self, descent_beats(trace, PARAM, panel, outputs, fit_at, rows, t,
                                       detailed=DETAILED_STEPS, half_width=0.6))
        done = stacked(
            label(f"Cost {fmt(trace.loss[0])} \u2192 {fmt(trace.final_loss)} in {trace.n_steps} steps",
                  size=SIZES.label),
            label("Next: gradient descent, step by step", size=SIZES.label, color=PALETTE.squiggle),
        ).to_corner(DOWN + LEFT, buff=0.5)
        self.play(Write(done), run_time=t.write)
        self.wait(t.pause)

    @staticmethod
    def _outputs(trace: nnmath.Trace, outputs) -> VGroup:
        """The network's output for each day, next to what the surfer did."""
        lines = [label(f"Day {d + 1}: {fmt(o)}  (went: {fmt_input(y)})", size=SIZES.small)
                 for d, (o, y) in enumerate(zip(outputs, trace.outputs))]
        return stacked(*lines, buff=0.2).to_corner(UP + LEFT, buff=0.5).shift(DOWN * 0.9)
