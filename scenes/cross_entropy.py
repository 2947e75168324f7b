"""Chapter: cross entropy, and backpropagation with it (presets ``cross-entropy`` and
``cross-entropy-b3``). Each training row's loss is -log(the predicted probability of its
observed species); the -log curve shows why a bad prediction costs a lot and gives a big
step. Then gradient descent on the Setosa output bias b3: row by row its derivative is
p - 1 for a Setosa row and p for the others; and the delta view gives every weight's
derivative at once.

    manim -pql scenes/cross_entropy.py CrossEntropyPerRow
"""

from __future__ import annotations

import numpy as np
from manim import (Dot, FadeIn, Rectangle, Scene, VGroup, Write, DOWN, LEFT,
                   RIGHT, UP)

import nnmath
from nnmath.loss import cross_entropy, cross_entropy_grad
from scenes.common.beats import play_beats
from scenes.common.descent_story import descent_beats
from scenes.common.numbers import fmt, fmt_input, fmt_small
from scenes.common.panels import loss_panel
from scenes.common.plots import curve, plot_axes
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import equation, label, stacked, title
from scenes.common.timing import timing

ROWS = "cross-entropy"
DESCENT = "cross-entropy-b3"
BIAS = "b[setosa]"
#: how the lecture names the Setosa output bias
BIAS_TEX = "b_3"

__all__ = ["CrossEntropyPerRow", "WhyMinusLog", "BackpropToSetosaBias", "DeltaView"]


def _species(trace) -> tuple[str, ...]:
    return tuple(n.capitalize() for n in trace.model().output_labels)


def _row_table(trace, probabilities, row_losses, size=SIZES.small) -> VGroup:
    """Petal, sepal, observed species, its predicted probability and -log of it, per row."""
    names = _species(trace)
    ins = [n.capitalize() for n in trace.model().input_labels]
    header = [label(s, size=size) for s in (*ins, "Species", "p", "-log(p)")]
    cells = list(header)
    for x, k, p, loss in zip(trace.inputs, trace.outputs.astype(int), probabilities, row_losses):
        colour = PALETTE.species[k]
        cells += [label(fmt_input(x[0]), size=size), label(fmt_input(x[1]), size=size),
                  label(names[k], size=size, color=colour), label(fmt(p[k]), size=size, color=colour),
                  label(fmt(loss), size=size)]
    return VGroup(*cells).arrange_in_grid(rows=len(trace.inputs) + 1, cols=5, buff=(0.6, 0.3))


class CrossEntropyPerRow(Scene):
    """The three training rows: SoftMax's probability for each row's observed species,
    cross entropy = -log(that probability) per row, and their total."""

    def construct(self):
        t = timing()
        trace = nnmath.build(ROWS)
        chain = trace.chain()
        head = title("Cross entropy, row by row")
        rule = equation(r"\text{Cross entropy} = -\log(p_{\text{observed species}})")
        rule.next_to(head, DOWN, buff=0.35)
        table = _row_table(trace, chain.predictions, chain.row_losses).next_to(rule, DOWN, buff=0.45)
        self.play(Write(head), run_time=t.write)
        self.play(Write(rule), run_time=t.write)
        self.wait(t.pause)
        cols = 5
        self.play(FadeIn(VGroup(*table[:cols])), run_time=t.write)
        for r in range(len(trace.inputs)):
            row = table[cols * (r + 1):cols * (r + 2)]
            self.play(FadeIn(VGroup(*row[:4])), run_time=t.write)
            self.play(FadeIn(row[4]), run_time=t.short_pause)
        terms = " + ".join(fmt(v) for v in chain.row_losses)
        total = equation(rf"\text{{Total}} = {terms} = {fmt(trace.final_loss)}")
        total.next_to(table, DOWN, buff=0.5)
        self.play(Write(total), run_time=t.write)
        note = label("Only the observed species' probability counts", size=SIZES.small)
        note.next_to(total, DOWN, buff=0.3)
        self.play(FadeIn(note), run_time=t.write)
        self.wait(t.pause * 2)


