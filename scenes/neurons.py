"""Chapter: neurons (the opening chapter; preset ``neurons`` and nnmath.neuron).

The words first: a network is nodes and connections in layers, and each hidden node bends
its number with an activation function (softplus, ReLU, sigmoid). Then the simplest neuron,
the "go surfing?" perceptron: weighted inputs, a threshold written as a bias, a step, and
what happens when the threshold or a weight changes. Then the step is smoothed into
sigmoid: a neuron is a number, sigmoid of its weighted sum plus its bias. Many of them in
layers light up in a forward pass; the cost says how wrong the outputs are, and gradient
descent moves one weight downhill, handed over to the gradient-descent chapter.

    manim -pql scenes/neurons.py NodesAndLayers
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from manim import (Arrow, Create, DashedLine, Dot, FadeIn, FadeOut, GrowArrow, GrowFromPoint, Scene,
                   Indicate, MoveAlongPath, ReplacementTransform, Succession, VMobject,
                   VGroup, Write, DOWN, LEFT, RIGHT, UP, UR, there_and_back)

import nnmath
from nnmath.neuron import SURFING, SURFING_NAMES, step, surfing_what_ifs
from scenes.common.beats import Beat, Shows, play_beats, showing
from scenes.common.dense_diagram import on_edge
from scenes.common.descent_story import descent_beats
from scenes.common.layers import LayeredNetwork, light_up, node_value, step_icon
from scenes.common.narration import SILENT, Value, count, num, plain, say
from scenes.common.network import activation_icon
from scenes.common.numbers import (agreeing_places, fmt, fmt_input, fmt_small, relation, rounded,
                                   shown, written_product_is, written_sum_is)
from scenes.common.panels import tangent_segment
from scenes.common.param_names import bias_name, weight_name
from scenes.common.plots import curve, nice_range, plot_axes, value_span
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import equation, label, stacked, swap, title
from scenes.common.timing import timing

PRESET = "neurons"
PARAM = "w[h1->go]"
#: the day traced through one neuron (waves good, line-up not empty, no shark attack)
DAY = 0
#: the hidden neuron whose numbers are written out (h1)
NODE = 0
DETAILED_STEPS = 2  # descent steps shown slowly; the rest run quickly
#: the activation curves named in the first scene, each in its colour, with its formula
CURVES = tuple((name, colour, nnmath.get_activation(name).tex_definition())
               for name, colour in (("softplus", PALETTE.top), ("relu", PALETTE.bottom),
                                    ("sigmoid", PALETTE.squiggle)))

__all__ = ["NodesAndLayers", "GoSurfing", "NeuronIsANumber", "LayersLightUp", "CostAndDownhill"]


def _names(trace: nnmath.Trace):
    model = trace.model()
    return model.input_labels, model.hidden_labels, model.output_labels


def day_neuron(trace: nnmath.Trace, activation: str | None = None) -> nnmath.Neuron:
    """Hidden neuron NODE on day DAY with the starting weights, every number kept."""
    ins, hid, _ = _names(trace)
    p, h = trace.params_at(0), hid[NODE]
    return nnmath.neuron(trace.inputs[DAY], [p[weight_name(trace, i, h)] for i in ins], p[bias_name(trace, h)],
                         activation or trace.model().activations()["hidden"].name)


def traces() -> list[nnmath.Trace]:
    """The trace the guards read (its values at the end; :func:`extra_values` adds the
    forward pass at every step)."""
    return [nnmath.build(PRESET)]


def _dense_trace_values(trace: nnmath.Trace) -> list[float]:
    """Every value the dense ``neurons`` trace records: parameters at every step, losses,
    gradients, step sizes, predictions, the data and settings, the forward pass on the data
    at every step, and each day's squared error at every step."""
    arrays = [trace.params, trace.final_params, trace.loss, trace.gradients, trace.step_sizes,
              trace.predictions, trace.inputs, trace.outputs, trace.learning_rates,
              [trace.settings["tolerance"]], [trace.final_loss], trace.final_predictions]
    for k in [*range(trace.n_steps), None]:
        arrays += list(trace.forward(k=k).as_dict().values())
        arrays.append(trace.chain(k).row_losses)
    return list(np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in arrays]))


def surfing_values() -> list[float]:
    """The surfing perceptron's numbers and those of its what-ifs (nnmath)."""
    values: list[float] = []
    for p in (SURFING, *[p for c in surfing_what_ifs() for p in (c.before, c.after)]):
        values += [*p.inputs, *p.weights, *p.products, p.bias, p.threshold, p.weighted_sum,
                   p.total, p.output]
    return values


def neuron_values() -> list[float]:
    """Day 1's neuron h1 (weighted sum, total, sigmoid and ReLU values), from nnmath."""
    values: list[float] = []
    trace = nnmath.build(PRESET)
    for n in (day_neuron(trace), day_neuron(trace, "relu")):
        values += [*n.inputs, *n.weights, *n.products, n.bias, -n.bias, n.weighted_sum, n.total,
                   n.value]
    return values


def extra_values() -> np.ndarray:
    """Numbers nnmath works out: the ``neurons`` trace's at every step, the surfing
    perceptron and its what-ifs, and day 1's neuron h1 (weighted sum, total, sigmoid and
    ReLU values)."""
    values = _dense_trace_values(nnmath.build(PRESET)) + surfing_values() + neuron_values()
    return np.array(values, dtype=float)


def weighted_sum_tex(weights, inputs, number=fmt) -> str:
    """"2.00 \\times 1 + 0.50 \\times 0 + ..." with each weight written by ``number``."""
    return " + ".join(rf"{number(w)} \times {fmt_input(x)}" for w, x in zip(weights, inputs))


def curve_panel(xs, ys, color: str, x_ticks, y_ticks, x_label: str, y_label: str,
                width: float = 4.4, height: float = 2.4):
    """Numbered axes with one bold curve (values from nnmath)."""
    x_lo, x_hi = float(xs[0]), float(xs[-1])
    y_lo, y_hi = 0.0, float(max(y_ticks))
    axes = plot_axes((x_lo, x_hi, 1.0), (y_lo, y_hi, y_hi / 2), width, height, x_label=x_label,
                     y_label=y_label, x_ticks=x_ticks, y_ticks=y_ticks)
    axes.add(curve(axes, xs, ys, color, SIZES.curve))
    return axes


def in_turn(mobjects) -> list:
    """One flash per mobject, each in its own slice of the beat (first, second, ...). The
    mobjects are flashed where they are (no group is added to the scene, so a diagram
    they belong to stays whole)."""
    n = len(mobjects)

    def window(k):
        return lambda a: there_and_back(float(np.clip(a * n - k, 0.0, 1.0)))
    return [Indicate(m, color=PALETTE.callout, rate_func=window(k)) for k, m in enumerate(mobjects)]


def ring(nodes, width: float) -> list:
    """Animations giving ``nodes`` a ring of ``width`` (thick while talked about)."""
    return [n.animate.set_stroke(width=width).build() for n in nodes]


