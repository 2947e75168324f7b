"""Chapter: ArgMax and SoftMax (preset ``softmax``: the Iris network of the previous
chapter, on the same worked inputs). Its raw outputs for petal 0, sepal 1 go into ArgMax
(1 for the largest, 0 for the others: easy to read, but its slope is 0, so useless for
training) and into SoftMax (e^raw over the sum of e^raw, written out with every number:
probabilities between 0 and 1 that add up to 1 and keep the order of the raw outputs).
SoftMax for training, ArgMax for classifying; next, cross entropy measures how wrong the
SoftMax probabilities are.

    manim -pql scenes/softmax.py ArgMaxPicksTheLargest
"""

from __future__ import annotations

import numpy as np
from manim import (AnimationGroup, Arrow, Circumscribe, Create, LaggedStart, Rectangle, DashedLine, DecimalNumber,
                   Dot, FadeIn, FadeOut, Indicate, Line, Scene, Succession, SurroundingRectangle,
                   ValueTracker, VGroup, Write, linear, DR, DOWN, LEFT, RIGHT, UP)

import nnmath
from nnmath import softmax as sm
from scenes.common.beats import Beat, Shows, play_beats
from scenes.common.callout import callout, show_callout
from scenes.common.dense_diagram import DenseDiagram
from scenes.common.narration import SILENT, Say, Value, num, plain, reading_seconds, say
from scenes.common.numbers import fmt, fmt_input, written_quotient_is, written_sum_is
from scenes.common.plots import curve, nice_range, plot_axes
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import equation, label, swap, title
from scenes.common.timing import pace, timing

PRESET = "softmax"
ROW = 2  # the worked input the lecture writes out: petal 0, sepal 1
SWEPT = 0  # the output whose raw value slides in the training scene: Setosa
SAMPLES = 401  # raw values sampled along the ArgMax step and the SoftMax S
NEAR = 0.01  # half the gap between the two samples either side of the tangent point
TANGENT = 2.0  # length of a tangent line, in frame units
PLACES = 3  # SoftMax probabilities: at 3 decimals the three written add up to 1.000

__all__ = ["ArgMaxPicksTheLargest", "SoftMaxWrittenOut", "SoftMaxForTraining"]


def worked_raw(trace: nnmath.Trace):
    """The raw outputs of the worked input (petal 0, sepal 1), from the network's forward pass."""
    return trace.forward().raw[ROW]


def sweep_xs(raw) -> np.ndarray:
    """Setosa's raw values along the x axis: an even grid with the worked value itself in it."""
    lo, hi, _ = nice_range(list(raw), step=1.0, pad=2.0)
    return np.unique(np.append(np.linspace(lo, hi, SAMPLES), raw[SWEPT]))


def extra_values() -> np.ndarray:
    """Numbers nnmath.softmax computes for the worked input outside the trace: e^raw, their
    sum, the probabilities' total, ArgMax's slope (0) and the SoftMax S's slope at the
    worked raw value."""
    raw = worked_raw(nnmath.build(PRESET))
    parts = sm.written_out(raw)
    slope = sm.sweep(raw, SWEPT, [raw[SWEPT]])["slope"]
    return np.concatenate([parts["exponentials"], [parts["denominator"], parts["total"]],
                           sm.argmax_onehot(raw), np.ravel(sm.argmax_grad(raw)), slope])


def species(trace: nnmath.Trace) -> list[str]:
    """The output names as the lecture writes them: Setosa, Versicolor, Virginica."""
    return [name.capitalize() for name in trace.model().output_labels]


def prob(value: float) -> Value:
    """A SoftMax probability, written with three decimals as on screen."""
    return Value(float(value), lambda v: fmt(v, PLACES))


def iris_network(trace: nnmath.Trace, width: float, height: float,
                 gap: float = 0.2) -> DenseDiagram:
    """The Iris network of the previous chapter: nodes, connections and names, without its
    weights and biases (they are not what this chapter is about); the output names ``gap``
    right of their nodes, leaving room for a value between them."""
    model = trace.model()
    net = DenseDiagram(trace.final(), model.layout(), width=width, height=height,
                       size=SIZES.small)
    numbers = {id(m) for m in net.numbers.values()}
    for part in list(net.submobjects):
        if part.submobjects and all(id(s) in numbers for s in part.submobjects):
            net.remove(part)
    for name, node in zip(net.output_names, net.outputs):
        name.next_to(node, RIGHT, buff=gap)
    return net


def carry(pairs, whole) -> Succession:
    """Numbers carried where they are used: a copy of each source in ``pairs`` travels, one
    after the other, along its route (points, then the target mobject), and ``whole``
    appears around them."""
    copies, moves = [], []
    for source, route in pairs:
        copy = source.copy()
        copies.append(copy)
        *points, target = route
        steps = [copy.animate.move_to(p) for p in points]
        steps.append(copy.animate.match_height(target).move_to(target))
        moves.append(Succession(*steps))
    return Succession(*moves, AnimationGroup(FadeIn(whole), *[FadeOut(c) for c in copies]))


def gather(sources, whole, slots) -> Succession:
    """Addition shown as addition: copies of ``sources`` travel to their places ``slots`` in
    the written sum ``whole``, which then appears around them."""
    copies = [s.copy() for s in sources]
    return Succession(
        AnimationGroup(*[c.animate.move_to(whole[i]) for c, i in zip(copies, slots)]),
        AnimationGroup(FadeIn(whole), *[FadeOut(c) for c in copies]))


