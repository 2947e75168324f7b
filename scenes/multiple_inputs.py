"""Chapter: multiple inputs and outputs (preset ``iris``). Petal and sepal width go into
two ReLU nodes and come out as three raw outputs, one per Iris species. With two inputs,
each node's output is a bent surface over the petal/sepal square ("platforms instead of
lines"); scaled by their output weights and summed with the bias they give each species'
surface, and the highest surface says which species the network picks.

    manim -pql scenes/multiple_inputs.py IrisNetwork
"""

from __future__ import annotations

import numpy as np
from manim import (DEGREES, Circle, Create, Dot3D, FadeIn, FadeOut, Line, ReplacementTransform, Scene,
                   ThreeDScene, Transform, VGroup, Write, DOWN, LEFT, RIGHT, UP)

import nnmath
from scenes.common.dense_diagram import DenseDiagram, hidden_colours
from scenes.common.numbers import fmt, fmt_input, fmt_signed
from scenes.common.style import PALETTE, SIZES
from scenes.common.surfaces import choice_map, grid_surface, input_axes
from scenes.common.text import equation, label, stacked, title
from scenes.common.timing import timing

PRESET = "iris"
#: the worked input traced through the surfaces (petal 0.5, sepal 0.37)
TRACED = 1

__all__ = ["IrisNetwork", "HiddenNodeSurfaces", "ThreeOutputSurfaces"]


def _names(trace):
    model = trace.model()
    return model.input_labels, model.hidden_labels, model.output_labels


def _weighted_sum(weights, values, bias) -> str:
    """"w1 x v1 + w2 x v2 + b" in LaTeX, later terms signed: 2.40 x 2.20 - 5.20 x 1.10 + 0.00."""
    terms = [f"{fmt(w) if c == 0 else fmt_signed(w)} \\times {v}"
             for c, (w, v) in enumerate(zip(weights, values))]
    return " ".join(terms) + f" {fmt_signed(bias)}"


def _node_equations(trace, fw, row: int) -> list:
    """(colour, LaTeX, value, node kind, index) for every node of the forward pass ``fw``
    of worked input ``row``: the hidden nodes (sum, then ReLU) and the raw outputs."""
    ins, hid, outs = _names(trace)
    p = trace.final()
    x = trace.inputs[row]
    found = []
    for j, (h, colour) in enumerate(zip(hid, hidden_colours(len(hid)))):
        tex = _weighted_sum([p[f"w[{i}->{h}]"] for i in ins], [fmt_input(v) for v in x], p[f"b[{h}]"])
        found.append((colour, f"\\text{{{h}: }} \\mathrm{{ReLU}}({tex}) = {fmt(fw.hidden[row, j])}",
                      fw.hidden[row, j], "hidden", j))
    for k, (o, colour) in enumerate(zip(outs, PALETTE.species)):
        tex = _weighted_sum([p[f"w[{h}->{o}]"] for h in hid], [fmt(v) for v in fw.hidden[row]],
                            p[f"b[{o}]"])
        found.append((colour, f"\\text{{{o.capitalize()}: }} {tex} = {fmt(fw.raw[row, k])}",
                      fw.raw[row, k], "output", k))
    return found