# ----------------------------------------------------------------------------------------
class NodesAndLayers(Scene):
    """The words: nodes, connections, input, hidden and output layers, weights on the
    connections, an activation function in each hidden node; then softplus, ReLU and
    sigmoid, each growing out of a hidden node on numbered axes with its formula."""

    shows = Shows(PRESET, step=0)

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        model = trace.model()
        n = day_neuron(trace)  # day 1 into the top hidden node: sample numbers from nnmath
        head = title("A neural network: nodes and connections")
        net = LayeredNetwork(model.shape, ("Input layer", "Hidden layer", "Output layer"),
                             width=5.6, height=3.4)
        net.next_to(head, DOWN, buff=0.75).set_x(0)
        nodes = VGroup(*[n for layer in net.layers for n in layer])
        icons = VGroup(*[activation_icon(model.activation.name, PALETTE.top, 0.3).move_to(n)
                         for n in net.layers[1]])
        ins = VGroup(*[node_value(node, fmt_input(x)) for node, x in zip(net.layers[0], n.inputs)])
        edge = net.incoming(1, NODE)[0]
        weight = label(f"\u00d7 {fmt(n.weights[0])}", size=SIZES.small, color=PALETTE.callout)
        weight.next_to(edge, UP, buff=0.16)
        product = label(fmt(n.products[0]), size=SIZES.small, color=PALETTE.callout)
        product.move_to(edge.get_start())
        arrived = product.copy().next_to(net.node(1, NODE), UP, buff=0.1)
        thick, normal = SIZES.highlight, SIZES.thin + 1
        beats = [
            Beat((Write(head), FadeIn(nodes), Create(net.edges)), t.draw, t.short_pause,
                 say("This is a neural network. The circles are called nodes, and the lines "
                     "between them are called connections.")),
            Beat((FadeIn(net.names[0]), *ring(net.layers[0], thick), FadeIn(ins)), t.write,
                 t.short_pause,
                 say("The nodes sit in layers. On the left is the input layer: the numbers we "
                     "feed into the network, here {a}, {b} and {c}.", a=plain(n.inputs[0]),
                     b=plain(n.inputs[1]), c=plain(n.inputs[2]))),
            Beat((FadeIn(net.names[1]), *ring(net.layers[0], normal), *ring(net.layers[1], thick)),
                 t.write, t.short_pause,
                 say("In the middle is the hidden layer. Each hidden node turns what comes in "
                     "into a new number.")),
            Beat((FadeIn(net.names[2]), *ring(net.layers[1], normal), *ring(net.layers[2], thick)),
                 t.write, t.short_pause,
                 say("On the right is the output layer: the network's answer.")),
            Beat((*ring(net.layers[2], normal),
                  edge.animate.set_stroke(PALETTE.callout, width=5).build(), FadeIn(weight)),
                 t.write, t.short_pause,
                 say("Every connection carries a number from one node to the next, and "
                     "multiplies it by its own number, called a weight. This one's weight is "
                     "{w}.", w=n.weights[0])),
            Beat((FadeIn(product), MoveAlongPath(product, VMobject().set_points_as_corners(
                [edge.get_start(), edge.get_end(), arrived.get_center()]))), t.move,
                 t.short_pause,
                 say("The input {x}, times {w}, arrives at the hidden node as {p}.",
                     x=plain(n.inputs[0]), w=n.weights[0], p=n.products[0])),
            Beat((FadeOut(product), FadeOut(weight), FadeOut(ins),
                  edge.animate.set_stroke(PALETTE.muted, width=2).build(), Create(icons)),
                 t.write, t.short_pause,
                 say("Inside each hidden node sits an activation function: a curve that bends "
                     "the number passing through the node.")),
            Beat((VGroup(net, icons).animate.to_edge(LEFT, buff=0.3).build(),),
                 t.move, 0.0, SILENT),
        ]
        # where the middle hidden node will be once the network has moved aside
        whole = VGroup(net, icons)
        moved = whole.copy().to_edge(LEFT, buff=0.3).get_center() - whole.get_center()
        source = net.node(1, 1).get_center() + moved
        xs = np.linspace(-4.0, 4.0, 161)
        shown_panel, shown_icons = None, list(icons)
        words = {
            "softplus": "One choice is softplus, the log of one plus e to the x: a smooth "
                        "curve that is never below zero.",
            "relu": "Another is ReLU: zero for every negative input, and the input itself "
                    "above zero, with a sharp corner at zero.",
            "sigmoid": "A third is sigmoid: an S-shaped curve that squeezes any input into a "
                       "number between zero and one.",
        }

        def place(panel):
            return panel.to_edge(RIGHT, buff=0.5).shift(DOWN * 0.3)

        for name, colour, tex in CURVES:
            ys = nnmath.get_activation(name)(xs)
            ticks = [0.0, 0.5, 1.0] if name == "sigmoid" else [0.0, 1.0, 2.0, 3.0, 4.0]
            axes = curve_panel(xs, ys, colour, [-4.0, -2.0, 0.0, 2.0, 4.0], ticks, "input x",
                               f"{name}(x)" if name != "relu" else "ReLU(x)", 4.4, 2.6)
            formula = equation(tex, color=colour, size=SIZES.equation - 4)
            panel = place(VGroup(axes, formula.next_to(axes, DOWN, buff=0.35)))
            new_icons = [activation_icon(name, colour, 0.3).move_to(node.get_center() + moved)
                         for node in net.layers[1]]
            anims = [GrowFromPoint(panel, source)]
            for old, new in zip(shown_icons, new_icons):  # every hidden node gets the curve
                anims += swap(old, new, lift=0.0)
            if shown_panel is not None:  # the old curve leaves before the new one grows
                beats.append(Beat((FadeOut(shown_panel),), t.short_pause, 0.0, SILENT))
            beats.append(Beat(tuple(anims), t.draw, t.pause, say(words[name])))
            shown_panel, shown_icons = panel, new_icons
        beats.append(Beat((), 0.0, t.short_pause,
                          say("Each hidden node uses one such curve, the same in all of them.")))
        # the perceptron's step, drawn as it is named
        sx = np.array([-4.0, 0.0, 0.0, 4.0])
        sy = step([-4.0, -1e-9, 1e-9, 4.0])  # just left and just right of the jump at 0
        stairs = place(curve_panel(sx, sy, PALETTE.text, [-4.0, -2.0, 0.0, 2.0, 4.0],
                                   [0.0, 0.5, 1.0], "input x", "step(x)", 4.4, 2.6))
        nxt = label("Next: the perceptron, with a step", size=SIZES.label, color=PALETTE.squiggle)
        nxt.to_edge(DOWN, buff=0.35).to_edge(LEFT, buff=0.5)
        beats.append(Beat((FadeOut(shown_panel),), t.short_pause, 0.0, SILENT))
        beats.append(Beat((Create(stairs),), t.draw, t.short_pause,
                          say("The very first artificial neuron used something simpler still: a "
                              "step, off and then suddenly on.")))
        beats.append(Beat((FadeIn(nxt),), t.write, t.pause,
                          say("Next, we meet it: the perceptron.")))
        play_beats(self, beats)


# ----------------------------------------------------------------------------------------
def _decision(p: nnmath.Perceptron) -> str:
    return "Go surfing!" if p.output == 1 else "Stay home"


def _decision_label(p: nnmath.Perceptron):
    return label(_decision(p), color=PALETTE.squiggle if p.output else PALETTE.tangent)


def perceptron_rows(p: nnmath.Perceptron) -> VGroup:
    """The weighted sum, the sum plus the bias against 0, and the step's output."""
    sign = "-" if p.bias < 0 else "+"
    compare = ">" if p.total > 0 else r"\le"
    n = fmt_input
    return stacked(
        equation(rf"{weighted_sum_tex(p.weights, p.inputs, n)} = {n(p.weighted_sum)}"),
        equation(rf"{n(p.weighted_sum)} {sign} {n(abs(p.bias))} = {n(p.total)} {compare} 0"),
        equation(rf"\text{{step}}({n(p.total)}) = {p.output}",
                 color=PALETTE.squiggle if p.output else PALETTE.tangent),
        buff=0.25,
    )


def weight_tag(net: LayeredNetwork, k: int, weight: float, color: str = PALETTE.text) -> VGroup:
    """"x w" on the connection from input k into the perceptron, near the input."""
    tag = on_edge(f"\u00d7 {fmt_input(weight)}", net.incoming(1, 0)[k], 0.35, SIZES.small)
    tag[1].set_color(color)
    return tag


def threshold_tag(p: nnmath.Perceptron, node, color: str = PALETTE.text):
    """"threshold 3 = bias -3" under the perceptron."""
    tag = label(f"threshold {fmt_input(p.threshold)} = bias {fmt_input(p.bias)}",
                size=SIZES.small, color=color)
    return tag.next_to(node, DOWN, buff=0.3).align_to(node, LEFT)


