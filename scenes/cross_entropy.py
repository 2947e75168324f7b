"""Chapter: cross entropy, and backpropagation with it (presets ``cross-entropy`` and
``cross-entropy-b3``). Each training row goes through the Iris network; SoftMax gives its
true species a probability p, and the row's cross entropy is -log(p), the natural log; the
rows' cross entropies add up to the total. The -log curve shows why: a small p costs a lot
and has a steep slope, unlike the squared residual. Then the chain rule gives the
derivative of the total with respect to Setosa's bias b3 (p - 1 for a Setosa row, p for the
others, summed), gradient descent walks b3 down the loss curve, and the same chain rule
gives every weight its derivative at once.

    manim -pql scenes/cross_entropy.py CrossEntropyPerRow
"""

from __future__ import annotations

from functools import partial

import numpy as np
from manim import (AnimationGroup, Circle, Create, CurvedArrow, Dot, FadeIn, FadeOut, Indicate, Line,
                   MoveAlongPath, Scene, SurroundingRectangle, VGroup, VMobject, Write, DOWN,
                   LEFT, ORIGIN, RIGHT, UP)

import nnmath
from nnmath.loss import cross_entropy, cross_entropy_grad, ssr, ssr_grad
from nnmath.softmax import softmax_jacobian
from scenes.common.beats import Beat, Shows, play_beats, showing
from scenes.common.callout import callout, show_callout
from scenes.common.dense_diagram import DenseDiagram
from scenes.common.narration import SILENT, Value, count, plain, say, small
from scenes.common.numbers import fmt, fmt_input, fmt_small, written_sum_is
from scenes.common.panels import tangent_segment
from scenes.common.plots import curve, plot_axes
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import equation, label, stacked, swap, title
from scenes.common.timing import timing

ROWS = "cross-entropy"
DESCENT = "cross-entropy-b3"
BIAS = "b[setosa]"
SETOSA = 0
#: how many descent steps are narrated one by one on the loss curve (after the worked first)
NARRATED_STEPS = 3
#: seconds of one quick step at the end of the descent
QUICK_STEP = 0.9

__all__ = ["CrossEntropyPerRow", "WhyMinusLog", "BackpropToSetosaBias", "DeltaView"]


def traces() -> list[nnmath.Trace]:
    """The trained network on the three rows, and gradient descent on b3 from -2."""
    return [nnmath.build(ROWS), nnmath.build(DESCENT)]


def _setosa_points(descent: nnmath.Trace) -> tuple[float, float]:
    """Row 1's (a Setosa) probability of Setosa at the start of the descent and at its end."""
    return float(descent.predictions[0][0, SETOSA]), float(descent.final_predictions[0, SETOSA])


def _curve_values(p: float) -> dict[str, float]:
    """At probability ``p`` of the true species: -log(p) and its slope, the squared
    residual (1 - p)^2 and its slope, all from nnmath."""
    return {"log": float(cross_entropy([[p]], [0])[0]),
            "log_slope": float(cross_entropy_grad([[p]], [0])[0, 0]),
            "sq": float(ssr([1.0], [p])), "sq_slope": float(ssr_grad([1.0], [p])[0])}


def extra_values() -> np.ndarray:
    """Numbers nnmath computes outside the traces: every row's cross entropy and every
    row's derivative for b3 at every step, the -log and squared-residual values and slopes
    at row 1's probability before and after training, SoftMax's slope there."""
    rows, descent = traces()
    values = [rows.chain().row_losses]
    for k in [*range(descent.n_steps), None]:
        chain = descent.chain(k)
        values += [chain.row_losses, chain.terms(BIAS)]
    values.append(curve_values())
    return np.concatenate([np.ravel(np.asarray(v, dtype=float)) for v in values])


def curve_values() -> list[float]:
    """The -log and squared-residual values and slopes at row 1's probability before and
    after training, and SoftMax's slope there (nnmath, outside the traces)."""
    descent = nnmath.build(DESCENT)
    values = [v for p in _setosa_points(descent) for v in _curve_values(p).values()]
    return values + [softmax_jacobian(descent.predictions[0][0])[SETOSA, SETOSA]]


def _p_places(p: float) -> int:
    """The fewest decimals of ``p`` from which -log(p), -1/p and the squared residual and
    its slope come out, at two places, as nnmath gives them: a calculator agrees."""
    exact = {k: fmt(v) for k, v in _curve_values(p).items()}
    return next((n for n in (3, 4, 5) if exact == {k: fmt(v) for k, v in
                                                 _curve_values(float(fmt(p, n))).items()}), 5)


def _new_b3(old: float, step: float, new: float, size: int, colour: str = PALETTE.text) -> VGroup:
    """new b3 = old - (step size) on one line and the result under it, three places each;
    "=" when the written numbers subtract exactly, else "approximately"."""
    three = partial(fmt, places=3)
    rel = "=" if written_sum_is(three(new), three(old), three(-step)) else r"\approx"
    first = equation(rf"\text{{new }} b_3 = {three(old)} - ({three(step)})", size=size,
                     color=colour)
    second = equation(rf"{rel} {three(new)}", size=size, color=colour)
    return VGroup(first, second.next_to(first, DOWN, buff=0.2).align_to(first, RIGHT))


def _about(old: float, step: float, new: float) -> str:
    """"about " when old - step, written at three places, is not exactly new as written."""
    three = partial(fmt, places=3)
    return "" if written_sum_is(three(new), three(old), three(-step)) else "about "


def _species(trace) -> tuple[str, ...]:
    return tuple(n.capitalize() for n in trace.model().output_labels)


def _diagram(trace, params, width=4.0, height=4.4, keep=(), **where) -> DenseDiagram:
    """The Iris network with only the numbers named in ``keep`` written on it; without its
    bias, an output's name sits right beside its node."""
    m = trace.model()
    layout = m.layout()
    room = 1.6 if any(name in layout.biases for name in keep) else 0.3
    net = DenseDiagram(params, layout, width=width,
                       height=height, size=SIZES.small, output_room=room,
                       input_names=[f"{n.capitalize()}\nwidth" for n in m.input_labels], **where)
    drop = [mob for name, mob in net.numbers.items() if name not in keep]
    for part in net.submobjects:
        part.remove(*drop)
    net.numbers = {name: mob for name, mob in net.numbers.items() if name in keep}
    for name, node, tag in zip(m.output_labels, net.outputs, net.output_names):
        if layout.bias(name) not in keep:
            tag.next_to(node, RIGHT, buff=0.2)
    return net


