"""Pictures that show where each factor of the chain rule comes from, beside the network:
the data with the squiggle and its residuals, a hidden node's output at each dosage, the
names x1/y1 (into and out of the top node) and x2/y2 on the diagram, and the slope of the
activation at each x, every value from a trace's forward pass and chain rule at one step.
"""

from __future__ import annotations

from manim import Dot, Line, VGroup, DOWN, DR, LEFT, RIGHT, UL, UP, UR

import nnmath
from nnmath.loss import residuals

from .network import NetworkDiagram
from .node_story import dosage_grid
from .numbers import fmt
from .plots import curve, fitted_axes, residual_lines
from .style import PALETTE, SIZES
from .text import equation, label

__all__ = ["start_plot", "node_values", "side_network", "node_names", "slope_dots",
           "panel_names"]


def start_plot(trace: nnmath.Trace, extra=()):
    """Dosage axes (bottom left) with the data, the step-0 squiggle and its residuals with
    their values; ``extra``: more curve values the axes must hold."""
    grid = dosage_grid(trace)
    fw = trace.forward(grid, k=0)
    axes, dots = fitted_axes(trace.inputs, trace.outputs, [*fw.predicted, *extra], 1.0, 4.2, 2.3,
                             pad=0.08)
    VGroup(axes, dots).to_corner(DOWN + LEFT, buff=0.35).shift(RIGHT * 0.55)
    squiggle = curve(axes, grid, fw.predicted, PALETTE.squiggle)
    pred = trace.predictions[0]
    lines = residual_lines(axes, trace.inputs, trace.outputs, pred)
    r = residuals(trace.outputs, pred)
    # beside its line; above the data point when the point is above the squiggle (a short
    # line there would put the number on the squiggle)
    texts = VGroup(*[(label(fmt(x), size=SIZES.small, color=PALETTE.residual)
                      .next_to(line.get_top(), UR, buff=0.06) if x > 0 else
                      label(fmt(x), size=SIZES.small, color=PALETTE.residual)
                      .next_to(line, RIGHT, buff=0.08))
                     .add_background_rectangle(color=PALETTE.background, opacity=0.85, buff=0.03)
                     for x, line in zip(r, lines)])
    return axes, dots, squiggle, lines, texts, grid


def node_values(axes, trace: nnmath.Trace, grid, node: int):
    """Node ``node``'s output before its output weight (y1 or y2) at step 0: its curve over
    dosage with a dot at each dosage of the data, the values there, the curve's name at its
    end, and the values. Returns (curve and dots, value labels, name, values)."""
    key, color = (f"y{node}", PALETTE.top if node == 1 else PALETTE.bottom)
    ys = getattr(trace.forward(grid, k=0), key)
    at = getattr(trace.forward(k=0), key)
    line = curve(axes, grid, ys, color, SIZES.thin)
    dots = VGroup(*[Dot(axes.c2p(x, y), radius=SIZES.dot, color=color)
                    for x, y in zip(trace.inputs, at)])
    places = (UR, DR, UL) if node == 1 else (UR, UP, UL)  # clear of the data and each other
    texts = VGroup(*[label(fmt(y), size=SIZES.small, color=color)
                     .next_to(dot, places[i], buff=0.08)
                     .add_background_rectangle(color=PALETTE.background, opacity=0.85, buff=0.03)
                     for i, (y, dot) in enumerate(zip(at, dots))])
    name = label(f"y{node}", size=SIZES.small, color=color).next_to(
        dots[-1], RIGHT if node == 1 else UR, buff=0.15)  # y2 ends on the data: above it
    return VGroup(line, dots), texts, name, at


def side_network(params, model) -> NetworkDiagram:
    """The network in the top-left corner, narrow enough to leave the right side to the
    working."""
    return NetworkDiagram(params, model, width=4.5, height=3.4).to_corner(UP + LEFT, buff=0.3)


def node_names(net, trace) -> dict[str, VGroup]:
    """"x1"/"y1" beside the top node's way in and out, "x2"/"y2" beside the bottom node's."""
    out = {}
    for n, node in ((1, net.top), (2, net.bottom)):
        color = PALETTE.top if n == 1 else PALETTE.bottom
        edge = node.get_bottom() + DOWN * 0.32 if n == 1 else node.get_top() + UP * 0.32
        # between the two nodes, clear of the connections: x on the way in, y on the way out
        out[f"x{n}"] = label(f"x{n}", size=SIZES.small, color=color).move_to(edge + LEFT * 0.75)
        out[f"y{n}"] = label(f"y{n}", size=SIZES.small, color=color).move_to(edge + RIGHT * 0.22)
    return out


def slope_dots(panel, x, y, slope, color, places=(UL, UL, UL)) -> VGroup:
    """A dot on the activation curve at each (x, y) with a short tangent line of slope
    ``slope`` (from the trace's chain rule) and the slope written above it."""
    out = VGroup()
    for xi, yi, si, place in zip(x, y, slope, places):
        half = 0.8
        tangent = Line(panel.c2p(xi - half, yi - si * half), panel.c2p(xi + half, yi + si * half),
                       color=PALETTE.tangent, stroke_width=SIZES.thin * 1.5)
        dot = Dot(panel.c2p(xi, yi), radius=SIZES.dot, color=color)
        text = label(fmt(si), size=SIZES.small, color=PALETTE.tangent)
        text.next_to(dot, place, buff=0.05)
        out.add(VGroup(tangent, dot, text.add_background_rectangle(
            color=PALETTE.background, opacity=0.85, buff=0.03)))
    return out


def panel_names(panel, x: str, y: str, color) -> VGroup:
    """The names of an activation panel's axes for one node (TeX, "x_1" and "y_1"): the
    input at the right end of the x axis, the output left of the top of the y axis."""
    right = panel.x_axis.get_end()
    top = panel.y_axis.get_end()
    return VGroup(equation(x, size=SIZES.equation - 4, color=color).next_to(right, UP, buff=0.12),
                  equation(y, size=SIZES.equation - 4, color=color).next_to(top, LEFT, buff=0.8))