class WhyMinusLog(Scene):
    """The -log(p) curve: the training rows sit where p is high and the loss is small; at the
    start of training (b3 = -2) the Setosa row gets a low probability, a big loss and a
    steep slope, so its step is big."""

    def construct(self):
        t = timing()
        rows = nnmath.build(ROWS)
        start = nnmath.build(DESCENT)
        ps = np.linspace(0.02, 1.0, 200)
        losses = cross_entropy(ps[:, None], np.zeros(ps.size))
        head = title("Why -log(p)?")
        axes = plot_axes((0, 1, 0.25), (0, 4, 1), 5.4, 4.2, x_label="predicted probability p",
                         y_label="-log(p)", x_ticks=[0, 0.5, 1], y_ticks=[0, 2, 4])
        axes.to_edge(LEFT, buff=1.0).shift(DOWN * 0.4)
        line = curve(axes, ps, losses, PALETTE.residual)
        self.play(Write(head), run_time=t.write)
        self.play(FadeIn(axes), run_time=t.write)
        self.play(FadeIn(line), run_time=t.draw)
        text = stacked(label("p near 1: loss near 0", size=SIZES.small),
                       label("p near 0: the loss shoots up", size=SIZES.small))
        text.move_to(axes, aligned_edge=UP).align_to([0.6, 0, 0], LEFT)
        self.play(FadeIn(text), run_time=t.write)
        self.wait(t.pause)
        # the observed rows now, and the Setosa row at the start of training (b3 = -2)
        good = _observed(rows, rows.chain())
        p, k = _observed(start, start.chain(0))[0]
        dots = VGroup(*[_on_curve(axes, q, PALETTE.species[c]) for q, c in good])
        self.play(FadeIn(dots), run_time=t.write)
        slope_bad = cross_entropy_grad([[p]], [0])[0, 0]
        slope_good = cross_entropy_grad([[good[0][0]]], [0])[0, 0]
        marker = _on_curve(axes, p, PALETTE.tangent)
        b3 = start.params[0, start.index(BIAS)]
        story = stacked(
            label(f"Start of training (b3 = {fmt(b3)}):", size=SIZES.small),
            label(f"the Setosa row gets p = {fmt(p)}", size=SIZES.small),
            label(f"loss {fmt(cross_entropy([[p]], [0])[0])}, slope -1/p = {fmt(slope_bad)}",
                  size=SIZES.small),
            label(f"(trained: slope {fmt(slope_good)} at p = {fmt(good[0][0])})", size=SIZES.small),
            label("A bad prediction: big loss, big step", size=SIZES.small,
                  color=PALETTE.tangent),
        ).next_to(text, DOWN, aligned_edge=LEFT, buff=0.6)
        self.play(FadeIn(marker), run_time=t.write)
        for part in story:
            self.play(FadeIn(part), run_time=t.write)
        self.wait(t.pause * 2)


def _on_curve(axes, p: float, colour: str):
    """A dot on the -log(p) curve at probability ``p`` (nnmath computes the loss)."""
    return Dot(axes.c2p(p, cross_entropy([[p]], [0])[0]), radius=SIZES.dot * 1.3, color=colour)


def _observed(trace, chain) -> list[tuple[float, int]]:
    """(probability of the observed species, species index) for each training row."""
    observed = trace.outputs.astype(int)
    return [(float(chain.predictions[r, k]), int(k)) for r, k in enumerate(observed)]


def _bars(trace, k: int, width: float = 3.6, height: float = 1.6) -> VGroup:
    """Each row's predicted Setosa probability as a bar (0 to 1) over the row's name in
    its observed species' colour, at step k."""
    probs = trace.predictions[k][:, 0] if k < trace.n_steps else trace.final_predictions[:, 0]
    bars = VGroup()
    for r, (p, c) in enumerate(zip(probs, trace.outputs.astype(int))):
        bar = Rectangle(width=0.6, height=max(float(p), 0.005) * height, stroke_width=0,
                        fill_color=PALETTE.species[0], fill_opacity=0.85)
        bar.move_to([r * width / 3, 0, 0], aligned_edge=DOWN)
        value = label(fmt(p), size=SIZES.small).next_to(bar, UP, buff=0.08)
        name = label(f"Row {r + 1}", size=SIZES.small, color=PALETTE.species[c])
        name.move_to([r * width / 3, -0.3, 0])
        bars.add(VGroup(bar, value, name))
    # a fixed baseline height, so bars at every step line up
    bars.add(Rectangle(width=0.01, height=height, stroke_width=0, fill_opacity=0).move_to(
        [0, height / 2, 0]))
    return bars


def _step_rows(trace, k: int) -> VGroup:
    """Step k's derivative row by row (p - 1 for the Setosa row, p for the others), its
    sum, the step size and the new b3."""
    chain = trace.chain(k)
    names = _species(trace)
    parts = []
    for r, c in enumerate(trace.outputs.astype(int)):
        p = chain.predictions[r, 0]
        term = chain.terms(BIAS)[r]
        text = (f"{fmt(p)} - 1 = {fmt(term)}" if c == 0 else f"{fmt(term)}")
        parts.append(label(f"Row {r + 1} ({names[c]}): {text}", size=SIZES.small,
                           color=PALETTE.species[c]))
    step = trace.step(k)
    grad, size = step.gradients[BIAS], step.step_sizes[BIAS]
    parts.append(equation(rf"\frac{{d\,CE}}{{d{BIAS_TEX}}} = {fmt_small(grad)}",
                          size=SIZES.equation - 6))
    parts.append(equation(rf"\text{{step}} = {fmt_small(grad)} \times {fmt_input(step.learning_rate)}"
                          rf" = {fmt_small(size)}", size=SIZES.equation - 6))
    parts.append(equation(rf"{BIAS_TEX} = {fmt(step.params[BIAS])} - ({fmt_small(size)})"
                          rf" = {fmt(step.new_params[BIAS])}", size=SIZES.equation - 6))
    return stacked(*parts, buff=0.12)