def _add_under(nums: VGroup, total: str, size: int = SIZES.label) -> tuple[VGroup, VGroup]:
    """Plus signs before every number but the first, a rule under them and the total under
    the rule (right-aligned): an addition written as a column sum."""
    plus = VGroup(*[label("+", size=size).next_to(n, LEFT, buff=0.2) for n in nums[1:]])
    rule = Line(LEFT, RIGHT, color=PALETTE.text, stroke_width=SIZES.thin)
    rule.width = nums.width + 0.6
    rule.next_to(nums, DOWN, buff=0.15).align_to(nums, RIGHT)
    result = label(total, size=size).next_to(rule, DOWN, buff=0.15).align_to(nums, RIGHT)
    return VGroup(plus, rule), result


class CrossEntropyPerRow(Scene):
    """Each training row goes into the network; SoftMax gives the three probabilities; the
    row's true species picks one, p; -log(p) (the natural log) is the row's cross entropy;
    the three rows' cross entropies are added into the total."""

    shows = Shows(ROWS, step=None)

    def construct(self):
        t = timing()
        trace = nnmath.build(ROWS)
        chain = trace.chain()
        names = _species(trace)
        ins = [n.capitalize() for n in trace.model().input_labels]
        hidden = trace.model().hidden_labels
        observed = trace.outputs.astype(int)
        head = title("Cross entropy, row by row")
        rule = equation(r"\text{cross entropy} = -\log(p_{\text{true species}})",
                        size=SIZES.equation + 4)
        rule.next_to(head, DOWN, buff=0.3)
        base = label("log: the natural log, base e", size=SIZES.small).next_to(rule, DOWN, buff=0.2)
        net = _diagram(trace, trace.final(), width=3.4, height=4.4, radius=0.56)
        net.to_edge(LEFT, buff=0.5).to_edge(DOWN, buff=0.35)
        size = SIZES.small
        three = partial(fmt, places=3)  # a p that goes into a log: a calculator agrees
        table = VGroup(label("true species", size=size), label("p", size=size),
                       label("-log(p)", size=size))
        for r, k in enumerate(observed):
            table.add(label(names[k], size=size, color=PALETTE.species[k]),
                      label(three(chain.predictions[r, k]), size=size, color=PALETTE.species[k]),
                      label(three(chain.row_losses[r]), size=size))
        table.arrange_in_grid(rows=len(observed) + 1, cols=3, buff=(0.45, 0.35),
                              col_alignments="lrr")
        table.to_edge(RIGHT, buff=0.35).align_to(net, UP).shift(DOWN * 0.1)
        beats = [
            Beat((Write(head), FadeIn(net)), t.draw, t.short_pause,
                 say("Here is the trained Iris network from the SoftMax chapter. How well does "
                     "it fit three training rows?")),
            Beat((Write(rule), FadeIn(base)), t.write, t.short_pause,
                 say("For one row, cross entropy is minus the log of the probability that "
                     "SoftMax gives the row's true species. The log is the natural log, to "
                     "base e.")),
            Beat((FadeIn(table[:3]),), t.short_pause, 0.0, SILENT),
        ]
        shown = None  # what the row before left: its name, inputs, probabilities and box
        for r, (x, k) in enumerate(zip(trace.inputs, observed)):
            probs = chain.predictions[r]
            colour = PALETTE.species[k]
            out = trace.model().output_labels[k]
            values = VGroup(*[label(fmt_input(v), size=SIZES.small).move_to(node)
                              for v, node in zip(x, net.inputs)])
            row_name = label(f"Row {r + 1}", size=SIZES.label).next_to(net, UP, buff=0.25)
            row_name.align_to(net, LEFT)
            ps = VGroup(*[label(fmt(p), size=SIZES.small, color=PALETTE.species[j]).move_to(node)
                          for j, (p, node) in enumerate(zip(probs, net.outputs))])
            box = SurroundingRectangle(VGroup(net.outputs[k], net.output_names[k]), color=colour,
                                       buff=0.1, stroke_width=SIZES.thin)
            species, worked = table[3 + 3 * r:5 + 3 * r], table[5 + 3 * r]
            written = equation(rf"-\log({three(probs[k])}) = {three(chain.row_losses[r])}",
                               size=SIZES.equation + 4)
            written.to_edge(DOWN, buff=0.6).set_x(table.get_x())
            first = len(beats)  # the beats of row r show that row
            if shown is None:
                arrive = [FadeIn(row_name), FadeIn(values)]
            else:  # the new row's numbers take the old ones' places: old out upwards, new in
                arrive = [FadeOut(shown[2]), FadeOut(shown[3]), FadeOut(shown[4]), *net.reset(),
                          *swap(shown[0], row_name),
                          *[a for old, new in zip(shown[1], values) for a in swap(old, new)]]
            beats += [
                Beat(tuple(arrive), t.write, t.short_pause,
                     say(f"Row {{n}} is a flower with {ins[0].lower()} width {{a}} and "
                         f"{ins[1].lower()} width {{b}}.", n=count(r + 1), a=plain(x[0]),
                         b=plain(x[1]))),
                Beat((Indicate(VGroup(*net.hidden), color=PALETTE.callout), FadeIn(ps)), t.write,
                     t.short_pause,
                     say(f"The network and SoftMax turn them into three probabilities: "
                         f"{names[0]} {{p0}}, {names[1]} {{p1}} and {names[2]} {{p2}}.",
                         p0=probs[0], p1=probs[1], p2=probs[2])),
                Beat((Create(box), FadeIn(species),
                      *net.focus(out, *[trace.model().layout().weight(h, out) for h in hidden])),
                     t.write, t.short_pause,
                     say(f"This flower really is a {names[k]}, so only {names[k]}'s "
                         "probability counts: {p}.", p=Value(probs[k], three))),
                Beat((FadeIn(worked), Write(written)), t.write, t.short_pause,
                     say("Its cross entropy is minus the natural log of {p}, which is {loss}.",
                         p=Value(probs[k], three), loss=Value(chain.row_losses[r], three))),
            ]
            beats[first:] = showing(self.shows.at(rows=(r,)), beats[first:])
            shown = VGroup(row_name, values, ps, box, written)
        total_text = three(trace.final_loss)
        adds_up = written_sum_is(total_text, *[three(v) for v in chain.row_losses])
        column = VGroup(*[table[5 + 3 * r] for r in range(len(observed))])
        marks, total = _add_under(column, ("= " if adds_up else "\u2248 ") + total_text, size)
        word = label("total", size=size).set_y(total.get_y()).align_to(table, LEFT)
        about = "is" if adds_up else "is about"
        # the rows with the smallest and the largest probability of their true species
        p_true = [chain.predictions[r, k] for r, k in enumerate(observed)]
        low, high = int(np.argmin(p_true)), int(np.argmax(p_true))
        pair = [SurroundingRectangle(table[3 + 3 * r:5 + 3 * r], color=PALETTE.species[observed[r]],
                                     buff=0.1, stroke_width=SIZES.thin) for r in (low, high)]
        beats += showing(self.shows.at(parts=("loss", "chain", "predictions")), [
            Beat((FadeOut(shown), *net.reset()), t.short_pause, 0.0, SILENT),
            Beat((FadeIn(marks),), t.write, t.short_pause,
                 say("To get the total, we add the three rows' cross entropies.")),
            Beat((FadeIn(total), FadeIn(word)), t.write, t.short_pause,
                 say(f"{{a}} plus {{b}} plus {{c}} {about} {{total}}.",
                     a=Value(chain.row_losses[0], three), b=Value(chain.row_losses[1], three),
                     c=Value(chain.row_losses[2], three), total=Value(trace.final_loss, three))),
            Beat((Indicate(total, color=PALETTE.callout),), t.write, t.short_pause,
                 say("So the total, {total}, measures how badly the network fits these rows.",
                     total=Value(trace.final_loss, three))),
            Beat(tuple(Create(b) for b in pair), t.write, t.pause,
                 say(f"The smaller a true species' probability, the bigger its cross entropy: "
                     f"{names[observed[low]]}'s {{pl}} gives {{ll}}, more than "
                     f"{names[observed[high]]}'s {{ph}} with {{lh}}.",
                     pl=Value(chain.predictions[low, observed[low]], three),
                     ll=Value(chain.row_losses[low], three),
                     ph=Value(chain.predictions[high, observed[high]], three),
                     lh=Value(chain.row_losses[high], three))),
        ])
        play_beats(self, beats)


