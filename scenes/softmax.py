"""Chapter: ArgMax and SoftMax (preset ``softmax``). The Iris network's raw output values
go into ArgMax (1 for the largest, 0 for the others, easy to read but with a derivative of
0, so useless for training) and into SoftMax (e^raw over the sum of e^raw, written out with
numbers: probabilities between 0 and 1 that sum to 1 and keep the order of the raw values).
SoftMax for training, ArgMax for classifying.

    manim -pql scenes/softmax.py ArgMaxPicksTheLargest
"""

from __future__ import annotations

import numpy as np
from manim import (Arrow, Create, Dot, FadeIn, FadeOut, Line, Scene, SurroundingRectangle,
                   VGroup, Write, DOWN, LEFT, RIGHT, UP)

import nnmath
from nnmath import softmax as sm
from scenes.common.numbers import fmt, fmt_input
from scenes.common.plots import curve, nice_range, plot_axes
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import equation, label, title
from scenes.common.timing import timing

PRESET = "softmax"
ROW = 2  # the worked input the lecture writes out: petal 0, sepal 1
SWEPT = 0  # the output whose raw value sweeps in the training scene: Setosa
SAMPLES = 401  # raw values sampled along the ArgMax step and the SoftMax S
NEAR = 0.01  # half the gap between the two samples either side of the tangent point
TANGENT = 2.0  # length of a tangent line, in frame units

__all__ = ["ArgMaxPicksTheLargest", "SoftMaxWrittenOut", "SoftMaxForTraining"]


def species(trace: nnmath.Trace) -> list[str]:
    """The output names as the lecture writes them: Setosa, Versicolor, Virginica."""
    return [name.capitalize() for name in trace.model().output_labels]


def input_caption(trace: nnmath.Trace, row: int) -> str:
    """"Petal = 0, Sepal = 1": one worked input row."""
    names = [name.capitalize() for name in trace.model().input_labels]
    return ", ".join(f"{n} = {fmt_input(v)}" for n, v in zip(names, trace.inputs[row]))


def raw_column(trace: nnmath.Trace, raw, size: int = SIZES.label) -> VGroup:
    """One line per output: its name in its colour and its raw value, values aligned."""
    names = species(trace)
    rows = [VGroup(label(n, color=PALETTE.species[k], size=size), label(fmt(v), size=size))
            for k, (n, v) in enumerate(zip(names, raw))]
    grid = VGroup(*[cell for row in rows for cell in row])
    grid.arrange_in_grid(rows=len(rows), cols=2, buff=(0.6, 0.35), col_alignments="lr")
    return VGroup(*rows)


def written_out(trace: nnmath.Trace, raw, k: int) -> VGroup:
    """SoftMax_k = e^raw_k / (e^raw_1 + e^raw_2 + e^raw_3) = e_k / sum = p_k, numbers in."""
    parts = sm.written_out(raw)
    exps, probs = parts["exponentials"], parts["probabilities"]
    bottom = " + ".join(f"e^{{{fmt(v)}}}" for v in raw)
    name = species(trace)[k]
    eq = equation(rf"\text{{{name}}}",
                  rf"= \frac{{e^{{{fmt(raw[k])}}}}}{{{bottom}}}"
                  rf" = \frac{{{fmt(exps[k])}}}{{{fmt(parts['denominator'])}}}"
                  rf" = {fmt(probs[k])}", size=SIZES.equation + 6)
    eq[0].set_color(PALETTE.species[k])  # the output's name in its colour
    return eq


def worked_table(trace: nnmath.Trace, fw) -> VGroup:
    """Petal, sepal, the three raw outputs and ArgMax's choice for every worked input.
    Returns VGroup(rows), header first."""
    size = SIZES.small
    names = species(trace)
    inputs = [name.capitalize() for name in trace.model().input_labels]
    header = [label(n, size=size) for n in inputs]
    header += [label(n, size=size, color=PALETTE.species[k]) for k, n in enumerate(names)]
    header.append(label("ArgMax", size=size))
    rows = [VGroup(*header)]
    for x, raw, choice in zip(trace.inputs, fw.raw, fw.choice):
        cells = [label(fmt_input(v), size=size) for v in x]
        cells += [label(fmt(v), size=size) for v in raw]
        cells.append(label(names[choice], size=size, color=PALETTE.species[choice]))
        rows.append(VGroup(*cells))
    flat = VGroup(*[cell for row in rows for cell in row])
    flat.arrange_in_grid(rows=len(rows), cols=len(header), buff=(0.5, 0.35))
    return VGroup(*rows)


def sweep_panel(heading: str, xs, ys, at: float, at_y: float, colour: str, x_name: str,
                y_name: str):
    """Axes of one output (0 to 1) against its raw value, the curve nnmath swept, a dot
    where the raw value is now and a heading. Returns (axes, line, dot, heading)."""
    lo, hi = float(xs[0]), float(xs[-1])
    axes = plot_axes((lo, hi, 1.0), (0.0, 1.0, 0.5), 5.0, 2.2, x_label=x_name, y_label=y_name,
                     x_ticks=[lo, 0.0, hi], y_ticks=[0.0, 1.0])
    line = curve(axes, xs, ys, colour)
    dot = Dot(axes.c2p(at, at_y), radius=SIZES.dot * 1.3, color=PALETTE.tangent)
    head = label(heading, size=SIZES.label).next_to(axes, UP, buff=0.25)
    return axes, line, dot, head