class ArgMaxPicksTheLargest(Scene):
    """The Iris network's raw outputs for petal 0, sepal 1; ArgMax turns the largest into 1
    and the others into 0; then the worked flower joins the other worked inputs in a table,
    and row by row ArgMax's 1 and 0s appear beside the raw outputs: the 1 marks the answer."""

    shows = Shows(PRESET, step=None, values=extra_values)

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        fw = trace.forward()
        raw, x = fw.raw[ROW], trace.inputs[ROW]
        names = species(trace)
        onehot = sm.argmax_onehot(raw)
        win = int(fw.choice[ROW])
        heading = title("ArgMax: 1 for the largest raw output")
        net = iris_network(trace, width=5.6, height=4.6, gap=1.45)
        net.move_to([-1.6, -0.25, 0])
        ins = VGroup(*[label(fmt_input(v), size=SIZES.label).move_to(n)
                       for v, n in zip(x, net.inputs)])
        outs = VGroup(*[label(fmt(v), size=SIZES.label).next_to(n, RIGHT, buff=0.2)
                        for v, n in zip(raw, net.outputs)])
        start = max(n.get_right()[0] for n in net.output_names) + 0.3
        arrows, ones = VGroup(), VGroup()
        for k, node in enumerate(net.outputs):
            arrow = Arrow([start, node.get_y(), 0], [start + 1.4, node.get_y(), 0], buff=0,
                          color=PALETTE.axis, stroke_width=SIZES.thin)
            arrows.add(arrow)
            ones.add(label(fmt_input(onehot[k]), size=SIZES.title,
                           color=PALETTE.species[k] if onehot[k] else PALETTE.muted)
                     .next_to(arrow, RIGHT, buff=0.35))
        out_head = label("ArgMax", size=SIZES.small).next_to(ones, UP, buff=0.45)
        winner = SurroundingRectangle(VGroup(net.outputs[win], ones[win]),
                                      color=PALETTE.species[win], buff=0.15)
        any_number = SurroundingRectangle(outs[int(np.argmin(raw))], color=PALETTE.callout,
                                          buff=0.06)
        verdict = label(f"Classify as {names[win]}", size=SIZES.label,
                        color=PALETTE.species[win]).to_edge(DOWN, buff=0.4)

        table = ArgMaxTable(trace, fw)
        table.scale_to_fit_width(min(table.width, 13.4)).move_to(DOWN * 0.35)
        moved = VGroup(*ins, *outs)
        into = [*table.inputs[ROW], *table.raw[ROW]]
        worked = SurroundingRectangle(VGroup(*table.inputs[ROW], *table.cells[ROW]),
                                      color=PALETTE.callout, buff=0.18)
        p, s = (plain(v) for v in x)
        one, zero = plain(onehot.max()), plain(onehot.min())
        a, b, c = (num(v) for v in raw)
        tops = [num(row[int(k)]) for row, k in zip(fw.raw, fw.choice)]

        def argmax_row(i: int, words: Say) -> Beat:
            return Beat((Succession(Create(table.largest[i]),
                                    AnimationGroup(*[FadeIn(m) for m in table.onehot[i]])),),
                        t.write * 2, t.pause, words)

        play_beats(self, [
            Beat((Write(heading), FadeIn(net)), t.draw, t.short_pause,
                 say("Here is the Iris network we just built: petal and sepal width go in, "
                     "through two ReLU nodes, and out come three raw outputs, one per species.")),
            Beat((FadeIn(ins),), t.write, t.short_pause,
                 say("We plug in petal width {p} and sepal width {s}.", p=p, s=s)),
            Beat((FadeIn(outs),), t.write, t.short_pause,
                 say("The raw outputs are {a} for Setosa, {b} for Versicolor and {c} for "
                     "Virginica.", a=a, b=b, c=c)),
            Beat((Create(arrows), FadeIn(out_head), Create(any_number)), t.write, t.short_pause,
                 say("Raw outputs can be any number, even negative, like {b}. To turn them into "
                     "a decision, we can send them through ArgMax.", b=b)),
            Beat((FadeOut(any_number), Write(ones),
                  Indicate(outs[win], color=PALETTE.species[win])),
                 t.write,
                 t.pause,
                 say("ArgMax sets the largest raw output, {a}, to {one}, and both others to "
                     "{zero}.", a=a, one=one, zero=zero)),
            Beat((Create(winner), Write(verdict)), t.write, t.pause,
                 say("So the output with the {one} is the answer: this flower is classified as "
                     "Setosa.", one=one)),
            Beat((Succession(  # the network goes first; its five numbers stay, then move
                FadeOut(VGroup(net, arrows, ones, out_head, winner, verdict)),
                AnimationGroup(*[m.animate.scale_to_fit_height(cell.height).move_to(cell)
                                 for m, cell in zip(moved, into)]),
                AnimationGroup(*[FadeIn(m) for m in table.static
                                 if m is not table.inputs])),),
                 t.move * 2.5, t.short_pause,
                 say("Let's put this flower in a table, with its inputs and raw outputs.")),
            Beat((Create(worked),), t.write, t.short_pause,
                 say("It is the bottom row: petal {p}, sepal {s}, raw outputs {a}, {b} and {c}.",
                     p=p, s=s, a=a, b=b, c=c)),
            Beat((*[FadeIn(r) for i, r in enumerate(table.inputs) if i != ROW],
                  *[FadeIn(r) for i, r in enumerate(table.raw) if i != ROW]), t.write, t.pause,
                 say("Above it are the other two inputs we pushed through the network in the "
                     "last chapter.")),
            Beat((FadeOut(worked), FadeOut(moved), FadeIn(table.inputs[ROW]),
                  FadeIn(table.raw[ROW])), t.short_pause, 0.0,
                 SILENT),
            argmax_row(0, say("ArgMax looks at each row on its own. In the top row the largest "
                              "raw output is Setosa's {top}, so Setosa gets {one} and the "
                              "others {zero}.", top=tops[0], one=one, zero=zero)),
            argmax_row(1, say("In the middle row the largest is Versicolor's {top}, so "
                              "Versicolor gets the {one}.", top=tops[1], one=one)),
            argmax_row(2, say("In the bottom row, our flower, Setosa's {top} is the largest "
                              "again.", top=tops[2])),
            Beat((FadeOut(table.largest), FadeIn(table.answers), Create(table.boxes)), t.write,
                 t.pause,
                 say("That is easy to read: the {one} sits under the answer, Setosa, then "
                     "Versicolor, then Setosa again.", one=one)),
            Beat((LaggedStart(*[Indicate(m, color=m.get_color(), scale_factor=1.1)
                                for m in table.answers[1:]], lag_ratio=0.3),), t.write,
                 t.pause,
                 say("ArgMax is great for classifying. But, as we will see, it cannot be used "
                     "to train the network. For that we use SoftMax.")),
        ])