def _tangent_line(axes, p: float, value: float, slope: float, length: float = 2.6,
                  colour: str = PALETTE.tangent) -> Line:
    """A line touching a curve at (p, value) with the slope nnmath gives there."""
    a, b = axes.c2p(p, value), axes.c2p(p + 0.01, value + slope * 0.01)
    line = Line(a, b, color=colour, stroke_width=SIZES.curve)
    return line.set_length(length).move_to(a).set_z_index(2)


class WhyMinusLog(Scene):
    """The -log(p) curve: near 0 when p is near 1, shooting up as p falls. Setosa's row at
    the start of training (p = 0.15) has a big loss and a steep tangent; after training
    (p = 0.56) a small loss and a gentle one. The squared residual (1 - p)^2 at the same
    points is smaller and far less steep."""

    shows = Shows(DESCENT, step=0, rows=(0,), values=curve_values)

    def construct(self):
        t = timing()
        descent = nnmath.build(DESCENT)
        start, end = _setosa_points(descent)
        at = {p: _curve_values(p) for p in (start, end)}
        purple = PALETTE.species[SETOSA]
        ps = np.linspace(0.02, 1.0, 200)
        head = title("Why minus the log?")
        axes = plot_axes((0, 1, 0.25), (0, 4, 1), 6.2, 5.0, x_label="p of the true species",
                         y_label="loss", x_ticks=[0, 0.25, 0.5, 0.75, 1], y_ticks=[0, 1, 2, 3, 4])
        axes.to_edge(LEFT, buff=0.8).to_edge(DOWN, buff=0.3)
        log_line = curve(axes, ps, cross_entropy(ps[:, None], np.zeros(ps.size)), PALETTE.text)
        log_name = label("-log(p)", size=SIZES.small).next_to(axes.c2p(0.36, 1.05), UP + RIGHT,
                                                              buff=0.1)
        sq_line = curve(axes, ps, ssr(np.ones((ps.size, 1)), ps[:, None]), PALETTE.bottom)
        sq_name = label("(1 - p)²", size=SIZES.small, color=PALETTE.bottom)
        sq_name.move_to(axes.c2p(0.04, 0.5), aligned_edge=UP + LEFT)

        def dot(p, y, colour=purple):
            return Dot(axes.c2p(p, y), radius=SIZES.dot * 1.3, color=colour).set_z_index(3)

        d_start, d_end = dot(start, at[start]["log"]), dot(end, at[end]["log"])
        s_start, s_end = dot(start, at[start]["sq"]), dot(end, at[end]["sq"])
        tan = {key: _tangent_line(axes, p, at[p][v], at[p][v + "_slope"])
               for key, p, v in (("ls", start, "log"), ("le", end, "log"),
                                 ("ss", start, "sq"), ("se", end, "sq"))}
        near_one = callout(axes.c2p(1.0, 0.0), "p near 1: loss near 0", directions=(UP + RIGHT,))
        near_zero = callout(axes.c2p(0.04, float(cross_entropy([[ps[2]]], [0])[0])),
                            "p near 0: the loss shoots up", avoid=[log_name],
                            directions=(RIGHT,))
        size = SIZES.small
        b = descent.index(BIAS)
        b3_start, b3_end = descent.params[0, b], descent.final_params[b]
        shown_p = {p: partial(fmt, places=_p_places(p)) for p in (start, end)}
        before = nnmath.build(ROWS).final()[BIAS]
        node = Circle(radius=0.5, color=purple, stroke_width=SIZES.curve)
        node_name = label("Setosa's output", size=SIZES.small, color=purple)
        node_name.next_to(node, DOWN, buff=0.2)
        b3_tag = label(f"b3 = {fmt(b3_start)} (was {fmt(before)})", size=SIZES.small,
                       color=purple).next_to(node, UP, buff=0.45)
        b3_link = Line(b3_tag.get_bottom(), node.get_top(), color=purple,
                       stroke_width=SIZES.thin, buff=0.06)
        inset = VGroup(node, node_name, b3_tag, b3_link)
        grid = VGroup(
            label("Setosa row", size=size, color=purple), label("-log(p)", size=size),
            label("(1 - p)²", size=size,
                                                                   color=PALETTE.bottom),
            label(f"b3 = {fmt(b3_start)}, p = {shown_p[start](start)}", size=size, color=purple),
            label(fmt(at[start]["log"]), size=size), label(fmt(at[start]["sq"]), size=size),
            label("slope", size=size, color=PALETTE.tangent),
            label(f"-1/{shown_p[start](start)} = {fmt(at[start]['log_slope'])}", size=size,
                  color=PALETTE.tangent),
            label(fmt(at[start]["sq_slope"]), size=size, color=PALETTE.tangent),
            label(f"later: b3 = {fmt(b3_end)}, p = {shown_p[end](end)}", size=size, color=purple),
            label(fmt(at[end]["log"]), size=size), label(fmt(at[end]["sq"]), size=size),
            label("slope", size=size, color=PALETTE.tangent),
            label(fmt(at[end]["log_slope"]), size=size, color=PALETTE.tangent),
            label(fmt(at[end]["sq_slope"]), size=size, color=PALETTE.tangent),
        ).arrange_in_grid(rows=5, cols=3, buff=(0.45, 0.3), col_alignments="lrr")
        grid.to_edge(RIGHT, buff=0.4).align_to(axes, UP).shift(UP * 0.2)
        cell = lambda r, c: grid[3 * r + c]  # noqa: E731
        verdict = stacked(label("A bad prediction:", size=SIZES.label, color=PALETTE.tangent),
                          label("a big loss and a steep slope", size=SIZES.label,
                                color=PALETTE.tangent), buff=0.15)
        verdict.next_to(grid, DOWN, buff=0.6).align_to(grid, RIGHT)
        inset.to_edge(RIGHT, buff=0.3).to_edge(DOWN, buff=0.25)
        play_beats(self, [
            Beat((Write(head), Create(axes)), t.draw, t.short_pause,
                 say("Why minus the log? Here is the loss a row gets for every probability p "
                     "that SoftMax gives its true species.")),
            Beat((Create(log_line), FadeIn(log_name)), t.draw, t.short_pause,
                 say("This black curve is minus the natural log of p.")),
            Beat((show_callout(near_one),), t.write, t.short_pause,
                 say("When p is near one, the prediction is good, and the loss is near zero.")),
            Beat((FadeOut(near_one), show_callout(near_zero)), t.write, t.short_pause,
                 say("When p is near zero, the prediction is bad, and the loss shoots up.")),
            Beat((FadeOut(near_zero),), t.short_pause, 0.0, SILENT),
            Beat((FadeIn(inset),), t.write, t.short_pause,
                 say("In the SoftMax chapter's network, Setosa's bias, b3, was {b0}. Now set it "
                     "to {b}, where the training in the next scene starts.", b0=before,
                     b=b3_start)),
            Beat((FadeIn(d_start), FadeIn(cell(0, 0)), FadeIn(cell(1, 0)),
                  FadeIn(cell(0, 1))), t.write, t.short_pause,
                 say("Then SoftMax gives the Setosa row, a Setosa, only p = {p}.",
                     p=Value(start, shown_p[start]))),
            Beat((Indicate(d_start, color=purple), FadeIn(cell(1, 1))), t.write, t.short_pause,
                 say("Minus the log of {p} is {loss}: a big loss.", p=Value(start, shown_p[start]),
                     loss=at[start]["log"])),
            Beat((Create(tan["ls"]), FadeIn(cell(2, 0)), FadeIn(cell(2, 1))), t.write,
                 t.short_pause,
                 say("And the tangent there is steep: its slope, minus one over p, is {s}. "
                     "Through the chain rule, a steep slope here gives b3 a big derivative, "
                     "as the next scene works out.", s=at[start]["log_slope"])),
            Beat((FadeOut(inset), FadeIn(d_end), Create(tan["le"]), FadeIn(cell(3, 0)), FadeIn(cell(3, 1)),
                  FadeIn(cell(4, 0)), FadeIn(cell(4, 1))), t.write, t.short_pause,
                 say("Looking ahead: the next scene's training ends with the bias at {b}. "
                     "There p is {p}, the loss is only {loss}, and the slope is a gentler {s}.",
                     b=b3_end, p=Value(end, shown_p[end]), loss=at[end]["log"],
                     s=at[end]["log_slope"]), shows=self.shows.at(step=None)),
            Beat((Create(sq_line), FadeIn(sq_name), FadeIn(cell(0, 2))), t.draw, t.short_pause,
                 say("Compare the squared residual we used before. The observed value is one, "
                     "so the residual is one minus p, and its square is this orange curve.")),
            Beat((FadeIn(s_start), Create(tan["ss"]), FadeIn(cell(1, 2)), FadeIn(cell(2, 2))),
                 t.write, t.short_pause,
                 say("At p = {p} it is only {sq}, with a slope of {s}, much flatter than "
                     "minus the log's {ls}.", p=Value(start, shown_p[start]), sq=at[start]["sq"],
                     s=at[start]["sq_slope"], ls=at[start]["log_slope"])),
            Beat((FadeIn(s_end), Create(tan["se"]), FadeIn(cell(3, 2)), FadeIn(cell(4, 2))),
                 t.write, t.short_pause,
                 say("At the trained bias it is {sq}, with slope {s}.", sq=at[end]["sq"],
                     s=at[end]["sq_slope"]), shows=self.shows.at(step=None)),
            Beat((FadeIn(verdict),), t.write, t.pause,
                 say("So minus the log punishes a bad prediction much more, and its steep "
                     "slope gives a big step toward a better one.")),
        ])


