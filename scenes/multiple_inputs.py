"""Chapter: multiple inputs and outputs (preset ``iris``). Petal and sepal width (measured,
then scaled to 0..1) go into two ReLU nodes and come out as three raw outputs, one per Iris
species. One flower is worked through every multiplication and addition; with two inputs
each node's output is a bent surface over the petal/sepal square, creased where its sum is
0; each species gets its own surface, and the highest one names the species.

    manim -pql scenes/multiple_inputs.py IrisNetwork
"""

from __future__ import annotations

import numpy as np
from manim import (DEGREES, BackgroundRectangle, Create, Dot, FadeIn, FadeOut, Indicate, Line, Scene,
                   Square, Succession, SurroundingRectangle, ThreeDScene, Transform, VGroup, VMobject, Write, DOWN,
                   LEFT, RIGHT, UP)

import nnmath
from scenes.common.beats import Beat, play_beats
from scenes.common.dense_diagram import DenseDiagram
from scenes.common.narration import SILENT, Value, plain, say
from scenes.common.numbers import (agreeing_places, fmt, fmt_input, fmt_signed, relation,
                                   written_product_is, written_sum_is)
from scenes.common.style import PALETTE, SIZES
from scenes.common.surfaces import (crease_pieces, crease_points, edge_walls, input_axes,
                                    piece_surface, region_shapes, winner_regions)
from scenes.common.plots import plot_axes
from scenes.common.text import equation, label, swap, title
from scenes.common.timing import timing

PRESET = "iris"
#: the flower worked through in full (petal 0.5, sepal 0.37)
TRACED = 1

__all__ = ["IrisNetwork", "HiddenNodeSurfaces", "ThreeOutputSurfaces"]


def _names(trace):
    model = trace.model()
    return model.input_labels, model.hidden_labels, model.output_labels


# ---------------------------------------------------------------- the network, one flower

def _hidden_places(trace, fw, row: int) -> int:
    """Decimals for the hidden values of ``row`` at which every written product
    (output weight x hidden value = the trace's scaled value, two decimals) checks out."""
    _, hid, outs = _names(trace)
    p = trace.final()

    def check(places):
        return all(written_product_is(fmt(fw.scaled[row, k, j]), fmt(p[f"w[{h}->{o}]"]),
                                      fmt(fw.hidden[row, j], places))
                   for k, o in enumerate(outs) for j, h in enumerate(hid))
    return agreeing_places(check)


def _terms(weights, values) -> str:
    """"w1 \\times v1 + w2 \\times v2" in LaTeX, the second term signed."""
    return " ".join(f"{fmt(w) if c == 0 else fmt_signed(w)} \\times {v}"
                    for c, (w, v) in enumerate(zip(weights, values)))


def _output_sum(trace, fw, row: int, k: int, hv: list[str]) -> tuple[str, str]:
    """Output k's weighted sum, and (a second line) its products added up to the result."""
    _, hid, outs = _names(trace)
    p, o = trace.final(), outs[k]
    products = [fmt(fw.scaled[row, k, j]) for j in range(len(hid))]
    bias = fmt(p[f"b[{o}]"])
    result = fmt(fw.raw[row, k])
    sums = " ".join([products[0], *[fmt_signed(float(x)) for x in products[1:]], fmt_signed(p[f"b[{o}]"])])
    rel = "=" if written_sum_is(result, *products, bias) else r"\approx"
    return (_terms([p[f"w[{h}->{o}]"] for h in hid], hv) + f" {fmt_signed(p[f'b[{o}]'])}",
            f"= {sums} {rel} {result}")


def _replace(old, new) -> Succession:
    """``old`` fades out, then ``new`` fades in where it was (no two texts on one spot)."""
    return Succession(FadeOut(old), FadeIn(new))


