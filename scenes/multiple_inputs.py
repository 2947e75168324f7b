"""Chapter: multiple inputs and outputs (preset ``iris``). Petal and sepal width (measured,
then scaled to 0..1) go into two ReLU nodes and come out as three raw outputs, one per Iris
species. One flower is worked through every multiplication and addition; with two inputs
each node's output is a bent surface over the petal/sepal square, creased where its sum is
0; each species gets its own surface, and the highest one names the species.

    manim -pql scenes/multiple_inputs.py IrisNetwork
"""

from __future__ import annotations

import numpy as np
from manim import (DEGREES, Animation, AnimationGroup, BackgroundRectangle, Circle, Create, DashedVMobject,
                   ReplacementTransform, Dot, FadeIn, FadeOut, Indicate, Line, Scene, Square, Succession,
                   SurroundingRectangle, ThreeDScene, Transform, VGroup, VMobject, Write, DOWN, LEFT, RIGHT, UP)

import nnmath
from scenes.common.beats import Beat, Shows, play_beats
from scenes.common.dense_diagram import DenseDiagram
from scenes.common.narration import SILENT, Value, plain, say
from scenes.common.numbers import (agreeing_places, fmt, fmt_input, fmt_signed, written_product_is,
                                   written_sum_is)
from scenes.common.param_names import bias_name, weight_name
from scenes.common.style import PALETTE, SIZES
from scenes.common.surfaces import (crease_pieces, crease_points, edge_walls, floor_grid,
                                    input_axes, piece_surface, winner_regions)
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
        return all(written_product_is(fmt(fw.scaled[row, k, j]), fmt(p[weight_name(trace, h, o)]),
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
    bias = fmt(p[bias_name(trace, o)])
    result = fmt(fw.raw[row, k])
    sums = " ".join([products[0], *[fmt_signed(float(x)) for x in products[1:]], fmt_signed(p[bias_name(trace, o)])])
    rel = "=" if written_sum_is(result, *products, bias) else r"\approx"
    return (_terms([p[weight_name(trace, h, o)] for h in hid], hv) + f" {fmt_signed(p[bias_name(trace, o)])}",
            f"= {sums} {rel} {result}")


def _replace(old, new) -> Succession:
    """``old`` fades out, then ``new`` fades in where it was (no two texts on one spot)."""
    return Succession(FadeOut(old), FadeIn(new))


class IrisNetwork(Scene):
    """The two-input, three-output network, one flower worked through every multiplication
    and addition with its path highlighted, then two more flowers briefly."""

    shows = Shows(PRESET, step=None)

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
        net = DenseDiagram(p, trace.model().layout(), width=9.3, height=3.8, size=SIZES.small,
                           radius=0.6, out_where=0.8, in_where=0.22, output_bias_apart=True,
                           input_names=[f"{i.capitalize()}\nwidth" for i in ins])
        net.output_names.set_color(PALETTE.text)
        net.move_to([0, 0.22, 0])
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

        top_in = [weight_name(trace, i, hid[0]) for i in ins]
        bot_in = [weight_name(trace, i, hid[1]) for i in ins]
        hidden_eqs = [(eq(_terms([p[weight_name(trace, i, h)] for i in ins], [fmt_input(v) for v in x])
                          + f" {fmt_signed(p[bias_name(trace, h)])}"),
                       eq(f"= {fmt(fw.hidden_sums[row, j], places)} \\qquad \\mathrm{{ReLU}}("
                          f"{fmt(fw.hidden_sums[row, j], places)}) = {hv[j]}", 1))
                      for j, h in enumerate(hid)]
        out_eqs = [tuple(eq(tex, line) for line, tex in enumerate(_output_sum(trace, fw, row, k, hv)))
                   for k in range(len(outs))]

        def path(node):
            froms = ins if node in hid else hid
            return [weight_name(trace, f, node) for f in froms] + [bias_name(trace, node), node]

        hval = [Value(float(v), lambda v: fmt(v, places)) for v in fw.hidden[row]]
        winner = int(fw.choice[row])

        def ring_at(node):
            """The winning output's node, ringed until the next flower."""
            return Circle(radius=0.6, color=PALETTE.callout, stroke_width=SIZES.highlight).move_to(net.nodes[node])
        ring = ring_at(outs[winner])
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
            Beat((*net.focus(*top_in, bias_name(trace, hid[0]), hid[0]), FadeIn(hidden_eqs[0][0])), t.write, t.pause,
                 say("The top node multiplies the petal width by {a} and the sepal width by "
                     "{b}, and adds its bias, {c}.", a=p[top_in[0]], b=p[top_in[1]],
                     c=p[bias_name(trace, hid[0])])),
            Beat((FadeIn(hidden_eqs[0][1]), FadeIn(hidden_shown[0])), t.write, t.pause,
                 say("That sum is {s}. It is above zero, so ReLU keeps it: the top node "
                     "outputs {s}.", s=hval[0])),
            Beat((_replace(VGroup(*hidden_eqs[0]), hidden_eqs[1][0]),
                  *net.focus(*bot_in, bias_name(trace, hid[1]), hid[1])),
                 t.write, t.pause,
                 say("The bottom node uses its own weights, {a} and {b}, and its bias {c}.",
                     a=p[bot_in[0]], b=p[bot_in[1]], c=p[bias_name(trace, hid[1])])),
            Beat((FadeIn(hidden_eqs[1][1]), FadeIn(hidden_shown[1])), t.write, t.pause,
                 say("Its sum is {s}, also above zero, so it outputs {s}.", s=hval[1])),
            Beat((_replace(VGroup(*hidden_eqs[1]), out_eqs[0][0]), *net.focus(*path(outs[0]))),
                 t.write,
                 t.pause,
                 say("Setosa's output multiplies the top node's {h1} by {w1} and the bottom "
                     "node's {h2} by {w2}, then adds its bias, {b}.", h1=hval[0], h2=hval[1],
                     w1=p[weight_name(trace, hid[0], outs[0])], w2=p[weight_name(trace, hid[1], outs[0])],
                     b=p[bias_name(trace, outs[0])])),
            Beat((FadeIn(out_eqs[0][1]), FadeIn(outputs_shown[0])), t.write, t.pause,
                 say("That is {a} plus {b}, so Setosa's raw output is {r}.",
                     a=fw.scaled[row, 0, 0], b=fw.scaled[row, 0, 1], r=fw.raw[row, 0])),
            Beat((_replace(VGroup(*out_eqs[0]), VGroup(*out_eqs[1])), *net.focus(*path(outs[1])),
                  FadeIn(outputs_shown[1])), t.write, t.pause,
                 say("Versicolor does the same with its weights, {w1} and {w2}: its raw output "
                     "is {r}.", w1=p[weight_name(trace, hid[0], outs[1])], w2=p[weight_name(trace, hid[1], outs[1])],
                     r=fw.raw[row, 1])),
            Beat((_replace(VGroup(*out_eqs[1]), VGroup(*out_eqs[2])), *net.focus(*path(outs[2])),
                  FadeIn(outputs_shown[2])), t.write, t.pause,
                 say("Virginica's weights are {w1} and {w2}, and its bias is {b}: its raw output "
                     "is {r}.", w1=p[weight_name(trace, hid[0], outs[2])], w2=p[weight_name(trace, hid[1], outs[2])],
                     b=p[bias_name(trace, outs[2])], r=fw.raw[row, 2])),
            Beat((_replace(VGroup(*out_eqs[2]), verdict), *net.reset(), Create(ring)),
                 t.write, t.pause,
                 say("For this flower, Versicolor's raw output, {r}, is the highest.",
                     r=fw.raw[row, winner])),
        ]
        shown = [inputs_shown, *hidden_shown, *outputs_shown]
        flowers, rows, _ = _flowers(trace)
        for n, y in enumerate(flowers[1:]):
            other = trace.forward(y[None, :])  # nnmath's forward pass for this flower
            new = [VGroup(*[in_node(fmt_input(v), i) for v, i in zip(y, ins)]),
                   *[in_node(fmt(v), h) for v, h in zip(other.hidden[0], hid)],
                   *[in_node(fmt(other.raw[0, k]), o) for k, o in enumerate(outs)]]
            best = int(other.choice[0])
            new_verdict = label(f"Highest raw output: {outs[best].capitalize()}", size=SIZES.label,
                                color=PALETTE.text).move_to(bottom)
            new_ring = ring_at(outs[best])
            # layer by layer, left to right, each old number gone before its new one comes
            layers = [(0,), tuple(range(1, 1 + len(hid))), tuple(range(1 + len(hid), len(new)))]
            flow = Succession(*[_replace(VGroup(*[shown[i] for i in layer]), VGroup(*[new[i] for i in layer]))
                                for layer in layers],
                              _replace(VGroup(verdict, ring), VGroup(new_verdict, new_ring)))
            lead = ("The same steps, now with another flower, from the inputs to the outputs: "
                    "petal width {p} and sepal width {s}. " if n == 0 else
                    "And petal width {p} with sepal width {s}. ")
            beats.append(Beat((flow,), t.move * 3, t.pause,
                              say(lead + "The three outputs are {a}, {b} and {c}: the highest is "
                                  f"{outs[best].capitalize()}'s.", p=plain(y[0]),
                                  s=plain(y[1]), a=other.raw[0, 0], b=other.raw[0, 1],
                                  c=other.raw[0, 2])))
            shown, verdict, ring = new, new_verdict, new_ring
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
        # the square on the floor, with a faint grid to read where a point stands
        self.floor = floor_grid(axes)
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
        # the same heights again at the back corner, where perspective makes them look taller
        self.back = VGroup(Line(at(0, 1, lo), at(0, 1, hi), color=PALETTE.axis, stroke_width=SIZES.thin))
        for z in np.arange(lo, hi + step / 2, step):
            self.back.add(Line(at(0, 1, z) + LEFT * 0.08, at(0, 1, z) + RIGHT * 0.08,
                               color=PALETTE.axis, stroke_width=SIZES.thin))
            if z < hi:  # the top one would run into the title
                texts.append(self._tick(fmt_input(z), at(0, 1, z) + LEFT * 0.3))
        self.texts = VGroup(*texts)
        _fixed(scene, self.texts, self.back)
        self.z_range = (lo, hi)

    @staticmethod
    def _tick(text: str, where) -> VMobject:
        tick = label(text, size=SIZES.tick).move_to(where)
        tick.is_tick = True  # an axis number, not a trace value
        return tick

    def show(self) -> tuple:
        return Create(self.axes), Create(self.floor), FadeIn(self.texts), Create(self.back)

    def flower(self, x, y, text: str, side=LEFT) -> VGroup:
        """A flower on the floor: a ring where it stands, a pole through every height above
        and below it (drawn over the surfaces), and ``text`` beside its foot."""
        lo, hi = self.z_range
        pole = Line(self.point(x, y, lo), self.point(x, y, hi), color=PALETTE.text,
                    stroke_width=SIZES.thin, stroke_opacity=0.8)
        foot = Circle(radius=0.11, color=PALETTE.text, stroke_width=SIZES.thin * 1.5,
                      fill_color=PALETTE.background, fill_opacity=0.6).move_to(self.point(x, y, 0))
        words = label(text, size=SIZES.small)
        words.next_to(foot, side, buff=0.1)
        back = BackgroundRectangle(words, color=PALETTE.background, fill_opacity=0.85, buff=0.05)
        return _fixed(self.scene, VGroup(pole, foot, back, words))

    def point(self, x, y, z) -> np.ndarray:
        return _on_frame(self.scene, self.axes.c2p(x, y, z))

    def line(self, points: np.ndarray, heights: np.ndarray, colour: str = PALETTE.callout) -> VMobject:
        """A bold line through input points (m, 2) at ``heights`` (drawn over the surface)."""
        line = VMobject(stroke_color=colour, stroke_width=SIZES.curve)
        line.set_points_as_corners([self.axes.c2p(x, y, z) for (x, y), z in zip(points, heights)])
        return line

    def marker(self, x, y, z, text: str, side=RIGHT, colour: str = PALETTE.text) -> VGroup:
        """A dot on the frame where (x, y, z) is seen, with ``text`` beside it."""
        dot = Dot(self.point(x, y, z), radius=SIZES.dot, color=colour)
        words = label(text, size=SIZES.small)
        words.next_to(dot, side, buff=0.15)
        back = BackgroundRectangle(words, color=PALETTE.background, fill_opacity=0.85, buff=0.05)
        return _fixed(self.scene, VGroup(dot, back, words))


def _kept_on_top(beats, *mobjects) -> list:
    """``beats`` with ``mobjects`` carried along (unchanged) in each one that does not
    animate them already: a 3-D scene draws what moves over what stands still, and these
    marks must stay over the surfaces while a surface moves."""
    carried = []
    for beat in beats:
        moving = {id(a.mobject) for a in beat.animations if hasattr(a, "mobject")}
        extra = [Animation(m) for m in mobjects if id(m) not in moving]
        carried.append(Beat((*beat.animations, *extra), beat.run_time, beat.pause, beat.say))
    return carried


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


def _heights(grid) -> tuple[int, int, int]:
    """One output axis for both surface scenes: every hidden value, scaled value and raw
    output of ``grid`` (the trace's forward pass over its square grid) fits on it."""
    return _z_range(grid.hidden, grid.scaled[..., 0, :], grid.raw)


#: a wide-petal flower for the quick examples, (petal, sepal) scaled to 0..1
WIDE_PETAL = np.array([[1.0, 0.5]])


def _flowers(trace):
    """Every flower of the chapter in the order it is introduced (the worked one first, the
    others of the trace, then the wide-petal one): inputs (m, 2), their trace rows (None for
    the wide-petal one) and the species each is given."""
    rows = [TRACED, *[r for r in range(len(trace.inputs)) if r != TRACED]]
    inputs = np.vstack([trace.inputs[rows], WIDE_PETAL])
    choice = [int(c) for c in trace.forward(inputs).choice]
    return inputs, rows + [None], choice


def extra_values() -> np.ndarray:
    """The wide-petal flower's inputs and its forward pass (nnmath), for the guards."""
    fw = nnmath.build(PRESET).forward(WIDE_PETAL)
    return np.concatenate([WIDE_PETAL.ravel(), fw.hidden_sums.ravel(), fw.hidden.ravel(),
                           fw.scaled.ravel(), fw.raw.ravel()])


def _crease_of(trace, j: int):
    """Hidden node j's sum before ReLU at input points: its crease is where it is 0."""
    return lambda pts: trace.forward(pts).hidden_sums[:, j]


class HiddenNodeSurfaces(ThreeDScene):
    """Each hidden node's ReLU output as a bent surface over petal and sepal width, its
    crease drawn; scaled by its weight into Setosa; the two added with Setosa's bias."""

    shows = Shows(PRESET, step=None, values=extra_values)

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        ins, hid, outs = _names(trace)
        p = trace.final()
        grid = trace.forward(trace.grid_inputs())
        stage = _Stage(self, trace, _heights(grid), "output")
        creases = [_crease_of(trace, j) for j in range(len(hid))]
        pieces = crease_pieces(creases, CELLS)
        colours = (PALETTE.top, PALETTE.bottom)
        lines = [crease_points(c) for c in creases]
        worked = trace.forward()
        x = trace.inputs[TRACED]
        ours = stage.flower(x[0], x[1], f"petal {fmt_input(x[0])}, sepal {fmt_input(x[1])}")
        beats = [Beat((*stage.show(), FadeIn(ours)), t.draw, t.short_pause,
                      say("With one input, a ReLU node gave a bent line. With two inputs, petal "
                          "width {p} and sepal width {s} mark one point on this square: our "
                          "flower, with a pole to read heights above it.",
                          p=plain(x[0]), s=plain(x[1])))]
        surface, dashes, last_text = None, [], None
        places = _hidden_places(trace, worked, TRACED)
        for j, h in enumerate(hid):
            node = _solid(stage.axes, pieces, lambda pts, j=j: trace.forward(pts).hidden[:, j],
                          colours[j])
            sums = " ".join([fmt(p[weight_name(trace, ins[0], h)]), f"\u00d7 {ins[0]}",
                             fmt_signed(p[weight_name(trace, ins[1], h)]), f"\u00d7 {ins[1]}",
                             fmt_signed(p[bias_name(trace, h)])])
            text = _caption(self, f"{h.capitalize()} node: ReLU({sums})")
            crease = stage.line(lines[j], np.zeros(len(lines[j])))
            dashed = DashedVMobject(stage.line(lines[j], np.zeros(len(lines[j])), colours[j]),
                                    num_dashes=14)
            words = label("crease: the sum is 0", size=SIZES.small, color=PALETTE.callout)
            words.next_to(stage.point(*lines[j][-1], 0), UP, buff=0.2)
            crease_words = _fixed(self, VGroup(BackgroundRectangle(words, color=PALETTE.background,
                                                                   fill_opacity=0.85, buff=0.05), words))
            # the flat part: around the corner where the node's sum is lowest
            sums_at = grid.hidden_sums[..., j].ravel()
            low = trace.grid_inputs().reshape(-1, 2)[int(np.argmin(sums_at))]
            flat_at = 0.75 * low + 0.25 * np.array([0.5, 0.5])
            flat_words = stage.marker(*flat_at, 0, "flat: output 0", side=RIGHT)
            value = worked.hidden[TRACED, j]
            here = stage.marker(x[0], x[1], value, fmt(value, places), side=RIGHT)
            weight = p[weight_name(trace, h, outs[0])]
            scaled = _solid(stage.axes, pieces,
                            lambda pts, j=j: trace.forward(pts).scaled[:, 0, j], colours[j])
            times = _caption(self, f"{h.capitalize()} node \u00d7 {fmt(weight)}, its weight into "
                             f"{outs[0].capitalize()}")
            flat_side = "large" if p[weight_name(trace, ins[0], h)] < 0 else "small"
            arrive = ((Succession(FadeOut(surface), FadeIn(node)), *swap(last_text, text))
                      if surface is not None else (FadeIn(node), FadeIn(text)))
            change = "shrinks" if abs(weight) < 1 else "stretches"
            if weight < 0:  # first the sign turns it upside down, then its size changes it
                flipped = _solid(stage.axes, pieces,
                                 lambda pts, j=j: -trace.forward(pts).hidden[:, j], colours[j])
                ghost = piece_surface(stage.axes, pieces,
                                      lambda pts, j=j: trace.forward(pts).hidden[:, j], colours[j],
                                      opacity=0.3)
                sign = _caption(self, f"{h.capitalize()} node: the minus sign of {fmt(weight)} flips it")
                scale = AnimationGroup(FadeIn(ghost, run_time=0.6),
                                       Transform(node, flipped, run_time=2.5), lag_ratio=0.2)
                scale_say = say("On its way to {name}, it is multiplied by {w}. First the minus "
                                "sign flips it upside down, below the floor: the faint surface "
                                "is where it was. Its crease stays, now dashed blue.".replace(
                                    "{name}", outs[0].capitalize()), w=weight)
                flip_title, times = times, sign
                then = [Beat((FadeOut(ghost), Transform(node, scaled, run_time=2.0),
                              *swap(sign, flip_title)), 2.0, t.pause,
                             say(f"Then the weight's small size {change} it, almost flat: "
                                 "every height is multiplied by the same small number." if abs(weight) < 1 else
                                 f"Then the weight's size {change} it."))]
            else:
                scale = Transform(node, scaled)
                scale_say = say("On its way to {name}, it is multiplied by {w}: the surface "
                                f"{change}, and its crease stays, now dashed orange.".replace(
                                    "{name}", outs[0].capitalize()), w=weight)
                then = []
            beats += [
                Beat((*arrive, FadeIn(here)), t.draw, t.short_pause,
                     say(f"The {h} node's output for every petal and sepal width makes this "
                         f"{('blue', 'orange')[j]} surface: its height is what the node gives. "
                         "Above our flower it is {v}, the number the node gave in the network.",
                         v=Value(float(value), lambda v: fmt(v, places)))),
                Beat((Create(crease), FadeIn(crease_words), FadeIn(flat_words)), t.write, t.pause,
                     say(f"Where the petal width is {flat_side}, the sum inside ReLU is below "
                         "zero, so the output is zero: the flat part. The red line, where the "
                         "sum is zero, is the crease.") if j == 0 else
                     say(f"Its sum also drops below zero where the petal width is {flat_side}, "
                         "but its own weights put its crease, the red line, in a different "
                         "place from the dashed blue one.")),
                Beat((ReplacementTransform(crease, dashed), FadeOut(crease_words), FadeOut(flat_words),
                      FadeOut(here), *swap(text, times), scale), 3.0 if weight < 0 else t.move, t.pause,
                     scale_say),
                *then,
            ]
            dashes.append(dashed)
            surface, last_text = node, (flip_title if weight < 0 else times)
        setosa = _solid(stage.axes, pieces, lambda pts: trace.forward(pts).raw[:, 0],
                        PALETTE.species[0])
        total = _caption(self, f"{outs[0].capitalize()} = top \u00d7 {fmt(p[weight_name(trace, hid[0], outs[0])])}"
                         f" + bottom \u00d7 {fmt(p[weight_name(trace, hid[1], outs[0])])}"
                         f" {fmt_signed(p[bias_name(trace, outs[0])])}")
        both = VGroup(*[stage.line(pts, trace.forward(pts).raw[:, 0]) for pts in lines])
        parts = np.abs(grid.scaled[..., 0, :]).max(axis=(0, 1))
        tiny = parts[0] < 0.25 * parts[1]
        # where the top node's scaled part is largest, the addition changes the surface most
        biggest = trace.grid_inputs().reshape(-1, 2)[int(np.argmax(np.abs(grid.scaled[..., 0, 0]).ravel()))]
        corner = trace.forward(biggest[None, :])
        before_v, after_v = corner.scaled[0, 0, 1], corner.raw[0, 0]
        before = stage.marker(*biggest, before_v, f"before: {fmt(before_v)}", side=UP + RIGHT)
        after = stage.marker(*biggest, after_v, f"after: {fmt(after_v)}", side=DOWN + RIGHT,
                             colour=PALETTE.species[0])
        pull = _fixed(self, Line(stage.point(*biggest, before_v), stage.point(*biggest, after_v),
                                 color=PALETTE.callout, stroke_width=SIZES.curve * 2))
        raw = worked.raw[TRACED, 0]
        mark = stage.marker(x[0], x[1], raw, f"{fmt(raw)}", side=RIGHT, colour=PALETTE.species[0])
        beats += [
            Beat((FadeIn(before),), t.write, t.short_pause,
                 say("Now we add. Watch the back corner, where the top node's part is largest: "
                     "the orange surface is at {a} there.", a=before_v)),
            Beat((*swap(last_text, total), Transform(surface, setosa, run_time=3.0),
                  Create(pull, run_time=3.0), FadeIn(after, run_time=1.0)),
                 3.0, t.pause,
                 say("Adding the top node's scaled surface and {name}'s bias, {b}, to the orange "
                     "one gives {name}'s raw output, in {name}'s colour. The back corner moves "
                     "from {a} to {r}.".replace("{name}", outs[0].capitalize()),
                     b=p[bias_name(trace, outs[0])], a=before_v, r=after_v)),
            Beat((FadeOut(VGroup(before, after, pull)), FadeOut(VGroup(*dashes)), Create(both)),
                 t.draw, t.pause,
                 say("It is bent along both creases, one from each hidden node" +
                     ("; the top node's bend is tiny." if tiny else "."))),
            Beat((FadeIn(mark),), t.write, t.pause,
                 say("Above petal width {p} and sepal width {s}, its height is {r}: the raw "
                     "output we worked out for that flower.", p=plain(x[0]), s=plain(x[1]), r=raw)),
        ]
        beats = [beats[0], *_kept_on_top(beats[1:], stage.texts, stage.back, ours)]
        play_beats(self, beats)


#: where the camera ends in ThreeOutputSurfaces: straight down on the square
TOP = dict(phi=0 * DEGREES, theta=-90 * DEGREES, zoom=0.8)


def _seen_from(scene: ThreeDScene, orientation: dict, points) -> list[np.ndarray]:
    """Where a camera at ``orientation`` shows the 3-D ``points`` on the frame (the camera
    is put back at rest afterwards)."""
    camera = scene.renderer.camera
    scene.set_camera_orientation(**orientation)
    camera.reset_rotation_matrix()
    seen = [camera.project_point(np.asarray(q, dtype=float)) for q in points]
    scene.set_camera_orientation(**CAMERA)
    camera.reset_rotation_matrix()
    return seen


class ThreeOutputSurfaces(ThreeDScene):
    """Each species' raw output surface, one at a time, read above one flower; the three
    together on one pole; then the camera tilts down until the square is coloured by the
    species whose surface is highest, with every flower of the chapter on it."""

    shows = Shows(PRESET, step=None, values=extra_values)

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        ins, hid, outs = _names(trace)
        z_range = _heights(trace.forward(trace.grid_inputs()))
        stage = _Stage(self, trace, z_range, "raw output")
        pieces = crease_pieces([_crease_of(trace, j) for j in range(len(hid))], CELLS)
        worked = trace.forward()
        x = trace.inputs[TRACED]
        raw = worked.raw[TRACED]
        pole = stage.flower(x[0], x[1], f"petal {fmt_input(x[0])}, sepal {fmt_input(x[1])}", side=DOWN)
        head = label(f"petal {fmt_input(x[0])}, sepal {fmt_input(x[1])}", size=SIZES.small)
        readings = VGroup(*[label(f"{o.capitalize()}: {fmt(v)}", size=SIZES.small, color=c)
                            for o, v, c in zip(outs, raw, PALETTE.species)])
        readings.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        panel = VGroup(head, readings).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        panel.to_corner(UP + RIGHT, buff=0.4)
        _fixed(self, panel)
        height = [lambda pts, k=k: trace.forward(pts).raw[:, k] for k in range(len(outs))]
        # the three dots on the one pole, the first labelled on its left (the low two can
        # be nearly equal)
        marks = [stage.marker(x[0], x[1], raw[k], fmt(raw[k]), side=LEFT if k == 0 else RIGHT,
                              colour=c) for k, c in enumerate(PALETTE.species)]
        beats = [Beat((*stage.show(), FadeIn(pole)), t.draw, t.short_pause,
                      say("Each species' raw output is built the same way, so each species gets "
                          "its own bent surface over the same square, with our flower on the "
                          "floor. Here they are, one at a time."))]
        surface, last_name = None, None
        for k, (o, colour) in enumerate(zip(outs, PALETTE.species)):
            new = _solid(stage.axes, pieces, height[k], colour)
            name = _caption(self, f"{o.capitalize()}'s raw output")
            arrive = ((Succession(FadeOut(surface), FadeIn(new)), *swap(last_name, name)) if surface
                      else (FadeIn(head), FadeIn(new), FadeIn(name)))
            text = ("{name}'s surface is at {r} above our flower, petal width {p} and sepal width {s}."
                    if k == 0 else "{name}'s surface, in " + SPECIES_WORDS[k] + ", is at {r} above "
                    "the same flower.").replace("{name}", o.capitalize())
            extra = dict(p=plain(x[0]), s=plain(x[1])) if k == 0 else {}
            beats.append(Beat((*arrive, FadeIn(marks[k]), FadeIn(readings[k])),
                              t.draw, t.pause * 2, say(text, r=raw[k], **extra)))
            surface, last_name = new, name
        best = int(worked.choice[TRACED])
        all_name = _caption(self, "All three raw outputs, on one pole")
        box = _fixed(self, SurroundingRectangle(readings[best], color=PALETTE.callout, buff=0.08))
        ring = _fixed(self, Circle(radius=0.22, color=PALETTE.callout, stroke_width=SIZES.curve)
                      .move_to(marks[best][0]))
        beats.append(Beat((FadeOut(surface), *swap(last_name, all_name),
                           Create(box), Create(ring)), t.draw, t.pause,
                          say(f"Take the surfaces away: the three dots stay on one pole above our flower. "
                              f"{outs[best].capitalize()}'s, {{r}}, is the highest, so for this "
                              f"flower the network says {outs[best].capitalize()}.", r=raw[best])))
        # only the highest surface at each point, then straight down on it
        regions = winner_regions(pieces, lambda pts: trace.forward(pts).raw)
        highest = VGroup(*[piece_surface(stage.axes, regions[k], height[k], c)
                           for k, c in enumerate(PALETTE.species)])
        top_name = _caption(self, "Only the highest surface")
        beats.append(Beat((FadeIn(highest), *swap(all_name, top_name)),
                          t.draw, t.pause,
                          say("Now keep, at every point, only the surface that is highest there: "
                              "each keeps its own colour. The borders are where two surfaces are "
                              "equally high.")))
        # the map's numbers and names, written where the camera from above shows them
        ax = stage.axes
        corner = _seen_from(self, TOP, [ax.c2p(0, 0, 0), ax.c2p(1, 0, 0), ax.c2p(0, 1, 0)])
        frame = lambda a, b: corner[0] + a * (corner[1] - corner[0]) + b * (corner[2] - corner[0])  # noqa: E731
        ticks = []
        for v in (0.0, 0.5, 1.0):
            ticks.append(_Stage._tick(fmt_input(v), frame(v, 0) + DOWN * 0.3))
            ticks.append(_Stage._tick(fmt_input(v), frame(0, v) + LEFT * 0.35))
        petal = label(f"{ins[0].capitalize()} width", size=SIZES.small).move_to(frame(0.5, 0) + DOWN * 0.8)
        sepal = label(f"{ins[1].capitalize()} width", size=SIZES.small).rotate(90 * DEGREES)
        sepal.move_to(frame(0, 0.5) + LEFT * 0.95)
        names = VGroup(*[VGroup(Square(0.32, fill_color=c, fill_opacity=1, stroke_width=0),
                                label(o.capitalize(), size=SIZES.small)).arrange(RIGHT, buff=0.15)
                         for o, c in zip(outs, PALETTE.species)]).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        names.next_to(frame(1, 0.5), RIGHT, buff=0.6)
        map_texts = _fixed(self, VGroup(*ticks, petal, sepal))
        _fixed(self, names)
        # from straight above, the highest surface laid flat on the floor, one even colour
        # per species
        floor = lambda pts: np.zeros(len(pts))  # noqa: E731
        laid = VGroup(*[piece_surface(ax, regions[k], floor, c)
                        for k, c in enumerate(PALETTE.species)])
        flat = VGroup(*[piece_surface(ax, regions[k], floor, c, shade=False)
                        for k, c in enumerate(PALETTE.species)])
        here = Dot(ax.c2p(x[0], x[1], 0), radius=SIZES.dot * 1.1, color=PALETTE.text)
        camera = self.renderer.camera
        where = _caption(self, "From above: the species", "whose surface is highest")
        flowers, order, choice = _flowers(trace)
        pins = VGroup()
        for (a, b) in flowers:
            dot = Dot(frame(a, b), radius=SIZES.dot * 1.1, color=PALETTE.text)
            words = label(f"({fmt_input(a)}, {fmt_input(b)})", size=SIZES.small)
            words.next_to(dot, LEFT if a > 0.75 else RIGHT, buff=0.12)
            if a > 0.75:
                words.shift(UP * 0.3)
            elif b > 0.9:
                words.shift(DOWN * 0.25)
            elif b < 0.1:
                words.shift(UP * 0.25)
            back = BackgroundRectangle(words, color=PALETTE.background, fill_opacity=0.8, buff=0.05)
            pins.add(VGroup(dot, back, words))
        _fixed(self, pins)
        next_up = _fixed(self, label("Next: ArgMax and SoftMax", size=SIZES.label))
        next_up.to_corner(UP + RIGHT, buff=0.4)
        beats = [beats[0], *_kept_on_top(beats[1:], stage.texts, stage.back, pole)]
        beats += [
            Beat((FadeOut(VGroup(stage.texts, stage.back, panel, box, ring, top_name, *marks, pole)),
                  FadeOut(stage.axes.z_axis), FadeIn(here)), t.write, 0.0, SILENT),
            Beat((camera.phi_tracker.animate(run_time=4.5).set_value(TOP["phi"]),
                  camera.theta_tracker.animate(run_time=4.5).set_value(TOP["theta"]),
                  camera.zoom_tracker.animate(run_time=4.5).set_value(TOP["zoom"]),
                  Transform(highest, laid, run_time=4.5), FadeIn(names, run_time=1.5)), 4.5, t.pause,
                 say("Tilt the camera down until we look straight from above: each petal "
                     "and sepal width is coloured by the species whose surface is "
                     "highest there, as the names on the right say.")),
            Beat((FadeIn(map_texts), FadeIn(where), FadeIn(flat)), t.write, t.short_pause,
                 say("Across, the petal width; up, the sepal width, each from smallest to largest.")),
            Beat((FadeOut(here), *[FadeIn(d, scale=2) for d in pins]), t.write, t.pause,
                 say("The flowers we worked through, petal width first, land in " + ", ".join(
                     f"{outs[c].capitalize()}'s" for c in choice[:-1]) +
                     f" and {outs[choice[-1]].capitalize()}'s parts, as their highest raw "
                     "outputs said.")),
            Beat((FadeIn(next_up),), t.write, t.pause,
                 say("Raw outputs are not yet probabilities. Next, ArgMax and SoftMax turn them "
                     "into a choice and into probabilities.")),
        ]
        play_beats(self, beats)
