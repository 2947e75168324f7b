"""Chapter: backpropagation in detail. Part 1 (preset ``details-w3-w4-b3``): w3, w4 and b3
optimised together, each derivative through the chain rule with numbers plugged in, then
gradient descent until every step size is tiny. Part 2 (preset ``details-all``): all seven
parameters; the chain rule for w1, b1, w2 and b2 goes through a hidden node; then the
whole learning process, its first wild steps slowly, the rest on a log scale.

    manim -pql scenes/backprop_details.py LearningAllSeven
"""

from __future__ import annotations

import numpy as np
from manim import (Create, FadeIn, FadeOut, Scene, Transform, VGroup, Write, DOWN, DR, LEFT,
                   ORIGIN, RIGHT, UL, UP)

import nnmath
from scenes.common.beats import Beat, Shows, play_beats
from scenes.common.chain_pictures import (node_names, node_values, panel_names, side_network,
                                          slope_dots, start_plot)
from scenes.common.chain_table import ChainTable, StepTable, chain_terms, sum_tex
from scenes.common.learning_run import learning_run, shown_value
from scenes.common.narration import SILENT, Value, count, num, plain, say, small
from scenes.common.node_story import dosage_grid
from scenes.common.numbers import fmt, fmt_input, fmt_signed, fmt_small, relation, written_product_is
from scenes.common.panels import activation_panel
from scenes.common.plots import curve
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import equation, label, stacked, swap, title
from scenes.common.timing import timing

PART1 = "details-w3-w4-b3"
PART2 = "details-all"
HIDDEN = ("w1", "b1", "w2", "b2")

__all__ = ["ThreeDerivatives", "FittingW3W4B3", "ChainThroughHiddenNode", "LearningAllSeven"]


def traces() -> list[nnmath.Trace]:
    """The two traces this chapter reads."""
    return [nnmath.build(PART1), nnmath.build(PART2)]


def extra_values() -> np.ndarray:
    """Values nnmath computes from the traces at their first step: each chain-rule product
    and the forward pass on the data (x1, y1, ... before the first step)."""
    out = []
    for trace in traces():
        out.append(chain_terms(trace, 0))
        out += [np.ravel(v) for v in trace.forward(k=0).as_dict().values()]
    return np.concatenate(out)


def clear(t, *mobjects) -> Beat:
    """A short silent beat that takes ``mobjects`` away before the next thing takes their
    place (no two tables fading through each other)."""
    return Beat(tuple(FadeOut(m) for m in mobjects), t.short_pause, 0.0, SILENT)


def shared_tables(trace, names, k: int = 0, **kw) -> dict[str, ChainTable]:
    """The chain-rule tables of ``names`` with the same columns, so that one can turn into
    the next by changing only the rows that differ."""
    first = [ChainTable(trace, n, k, **kw) for n in names]
    common = (max(tb.widths[0] for tb in first),
              [max(ws) for ws in zip(*[tb.widths[1] for tb in first])])
    return {n: ChainTable(trace, n, k, min_widths=common, **kw) for n in names}


def row_swap(old: ChainTable, new: ChainTable, row: int = 1) -> tuple:
    """Animations that replace one factor row of ``old`` by the same row of ``new`` (the
    other rows stay)."""
    return tuple(a for a_cell, b_cell in zip(old.rows[row], new.rows[row])
                 for a in swap(a_cell, b_cell))


def new_labels(net, step, names) -> dict:
    """The network's labels for the values after ``step``, highlighted, where the old ones
    are (a bias's label starts where the old one starts, clear of the arrow)."""
    out = {}
    for n in names:
        value = step.new_params[n]
        text = label(fmt_signed(value) if n.startswith("b") else f"\u00d7 {fmt(value)}",
                     size=SIZES.small, color=PALETTE.callout)
        out[n] = text.move_to(net.weight_labels[n],
                              aligned_edge=LEFT if n.startswith("b") else ORIGIN)
    return out


def ssr(x: float) -> Value:
    """An SSR as the learning run writes it (three significant figures when small)."""
    return Value(float(x), lambda v: shown_value("SSR", v))


def values(xs, formatter=num) -> dict[str, Value]:
    """{a, b, c}: three per-dosage values for a sentence."""
    return dict(zip("abc", (formatter(float(x)) for x in xs)))