def tangent(axes, near_xs, near_ys, through) -> Line:
    """A tangent line: through two swept samples just either side of the point, lengthened
    and centred on the point (a Dot) where it touches."""
    line = Line(axes.c2p(near_xs[0], near_ys[0]), axes.c2p(near_xs[-1], near_ys[-1]),
                color=PALETTE.tangent, stroke_width=SIZES.curve * 0.7)
    return line.set_length(TANGENT).move_to(through.get_center())


class ArgMaxPicksTheLargest(Scene):
    """The three raw outputs for petal 0, sepal 1; ArgMax turns the largest into 1 and the
    others into 0; then the raw outputs and ArgMax's choice for all three worked inputs."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        fw = trace.forward()
        raw = fw.raw[ROW]
        onehot = sm.argmax_onehot(raw)
        heading = title("ArgMax: 1 for the largest raw output")
        given = label(input_caption(trace, ROW), size=SIZES.label).next_to(heading, DOWN, buff=0.5)
        column = raw_column(trace, raw).next_to(given, DOWN, buff=1.1).shift(LEFT * 1.6)
        raw_head = label("raw output", size=SIZES.small).next_to(column, UP, buff=0.3)
        raw_head.align_to(column[0][1], RIGHT)
        arrows, ones = VGroup(), VGroup()
        for k, row in enumerate(column):
            arrow = Arrow(row.get_right() + RIGHT * 0.3, row.get_right() + RIGHT * 2.0,
                          color=PALETTE.axis, buff=0, stroke_width=SIZES.thin)
            arrow.set_y(row.get_y())
            arrows.add(arrow)
            ones.add(label(fmt_input(onehot[k]), size=SIZES.title,
                           color=PALETTE.species[k] if onehot[k] else PALETTE.muted)
                     .next_to(arrow, RIGHT, buff=0.3))
        out_head = label("ArgMax", size=SIZES.small).next_to(ones, UP, buff=0.3)
        out_head.set_y(raw_head.get_y())
        winner = SurroundingRectangle(VGroup(column[fw.choice[ROW]], ones[fw.choice[ROW]]),
                                      color=PALETTE.species[fw.choice[ROW]], buff=0.15)
        verdict = label(f"Classify as {species(trace)[fw.choice[ROW]]}", size=SIZES.label,
                        color=PALETTE.species[fw.choice[ROW]]).to_edge(DOWN, buff=0.9)
        self.play(Write(heading), run_time=t.write)
        self.play(FadeIn(given), run_time=t.write)
        self.play(FadeIn(raw_head), Write(column), run_time=t.write)
        self.wait(t.short_pause)
        self.play(Create(arrows), FadeIn(out_head), run_time=t.write)
        self.play(Write(ones), run_time=t.write)
        self.play(Create(winner), Write(verdict), run_time=t.write)
        self.wait(t.pause)

        table = worked_table(trace, fw).next_to(heading, DOWN, buff=0.8)
        note = label("Easy to read: the output with the 1 is the answer", size=SIZES.label)
        note.next_to(table, DOWN, buff=0.8)
        self.play(FadeOut(VGroup(given, column, raw_head, arrows, ones, out_head, winner, verdict)),
                  run_time=t.short_pause)
        self.play(FadeIn(table[0]), run_time=t.write)
        for row in table[1:]:
            self.play(FadeIn(row), run_time=t.write)
        self.play(Write(note), run_time=t.write)
        self.wait(t.pause)


class SoftMaxWrittenOut(Scene):
    """SoftMax for petal 0, sepal 1 written out: each output's e^raw over the sum of the
    three, with the numbers; the results are between 0 and 1, sum to 1 and keep the order
    of the raw outputs."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        raw = trace.forward().raw[ROW]
        probs = sm.softmax(raw)
        heading = title("SoftMax written out")
        given = label(input_caption(trace, ROW), size=SIZES.label).next_to(heading, DOWN, buff=0.4)
        rows = VGroup(*[written_out(trace, raw, k) for k in range(len(raw))])
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.35).next_to(given, DOWN, buff=0.4)
        self.play(Write(heading), run_time=t.write)
        self.play(FadeIn(given), run_time=t.write)
        for row in rows:
            self.play(Write(row), run_time=t.write * 1.5)
            self.wait(t.short_pause)
        self.wait(t.pause)

        order = np.argsort(-raw)  # largest raw output first
        names = species(trace)
        raw_order = VGroup(label("raw output", size=SIZES.small),
                           *[label(fmt(raw[k]), size=SIZES.label, color=PALETTE.species[k])
                             for k in order])
        prob_order = VGroup(label("SoftMax", size=SIZES.small),
                            *[label(fmt(probs[k]), size=SIZES.label, color=PALETTE.species[k])
                              for k in order])
        name_order = VGroup(label("", size=SIZES.small),
                            *[label(names[k], size=SIZES.label, color=PALETTE.species[k])
                              for k in order])
        table = VGroup(*[cell for trio in zip(name_order, raw_order, prob_order) for cell in trio])
        table.arrange_in_grid(rows=len(raw) + 1, cols=3, buff=(0.8, 0.3), col_alignments="lrr")
        table.next_to(given, DOWN, buff=0.4)
        total = " + ".join(fmt(probs[k], 3) for k in order)  # in the table's order
        added = sm.written_out(raw)["total"]
        facts = VGroup(
            label("Each between 0 and 1", size=SIZES.label),
            label(f"They sum to 1:  {total} = {fmt(added, 3)}", size=SIZES.label),
            label("Same order: the largest raw output, the largest SoftMax", size=SIZES.label),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25).next_to(table, DOWN, buff=0.5)
        self.play(FadeOut(rows), run_time=t.short_pause)
        self.play(FadeIn(table), run_time=t.write)
        for fact in facts:
            self.play(Write(fact), run_time=t.write)
            self.wait(t.short_pause)
        self.wait(t.pause)