class BackpropToSetosaBias(Scene):
    """Setosa's bias b3 starts at -2. The chain rule, once with every number: a Setosa
    row's derivative is p - 1, another row's is p(Setosa); summed over the rows, it is the
    derivative of the total cross entropy; step size = derivative x learning rate, new
    b3 = old - step size. Then the steps on the numbered loss curve, to the end."""

    shows = Shows(DESCENT, step=0)

    def construct(self):
        t = timing()
        trace = nnmath.build(DESCENT)
        b = trace.index(BIAS)
        names = _species(trace)
        observed = trace.outputs.astype(int)
        purple = PALETTE.species[SETOSA]
        p0 = trace.predictions[0][:, SETOSA]
        b3 = trace.params[:, b]
        step0 = trace.step(0)
        term = trace.chain(0).terms(BIAS)
        head = title("Backpropagation to Setosa's bias")
        net = _diagram(trace, trace.params_at(0), width=2.8, height=4.4)
        net.to_edge(LEFT, buff=0.3).to_edge(DOWN, buff=0.4)
        node = net.outputs[SETOSA]
        b3_label = label(f"b3 = {fmt(b3[0])}", size=SIZES.label, color=purple)
        b3_label.next_to(node, UP, buff=0.35)
        link = Line(b3_label.get_bottom(), node.get_top(), color=purple, stroke_width=SIZES.thin,
                    buff=0.08)
        right_x = net.get_right()[0] + 0.5  # the working's left edge, clear of the diagram

        # the rows at b3 = -2: first each true species' p and its -log, the row's cross
        # entropy; later p(Setosa) and each row's derivative for b3
        size = SIZES.small
        three = partial(fmt, places=3)  # a p that goes into a log or 1/p: a calculator agrees
        p_true = [trace.predictions[0][r, k] for r, k in enumerate(observed)]
        losses0 = trace.chain(0).row_losses

        def grid(head_p, head_v, ps, vs, places):
            cells = VGroup(label("true species", size=size), head_p, head_v)
            for r, k in enumerate(observed):
                cells.add(label(names[k], size=size, color=PALETTE.species[k]),
                          label(fmt(ps[r], places), size=size), label(fmt(vs[r]), size=size))
            cells.arrange_in_grid(rows=len(observed) + 1, cols=3, buff=(0.45, 0.3),
                                  col_alignments="lrr")
            return cells.next_to(head, DOWN, buff=0.45).to_edge(RIGHT, buff=0.35)

        ce_table = grid(label("p(true species)", size=size), label("-log p", size=size),
                        p_true, losses0, 3)
        table = grid(label("p(Setosa)", size=size, color=purple),
                     label("d CE / d b3", size=size, color=PALETTE.tangent), p0, term, 2)
        rows = range(len(observed))
        col = lambda c: VGroup(*[table[3 * (r + 1) + c] for r in rows])  # noqa: E731
        ce_col = lambda c: VGroup(*[ce_table[3 * (r + 1) + c] for r in rows])  # noqa: E731
        adds0 = written_sum_is(fmt(trace.loss[0]), *[fmt(v) for v in losses0])
        marks0, total0 = _add_under(ce_col(2), ("= " if adds0 else "\u2248 ")
                                    + fmt(trace.loss[0]), size)
        word0 = label("total cross entropy", size=size).set_y(total0.get_y())
        word0.align_to(ce_table, LEFT)

        eq = SIZES.equation - 4
        goal = equation(r"\frac{d\,\text{Total}}{d\,b_3} = \sum_{\text{rows}} "
                        r"\frac{d\,\text{CE}}{d\,b_3}", size=eq)
        row_one = label("the Setosa row:", size=size, color=purple)
        # three factors, each its own part so it can light up as it is named
        chain_sym = equation(r"\frac{d\,\text{CE}}{d\,b_3} =", r"\frac{d\,\text{CE}}{d\,p}",
                             r"\times", r"\frac{d\,p}{d\,\text{raw}}", r"\times",
                             r"\frac{d\,\text{raw}}{d\,b_3}", size=eq)
        factors = [equation(r"= \left(-\frac{1}{p}\right)", size=eq),
                   equation(r"\times\, p\,(1 - p)", size=eq), equation(r"\times\, 1", size=eq)]
        chain_sym2 = VGroup(*factors).arrange(RIGHT, buff=0.15)
        pp, f3 = three(p0[0]), three(term[0])
        same = "=" if written_sum_is(f3, pp, "-1") else r"\approx"
        chain_num = VGroup(equation(rf"= \left(-\frac{{1}}{{{pp}}}\right) \times {pp}\,"
                                    rf"(1 - {pp})", size=eq), equation(rf"{same} {f3}", size=eq))
        chain_num[1].next_to(chain_num[0], DOWN, buff=0.2).align_to(chain_num[0], RIGHT)
        cancel = equation(rf"= p - 1 = {pp} - 1 {same} {f3}", size=eq)
        working = VGroup(goal, row_one, chain_sym, chain_sym2, chain_num, cancel)
        working.arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(head, DOWN, buff=0.35)
        working.set_x(right_x + working.width / 2)
        boxes = [VGroup(*[SurroundingRectangle(m, color=PALETTE.callout, buff=0.06,
                                               stroke_width=SIZES.thin) for m in (chain_sym[i], f)])
                 for i, f in zip((1, 3, 5), factors)]

        grad = step0.gradients[BIAS]
        adds = written_sum_is(fmt(grad), *[fmt(v) for v in term])
        marks, total_d = _add_under(col(2), ("= " if adds else "\u2248 ") + fmt(grad), size)
        total_d.set_color(PALETTE.tangent)
        rate, size_step = step0.learning_rate, step0.step_sizes[BIAS]
        step_eq = equation(rf"\text{{step size}} = {three(grad)} \times {fmt_input(rate)}"
                           rf" = {three(size_step)}", size=eq)
        new_eq = _new_b3(b3[0], size_step, b3[1], eq)
        VGroup(step_eq, new_eq).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        VGroup(step_eq, new_eq).next_to(total_d, DOWN, buff=0.5).align_to(table, RIGHT)
        b3_new = label(f"b3 = {three(b3[1])}", size=SIZES.label, color=purple).move_to(b3_label)
        others = [r for r, k in enumerate(observed) if k != SETOSA]
        other_rule = stacked(
            label("another row:", size=size),
            equation(r"\left(-\frac{1}{p_t}\right)\times(-p_t\,p_S)\times 1 = p_S", size=eq),
            label("t: its true species, S: Setosa", size=size), buff=0.15)
        other_rule.next_to(table, DOWN, buff=0.5).to_edge(RIGHT, buff=0.35)
        rows_of = {r: VGroup(table[3 * (r + 1)], table[3 * (r + 1) + 1]) for r in rows}
        other_name = names[observed[others[0]]], names[observed[others[1]]]

        beats = [
            Beat((Write(head), FadeIn(net)), t.draw, t.short_pause,
                 say("Now let's use cross entropy to train one parameter of the Iris network: "
                     "Setosa's bias, b3.")),
            Beat((FadeIn(b3_label), Create(link), *net.focus("setosa")),
                 t.write,
                 t.short_pause,
                 say("We start b3 at {b}, and keep every other weight and bias as it is.",
                     b=b3[0])),
            Beat((FadeIn(ce_table[:2]), FadeIn(ce_col(0)), FadeIn(ce_col(1))), t.write,
                 t.short_pause,
                 say(f"With b3 at {{b}}, SoftMax gives each row's true species a probability: "
                     f"{{a}} for the Setosa row, {{c}} for the {other_name[0]} row and {{d}} "
                     f"for the {other_name[1]} row.", b=b3[0], a=Value(p_true[0], three),
                     c=Value(p_true[others[0]], three), d=Value(p_true[others[1]], three))),
            Beat((FadeIn(ce_table[2]), FadeIn(ce_col(2))), t.write, t.short_pause,
                 say("Minus the log of each gives the rows' cross entropies: {a}, {c} and {d}.",
                     a=losses0[0], c=losses0[others[0]], d=losses0[others[1]])),
            Beat((FadeIn(marks0), FadeIn(total0), FadeIn(word0)), t.write, t.short_pause,
                 say("They add up to a total cross entropy of {loss}: a bad fit.",
                     loss=trace.loss[0])),
            Beat((FadeOut(VGroup(ce_table, marks0, total0, word0)),), t.short_pause, 0.0,
                 SILENT),
            Beat((Write(goal),), t.write, t.short_pause,
                 say("Gradient descent needs the derivative of the total with respect to b3, "
                     "and that is the sum of each row's derivative.")),
            Beat((FadeIn(row_one), Write(chain_sym)), t.write, t.short_pause,
                 say("For the Setosa row, the chain rule goes from b3 to Setosa's raw output, "
                     "through SoftMax to p, and on to the cross entropy.")),
            Beat((FadeIn(factors[0]), Create(boxes[0])), t.write, t.short_pause,
                 say("Minus log p has slope minus one over p.")),
            Beat((FadeOut(boxes[0]), FadeIn(factors[1]), Create(boxes[1]),
                  Indicate(node, color=PALETTE.callout)), t.write, t.short_pause,
                 say("SoftMax's slope for its own output is p times one minus p.")),
            Beat((FadeOut(boxes[1]), FadeIn(factors[2]), Create(boxes[2]),
                  Indicate(b3_label, color=PALETTE.callout)), t.write, t.short_pause,
                 say("And the raw output goes up one for one with its bias.")),
            Beat((FadeOut(boxes[2]), FadeIn(chain_num)), t.write, t.short_pause,
                 say("With the numbers: minus one over {p}, times {p} times one minus {p}, "
                     "is {d}.", p=Value(p0[0], three), d=Value(term[0], three))),
            Beat((FadeIn(cancel),), t.write, t.short_pause,
                 say("The p's cancel, so a Setosa row's derivative is simply p minus one: {p} "
                     "minus one is {d}.", p=Value(p0[0], three), d=Value(term[0], three))),
            Beat((FadeOut(working),), t.short_pause, 0.0, SILENT),
            Beat((FadeIn(table[:3]), *[FadeIn(rows_of[r]) for r in rows_of],
                  FadeIn(col(2)[0])), t.write, t.short_pause,
                 say("Now a table of each row's probability of Setosa. For the Setosa row, "
                     "{p}, the derivative, rounded, is {d}.", p=p0[0], d=term[0])),
            Beat((FadeIn(VGroup(*[col(2)[r] for r in others])), FadeIn(other_rule)), t.write,
                 t.short_pause,
                 say("For a row of another species, the same chain rule leaves just its "
                     f"probability of Setosa: {{a}} for the {other_name[0]} row "
                     f"and {{c}} for the {other_name[1]} row.",
                     a=term[others[0]], c=term[others[1]])),
            Beat((FadeOut(other_rule), FadeIn(marks), FadeIn(total_d)), t.write, t.short_pause,
                 say("Adding the rows, the derivative of the total cross entropy with respect "
                     "to b3 is {g}.", g=small(grad))),
            Beat((Write(step_eq),), t.write, t.short_pause,
                 say("The step size is the derivative, {g}, times the learning rate, {r}: {s}.",
                     g=Value(grad, three), r=plain(rate), s=Value(size_step, three))),
            Beat((Write(new_eq),), t.write, t.short_pause,
                 say("And the new b3 is the old b3 minus the step size: {old} minus {s} is "
                     + _about(b3[0], size_step, b3[1]) + "{new}.", old=Value(b3[0], three),
                     s=Value(size_step, three), new=Value(b3[1], three))),
            Beat(swap(b3_label, b3_new), t.write, t.pause,
                 say("So b3 moves from {old} to {new}: one step of gradient descent.",
                     old=Value(b3[0], three), new=Value(b3[1], three))),
        ]
        worked = VGroup(table, marks, total_d, step_eq, new_eq)
        beats += _descent_on_curve(trace, VGroup(net, b3_new, link), worked, t)
        play_beats(self, beats)