class ThreeDerivatives(Scene):
    """Part 1: w3, w4 and b3 start at 0.36, 0.63 and 0; the derivative of the SSR with
    respect to each, through the chain rule with the numbers plugged in (the residuals on
    the plot, the hidden nodes' outputs y1 and y2 at the three dosages), then the first
    step for all three."""

    shows = Shows(PART1, step=0)

    def construct(self):
        t = timing()
        trace = nnmath.build(PART1)
        start = trace.params_at(0)
        chain = trace.chain(0)
        net = side_network(start, trace.model())
        grid = dosage_grid(trace)
        fw = trace.forward(grid, k=0)
        axes, dots, squiggle, lines, r_texts, _ = start_plot(trace, [*fw.y1, *fw.y2])
        blue, blue_texts, blue_name, y1 = node_values(axes, trace, grid, 1)
        orange, orange_texts, orange_name, y2 = node_values(axes, trace, grid, 2)
        names = node_names(net, trace)
        heading = title("w3, w4 and b3 together").to_edge(RIGHT, buff=0.4)
        size = SIZES.equation - 4
        pred = equation(r"\text{Predicted} = ", r"w_3 \, y_1", "+", r"w_4 \, y_2", "+ b_3", size=size)
        pred[1].set_color(PALETTE.top)
        pred[3].set_color(PALETTE.bottom)
        pred.next_to(heading, DOWN, buff=0.3).to_edge(RIGHT, buff=0.4)
        tables = shared_tables(trace, trace.optimised)
        tables["w3"].next_to(pred, DOWN, buff=1.1).to_edge(RIGHT, buff=0.25)
        for table in tables.values():  # one table whose second row changes
            table.shift(tables["w3"].head.get_center() - table.head.get_center())
        steps = StepTable(trace, 0, trace.optimised).next_to(pred, DOWN, buff=0.9)
        steps.to_edge(RIGHT, buff=0.3)
        step = trace.step(0)
        new = new_labels(net, step, trace.optimised)
        moved = curve(axes, grid, trace.forward(grid, k=1).predicted, PALETTE.squiggle)
        w3t, w4t, b3t = tables["w3"], tables["w4"], tables["b3"]
        g = {n: num(chain.gradient(n)) for n in trace.optimised}
        first = chain.factors["dSSR/dPredicted"]
        play_beats(self, [
            Beat((FadeIn(net), Write(heading)), t.draw, t.short_pause,
                 say("So far backpropagation optimised only the last bias, b3. Now we optimise "
                     "w3, w4 and b3 together, on the same network: the hidden nodes keep their "
                     "weights and biases.")),
            Beat(tuple(net.focus("w3", "w4", "b3")), t.write, t.short_pause,
                 say("This time w3, w4 and b3 start at {w3}, {w4} and {b3}.",
                     w3=start["w3"], w4=start["w4"], b3=start["b3"])),
            Beat((Create(axes), FadeIn(dots), Create(squiggle)), t.draw, t.short_pause,
                 say("With these values the green squiggle is nowhere near the data.")),
            Beat((FadeIn(names["y1"]), FadeIn(names["y2"]), Write(pred)), t.write, t.short_pause,
                 say("Each predicted value is y1, the top node's output, times w3, plus y2, "
                     "the bottom node's output, times w4, plus b3.")),
            Beat((FadeIn(w3t.head), *[FadeIn(row[0]) for row in w3t.rows]), t.write,
                 t.short_pause,
                 say("The chain rule links the SSR to w3 through the predicted values: the "
                     "derivative of the SSR with respect to Predicted, times the derivative of "
                     "Predicted with respect to w3, at each of the three dosages.")),
            Beat((Create(lines), FadeIn(r_texts), FadeIn(VGroup(*w3t.rows[0][1:]))), t.write,
                 t.pause,
                 say("As in the last chapter, the first factor is minus two times each red "
                     "residual: {a}, {b} and {c}.", **values(first))),
            clear(t, lines, r_texts),
            Beat((Create(blue), FadeIn(blue_texts), FadeIn(blue_name),
                  FadeIn(VGroup(*w3t.rows[1][1:]))) + tuple(net.focus("w3")), t.draw, t.pause,
                 say("Predicted grows by y1 for every unit of w3, so the second factor is y1: "
                     "the top node's output at each dosage, the blue dots, {a}, {b} and {c}.",
                     **values(y1))),
            Beat((Create(w3t.rule), FadeIn(w3t.products)), t.write, t.pause,
                 say("Multiplying down each column gives {a}, {b} and {c}.",
                     **values(chain.terms("w3")))),
            Beat((Write(w3t.total),), t.write, t.pause,
                 say("Adding the products gives the derivative of the SSR with respect to w3: "
                     "{g}.", g=g["w3"])),
            Beat((*row_swap(w3t, w4t), FadeOut(VGroup(w3t.rule, w3t.products, w3t.total)),
                  FadeOut(blue_texts), Create(orange), FadeIn(orange_texts), FadeIn(orange_name))
                 + tuple(net.focus("w4")), t.draw, t.pause,
                 say("For w4 only the second factor changes: it is y2, the bottom node's "
                     "output, the orange dots, {a}, {b} and {c}.", **values(y2))),
            Beat((Create(w4t.rule), FadeIn(w4t.products)), t.write, t.pause,
                 say("The products are {a}, {b} and {c}.", **values(chain.terms("w4")))),
            Beat((Write(w4t.total),), t.write, t.pause,
                 say("Their sum, the derivative with respect to w4, is {g}.", g=g["w4"])),
            Beat((*row_swap(w4t, b3t), FadeOut(VGroup(w4t.rule, w4t.products, w4t.total)),
                  FadeOut(orange_texts)) + tuple(net.focus("b3")), t.write, t.pause,
                 say("For b3 the second factor is {one}, exactly as in the last chapter: "
                     "Predicted grows one for one with b3.",
                     one=plain(chain.factors["dPredicted/db3"][0]))),
            Beat((Create(b3t.rule), FadeIn(b3t.products), Write(b3t.total)), t.write, t.pause,
                 say("So the products are the first factors, and the derivative is their sum: "
                     "{g}.", g=g["b3"])),
            clear(t, w3t.head, *w3t.rows[0], *b3t.rows[1], b3t.rule, b3t.products, b3t.total),
            Beat((FadeIn(steps.blocks[0]),) + tuple(net.focus("w3", "w4", "b3")),
                 t.write, t.pause,
                 say("Gradient descent uses all three derivatives at once: each step size is "
                     "the derivative times the learning rate, {lr}: {a} for w3, {b} for w4 and "
                     "{c} for b3.", lr=plain(step.learning_rate),
                     **values([step.step_sizes[n] for n in trace.optimised], small))),
            *[Beat((FadeIn(steps.blocks[1][0]),) * (i == 0) +
                   (FadeIn(steps.blocks[1][1 + i]), *swap(net.weight_labels[n], new[n])),
                   t.write, t.short_pause,
                   say("Each parameter moves by its step size: " * (i == 0) +
                       f"{n} goes from " + "{a} to {b}.", a=step.params[n], b=step.new_params[n]))
              for i, n in enumerate(trace.optimised)],
            Beat((Transform(squiggle, moved),), t.move, t.pause,
                 say("With w3 = {w3}, w4 = {w4} and b3 = {b3}, the squiggle drops, closer to "
                     "the two points at zero, though now further below the middle one. Next, "
                     "we repeat these steps until the step sizes are tiny.",
                     w3=step.new_params["w3"], w4=step.new_params["w4"], b3=step.new_params["b3"])),
        ])