def step_panel():
    """The step (nnmath.neuron.step) on numbered axes: 0 up to 0, then 1; in the frame's
    lower right corner."""
    xs = np.array([-8.0, 0.0, 0.0, 8.0])
    ys = step([-8.0, -1e-9, 1e-9, 8.0])  # just left and just right of the jump at 0
    axes = plot_axes((-8.0, 8.0, 4.0), (0.0, 1.0, 0.5), 3.6, 1.3, x_label="sum + bias",
                     y_label="step", x_ticks=[-8.0, -4.0, 0.0, 4.0, 8.0], y_ticks=[0.0, 1.0])
    axes.add(curve(axes, xs, ys, PALETTE.top, SIZES.curve))
    return axes.to_corner(DOWN + RIGHT, buff=0.4)


class GoSurfing(Scene):
    """The perceptron "go surfing?": three named inputs, their weights, the threshold as a
    bias, the sum with numbers and the step's decision; then three what-ifs, each said
    truthfully: a higher threshold (she stays home), with it a bigger w1 (she goes again),
    w1 back, and a bigger w2 on an input that is 0 (nothing changes)."""

    shows = Shows(values=surfing_values)

    def construct(self):
        t = timing()
        p = SURFING
        head = title("A perceptron: go surfing?")
        names = [f"x{k}: {name}" for k, name in enumerate(SURFING_NAMES, 1)]
        net = LayeredNetwork((len(p.inputs), 1), input_names=names, width=3.6, height=2.9,
                             colours=(PALETTE.text, PALETTE.top))
        net.next_to(head, DOWN, buff=0.45)
        net.shift(RIGHT * (-1.0 - net.node(0, 0).get_x()))
        node = net.node(1, 0)
        icon = step_icon(PALETTE.top, 0.3).move_to(node)
        ins = VGroup(*[node_value(n, fmt_input(x)) for n, x in zip(net.layers[0], p.inputs)])
        weights = [weight_tag(net, k, w) for k, w in enumerate(p.weights)]
        threshold = threshold_tag(p, node)
        arrow = Arrow(node.get_right(), node.get_right() + RIGHT * 1.0, color=PALETTE.axis,
                      buff=0.05, stroke_width=SIZES.thin)
        answer = _decision_label(p).next_to(arrow, RIGHT, buff=0.15)
        rows = perceptron_rows(p).to_edge(DOWN, buff=0.35).to_edge(LEFT, buff=0.8)
        stairs = step_panel()
        here = Dot(stairs.c2p(p.total, p.output), radius=SIZES.dot, color=PALETTE.callout)
        x = [plain(v) for v in p.inputs]
        w = [plain(v) for v in p.weights]
        beats = [
            Beat((Write(head), FadeIn(VGroup(*net.layers[0], *net.layers[1], net.edges)),
                  Create(icon)), t.draw, t.short_pause,
                 say("The simplest neuron is called a perceptron. This one makes one decision: "
                     "should our surfer go surfing today?")),
            Beat((FadeIn(net.input_names[0]), FadeIn(ins[0])), t.write, t.short_pause,
                 say("It has three inputs, each one or zero. x1: are the waves good? Yes, {a}.",
                     a=x[0])),
            Beat((FadeIn(net.input_names[1]), FadeIn(ins[1])), t.write, t.short_pause,
                 say("x2: is the line-up empty? No, {b}.", b=x[1])),
            Beat((FadeIn(net.input_names[2]), FadeIn(ins[2])), t.write, t.short_pause,
                 say("x3: no recent shark attack? Yes, {c}.", c=x[2])),
            Beat((FadeIn(weights[0]),), t.write, t.short_pause,
                 say("Each input is multiplied by a weight, how much it matters to her: {a} "
                     "for good waves,", a=w[0])),
            Beat((FadeIn(weights[1]),), t.write, t.short_pause,
                 say("{b} for an empty line-up,", b=w[1])),
            Beat((FadeIn(weights[2]),), t.write, t.short_pause,
                 say("and {c} for no sharks.", c=w[2])),
            Beat((FadeIn(threshold),), t.write, t.short_pause,
                 say("She goes only if the weighted sum is above her threshold, {th}. We write "
                     "the threshold as a bias, its negative: {b}.", th=plain(p.threshold),
                     b=plain(p.bias))),
            Beat((Write(rows[0]),), t.write, t.short_pause,
                 say("The weighted sum: {w1} times {x1}, plus {w2} times {x2}, plus {w3} times "
                     "{x3}, is {s}.", w1=w[0], x1=x[0], w2=w[1], x2=x[1], w3=w[2], x3=x[2],
                     s=plain(p.weighted_sum))),
            Beat((Write(rows[1]),), t.write, t.short_pause,
                 say("Add the bias: {s} minus {th} is {z}, which is above zero.",
                     s=plain(p.weighted_sum), th=plain(p.threshold), z=plain(p.total))),
            Beat((Create(stairs),), t.draw, t.short_pause,
                 say("The perceptron's activation is a step: zero for anything up to zero, and "
                     "one for anything above zero.")),
            Beat((Write(rows[2]), FadeIn(here), Create(arrow), FadeIn(answer)), t.write, t.pause,
                 say("Step of {z} is one: go surfing!", z=plain(p.total))),
        ]
        state = {"rows": rows, "answer": answer, "output": p.output, "question": None,
                 "verdict": None, "here": here}

        def clear(after: nnmath.Perceptron) -> Beat:
            """The old rows (and the old decision, when it will change) leave first."""
            gone = [FadeOut(state["rows"])]
            if after.output != state["output"]:
                gone.append(FadeOut(state["answer"]))
            return Beat(tuple(gone), t.short_pause, 0.0, SILENT)

        def show(after: nnmath.Perceptron) -> tuple:
            """The rows and the decision of ``after`` (after :func:`clear`), the rows written
            one after the other, the point fading out at its old place and in at its new
            one (it never leaves the step)."""
            new_rows = perceptron_rows(after).move_to(state["rows"], aligned_edge=LEFT)
            anims = (Succession(*[Write(row) for row in new_rows]),)
            new_here = Dot(stairs.c2p(after.total, after.output), radius=SIZES.dot,
                           color=PALETTE.callout)
            anims += (Succession(FadeOut(state["here"]), FadeIn(new_here)),)
            state["here"] = new_here
            if after.output != state["output"]:
                new_answer = _decision_label(after).next_to(arrow, RIGHT, buff=0.15)
                anims += (FadeIn(new_answer),)
                state["answer"], state["output"] = new_answer, after.output
            state["rows"] = new_rows
            return anims

        def ask(text: str) -> tuple:
            q = label(text, color=PALETTE.tangent).to_edge(RIGHT, buff=0.4).set_y(2.7)
            old, state["question"] = state["question"], q
            gone = () if state["verdict"] is None else (FadeOut(state["verdict"]),)
            state["verdict"] = None
            return ((FadeIn(q),) if old is None else swap(old, q, lift=0.5)) + gone

        def verdict(text: str, colour: str = PALETTE.callout) -> tuple:
            v = label(text, size=SIZES.label, color=colour)
            v.next_to(threshold, DOWN, buff=0.25).to_edge(RIGHT, buff=0.4)
            state["verdict"] = v
            return (FadeIn(v),)

        pickier, bigger_w1, bigger_w2 = surfing_what_ifs()
        # 1. a pickier surfer: threshold 3 -> 10
        a = pickier.after
        new_th = threshold_tag(a, node, PALETTE.tangent)
        beats += [
            Beat(ask(f"What if the threshold is {fmt_input(pickier.new)}?")
                 + swap(threshold, new_th, lift=0.5), t.write, t.short_pause,
                 say("What if she gets pickier, and her threshold goes up from {old} to {new}? "
                     "The bias becomes {b}.", old=plain(pickier.old), new=plain(pickier.new),
                     b=plain(a.bias))),
            clear(a),
            Beat(show(a) + verdict("The decision flips"), t.move, t.pause,
                 say("The weighted sum is still {s}, but {s} minus {th} is {z}, not above zero. "
                     "Step of {z} is zero: she stays home. The decision flips.",
                     s=plain(a.weighted_sum), th=plain(a.threshold), z=plain(a.total))),
        ]
        # 2. with threshold 10, the waves matter more: w1 5 -> 7
        b = bigger_w1.after
        w1_new = weight_tag(net, 0, b.weights[0], PALETTE.tangent)
        beats += [
            Beat(ask(f"Threshold {fmt_input(b.threshold)}, and w1 = {fmt_input(bigger_w1.new)}?")
                 + swap(weights[0], w1_new, lift=0.5), t.write, t.short_pause,
                 say("Keep the threshold at {th}. What if good waves matter more to her, and "
                     "w1 goes from {old} to {new}?", th=plain(b.threshold),
                     old=plain(bigger_w1.old), new=plain(bigger_w1.new))),
            clear(b),
            Beat(show(b) + verdict("The decision flips back", PALETTE.squiggle), t.move, t.pause,
                 say("Now the weighted sum is {s}, and {s} minus {th} is {z}, above zero: she "
                     "goes surfing again. The decision flips back.", s=plain(b.weighted_sum),
                     th=plain(b.threshold), z=plain(b.total))),
        ]
        # w1 back to what it was: the threshold 10 perceptron again
        c = bigger_w2.before
        w1_back = weight_tag(net, 0, c.weights[0], PALETTE.tangent)
        beats += [
            clear(c),
            Beat(ask(f"w1 back to {fmt_input(c.weights[0])}") + swap(w1_new, w1_back, lift=0.5)
                 + show(c),
                 t.move, t.pause,
                 say("Let's put w1 back to {w1}, with the threshold still {th}: the sum is {s} "
                     "again, {z} after the bias, and she stays home.", w1=plain(c.weights[0]),
                     th=plain(c.threshold), s=plain(c.weighted_sum), z=plain(c.total))),
        ]
        # 3. a bigger weight on an input that is 0: w2 2 -> 8
        d = bigger_w2.after
        w2_new = weight_tag(net, 1, d.weights[1], PALETTE.tangent)
        beats += [
            Beat(ask(f"What if w2 = {fmt_input(bigger_w2.new)}?") + swap(weights[1], w2_new, lift=0.5),
                 t.write, t.short_pause,
                 say("What if an empty line-up matters more to her, and w2 goes from {old} to "
                     "{new}?", old=plain(bigger_w2.old), new=plain(bigger_w2.new))),
            clear(d),
            Beat(show(d) + verdict(f"Nothing changes: x2 = {fmt_input(d.inputs[1])}"), t.move,
                 t.pause,
                 say("Nothing changes. The line-up is not empty, x2 is {x2}, and {w2} times {x2} "
                     "is still {x2}. The sum stays {s}, and she still stays home.",
                     x2=plain(d.inputs[1]), w2=plain(d.weights[1]), s=plain(d.weighted_sum))),
            Beat(tuple(in_turn([*state["rows"]])), t.write * 2, t.pause,
                 say("So a perceptron adds up its weighted inputs, adds its bias, and a step "
                     "turns the result into yes or no.")),
        ]
        play_beats(self, beats)