class ArgMaxTable(VGroup):
    """Petal, sepal and the three outputs for every worked input: each output cell holds the
    raw output, and beside it, after an arrow, ArgMax's 1 or 0; then the answer each row's
    1 points at.

    Attributes: ``static`` (headings and inputs), ``inputs`` (petal and sepal per row),
    ``raw`` and ``onehot`` (per row: raw outputs; arrows with 1 and 0s), ``cells`` (both),
    ``largest`` (a frame around each row's largest raw output), ``answers`` (with their
    heading) and ``boxes`` (around each row's 1)."""

    SIZE = 34
    GAP = 0.42  # between columns
    STEP = 1.45  # between rows

    def __init__(self, trace: nnmath.Trace, fw):
        super().__init__()
        size = self.SIZE
        names = species(trace)
        header = [label(n.capitalize(), size=size) for n in trace.model().input_labels]
        header += [label(n, size=size, color=PALETTE.species[k]) for k, n in enumerate(names)]
        header.append(label("Answer", size=size))
        self.inputs, self.raw, self.onehot = VGroup(), VGroup(), VGroup()
        self.cells, answers = VGroup(), VGroup(header[-1])
        rows = []
        for x, raw, choice in zip(trace.inputs, fw.raw, fw.choice):
            row_raw = [label(fmt(v), size=size) for v in raw]
            marks = VGroup()
            for k, v in enumerate(sm.argmax_onehot(raw)):
                marks.add(VGroup(
                    Arrow(LEFT * 0.27, RIGHT * 0.27, buff=0, color=PALETTE.axis,
                          stroke_width=SIZES.thin * 1.5, max_tip_length_to_length_ratio=0.45),
                    label(fmt_input(v), size=SIZES.title,
                          color=PALETTE.species[k] if v else PALETTE.muted)))
            rows.append(([label(fmt_input(v), size=size) for v in x], row_raw, marks,
                         label(names[choice], size=size, color=PALETTE.species[choice])))
        raw_width = max(r.width for _, row_raw, _, _ in rows for r in row_raw)
        mark_width = 0.16 + 0.54 + 0.2 + max(m[1].width for _, _, marks, _ in rows for m in marks)
        widths = [max(h.width, *(row[0][j].width for row in rows)) for j, h in enumerate(header[:2])]
        widths += [max(h.width, raw_width + mark_width) for h in header[2:5]]
        widths.append(max(h.width for h in [header[-1], *(row[3] for row in rows)]))
        lefts = np.cumsum([0.0] + [w + self.GAP for w in widths[:-1]])
        centres = lefts + np.array(widths) / 2
        baseline = header[0][0].get_bottom()[1]
        for j, h in enumerate(header):  # on one baseline: "Virginica" hangs below it
            h.set_x(centres[j]).shift(UP * (baseline - h[0].get_bottom()[1]))
        for i, (ins, row_raw, marks, answer) in enumerate(rows):
            y = header[0].get_y() - self.STEP * (i + 1)
            for j, m in enumerate(ins):
                m.move_to([centres[j], y, 0])
            for k, (r, mark) in enumerate(zip(row_raw, marks)):
                slot = centres[2 + k] - (raw_width + mark_width) / 2
                r.move_to([slot + raw_width, y, 0], aligned_edge=RIGHT)
                mark[0].move_to([slot + raw_width + 0.16 + 0.27, y, 0])
                mark[1].next_to(mark[0], RIGHT, buff=0.2).set_y(y)
            answer.move_to([centres[-1], y, 0])
            self.inputs.add(VGroup(*ins))
            self.raw.add(VGroup(*row_raw))
            self.onehot.add(marks)
            self.cells.add(VGroup(*row_raw, *marks))
            answers.add(answer)
        self.largest = VGroup(*[SurroundingRectangle(row[int(c)], color=PALETTE.species[int(c)],
                                                     buff=0.1)
                                for row, c in zip(self.raw, fw.choice)])
        species_heads = VGroup(*header[2:5])
        self.head = label("raw output \u2192 ArgMax output", size=SIZES.label, color=PALETTE.axis)
        self.head.next_to(species_heads, UP, buff=0.3)
        self.static = VGroup(*header[:5], self.inputs, self.head)
        self.answers = answers
        self.boxes = VGroup(*[SurroundingRectangle(marks[int(c)][1],
                                                   color=PALETTE.species[int(c)], buff=0.13)
                              for marks, c in zip(self.onehot, fw.choice)])
        self.add(self.static, self.raw, self.onehot, answers, self.boxes, self.largest)


