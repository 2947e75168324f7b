"""A network drawn as layers of nodes (input, hidden, output) whose nodes light up with
their values, for the opening chapter's "a neuron is a number" pictures.

Values arrive from an nnmath trace (a dense network's forward pass); helpers here only
write them into nodes and shade the nodes by them. They return animations for the scene
to play.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import Animation, Circle, FadeIn, FadeOut, Line, VGroup, VMobject, LEFT, smooth

from nnmath.neuron import step

from .numbers import fmt
from .style import PALETTE, SIZES
from .text import label

__all__ = ["LayeredNetwork", "node_value", "light_up", "step_icon"]


class LayeredNetwork(VGroup):
    """Columns of nodes joined by every connection between neighbouring columns.

    Attributes: ``layers`` (a list of lists of Circles, input layer first), ``edges``
    (a VGroup per pair of neighbouring layers), ``names`` (the layer names under the
    columns), ``input_names`` (labels left of the input nodes), ``values`` (the numbers
    written into nodes so far, by (layer, node)).
    """

    def __init__(self, sizes: Sequence[int], layer_names: Sequence[str] = (),
                 input_names: Sequence[str] = (), width: float = 7.0, height: float = 4.2,
                 radius: float = 0.42, colours: Sequence[str] | None = None):
        super().__init__()
        xs = np.linspace(-width / 2, width / 2, len(sizes))
        colours = list(colours or [PALETTE.text] + [PALETTE.top] * (len(sizes) - 2) + [PALETTE.squiggle])
        self.layers = []
        for x, n, colour in zip(xs, sizes, colours):
            ys = np.linspace(height / 2, -height / 2, n) if n > 1 else [0.0]
            self.layers.append([Circle(radius=radius, color=colour, stroke_width=SIZES.thin + 1)
                                .set_fill(PALETTE.background, opacity=1).move_to([x, y, 0]) for y in ys])
        self.edges = VGroup(*[
            VGroup(*[Line(a.get_right(), b.get_left(), color=PALETTE.muted, stroke_width=2)
                     for b in right for a in left])
            for left, right in zip(self.layers, self.layers[1:])
        ])
        bottom = -height / 2 - radius
        self.names = VGroup(*[label(name, size=SIZES.small).move_to([x, bottom - 0.4, 0])
                              for x, name in zip(xs, layer_names)])
        self.input_names = VGroup(*[label(name, size=SIZES.small).next_to(node, LEFT, buff=0.2)
                                    for name, node in zip(input_names, self.layers[0])])
        self.values: dict[tuple[int, int], VMobject] = {}
        self.add(self.edges, *[node for layer in self.layers for node in layer], self.names,
                 self.input_names)

    def node(self, layer: int, index: int) -> Circle:
        return self.layers[layer][index]

    def incoming(self, layer: int, index: int) -> VGroup:
        """The connections into node ``index`` of ``layer`` (layer >= 1)."""
        n_from = len(self.layers[layer - 1])
        edges = self.edges[layer - 1]
        return VGroup(*[edges[index * n_from + a] for a in range(n_from)])


def node_value(node: Circle, text: str, size: int = SIZES.small) -> VMobject:
    """``text`` (a formatted trace value) centred in ``node``, shrunk to fit inside it."""
    tag = label(text, size=size)
    if tag.width > node.width * 0.85:
        tag.scale_to_fit_width(node.width * 0.85)
    return tag.move_to(node)


def light_up(net: LayeredNetwork, layer: int, values: Sequence[float], colour: str,
             text=fmt) -> list[Animation]:
    """Animations writing each value of ``layer`` into its node (formatted by ``text``) and
    shading the node by the value (0 white, 1 full ``colour``; values are clipped to 0..1
    for the shade only): its shade and its number for each node. A value already
    written there fades out before the new one fades in (never two numbers in one node at
    once, never morphed glyph by glyph)."""
    anims = []
    for k, (node, v) in enumerate(zip(net.layers[layer], values)):
        shade = float(np.clip(v, 0.0, 1.0)) * 0.55
        anims.append(node.animate.set_fill(colour, opacity=max(shade, 0.0)).build())
        tag = node_value(node, text(v))
        old = net.values.get((layer, k))
        net.values[(layer, k)] = tag
        if old is None:
            anims.append(FadeIn(tag))
        else:
            anims += [FadeOut(old, rate_func=lambda a: smooth(min(2 * a, 1.0))),
                      FadeIn(tag, rate_func=lambda a: smooth(max(2 * a - 1, 0.0)))]
    return anims


def step_icon(color: str, size: float) -> VMobject:
    """The perceptron's step (0, then 1 above 0), drawn small inside a node (from nnmath)."""
    xs = np.array([-3.0, 0.0, 0.0, 3.0])
    ys = step([-3.0, -1e-9, 1e-9, 3.0])  # just left and just right of the jump at 0
    icon = VMobject(color=color, stroke_width=SIZES.thin)
    icon.set_points_as_corners([[x / 3.0 * size, (y - 0.5) * size, 0.0] for x, y in zip(xs, ys)])
    return icon