# ----------------------------------------------------------------------------------------
class NeuronIsANumber(Scene):
    """One sigmoid neuron on the surfer's day: the weighted sum of its inputs, plus the
    bias, through sigmoid, drawn against the weighted sum (it crosses one half at the
    threshold, minus the bias); then the same neuron with ReLU, on the same axis."""

    shows = Shows(PRESET, step=0, rows=(DAY,), values=neuron_values)

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        n, r = day_neuron(trace), day_neuron(trace, "relu")
        head = title("A neuron is a number")
        net = LayeredNetwork((len(n.inputs), 1), input_names=SURFING_NAMES, width=3.1, height=2.7,
                             colours=(PALETTE.text, PALETTE.top), radius=0.56)
        net.next_to(head, DOWN, buff=0.3)
        net.shift(RIGHT * (-1.65 - net.node(0, 0).get_x()))
        neuron = net.node(1, 0)
        icon = activation_icon("sigmoid", PALETTE.top, 0.3).move_to(neuron)
        was_step = step_icon(PALETTE.top, 0.3).move_to(neuron)  # the perceptron's, smoothed
        ins = VGroup(*[node_value(node, fmt_input(x)) for node, x in zip(net.layers[0], n.inputs)])
        weights = VGroup(*[on_edge(f"\u00d7 {fmt(w)}", edge, 0.41, SIZES.small)
                           for edge, w in zip(net.incoming(1, 0), n.weights)])
        bias = label(f"bias {fmt(n.bias)}", size=SIZES.small).next_to(neuron, UP, buff=0.15)
        size = SIZES.equation - 4
        rows = stacked(
            equation(rf"{weighted_sum_tex(n.weights, n.inputs)} = {fmt(n.weighted_sum)}", size=size),
            equation(rf"{fmt(n.weighted_sum)} - {fmt(-n.bias)} = {fmt(n.total)}", size=size),
            equation(rf"\text{{sigmoid}}({fmt(n.total)}) = {fmt(n.value)}", color=PALETTE.top,
                     size=size),
            buff=0.25,
        ).to_edge(DOWN, buff=0.35).to_edge(LEFT, buff=0.6)
        relu_row = equation(rf"\text{{ReLU}}({fmt(r.total)}) = {fmt(r.value)}", color=PALETTE.bottom,
                            size=size).move_to(rows[2], aligned_edge=LEFT)
        tags = VGroup(*[label(s, size=SIZES.small, color=PALETTE.axis).next_to(row, RIGHT, buff=0.4)
                        for row, s in zip(rows, ("weighted sum", "plus the bias",
                                                 "through the activation"))])
        tags.set_x(max(tag.get_left()[0] for tag in tags) + tags.width / 2)
        for tag in tags:
            tag.align_to(tags, LEFT)

        # sigmoid and ReLU against the weighted sum s: f(s + bias)
        sums = np.linspace(-2.0, 6.0, 161)
        sig = nnmath.neuron_curve(sums, n.bias, "sigmoid")
        rel = nnmath.neuron_curve(sums, n.bias, "relu")
        x_ticks = [-2.0, 0.0, 2.0, 4.0, 6.0]
        sig_axes = curve_panel(sums, sig.values, PALETTE.top, x_ticks, [0.5, 1.0], "weighted sum",
                               "sigmoid", 3.3, 2.9)
        rel_axes = curve_panel(sums, rel.values, PALETTE.bottom, x_ticks, [1.0, 2.0, 3.0, 4.0],
                               "weighted sum", "ReLU", 3.3, 2.9)
        for axes in (sig_axes, rel_axes):
            axes.to_edge(RIGHT, buff=0.3).set_y(0.4)

        def marks(axes, value, colour):
            """The threshold's dashed line and our sum's point with its two numbers."""
            top = axes.y_range[1]
            door = DashedLine(axes.c2p(sig.threshold, 0), axes.c2p(sig.threshold, top),
                              color=PALETTE.tangent, stroke_width=SIZES.thin)
            door_name = stacked(*[label(w, size=SIZES.small, color=PALETTE.tangent)
                                  for w in ("threshold:", "sum + bias = 0")], buff=0.08)
            door_name.next_to(axes.c2p(sig.threshold, top), UP, buff=0.1)
            door_name.align_to(axes, RIGHT)
            drop = DashedLine(axes.c2p(n.weighted_sum, 0), axes.c2p(n.weighted_sum, value),
                              color=PALETTE.axis, stroke_width=SIZES.thin)
            dot = Dot(axes.c2p(n.weighted_sum, value), radius=SIZES.dot, color=colour)
            words = label(f"sum {fmt(n.weighted_sum)} \u2192 {fmt(value)}", size=SIZES.small,
                          color=colour)
            words.next_to(axes, DOWN, buff=0.12).align_to(axes, RIGHT)
            return VGroup(door, door_name), VGroup(drop, dot, words)

        sig_door, sig_point = marks(sig_axes, n.value, PALETTE.top)
        rel_door, rel_point = marks(rel_axes, r.value, PALETTE.bottom)
        value = node_value(neuron, fmt(n.value))
        relu_value = node_value(neuron, fmt(r.value))
        relu_icon = activation_icon("relu", PALETTE.bottom, 0.3).move_to(neuron)
        x = [plain(v) for v in n.inputs]
        w = [num(v) for v in n.weights]
        s, z, th = num(n.weighted_sum), num(n.total), num(-n.bias)
        beats = [
            Beat((Write(head), FadeIn(VGroup(*net.layers[0], *net.layers[1], net.edges,
                                             net.input_names)), FadeIn(ins), Create(was_step)),
                 t.draw, t.short_pause,
                 say("Here is the perceptron's step inside a neuron again. Same day, same "
                     "inputs: {a}, {b} and {c}.", a=x[0], b=x[1], c=x[2])),
            Beat((ReplacementTransform(was_step, icon),), t.move, t.short_pause,
                 say("Now swap the step for a smooth curve, sigmoid.")),
            Beat((FadeIn(weights), FadeIn(bias)), t.write, t.short_pause,
                 say("This neuron has its own weights, {a}, {b} and {c}, and a bias of {bias}.",
                     a=w[0], b=w[1], c=w[2], bias=n.bias)),
            Beat((Write(rows[0]), FadeIn(tags[0])), t.write, t.short_pause,
                 say("The weighted sum: {a} times {x1}, plus {b} times {x2}, plus {c} times "
                     "{x3}, is {s}.", a=w[0], x1=x[0], b=w[1], x2=x[1], c=w[2], x3=x[2], s=s)),
            Beat((Write(rows[1]), FadeIn(tags[1])), t.write, t.short_pause,
                 say("Plus the bias: {s} minus {th} is {z}.", s=s, th=th, z=z)),
            Beat((Create(sig_axes),), t.draw, t.short_pause,
                 say("Here is sigmoid of the sum plus the bias, drawn against the weighted "
                     "sum. It rises smoothly from zero to one, instead of jumping.")),
            Beat((Create(sig_door[0]), FadeIn(sig_door[1])), t.write, t.short_pause,
                 say("Because the bias is {b}, the curve crosses one half where the sum is "
                     "{th}, where the sum plus the bias is zero: that is this neuron's threshold, "
                     "where the perceptron's step jumped.",
                     b=n.bias, th=plain(-n.bias))),
            Beat((Write(rows[2]), FadeIn(tags[2]), FadeIn(sig_point)), t.write, t.short_pause,
                 say("Our sum, {s}, is past the threshold: sigmoid of {z} is {a}.", s=s, z=z,
                     a=n.value)),
            Beat((neuron.animate.set_fill(PALETTE.top, opacity=0.55 * n.value).build(),
                  FadeOut(icon), FadeIn(value)), t.write, t.pause,
                 say("So this neuron's number is {a}: close to one, mostly on. With sigmoid, a "
                     "neuron is a number between zero and one, not just yes or no.", a=n.value)),
            Beat((FadeOut(VGroup(sig_axes, sig_door, sig_point)), FadeOut(rows[2]), FadeOut(value),
                  neuron.animate.set_fill(PALETTE.background, opacity=1).build()),
                 t.short_pause, 0.0, SILENT),
            Beat((FadeIn(VGroup(rel_axes, rel_door)), Create(relu_icon)), t.move, t.short_pause,
                 say("With ReLU instead of sigmoid, the same neuron stays at zero until the sum "
                     "passes the same threshold, {th}, and then rises in a straight line.",
                     th=plain(-n.bias))),
            Beat((FadeIn(rel_point), FadeIn(relu_row), FadeOut(relu_icon), FadeIn(relu_value),
                  neuron.animate.set_fill(PALETTE.bottom, opacity=0.45).build()), t.write, t.pause,
                 say("Our sum {s} gives ReLU of {z}, which is {r}: the neuron's number is "
                     "now {r}.", s=s, z=z, r=r.value)),
            Beat((Indicate(rel_door[0], color=PALETTE.callout, scale_factor=1.0),
                  Indicate(bias, color=PALETTE.callout)),
                 t.write, t.pause,
                 say("Either way, a neuron is a number: its activation of the weighted sum plus "
                     "the bias. The bias sets how high the sum must be before the neuron turns "
                     "on. Next, we wire many sigmoid neurons together.")),
        ]
        play_beats(self, beats)