class IrisNetwork(Scene):
    """The two-input, three-output network with its weights, and each worked input pushed
    through it: the two ReLU nodes, then the three raw outputs, every sum written out."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        fw = trace.forward()
        ins, hid, outs = _names(trace)
        head = title("Two inputs, three outputs")
        net = DenseDiagram(trace.final(), ins, hid, outs, width=9.0, height=5.0)
        net.next_to(head, DOWN, buff=0.25)
        self.play(Write(head), run_time=t.write)
        self.play(FadeIn(net), run_time=t.draw)
        note = label("ReLU in both hidden nodes; no activation on the outputs", size=SIZES.small)
        note.to_edge(DOWN, buff=0.45)
        self.play(FadeIn(note), run_time=t.write)
        self.wait(t.pause)
        self.play(FadeOut(note), FadeOut(net.icons), run_time=t.short_pause)
        shown = VGroup()
        for row in range(len(trace.inputs)):
            values = VGroup(*[label(fmt_input(v), size=SIZES.small).move_to(node)
                              for v, node in zip(trace.inputs[row], net.inputs)])
            self.play(FadeOut(shown), FadeIn(values), run_time=t.write)
            shown = VGroup(values)
            for colour, tex, value, kind, index in _node_equations(trace, fw, row):
                node = (net.hidden if kind == "hidden" else net.outputs)[index]
                sums = equation(tex, color=colour, size=SIZES.equation - 6).to_edge(DOWN, buff=0.45)
                number = label(fmt(value), size=SIZES.small - 2).move_to(node)
                self.play(FadeIn(sums), run_time=t.write)
                self.play(FadeIn(number), run_time=t.short_pause)
                self.wait(t.short_pause)
                self.play(FadeOut(sums), run_time=t.short_pause)
                shown.add(number)
            winner = outs[int(fw.choice[row])]
            verdict = label(f"Highest raw output: {winner.capitalize()}", size=SIZES.label,
                            color=PALETTE.species[outs.index(winner)]).to_edge(DOWN, buff=0.45)
            self.play(FadeIn(verdict), run_time=t.write)
            self.wait(t.pause)
            shown.add(verdict)
        self.wait(t.pause)


#: surfaces keep every second line of the 21 x 21 grid: 100 faces each, fast in Cairo
STRIDE = 2


def _surface_axes(trace, z_lo: float, z_hi: float, z_name: str):
    """Petal and sepal width along the floor, ``z_name`` up; the names face the camera."""
    axes = input_axes((z_lo, z_hi, 1.0), height=3.2)
    axes.shift(DOWN * 0.8)
    ins = _names(trace)[0]
    names = VGroup(
        label(f"{ins[0].capitalize()} width", size=SIZES.small).move_to(axes.c2p(0.5, -0.2, z_lo)),
        label(f"{ins[1].capitalize()} width", size=SIZES.small).move_to(axes.c2p(1.25, 0.55, z_lo)),
        label(z_name, size=SIZES.small).move_to(axes.c2p(0, 0, z_hi + 0.45)),
    )
    for z in range(int(z_lo), int(z_hi) + 1):
        tick = label(str(z), size=SIZES.small - 4).move_to(axes.c2p(0, -0.1, z))
        tick.is_tick = True  # an axis label, not a trace value
        names.add(tick)
    return axes, names


def _camera(scene: ThreeDScene) -> None:
    scene.set_camera_orientation(phi=62 * DEGREES, theta=-58 * DEGREES, zoom=0.9)


def _caption(scene: ThreeDScene, *lines, colour=PALETTE.text) -> VGroup:
    """Text fixed to the frame (it faces the viewer whatever the camera does)."""
    text = stacked(*[label(s, size=SIZES.small, color=colour) for s in lines], buff=0.1)
    text.to_corner(UP + LEFT, buff=0.35)
    scene.add_fixed_in_frame_mobjects(text)
    text.set_opacity(0)
    return text


class HiddenNodeSurfaces(ThreeDScene):
    """Each hidden node's ReLU output as a bent surface over petal and sepal width, scaled
    by its weight into Setosa, and the two summed with Setosa's bias into Setosa's surface."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        ins, hid, outs = _names(trace)
        p = trace.final()
        fw = trace.forward(trace.grid_inputs())
        z_lo = min(0.0, float(fw.scaled[..., 0, :].min()), float(fw.raw[..., 0].min()))
        z_hi = max(float(fw.hidden.max()), float(fw.raw[..., 0].max()))
        axes, names = _surface_axes(trace, np.floor(z_lo), np.ceil(z_hi), "output")
        _camera(self)
        self.add_fixed_orientation_mobjects(*names)
        self.play(Create(axes), FadeIn(names), run_time=t.draw)
        colours = hidden_colours(len(hid))
        scaled_surfaces = []
        for j, h in enumerate(hid):
            sums = " ".join([fmt(p[f"w[{ins[0]}->{h}]"]), f"\u00d7 {ins[0]}",
                             fmt_signed(p[f"w[{ins[1]}->{h}]"]), f"\u00d7 {ins[1]}",
                             fmt_signed(p[f"b[{h}]"])])
            text = _caption(self, f"{h.capitalize()} node: ReLU({sums})",
                            "a bent platform instead of a bent line", colour=colours[j])
            surface = grid_surface(axes, fw.hidden[..., j], colours[j], stride=STRIDE)
            self.play(text.animate.set_opacity(1), run_time=t.write)
            self.play(Create(surface), run_time=t.draw)
            self.wait(t.pause)
            weight = p[f"w[{h}->{outs[0]}]"]
            times = _caption(self, f"\u00d7 {fmt(weight)} (its weight into {outs[0].capitalize()})",
                             colour=colours[j])
            times.next_to(text, DOWN, aligned_edge=LEFT, buff=0.1)
            scaled = grid_surface(axes, fw.scaled[..., 0, j], colours[j], stride=STRIDE)
            self.play(times.animate.set_opacity(1), run_time=t.write)
            self.play(Transform(surface, scaled), run_time=t.move)
            self.wait(t.short_pause)
            self.play(FadeOut(text), FadeOut(times), run_time=t.short_pause)
            scaled_surfaces.append(surface)
        setosa = grid_surface(axes, fw.raw[..., 0], PALETTE.species[0], stride=STRIDE)
        text = _caption(self, f"Sum the two, then {fmt_signed(p[f'b[{outs[0]}]'])} (bias):",
                        f"{outs[0].capitalize()}'s raw output for every petal and sepal width",
                        colour=PALETTE.species[0])
        self.play(text.animate.set_opacity(1), run_time=t.write)
        # each surface morphs face by face into Setosa's (one transform of the group would
        # pad two 100-face surfaces to 100 copies each: 10,000 faces a frame)
        targets = [setosa] + [setosa.copy() for _ in scaled_surfaces[1:]]
        self.play(*[ReplacementTransform(s, target) for s, target in zip(scaled_surfaces, targets)],
                  run_time=t.move)
        self.remove(*targets[1:])
        self.begin_ambient_camera_rotation(rate=0.12)
        self.wait(t.pause * 2)
        self.stop_ambient_camera_rotation()
        self.wait(t.short_pause)


