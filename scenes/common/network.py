"""The 1-2-1 network drawn as nodes and connections, weights and biases written on them,
where its model's layout puts them."""

from __future__ import annotations

from typing import Mapping

import numpy as np
from manim import Animation, Arrow, Circle, Line, VGroup, VMobject, DOWN, RIGHT, UP

import nnmath
from nnmath.model import Model

from .numbers import fmt, fmt_signed
from .style import PALETTE, SIZES
from .text import label

__all__ = ["NetworkDiagram", "activation_icon"]


def activation_icon(name: str, color: str, size: float) -> VMobject:
    """The shape of the activation function, drawn small inside a node (nnmath computes it)."""
    xs = np.linspace(-3.0, 3.0, 41)
    ys = nnmath.get_activation(name)(xs)
    ys = ys / max(float(ys.max()), 1e-9)
    icon = VMobject(color=color, stroke_width=SIZES.thin)
    icon.set_points_as_corners([[x / 3.0 * size, (y - 0.5) * size, 0.0] for x, y in zip(xs, ys)])
    return icon


class NetworkDiagram(VGroup):
    """A network with one input, two hidden nodes and one output (the dosage network) drawn
    from its model's layout: input -> two hidden nodes (top blue, bottom orange) -> sum ->
    output, with the model's activations drawn in the nodes.

    ``params`` are the network's values from a trace ({"w1": ..., "b3": ...}); each is
    written on its connection as "x w" or next to its node as "+ b" (unless ``numbers`` is
    False: a compact diagram whose parts are highlighted while the numbers are elsewhere). ``weight_labels``
    maps parameter names to those Text mobjects so a scene can highlight or replace one.
    """

    def __init__(self, params: Mapping[str, float], model: Model, width: float = 7.0,
                 height: float = 3.4, size: int = SIZES.small, numbers: bool = True):
        super().__init__()
        layout = model.layout()
        (first,), (top, bottom), (last,) = layout.layers
        activation = model.activations()["hidden"].name
        output_activation = model.activations().get("output")
        r = 0.42
        x0, x1, x2 = -width / 2, 0.0, width / 2 - 1.2
        self.input_node = Circle(radius=r, color=PALETTE.text, stroke_width=SIZES.thin).move_to([x0, 0, 0])
        self.top = Circle(radius=r, color=PALETTE.top, stroke_width=SIZES.curve).move_to([x1, height / 2 - r, 0])
        self.bottom = Circle(radius=r, color=PALETTE.bottom, stroke_width=SIZES.curve).move_to([x1, -height / 2 + r, 0])
        self.output = Circle(radius=r, color=PALETTE.squiggle, stroke_width=SIZES.curve).move_to([x2, 0, 0])
        icons = VGroup(
            activation_icon(activation, PALETTE.top, r * 0.7).move_to(self.top),
            activation_icon(activation, PALETTE.bottom, r * 0.7).move_to(self.bottom),
        )
        plus = label("+", size=SIZES.title).move_to(self.output)
        if output_activation is not None and output_activation.name != "identity":
            plus = activation_icon(output_activation.name, PALETTE.squiggle, r * 0.7).move_to(self.output)
        circles = {first: self.input_node, top: self.top, bottom: self.bottom, last: self.output}
        self.edges = {name: Line(circles[a].get_right(), circles[b].get_left(), color=PALETTE.axis,
                                 stroke_width=SIZES.thin)
                      for name, (a, b) in layout.weights.items()}
        on_top = set(layout.params_of(top))
        self._colours = {name: PALETTE.top if name in on_top else PALETTE.bottom for name in self.edges}
        out_arrow = Arrow(self.output.get_right(), self.output.get_right() + RIGHT * 1.0,
                          color=PALETTE.axis, buff=0.05, stroke_width=SIZES.thin)
        self.weight_labels = {}
        for name, edge in self.edges.items():
            text = label(f"\u00d7 {fmt(params[name])}", size=size)
            direction = edge.get_unit_vector()
            normal = np.array([-direction[1], direction[0], 0.0])
            if (normal[1] < 0) == (name in on_top):
                normal = -normal
            # far enough along the normal that the label's box clears the line
            reach = text.width / 2 * abs(normal[0]) + text.height / 2 * abs(normal[1])
            # the input's connections carry theirs past the middle, clear of the input's name
            along = 0.62 if layout.weights[name][0] == first else 0.5
            text.move_to(edge.point_from_proportion(along) + normal * (reach + 0.12))
            self.weight_labels[name] = text
        b1, b2, b3 = layout.bias(top), layout.bias(bottom), layout.bias(last)
        self.weight_labels[b1] = label(fmt_signed(params[b1]), size=size).next_to(self.top, UP, buff=0.12)
        self.weight_labels[b2] = label(fmt_signed(params[b2]), size=size).next_to(self.bottom, DOWN, buff=0.12)
        out_bias = label(fmt_signed(params[b3]), size=size).next_to(out_arrow, UP, buff=0.15)
        out_bias.shift(RIGHT * max(0.0, self.output.get_right()[0] + 0.15 - out_bias.get_left()[0]))
        self.weight_labels[b3] = out_bias  # above the arrow, clear of the output circle
        names = VGroup(
            label("Dosage", size=size).next_to(self.input_node, DOWN, buff=0.1),
            label("Efficacy", size=size).next_to(out_arrow, RIGHT, buff=0.1),
        )
        if not numbers:  # a compact diagram: connections and nodes only
            self.weight_labels = {}
        self.add(*self.edges.values(), out_arrow, self.input_node, self.top, self.bottom,
                 self.output, icons, plus, names, *self.weight_labels.values())
        self.move_to([0, 0, 0])
        #: what each path of the network is made of (its parameters and its node)
        self.paths = {"top": layout.params_of(top) + ("top",),
                      "bottom": layout.params_of(bottom) + ("bottom",), "output": ("output", b3)}

    def _parts(self) -> dict[str, tuple[VMobject, str]]:
        """Every part that can be highlighted, with its own colour."""
        parts = {"top": (self.top, PALETTE.top), "bottom": (self.bottom, PALETTE.bottom),
                 "output": (self.output, PALETTE.squiggle), "input": (self.input_node, PALETTE.text)}
        for name, edge in self.edges.items():
            parts[name] = (edge, self._colours[name])
        return parts

    def focus(self, *names: str) -> list[Animation]:
        """Animations that highlight ``names`` (parameters such as "w1", nodes "top",
        "bottom", "output", "input", or whole paths "top"/"bottom"/"output" via PATHS when
        given as "path:top") and fade the rest of the diagram's connections and numbers."""
        wanted = set()
        for name in names:
            wanted |= set(self.paths[name[5:]]) if name.startswith("path:") else {name}
        anims = []
        for name, (mob, color) in self._parts().items():
            if name in self.edges:
                width = SIZES.highlight if name in wanted else SIZES.thin
                anims.append(mob.animate.set_stroke(color if name in wanted else PALETTE.faded,
                                                    width=width).build())
            else:  # a node: a thicker ring while it is talked about
                normal = SIZES.thin if name == "input" else SIZES.curve
                anims.append(mob.animate.set_stroke(width=SIZES.highlight * 1.3 if name in wanted
                                                    else normal).build())
        for name, text in self.weight_labels.items():
            anims.append(text.animate.set_color(PALETTE.callout if name in wanted else PALETTE.muted).build())
        return anims

    def reset(self) -> list[Animation]:
        """Animations back to the plain diagram: grey connections, black numbers."""
        anims = [edge.animate.set_stroke(PALETTE.axis, width=SIZES.thin).build()
                 for edge in self.edges.values()]
        anims += [node.animate.set_stroke(width=SIZES.curve).build()
                  for node in (self.top, self.bottom, self.output)]
        anims.append(self.input_node.animate.set_stroke(width=SIZES.thin).build())
        anims += [text.animate.set_color(PALETTE.text).build() for text in self.weight_labels.values()]
        return anims