# ----------------------------------------------------------------------------------------
def _terms(weights, names) -> str:
    """"2.00 \\cdot waves + 0.50 \\cdot empty - 1.00 \\cdot safe": weights from the trace."""
    out = []
    for j, (w, name) in enumerate(zip(weights, names)):
        sign = ("-" if w < 0 else "+") if j else ("-" if w < 0 else "")
        out.append(rf"{sign} {fmt(abs(w))} \cdot {name}")
    return " ".join(out)


def neuron_formula(trace: nnmath.Trace, target: str, size: int = SIZES.equation - 4):
    """"h1 = sigmoid(2.00 waves + ... - 2.00)": the neuron ``target`` with its weights and
    bias from the trace's starting parameters."""
    p = trace.params_at(0)
    ins, hid, outs = _names(trace)
    sources = ins if target in hid else hid
    names = [rf"\text{{{n}}}" for n in sources]
    b = p[bias_name(trace, target)]
    body = _terms([p[weight_name(trace, n, target)] for n in sources], names)
    act = trace.model().activations()["hidden" if target in hid else "output"]
    return equation(rf"\text{{{target}}} = {act.tex_name}({body} {'-' if b < 0 else '+'} {fmt(abs(b))})",
                    size=size, color=PALETTE.squiggle if target in outs else PALETTE.text)


def output_plugged(trace: nnmath.Trace, day: int, size: int = SIZES.equation - 4):
    """The output neuron on ``day`` with h1, h2, h3 plugged in, and (a second part, written
    after it) "= value"."""
    p, fw = trace.params_at(0), trace.forward(k=0)
    _, hid, outs = _names(trace)
    o = outs[0]
    ws = [p[weight_name(trace, h, o)] for h in hid]
    body = _terms(ws, [fmt(v) for v in fw.hidden[day]]).replace(r"\cdot", r"\times")
    b = p[bias_name(trace, o)]

    def exact(q):
        total = sum(shown(w, q) * shown(v, q) for w, v in zip(ws, fw.hidden[day])) + shown(b, q)
        return rounded(Decimal(1) / (1 + Decimal(-total).exp()), q) == shown(fw.outputs[day][0], q)
    rel = relation(exact)
    body = equation(rf"\text{{{o}}} = \text{{sigmoid}}({body} {'-' if b < 0 else '+'} {fmt(abs(b))})",
                    size=size, color=PALETTE.squiggle)
    result = equation(rf"{rel} {fmt(fw.outputs[day][0])}", size=size, color=PALETTE.squiggle)
    return VGroup(body, result.next_to(body, RIGHT, buff=0.2))