class SoftMaxForTraining(Scene):
    """Setosa's output as its raw value sweeps, the other raw outputs fixed: ArgMax is a flat
    step (slope 0, so the step size is 0 and nothing is learned); SoftMax is a smooth S with
    a slope that is not 0 at the raw value 1.43. SoftMax for training, ArgMax for
    classifying."""

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        raw = trace.forward().raw[ROW]
        name = species(trace)[SWEPT]
        colour = PALETTE.species[SWEPT]
        lo, hi, _ = nice_range(list(raw), step=1.0, pad=2.0)
        xs = np.linspace(lo, hi, SAMPLES)
        swept = sm.sweep(raw, SWEPT, xs)
        now = sm.sweep(raw, SWEPT, [raw[SWEPT]])
        near_xs = np.linspace(raw[SWEPT] - NEAR, raw[SWEPT] + NEAR, 2)
        near = sm.sweep(raw, SWEPT, near_xs)
        flat = sm.argmax_grad(raw)[SWEPT, SWEPT]

        heading = title("Training needs a slope")
        others = [f"{species(trace)[k]} {fmt(raw[k])}" for k in range(len(raw)) if k != SWEPT]
        kept = label(f"{name}'s raw output sweeps; {' and '.join(others)} stay put",
                     size=SIZES.small, color=PALETTE.axis)
        kept.next_to(heading, DOWN, buff=0.25)
        x_name, y_name = f"{name} raw output", f"{name} output"
        left = sweep_panel("ArgMax", xs, swept["argmax"], raw[SWEPT], now["argmax"][0], colour,
                           x_name, y_name)
        right = sweep_panel("SoftMax", xs, swept["softmax"], raw[SWEPT], now["softmax"][0],
                            colour, x_name, y_name)
        VGroup(*left).move_to(LEFT * 3.5 + UP * 0.45)
        VGroup(*right).move_to(RIGHT * 3.5 + UP * 0.45)
        right[3].align_to(left[3], UP)  # "ArgMax" has a descender, "SoftMax" not
        left_tan = tangent(left[0], near_xs, near["argmax"], left[2])
        right_tan = tangent(right[0], near_xs, near["softmax"], right[2])
        at = f"at {fmt(raw[SWEPT])}"
        left_text = VGroup(
            label(f"Slope {at} = {fmt_input(flat)}", size=SIZES.small),
            label(f"Step size = {fmt_input(flat)} \u00d7 learning rate = {fmt_input(flat)}",
                  size=SIZES.small),
            label("Nothing is learned", size=SIZES.small, color=PALETTE.tangent),
        ).arrange(DOWN, buff=0.12).next_to(left[0], DOWN, buff=0.3)
        right_text = VGroup(
            label(f"Slope {at} = {fmt(now['slope'][0])}", size=SIZES.small),
            label(f"Step size = {fmt(now['slope'][0])} \u00d7 learning rate", size=SIZES.small),
            label("A step towards a better fit", size=SIZES.small, color=PALETTE.squiggle),
        ).arrange(DOWN, buff=0.12).next_to(right[0], DOWN, buff=0.3)
        left_text.set_y(right_text.get_y())
        ending = label("SoftMax for training, ArgMax for classifying", size=SIZES.label)
        ending.to_edge(DOWN, buff=0.25)

        self.play(Write(heading), FadeIn(kept), run_time=t.write)
        self.play(Create(left[0]), Write(left[3]), run_time=t.draw)
        self.play(Create(left[1]), run_time=t.draw)
        self.play(FadeIn(left[2]), Create(left_tan), run_time=t.write)
        self.play(Write(left_text), run_time=t.write)
        self.wait(t.pause)
        self.play(Create(right[0]), Write(right[3]), run_time=t.draw)
        self.play(Create(right[1]), run_time=t.draw)
        self.play(FadeIn(right[2]), Create(right_tan), run_time=t.write)
        self.play(Write(right_text), run_time=t.write)
        self.wait(t.pause)
        self.play(Write(ending), run_time=t.write)
        self.wait(t.pause * 2)
