"""Chapter: inside the black box. How the fitted network (preset ``black-box``) turns a
dosage into an efficacy: each hidden node slices its softplus curve, flips and stretches it,
the two curves are summed and b3 shifts the sum into the green squiggle.

    manim -pql scenes/black_box.py TheFittedNetwork
"""

from __future__ import annotations

from decimal import Decimal

from manim import (Circle, Create, Dot, FadeIn, FadeOut, Scene, VGroup,
                   Write, DOWN, LEFT, RIGHT, UP)

import nnmath
from scenes.common.beats import Beat, Shows, play_beats
from scenes.common.narration import SILENT, num, plain, say
from scenes.common.network import NetworkDiagram
from scenes.common.node_story import dosage_grid, node_story
from scenes.common.sum_story import sum_story
from scenes.common.numbers import (fmt, fmt_factor, fmt_input, fmt_signed, relation, rounded,
                                   shown)
from scenes.common.plots import curve, fitted_axes
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import equation, label, stacked, title
from scenes.common.timing import timing

PRESET = "black-box"

__all__ = ["TheFittedNetwork", "TopNodeSlice", "BottomNodeSlice", "SumIntoSquiggle",
           "WorkedDosages"]


def squiggle_axes(trace: nnmath.Trace, squiggle):
    """Dosage/efficacy axes covering the data and the squiggle's samples, with the data."""
    return fitted_axes(trace.inputs, trace.outputs, squiggle, step=0.5, width=4.6, height=3.8,
                       pad=0.06)


class TheFittedNetwork(Scene):
    """The fitted network with its weights and biases, and the green squiggle it draws."""

    shows = Shows(PRESET, step=None)

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        p = trace.final()
        grid = dosage_grid(trace)
        net = NetworkDiagram(p, trace.model(), width=4.8, height=3.6).to_edge(LEFT, buff=0.3).shift(DOWN * 0.2)
        predicted = trace.forward(grid).predicted
        axes, dots = squiggle_axes(trace, predicted)
        VGroup(axes, dots).to_edge(RIGHT, buff=0.4).shift(DOWN * 0.3)
        net.next_to(axes, LEFT, buff=0.35)  # clear of the plot's own "Efficacy"
        squiggle = curve(axes, grid, predicted, PALETTE.squiggle)
        heading = title("Inside the black box")
        d = [plain(x) for x in trace.inputs]
        beside = net.get_center()
        net.move_to(DOWN * 0.3)  # alone in the middle first; it moves aside for the data
        play_beats(self, [
            Beat((Write(heading), Create(net)), t.draw, 0.0,
                 say("We have fitted a straight line; now, a neural network. This one "
                     "predicts how well a drug works.")),
            Beat(tuple(net.focus("input", "output")), t.write, t.short_pause,
                 say("A dosage goes in on the left, and the network's prediction of the "
                     "drug's efficacy comes out on the right.")),
            Beat(tuple(net.focus("w1", "w2")), t.write, t.short_pause,
                 say("Each connection multiplies by a weight: {w1} on the way to the top "
                     "node, and {w2} on the way to the bottom node.", w1=p["w1"], w2=p["w2"])),
            Beat(tuple(net.focus("b1", "b2")), t.write, t.short_pause,
                 say("Each hidden node adds a bias: {b1} in the top node, {b2} in the bottom "
                     "one.", b1=p["b1"], b2=p["b2"])),
            Beat(tuple(net.focus("w3", "w4")), t.write, t.short_pause,
                 say("On the way out, the top node's value is multiplied by {w3}, and the "
                     "bottom node's by {w4}.", w3=p["w3"], w4=p["w4"])),
            Beat(tuple(net.focus("b3")), t.write, t.short_pause,
                 say("The output adds them up, plus one last bias, {b3}.", b3=p["b3"])),
            Beat(tuple(net.reset()), t.short_pause, 0.0, SILENT),
            Beat((net.animate.move_to(beside).build(),), t.move, 0.0, SILENT),
            Beat((Create(axes), FadeIn(dots)), t.draw, t.short_pause,
                 say("These seven numbers were fitted to three measurements: dosage {d0} and "
                     "dosage {d2} did not work, and dosage {d1} did. No straight line goes "
                     "through all three.", d0=d[0], d1=d[1], d2=d[2])),
            Beat((Create(squiggle),), t.draw, t.pause,
                 say("Plugging every dosage into the network draws this green squiggle through "
                     "the data. How does the network make this shape? Let's look inside.")),
        ])


class TopNodeSlice(Scene):
    """The top node: the slice of softplus it uses, drawn over dosage, times w3."""

    shows = Shows(PRESET, step=None)

    def construct(self):
        _, beats = node_story(nnmath.build(PRESET), 1, timing())
        play_beats(self, beats)


class BottomNodeSlice(Scene):
    """The bottom node: the slice of softplus it uses, drawn over dosage, times w4."""

    shows = Shows(PRESET, step=None)

    def construct(self):
        _, beats = node_story(nnmath.build(PRESET), 2, timing())
        play_beats(self, beats)