class LayersLightUp(Scene):
    """The whole network, each neuron's weights and bias written as its formula: day 1 goes
    through it layer by layer (h1 is the neuron of the previous scene) and the output is
    worked out with numbers; then the other three days light up, each output beside what
    the surfer did."""

    shows = Shows(PRESET, step=0)

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        fw = trace.forward(k=0)
        p = trace.params_at(0)
        ins, hid, outs = _names(trace)
        head = title("Layers of neurons: a forward pass")
        net = LayeredNetwork(trace.model().shape, input_names=ins, width=6.2, height=2.8,
                             radius=0.5)
        net.next_to(head, DOWN, buff=0.4).to_edge(LEFT, buff=0.3)
        names = VGroup(*[label(h, size=SIZES.small, color=PALETTE.top).next_to(node, UR, buff=0.0)
                         for h, node in zip(hid, net.layers[1])],
                       label(outs[0], size=SIZES.small, color=PALETTE.squiggle)
                       .next_to(net.node(2, 0), RIGHT, buff=0.15))
        icons = VGroup(*[activation_icon("sigmoid", PALETTE.top, 0.28).move_to(n) for n in net.layers[1]],
                       activation_icon("sigmoid", PALETTE.squiggle, 0.28).move_to(net.node(2, 0)))
        formulas = stacked(*[neuron_formula(trace, n) for n in (*hid, *outs)], buff=0.16)
        formulas.to_edge(DOWN, buff=0.3).to_edge(LEFT, buff=0.4)
        plugged = output_plugged(trace, DAY).move_to(formulas[-1], aligned_edge=LEFT)

        def lit_formula(k) -> tuple:
            """Formula line k picked out (the others plain); None: all plain."""
            return tuple(f.animate.set_color(PALETTE.callout if j == k else PALETTE.text).build()
                         for j, f in enumerate(formulas[:3]))
        h = hid[NODE]
        hv0 = [num(v) for v in fw.hidden[DAY]]
        beats = [
            Beat((Write(head), FadeIn(net), Create(icons), FadeIn(names)), t.draw, t.short_pause,
                 say("Now wire several sigmoid neurons together. The three surfing inputs, now "
                     "called waves, empty and safe for short, feed three hidden neurons, h1, h2 "
                     "and h3, which feed one output neuron, go: how strongly the network says go "
                     "surfing.")),
            Beat((FadeIn(formulas[0]), *ring(net.layers[1][:1], SIZES.highlight)), t.write,
                 t.short_pause,
                 say("Each neuron has its own weights and bias. h1 is sigmoid of {a} times waves, "
                     "plus {b} times empty, plus {c} times safe, minus {d}: the neuron we just "
                     "worked out.", a=p[weight_name(trace, ins[0], h)], b=p[weight_name(trace, ins[1], h)],
                     c=p[weight_name(trace, ins[2], h)], d=-p[bias_name(trace, h)])),
            Beat((FadeIn(formulas[1:3]), *ring(net.layers[1][:1], SIZES.thin + 1)), t.write,
                 t.short_pause,
                 say("h2 and h3 take the same inputs with different weights and biases.")),
            Beat((FadeIn(formulas[3]),), t.write, t.short_pause,
                 say("And the output neuron go takes h1, h2 and h3 as its inputs, with weights "
                     "{a}, {b} and {c}, and bias {d}.", a=p[weight_name(trace, hid[0], outs[0])],
                     b=p[weight_name(trace, hid[1], outs[0])], c=p[weight_name(trace, hid[2], outs[0])],
                     d=p[bias_name(trace, outs[0])])),
        ]
        table_head = label("go, and what she did", size=SIZES.small, color=PALETTE.axis)
        entries = []
        for day in range(len(trace.inputs)):
            e = label(f"Day {day + 1}: {fmt(fw.outputs[day][0])}, went {fmt_input(trace.outputs[day])}",
                      size=SIZES.small)
            entries.append(e)
        stacked(table_head, *entries, buff=0.22).to_edge(RIGHT, buff=0.4).set_y(1.3)
        for day in range(len(trace.inputs)):
            first = len(beats)  # the beats of one day show that day's row
            x = [plain(v) for v in trace.inputs[day]]
            hv = [num(v) for v in fw.hidden[day]]
            go, went = num(fw.outputs[day][0]), plain(trace.outputs[day])
            d = count(day + 1)
            inputs = tuple(light_up(net, 0, trace.inputs[day], PALETTE.muted, fmt_input))
            hidden = tuple(light_up(net, 1, fw.hidden[day], PALETTE.top))
            output = tuple(light_up(net, 2, fw.outputs[day], PALETTE.squiggle))
            if day == DAY:
                beats += [
                    Beat(inputs, t.write, t.short_pause,
                         say("Day {d}: good waves, a crowded line-up, no sharks. The inputs are "
                             "{a}, {b} and {c}.", d=d, a=x[0], b=x[1], c=x[2])),
                    Beat((FadeOut(icons[0]),) + hidden[0:2] + lit_formula(0), t.write,
                         t.short_pause,
                         say("Each hidden neuron works out its formula: h1 is {h1}, as before,",
                             h1=hv[0])),
                    Beat((FadeOut(icons[1]),) + hidden[2:4] + lit_formula(1), t.write,
                         t.short_pause, say("h2 is {h2},", h2=hv[1])),
                    Beat((FadeOut(icons[2]),) + hidden[4:6] + lit_formula(2), t.write,
                         t.short_pause, say("and h3 is {h3}.", h3=hv[2])),
                    Beat((FadeOut(formulas[3]),) + lit_formula(None), t.short_pause, 0.0, SILENT),
                    Beat((Write(plugged[0]), *in_turn(net.layers[1])), t.write * 2,
                         t.short_pause,
                         say("The output neuron plugs them in: {w1} times {h1}, minus {w2} "
                             "times {h2}, plus {w3} times {h3}, minus {b}, through sigmoid.",
                             w1=p[weight_name(trace, hid[0], outs[0])], h1=hv0[0],
                             w2=-p[weight_name(trace, hid[1], outs[0])], h2=hv0[1],
                             w3=p[weight_name(trace, hid[2], outs[0])], h3=hv0[2], b=-p[bias_name(trace, outs[0])])),
                    Beat((FadeOut(icons[3]), FadeIn(plugged[1])) + output, t.write, t.short_pause,
                         say("That gives {go}: the network's answer for day {d}.", go=go, d=d)),
                    Beat((FadeIn(table_head), FadeIn(entries[day])), t.write, t.pause,
                         say("On day {d} she did go surfing, written {went}. The network says "
                             "{go}: more yes than no.", d=d, went=went, go=go)),
                    Beat((FadeOut(plugged),), t.short_pause, 0.0, SILENT),
                    Beat((FadeIn(formulas[3].copy()),), t.short_pause, 0.0, SILENT),
                ]
            else:
                beats += [
                    Beat(inputs, t.move, t.short_pause,
                         say("The next day: inputs {a}, {b} and {c}.", a=x[0], b=x[1], c=x[2])),
                    Beat(hidden, t.move, t.short_pause,
                         say("The hidden neurons light up {h1}, {h2} and {h3}.", h1=hv[0],
                             h2=hv[1], h3=hv[2])),
                    Beat(output + (FadeIn(entries[day]),), t.write, t.short_pause,
                         say("Day {d}: go is {go}, and she went: {went}.", d=d, go=go,
                             went=went)),
                ]
            beats[first:] = showing(self.shows.at(rows=(day,)), beats[first:])
        o = [num(v) for v in fw.outputs[:, 0]]
        beats.append(Beat((), 0.0, t.pause,
                          say("That is a forward pass: numbers flow from layer to layer. On the "
                              "days she went, the network says {a} and {b}; on the days she "
                              "stayed home, {c} and {e}. Each is on the right side of one half, "
                              "but none is exactly what she did. Next: how wrong?",
                              a=o[0], b=o[1], c=o[2], e=o[3])))
        play_beats(self, beats)


# ----------------------------------------------------------------------------------------
def cost_places(trace: nnmath.Trace, k: int) -> int:
    """Decimals for the outputs in step k's cost rows: the fewest (two at least) at which
    every written (what she did - output)^2 rounds to its written two-decimal square."""
    chain = trace.chain(k)
    return agreeing_places(lambda q: all(
        rounded((shown(y, 0) - shown(o, q)) ** 2, 2) == shown(r, 2)
        for y, o, r in zip(trace.outputs, chain.predictions[:, 0], chain.row_losses)), most=4)


