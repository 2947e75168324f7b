"""A small dense network drawn with room for a value inside every node: the head of the
convolutional network (a few inputs -> hidden nodes -> one output per class).

Unlike :class:`~scenes.common.dense_diagram.DenseDiagram`, which writes every weight at
once, the weights into a hidden node are kept apart (``into[hidden name]``) so a scene
shows one node's weights while it talks about that node; hidden-to-output weights and
every bias are part of the diagram. Each bias is written above or below its node (top half
above, bottom half below), so no bias reads as a term added to a value inside a node. Values
come from a trace; nothing here computes them.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
from nnmath.model import Layout
from manim import Circle, Line, VGroup, DOWN, LEFT, RIGHT, UP

from .dense_diagram import hidden_colours, on_edge
from .network import activation_icon
from .numbers import fmt, fmt_signed
from .style import PALETTE, SIZES
from .text import label

__all__ = ["HeadDiagram"]


class HeadDiagram(VGroup):
    """The model's ``layout`` (inputs, hidden nodes, outputs) drawn: inputs in a column at
    x = ``xs[0]`` (``input_gap`` apart), hidden nodes at ``xs[1]`` and outputs at ``xs[2]``,
    both at heights ``ys``; centred on the origin vertically.
    ``in_where``: where along an input-to-hidden connection its weight is written (0 at the
    input, 1 at the hidden node).

    Attributes: ``inputs``, ``hidden``, ``outputs`` (Circles), ``edges`` ({parameter name:
    Line}), ``numbers`` ({parameter name: its written value}), ``into`` ({hidden name:
    VGroup of its input weights, not added to the diagram}), ``icons`` (the activation in
    each hidden node), ``output_names``.
    """

    def __init__(self, params: Mapping[str, float], layout: Layout,
                 output_colours: Sequence[str], activation: str = "relu",
                 xs: tuple[float, float, float] = (-3.0, 0.3, 3.4), input_gap: float = 1.25,
                 ys: tuple[float, float] = (1.45, -1.45), radius: float = 0.55,
                 size: int = SIZES.small, in_where: float = 0.3):
        super().__init__()
        input_labels, hidden_labels, output_labels = layout.layers
        n = len(input_labels)
        in_ys = (np.arange(n)[::-1] - (n - 1) / 2) * input_gap
        self.inputs = [Circle(radius=radius, color=PALETTE.text, stroke_width=SIZES.thin)
                       .move_to([xs[0], y, 0]) for y in in_ys]
        colours = hidden_colours(len(hidden_labels))
        self.hidden = [Circle(radius=radius, color=c, stroke_width=SIZES.curve).move_to([xs[1], y, 0])
                       for c, y in zip(colours, ys)]
        self.outputs = [Circle(radius=radius, color=c, stroke_width=SIZES.curve).move_to([xs[2], y, 0])
                        for c, y in zip(output_colours, ys)]
        self.icons = VGroup(*[activation_icon(activation, c, radius * 0.7).move_to(h)
                              for c, h in zip(colours, self.hidden)])
        self.edges, self.numbers, self.into = {}, {}, {}
        for h_name, h_node in zip(hidden_labels, self.hidden):
            tags = VGroup()
            for i_name, i_node in zip(input_labels, self.inputs):
                name = layout.weight(i_name, h_name)
                self.edges[name] = Line(i_node.get_right(), h_node.get_left(), color=PALETTE.axis, stroke_width=2)
                self.numbers[name] = on_edge(fmt(params[name]), self.edges[name], in_where, size)
                tags.add(self.numbers[name])
            self.into[h_name] = tags
        out_tags = VGroup()
        for o_name, o_node in zip(output_labels, self.outputs):
            for h_name, h_node in zip(hidden_labels, self.hidden):
                name = layout.weight(h_name, o_name)
                self.edges[name] = Line(h_node.get_right(), o_node.get_left(), color=PALETTE.axis, stroke_width=2)
                self.numbers[name] = on_edge(fmt(params[name]), self.edges[name], 0.35, size)
                out_tags.add(self.numbers[name])
        for j, (h_name, h_node) in enumerate(zip(hidden_labels, self.hidden)):
            side = UP if j < len(hidden_labels) / 2 else DOWN
            bias = layout.bias(h_name)
            self.numbers[bias] = label(fmt_signed(params[bias]), size=size).next_to(h_node, side, buff=0.12)
            out_tags.add(self.numbers[bias])
        for j, (o_name, o_node) in enumerate(zip(output_labels, self.outputs)):
            side = UP if j < len(output_labels) / 2 else DOWN
            bias = layout.bias(o_name)
            self.numbers[bias] = label(fmt_signed(params[bias]), size=size).next_to(o_node, side, buff=0.12)
            out_tags.add(self.numbers[bias])
        self.output_names = VGroup(*[
            label(o, size=SIZES.label, color=c).next_to(node, RIGHT, buff=0.2)
            for o, c, node in zip(output_labels, output_colours, self.outputs)])
        self.input_names = VGroup(*[label(i.capitalize(), size=SIZES.small).next_to(c, LEFT, buff=0.15)
                                    for i, c in zip(input_labels, self.inputs)])
        self.add(VGroup(*self.edges.values()), *self.inputs, *self.hidden, *self.outputs, self.icons,
                 out_tags, self.input_names, self.output_names)