class IrisNetwork(Scene):
    """The two-input, three-output network, one flower worked through every multiplication
    and addition with its path highlighted, then two more flowers briefly."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        fw = trace.forward()
        ins, hid, outs = _names(trace)
        p = trace.final()
        row = TRACED
        x = trace.inputs[row]
        places = _hidden_places(trace, fw, row)
        hv = [fmt(v, places) for v in fw.hidden[row]]
        head = title("Two inputs, three outputs")
        net = DenseDiagram(p, ins, hid, outs, width=9.3, height=4.3, size=SIZES.small,
                           radius=0.55, out_where=0.72,
                           input_names=[f"{i.capitalize()}\nwidth" for i in ins])
        net.output_names.set_color(PALETTE.text)
        net.move_to([0, 0.3, 0])
        bottom = DOWN * 3.1
        lines = (DOWN * 2.72, DOWN * 3.42)

        def eq(tex, line=0):
            return equation(tex, size=SIZES.equation - 4).move_to(lines[line])

        def in_node(text, node):
            return label(text, size=SIZES.small).move_to(net.nodes[node])

        inputs_shown = VGroup(*[in_node(fmt_input(v), n) for v, n in zip(x, ins)])
        hidden_shown = [in_node(v, h) for v, h in zip(hv, hid)]
        outputs_shown = [in_node(fmt(fw.raw[row, k]), o) for k, o in enumerate(outs)]
        scaled_note = label("widths measured, then scaled to 0 ... 1", size=SIZES.small)
        scaled_note.move_to(bottom)
        relu_note = label("ReLU in both hidden nodes; no activation on the outputs", size=SIZES.small)
        relu_note.move_to(bottom)

        top_in = [f"w[{i}->{hid[0]}]" for i in ins]
        bot_in = [f"w[{i}->{hid[1]}]" for i in ins]
        hidden_eqs = [(eq(_terms([p[f"w[{i}->{h}]"] for i in ins], [fmt_input(v) for v in x])
                          + f" {fmt_signed(p[f'b[{h}]'])}"),
                       eq(f"= {fmt(fw.hidden_sums[row, j], places)} \\qquad \\mathrm{{ReLU}}("
                          f"{fmt(fw.hidden_sums[row, j], places)}) = {hv[j]}", 1))
                      for j, h in enumerate(hid)]
        out_eqs = [tuple(eq(tex, line) for line, tex in enumerate(_output_sum(trace, fw, row, k, hv)))
                   for k in range(len(outs))]

        def path(node):
            froms = ins if node in hid else hid
            return [f"w[{f}->{node}]" for f in froms] + [f"b[{node}]", node]

        hval = [Value(float(v), lambda v: fmt(v, places)) for v in fw.hidden[row]]
        winner = int(fw.choice[row])
        verdict = label(f"Highest raw output: {outs[winner].capitalize()}", size=SIZES.label,
                        color=PALETTE.text).move_to(bottom)
        beats = [
            Beat((Write(head), FadeIn(net)), t.draw, t.short_pause,
                 say("With one input, a ReLU node gave a bent line. Now a network takes two "
                     "inputs and gives three outputs.")),
            Beat((Indicate(VGroup(*[net.nodes[i] for i in ins]), color=PALETTE.callout),
                  FadeIn(scaled_note)), t.write, t.short_pause,
                 say("The inputs are two measurements of an Iris flower, its petal width and "
                     "its sepal width, both scaled to go from zero to one.")),
            Beat((_replace(scaled_note, relu_note), *net.focus(*hid)), t.write, t.short_pause,
                 say("Both hidden nodes, top and bottom, use ReLU.")),
            Beat((*[Indicate(n, color=PALETTE.callout) for n in net.output_names], *net.focus(*outs)), t.write,
                 t.short_pause,
                 say("There is one output per species: Setosa, Versicolor and Virginica. They "
                     "have no activation function, so they give raw output values.")),
            Beat((FadeOut(relu_note), FadeOut(net.icons), FadeIn(inputs_shown), *net.focus(*ins)),
                 t.write, t.short_pause,
                 say("Let's follow one flower: petal width {p}, sepal width {s}.",
                     p=plain(x[0]), s=plain(x[1]))),
            Beat((*net.focus(*top_in, f"b[{hid[0]}]", hid[0]), FadeIn(hidden_eqs[0][0])), t.write, t.pause,
                 say("The top node multiplies the petal width by {a} and the sepal width by "
                     "{b}, and adds its bias, {c}.", a=p[top_in[0]], b=p[top_in[1]],
                     c=p[f"b[{hid[0]}]"])),
            Beat((FadeIn(hidden_eqs[0][1]), FadeIn(hidden_shown[0])), t.write, t.pause,
                 say("That sum is {s}. It is above zero, so ReLU keeps it: the top node "
                     "outputs {s}.", s=hval[0])),
            Beat((_replace(VGroup(*hidden_eqs[0]), hidden_eqs[1][0]),
                  *net.focus(*bot_in, f"b[{hid[1]}]", hid[1])),
                 t.write, t.pause,
                 say("The bottom node uses its own weights, {a} and {b}, and its bias {c}.",
                     a=p[bot_in[0]], b=p[bot_in[1]], c=p[f"b[{hid[1]}]"])),
            Beat((FadeIn(hidden_eqs[1][1]), FadeIn(hidden_shown[1])), t.write, t.pause,
                 say("Its sum is {s}, also above zero, so it outputs {s}.", s=hval[1])),
            Beat((_replace(VGroup(*hidden_eqs[1]), out_eqs[0][0]), *net.focus(*path(outs[0]))),
                 t.write,
                 t.pause,
                 say("Setosa's output multiplies the top node's {h1} by {w1} and the bottom "
                     "node's {h2} by {w2}, then adds its bias, {b}.", h1=hval[0], h2=hval[1],
                     w1=p[f"w[{hid[0]}->{outs[0]}]"], w2=p[f"w[{hid[1]}->{outs[0]}]"],
                     b=p[f"b[{outs[0]}]"])),
            Beat((FadeIn(out_eqs[0][1]), FadeIn(outputs_shown[0])), t.write, t.pause,
                 say("That is {a} plus {b}, so Setosa's raw output is {r}.",
                     a=fw.scaled[row, 0, 0], b=fw.scaled[row, 0, 1], r=fw.raw[row, 0])),
            Beat((_replace(VGroup(*out_eqs[0]), VGroup(*out_eqs[1])), *net.focus(*path(outs[1])),
                  FadeIn(outputs_shown[1])), t.write, t.pause,
                 say("Versicolor does the same with its weights, {w1} and {w2}: its raw output "
                     "is {r}.", w1=p[f"w[{hid[0]}->{outs[1]}]"], w2=p[f"w[{hid[1]}->{outs[1]}]"],
                     r=fw.raw[row, 1])),
            Beat((_replace(VGroup(*out_eqs[1]), VGroup(*out_eqs[2])), *net.focus(*path(outs[2])),
                  FadeIn(outputs_shown[2])), t.write, t.pause,
                 say("Virginica's weights are {w1} and {w2}, and its bias is {b}: its raw output "
                     "is {r}.", w1=p[f"w[{hid[0]}->{outs[2]}]"], w2=p[f"w[{hid[1]}->{outs[2]}]"],
                     b=p[f"b[{outs[2]}]"], r=fw.raw[row, 2])),
            Beat((_replace(VGroup(*out_eqs[2]), verdict), *net.reset(),
                  Indicate(net.nodes[outs[winner]], color=PALETTE.callout, scale_factor=1.3)),
                 t.write, t.pause,
                 say("For this flower, Versicolor's raw output, {r}, is the highest.",
                     r=fw.raw[row, winner])),
        ]
        shown = [inputs_shown, *hidden_shown, *outputs_shown]
        for other in [r for r in range(len(trace.inputs)) if r != row]:
            y = trace.inputs[other]
            new = [VGroup(*[in_node(fmt_input(v), n) for v, n in zip(y, ins)]),
                   *[in_node(fmt(v), h) for v, h in zip(fw.hidden[other], hid)],
                   *[in_node(fmt(fw.raw[other, k]), o) for k, o in enumerate(outs)]]
            best = int(fw.choice[other])
            new_verdict = label(f"Highest raw output: {outs[best].capitalize()}", size=SIZES.label,
                                color=PALETTE.text).move_to(bottom)
            changes = [a for old, fresh in zip(shown, new) for a in swap(old, fresh)]
            beats.append(Beat((*changes, _replace(verdict, new_verdict)), t.move, t.pause,
                              say("Petal width {p} and sepal width {s} give {a}, {b} and {c}: "
                                  f"the highest is {outs[best].capitalize()}'s.", p=plain(y[0]),
                                  s=plain(y[1]), a=fw.raw[other, 0], b=fw.raw[other, 1],
                                  c=fw.raw[other, 2])))
            shown, verdict = new, new_verdict
        beats.append(Beat((Indicate(verdict, color=PALETTE.callout),), t.write, t.pause,
                          say("So each flower gets three raw outputs, and the highest names a "
                              "species. Next, each node's output for every petal and sepal "
                              "width.")))
        play_beats(self, beats)


# ---------------------------------------------------------------- surfaces over the square

#: the species' colours (PALETTE.species) in words, for the narration
SPECIES_WORDS = ("purple", "teal", "pink")
#: where the camera rests for the whole of a 3-D scene (it never turns)
CAMERA = dict(phi=60 * DEGREES, theta=-62 * DEGREES, zoom=1.0)
#: the square is cut into CELLS x CELLS faces, and again along each crease
CELLS = 5


def _fixed(scene: ThreeDScene, *mobjects):
    """Register ``mobjects`` as drawn flat on the frame (texts face the viewer), without
    adding them: a beat fades them in."""
    scene.renderer.camera.add_fixed_in_frame_mobjects(*mobjects)
    return mobjects[0] if len(mobjects) == 1 else mobjects


def _on_frame(scene: ThreeDScene, point) -> np.ndarray:
    """Where the resting camera shows the 3-D ``point`` on the frame."""
    return scene.renderer.camera.project_point(np.asarray(point, dtype=float))


class _Stage:
    """Petal and sepal width on the floor, an output up, the camera at rest, and every
    axis number and name written flat on the frame beside the axis it belongs to."""

    def __init__(self, scene: ThreeDScene, trace, z_range, z_name: str):
        scene.set_camera_orientation(**CAMERA)
        scene.renderer.camera.reset_rotation_matrix()  # projections below use the resting view
        self.scene = scene
        self.axes = axes = input_axes(z_range, width=5.4, depth=5.0, height=3.6)
        axes.shift(RIGHT * 0.9 + DOWN * 0.6 - axes.c2p(0.5, 0.5, 0))
        # the floor's right edge, so the sepal numbers sit on a line
        self.floor = Line(axes.c2p(1, 0, 0), axes.c2p(1, 1, 0), color=PALETTE.axis,
                          stroke_width=SIZES.thin * 0.6)
        ins = _names(trace)[0]
        at = lambda x, y, z: _on_frame(scene, axes.c2p(x, y, z))  # noqa: E731
        texts = []
        for v in (0.0, 0.5, 1.0):
            texts.append(self._tick(fmt_input(v), at(v, 0, 0) + DOWN * 0.3))
            if v:
                texts.append(self._tick(fmt_input(v), at(1, v, 0) + RIGHT * 0.35))
        lo, hi, step = z_range
        for z in np.arange(lo, hi + step / 2, step):
            if z:
                texts.append(self._tick(fmt_input(z), at(0, 0, z) + LEFT * 0.3))
        texts.append(label(f"{ins[0].capitalize()} width", size=SIZES.small)
                     .move_to(at(0.5, 0, 0) + DOWN * 0.85))
        sepal = label(f"{ins[1].capitalize()} width", size=SIZES.small)
        sepal.move_to(at(1, 0.5, 0)).shift(RIGHT * (sepal.width / 2 + 0.75))
        texts.append(sepal)
        texts.append(label(z_name, size=SIZES.small).next_to(at(0, 0, hi), UP, buff=0.2))
        self.texts = VGroup(*texts)
        _fixed(scene, self.texts)

    @staticmethod
    def _tick(text: str, where) -> VMobject:
        tick = label(text, size=SIZES.tick).move_to(where)
        tick.is_tick = True  # an axis number, not a trace value
        return tick

    def show(self) -> tuple:
        return Create(self.axes), Create(self.floor), FadeIn(self.texts)

    def point(self, x, y, z) -> np.ndarray:
        return _on_frame(self.scene, self.axes.c2p(x, y, z))

    def line(self, points: np.ndarray, heights: np.ndarray, colour: str = PALETTE.callout) -> VMobject:
        """A bold line through input points (m, 2) at ``heights`` (drawn over the surface)."""
        line = VMobject(stroke_color=colour, stroke_width=SIZES.curve)
        line.set_points_as_corners([self.axes.c2p(x, y, z) for (x, y), z in zip(points, heights)])
        return line

    def marker(self, x, y, z, text: str, side=RIGHT) -> VGroup:
        """A dot on the frame where (x, y, z) is seen, with ``text`` beside it."""
        dot = Dot(self.point(x, y, z), radius=SIZES.dot, color=PALETTE.text)
        words = label(text, size=SIZES.small)
        words.next_to(dot, side, buff=0.15)
        back = BackgroundRectangle(words, color=PALETTE.background, fill_opacity=0.85, buff=0.05)
        return _fixed(self.scene, VGroup(dot, back, words))


def _caption(scene: ThreeDScene, *lines: str) -> VGroup:
    """Lines of text at the frame's top left, flat on the frame."""
    text = VGroup(*[label(s, size=SIZES.small) for s in lines]).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
    text.to_corner(UP + LEFT, buff=0.35)
    return _fixed(scene, text)