def cost_rows(trace: nnmath.Trace, k: int) -> VGroup:
    """(what she did - output)^2 for every day at step k, and their sum: the cost. The
    outputs carry as many decimals as it takes for each square to check out (see
    :func:`cost_places`); the sum is written "=" only when the shown numbers add up."""
    chain = trace.chain(k)
    outputs = chain.predictions[:, 0]
    q = cost_places(trace, k)
    size = SIZES.equation - 4
    rows = []
    for d, (y, o, r) in enumerate(zip(trace.outputs, outputs, chain.row_losses)):
        rel = relation(lambda _: rounded((shown(y, 0) - shown(o, q)) ** 2, 2) == shown(r, 2))  # noqa: B023 - relation() calls it at once
        rows.append(equation(rf"\text{{Day {d + 1}: }} ({fmt_input(y)} - {fmt(o, q)})^2 {rel} {fmt(r)}",
                             size=size))
    total = " + ".join(fmt(r) for r in chain.row_losses)
    rel = relation(lambda p: sum(shown(r, p) for r in chain.row_losses) == shown(trace.loss[k], p))
    rows.append(equation(rf"\text{{Cost}} = {total} {rel} {fmt(trace.loss[k])}",
                         size=SIZES.equation - 4, color=PALETTE.tangent))
    return stacked(*rows, buff=0.22)


def written_step(trace: nnmath.Trace, k: int) -> dict:
    """Step k of the weight as written: the old and new weight with the fewest decimals
    (and the step size with two or three significant figures) at which old - step size
    gives the new one ("\\approx" beyond five decimals), and the slope with as many figures
    as make slope x learning rate give the step size."""
    step = trace.step(k)
    g, size = step.gradients[PARAM], step.step_sizes[PARAM]
    rate = fmt_input(step.learning_rate)

    def adds_up(q, f):
        taken = fmt_small(-size, figures=f)
        return written_sum_is(fmt(step.new_params[PARAM], q), fmt(step.params[PARAM], q), taken)
    places, figs = next(((q, f) for q in range(2, 6) for f in (2, 3) if adds_up(q, f)), (5, 3))
    written = fmt_small(size, figures=figs)
    taken = fmt_small(-size, figures=figs)
    figures = agreeing_places(lambda f: written_product_is(written, fmt_small(g, figures=f), rate),
                              start=2, most=4)
    slope = fmt_small(g, figures=figures)
    old, new = fmt(step.params[PARAM], places), fmt(step.new_params[PARAM], places)
    return {"slope": slope, "size": written, "rate": rate, "old": old, "new": new,
            "times": relation(lambda _: written_product_is(written, slope, rate)),
            "minus": relation(lambda _: written_sum_is(new, old, taken))}


def step_rows(trace: nnmath.Trace, k: int) -> VGroup:
    """Step k: step size = slope x learning rate, new weight = old - step size."""
    w = written_step(trace, k)
    size = SIZES.equation - 4
    return stacked(
        equation(rf"\text{{Step size}} = {w['slope']} \times {w['rate']} {w['times']} {w['size']}",
                 size=size),
        equation(rf"\text{{New weight}} = {w['old']} - ({w['size']}) {w['minus']} {w['new']}",
                 size=size),
        buff=0.2)


def as_written(value: float, text: str) -> Value:
    """A trace value said exactly as the screen writes it (``text``)."""
    return Value(float(value), lambda _: text)


def fit_plot(trace: nnmath.Trace, height: float = 1.7):
    """Days (x) against go (y, 0 to 1), what she did as black dots."""
    days = np.arange(1, len(trace.outputs) + 1, dtype=float)
    axes = plot_axes((0.5, days[-1] + 0.5, 1.0), (0.0, 1.0, 0.5), 3.8, height, x_label="day",
                     y_label="go", x_ticks=list(days), y_ticks=[0.0, 1.0])
    dots = VGroup(*[Dot(axes.c2p(d, y), radius=SIZES.dot, color=PALETTE.data)
                    for d, y in zip(days, trace.outputs)])
    return axes, dots, days


def fit_line(axes, days, outputs) -> VGroup:
    """The network's outputs, one green ring per day (the days are separate: no line)."""
    return VGroup(*[Dot(axes.c2p(d, o), radius=SIZES.dot * 1.3, color=PALETTE.squiggle,
                        fill_opacity=0.0, stroke_width=SIZES.thin)
                    for d, o in zip(days, outputs)])


def cost_panel(xs, costs, name: str, width: float, height: float):
    """The cost (y, numbered every 0.2) against one weight (x, every whole number)."""
    x_lo, x_hi = float(xs[0]), float(xs[-1])
    _, y_hi, _ = nice_range([0.0, *costs], step=0.2)
    whole = [float(x) for x in range(int(np.ceil(x_lo)), int(np.floor(x_hi)) + 1)]
    axes = plot_axes((x_lo, x_hi, 1.0), (0.0, y_hi, 0.2), width, height, x_label=name,
                     y_label="Cost", x_ticks=whole,
                     y_ticks=[float(v) for v in np.round(np.arange(0.0, y_hi + 1e-9, 0.2), 1)])
    axes.add(curve(axes, xs, costs, PALETTE.text, SIZES.curve))
    return axes


