"""How one hidden node bends the dosage into a curve, in beats any chapter can play.

The dosage range goes through x = w * dosage + b onto the activation's x-axis; the slice of
the activation curve that the node uses is highlighted; that slice is drawn over dosage;
then it is multiplied by the node's output weight (flipped and stretched). Every value
comes from the trace's forward pass on a dense grid of dosages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (Create, Dot, FadeIn, ReplacementTransform, Transform, VGroup, Write,
                   DOWN, LEFT, RIGHT, UP)

import nnmath

from .beats import Beat
from .layout import keep_inside
from .numbers import fmt, fmt_input, fmt_signed
from .panels import activation_panel
from .plots import curve, data_points, dosage_axes, nice_range
from .style import PALETTE, SIZES
from .text import equation, label, title
from .timing import Timing

__all__ = ["NODES", "dosage_grid", "node_layout", "node_story"]

#: names of each hidden node's parameters and intermediates in nnmath's DosageForward
NODES = {
    1: dict(name="Top node", w="w1", b="b1", out="w3", x="x1", y="y1", scaled="scaled1", color=PALETTE.top),
    2: dict(name="Bottom node", w="w2", b="b2", out="w4", x="x2", y="y2", scaled="scaled2", color=PALETTE.bottom),
}


def dosage_grid(trace: nnmath.Trace, samples: int = 200) -> np.ndarray:
    """Dense dosages from the smallest to the largest input of the data, the data's own
    dosages included (so a sharp ReLU peak at a data point is drawn at its true height)."""
    dense = np.linspace(float(trace.inputs.min()), float(trace.inputs.max()), samples)
    return np.union1d(dense, trace.inputs)


@dataclass
class NodeLayout:
    """The mobjects one node's story moves around."""

    axes: object
    dots: VGroup
    panel: object
    heading: object


def node_layout(trace: nnmath.Trace, forward: nnmath.DosageForward, node: int) -> NodeLayout:
    """Dosage axes (left, range fitting both nodes' curves) and the activation panel (right)."""
    spec = NODES[node]
    values = [*trace.outputs]
    for key in ("y1", "y2", "scaled1", "scaled2"):
        values += [float(forward.as_dict()[key].min()), float(forward.as_dict()[key].max())]
    y_lo, y_hi, _ = nice_range(values, step=1.0)
    axes = dosage_axes(list(trace.inputs), (y_lo, y_hi, 1.0), width=5.0, height=4.6,
                       y_ticks=[y_lo, 0.0, y_hi])
    axes.to_corner(DOWN + LEFT, buff=0.6)
    xs = forward.as_dict()[spec["x"]]
    x_lo, x_hi, _ = nice_range([float(xs.min()), float(xs.max())], step=1.0, pad=1.0)
    panel = activation_panel(trace.model_settings["activation"], x_lo, x_hi, width=5.2, height=2.6)
    panel.to_corner(UP + RIGHT, buff=0.5).shift(DOWN * 0.9)
    heading = title(spec["name"]).set_color(spec["color"])
    dots = data_points(axes, trace.inputs, trace.outputs)
    return NodeLayout(axes, dots, panel, heading)


def node_story(trace: nnmath.Trace, node: int, t: Timing) -> tuple[NodeLayout, list[Beat]]:
    """The beats of one hidden node, from the dosage axis to its scaled curve."""
    spec = NODES[node]
    params = trace.final()
    grid = dosage_grid(trace)
    fw = trace.forward(grid)
    values = fw.as_dict()
    lay = node_layout(trace, fw, node)
    color = spec["color"]
    xs, ys, scaled = values[spec["x"]], values[spec["y"]], values[spec["scaled"]]

    eq = equation(rf"x = {fmt(params[spec['w']])} \times \text{{Dosage}} {fmt_signed(params[spec['b']])}")
    eq.next_to(lay.panel, DOWN, buff=1.6)
    ends = VGroup()
    for i, dose in ((0, grid[0]), (-1, grid[-1])):
        dot = Dot(lay.panel.c2p(xs[i], 0.0), radius=SIZES.dot, color=color)
        text = label(f"Dosage {fmt_input(dose)} \u2192 {fmt(xs[i])}", size=SIZES.small)
        text.next_to(dot, DOWN, buff=0.25)
        ends.add(VGroup(dot, text))
    _spread(ends)
    for group in ends:
        keep_inside(group[1])
    sliced = curve(lay.panel, xs, ys, color)
    over_dosage = curve(lay.axes, grid, ys, color)
    times = label(f"\u00d7 {fmt(params[spec['out']])}", size=SIZES.label, color=color)
    times.next_to(eq, DOWN, buff=0.4)
    stretched = curve(lay.axes, grid, scaled, color)

    beats = [
        Beat((Write(lay.heading), Create(lay.axes), FadeIn(lay.dots)), t.draw, t.short_pause),
        Beat((Create(lay.panel),), t.draw, t.short_pause),
        Beat((Write(eq),), t.write, t.pause),
        Beat((FadeIn(ends[0]),), t.write, t.short_pause),
        Beat((FadeIn(ends[1]),), t.write, t.pause),
        Beat((Create(sliced),), t.draw, t.pause),
        Beat((ReplacementTransform(sliced.copy(), over_dosage),), t.move, t.pause),
        Beat((Write(times),), t.write, t.short_pause),
        Beat((Transform(over_dosage, stretched),), t.move, t.pause),
    ]
    return lay, beats


def _spread(ends: VGroup) -> None:
    """Put the right-hand end label one line lower when the two would touch."""
    left, right = sorted(ends, key=lambda g: g[0].get_x())
    if left[1].get_right()[0] + 0.2 > right[1].get_left()[0]:
        right[1].shift(DOWN * (right[1].height + 0.15))