def final_summary(run, names) -> VGroup:
    """The values the run stopped at and the last SSR, where the legend was."""
    trace = run.trace
    final = trace.final()
    parts = [f"{n} = {fmt(final[n])}" for n in names] + [f"SSR = {shown_value('SSR', trace.final_loss)}"]
    lines = [", ".join(parts[i:i + 2]) for i in range(0, len(parts), 2)]
    return stacked(*[label(s, size=SIZES.small) for s in lines], buff=0.1)


def run_intro(run, t, heading: str, words) -> list[Beat]:
    """Draw the run's two plots at step 0, with the learning rate and the stopping rule."""
    trace = run.trace
    rule = VGroup(label(f"learning rate {fmt_input(trace.learning_rates[0])}", size=SIZES.small),
                  label(f"stop when every step size \u2264 {fmt_input(trace.settings['tolerance'])}",
                        size=SIZES.small)).arrange(DOWN, aligned_edge=RIGHT, buff=0.1)
    rule.to_corner(UP + RIGHT, buff=0.25)
    top = title(heading).to_edge(LEFT, buff=0.5)
    return [
        Beat((Write(top), Create(run.axes), FadeIn(run.dots),
              *[Create(line) for line in run.lines], FadeIn(run.legend), FadeIn(rule)), t.draw,
             t.short_pause, words),
        Beat((Create(run.ssr_axes), FadeIn(run.marker), FadeIn(run.readout)), t.draw,
             t.short_pause,
             say("On the right, the SSR after each step, on a log scale: each line up means "
                 "ten times as much. Under it, the step, the SSR, which starts at {s}, and the "
                 "current value of every parameter being learned.", s=trace.loss[0])),
    ]