class ThreeOutputSurfaces(ThreeDScene):
    """The three species' surfaces together, a worked input traced up through them, and the
    view from above: which species is highest (ArgMax) for every petal and sepal width."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        ins, hid, outs = _names(trace)
        grid = trace.grid_inputs()
        fw = trace.forward(grid)
        z_lo, z_hi = np.floor(float(fw.raw.min())), np.ceil(float(fw.raw.max()))
        axes, names = _surface_axes(trace, z_lo, z_hi, "raw output")
        _camera(self)
        self.add_fixed_orientation_mobjects(*names)
        self.play(Create(axes), FadeIn(names), run_time=t.draw)
        surfaces = VGroup(*[grid_surface(axes, fw.raw[..., k], c, opacity=0.6, stride=STRIDE)
                            for k, c in enumerate(PALETTE.species)])
        keys = _caption(self, *[o.capitalize() for o in outs])
        for part, colour in zip(keys, PALETTE.species):
            part.set_color(colour)
        for surface, key in zip(surfaces, keys):
            self.play(Create(surface), key.animate.set_opacity(1), run_time=t.draw * 0.8)
        self.wait(t.pause)
        # one worked input traced up through the three surfaces
        worked = trace.forward()
        x = trace.inputs[TRACED]
        raw = worked.raw[TRACED]
        pole = Line(axes.c2p(x[0], x[1], z_lo), axes.c2p(x[0], x[1], z_hi), color=PALETTE.text,
                    stroke_width=SIZES.thin)
        dots = VGroup(*[Dot3D(axes.c2p(x[0], x[1], v), radius=0.08, color=c)
                        for v, c in zip(raw, PALETTE.species)])
        reading = _caption(self, ", ".join(f"{n.capitalize()} {fmt_input(v)}" for n, v in zip(ins, x)) + ":",
                           *[f"{o.capitalize()} {fmt(v)}" for o, v in zip(outs, raw)],
                           f"highest: {outs[int(worked.choice[TRACED])].capitalize()}")
        reading.to_corner(UP + RIGHT, buff=0.35)
        for part, colour in zip(reading[1:], PALETTE.species):
            part.set_color(colour)
        self.play(Create(pole), FadeIn(dots), reading.animate.set_opacity(1), run_time=t.draw)
        self.wait(t.pause * 2)
        # from above, the highest surface is what ArgMax picks
        tiles = choice_map(axes, fw.choice, PALETTE.species, z_lo)
        verdict = _caption(self, "From above: the species", "whose surface is highest")
        verdict.to_corner(UP + RIGHT, buff=0.35)
        # the height axis is seen end-on from above: its labels go
        self.play(FadeOut(pole), FadeOut(dots), FadeOut(reading), FadeOut(names[2:]),
                  run_time=t.short_pause)
        self.move_camera(phi=0, theta=-90 * DEGREES, run_time=t.move * 1.5)
        self.play(FadeOut(surfaces), FadeIn(tiles), verdict.animate.set_opacity(1), run_time=t.move)
        # flat rings a little above the tiles (from above they face the camera)
        marks = VGroup(*[Circle(radius=0.12, color=PALETTE.text, stroke_width=SIZES.curve,
                                fill_color=PALETTE.background, fill_opacity=1)
                         .move_to(axes.c2p(a, b, z_lo + 0.3)) for a, b in trace.inputs])
        self.play(FadeIn(marks), run_time=t.write)
        self.wait(t.pause * 2)