class SoftMaxWrittenOut(Scene):
    """SoftMax for petal 0, sepal 1 written out with every number: e to each raw output, the
    three added up, each divided by the sum (the numbers carried into each fraction); the
    results lie between 0 and 1, add up to 1 in their column and keep the order of the raw
    outputs."""

    shows = Shows(PRESET, step=None, values=extra_values)

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        raw, x = worked_raw(trace), trace.inputs[ROW]
        parts = sm.written_out(raw)
        exps, den, probs = parts["exponentials"], parts["denominator"], parts["probabilities"]
        names = species(trace)
        heading = title("SoftMax")
        given = label(f"Raw outputs for Petal = {fmt_input(x[0])}, Sepal = {fmt_input(x[1])}",
                      size=SIZES.small, color=PALETTE.axis).next_to(heading, DOWN, buff=0.2)
        e_txt, d_txt = [fmt(v, PLACES) for v in exps], fmt(den, PLACES)
        p_txt = [fmt(v, PLACES) for v in probs]
        rels = ["=" if written_quotient_is(q, e, d_txt) else r"\approx"
                for e, q in zip(e_txt, p_txt)]
        rounded_any = r"\approx" in rels
        cells, powers, shares = [], [], []
        for k in range(len(raw)):  # the exponent as large as the number it came from
            powers.append(equation(rf"e^{{\textstyle {fmt(raw[k])}}}", "=", e_txt[k]))
            shares.append(equation(rf"\frac{{{e_txt[k]}}}{{{d_txt}}}", rels[k], p_txt[k]))
            shares[k][2].shift(RIGHT * 0.15)  # room for a box between the sign and the number
            cells += [label(names[k], size=SIZES.label, color=PALETTE.species[k]),
                      label(fmt(raw[k]), size=SIZES.label), powers[k], shares[k]]
        grid = VGroup(*cells).arrange_in_grid(rows=len(raw), cols=4, buff=(0.5, 0.4),
                                              col_alignments="lrll")
        grid.next_to(given, DOWN, buff=1.3).to_edge(LEFT, buff=0.55)
        rows = [VGroup(*cells[4 * k:4 * k + 2]) for k in range(len(raw))]
        raws = VGroup(*cells[1::4])
        e_head = equation(r"e^{\textstyle\text{raw}}", size=SIZES.equation + 8)
        e_head.next_to(powers[0], UP, buff=0.3)
        s_head = equation(r"\text{SoftMax} = \frac{e^{\textstyle\text{raw}}}{\text{sum}}",
                          size=SIZES.equation - 4).next_to(shares[0], UP, buff=0.2)
        e_head.set_y(s_head.get_y())
        r_head = label("raw output", size=SIZES.small).move_to(raws[0]).set_y(s_head.get_y())
        # the probabilities added up in their own column: a rule, and the total under it
        column_nums = VGroup(*[s[2] for s in shares])
        one = fmt(parts["total"], PLACES)
        reach = (column_nums.width + 0.3) / 2
        rule = Line(LEFT * reach, RIGHT * reach, color=PALETTE.axis, stroke_width=SIZES.thin)
        rule.next_to(column_nums, DOWN, buff=0.3)
        rule.set_x(column_nums.get_x())
        p_total = equation("=" if written_sum_is(one, *p_txt) else r"\approx", one)
        p_total.next_to(rule, DOWN, buff=0.25)
        p_total.shift(RIGHT * (column_nums.get_right()[0] - p_total[1].get_right()[0]))
        e_sum = equation(e_txt[0], "+", e_txt[1], "+", e_txt[2],
                         "=" if written_sum_is(d_txt, *e_txt) else r"\approx", d_txt)
        e_sum.next_to(VGroup(*powers), DOWN, buff=0.6).align_to(powers[0], LEFT)
        e_sum.set_y(min(e_sum.get_y(), p_total.get_bottom()[1] - 0.7))
        sum_name = label("sum:", size=SIZES.label).next_to(e_sum, LEFT, buff=0.3)
        # the e^raw values travel right of their column, down, then left into the sum
        lane = VGroup(*powers).get_right()[0] + 0.6
        e_routes = [(powers[k][2], ([lane, powers[k][2].get_y(), 0], [lane, e_sum.get_y(), 0],
                                    e_sum[2 * k]))
                    for k in reversed(range(len(raw)))]
        # each fraction: its e^raw carried along its row, the sum up from below
        fractions = [[(powers[k][2], (shares[k][0][:len(e_txt[k])],)),
                      (e_sum[-1], (shares[k][0][len(e_txt[k]) + 1:],))]
                     for k in range(len(raw))]
        column = Rectangle(width=column_nums.width + 0.2, height=column_nums.height + 0.3,
                           color=PALETTE.callout).move_to(column_nums)
        # right of the box, a short arrow pointing left at it
        words = VGroup(*[label(line, size=SIZES.small, color=PALETTE.callout)
                         for line in ("each", "between", "0 and 1")]).arrange(DOWN, buff=0.1)
        words.next_to(column, RIGHT, buff=0.6)
        between = VGroup(Arrow(words.get_left(), [column.get_right()[0], words.get_y(), 0],
                               buff=0.08, color=PALETTE.callout, stroke_width=SIZES.thin * 1.5,
                               max_tip_length_to_length_ratio=0.3), words)
        # where the column's total comes later: under the fractions it explains
        rounded_note = label("\u2248 means about: rounded", size=SIZES.small,
                             color=PALETTE.callout)
        rounded_note.move_to(p_total).align_to(column, RIGHT)
        high, low = int(np.argmax(raw)), int(np.argmin(raw))
        order = VGroup(*[SurroundingRectangle(part, color=PALETTE.species[k], buff=0.1)
                         for k in (high, low) for part in (raws[k], shares[k][2])])
        ending = label("Between 0 and 1, add up to 1, same order", size=SIZES.label)
        ending.move_to(given)

        a, b, c = (num(v) for v in raw)
        ea, eb, ec = (prob(v) for v in exps)
        pa, pb, pc = (prob(v) for v in probs)
        d = prob(den)
        is_a, is_bc = ("is about" if r"\approx" in r else "is"
                       for r in (rels[0], rels[1] + rels[2]))
        negative = VGroup(*[SurroundingRectangle(part, color=PALETTE.callout, buff=0.08)
                            for part in (raws[low], powers[low][2])])
        zero, whole = plain(0.0), plain(parts["total"])
        play_beats(self, [
            Beat((Write(heading), FadeIn(given), FadeIn(r_head), FadeIn(VGroup(*rows))), t.write,
                 t.short_pause,
                 say("Now SoftMax, on the same raw outputs from the network we just built: "
                     "{a} for Setosa, {b} for Versicolor and {c} for Virginica.",
                     a=a, b=b, c=c)),
            Beat((FadeIn(e_head), Write(powers[0])), t.write, t.pause,
                 say("First, SoftMax raises e to the power of each raw output. e to the {a} "
                     "is {ea}.", a=a, ea=ea)),
            Beat((Succession(AnimationGroup(Write(powers[1]), Write(powers[2])),
                             Create(negative)),), t.write * 1.5, t.pause,
                 say("e to the {b} is {eb}, and e to the {c} is {ec}. Even a negative raw "
                     "output gives a positive number.", b=b, eb=eb, c=c, ec=ec)),
            Beat((FadeOut(negative), carry(e_routes, e_sum), FadeIn(sum_name)), t.move * 2, t.pause,
                 say("Then it adds the three up: {ea} plus {eb} plus {ec} " +
                     ("is" if written_sum_is(d_txt, *e_txt) else "is about, after rounding,") +
                     " {d}.",
                     ea=ea, eb=eb, ec=ec, d=d)),
            Beat((FadeIn(s_head), carry(fractions[0], shares[0])), t.move * 1.5, t.pause,
                 say("Setosa's SoftMax is its {ea} divided by the sum, {d}, which " + is_a +
                     " {pa}.", ea=ea, d=d, pa=pa)),
            *([Beat((FadeIn(rounded_note),
                     Circumscribe(shares[0][1], color=PALETTE.callout, buff=0.08)), t.write,
                    t.pause,
                    say("The wavy equals sign means about, because the numbers are rounded."))]
              if rounded_any else []),
            Beat((Succession(carry(fractions[1], shares[1]), carry(fractions[2], shares[2])),),
                 t.move * 3, t.pause,
                 say("Versicolor's is {eb} over {d}, which " + is_bc + " {pb}, and "
                     "Virginica's is {ec} over {d}, which " + is_bc + " {pc}.",
                     eb=eb, ec=ec, d=d, pb=pb, pc=pc)),
            Beat((*([FadeOut(rounded_note)] if rounded_any else []),
                  Succession(LaggedStart(*[Circumscribe(n, color=PALETTE.callout, buff=0.08)
                                           for n in column_nums], lag_ratio=0.7),
                             Create(rule), FadeIn(p_total))), t.move * 2, t.pause,
                 say("Because each is a share of the same sum, the three add up to one: {pa} "
                     "plus {pb} plus {pc} is {one}.", pa=pa, pb=pb, pc=pc,
                     one=prob(parts["total"]))),
            Beat((Create(column), show_callout(between)), t.write, t.pause,
                 say("And each one is between {zero} and {one}, so we can read them as the "
                     "network's predicted probabilities for the three species.",
                     zero=zero, one=whole)),
            Beat((FadeOut(column), FadeOut(between), Create(order)), t.write, t.pause,
                 say("They also keep the order of the raw outputs: Setosa's {a} is the "
                     "largest and gets the largest probability, {pa}; Versicolor's {b} is the "
                     "smallest and gets the smallest, {pb}.", a=a, pa=pa, b=b, pb=pb)),
            Beat((FadeOut(order), Succession(FadeOut(given), FadeIn(ending))), t.write, t.pause,
                 say("So SoftMax turns any raw outputs into probabilities between {zero} and "
                     "{one} that add up to {one} and keep their order.", zero=zero, one=whole)),
        ])