class FittingW3W4B3(Scene):
    """Part 1: the squiggle improving step by step while w3, w4 and b3 change, the SSR on a
    log scale, until every step size is at most the tolerance."""

    shows = Shows(PART1, step=0)

    def construct(self):
        t = timing()
        trace = nnmath.build(PART1)
        turn, flip = 20, 100  # w3 and w4 just below zero; the curves upside down
        run = learning_run(trace, stops=(turn, flip))
        p = {k: trace.params_at(k) for k in (turn, flip)}
        names = trace.optimised
        final = trace.final()
        summary = final_summary(run, names).next_to(run.axes, DOWN, buff=0.2)
        summary.align_to(run.legend, LEFT)
        play_beats(self, run_intro(run, t, "w3, w4 and b3 learn", say(
            "The network steps aside so we can watch the whole run; its three changing values "
            "will be written under the SSR. Gradient descent repeats that step, with learning "
            "rate {lr}, until every step size is at most {tol}. On the left, the hidden nodes' "
            "outputs times w3 and w4, and their sum plus b3: the green squiggle.",
            lr=plain(trace.learning_rates[0]), tol=plain(trace.settings["tolerance"]))))
        run.attach(self)
        play_beats(self, [
            Beat((run.to(turn),), t.draw * 3, t.short_pause,
                 say("Watch the blue and orange curves and the values under the SSR. w3 and w4 "
                     "shrink and pass zero: by step {k}, w3 is {w3} and w4 is {w4}, so both "
                     "curves are almost flat, while b3 has grown to {b3} and lifts the squiggle.",
                     k=count(turn), w3=p[turn]["w3"], w4=p[turn]["w4"], b3=p[turn]["b3"]),
                 shows=self.shows.at(step=turn)),
            Beat((run.to(flip),), t.draw * 5, t.short_pause,
                 say("Now w3 and w4 grow more and more negative, so both curves flip upside "
                     "down: by step {k}, w3 is {w3}, w4 is {w4} and b3 is {b3}. The SSR is down "
                     "to {s}.", k=count(flip), w3=p[flip]["w3"], w4=p[flip]["w4"],
                     b3=p[flip]["b3"], s=trace.loss[flip]),
                 shows=self.shows.at(step=flip)),
            Beat((run.to(trace.n_steps),), t.draw * 5, t.short_pause,
                 say("From there the curves keep stretching and the squiggle settles onto the "
                     "data, while the SSR falls steadily on the log scale."),
                 shows=self.shows.at(step=None)),
            clear(t, run.legend),
            Beat((FadeIn(summary),), t.write, t.pause * 2,
                 say("After {n} steps every step size is at most {tol}, so we stop, with w3 = "
                     "{w3}, w4 = {w4} and b3 = {b3}. The SSR is only {s}. BAM!",
                     n=count(trace.n_steps), tol=plain(trace.settings["tolerance"]),
                     w3=final["w3"], w4=final["w4"], b3=final["b3"], s=ssr(trace.final_loss)),
                 shows=self.shows.at(step=None)),
        ])


