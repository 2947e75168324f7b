"""A dense network (inputs -> hidden layer -> outputs) drawn as nodes and connections, with
every weight written on its connection and every bias beside its node.

Hidden nodes take the lecture's node colours (top blue, bottom orange); outputs take the
species colours. Values arrive from a trace; nothing here computes them.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
from nnmath.model import Layout
from manim import Animation, BackgroundRectangle, Circle, Line, VGroup, LEFT, RIGHT, UP

from .network import activation_icon
from .numbers import fmt, fmt_signed
from .style import PALETTE, SIZES
from .text import label

__all__ = ["DenseDiagram", "hidden_colours", "on_edge"]


def hidden_colours(n: int) -> list[str]:
    """The colour of each hidden node: blue, orange, then the muted grey."""
    base = [PALETTE.top, PALETTE.bottom]
    return [base[j] if j < len(base) else PALETTE.muted for j in range(n)]


def on_edge(text: str, edge: Line, where: float, size: int) -> VGroup:
    """A number on a connection, on a white patch so crossing lines do not hide it."""
    tag = label(text, size=size)
    tag.move_to(edge.point_from_proportion(where))
    return VGroup(BackgroundRectangle(tag, color=PALETTE.background, fill_opacity=1, buff=0.04), tag)


class DenseDiagram(VGroup):
    """Nodes in three columns (the model's ``layout``: inputs, hidden nodes, outputs) with
    the weights and biases of ``params`` written on them.

    Attributes: ``inputs``, ``hidden``, ``outputs`` (lists of Circles), ``nodes`` ({node
    name: Circle}), ``icons`` (the activation drawn in each hidden node), ``edges``
    ({parameter name: Line}), ``numbers`` ({parameter name: its written value}).
    ``radius``: the nodes' size; ``out_where``: where along a hidden-to-output connection
    its weight is written (0 at the hidden node, 1 at the output); ``input_names``: the
    words written beside the inputs (default: their labels, capitalised); ``output_room``:
    the room kept right of the output column for the output biases and names; ``in_where``:
    where along an input-to-hidden connection its weight is written; ``output_bias_apart``:
    each output's bias written above its node (below for the lower half, as the hidden
    ones), its name right of the node.
    """

    def __init__(self, params: Mapping[str, float], layout: Layout,
                 activation: str = "relu", width: float = 7.5, height: float = 5.0,
                 output_colours: Sequence[str] = PALETTE.species, size: int = SIZES.small - 2,
                 radius: float = 0.46, out_where: float = 0.3,
                 input_names: Sequence[str] | None = None, output_room: float = 1.6,
                 in_where: float = 0.3, output_bias_apart: bool = False):
        super().__init__()
        input_labels, hidden_labels, output_labels = layout.layers
        r = radius  # 0.46: room for a value such as -0.44 inside a node
        xs = (-width / 2, -width / 2 + width * 0.42, width / 2 - output_room)

        def column(n, x, spread):
            ys = np.linspace(spread / 2, -spread / 2, n) if n > 1 else [0.0]
            return [np.array([x, y, 0.0]) for y in ys]

        colours = hidden_colours(len(hidden_labels))
        self.inputs = [Circle(radius=r, color=PALETTE.text, stroke_width=SIZES.thin).move_to(p)
                       for p in column(len(input_labels), xs[0], height * 0.45)]
        self.hidden = [Circle(radius=r, color=c, stroke_width=SIZES.curve).move_to(p)
                       for c, p in zip(colours, column(len(hidden_labels), xs[1], height * 0.6))]
        self.outputs = [Circle(radius=r, color=c, stroke_width=SIZES.curve).move_to(p)
                        for c, p in zip(output_colours, column(len(output_labels), xs[2], height * 0.9))]
        self.nodes = dict(zip([*input_labels, *hidden_labels, *output_labels],
                              [*self.inputs, *self.hidden, *self.outputs]))
        self.icons = icons = VGroup(*[activation_icon(activation, c, r * 0.7).move_to(n)
                                      for c, n in zip(colours, self.hidden)])
        self.edges, self.numbers = {}, {}
        self._connect(params, layout, input_labels, self.inputs, hidden_labels, self.hidden, size, in_where)
        self._connect(params, layout, hidden_labels, self.hidden, output_labels, self.outputs, size, out_where)
        for j, (h_name, h_node) in enumerate(zip(hidden_labels, self.hidden)):
            side = UP if j < len(hidden_labels) / 2 else -UP
            bias = layout.bias(h_name)
            self.numbers[bias] = label(fmt_signed(params[bias]), size=size).next_to(h_node, side, buff=0.1)
        for k, (o_name, o_node) in enumerate(zip(output_labels, self.outputs)):
            side = (UP if k < len(output_labels) / 2 else -UP) if output_bias_apart else RIGHT
            bias = layout.bias(o_name)
            self.numbers[bias] = label(fmt_signed(params[bias]), size=size).next_to(o_node, side, buff=0.1)
        tags = VGroup()
        names_in = VGroup(*[label(n, size=SIZES.small).next_to(c, LEFT, buff=0.15) for n, c in
                            zip(input_names or [n.capitalize() for n in input_labels], self.inputs)])
        self.output_names = VGroup(*[
            label(n.capitalize(), size=SIZES.small, color=c).next_to(
                self.nodes[n] if output_bias_apart else self.numbers[layout.bias(n)], RIGHT, buff=0.15)
            for n, c in zip(output_labels, output_colours)])
        tags.add(*self.numbers.values())
        self.add(VGroup(*self.edges.values()), *self.inputs, *self.hidden, *self.outputs, icons,
                 tags, names_in, self.output_names)

    def focus(self, *names: str) -> list[Animation]:
        """Animations that highlight ``names`` (parameters such as "w[petal->top]" and
        "b[top]", nodes such as "top") and fade the other connections and numbers."""
        wanted = set(names)
        anims = []
        for name, edge in self.edges.items():
            anims.append(edge.animate.set_stroke(PALETTE.callout if name in wanted else PALETTE.faded,
                                                 width=SIZES.highlight * 0.6 if name in wanted else 2).build())
        for name, tag in self.numbers.items():
            anims.append(tag[-1].animate.set_color(PALETTE.callout if name in wanted else PALETTE.muted).build()
                         if name in self.edges else
                         tag.animate.set_color(PALETTE.callout if name in wanted else PALETTE.muted).build())
        for name, node in self.nodes.items():
            normal = SIZES.thin if node in self.inputs else SIZES.curve
            anims.append(node.animate.set_stroke(width=SIZES.highlight * 1.1 if name in wanted
                                                 else normal).build())
        return anims

    def reset(self) -> list[Animation]:
        """Animations back to the plain diagram: grey connections, black numbers."""
        anims = [edge.animate.set_stroke(PALETTE.axis, width=2).build() for edge in self.edges.values()]
        anims += [(tag[-1] if name in self.edges else tag).animate.set_color(PALETTE.text).build()
                  for name, tag in self.numbers.items()]
        anims += [node.animate.set_stroke(width=SIZES.thin if node in self.inputs else SIZES.curve).build()
                  for node in self.nodes.values()]
        return anims

    def _connect(self, params, layout: Layout, from_labels, from_nodes, to_labels, to_nodes,
                 size: int, where: float = 0.3) -> None:
        """A line from every node of one layer to every node of the next, its weight written
        near the source, where the connections fan out and do not cross yet."""
        for to_name, to_node in zip(to_labels, to_nodes):
            for from_name, from_node in zip(from_labels, from_nodes):
                name = layout.weight(from_name, to_name)
                edge = Line(from_node.get_right(), to_node.get_left(), color=PALETTE.axis, stroke_width=2)
                self.edges[name] = edge
                self.numbers[name] = on_edge(fmt(params[name]), edge, where, size)