class SumIntoSquiggle(Scene):
    """The blue and orange curves added together, then b3 shifting the sum onto the data."""

    shows = Shows(PRESET, step=None)

    def construct(self):
        play_beats(self, sum_story(nnmath.build(PRESET), timing()))


def worked_signs(trace: nnmath.Trace, fw: nnmath.DosageForward, i: int) -> dict[str, str]:
    """For each row of dosage ``i``'s arithmetic, "=" when the numbers shown (two decimals)
    give the result shown exactly, else "\\approx" (the trace works with unrounded values)."""
    p, d = trace.final(), Decimal(fmt_input(trace.inputs[i]))
    activation = trace.model().activations()["hidden"]
    signs = {}
    for n, (w, b, out) in ((1, ("w1", "b1", "w3")), (2, ("w2", "b2", "w4"))):
        x, y, s = (getattr(fw, f"{k}{n}")[i] for k in ("x", "y", "scaled"))
        signs[f"x{n}"] = relation(lambda q: rounded(shown(p[w], q) * d + shown(p[b], q), q) == shown(x, q))  # noqa: B023 - relation() calls it at once
        signs[f"y{n}"] = relation(lambda q: shown(float(activation(float(shown(x, q)))), q) == shown(y, q))  # noqa: B023 - relation() calls it at once
        signs[f"s{n}"] = relation(lambda q: rounded(shown(y, q) * shown(p[out], q), q) == shown(s, q))  # noqa: B023 - relation() calls it at once
    signs["out"] = relation(lambda q: shown(fw.scaled1[i], q) + shown(fw.scaled2[i], q)
                            + shown(p["b3"], q) == shown(fw.predicted[i], q))
    return signs


def worked_rows(trace: nnmath.Trace, fw: nnmath.DosageForward, i: int,
                signs: dict[str, str]) -> VGroup:
    """The arithmetic for dosage ``i`` (``fw``: the forward pass on the data), each step
    with the numbers plugged in."""
    p = trace.final()
    d = fmt_input(trace.inputs[i])
    f = trace.model().activations()["hidden"]  # its formula, as the trace computed it
    rows = VGroup()
    for n, (w, b, out, color) in ((1, ("w1", "b1", "w3", PALETTE.top)),
                                  (2, ("w2", "b2", "w4", PALETTE.bottom))):
        x, y, s = (getattr(fw, f"{k}{n}")[i] for k in ("x", "y", "scaled"))
        rows.add(equation(rf"x_{n} = {fmt(p[w])} \times {d} {fmt_signed(p[b])} {signs[f'x{n}']} {fmt(x)}",
                          color=color, size=SIZES.equation - 4))
        rows.add(equation(rf"y_{n} = {f.tex_of(fmt(x))} {signs[f'y{n}']} {fmt(y)},\quad "
                          rf"{fmt(y)} \times {fmt_factor(p[out])} {signs[f's{n}']} {fmt(s)}",
                          color=color, size=SIZES.equation - 4))
    rows.add(equation(rf"{fmt(fw.scaled1[i])} + {fmt_factor(fw.scaled2[i])} {fmt_signed(p['b3'])}"
                      rf" {signs['out']} {fmt(fw.predicted[i])}", color=PALETTE.squiggle,
                      size=SIZES.equation - 4))
    return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.22)