def _solid(axes, pieces, height, colour) -> VGroup:
    """A surface with walls down to the floor along its front and right edges."""
    return VGroup(piece_surface(axes, pieces, height, colour),
                  edge_walls(axes, pieces, height, colour))


def _z_range(*values) -> tuple[int, int, int]:
    """Whole-number height axis (lo, hi, 1) covering 0 and every value drawn, with room below."""
    lo = min(0.0, *(float(np.min(v)) for v in values))
    hi = max(float(np.max(v)) for v in values)
    return int(np.floor(lo)) - (1 if lo == np.floor(lo) else 0), int(np.ceil(hi)), 1


def _crease_of(trace, j: int):
    """Hidden node j's sum before ReLU at input points: its crease is where it is 0."""
    return lambda pts: trace.forward(pts).hidden_sums[:, j]


class HiddenNodeSurfaces(ThreeDScene):
    """Each hidden node's ReLU output as a bent surface over petal and sepal width, its
    crease drawn; scaled by its weight into Setosa; the two added with Setosa's bias."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        ins, hid, outs = _names(trace)
        p = trace.final()
        grid = trace.forward(trace.grid_inputs())
        stage = _Stage(self, trace, _z_range(grid.hidden, grid.scaled[..., 0, :], grid.raw[..., 0]),
                       "output")
        creases = [_crease_of(trace, j) for j in range(len(hid))]
        pieces = crease_pieces(creases, CELLS)
        colours = (PALETTE.top, PALETTE.bottom)
        lines = [crease_points(c) for c in creases]
        beats = [Beat(stage.show(), t.draw, t.short_pause,
                      say("With one input, a ReLU node gave a bent line. With two inputs, petal "
                          "width and sepal width, it gives a bent surface over this square."))]
        surface = None
        for j, h in enumerate(hid):
            node = _solid(stage.axes, pieces, lambda pts, j=j: trace.forward(pts).hidden[:, j],
                                 colours[j])
            sums = " ".join([fmt(p[f"w[{ins[0]}->{h}]"]), f"\u00d7 {ins[0]}",
                             fmt_signed(p[f"w[{ins[1]}->{h}]"]), f"\u00d7 {ins[1]}",
                             fmt_signed(p[f"b[{h}]"])])
            text = _caption(self, f"{h.capitalize()} node: ReLU({sums})")
            crease = stage.line(lines[j], np.zeros(len(lines[j])))
            crease_words = _fixed(self, label("crease: the sum is 0", size=SIZES.small,
                                              color=PALETTE.callout))
            crease_words.next_to(stage.point(*lines[j][-1], 0), UP, buff=0.2)
            weight = p[f"w[{h}->{outs[0]}]"]
            scaled = _solid(stage.axes, pieces,
                                   lambda pts, j=j: trace.forward(pts).scaled[:, 0, j], colours[j])
            times = _caption(self, f"{h.capitalize()} node \u00d7 {fmt(weight)}, its weight into "
                             f"{outs[0].capitalize()}")
            flat_side = "large" if p[f"w[{ins[0]}->{h}]"] < 0 else "small"
            arrive = ((Succession(FadeOut(surface), FadeIn(node)), *swap(last_text, text))
                      if surface is not None else (FadeIn(node), FadeIn(text)))
            change = ("flips upside down and " if weight < 0 else "") + (
                "shrinks" if abs(weight) < 1 else "stretches")
            beats += [
                Beat(arrive, t.draw, t.short_pause,
                     say(f"The {h} node's output for every petal and sepal width makes this "
                         f"{('blue', 'orange')[j]} surface: its height is what the node gives "
                         "for those two widths.")),
                Beat((Create(crease), FadeIn(crease_words)), t.write, t.pause,
                     say(f"Where the petal width is {flat_side}, the sum inside ReLU is below "
                         "zero, so the output is zero: the flat part. The red line, where the "
                         "sum is zero, is the crease.") if j == 0 else
                     say(f"Its sum also drops below zero where the petal width is {flat_side}, "
                         "but its own weights put its crease, the red line, in a different "
                         "place.")),
                Beat((FadeOut(crease), FadeOut(crease_words), *swap(text, times),
                      Transform(node, scaled)), t.move, t.pause,
                     say("On its way to {name}, it is multiplied by {w}: the surface "
                         f"{change}.".replace("{name}", outs[0].capitalize()), w=weight)),
            ]
            surface, last_text = node, times
        setosa = _solid(stage.axes, pieces, lambda pts: trace.forward(pts).raw[:, 0],
                               PALETTE.species[0])
        added = _solid(stage.axes, pieces, lambda pts: trace.forward(pts).raw[:, 0],
                              colours[-1])
        total = _caption(self, f"{outs[0].capitalize()} = top \u00d7 {fmt(p[f'w[{hid[0]}->{outs[0]}]'])}"
                         f" + bottom \u00d7 {fmt(p[f'w[{hid[1]}->{outs[0]}]'])}"
                         f" {fmt_signed(p[f'b[{outs[0]}]'])}")
        both = VGroup(*[stage.line(pts, trace.forward(pts).raw[:, 0]) for pts in lines])
        parts = np.abs(grid.scaled[..., 0, :]).max(axis=(0, 1))
        small_part = (" The top node's part is so small that the shape barely changes."
                      if parts[0] < 0.25 * parts[1] else "")
        x = trace.inputs[TRACED]
        raw = trace.forward().raw[TRACED, 0]
        mark = stage.marker(x[0], x[1], raw, f"petal {fmt_input(x[0])}, sepal {fmt_input(x[1])}: {fmt(raw)}",
                            side=UP)
        beats += [
            Beat((*swap(last_text, total), Transform(surface, added)), t.move, t.pause,
                 say("Adding the top node's scaled surface and {name}'s bias, {b}, to this one "
                     "gives {name}'s raw output for every petal and sepal width.".replace(
                         "{name}", outs[0].capitalize()) + small_part,
                     b=p[f"b[{outs[0]}]"])),
            Beat((Succession(FadeOut(surface), FadeIn(setosa)), Create(both)), t.draw, t.pause,
                 say(f"Here it is in {outs[0].capitalize()}'s colour, bent along both creases, "
                     "one from each hidden node.")),
            Beat((FadeIn(mark),), t.write, t.pause,
                 say("Above petal width {p} and sepal width {s}, its height is {r}: the raw "
                     "output we worked out for that flower.", p=plain(x[0]), s=plain(x[1]), r=raw)),
        ]
        play_beats(self, beats)


class ThreeOutputSurfaces(ThreeDScene):
    """Each species' raw output surface, one at a time, read above one flower; then, seen
    from above, the square coloured by the species whose surface is highest."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        ins, hid, outs = _names(trace)
        z_range = _z_range(trace.forward(trace.grid_inputs()).raw)
        stage = _Stage(self, trace, z_range, "raw output")
        pieces = crease_pieces([_crease_of(trace, j) for j in range(len(hid))], CELLS)
        worked = trace.forward()
        x = trace.inputs[TRACED]
        raw = worked.raw[TRACED]
        pole = Line(stage.axes.c2p(x[0], x[1], z_range[0]), stage.axes.c2p(x[0], x[1], z_range[1]),
                    color=PALETTE.text, stroke_width=SIZES.thin)
        readings = VGroup(*[label(f"{o.capitalize()}: {fmt(v)}", size=SIZES.small)
                            for o, v in zip(outs, raw)]).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        head = label(f"petal {fmt_input(x[0])}, sepal {fmt_input(x[1])}", size=SIZES.small)
        panel = VGroup(head, readings).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        panel.to_corner(UP + RIGHT, buff=0.4)
        _fixed(self, panel)
        beats = [Beat(stage.show(), t.draw, t.short_pause,
                      say("Each species' raw output is built the same way, so each species gets "
                          "its own bent surface. Here they are, one at a time."))]
        surface, mark = None, None
        for k, (o, colour) in enumerate(zip(outs, PALETTE.species)):
            new = _solid(stage.axes, pieces, lambda pts, k=k: trace.forward(pts).raw[:, k], colour)
            name = _caption(self, f"{o.capitalize()}'s raw output")
            new_mark = stage.marker(x[0], x[1], raw[k], fmt(raw[k]))
            arrive = ((Succession(FadeOut(VGroup(surface, mark)), FadeIn(VGroup(new, new_mark))),
                       *swap(last_name, name)) if surface
                      else (Create(pole), FadeIn(head), FadeIn(new), FadeIn(name), FadeIn(new_mark)))
            text = ("{name}'s surface is at {r} above our flower, petal width {p} and sepal width {s}."
                    if k == 0 else "{name}'s surface, in " + SPECIES_WORDS[k] + ", is at {r} above "
                    "the same flower.").replace("{name}", o.capitalize())
            extra = dict(p=plain(x[0]), s=plain(x[1])) if k == 0 else {}
            beats.append(Beat((*arrive, FadeIn(readings[k])),
                              t.draw, t.pause * 2, say(text, r=raw[k], **extra)))
            surface, mark, last_name = new, new_mark, name
        best = int(worked.choice[TRACED])
        box = _fixed(self, SurroundingRectangle(readings[best], color=PALETTE.callout, buff=0.08))
        beats.append(Beat((Create(box),), t.write, t.pause,
                          say(f"{outs[best].capitalize()}'s, {{r}}, is the highest, so for this "
                              f"flower the network says {outs[best].capitalize()}.", r=raw[best])))
        # seen from above: a flat map of which surface is highest
        regions = winner_regions(pieces, lambda pts: trace.forward(pts).raw)
        plane = plot_axes((0, 1, 0.5), (0, 1, 0.5), 4.6, 4.6, x_label=f"{ins[0].capitalize()} width",
                          y_label=f"{ins[1].capitalize()} width", x_ticks=[0, 0.5, 1], y_ticks=[0.5, 1])
        plane.move_to([0.2, -0.3, 0])
        shapes = region_shapes(plane, regions, PALETTE.species)
        names = VGroup(*[VGroup(Square(0.32, fill_color=c, fill_opacity=1, stroke_width=0),
                                label(o.capitalize(), size=SIZES.small)).arrange(RIGHT, buff=0.15)
                         for o, c in zip(outs, PALETTE.species)]).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        names.next_to(plane, RIGHT, buff=0.6)
        flowers = VGroup(*[Dot(plane.c2p(a, b), radius=SIZES.dot * 1.1, color=PALETTE.text)
                           for a, b in trace.inputs])
        flat = VGroup(shapes, plane, names, flowers)
        _fixed(self, flat)
        where = _caption(self, "From above: the species", "whose surface is highest")
        next_up = _fixed(self, label("Next: ArgMax and SoftMax", size=SIZES.label))
        next_up.to_corner(DOWN + LEFT, buff=0.4)
        beats += [
            Beat((FadeOut(surface), FadeOut(mark), FadeOut(last_name), FadeOut(pole),  # no turn
                  FadeOut(stage.axes), FadeOut(stage.floor), FadeOut(stage.texts), FadeOut(panel),
                  FadeOut(box)),
                 t.short_pause, 0.0, SILENT),
            Beat((FadeIn(shapes), Create(plane), FadeIn(names), FadeIn(where)), t.draw, t.pause,
                 say("Seen from above, each petal and sepal width is coloured by the species "
                     "whose surface is highest there. The borders are where two surfaces are "
                     "equally high.")),
            Beat(tuple(FadeIn(d, scale=3) for d in flowers),
                 t.write, t.pause,
                 say("Our three flowers land in " + ", ".join(
                     f"{outs[c].capitalize()}'s" for c in worked.choice[:-1]) +
                     f" and {outs[worked.choice[-1]].capitalize()}'s parts, as their highest raw "
                     "outputs said.")),
            Beat((FadeIn(next_up),), t.write, t.pause,
                 say("Raw outputs are not yet probabilities. Next, ArgMax and SoftMax turn them "
                     "into a choice and into probabilities.")),
        ]
        play_beats(self, beats)