#: what the descent's readout and arithmetic show of a step
READOUT = ("params", "loss", "gradients", "steps", "predictions", "settings")


def _descent_on_curve(trace, diagram: VGroup, worked: VGroup, t) -> list[Beat]:
    """The steps after the first, on the numbered curve of the total cross entropy against
    b3: a few narrated with their tangent and their arithmetic, the rest quicker with the
    step size read out each time, then the result."""
    b = trace.index(BIAS)
    b3 = [*trace.params[:, b], trace.final_params[b]]
    losses = [*trace.loss, trace.final_loss]
    p_row1 = [*trace.predictions[:, 0, SETOSA], trace.final_predictions[0, SETOSA]]
    steps = trace.step_sizes[:, b]
    three = partial(fmt, places=3)
    step_text = partial(fmt_small, places=3)
    purple = PALETTE.species[SETOSA]
    xs = np.linspace(-2.5, 1.0, 141)
    panel = plot_axes((-2.5, 1.0, 0.5), (0.0, 3.5, 0.5), 6.0, 4.4, x_label="b3 (Setosa's bias)",
                      y_label="total cross entropy", x_ticks=[-2, -1, 0, 1], y_ticks=[0, 1, 2, 3])
    panel.add(curve(panel, xs, trace.loss_curve(BIAS, xs), PALETTE.text))
    panel.to_edge(LEFT, buff=1.3).shift(DOWN * 0.35)
    size = SIZES.label

    names = VGroup(label("after step", size=size), label("b3 =", size=size, color=purple),
                   label("total =", size=size), label("Setosa row: p =", size=size, color=purple),
                   label("last step =", size=size, color=PALETTE.tangent))
    names.arrange(DOWN, aligned_edge=RIGHT, buff=0.4)
    names.to_edge(RIGHT, buff=2.4).to_edge(UP, buff=1.15)

    def placed(k):
        """Step number, b3, total cross entropy, the Setosa row's p and the step just taken
        after k steps, each beside its name."""
        values = [f"{k}", three(b3[k]), fmt(losses[k]), three(p_row1[k]),
                  step_text(steps[k - 1]) if k else "none yet"]
        return VGroup(*[label(v, size=size, color=n.get_color()).next_to(n, RIGHT, buff=0.2)
                        .align_to(n, UP) for v, n in zip(values, names)])

    def arithmetic(k):
        """The step from b3[k] written out: step size = slope x rate, new b3 = old - step."""
        lines = VGroup(
            equation(rf"\text{{step size}} = {three(steps[k])} \times "
                     rf"{fmt_input(trace.settings['learning_rate'])} = {three(steps[k])}",
                     size=SIZES.equation - 4, color=PALETTE.tangent),
            _new_b3(b3[k], steps[k], b3[k + 1], SIZES.equation - 4))
        lines.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        return lines.next_to(names, DOWN, buff=0.55).to_edge(RIGHT, buff=0.35)

    def slide(k):
        along = np.linspace(b3[k], b3[k + 1], 20)
        path = VMobject().set_points_as_corners(
            [panel.c2p(x, y) for x, y in zip(along, trace.loss_curve(BIAS, along))])
        return MoveAlongPath(point, path)

    def changed(shown, new):
        return ([a for old, nw in zip(shown, new) if old.text != nw.text for a in swap(old, nw)],
                VGroup(*[old if old.text == nw.text else nw for old, nw in zip(shown, new)]))

    first = Dot(panel.c2p(b3[0], losses[0]), radius=SIZES.dot * 0.7, color=PALETTE.muted)
    start = label("start", size=SIZES.small, color=PALETTE.muted)
    start.next_to(first, UP + RIGHT, buff=0.1)
    point = Dot(panel.c2p(b3[0], losses[0]), radius=SIZES.dot * 1.2, color=purple).set_z_index(3)
    shown = placed(0)
    changes, after = changed(shown, placed(1))
    beats = [
        # the worked step leaves as the curve comes in, so the screen is never empty
        Beat((AnimationGroup(FadeOut(VGroup(diagram, worked)),
                             AnimationGroup(Create(panel), FadeIn(first), FadeIn(point),
                                            FadeIn(start), FadeIn(names), FadeIn(shown)),
                             lag_ratio=0.7),),
             t.draw * 1.5,
             t.short_pause,
             say("Here is the total cross entropy for every value of b3. We started at b3 = "
                 "{a}, where the total is {la}.", a=Value(b3[0], three), la=losses[0])),
        Beat((slide(0), *changes), t.move, t.short_pause,
             say("Our first step took b3 to {c}, and the total fell to {lc}.",
                 c=Value(b3[1], three), lc=losses[1]),
             shows=Shows(trace, step=(0, 1), parts=READOUT)),
    ]
    shown = after

    for k in range(1, trace.n_steps):
        first_beat = len(beats)  # the beats of step k show it and the readout after it
        changes, new = changed(shown, placed(k + 1))
        mark = Dot(panel.c2p(b3[k], losses[k]), radius=SIZES.dot * 0.7, color=PALETTE.muted)
        if k <= NARRATED_STEPS:
            span = [b3[k] - 0.7, b3[k] + 0.7]
            tangent = tangent_segment(panel, span, trace.tangent(BIAS, k, span), (b3[k], losses[k]))
            slope = label(f"slope = {three(trace.gradients[k, b])}", size=SIZES.small,
                          color=PALETTE.tangent).move_to(panel.c2p(0.1, 3.1))
            work = arithmetic(k)
            beats += [
                Beat((Create(tangent[0]), FadeIn(slope), FadeIn(work[0])), t.write,
                     t.short_pause,
                     say("At b3 = {a}, the same sum over the rows gives a derivative of {s}, the "
                         "slope of this tangent. So the step size is {z}.",
                         a=Value(b3[k], three), s=Value(trace.gradients[k, b], three),
                         z=Value(steps[k], three))),
                Beat((FadeOut(tangent[0]), FadeOut(slope), FadeIn(work[1]), FadeIn(mark),
                      slide(k), *changes),
                     t.move, t.short_pause,
                     say("b3 moves to {a} minus {z}, which is " + _about(b3[k], steps[k], b3[k + 1])
                         + "{c}, and the total falls to {l}.",
                         a=Value(b3[k], three), z=Value(steps[k], three),
                         c=Value(b3[k + 1], three), l=losses[k + 1])),
                Beat((FadeOut(work),), t.short_pause, 0.0, SILENT),
            ]
            if k == NARRATED_STEPS:
                beats.append(Beat((Indicate(new[-1], color=PALETTE.callout),), t.write,
                                  t.short_pause,
                                  say("Near the bottom the curve flattens, so the steps shrink. "
                                      "Watch the step size as b3 creeps toward the bottom.")))
        else:
            beats.append(Beat((FadeIn(mark), slide(k), *changes), QUICK_STEP * 1.5, 0.0, SILENT))
        beats[first_beat:] = showing(Shows(trace, step=(k, k + 1), parts=READOUT),
                                     beats[first_beat:])
        shown = new
    report = trace.report()
    tol = trace.settings["tolerance"]
    rows = nnmath.build(ROWS)
    before = rows.final()[BIAS]
    result = VGroup(
        label(f"stopped after {report.steps} steps:", size=SIZES.small),
        label(f"step size below {fmt_input(tol)}", size=SIZES.small,
              color=PALETTE.tangent),
        label(f"b3: {fmt(b3[0])} \u2192 {fmt(b3[-1])}", size=SIZES.small, color=purple),
        label(f"total: {fmt(losses[0])} \u2192 {fmt(losses[-1])}", size=SIZES.small),
    ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
    result.next_to(names, DOWN, buff=0.5).to_edge(RIGHT, buff=0.4)
    was = stacked(label("in the SoftMax chapter:", size=SIZES.small),
                  label(f"b3 = {fmt(before)}, total = {fmt(rows.final_loss)}", size=SIZES.small),
                  buff=0.15)
    was.align_to(names, UP).to_edge(RIGHT, buff=0.4)
    old_b3 = Dot(panel.c2p(before, trace.loss_curve(BIAS, np.array([before]))[0]),
                 radius=SIZES.dot, color=PALETTE.callout).set_z_index(4)
    old_tag = label(f"b3 = {fmt(before)}", size=SIZES.small, color=PALETTE.callout)
    old_tag.next_to(old_b3, UP, buff=0.5)
    old_link = Line(old_tag.get_bottom(), old_b3.get_center(), color=PALETTE.callout,
                    stroke_width=SIZES.thin, buff=0.12)
    beats += [
        Beat((FadeIn(result), Indicate(shown[-1], color=PALETTE.callout)), t.write, t.pause,
             say("After {n} steps the step size, {z}, is smaller than {tol} ignoring its sign, "
                 "so gradient descent stops. b3 went from {a} to {c}, and the total cross "
                 "entropy fell from {la} to {lc}.", n=count(report.steps),
                 z=Value(steps[-1], step_text), tol=plain(tol), a=b3[0], c=b3[-1],
                 la=losses[0], lc=losses[-1]),
             shows=Shows(trace, step=(0, trace.n_steps - 1, None), parts=READOUT)),
        Beat((AnimationGroup(FadeOut(VGroup(names, shown)), FadeIn(was), lag_ratio=0.6),
              Indicate(result[2:], color=PALETTE.callout), FadeIn(old_b3), FadeIn(old_tag),
              Create(old_link)), t.write, t.pause,
             say("In the SoftMax chapter's network b3 was {b0}, and its total was {l0}: "
                 "training b3 from {a} brought it almost back there.", b0=before,
                 l0=rows.final_loss, a=b3[0]), shows=Shows(ROWS, step=None, values=lambda: b3[:1])),
    ]
    return beats


class DeltaView(Scene):
    """The same chain rule for every weight and bias at once: the network with each
    parameter's derivative of the total cross entropy (b3 at -2) written where the parameter
    sits, b3's -0.77 among them; then the hand-over to convolutional networks."""

    shows = Shows(DESCENT, step=0)

    def construct(self):
        t = timing()
        trace = nnmath.build(DESCENT)
        outs = list(trace.model().output_labels)
        grads = trace.chain(0).as_dict()
        layout = trace.model().layout()
        b3 = trace.params[0, trace.index(BIAS)]
        net = _diagram(trace, grads, width=7.6, height=4.8, keep=tuple(grads), in_where=0.26,
                       out_where=0.78)
        for name in grads:  # a bias's derivative is written as "b: number", not as a term to add
            if name in layout.biases:
                old = net.numbers[name]
                new = label(f"b: {fmt(grads[name])}", size=SIZES.small)
                new.move_to(old, aligned_edge=LEFT if layout.biases[name] in outs else ORIGIN)
                for part in net.submobjects:
                    if old in part.submobjects:
                        part.submobjects[part.submobjects.index(old)] = new
                net.numbers[name] = new
        for o, tag in zip(outs, net.output_names):
            tag.next_to(net.numbers[layout.bias(o)], RIGHT, buff=0.2)
        head = title("Every weight and bias at once")
        net.next_to(head, DOWN, buff=0.45)
        sub = label("each number: d Total / d (that weight or bias), not the weight itself",
                    size=SIZES.small).to_edge(DOWN, buff=0.3)
        at = label(f"b3 = {fmt(b3)}", size=SIZES.small, color=PALETTE.species[SETOSA])
        at.next_to(head, DOWN, buff=0.2).to_edge(RIGHT, buff=0.5)
        ours = callout(net.numbers[BIAS], "ours, for b3", avoid=[*net.numbers.values(), sub, head,
                                                                  *net.output_names])
        m = trace.model()
        hidden = list(m.hidden_labels)
        top = layout.weight(hidden[0], outs[0])  # top node -> Setosa
        late = [name for name in grads if any(name in layout.params_of(o) for o in outs)]
        early = [name for name in grads if name not in late]
        reuse = CurvedArrow(net.outputs[0].get_top() + UP * 0.15,
                            net.hidden[0].get_top() + UP * 0.35 + RIGHT * 0.75, angle=0.6,
                            color=PALETTE.callout, stroke_width=SIZES.thin)
        nxt = label("Next: convolutional neural networks, for classifying images",
                    size=SIZES.label).to_edge(DOWN, buff=0.3)
        play_beats(self, [
            Beat((Write(head), FadeIn(net), FadeIn(sub), FadeIn(at)), t.draw, t.short_pause,
                 say("We worked out one derivative, for Setosa's bias. The same chain rule gives "
                     "a derivative for every weight and bias, here with b3 at {b}.", b=b3)),
            Beat((show_callout(ours), *net.focus(BIAS, "setosa")), t.write, t.short_pause,
                 say("Here is ours again: {g} for b3.", g=grads[BIAS])),
            Beat((FadeOut(ours), *net.focus(top, "top", "setosa")), t.write, t.short_pause,
                 say("And, for example, the weight from the top node to Setosa, in red, gets "
                     "{g}.", g=grads[top])),
            Beat(tuple(net.focus(*late, *outs)), t.write, t.short_pause,
                 say("Backpropagation computes all of them together, working backwards from the "
                     "cross entropy: first the weights and biases of the outputs.")),
            Beat((*net.focus(*early, *hidden), Create(reuse)), t.write, t.short_pause,
                 say("Then, reusing those, the ones before the hidden nodes.")),
            Beat((FadeOut(reuse), *net.focus(*grads, *net.nodes)), t.write, t.short_pause,
                 say("Then gradient descent steps every weight and bias at once, and repeats.")),
            Beat((AnimationGroup(FadeOut(sub), FadeIn(nxt), lag_ratio=1.0),), t.write, t.pause,
                 say("Next: convolutional neural networks, which use SoftMax, cross entropy and "
                     "backpropagation to classify images.")),
        ])