class ChainThroughHiddenNode(Scene):
    """Part 2: all seven parameters start again; the derivative of the SSR with respect to
    w1 needs two more links, through the top node (x1 in, y1 out, the slope of softplus
    between them); b1, w2 and b2 the same way; then the first step for all seven."""

    shows = Shows(PART2, step=0)

    def construct(self):
        t = timing()
        trace = nnmath.build(PART2)
        start = trace.params_at(0)
        chain = trace.chain(0)
        fw = trace.forward(k=0)
        net = side_network(start, trace.model())
        names = node_names(net, trace)
        axes, dots, squiggle, lines, r_texts, _ = start_plot(trace)
        panel = activation_panel("softplus", -3.0, 3.0, width=5.2, height=2.0)
        panel.to_corner(DOWN + LEFT, buff=0.5).shift(RIGHT * 0.5)
        top_dots = slope_dots(panel, fw.x1, fw.y1, chain.factors["dy1/dx1"], PALETTE.top,
                              (UL, UL, DR))
        bottom_dots = slope_dots(panel, fw.x2, fw.y2, chain.factors["dy2/dx2"], PALETTE.bottom,
                                  (RIGHT, UP, UL))
        size = SIZES.equation - 4
        defs = stacked(equation(r"x_1 = w_1 \times \text{Dosage} + b_1", size=size, color=PALETTE.top),
                       equation(rf"y_1 = {trace.model().activations()['hidden'].tex_name}(x_1)", size=size,
                                color=PALETTE.top),
                       equation(r"\text{Predicted} = w_3 \, y_1 + w_4 \, y_2 + b_3", size=size),
                       buff=0.3)
        defs.to_corner(UP + RIGHT, buff=0.6)
        axis_names = panel_names(panel, "x_1", "y_1", PALETTE.top)
        axis_names2 = panel_names(panel, "x_2", "y_2", PALETTE.bottom)
        step = trace.step(0)
        x_note = {"dy1/dx1": ("x_1", fw.x1, PALETTE.top)}
        tables = {"w1": ChainTable(trace, "w1", 0, notes=x_note),
                  "b1": ChainTable(trace, "b1", 0, notes=x_note),
                  "w2": ChainTable(trace, "w2", 0, notes={"dy2/dx2": ("x_2", fw.x2, PALETTE.bottom)}),
                  "b2": ChainTable(trace, "b2", 0, notes={"dy2/dx2": ("x_2", fw.x2, PALETTE.bottom)})}
        for table in tables.values():
            table.to_corner(UP + RIGHT, buff=0.15)
        outputs = [equation(rf"y_{i}:\ " + r",\ ".join(fmt(v) for v in ys), size=size, color=c)
                   for i, ys, c in ((1, fw.y1, PALETTE.top), (2, fw.y2, PALETTE.bottom))]
        outer = stacked(*outputs,
                        *[equation(sum_tex(trace, n, 0), size=size) for n in ("w3", "w4", "b3")],
                        buff=0.3).to_corner(UP + RIGHT, buff=0.4)
        steps = StepTable(trace, 0, trace.optimised).to_corner(UP + RIGHT, buff=0.3)
        steps.blocks[1].move_to(steps.blocks[0], aligned_edge=UL)  # in its place, after it
        w3_row = list(trace.optimised).index("w3")
        new = new_labels(net, step, trace.optimised)
        g = {n: num(chain.gradient(n)) for n in trace.optimised}
        w1t = tables["w1"]
        play_beats(self, [
            Beat((FadeIn(net),), t.draw, t.short_pause,
                 say("So far the hidden nodes kept their weights and biases. Now all seven "
                     "parameters are unknown. We start again, with w1 = {w1}, w2 = {w2}, w3 = "
                     "{w3}, w4 = {w4}, and every bias {b}.", w1=start["w1"], w2=start["w2"],
                     w3=start["w3"], w4=start["w4"], b=start["b1"])),
            Beat(tuple(net.focus("path:top")) + (FadeIn(names["x1"]), FadeIn(names["y1"]),
                                                 Write(defs)), t.write, t.pause,
                 say("Inside the top node, x1 is the dosage times w1, plus b1, and y1, the "
                     "node's output, is softplus of x1. On the way out, y1 is multiplied by w3.")),
            clear(t, defs),
            Beat((FadeIn(w1t.head), *[FadeIn(row[0]) for row in w1t.rows]),
                 t.write, t.pause,
                 say("So the chain rule for w1 has four links: the SSR to Predicted, Predicted "
                     "to y1, y1 to x1, and x1 to w1.")),
            Beat((Create(axes), FadeIn(dots), Create(squiggle), Create(lines), FadeIn(r_texts),
                  FadeIn(VGroup(*w1t.rows[0][1:]))), t.draw, t.pause,
                 say("With these starting values the squiggle misses the data. As before, the "
                     "first factor is minus two times each red residual: {a}, {b} and {c}.",
                     **values(chain.factors["dSSR/dPredicted"]))),
            Beat(tuple(net.focus("w3")) + (FadeIn(VGroup(*w1t.rows[1][1:])),), t.write, t.pause,
                 say("Predicted grows by w3 for every unit of y1, so the second factor is w3, "
                     "{w3}, at every dosage.", w3=start["w3"])),
            clear(t, axes, dots, squiggle, lines, r_texts),
            Beat((Create(panel), FadeIn(axis_names),
                  FadeIn(w1t.notes["dy1/dx1"])) +
                 tuple(net.focus("path:top")), t.draw, t.short_pause,
                 say("For the third factor we need x1 at each dosage: {a}, {b} and {c}.",
                     **values(fw.x1))),
            Beat((FadeIn(top_dots), FadeIn(VGroup(*w1t.rows[2][1:]))), t.write, t.pause,
                 say("y1 is softplus of x1, so it changes by the slope of the softplus curve at "
                     "x1, the red tangent lines: {a}, {b} and {c}.",
                     **values(chain.factors["dy1/dx1"]))),
            Beat(tuple(net.focus("w1", "input")) + (FadeIn(VGroup(*w1t.rows[3][1:])),), t.write,
                 t.pause,
                 say("Last, x1 grows by the dosage for every unit of w1: {a}, {b} and {c}.",
                     **values(trace.inputs, plain))),
            Beat((Create(w1t.rule), FadeIn(w1t.products)), t.write, t.pause,
                 say("Multiplying down each column gives {a}, {b} and {c}.",
                     **values(chain.terms("w1")))),
            Beat((Write(w1t.total),), t.write, t.pause,
                 say("Adding them up, the derivative of the SSR with respect to w1 is {g}.",
                     g=g["w1"])),
            clear(t, w1t),
            Beat((FadeIn(tables["b1"]),) + tuple(net.focus("b1")), t.write, t.pause,
                 say("For b1 only the last factor changes: x1 grows one for one with b1, so it "
                     "is {one}. The products add up to {g}.",
                     one=plain(chain.factors["dx1/db1"][0]), g=g["b1"])),
            clear(t, tables["b1"], top_dots),
            Beat((FadeIn(bottom_dots), *swap(axis_names, axis_names2),
                  FadeIn(names["x2"]), FadeIn(names["y2"]), FadeIn(tables["w2"])) +
                 tuple(net.focus("path:bottom")), t.write, t.pause,
                 say("The bottom node works the same way, with x2, y2, w4 = {w4} and the slope "
                     "of softplus at x2. The derivative for w2 is {g}.", w4=start["w4"],
                     g=g["w2"])),
            clear(t, tables["w2"]),
            Beat((FadeIn(tables["b2"]),) + tuple(net.focus("b2")), t.write,
                 t.pause,
                 say("And for b2, whose last factor is {one}, it is {g}.",
                     one=plain(chain.factors["dx2/db2"][0]), g=g["b2"])),
            clear(t, tables["b2"], panel, bottom_dots, axis_names2),
            Beat((Write(outer),) + tuple(net.focus("w3", "w4", "b3")),
                 t.write, t.pause,
                 say("w3, w4 and b3 work as earlier in this chapter: the first factor times "
                     "y1, y2 or one. With these starting values y1 is {d}, {e} and {f}, and the "
                     "products add up to {a}, {b} and {c}.", **dict(zip("def", (num(float(v)) for v in fw.y1))),
                     a=g["w3"], b=g["w4"], c=g["b3"])),
            clear(t, outer),
            Beat((FadeIn(steps.blocks[0]),) +
                 tuple(net.focus(*trace.optimised)), t.write * 2, t.pause,
                 say("One gradient-descent step then changes all seven at once, each by its "
                     "derivative times the learning rate, {lr}.", lr=plain(step.learning_rate))),
            Beat((steps.blocks[0][1 + w3_row].animate.set_color(PALETTE.callout),), t.write,
                 t.pause,
                 say("w3's step, {s}, is by far the biggest.", s=small(step.step_sizes["w3"]))),
            clear(t, steps.blocks[0]),
            Beat((FadeIn(steps.blocks[1]),) +
                 tuple(a for n in trace.optimised for a in swap(net.weight_labels[n], new[n])) +
                 tuple(FadeOut(m) for m in names.values()), t.move, t.pause * 2,
                 say("Each parameter moves by its step size, old value minus step size: the "
                     "network now has w1 = {w1}, w3 = {w3} and b3 = {b3}. Next, we repeat this "
                     "step many times.",
                     w1=step.new_params["w1"], w3=step.new_params["w3"], b3=step.new_params["b3"])),
        ])