def sweep_panel(heading: str, xs, ys, colour: str, x_name: str, y_name: str):
    """Axes of one output (0 to 1) against its raw value, numbered every 1, with the curve
    nnmath swept and a heading. The x axis sits below 0, so a flat line at 0 stays clear of it.
    Returns (axes, line, heading)."""
    lo, hi = float(xs[0]), float(xs[-1])
    axes = plot_axes((lo, hi, 1.0), (-0.3, 1.0, 0.5), 5.2, 3.0, x_label=x_name, y_label=y_name,
                     x_ticks=list(np.arange(lo, hi + 0.5, 1.0)), y_ticks=[0.0, 1.0])
    line = curve(axes, xs, ys, colour)
    head = label(heading, size=SIZES.label).next_to(axes, UP, buff=0.2)
    return axes, line, head


def tangent(axes, near_xs, near_ys, at) -> Line:
    """A thick tangent line through two swept samples just either side of the point ``at``,
    lengthened and centred on it."""
    line = Line(axes.c2p(near_xs[0], near_ys[0]), axes.c2p(near_xs[-1], near_ys[-1]),
                color=PALETTE.tangent, stroke_width=SIZES.highlight)
    return line.set_length(TANGENT).move_to(at)


def sliding_tangent(axes, xs, ys, slopes, at) -> Line:
    """A tangent that rides the curve: at the swept sample ``at()`` it runs through
    (x, y) with the slope nnmath gives there."""
    def line():
        i = at()
        point = axes.c2p(xs[i], ys[i])
        step = axes.c2p(xs[i] + 1.0, ys[i] + slopes[i]) - axes.c2p(xs[i], ys[i])
        u = step / np.linalg.norm(step)
        room = [(point[0] - left) / u[0], (right - point[0]) / u[0]]  # to the axes' ends
        back, ahead = (min(TANGENT / 2, r) for r in room)
        return Line(point - u * back, point + u * ahead, color=PALETTE.tangent,
                    stroke_width=SIZES.highlight)
    left, right = (axes.c2p(v, 0)[0] for v in (float(xs[0]) + 0.05, float(xs[-1])))
    found = line()
    return found.add_updater(lambda m: m.become(line()))


