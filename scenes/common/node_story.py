"""How one hidden node bends the dosage into a curve, in narrated beats any chapter can play.

The network stays on screen (top left) with the node's path highlighted. The dosage range
goes through x = w * dosage + b onto the activation's x-axis (a red point sweeping from the
smallest dosage to the largest shows which way: a negative weight flips the order); the
slice of the activation curve that the node uses is highlighted; the smallest dosage's
height is carried over to a plot over dosage, then the whole slice; last, it is multiplied
by the node's output weight (flipped and stretched, the unscaled curve left dashed).
Every value comes from the trace's forward pass on a dense grid of dosages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (AnimationGroup, Create, DashedVMobject, DecimalNumber, Dot, FadeIn, FadeOut,
                   ReplacementTransform, Succession, Transform, ValueTracker, VGroup, Write, DOWN, LEFT,
                   RIGHT, UP)

import nnmath

from .beats import Beat
from .callout import callout, show_callout
from .layout import keep_inside
from .narration import SILENT, plain, say
from .network import NetworkDiagram
from .numbers import fmt, fmt_factor, fmt_input, fmt_signed, relation, written_product_is
from .panels import activation_panel
from .plots import axes_numbers, curve, data_points, detach_numbers, dosage_axes, nice_range
from .style import PALETTE, SIZES
from .text import equation, label, title
from .timing import Timing

__all__ = ["NODES", "node_spec", "dosage_grid", "node_layout", "node_story", "corner_network"]

#: each hidden node's words, colour and intermediates in nnmath's DosageForward (its
#: parameters' names come from the model: :func:`node_spec`)
NODES = {
    1: dict(name="top node", colour="blue", x="x1", y="y1", scaled="scaled1",
            color=PALETTE.top, path="path:top"),
    2: dict(name="bottom node", colour="orange", x="x2", y="y2", scaled="scaled2",
            color=PALETTE.bottom, path="path:bottom"),
}


def node_spec(trace: nnmath.Trace, node: int) -> dict:
    """NODES[node] with the names of its parameters where the model's layout puts them:
    the weight into the node ("w"), its bias ("b") and its weight into the output ("out")."""
    layout = trace.model().layout()
    (first,), hidden, (last,) = layout.layers
    here = hidden[node - 1]
    return {**NODES[node], "w": layout.weight(first, here), "b": layout.bias(here),
            "out": layout.weight(here, last)}


def dosage_grid(trace: nnmath.Trace, samples: int = 200) -> np.ndarray:
    """Dense dosages from the smallest to the largest input of the data, the data's own
    dosages included (so a sharp ReLU peak at a data point is drawn at its true height)."""
    dense = np.linspace(float(trace.inputs.min()), float(trace.inputs.max()), samples)
    return np.union1d(dense, trace.inputs)


def corner_network(trace: nnmath.Trace, params=None, numbers: bool = True) -> NetworkDiagram:
    """The network in the top-left corner, where it stays while a scene works on one part
    of it: with its numbers, or (``numbers=False``) compact, connections and nodes only."""
    size = dict(width=5.0, height=2.8) if numbers else dict(width=3.4, height=2.2)
    net = NetworkDiagram(params if params is not None else trace.final(), trace.model(),
                         numbers=numbers, **size)
    return net.to_corner(UP + LEFT, buff=0.3)


@dataclass
class NodeLayout:
    """The mobjects one node's story moves around; ``scaled_axes`` is the plot redrawn at
    the scale of the multiplied curve when that curve would not fit ``axes`` (else None)."""

    axes: object
    dots: VGroup
    panel: object
    heading: object
    network: NetworkDiagram
    numbers: VGroup = None
    scaled_axes: object = None
    scaled_dots: VGroup | None = None
    scaled_numbers: VGroup | None = None


#: below this share of the whole plot's height, the unscaled curve gets a plot of its own
#: scale first (a 0..0.85 slice on a -35..35 axis would hide the bend the story is about)
RESCALE_BELOW = 0.25


def _node_axes(trace: nnmath.Trace, values, node: int):
    step = 1.0 if max(values) - min(values) <= 10 else 5.0  # 0..15, not 0..13
    lo, hi, _ = nice_range(values, step=step)
    axes = dosage_axes(list(trace.inputs), (lo, hi, step), width=4.6, height=2.5,
                       y_ticks=[lo, 0.0, hi] if lo < 0 < hi else [lo, hi],
                       y_label=NODES[node]["name"].capitalize(), pad=0.06)
    axes.to_corner(DOWN + LEFT, buff=0.3).shift(RIGHT * 0.6)
    dots = data_points(axes, trace.inputs, trace.outputs).set_z_index(2)  # over the zero line
    return axes, dots, hi - lo


def node_layout(trace: nnmath.Trace, forward: nnmath.DosageForward, node: int) -> NodeLayout:
    """Network (top left), the node's output over dosage (bottom left, a range fitting both
    nodes' curves, or first the node's own unscaled curve when the multiplied curves are
    much larger) and the activation panel (right)."""
    spec, values = node_spec(trace, node), forward.as_dict()
    ranges = {key: [float(values[key].min()), float(values[key].max())]
              for key in ("y1", "y2", "scaled1", "scaled2")}
    whole = [*trace.outputs, *ranges["y1"], *ranges["y2"], *ranges["scaled1"], *ranges["scaled2"]]
    axes, dots, span = _node_axes(trace, whole, node)
    scaled_axes = scaled_dots = None
    own, own_dots, own_span = _node_axes(trace, [*trace.outputs, 0.0, *ranges[spec["y"]]], node)
    if own_span < RESCALE_BELOW * span:
        axes, dots, scaled_axes, scaled_dots = own, own_dots, axes, dots
        # the two plots share their axis lines exactly (only the numbers differ)
        corner = (axes.x_range[0], axes.y_range[0])
        move = axes.c2p(*corner) - scaled_axes.c2p(scaled_axes.x_range[0], scaled_axes.y_range[0])
        scaled_axes.shift(move)
        scaled_dots.shift(move)
    xs = values[spec["x"]]
    x_lo, x_hi, _ = nice_range([float(xs.min()), float(xs.max())], step=1.0, pad=1.0)
    if trace.model().activations()["hidden"].name == "relu":  # keep the bend at 0 clear of the edges
        reach = (x_hi - x_lo) / 3
        x_lo, x_hi, _ = nice_range([x_lo, x_hi, -reach, reach], step=1.0)
    panel = activation_panel(trace.model().activations()["hidden"].name, x_lo, x_hi, width=5.4, height=2.1)
    panel.to_corner(DOWN + RIGHT, buff=0.5).shift(UP * 1.3)
    heading = title(f"The {spec['name']}").set_color(spec["color"]).to_edge(RIGHT, buff=0.6)
    return NodeLayout(axes, dots, panel, heading, corner_network(trace), detach_numbers(axes),
                      scaled_axes, scaled_dots,
                      detach_numbers(scaled_axes) if scaled_axes is not None else None)


def node_story(trace: nnmath.Trace, node: int, t: Timing) -> tuple[NodeLayout, list[Beat]]:
    """The narrated beats of one hidden node, from the dosage axis to its scaled curve."""
    spec = node_spec(trace, node)
    params = trace.final()
    grid = dosage_grid(trace)
    fw = trace.forward(grid)
    values = fw.as_dict()
    at_data = trace.forward().as_dict()  # the data's own dosages
    lay = node_layout(trace, fw, node)
    net, color, activation = lay.network, spec["color"], trace.model().activations()["hidden"].name
    xs, ys, scaled = values[spec["x"]], values[spec["y"]], values[spec["scaled"]]
    w, b, w_out = params[spec["w"]], params[spec["b"]], params[spec["out"]]

    eq = equation(rf"x = {fmt(w)} \times \text{{Dosage}} {fmt_signed(b)}", color=color)
    eq.next_to(lay.heading, DOWN, buff=0.35).to_edge(RIGHT, buff=0.5)
    ends = VGroup()
    for i in (0, -1):
        dot = Dot(lay.panel.c2p(xs[i], 0.0), radius=SIZES.dot, color=color)
        text = label(f"Dosage {fmt_input(grid[i])} \u2192 {fmt(xs[i])}", size=SIZES.small)
        text.next_to(dot, DOWN, buff=0.55)  # under the axis's own numbers
        ends.add(VGroup(dot, text))
    for group in ends:
        keep_inside(group[1])
    _spread(ends)
    sliced = curve(lay.panel, xs, ys, color)
    over_dosage = curve(lay.axes, grid, ys, color)
    ghost = DashedVMobject(over_dosage.copy().set_stroke(color, width=SIZES.thin), num_dashes=40)
    stretched = curve(lay.axes, grid, scaled, color)
    times = equation(rf"\text{{Output}} \times {fmt_factor(w_out)}", color=color)
    times.next_to(eq, DOWN, buff=0.3).to_edge(RIGHT, buff=0.5)
    # a red point sweeps the dosages from the smallest to the largest, its dosage read out
    dosage = ValueTracker(float(grid[0]))
    sweep = Dot(lay.panel.c2p(xs[0], 0.0), radius=SIZES.dot * 1.3, color=PALETTE.callout)
    sweep.add_updater(lambda m: m.move_to(lay.panel.c2p(np.interp(dosage.get_value(), grid, xs), 0.0)))
    readout = VGroup(label("Dosage =", size=SIZES.label, color=PALETTE.callout),
                     DecimalNumber(float(grid[0]), num_decimal_places=2, color=PALETTE.callout,
                                   font_size=SIZES.equation))
    readout.arrange(RIGHT, buff=0.2).next_to(lay.panel, UP, buff=0.15).align_to(lay.panel, RIGHT)
    readout[1].add_updater(lambda m: m.set_value(dosage.get_value()))
    # dosage 0 carried across: its height on the slice becomes the output at dosage 0
    carried = Dot(lay.panel.c2p(xs[0], ys[0]), radius=SIZES.dot * 1.3, color=PALETTE.callout)
    height = label(fmt(ys[0]), size=SIZES.small, color=PALETTE.callout)
    carried.set_z_index(3)  # drawn over the data dot it may sit on
    height.next_to(carried, UP + LEFT, buff=0.05)  # clear of the axis and its numbers
    shape = ("flipped and stretched" if abs(w_out) > 1 else "flipped and squashed") if w_out < 0 \
        else ("stretched" if abs(w_out) > 1 else "squashed")
    result = label(f"{spec['name'].capitalize()}: {shape}", size=SIZES.small, color=color)
    result.next_to(times, DOWN, buff=0.3).to_edge(RIGHT, buff=0.5)

    beats = [
        Beat((FadeIn(net), Write(lay.heading)) + tuple(net.focus(spec["path"])), t.draw,
             t.short_pause,
             say(f"Let's follow the {spec['name']}, in {spec['colour']}, and see what it does "
                 "with every dosage from the smallest to the largest.")),
        Beat(tuple(net.focus(spec["w"], spec["b"])) + (Write(eq),), t.write, t.short_pause,
             say("The connection multiplies the dosage by {w}, and the node adds its bias, {b}.",
                 w=w, b=b)),
        Beat((Create(lay.panel),), t.draw, t.short_pause,
             say(f"That gives an x-axis coordinate for the {activation} activation function "
                 "inside the node.")),
        Beat((FadeIn(ends[0]),), t.write, t.short_pause,
             say("Dosage {d} lands at {x}.", d=plain(grid[0]), x=xs[0])),
        Beat((FadeIn(ends[1]),), t.write, t.short_pause,
             say("Dosage {d} lands at {x}.", d=plain(grid[-1]), x=xs[-1])),
        Beat((FadeIn(sweep), FadeIn(readout)), t.write, t.short_pause,
             say("Watch the red point: it starts where dosage {d0} lands, at {x}.",
                 d0=plain(grid[0]), x=xs[0])),
        Beat((dosage.animate.set_value(float(grid[-1])).build(),), t.move * 2.5, t.short_pause,
             say("As the dosage grows to {d1}, it moves to the left: the weight is negative, "
                 "so the order flips.", d1=plain(grid[-1])) if w < 0 else
             say("As the dosage grows to {d1}, it moves to the right, because the weight is "
                 "positive.", d1=plain(grid[-1]))),
        Beat((FadeOut(sweep), FadeOut(readout), Create(sliced)), t.draw, t.short_pause,
             say(f"So the {spec['name']} only uses this slice of the {activation} curve, "
                 "from {lo} to {hi}.", lo=min(xs[0], xs[-1]), hi=max(xs[0], xs[-1]))),
        *_bend_beats(lay, xs, activation, spec, trace, at_data[spec["x"]],
                     avoid=[eq, ends, lay.heading], t=t),
        Beat((FadeIn(carried), FadeIn(height)), t.write, t.short_pause,
             say("At dosage {d}, the slice is {y} high.", d=plain(grid[0]), y=ys[0])),
        Beat((Create(lay.axes), FadeIn(lay.numbers), FadeIn(lay.dots),
              carried.animate.move_to(lay.axes.c2p(grid[0], ys[0])).build(),
              height.animate.next_to(lay.axes.c2p(grid[0], ys[0]), UP + RIGHT, buff=0.1).build()),
             t.move * 1.5, t.short_pause,
             say("That height becomes the node's output at dosage {d}, on a new graph; the "
                 "black dots there are the data, for reference.", d=plain(grid[0]))),
        Beat((ReplacementTransform(sliced.copy(), over_dosage), FadeOut(height)), t.move * 1.5,
             t.short_pause,
             say("Doing the same for every dosage moves the whole slice over: this "
                 f"{spec['colour']} curve is the node's output.")),
    ]
    gone = (FadeOut(carried),)
    if lay.scaled_axes is not None:  # make room for the multiplied curve first
        flat = curve(lay.scaled_axes, grid, ys, color)
        # the axis lines stay where they are: the old numbers fade, the curve and the data
        # move to the new scale, the new numbers appear
        beats.append(Beat((Succession(
            AnimationGroup(FadeOut(lay.numbers), FadeOut(carried), run_time=0.6),
            AnimationGroup(FadeOut(lay.axes), FadeIn(lay.scaled_axes),  # the same lines
                           ReplacementTransform(lay.dots, lay.scaled_dots),
                           Transform(over_dosage, flat), run_time=1.5),
            FadeIn(lay.scaled_numbers, run_time=0.6)),), 2.7, t.short_pause,
                          say("To make room for what comes next, the graph zooms out: the same "
                              "curve, with new numbers on the axis, so it looks flatter.")))
        ghost = DashedVMobject(flat.copy().set_stroke(color, width=SIZES.thin), num_dashes=40)
        stretched = curve(lay.scaled_axes, grid, scaled, color)
        gone = ()
    far = int(np.argmax(np.abs(at_data[spec["scaled"]])))  # the data dosage moved the most
    y_end, scaled_end = at_data[spec["y"]][far], at_data[spec["scaled"]][far]
    texts = (fmt(y_end), fmt(w_out), fmt(scaled_end))
    rel = relation(lambda places: written_product_is(texts[2], texts[0], texts[1]))
    product = equation(rf"\text{{at {fmt_input(trace.inputs[far])}: }}{texts[0]} \times "
                       rf"{fmt_factor(w_out)} {rel} {texts[2]}", color=color, size=SIZES.equation - 4)
    product.move_to(result).to_edge(RIGHT, buff=0.5)  # takes the place of the shape's name
    plot = lay.scaled_axes if lay.scaled_axes is not None else lay.axes
    end_mark = VGroup(Dot(plot.c2p(trace.inputs[far], scaled_end), radius=SIZES.dot * 1.2,
                          color=PALETTE.callout).set_z_index(3),
                      label(texts[2], size=SIZES.small, color=PALETTE.callout))
    end_mark[1].next_to(end_mark[0], LEFT if trace.inputs[far] == trace.inputs.max() else RIGHT,
                        buff=0.15)
    beats += [
        Beat(tuple(net.focus(spec["out"])) + (Write(times),) + gone, t.write,
             t.short_pause,
             say("On its way to the output, the node's value is multiplied by {w}.", w=w_out)),
        Beat((FadeIn(ghost), Transform(over_dosage, stretched),
              FadeIn(result)), t.move * 2.5, t.pause,
             say(f"Every height is multiplied by it, so the curve is {shape}; the dashed "
                 "line is the curve before.")),
        Beat((Succession(FadeOut(result, run_time=0.4), Write(product)), FadeIn(end_mark)),
             t.write + 0.4, t.pause,
             say("At dosage {d}, for example, {y} times {w} is " + ("" if rel == "=" else
                 "about ") + "{s}. This is the " + spec["name"] + "'s part of the green "
                 "squiggle.", d=plain(trace.inputs[far]), y=y_end, w=w_out, s=scaled_end)),
    ]
    return lay, beats


def _bend_beats(lay: NodeLayout, xs, activation: str, spec: dict, trace: nnmath.Trace,
                landing, avoid, t: Timing) -> list[Beat]:
    """ReLU bends at 0: point at the bend and say whether the node's slice contains it (then
    a data dosage whose ``landing`` (x at the data) is right on it is named: on one side of
    it the node outputs 0) or
    starts at it or lies on one side of it."""
    if activation != "relu":
        return []
    lo, hi, name = float(min(xs)), float(max(xs)), spec["name"]
    bend = callout(lay.panel.c2p(0.0, 0.0), "the bend", avoid=[*axes_numbers(lay.panel), *avoid],
                   directions=(LEFT + UP * 0.7, LEFT + DOWN * 0.7, RIGHT + UP * 0.7))
    beats = []
    if lo < 0 < hi:
        beats.append(Beat((show_callout(bend),), t.write, t.short_pause,
                          say("The slice contains relu's bend: left of it, every value comes "
                              "out as zero.")))
        on_bend = [i for i, x in enumerate(landing) if abs(x) < 1e-12]
        if on_bend:
            d = trace.inputs[on_bend[0]]
            side = "below" if trace.final()[spec["w"]] > 0 else "above"
            mark = VGroup(Dot(lay.panel.c2p(0.0, 0.0), radius=SIZES.dot * 1.2,
                              color=PALETTE.callout),
                          label(f"Dosage {fmt_input(d)} \u2192 {fmt(landing[on_bend[0]])}",
                                size=SIZES.small, color=PALETTE.callout))
            mark[1].next_to(bend[1], UP, buff=0.15).align_to(bend[1], RIGHT)
            beats.append(Beat((FadeIn(mark),), t.write, t.short_pause,
                              say("Dosage {d} lands right on the bend, so for every dosage "
                                  f"{side} " + "{d} the " + name + " outputs zero. Remember "
                                  "this dosage.", d=plain(d))))
            beats.append(Beat((FadeOut(bend), FadeOut(mark)), t.short_pause, 0.0, SILENT))
            return beats
    else:
        where = ("starts at relu's bend and stays right of it" if abs(lo) < 1e-12 else
                 "lies right of relu's bend" if lo > 0 else "lies left of relu's bend")
        what = ("relu passes its input straight through: the " + name + "'s output is a "
                "straight line") if lo >= -1e-12 else "relu gives zero: the " + name + \
            "'s output is zero everywhere"
        beats.append(Beat((show_callout(bend),), t.write, t.short_pause,
                          say(f"The whole slice {where}, where {what}.")))
    beats.append(Beat((FadeOut(bend),), t.short_pause, 0.0, SILENT))
    return beats


def _spread(ends: VGroup) -> None:
    """Put the right-hand end label one line lower when the two labels would touch."""
    left, right = sorted(ends, key=lambda g: g[0].get_x())
    if left[1].get_right()[0] + 0.2 > right[1].get_left()[0]:
        right[1].set_y(left[1].get_bottom()[1] - 0.12 - right[1].height / 2)