class LearningAllSeven(Scene):
    """Part 2: the whole run: the first, too-big steps slowly (the SSR rises before it
    falls), then the long way down on a log scale, then the seven values it stops at."""

    shows = Shows(PART2, step=0)

    def construct(self):
        t = timing()
        trace = nnmath.build(PART2)
        wild, slow = 4, 200  # the overshooting first steps; the slow stretch after them
        run = learning_run(trace, stops=(wild, slow),
                           layout=[["Step", "SSR", "b3"], ["w1", "b1", "w3"], ["w2", "b2", "w4"]])
        names = trace.optimised
        peak = int(np.argmax(trace.loss[:wild + 1]))
        first = trace.step(0)
        summary = final_summary(run, names).next_to(run.axes, DOWN, buff=0.2)
        summary.align_to(run.legend, LEFT)
        size, slope = fmt_small(first.step_sizes["w3"]), fmt_small(first.gradients["w3"])
        sign = relation(lambda _: written_product_is(size, slope, fmt_input(first.learning_rate)))
        sign = "=" if sign == "=" else "\u2248"
        note = stacked(label("w3's first step:", size=SIZES.small, color=PALETTE.callout),
                       label(f"{slope} \u00d7 {fmt_input(first.learning_rate)} {sign} {size}",
                             size=SIZES.small, color=PALETTE.callout), buff=0.12)
        # inside the SSR plot, right of where its first steps are drawn
        note.move_to(run.ssr_axes.c2p(trace.n_steps * 0.62, 0.62))
        play_beats(self, run_intro(run, t, "All seven learn", say(
            "Now gradient descent changes all seven parameters at every step, again with "
            "learning rate {lr}. The blue and orange curves are the hidden nodes' outputs "
            "times w3 and w4; the green squiggle is their sum plus b3.",
            lr=plain(trace.learning_rates[0]))))
        zoom = run.first_steps(wild)
        run.attach(self)
        play_beats(self, [
            Beat((FadeIn(note), FadeIn(zoom)), t.write, t.short_pause,
                 say("The small plot shows the SSR over the first {k} steps only, not on a log "
                     "scale. The first step for w3 is {s}: too big, because its slope, {g}, is "
                     "steep.", k=count(wild), s=small(first.step_sizes["w3"]),
                     g=small(first.gradients["w3"]))),
            Beat((run.to(1),), t.move * 2, t.short_pause,
                 say("The squiggle overshoots: after step {k}, w3 has jumped past zero to {b}, "
                     "and the SSR has risen to {s}.", k=count(1), b=trace.params_at(1)["w3"],
                     s=trace.loss[1]), shows=self.shows.at(step=1)),
            Beat((run.to(peak),), t.move * 2, t.short_pause,
                 say("It overshoots again, and the SSR rises to {s} at step {k}, instead of "
                     "falling.", s=trace.loss[peak], k=count(peak)),
                 shows=self.shows.at(step=peak)),
            Beat((run.to(wild), FadeOut(note)), t.move * 2, t.short_pause,
                 say("The slopes then point back, and by step {k} the SSR is down to {s}.",
                     k=count(wild), s=trace.loss[wild]), shows=self.shows.at(step=wild)),
            Beat((run.to(slow), FadeOut(zoom)), t.draw * 5, t.short_pause,
                 say("Next comes a long, slow stretch: by step {k} the SSR is still {s}, while "
                     "the hidden nodes' weights and biases shift the curves.",
                     k=count(slow), s=trace.loss[slow]), shows=self.shows.at(step=slow)),
            Beat((run.to(trace.n_steps),), t.draw * 5, t.short_pause,
                 say("Then the curves find their shape and the SSR plunges: on the log scale, "
                     "each line it passes is ten times smaller."),
                 shows=self.shows.at(step=None)),
            clear(t, run.legend),
            Beat((FadeIn(summary),), t.write, t.pause * 2,
                 say("After {n} steps every step size is at most {tol}, so we stop: these are "
                     "the seven values, and the SSR is only {s}. Triple BAM!",
                     n=count(trace.n_steps), tol=plain(trace.settings["tolerance"]),
                     s=ssr(trace.final_loss)), shows=self.shows.at(step=None)),
            Beat((), 0.0, t.pause,
                 say("Next: the same kind of network with a different activation function, "
                     "ReLU, instead of softplus.")),
        ])