class CostAndDownhill(Scene):
    """The cost: what she did minus the output, squared, for every day, summed; then one
    weight (h1 to go) moved by gradient descent, stepping downhill against the slope of the
    cost curve, each step's size the slope times the learning rate (a preview: the next
    chapter takes it apart); every output rises, and the cost still drops."""

    shows = Shows(PRESET, step=0)

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        chain = trace.chain(0)
        i = trace.index(PARAM)
        head = title("How wrong is the network? The cost")
        y, o, r = trace.outputs, chain.predictions[:, 0], chain.row_losses
        went = stacked(label("go, and what she did", size=SIZES.small, color=PALETTE.axis),
                       *[label(f"Day {d + 1}: {fmt(a)}, went {fmt_input(b)}", size=SIZES.small)
                         for d, (a, b) in enumerate(zip(o, y))], buff=0.22)
        went.next_to(head, DOWN, buff=0.6).to_edge(LEFT, buff=0.5)
        table = cost_rows(trace, 0).next_to(went, RIGHT, buff=0.7).align_to(went, UP)
        q = cost_places(trace, 0)
        c0 = num(trace.loss[0])

        # the outputs (rings) and what she did (dots) on the days, with each day's miss
        m_axes, m_dots, m_days = fit_plot(trace, height=1.6)
        m_rings = fit_line(m_axes, m_days, o)
        misses = [DashedLine(m_axes.c2p(d, a), m_axes.c2p(d, b), color=PALETTE.callout,
                             stroke_width=SIZES.thin + 1) for d, a, b in zip(m_days, o, y)]
        misses_plot = VGroup(m_axes, m_dots, m_rings, *misses)
        misses_plot.to_edge(DOWN, buff=0.35).set_x(0)

        def lit(rows) -> tuple:
            """The days in ``rows`` (1-based) picked out in the list of outputs."""
            return tuple(went[d].animate.set_color(PALETTE.callout if d in rows else PALETTE.text)
                         .build() for d in range(1, len(went)))

        beats = [
            Beat((Write(head), FadeIn(went), FadeIn(VGroup(m_axes, m_dots, m_rings))), t.write,
                 t.short_pause,
                 say("How wrong is the network? Here are its outputs on the four days, the "
                     "green rings, beside what she did, the black dots: one for went surfing, "
                     "zero for stayed home.")),
            Beat((Write(table[0]), Create(misses[0])) + lit({1}), t.write, t.short_pause,
                 say("For each day, take what she did minus the network's output, the red "
                     "gap, and square it. Day {d}: {y} minus {o}, squared, is {r}.", d=count(1),
                     y=plain(y[0]), o=as_written(o[0], fmt(o[0], q)), r=num(r[0]))),
            Beat(tuple(Write(row) for row in table[1:4]) + tuple(Create(m) for m in misses[1:])
                 + lit({2, 3, 4}), t.write,
                 t.short_pause,
                 say("The other days give {a}, {b} and {c}. Squaring makes every miss count as "
                     "positive.", a=r[1], b=r[2], c=r[3])),
            Beat((Write(table[4]),) + lit(set()), t.write, t.pause,
                 say("Adding them up gives the cost, {c}. A perfect network would have a cost "
                     "of zero.", c=c0)),
        ]
        # the weight from h1 to go, on a small network that stays on screen
        small_net = LayeredNetwork(trace.model().shape, width=3.4, height=1.8, radius=0.35)
        small_net.to_corner(UP + LEFT, buff=0.4).shift(DOWN * 0.45 + RIGHT * 0.5)
        names = VGroup(*[node_value(node, name) for node, name in
                         zip([*small_net.layers[1], *small_net.layers[2]], [*_names(trace)[1], "go"])])
        edge = small_net.incoming(2, 0)[NODE]
        w0, w1 = trace.params[0, i], trace.final_params[i]
        w_tag, w_end = [label(f"w = {fmt(w)}", size=SIZES.small, color=PALETTE.callout)
                        .next_to(edge.get_center(), UR, buff=0.12) for w in (w0, w1)]
        xs = value_span(trace.param(PARAM))
        costs = trace.loss_curve(PARAM, xs, k=0)
        panel = cost_panel(xs, costs, "weight h1 \u2192 go", width=5.0, height=3.2)
        panel.to_edge(RIGHT, buff=0.45).shift(DOWN * 0.2)
        f_axes, f_dots, days = fit_plot(trace, height=1.25)
        VGroup(f_axes, f_dots).next_to(small_net, DOWN, buff=0.4).align_to(small_net, LEFT).shift(RIGHT * 0.6)
        fit = fit_line(f_axes, days, trace.predictions[0][:, 0])
        start = Dot(panel.c2p(w0, trace.loss[0]), radius=SIZES.dot, color=PALETTE.tangent)
        start_words = label(f"Start: weight {fmt(w0)}, cost {fmt(trace.loss[0])}", size=SIZES.small,
                            color=PALETTE.tangent)
        start_words.next_to(panel, UP, buff=0.2).align_to(panel, RIGHT)
        lr = trace.settings["learning_rate"]
        lr_words = label(f"learning rate = {fmt_input(lr)}", size=SIZES.small)
        lr_words.next_to(panel, UP, buff=0.2).align_to(panel, RIGHT)
        span = [w0 - 0.6, w0 + 0.6]
        touch = tangent_segment(panel, span, trace.tangent(PARAM, 0, span), (w0, trace.loss[0]))
        low = min(touch[0].get_start(), touch[0].get_end(), key=lambda v: v[1])
        below = DOWN * 0.35  # under the tangent, where the curve (above it) is not
        downhill = Arrow(touch[1].get_center() + below, low + below, color=PALETTE.callout,
                         buff=0.0, stroke_width=SIZES.thin + 2)
        downhill_words = label("downhill", size=SIZES.small, color=PALETTE.callout)
        downhill_words.next_to(downhill, DOWN, buff=0.1).shift(LEFT * 0.3)
        preview = label("A preview: the next chapter takes it apart", size=SIZES.small,
                        color=PALETTE.axis).to_corner(DOWN + LEFT, buff=0.35)
        beats += [
            Beat((FadeOut(table), FadeOut(head), FadeOut(went), FadeOut(misses_plot)),
                 t.short_pause, 0.0, SILENT),
            Beat((FadeIn(title("Gradient descent: step downhill")), FadeIn(small_net), FadeIn(names),
                  edge.animate.set_stroke(PALETTE.callout, width=SIZES.highlight).build(),
                  FadeIn(w_tag)),
                 t.write, t.short_pause,
                 say("To lower the cost, we change a weight. Let's take the one on the red "
                     "connection, from h1, the top hidden neuron, to the output, go. It is {w} "
                     "now.", w=w0)),
            Beat((Create(f_axes), FadeIn(f_dots), Create(fit)), t.draw, t.short_pause,
                 say("Below it, the same days again: black dots for what she did, green rings "
                     "for the network's outputs.")),
            Beat((Create(panel),), t.draw, t.short_pause,
                 say("This curve is the cost for every value of that weight, all the other "
                     "weights and biases kept as they are.")),
            Beat((FadeIn(start), FadeIn(start_words)), t.write, t.pause,
                 say("The weight starts at {w}, where the cost is {c}.", w=w0, c=c0)),
            Beat((FadeOut(start_words),), t.short_pause, 0.0, SILENT),
            Beat((FadeIn(lr_words), Create(touch[0]), FadeIn(touch[1]), GrowArrow(downhill), FadeIn(downhill_words),
                  FadeIn(preview)),
                 t.write, t.pause,
                 say("Here is a preview of gradient descent; the next chapter takes it apart. It "
                     "finds the slope of the curve at the weight, and steps against it: downhill. "
                     "The step size is the slope times a number we choose, the learning rate, "
                     "here {lr}.", lr=plain(lr))),
            Beat((FadeOut(touch), FadeOut(downhill), FadeOut(downhill_words), FadeOut(start),
                  FadeOut(preview), FadeOut(w_tag)), t.short_pause, 0.0, SILENT),
        ]

        def fit_at(k):
            after = trace.predictions[k + 1] if k + 1 < trace.n_steps else trace.final_predictions
            return fit_line(f_axes, days, after[:, 0])

        def rows(k):
            return step_rows(trace, k).to_corner(DOWN + LEFT, buff=0.35)

        def narrate(k, slow):
            step, w = trace.step(k), written_step(trace, k)
            g = as_written(step.gradients[PARAM], w["slope"])
            s = as_written(step.step_sizes[PARAM], w["size"])
            old = as_written(step.params[PARAM], w["old"])
            new = as_written(step.new_params[PARAM], w["new"])
            n = count(k + 1)
            if not slow:
                if k == DETAILED_STEPS:
                    return (say("The same again, faster: step {n}, step size {s}. The steps "
                                "shrink as the curve flattens.", n=n, s=s),)
                return (say("Step {n}: {s}.", n=n, s=s),)
            about = "" if w["minus"] == "=" else "about "
            days_said = {}
            if k == 0:
                after = ("The point slides downhill. Look at the rings: days {a} and {b} rise "
                         "toward one, but days {c} and {d} rise too, away from zero. Still, the "
                         "total cost drops.")
                days_said = dict(a=count(1), b=count(2), c=count(3), d=count(4))
            elif k < trace.n_steps - 1:
                after = "The point slides downhill; again all four rings rise, and the cost drops."
            else:
                after = ("The move is now too small to see; with steps this tiny, gradient "
                         "descent stops.")
            return (
                say("Step {n}: the slope at the red point is {g}. Times the learning rate, "
                    "{lr}, the step size is {s}.", n=n, g=g, lr=plain(lr), s=s),
                say("The new weight is the old one, {old}, minus the step size, {s}: " + about
                    + "{new}. " + after, old=old, s=s, new=new, **days_said),
            )

        beats += descent_beats(trace, PARAM, panel, fit, fit_at, rows, t,
                               detailed=DETAILED_STEPS, half_width=0.6, narrate=narrate,
                               slope_text=lambda k: written_step(trace, k)["slope"], steady=True)
        done = stacked(
            label(f"Weight {fmt(w0)} \u2192 {fmt(w1)}, cost {fmt(trace.loss[0])} "
                  f"\u2192 {fmt(trace.final_loss)} in {trace.n_steps} steps", size=SIZES.small),
            label("Next: gradient descent, step by step, on a line", size=SIZES.small,
                  color=PALETTE.squiggle),
            buff=0.15,
        ).to_corner(DOWN + LEFT, buff=0.3)
        beats.append(Beat((FadeIn(done), FadeIn(w_end)), t.write, t.pause * 2,
                          say("After {n} steps the weight is {w}, and the cost went down from "
                              "{c0} to {c1}. Next, we take gradient descent apart, step by step, "
                              "on a simple line.", n=count(trace.n_steps),
                              w=w1, c0=c0, c1=trace.final_loss),
                          shows=self.shows.at(step=(0, None))))
        play_beats(self, beats)