class BackpropToSetosaBias(Scene):
    """Gradient descent on b3 (the Setosa bias) with cross entropy: at every step the
    tangent of the total cross entropy against b3, the derivative row by row, the step and
    the new b3, and the rows' Setosa probabilities moving, to the end of the trace."""

    def construct(self):
        t = timing()
        trace = nnmath.build(DESCENT)
        path = trace.param(BIAS)
        xs = np.linspace(min(path.min(), -3.0), max(path.max(), 1.0) + 0.5, 200)
        panel = loss_panel(xs, trace.loss_curve(BIAS, xs), "b3 (Setosa bias)", width=5.4,
                           height=3.6, y_name="cross entropy", y_step=1.0)
        panel.to_edge(LEFT, buff=0.8).shift(UP * 0.1)
        head = title("Backpropagation with cross entropy").to_edge(LEFT, buff=0.5)
        bars = _bars(trace, 0).to_edge(RIGHT, buff=1.0).shift(UP * 1.3)
        caption = label("p(Setosa) per row", size=SIZES.small).next_to(bars, DOWN, buff=0.1)
        self.play(Write(head), run_time=t.write)
        self.play(FadeIn(panel), FadeIn(bars), FadeIn(caption), run_time=t.draw)
        self.wait(t.pause)

        def rows(k):
            return _step_rows(trace, k).next_to(caption, DOWN, buff=0.35).to_edge(RIGHT, buff=0.5)

        def bars_at(k):
            return _bars(trace, k + 1).move_to(bars, aligned_edge=DOWN)

        play_beats(self, descent_beats(trace, BIAS, panel, bars, bars_at, rows, t,
                                       detailed=2, half_width=0.6))
        done = label(trace.report().message.capitalize(), size=SIZES.small)
        done.to_edge(DOWN, buff=0.2).to_edge(RIGHT, buff=0.4)
        self.play(FadeIn(done), run_time=t.write)
        self.wait(t.pause * 2)


def _matrix(values, row_names, col_names, colours=None, size: int = SIZES.small - 2) -> VGroup:
    """A labelled table of numbers (a matrix with its row and column names)."""
    vals = np.atleast_2d(values)
    cells = [label("", size=size)] + [label(c, size=size) for c in col_names]
    for r, name in enumerate(row_names):
        cells.append(label(name, size=size, color=(colours or {}).get(r, PALETTE.text)))
        cells += [label(fmt(v), size=size) for v in vals[r]]
    return VGroup(*cells).arrange_in_grid(rows=len(row_names) + 1, cols=len(col_names) + 1,
                                          buff=(0.35, 0.18))


class DeltaView(Scene):
    """Backpropagation for every weight at once: delta2 (the derivatives at the outputs,
    p - 1 for the observed species and p for the others), delta1 (at the hidden nodes,
    before ReLU), and from them the derivative of every weight and bias."""

    def construct(self):
        t = timing()
        trace = nnmath.build(ROWS)
        model = trace.model()
        chain = trace.chain()
        species = _species(trace)
        hidden = [n.capitalize() for n in model.hidden_labels]
        ins = [n.capitalize() for n in model.input_labels]
        row_names = [f"Row {r + 1}" for r in range(len(trace.inputs))]
        observed = {r: PALETTE.species[c] for r, c in enumerate(trace.outputs.astype(int))}
        head = title("All the derivatives at once")
        d2 = stacked(equation(r"\delta_2 = p - \text{observed}", size=SIZES.equation - 6),
                     _matrix(chain.delta2, row_names, species, observed), buff=0.15)
        d1 = stacked(equation(r"\delta_1 = (\delta_2 W_2) \cdot \mathrm{ReLU}'", size=SIZES.equation - 6),
                     _matrix(chain.delta1, row_names, hidden, observed), buff=0.15)
        top = VGroup(d2, d1).arrange(RIGHT, buff=0.8, aligned_edge=UP).next_to(head, DOWN, buff=0.3)
        self.play(Write(head), run_time=t.write)
        self.play(FadeIn(d2), run_time=t.write)
        self.wait(t.pause)
        self.play(FadeIn(d1), run_time=t.write)
        self.wait(t.pause)
        g_w1, g_b1, g_w2, g_b2 = model.layers(chain.gradients)
        w2 = stacked(equation(r"\frac{\partial CE}{\partial W_2} = \delta_2^T \cdot \text{hidden}",
                              size=SIZES.equation - 8),
                     _matrix(np.column_stack([g_w2, g_b2]), species, [*hidden, "bias"]), buff=0.12)
        w1 = stacked(equation(r"\frac{\partial CE}{\partial W_1} = \delta_1^T \cdot \text{inputs}",
                              size=SIZES.equation - 8),
                     _matrix(np.column_stack([g_w1, g_b1]), hidden, [*ins, "bias"]), buff=0.12)
        VGroup(w2, w1).arrange(RIGHT, buff=0.8, aligned_edge=UP).next_to(top, DOWN, buff=0.35)
        self.play(FadeIn(w2), run_time=t.write)
        self.play(FadeIn(w1), run_time=t.write)
        note = label(f"Setosa's bias: {fmt(g_b2[0])}, the sum of delta2's Setosa column",
                     size=SIZES.small).to_edge(DOWN, buff=0.25)
        self.play(FadeIn(note), run_time=t.write)
        self.wait(t.pause * 2)