def worked_beats(trace: nnmath.Trace, i: int, net: NetworkDiagram, axes, t,
                 explain: bool = True) -> list[Beat]:
    """Dosage ``i`` through the network: the path lights up as each row is written, and the
    prediction lands on the squiggle (``axes``). ``explain``: say what "about" means (once
    in a scene is enough)."""
    p, fw = trace.final(), trace.forward()
    signs = worked_signs(trace, fw, i)
    v = {k: num(getattr(fw, k)[i]) for k in ("x1", "y1", "scaled1", "x2", "y2", "scaled2",
                                            "predicted")}
    d = plain(trace.inputs[i])
    rows = worked_rows(trace, fw, i, signs).to_edge(DOWN, buff=0.3).to_edge(LEFT, buff=0.5)
    tag = label(f"Dosage = {fmt_input(trace.inputs[i])}", size=SIZES.title)
    tag.next_to(axes, DOWN, buff=0.2).align_to(axes, RIGHT)
    landed = Dot(axes.c2p(trace.inputs[i], fw.predicted[i]), radius=SIZES.dot * 1.2,
                 color=PALETTE.callout)
    about = {k: ("is about" if sign != "=" else "is") for k, sign in signs.items()}
    beats = [
        Beat((FadeIn(tag),) + tuple(net.focus("input")), t.write, t.short_pause,
             say("Let's put dosage {d} through the network, one step at a time.", d=d)),
        Beat(tuple(net.focus("w1", "b1")) + (Write(rows[0]),), t.write, t.short_pause,
             say("To the top node: {d} times {w1}, plus {b1}, " + about["x1"] + " {x1}. "
                 + ("We call this x1, and the node's output y1." if explain else ""),
                 d=d, w1=p["w1"], b1=p["b1"], x1=v["x1"])),
        Beat(tuple(net.focus("top", "w3")) + (Write(rows[1]),), t.write, t.short_pause,
             say(("Softplus, the log of one plus e to the x, " if explain else "Softplus ")
                 + "turns {x1} into {y1}, and {y1} times {w3} " + about["s1"] + " {s1}.",
                 x1=v["x1"], y1=v["y1"], w3=p["w3"], s1=v["scaled1"])),
        Beat(tuple(net.focus("w2", "b2")) + (Write(rows[2]),), t.write, t.short_pause,
             say("To the bottom node: {d} times {w2}, plus {b2}, " + about["x2"] + " {x2}.",
                 d=d, w2=p["w2"], b2=p["b2"], x2=v["x2"])),
        Beat(tuple(net.focus("bottom", "w4")) + (Write(rows[3]),), t.write, t.short_pause,
             say("Softplus turns {x2} into {y2}, and {y2} times {w4} " + about["s2"] + " {s2}.",
                 x2=v["x2"], y2=v["y2"], w4=p["w4"], s2=v["scaled2"])),
        Beat(tuple(net.focus("output", "b3")) + (Write(rows[4]), FadeIn(landed)), t.write, t.pause,
             say("The output adds {s1}, {s2} and the bias {b3}: the prediction for dosage "
                 "{d} " + about["out"] + " {y}.", s1=v["scaled1"], s2=v["scaled2"], b3=p["b3"],
                 d=d, y=v["predicted"])),
    ]
    rough = [n for n, keys in ((0, ("x1",)), (1, ("y1", "s1")), (2, ("x2",)), (3, ("y2", "s2")),
                               (4, ("out",)))
             if any(signs[k] != "=" for k in keys)]
    if explain and rough:  # right after the first row that says "about"
        note = label("\u2248 : from the unrounded numbers", size=SIZES.small,
                     color=PALETTE.axis).to_corner(DOWN + RIGHT, buff=0.3)
        beats.insert(rough[0] + 2, Beat((FadeIn(note),), t.write, t.short_pause,
                                        say("The wavy equals sign means about: the network "
                                            "works with more decimals than we show, so the "
                                            "last digit can differ.")))
        # the note stays on screen for the rest of the scene (later rows say about too)
    beats.append(Beat((FadeOut(rows), FadeOut(tag), FadeOut(landed)), t.write / 2, 0.0, SILENT))
    return beats


class WorkedDosages(Scene):
    """Dosage 0 and dosage 0.5 through the network, the path lit as every step is written
    with its numbers; then the predictions at all three dosages on the squiggle."""

    shows = Shows(PRESET, step=None)

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        net = NetworkDiagram(trace.final(), trace.model(), width=5.4, height=2.7).to_corner(UP + LEFT, buff=0.25)
        grid = dosage_grid(trace)
        predicted = trace.forward(grid).predicted
        axes, dots = fitted_axes(trace.inputs, trace.outputs, predicted, step=0.5, width=3.6,
                                 height=2.1, pad=0.06)
        VGroup(axes, dots).to_corner(UP + RIGHT, buff=0.3)
        squiggle = curve(axes, grid, predicted, PALETTE.squiggle)
        intro = [Beat((FadeIn(net), Create(axes), FadeIn(dots), Create(squiggle)), t.draw,
                      t.short_pause,
                      say("Now let's check the green squiggle with real numbers, using the same "
                          "network."))]
        beats = (intro + worked_beats(trace, 0, net, axes, t)
                 + worked_beats(trace, 1, net, axes, t, explain=False))
        preds = stacked(*[
            label(f"Dosage {fmt_input(x)} \u2192 {fmt(y)}", color=PALETTE.squiggle)
            for x, y in zip(trace.inputs, trace.final_predictions)
        ], buff=0.3).to_corner(DOWN + LEFT, buff=0.8)
        # green rings around the predictions: the black data points stay visible inside them
        marks = VGroup(*[Circle(radius=SIZES.dot * 2, color=PALETTE.squiggle, stroke_width=SIZES.thin)
                         .move_to(axes.c2p(x, y))
                         for x, y in zip(trace.inputs, trace.final_predictions)])
        y = [num(v) for v in trace.final_predictions]
        d = [plain(x) for x in trace.inputs]
        beats += [
            Beat((FadeIn(marks), Write(preds)) + tuple(net.reset()), t.write, t.pause,
                 say("At dosages {d0}, {d1} and {d2} it predicts {y0}, {y1} and {y2}: right on "
                     "top of the data. Double BAM! Next: how backpropagation finds numbers "
                     "like these.", d0=d[0], d1=d[1], d2=d[2], y0=y[0], y1=y[1],
                     y2=y[2])),
        ]
        play_beats(self, beats)