def said_seconds(words: Say) -> float:
    """How long ``words`` take to say: a slide that lasts as long as its sentence."""
    return reading_seconds(words.text) * pace()


class SoftMaxForTraining(Scene):
    """Setosa's ArgMax output and SoftMax output as its raw value slides along the x axis,
    the other raw outputs fixed: a marker travels along each curve, its value changing.
    ArgMax is a flat step (slope 0 at the worked value 1.43 and on both flat stretches, no
    slope at the jump, so every step size is 0); SoftMax is a smooth S whose slope, read off
    a tangent sliding along it, is never 0. SoftMax for training, ArgMax for classifying;
    next, cross entropy."""

    shows = Shows(PRESET, step=None, values=extra_values)

    def construct(self):
        t = timing()
        trace = nnmath.build(PRESET)
        raw = worked_raw(trace)
        names = species(trace)
        name, colour = names[SWEPT], PALETTE.species[SWEPT]
        xs = sweep_xs(raw)
        swept = sm.sweep(raw, SWEPT, xs)
        here = int(np.searchsorted(xs, raw[SWEPT]))
        near_xs = np.array([raw[SWEPT] - NEAR, raw[SWEPT] + NEAR])
        near = sm.sweep(raw, SWEPT, near_xs)
        slope = sm.sweep(raw, SWEPT, [raw[SWEPT]])["slope"][0]
        flat = sm.argmax_grad(raw)[SWEPT, SWEPT]
        others = [k for k in range(len(raw)) if k != SWEPT]
        rival = max(others, key=lambda k: raw[k])  # where ArgMax's step stands

        heading = title("Training needs a slope")
        rule = label("Step size = slope \u00d7 learning rate", size=SIZES.small,
                     color=PALETTE.axis).next_to(heading, DOWN, buff=0.2)
        kept = label(" and ".join(f"{names[k]} {fmt(raw[k])}" for k in others) + " stay put",
                     size=SIZES.small, color=PALETTE.axis).next_to(heading, DOWN, buff=0.2)
        x_name = f"{name} raw output"
        left = sweep_panel("ArgMax", xs, swept["argmax"], colour, x_name, f"{name} ArgMax")
        right = sweep_panel("SoftMax", xs, swept["softmax"], colour, x_name, f"{name} SoftMax")
        VGroup(*left).move_to(LEFT * 3.4 + UP * 0.1)
        VGroup(*right).move_to(RIGHT * 3.65 + UP * 0.1)
        right[2].align_to(left[2], UP)  # "ArgMax" has a descender, "SoftMax" not

        # one marker per plot: both slide together, then only SoftMax's for its slope
        trackers = [ValueTracker(float(raw[SWEPT])) for _ in range(2)]

        def at(side: int):  # the swept sample nearest a marker
            return lambda: int(np.argmin(np.abs(xs - trackers[side].get_value())))

        def marker(axes, ys, side: int) -> Dot:
            dot = Dot(axes.c2p(xs[here], ys[here]), radius=SIZES.dot * 1.4, color=PALETTE.tangent)
            dot.set_z_index(3)
            return dot.add_updater(lambda m: m.move_to(axes.c2p(xs[at(side)()],
                                                                ys[at(side)()])))

        def drop(axes, ys, side: int) -> DashedLine:  # from the marker down to the x axis
            def line():
                i = at(side)()
                return DashedLine(axes.c2p(xs[i], ys[i]), axes.c2p(xs[i], -0.3),
                                  color=PALETTE.tangent, stroke_width=SIZES.thin, dash_length=0.1)
            found = line()
            return found.add_updater(lambda m: m.become(line()))

        def reading(ys, places: int, prefix: str, side: int, color=PALETTE.tangent) -> VGroup:
            words = label(prefix, size=SIZES.small, color=color)
            number = DecimalNumber(ys[here], num_decimal_places=places, font_size=42, color=color)
            def follow(m):  # digits on the words' baseline ("ArgMax" hangs below it)
                m.set_value(ys[at(side)()]).next_to(words, RIGHT, buff=0.15)
                m.align_to(words[0], DOWN)

            group = VGroup(words, number).arrange(RIGHT, buff=0.15)
            follow(number)
            number.add_updater(follow)
            return group

        dots = [marker(left[0], swept["argmax"], 0), marker(right[0], swept["softmax"], 1)]
        drops = [drop(left[0], swept["argmax"], 0), drop(right[0], swept["softmax"], 1)]
        readings = [reading(swept["argmax"], 0, "ArgMax =", 0),
                    reading(swept["softmax"], PLACES, "SoftMax =", 1)]
        for group, panel in zip(readings, (left, right)):
            group.next_to(panel[0], UP, buff=0.2)
            group[1].align_to(group[0][0], DOWN)
        readings[1].align_to(readings[0], DOWN)
        # the worked value, just above the x axis beside the marker's dashed line
        raw_now = VGroup(*[label(fmt(raw[SWEPT]), size=SIZES.small, color=PALETTE.tangent)
                           .next_to(axes.c2p(raw[SWEPT], -0.15), RIGHT, buff=0.1)
                           for axes in (left[0], right[0])])
        x = trace.inputs[ROW]
        now_note = label(f"In red: {fmt(raw[SWEPT])}, {name}'s raw output now "
                         f"(petal {fmt_input(x[0])}, sepal {fmt_input(x[1])})",
                         size=SIZES.small, color=PALETTE.tangent)
        now_note.next_to(left[0], DOWN, buff=0.15).set_x(0)
        left_tan = tangent(left[0], near_xs, near["argmax"], dots[0].get_center())
        right_tan = sliding_tangent(right[0], xs, swept["softmax"], swept["slope"], at(1))
        texts = [*left, *right, kept, *readings, *raw_now]
        flat_note = callout(left_tan.get_right(), f"slope {fmt_input(flat)}",
                            avoid=texts + [left_tan, left[1]], directions=(DOWN + RIGHT, DOWN),
                            reach=0.6)
        lo, hi = float(xs[0]), float(xs[-1])
        # the S's slope, in the empty top-left corner of its plot, pointing at the tangent
        corner = right[0].c2p(lo + 0.3, 0.85)
        slope_words = label(f"slope {fmt(slope)}", size=SIZES.small, color=PALETTE.callout)
        slope_words.next_to(corner, RIGHT, buff=0)
        slope_arrow = Arrow(slope_words.get_right(), right_tan.point_from_proportion(0.3),
                            buff=0.1, color=PALETTE.callout, stroke_width=SIZES.thin * 1.5,
                            max_tip_length_to_length_ratio=0.2)
        slope_note = VGroup(slope_arrow, slope_words)
        live_slope = reading(swept["slope"], 2, "slope", 1, color=PALETTE.callout)
        live_slope.next_to(corner, RIGHT, buff=0)
        live_slope[1].align_to(live_slope[0][0], DOWN)
        left_text = VGroup(
            label(f"Step size = {fmt_input(flat)} \u00d7 learning rate = {fmt_input(flat)}",
                  size=SIZES.small),
            label("Nothing is learned", size=SIZES.small, color=PALETTE.tangent),
        ).arrange(DOWN, buff=0.12).next_to(left[0], DOWN, buff=0.15).set_x(left[0].get_x())
        right_text = VGroup(
            label(f"Slope {fmt(slope)}, not 0", size=SIZES.small),
            label("Backpropagation can use it", size=SIZES.small, color=PALETTE.squiggle),
        ).arrange(DOWN, buff=0.12).next_to(right[0], DOWN, buff=0.15).set_x(right[0].get_x())
        left_text.set_y(min(left_text.get_y(), right_text.get_y()))
        right_text.set_y(left_text.get_y())
        general = rule.copy().set_color(PALETTE.text).move_to(left_text[0])  # the rule, filled in
        ending = label("SoftMax for training, ArgMax for classifying", size=SIZES.label)
        ending.to_edge(DOWN, buff=0.8)
        nxt = label("Next: cross entropy, how wrong the SoftMax probabilities are",
                    size=SIZES.small, color=PALETTE.axis).next_to(ending, DOWN, buff=0.2)

        # the jump, pointed at from the empty space left of it and above 0
        jump_words = VGroup(*[label(line, size=SIZES.small, color=PALETTE.callout)
                              for line in ("jump", f"at {fmt(raw[rival])}")])
        jump_words.arrange(DOWN, buff=0.1, aligned_edge=RIGHT)
        jump_words.next_to(left[0].c2p(-0.2, 0.62), LEFT, buff=0)
        jump_arrow = Arrow(jump_words.get_corner(DR) + LEFT * 0.3, left[0].c2p(raw[rival], 0.25),
                           buff=0.08,
                           color=PALETTE.callout, stroke_width=SIZES.thin * 1.5,
                           max_tip_length_to_length_ratio=0.35)
        jump_note = VGroup(jump_arrow, jump_words)
        no_slope = label("no slope", size=SIZES.small, color=PALETTE.callout)
        no_slope.move_to(jump_words).align_to(jump_words, RIGHT)
        step_ys = swept["argmax"]
        low_part, high_part = step_ys[0], step_ys[-1]
        stretches = VGroup(*[Line(left[0].c2p(a, y), left[0].c2p(b, y), color=PALETTE.tangent,
                                  stroke_width=SIZES.highlight)
                             for a, b, y in ((lo, raw[rival], low_part),
                                             (raw[rival], hi, high_part))])
        riser = Line(left[0].c2p(raw[rival], low_part), left[0].c2p(raw[rival], high_part),
                     color=PALETTE.callout, stroke_width=SIZES.highlight)
        v = {n: num(raw[k]) for n, k in (("now", SWEPT), ("rival", rival))}
        zero, one = plain(low_part), plain(high_part)
        bottom, top = lo + 0.5, hi - 0.5  # the marker stops clear of the y axis's numbers

        def slide(to: float, sides=(0, 1)):
            return [trackers[s].animate(rate_func=linear).set_value(to).build() for s in sides]

        def stop_values(to: float) -> list[float]:
            """What the readouts show with the markers at ``to``: the swept sample there."""
            i = int(np.argmin(np.abs(xs - to)))
            return [*extra_values(), xs[i], *[swept[k][i] for k in ("argmax", "softmax", "slope")]]

        def sliding(words: Say, to: float, sides=(0, 1)) -> Beat:
            return Beat(tuple(slide(to, sides)), said_seconds(words), t.short_pause, words,
                        shows=self.shows.at(values=lambda: stop_values(to)))

        there = float(raw[rival])
        play_beats(self, [
            Beat((Write(heading), Write(rule), Create(left[0]), Create(right[0])), t.draw,
                 t.short_pause,
                 say("Backpropagation needs slopes: remember, each step size is a slope times "
                     "the learning rate. So how do ArgMax and SoftMax change when a raw output "
                     "changes?")),
            Beat((*swap(rule, kept),  # the x axis names, pointed at
                  *[Indicate(axes[-1][-2], color=PALETTE.callout)
                    for axes in (left[0], right[0])]),
                 t.write, t.short_pause,
                 say(f"On the x axis is {name}'s raw output. {names[others[0]]} stays at {{o0}} "
                     f"and {names[others[1]]} at {{o1}} the whole time.",
                     o0=num(raw[others[0]]), o1=num(raw[others[1]]))),
            Beat((Write(left[2]), Create(left[1]), show_callout(jump_note)), t.draw, t.short_pause,
                 say(f"ArgMax gives {name} {{zero}} while its raw output is below "
                     f"{names[rival]}'s {{rival}}, and {{one}} above it: a step.",
                     rival=v["rival"], zero=zero, one=one)),
            Beat((Write(right[2]), Create(right[1])), t.draw, t.short_pause,
                 say(f"SoftMax gives {name} a probability that rises smoothly from near "
                     "{zero} to near {one}: an S shape.", zero=zero, one=one)),
            Beat((FadeIn(raw_now), FadeIn(now_note), FadeIn(VGroup(*dots)),
                  FadeIn(VGroup(*drops)), *swap(left[2], readings[0], lift=0.15),
                  *swap(right[2], readings[1], lift=0.15)), t.write, t.pause,
                 say(f"Right now {name}'s raw output is {{now}}, so ArgMax gives {{one}} and "
                     "SoftMax gives {p}.", now=v["now"], one=one,
                     p=prob(swept["softmax"][here]))),
            Beat((FadeOut(now_note), FadeOut(raw_now)), t.short_pause, 0.0, SILENT),
            sliding(say(f"Slide it down: SoftMax falls smoothly, but ArgMax stays flat at "
                        f"{{one}} all the way to {names[rival]}'s {{rival}}.",
                        one=one, rival=v["rival"]), there),
            sliding(say("Below it, ArgMax drops straight to {zero}, and SoftMax keeps falling "
                        "gently.", zero=zero), bottom),
            sliding(say("Slide it up: SoftMax rises gradually, while ArgMax sits flat at "
                        "{zero} until {rival}.", zero=zero, rival=v["rival"]), there),
            sliding(say("There it jumps to {one}, and stays flat again.", one=one), top),
            Beat(tuple(slide(float(raw[SWEPT]))), t.move, 0.0, SILENT),
            Beat((FadeIn(raw_now), Create(left_tan), show_callout(flat_note)), t.write, t.pause,
                 say("At {now}, ArgMax is flat, so its slope is {flat}.",
                     now=v["now"], flat=plain(flat))),
            Beat((FadeOut(left_tan), Create(stretches)), t.draw, t.pause,
                 say("Away from the jump it is flat everywhere: slope {flat} on both sides.",
                     flat=plain(flat))),
            Beat((Create(riser), *swap(jump_words, no_slope)), t.write, t.pause,
                 say("And at the jump it goes straight up, so there it has no slope at all.")),
            Beat((Succession(FadeIn(general),
                             AnimationGroup(*swap(general, left_text[0], lift=0.15)),
                             Write(left_text[1])),), t.write * 3, t.pause,
                 say("So every step size would be {flat} times the learning rate, which is "
                     "{flat}: the network would never change.", flat=plain(flat))),
            Beat((Create(right_tan), show_callout(slope_note)), t.write, t.pause,
                 say("SoftMax's S has a real slope at {now}: {slope}.",
                     now=v["now"], slope=num(slope))),
            Beat((FadeOut(slope_note), FadeOut(raw_now[1]), FadeIn(live_slope)), t.short_pause, 0.0,
                 SILENT),
            sliding(say("Slide the tangent along the S: its slope shrinks toward both ends, "
                        "but it never becomes exactly flat."), bottom, (1,)),
            sliding(say("It is steepest near the middle, and it stays above {zero} all the way "
                        "up.", zero=zero), top, (1,)),
            Beat((*slide(float(raw[SWEPT]), (1,)), FadeIn(slope_arrow),
                  FadeIn(raw_now[1], rate_func=lambda a: max(0.0, 4 * a - 3))), t.move,
                 t.short_pause,
                 say("Back at {now}, the slope is {slope} again.", now=v["now"],
                     slope=num(slope))),
            Beat((Write(right_text),), t.write, t.pause,
                 say("So backpropagation can use SoftMax to find how to change the weights and "
                     "biases.")),
            Beat((Succession(FadeOut(VGroup(left_text, right_text)), Write(ending)),), t.write * 2,
                 t.pause,
                 say("That is why we use SoftMax to train the network, and ArgMax to classify "
                     "once it is trained.")),
            Beat((FadeIn(nxt),), t.write, t.pause * 2,
                 say("To train with SoftMax, we need a way to measure how wrong its "
                     "probabilities are. That is cross entropy, next.")),
        ])
