"""Chapter: gradient descent, step by step (presets ``gradient-descent-intercept`` and
``gradient-descent-intercept-slope``). A line through three people's weights and heights:
the residuals and the SSR, the intercept walking down the SSR curve until the step size is
tiny, then intercept and slope together on a map of the SSR; why the learning rate matters
(too large, too small, a rate that shrinks); and stochastic against batch gradient descent.

    manim -pql scenes/gradient_descent.py DescentOnIntercept
"""

from __future__ import annotations

import numpy as np
from manim import (Arrow, Circle, Create, Dot, FadeIn, FadeOut, GrowArrow, Indicate, Line, Scene,
                   Succession,
                   Transform, ValueTracker, VGroup, Write, DOWN, LEFT, RIGHT, UL, UP, UR, DL,
                   DR)

import nnmath
from nnmath.loss import residuals, ssr_grad
from scenes.common.beats import Beat, Shows, play_beats, showing
from scenes.common.callout import callout, show_callout
from scenes.common.descent_story import descent_beats
from scenes.common.equations import line_step, squared_residuals, tidy
from scenes.common.line_story import (EQ, clipped, exact, following_bars, intercept_rows, intercepts, line_at,
                                      line_axes,
                                      map_and_line, one_point_rows, residual_bars,
                                      residual_terms, run_beat,
                                      ssr_axes, two_rows, weights)
from scenes.common.loss_map import level_contour, path_line
from scenes.common.panels import loss_panel
from scenes.common.narration import SILENT, Value, count, num, plain, say
from scenes.common.numbers import fmt, fmt_input, fmt_small
from scenes.common.plots import scene_points
from scenes.common.readout import Readout, growing_path, run_columns, sample_steps, show_upto, step_at
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import equation, label, stacked, swap, title
from scenes.common.timing import timing

ONE = "gradient-descent-intercept"
TWO = "gradient-descent-intercept-slope"
#: the learning-rate comparison: (what it shows, build() overrides of the one-parameter run)
RATES = (
    ("just right", dict()),
    ("too large", dict(learning_rate=0.4)),
    ("too small", dict(learning_rate=0.001)),
    ("shrinking", dict(learning_rate=0.5, schedule="exponential:0.8")),
)
TWO_AT_ONE = dict(learning_rate=0.1)  # intercept and slope at the one-parameter run's rate
STOCHASTIC = dict(batch_size=1, seed=0)  # one random data point per step
WIDE = (-3.0, 4.0)  # the intercepts of the wider view, where the large rates' jumps land
MAP_ZOOM = 1.4  # how much the map grows for a run drawn on it
VERDICTS = {"converged": "converged", "oscillating": "zig-zags", "diverged": "diverged",
            "crawling": "crawls", "unfinished": "still moving"}

__all__ = ["LineAndSSR", "DescentOnIntercept", "InterceptAndSlope", "LearningRateMatters",
           "StochasticVersusBatch"]


def traces() -> list[nnmath.Trace]:
    """Every trace the chapter reads."""
    return [nnmath.build(ONE), nnmath.build(TWO), nnmath.build(TWO, **STOCHASTIC),
            *[nnmath.build(ONE, **kw) for _, kw in RATES[1:]], nnmath.build(TWO, **TWO_AT_ONE)]


def extra_values() -> np.ndarray:
    """How far the two-parameter run and the too-small rate stopped from the lowest SSR
    (nnmath's reports), and
    the terms of the intercept's derivative at each step, -2 x each residual (ssr_grad)."""
    one = nnmath.build(ONE)
    return np.concatenate([list(nnmath.build(TWO).report().remaining.values()),
                           list(nnmath.build(ONE, **RATES[2][1]).report().remaining.values()),
                           np.ravel(ssr_grad(one.outputs, one.predictions))])


class LineAndSSR(Scene):
    """The data, a line with intercept 0, its residuals and SSR, a second intercept, and the
    SSR for every intercept."""

    shows = Shows(ONE, step=(0, 1))

    def construct(self):
        t = timing()
        trace = nnmath.build(ONE)
        slope = trace.params[0, trace.index("slope")]
        b0, b1 = trace.param("intercept")[:2]
        heading = title("Gradient descent, step by step")
        axes, dots = line_axes(trace, 5.0, 3.6)
        VGroup(axes, dots).to_corner(UL, buff=0.5).shift(DOWN * 0.7 + RIGHT * 0.5)
        panel = ssr_axes(trace, 5.0, 3.6, apart=True)
        VGroup(panel, panel.loss_curve).to_corner(UR, buff=0.5).shift(DOWN * 0.7 + LEFT * 0.2)
        line = line_at(axes, trace, 0)
        model = equation(rf"\text{{Predicted height}} = \text{{intercept}} + {fmt(slope)} \times "
                         r"\text{weight}", size=EQ)
        model.to_edge(DOWN, buff=1.1)
        plugged = equation(rf"\text{{Predicted height}} = {tidy(b0)} + {fmt(slope)} \times "
                           r"\text{weight}", size=EQ).move_to(model)
        bars = residual_bars(axes, trace, trace.predictions[0])
        ssr_eq, written = squared_residuals(trace, 0)
        ssr_eq.to_edge(DOWN, buff=0.4)
        def tags(written, bars):  # each residual at its data point's end, clear of the line
            return VGroup(*[label(w, size=SIZES.small, color=PALETTE.residual)
                            .next_to(bar, DOWN if w.startswith("-") else UP, buff=0.15)
                            .add_background_rectangle(color=PALETTE.background, opacity=0.9,
                                                      buff=0.04)
                            for i, (w, bar) in enumerate(zip(written, bars))])

        r_labels = tags(written, bars)
        r_values = residuals(trace.outputs, trace.predictions[0])
        ssr_eq1, written1 = squared_residuals(trace, 1)
        ssr_eq1.to_edge(DOWN, buff=0.4)
        r_labels1 = tags(written1, residual_bars(axes, trace, trace.predictions[1]))
        r_values1 = residuals(trace.outputs, trace.predictions[1])
        people = callout(dots[1], "one person", avoid=[axes, heading, *dots], directions=(UL, UP))
        first = Dot(panel.c2p(b0, trace.loss[0]), radius=SIZES.dot * 1.2, color=PALETTE.tangent)
        first_note = label(f"SSR = {fmt(trace.loss[0])}", size=SIZES.small,
                           color=PALETTE.tangent).next_to(first, RIGHT, buff=0.2)
        second = Dot(panel.c2p(b1, trace.loss[1]), radius=SIZES.dot * 1.2, color=PALETTE.tangent)
        second_note = label(f"SSR = {fmt(trace.loss[1])}", size=SIZES.small,
                            color=PALETTE.tangent).next_to(second, UR, buff=0.15)
        moved = equation(rf"\text{{Predicted height}} = {fmt(b1)} + {fmt(slope)} \times "
                         r"\text{weight}", size=EQ).move_to(model)
        best = trace.final()["intercept"]
        lowest = Dot(panel.c2p(best, trace.final_loss), radius=SIZES.dot * 1.2,
                     color=PALETTE.squiggle).set_z_index(3)
        bottom = callout(panel.c2p(best, trace.final_loss), "the lowest SSR", color=PALETTE.squiggle,
                         avoid=[heading], directions=(UP, UR), reach=1.4)
        s, b = num(slope), plain(b0)
        # the sweep: the line moved up to each intercept of the curve, its SSR point traced
        xs = intercepts()
        points = [panel.c2p(x, y) for x, y in zip(xs, trace.loss_curve("intercept", xs, k=0))]
        start = int(np.searchsorted(xs, b1))
        tracker = ValueTracker(start)
        swept = growing_path(np.array(points), PALETTE.text, SIZES.curve)
        show_upto(swept, np.array(points), start)
        tracer = Dot(points[start], radius=SIZES.dot * 1.2, color=PALETTE.tangent).set_z_index(3)
        base = line_at(axes, trace, 0)

        def follow():
            i = int(round(tracker.get_value()))
            show_upto(swept, np.array(points), i)
            tracer.move_to(points[i])
            line.become(base.copy().shift(UP * (axes.c2p(0, xs[i])[1] - axes.c2p(0, 0)[1])))

        play_beats(self, [
            Beat((Write(heading), Create(axes), FadeIn(dots)), t.draw, t.short_pause,
                 say("In the last chapter the cost went downhill. Now we take gradient "
                     "descent apart, step by step, on the simplest model there is: a "
                     "straight line through three data points.")),
            Beat((show_callout(people),), t.write, t.short_pause,
                 say("Each point is one person: weight on the x-axis, height on the "
                     "y-axis.")),
            Beat((FadeOut(people), Write(model)), t.write, t.short_pause,
                 say("We predict height with a line: the intercept plus the slope times the "
                     "weight. For now, take the slope as given, {s}, and look for the best "
                     "intercept; later gradient descent finds both.", s=s)),
            Beat((*swap(model, plugged), Create(line)), t.draw, t.short_pause,
                 say("Gradient descent needs a place to start, so the intercept starts at "
                     "{b}: this green line.", b=b)),
            Beat((Create(bars), FadeIn(r_labels)), t.write, t.short_pause,
                 say("The red lines are the residuals, observed minus predicted height: "
                     "{r1}, {r2} and {r3}.", r1=exact(written[0], r_values[0]),
                     r2=exact(written[1], r_values[1]), r3=exact(written[2], r_values[2]))),
            Beat((Write(ssr_eq),), t.write, t.pause,
                 say("Squared and added up, they give the sum of the squared residuals, the "
                     "SSR: {ssr}. The smaller the SSR, the better the line fits.",
                     ssr=trace.loss[0])),
            Beat((Create(panel), FadeIn(first), FadeIn(first_note)), t.draw, t.short_pause,
                 say("On a second graph, the intercept goes on the x-axis and the SSR on the "
                     "y-axis. Our first point: intercept {b}, SSR {ssr}.", b=b,
                     ssr=trace.loss[0])),
            Beat((FadeOut(r_labels), FadeOut(ssr_eq)), t.short_pause, 0.0, SILENT),
            Beat((Transform(line, line_at(axes, trace, 1)),
                  Transform(bars, residual_bars(axes, trace, trace.predictions[1])),
                  *swap(plugged, moved), FadeIn(second), FadeIn(second_note)), t.move, t.pause,
                 say("With the intercept at {b1}, the line moves up, the residuals shrink, "
                     "and the SSR falls to {ssr}.", b1=b1, ssr=trace.loss[1])),
            Beat((FadeIn(r_labels1), Write(ssr_eq1)), t.write, t.pause,
                 say("The residuals are now {r1}, {r2} and {r3}; squared and added up, "
                     "{ssr}.", r1=exact(written1[0], r_values1[0]),
                     r2=exact(written1[1], r_values1[1]), r3=exact(written1[2], r_values1[2]),
                     ssr=trace.loss[1])),
            Beat((FadeOut(bars), FadeOut(first_note), FadeOut(second_note), FadeOut(moved),
                  FadeOut(r_labels1), FadeOut(ssr_eq1)), t.short_pause, 0.0, SILENT),
            run_beat(tracker, len(xs) - 1, (swept, tracer, line), follow, t.draw * 4,
                     say("Doing this for every intercept, moving the line up bit by bit and "
                         "marking its SSR each time, traces out this curve.")),
            Beat((FadeIn(lowest), show_callout(bottom), FadeOut(tracer),
                  Transform(line, line_at(axes, trace, trace.n_steps))), t.write, t.pause * 2,
                 say("The best intercept is at the bottom of the curve. Gradient descent "
                     "finds it in a few steps, taking big steps far from the bottom and small "
                     "steps near it. Next, we watch it walk down, step by step.")),
        ])


class DescentOnIntercept(Scene):
    """Every step: the tangent and its slope from the derivative, step size = derivative x
    learning rate, the new intercept and the line moving, until the step size is tiny."""

    shows = Shows(ONE, step=0)

    def construct(self):
        t = timing()
        trace = nnmath.build(ONE)
        heading = title("Gradient descent on the intercept").to_edge(LEFT, buff=0.4)
        axes, dots = line_axes(trace, 3.3, 1.9)
        VGroup(axes, dots).to_corner(UL, buff=0.4).shift(DOWN * 0.8 + RIGHT * 0.2)
        panel = ssr_axes(trace, 3.3, 2.0)
        panel.next_to(axes, DOWN, buff=0.55).align_to(axes, LEFT)
        top = panel.c2p(0.75, panel.y_range[1])
        right_edge = panel.c2p(panel.x_range[1], 0)[0]
        line = line_at(axes, trace, 0)
        lr, tol = plain(trace.learning_rates[0]), plain(trace.settings["tolerance"])
        limit = count(trace.settings["max_steps"])
        right_x = panel.get_right()[0] + 0.35
        rule = VGroup(
            label(f"learning rate = {fmt_input(trace.learning_rates[0])}", size=SIZES.small),
            label(f"stop when |step size| < {fmt_input(trace.settings['tolerance'])},",
                  size=SIZES.small),
            label(f"or after {trace.settings['max_steps']} steps", size=SIZES.small))
        rule.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        rule.move_to([right_x + rule.width / 2, 3.0 - rule.height / 2, 0])
        heading.set_y(3.65 - heading.height / 2)
        rows_at = rule.get_bottom()[1] - 0.35
        slope = num(trace.params[0, trace.index("slope")])
        general = stacked(
            equation(r"\text{SSR} = \sum (\text{observed} - \text{predicted})^2", size=EQ),
            equation(rf"\text{{predicted}} = \text{{intercept}} + {fmt(slope.value)} \times "
                     r"\text{weight}", size=EQ),
            equation(r"\frac{d\,\text{SSR}}{d\,\text{intercept}} = \sum -2 \times "
                     r"(\text{observed} - \text{predicted})", size=EQ,
                     color=PALETTE.tangent), buff=0.35)
        general.move_to([right_x + general.width / 2, 1.2, 0])

        def fit_at(k):
            return line_at(axes, trace, k + 1)

        def rows(k):
            group = intercept_rows(trace, k, rule=k == 0)
            group.move_to([right_x + group.width / 2, rows_at - group.height / 2, 0])
            group.submobjects[1] = VGroup(group[1], following_bars(axes, trace,
                                                                   trace.predictions[k], line))
            return group

        def narrate(k, slow):
            w, step = line_step(trace, k), trace.step(k)
            g = exact(w.derivative["intercept"], step.gradients["intercept"])
            size = exact(w.size["intercept"], step.step_sizes["intercept"])
            n = count(k + 1)
            if not slow:
                if k == 3:
                    return (say("The same recipe repeats, faster now. The steps soon get too "
                                "small to see on the graphs, so watch the step size: step "
                                "{n}, {s}.", n=n, s=size),)
                return (say("Step {n}: step size {s}.", n=n, s=size),)
            old = exact(w.old["intercept"], step.params["intercept"])
            new = exact(w.new["intercept"], step.new_params["intercept"])
            r = residual_terms(trace, k)[0]
            rs = {f"r{i + 1}": exact(x, v) for i, (x, v) in
                  enumerate(zip(r, residuals(trace.outputs, trace.predictions[k])))}
            about = "" if w.minus["intercept"] == "=" else "about "
            if k == 0:
                said = (say("Step {n}. We plug the intercept, {b}, and the line's slope, {sl}, "
                            "into the derivative: one term for each person.", n=n, b=old,
                            sl=num(step.params["slope"])),
                        say("Each bracket is that person's residual, the red lines: {r1}, {r2} "
                            "and {r3}.", **rs),
                        say("Times minus two and added up, that is {g}: the slope of the SSR "
                            "curve at intercept {b}, the slope of the red tangent line.", g=g,
                            b=old),
                        say("The step size is the slope of the SSR curve times the learning rate: {g} "
                            "times {lr} is {s}.", g=g, lr=lr, s=size),
                        say("The new intercept is the old one minus the step size. The slope "
                            "is negative, the curve falls to the right, so subtracting it moves "
                            "the intercept right; a positive slope would move it left."))
                move = ("{old} minus {s} is " + about + "{new}: the red point slides down the "
                        "curve, and the green line moves up.")
            else:
                said = (say("Step {n}, with the intercept at {b}.", n=n, b=old),
                        say("The residuals are now {r1}, {r2} and {r3}.", **rs),
                        say("Times minus two and added up: {g}, a gentler slope than before.",
                            g=g),
                        say("Times {lr}, the step size is {s}.", lr=lr, s=size))
                move = ("The new intercept: {old} minus {s} is " + about + "{new}. " +
                        ("The red point slides down, the green line moves up." if k < 3 else
                         "The move is too small to see on the graphs."))
            return (*said, say(move, old=old, s=size, new=new))

        last = trace.step(trace.n_steps - 1).step_sizes["intercept"]
        final = trace.final()["intercept"]
        done = stacked(
            label(f"|step size| = {fmt_small(abs(last), figures=3)} < "
                  f"{fmt_input(trace.settings['tolerance'])}: stop", size=SIZES.label),
            label(f"intercept = {fmt(final)} after {trace.n_steps} steps", size=SIZES.label,
                  color=PALETTE.squiggle), buff=0.2)
        done.move_to([right_x + done.width / 2, -2.6, 0])
        play_beats(self, [
            Beat((Write(heading), Create(axes), FadeIn(dots), Create(panel), Create(line)),
                 t.draw, t.short_pause,
                 say("Here is the line with intercept {b}, and the SSR curve. Gradient "
                     "descent walks the intercept down this curve.",
                     b=plain(trace.params[0, 0]))),
            Beat((Write(general[:2]),), t.write, t.short_pause,
                 say("The SSR adds up, for each person, the square of observed minus "
                     "predicted height, and the predicted height is the intercept plus {s} "
                     "times the weight.", s=slope)),
            Beat((Write(general[2]),), t.write, t.pause,
                 say("Its derivative with respect to the intercept is how steep the SSR curve "
                     "is at an intercept: the slope of a line that just touches the curve "
                     "there, a tangent. For each person the derivative of the square is minus "
                     "two times the residual, and the derivative adds these terms up.")),
            Beat((FadeOut(general), FadeIn(rule)), t.write, t.short_pause,
                 say("Each step uses that slope and a small number, the learning rate, {lr}. "
                     "We stop when a step size is smaller than {tol}, or after {limit} steps.",
                     lr=lr, tol=tol, limit=limit)),
            *descent_beats(trace, "intercept", panel, line, fit_at, rows, t, detailed=3,
                           half_width=0.45, narrate=narrate, tangent_with=2,
                           slope_word="SSR curve\n slope", steady=True, keep_point=True,
                           place_counter=lambda c: c.move_to([6.8 - c.width / 2, rule.get_top()[1] - c.height / 2, 0]),
                           place_slope=lambda c: c.next_to(top, DOWN, buff=0.1)
                           .shift(RIGHT * (right_edge - c.get_right()[0])),
                           slope_text=lambda k: line_step(trace, k).derivative["intercept"]),
            Beat((FadeIn(done),), t.write, t.pause * 2,
                 say("After {n} steps, the step size is only {s}, smaller than {tol}, so we "
                     "stop, at intercept {b}, the bottom of the curve. BAM!",
                     n=count(trace.n_steps), s=exact(fmt_small(abs(last), figures=3), abs(last)),
                     tol=tol, b=final), shows=self.shows.at(step=trace.n_steps - 1)),
        ])


class InterceptAndSlope(Scene):
    """Intercept and slope together: the start, a map of the SSR over both, the first step
    with both derivatives, the run down the valley and why it stops where it stops."""

    shows = Shows(TWO, step=0, values=lambda: [*nnmath.build(ONE).final_params,
                                               nnmath.build(ONE).learning_rates[0], *extra_values()])

    def construct(self):
        t = timing()
        trace, before = nnmath.build(TWO), nnmath.build(ONE)
        heading = title("Intercept and slope together").to_edge(LEFT, buff=0.4)
        axes, dots, ssr_map = map_and_line(trace, 3.3, 2.3)
        VGroup(axes, dots).to_corner(UL, buff=0.4).shift(DOWN * 0.7)
        ssr_map.next_to(axes, RIGHT, buff=0.5).align_to(axes, UP)
        grid = ssr_map[0]
        start = trace.params_at(0)
        line = line_at(axes, trace, 0)
        model = equation(rf"\text{{Predicted}} = {tidy(start['intercept'])} + "
                         rf"{tidy(start['slope'])} \times \text{{weight}}", size=EQ)
        model.next_to(axes, DOWN, buff=0.9).align_to(axes, LEFT)
        route = scene_points(grid, trace.param("intercept"), trace.param("slope"))
        marker = Dot(route[0], radius=SIZES.dot, color=PALETTE.tangent).set_z_index(3)
        ring = level_contour(trace, grid, "intercept", "slope", trace.loss[0])
        ring_note = label(f"SSR = {fmt(trace.loss[0])}", size=SIZES.small, color=PALETTE.tangent)
        ring_note.next_to(marker, UR, buff=0.1).add_background_rectangle(
            color=PALETTE.background, opacity=0.9, buff=0.05)  # readable over the contours
        low = before.final()
        floor = Dot(grid.c2p(low["intercept"], low["slope"]), radius=SIZES.dot,
                    color=PALETTE.squiggle).set_z_index(3)
        steps = sample_steps(trace.n_steps, 90)
        tracker = ValueTracker(1)  # the table shows the values after step 1 first
        readout = Readout(run_columns(trace), tracker, steps, size=SIZES.small)
        readout.update()  # to the tracker's step
        readout.next_to(ssr_map, RIGHT, buff=0.4).align_to(ssr_map, UP)
        floor_text = VGroup(
            label("lowest SSR", size=SIZES.small, color=PALETTE.squiggle),
            label(f"({fmt(low['intercept'])}, {fmt(low['slope'])})", size=SIZES.small,
                  color=PALETTE.squiggle)).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        floor_text.next_to(readout, DOWN, buff=0.45).align_to(readout, LEFT)
        floor_note = VGroup(Arrow(floor_text.get_left(), floor.get_center(), buff=0.12,
                                  color=PALETTE.squiggle, stroke_width=SIZES.thin * 1.5,
                                  max_tip_length_to_length_ratio=0.25), floor_text)
        too_big = nnmath.build(TWO, **TWO_AT_ONE).report()
        first, second = two_rows(trace, before, f"with {fmt_input(TWO_AT_ONE['learning_rate'])} "
                                 f"here: {VERDICTS[too_big.behaviour]} after {too_big.steps} steps")
        for rows in (first, second):
            rows.to_edge(DOWN, buff=0.35).to_edge(LEFT, buff=0.5)
        step_one = label("Step 1", size=SIZES.label).next_to(heading, RIGHT, buff=0.8)
        w = line_step(trace, 0)
        step = trace.step(0)
        final = trace.final()
        gap = trace.report().remaining
        tol = plain(trace.settings["tolerance"])
        done = stacked(
            label(f"both |step sizes| < {fmt_input(trace.settings['tolerance'])}: stop after "
                  f"{trace.n_steps} steps", size=SIZES.small),
            label(f"at intercept {fmt(final['intercept'])}, slope {fmt(final['slope'])},",
                  size=SIZES.small),
            label(f"still about {fmt(gap['intercept'], 3)} short of the lowest SSR's intercept",
                  size=SIZES.small), buff=0.15).to_edge(DOWN, buff=0.4).to_edge(LEFT, buff=0.5)
        map_group, data = VGroup(ssr_map, marker, floor), VGroup(axes, dots, line)
        lr = plain(step.learning_rate)
        b_int, b_slope = (exact(w.new[n], step.new_params[n]) for n in ("intercept", "slope"))
        play_beats(self, [
            Beat((Write(heading), Create(axes), FadeIn(dots), Create(line), Write(model)),
                 t.draw, t.short_pause,
                 say("Now gradient descent looks for the intercept and the slope together. "
                     "It starts with intercept {b} and slope {s}: this green line.",
                     b=plain(start["intercept"]), s=plain(start["slope"]))),
            Beat((FadeIn(ssr_map), FadeIn(marker)), t.draw, t.short_pause,
                 say("With two numbers to find, the SSR is no longer a curve but a map: "
                     "intercept across, slope up, and the red point is where we start.")),
            Beat((Create(ring), FadeIn(ring_note)), t.write, t.short_pause,
                 say("Like the lines on a hiking map, each blue line joins the places with "
                     "the same SSR. The red one passes through our start, where the SSR is "
                     "{ssr}.", ssr=trace.loss[0])),
            Beat((FadeIn(floor), show_callout(floor_note), FadeOut(model)), t.write, t.short_pause,
                 say("The lines close in on a valley. Its floor, the lowest SSR, is at "
                     "intercept {b} and slope {s}: the intercept we found before, when the "
                     "slope was held at {s}.", b=low["intercept"], s=low["slope"])),
            Beat((FadeIn(step_one), Write(first[0])), t.write, t.short_pause,
                 say("Step {n} works as before. Predicted height is intercept plus slope "
                     "times weight: {p1}, {p2} and {p3}.", n=count(1),
                     **{f"p{i + 1}": exact(tidy(p), p) for i, p in enumerate(trace.predictions[0])})),
            Beat((Write(first[1]),), t.write, t.short_pause,
                 say("The derivative with respect to the intercept adds up minus two times "
                     "each residual: {g}.", g=exact(w.derivative["intercept"],
                                                     step.gradients["intercept"]))),
            Beat((Write(first[2]),), t.write, t.pause,
                 say("For the slope, each term is also multiplied by its weight, because the "
                     "slope multiplies the weight: {g}.",
                     g=exact(w.derivative["slope"], step.gradients["slope"]))),
            Beat((FadeOut(first),), t.short_pause, 0.0, SILENT),
            Beat((Write(second),), t.write, t.pause,
                 say("This time the learning rate is smaller, {lr} instead of {lr1}: with "
                     "{lr1}, this run jumps back and forth and has diverged after {nb} steps. "
                     "Each step size is its derivative times {lr}: {a} for the intercept and "
                     "{c} for the slope.", lr=lr, lr1=plain(before.learning_rates[0]),
                     nb=count(too_big.steps),
                     a=exact(w.size["intercept"], step.step_sizes["intercept"]),
                     c=exact(w.size["slope"], step.step_sizes["slope"]))),
            Beat((FadeIn(readout), marker.animate.move_to(route[1]),
                  Transform(line, line_at(axes, trace, 1))), t.write, t.short_pause,
                 say("Each new value is the old one minus its step size: intercept {b} and "
                     "slope {s}. The table on the right keeps them, rounded, with the new SSR, "
                     "{ssr}. The red point moves a tiny bit.", b=b_int, s=b_slope,
                     ssr=trace.loss[1]), shows=self.shows.at(step=(0, 1))),
            Beat((FadeOut(second), FadeOut(step_one), FadeOut(ring), FadeOut(ring_note),
                  FadeOut(floor_note), FadeOut(data)), t.short_pause, 0.0, SILENT),
        ])
        data.to_corner(DR, buff=0.35).shift(UP * 0.9)  # out of view: it comes back here
        play_beats(self, [
            Beat((map_group.animate.scale(MAP_ZOOM).to_corner(UL, buff=0.35).shift(DOWN * 0.8),
                  readout.animate.to_corner(UR, buff=0.4).shift(DOWN * 0.55), FadeIn(data)),
                 t.move, 0.0, say("For the rest of the run, the map gets bigger and the data "
                                  "moves to the right.")),
        ])
        # the map, now bigger, and the data on the right: the run is drawn where they are now
        route = scene_points(grid, trace.param("intercept"), trace.param("slope"))
        fits = [scene_points(axes, weights(trace), ys)
                for ys in trace.curves(weights(trace), steps=steps)]
        path = growing_path(route, PALETTE.text, SIZES.thin).set_z_index(2)
        floor_text = label("lowest SSR", size=SIZES.small, color=PALETTE.squiggle)
        floor_text.next_to(floor, DOWN, buff=0.2).add_background_rectangle(
            color=PALETTE.background, opacity=0.9, buff=0.05)

        def follow():
            k = step_at(tracker.get_value(), steps)
            show_upto(path, route, k)
            marker.move_to(route[k])
            line.set_points_as_corners(fits[int(np.searchsorted(steps, k))])

        play_beats(self, [
            Beat((FadeIn(floor_text), FadeIn(path)), t.short_pause, 0.0,
                 say("The valley floor is marked in green.")),
            *showing(self.shows.at(step=None), [run_beat(
                tracker, len(steps) - 1, (path, marker, line), follow, t.draw * 6,
                say("Step after step, the point walks down into the valley and the line "
                    "fits the data better. The steps get smaller as the ground gets "
                    "flatter.")),
            Beat((FadeIn(done[:2]),), t.write, t.short_pause,
                 say("After {n} steps, both step sizes are smaller than {tol}, so it stops: "
                     "intercept {b}, slope {s}.", n=count(trace.n_steps), tol=tol,
                     b=final["intercept"], s=final["slope"])),
            Beat((FadeIn(done[2]), Indicate(floor, color=PALETTE.squiggle)), t.write, t.pause * 2,
                 say("That is short of the valley floor. With the smaller learning rate, the "
                     "steps fell below {tol} while the intercept was still about {gap} away. "
                     "So the learning rate matters; that is next.", tol=tol,
                     gap=Value(gap["intercept"], lambda v: fmt(v, 3))))]),
        ])


class LearningRateMatters(Scene):
    """The intercept run again at four learning rates: just right and too small (crawls
    and stops short) on the SSR curve near its bottom; too large (diverges) and large but
    shrinking on a wider view of the same curve. Every run is drawn one step at a time."""

    shows = Shows(ONE, step=0)

    def construct(self):
        t = timing()
        runs = [(what, nnmath.build(ONE, **kw)) for what, kw in RATES]
        heading = title("The learning rate matters").to_edge(LEFT, buff=0.4)
        panel = ssr_axes(runs[0][1], 5.6, 4.8, lo=-0.6, hi=2.4, apart=True)
        VGroup(panel, panel.loss_curve).to_corner(DL, buff=0.5).shift(RIGHT * 0.5 + UP * 0.2)
        xs = intercepts(*WIDE)
        wide = loss_panel(xs, runs[0][1].loss_curve("intercept", xs, k=0), "intercept",
                          width=5.6, height=4.8, numbered=True, y_step=10.0, curve_apart=True)
        VGroup(wide, wide.loss_curve).move_to(panel, aligned_edge=DL)
        best = runs[0][1]
        low = Dot(panel.c2p(best.final()["intercept"], best.final_loss), radius=SIZES.dot * 1.3,
                  color=PALETTE.squiggle).set_z_index(3)
        low_note = VGroup(label("lowest SSR", size=SIZES.small, color=PALETTE.squiggle),
                          label(f"intercept {fmt(best.final()['intercept'])}", size=SIZES.small,
                                color=PALETTE.squiggle)).arrange(DOWN, buff=0.1)
        low_note.next_to(low, UP, buff=1.2)
        low_arrow = Arrow(low_note.get_bottom(), low.get_top(), buff=0.1, color=PALETTE.squiggle,
                          stroke_width=SIZES.thin * 1.5)
        wide_low = Dot(wide.c2p(best.final()["intercept"], best.final_loss),
                       radius=SIZES.dot * 1.3, color=PALETTE.squiggle).set_z_index(3)
        fixed = label(f"slope = {fmt(best.params[0, 1])}", size=SIZES.small)
        fixed.next_to(heading, RIGHT, buff=0.6).align_to(heading, DOWN)
        colours = (PALETTE.squiggle, PALETTE.tangent, PALETTE.top, PALETTE.bottom)
        on = (panel, wide, panel, wide)
        steps = [self._steps(p, trace, c, named=i in (1, 3))
                 for i, ((_, trace), c, p) in enumerate(zip(runs, colours, on))]
        rows = VGroup(*[self._row(what, trace, c) for (what, trace), c in zip(runs, colours)])
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.35).to_edge(RIGHT, buff=0.4)
        rows.set_y(-0.3)
        lr = [plain(trace.learning_rates[0]) for _, trace in runs]
        ends = [num(trace.final()["intercept"]) for _, trace in runs]
        n = [count(trace.n_steps) for _, trace in runs]
        big = runs[1][1].param("intercept")
        large = runs[1][1].report()
        shrink = runs[3][1]
        crawl = runs[2][1]
        short = crawl.report().remaining["intercept"]
        stop = Dot(panel.c2p(crawl.final()["intercept"], crawl.final_loss), radius=SIZES.dot * 1.3,
                   color=PALETTE.top).set_z_index(4)
        gap_note = label(f"{fmt(short)} short", size=SIZES.small, color=PALETTE.top)
        gap_note.next_to(stop, UL, buff=0.25)
        gap = VGroup(Arrow(stop.get_center(), low.get_center(), buff=0.12, color=PALETTE.top,
                           stroke_width=SIZES.thin * 1.5, max_tip_length_to_length_ratio=0.3))
        end_note = label(f"stops at {fmt(crawl.final()['intercept'])}", size=SIZES.small,
                         color=PALETTE.top).next_to(stop, UP, buff=1.0)
        end_arrow = Arrow(end_note.get_bottom(), stop.get_top(), buff=0.1, color=PALETTE.top,
                          stroke_width=SIZES.thin * 1.5)
        huge = stacked(label(f"after {large.steps} steps:", size=SIZES.small, color=PALETTE.tangent),
                       label(f"intercept {fmt(big[-1])}", size=SIZES.small, color=PALETTE.tangent),
                       buff=0.08).move_to(wide.c2p(1.9, 0.88 * wide.y_range[1]))
        close_view = VGroup(panel, panel.loss_curve, low)
        wide_view = VGroup(wide, wide.loss_curve, wide_low)

        def walk(pieces, first, last, seconds):
            return (Succession(*[Create(p) for p in pieces.submobjects[first:last]],
                               run_time=seconds),)

        def run(i, **more) -> Shows:
            """Run i's start, first steps and end, as its dots and its row show them."""
            return Shows(runs[i][1], step=(0, 1, 2, 3, 4, None), **more)

        beats = [
            Beat((Write(heading), FadeIn(fixed), Create(panel), Create(panel.loss_curve)), t.draw,
                 t.short_pause,
                 say("Back to the intercept alone, with the slope at {s}, and its SSR curve. "
                     "How big a step gradient descent takes depends on the learning rate.",
                     s=runs[0][1].params[0, 1]), shows=run(0)),
            Beat((FadeIn(low), FadeIn(low_note), Create(low_arrow)), t.write, t.short_pause,
                 say("The green point is the bottom, at intercept {b}.", b=ends[0]),
                 shows=run(0)),
            Beat((FadeOut(low_note), FadeOut(low_arrow), FadeIn(rows[0]),
                  *walk(steps[0], 0, len(steps[0]), t.draw * 4)), t.draw * 4, t.pause,
                 say("With learning rate {lr}, as before, each dot is one step: big steps "
                     "first, then smaller ones, and after {n} steps it stops at {b}.",
                     lr=lr[0], n=n[0], b=ends[0]), shows=run(0)),
            Beat((FadeOut(steps[0]), FadeIn(rows[2]),
                  *walk(steps[2], 0, len(steps[2]), t.draw * 5)), t.draw * 5, t.short_pause,
                 say("With {lr}, too small, the steps are tiny: {n} of them, a long chain of "
                     "dots creeping down the curve.", lr=lr[2], n=n[2]), shows=run(2)),
            Beat((FadeIn(stop), FadeIn(end_note), Create(end_arrow), GrowArrow(gap[0]),
                  FadeIn(gap_note)), t.write, t.pause,
                 say("Before it reaches the bottom, the step sizes fall below the stopping "
                     "limit, and it stops at {b}: still {g} short of the bottom.", b=ends[2],
                     g=Value(short, fmt)), shows=run(2, values=lambda: [short])),
            Beat((Succession(FadeOut(VGroup(steps[2], stop, end_note, end_arrow, gap, gap_note,
                                            close_view)), FadeIn(wide_view)),), t.move,
                 t.short_pause,
                 say("Large learning rates take big jumps, so we zoom out: the same curve, "
                     "over a wider range of intercepts.")),
            Beat((FadeIn(rows[1]), *walk(steps[1], 0, 2, t.move)), t.move, t.short_pause,
                 say("With {lr}, too large, the first step jumps right over the bottom, to "
                     "{b}, where the SSR is higher than where it started.", lr=lr[1],
                     b=big[1]), shows=run(1)),
            Beat(walk(steps[1], 2, 5, t.move * 2), t.move * 2, t.short_pause,
                 say("The next jump lands even further away, at {b2}, then {b3}, then {b4}: "
                     "every jump is bigger than the last.", b2=big[2], b3=big[3], b4=big[4]),
                 shows=run(1)),
            Beat((walk(steps[1], 5, len(steps[1]), t.write)[0], FadeIn(huge)), t.write, t.pause,
                 say("It never comes back: after {n} steps the intercept is at {z}, far off "
                     "the graph. The run has diverged.", n=n[1], z=big[-1]), shows=run(1)),
            Beat((FadeOut(steps[1]), FadeOut(huge), FadeIn(rows[3]),
                  *walk(steps[3], 0, 3, t.move * 1.5)), t.move * 1.5, t.short_pause,
                 say("A way out: start large, {r0}, even larger than {lr}, and shrink the "
                     "learning rate every step: {r1}, then {r2}. The first jumps overshoot, to "
                     "{b1} and {b2}.", r0=plain(shrink.learning_rates[0]), lr=lr[1],
                     r1=plain(shrink.learning_rates[1]), r2=plain(shrink.learning_rates[2]),
                     b1=num(shrink.param("intercept")[1]), b2=num(shrink.param("intercept")[2])),
                 shows=run(3, consts=(lr[1].value,))),
            Beat(walk(steps[3], 3, len(steps[3]), t.move * 2), t.move * 2, t.pause,
                 say("But the rate shrinks before the jumps can blow up: {b3}, then {b4}, and "
                     "then it settles. After {n} steps it stops at {b}.",
                     b3=num(shrink.param("intercept")[3]), b4=num(shrink.param("intercept")[4]),
                     n=n[3], b=ends[3]), shows=run(3)),
            Beat((Indicate(wide_low, color=PALETTE.squiggle, scale_factor=1.6),), t.write,
                 t.pause * 2,
                 say("So the learning rate decides whether gradient descent gets to the bottom, "
                     "and how fast. Next: stochastic gradient descent.")),
        ]
        play_beats(self, beats)

    @staticmethod
    def _steps(panel, trace, colour, named: bool = False) -> VGroup:
        """The run's (intercept, SSR) points as pieces to draw in order: the start, then each
        step's move and the point it lands on (``named``: with its intercept written beside
        it). A move that leaves the panel ends in an arrow at its edge; one that comes back
        starts there."""
        box = (*panel.x_range[:2], *panel.y_range[:2])
        xs, ys = trace.param("intercept"), np.append(trace.loss, trace.final_loss)
        radius = SIZES.dot * (0.45 if len(xs) > 50 else 0.8)
        pieces = [VGroup(Dot(panel.c2p(xs[0], ys[0]), radius=radius, color=colour))]
        for k in range(len(xs) - 1):
            piece = VGroup()
            part = clipped((xs[k], ys[k]), (xs[k + 1], ys[k + 1]), box)
            if part is not None:
                a, b, leaves = part
                kind = Arrow if leaves else Line
                extra = dict(buff=0, max_tip_length_to_length_ratio=0.15) if leaves else {}
                piece.add(kind(panel.c2p(*a), panel.c2p(*b), color=colour,
                               stroke_width=SIZES.thin, **extra))
                if not leaves:
                    dot = Dot(panel.c2p(xs[k + 1], ys[k + 1]), radius=radius, color=colour)
                    piece.add(dot)
                    if named and k < 4:
                        piece.add(label(fmt(xs[k + 1]), size=SIZES.small, color=colour)
                                  .next_to(dot, RIGHT if xs[k + 1] < xs[k] else LEFT, buff=0.12)
                                  .add_background_rectangle(color=PALETTE.background,
                                                            opacity=0.85, buff=0.04)
                                  .set_z_index(2))
            pieces.append(piece)
        return VGroup(*pieces)

    @staticmethod
    def _row(what: str, trace, colour) -> VGroup:
        report = trace.report()
        rates = trace.learning_rates
        if trace.settings["schedule"] == "constant":
            rate = f"learning rate {fmt_input(rates[0])}"
        else:
            rate = "rates " + ", ".join(fmt_input(r) for r in rates[:3]) + ", ..."
        steps = f"{report.steps} steps"
        if report.behaviour != "diverged":
            steps += f", ends at {fmt(trace.final()['intercept'])}"
        lines = [label(rate, size=SIZES.small, color=colour),
                 label(f"{what}: {VERDICTS[report.behaviour]}", size=SIZES.small),
                 label(steps, size=SIZES.small)]
        return stacked(*lines, buff=0.08)


class StochasticVersusBatch(Scene):
    """Batch gradient descent (all three points every step) against stochastic gradient
    descent (one seeded random point every step): which point each step uses, the paths on
    the SSR map, where each stops and why one point per step is worth it."""

    shows = Shows(lambda: nnmath.build(TWO, **STOCHASTIC), step=0)

    def construct(self):
        t = timing()
        batch, sgd = nnmath.build(TWO), nnmath.build(TWO, **STOCHASTIC)
        heading = title("Stochastic gradient descent").to_edge(LEFT, buff=0.4)
        axes, dots, ssr_map = map_and_line(batch, 3.3, 2.7, line_width=2.8)
        VGroup(axes, dots).to_corner(UL, buff=0.4).shift(DOWN * 0.7)
        ssr_map.next_to(axes, RIGHT, buff=0.5).align_to(axes, UP)
        grid = ssr_map[0]
        routes = [scene_points(grid, tr.param("intercept"), tr.param("slope")) for tr in (batch, sgd)]
        batch_path = path_line(grid, batch.param("intercept"), batch.param("slope"), PALETTE.text,
                               SIZES.curve * 0.7).set_z_index(2)
        start = Dot(routes[0][0], radius=SIZES.dot, color=PALETTE.tangent).set_z_index(3)
        notes = VGroup(self._note(batch, PALETTE.text), self._note(sgd, PALETTE.bottom))
        notes.arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        notes.to_corner(UR, buff=0.3)
        line = line_at(axes, sgd, 0)
        data = VGroup(axes, dots, line)
        picks = []
        for k in range(3):
            rows, i, gi, gs = one_point_rows(sgd, k)
            rows = VGroup(label(f"Step {k + 1}", size=SIZES.label), rows).arrange(RIGHT, buff=0.6)
            rows.to_edge(DOWN, buff=0.25)
            ring = Circle(radius=0.22, color=PALETTE.bottom, stroke_width=SIZES.thin * 1.5)
            ring.move_to(dots[i])
            move = Arrow(routes[1][k], routes[1][k + 1], buff=0, color=PALETTE.bottom,
                         stroke_width=SIZES.thin, max_tip_length_to_length_ratio=0.5)
            picks.append((rows, ring, move, i, gi, gs))
        steps = sample_steps(sgd.n_steps, 120)
        tracker = ValueTracker(int(np.searchsorted(steps, 3)))  # the run goes on from step 3
        g = {k: (exact(gi, sgd.gradients[k, 0]), exact(gs, sgd.gradients[k, 1]))
             for k, (_, _, _, _, gi, gs) in enumerate(picks)}
        beats = [
            Beat((Write(heading), Create(axes), FadeIn(dots), FadeIn(ssr_map), FadeIn(start)),
                 t.draw, t.short_pause,
                 say("The same data and the same map of the SSR, and the red point is the "
                     "same start.")),
            Beat((Create(batch_path), FadeIn(notes[0][:2])), t.draw, t.short_pause,
                 say("What we have done so far is called batch gradient descent: every step adds up "
                     "a term for each of the three points, in both derivatives. It took {n} "
                     "steps, this black path.", n=count(batch.n_steps))),
            Beat((FadeIn(notes[1][0]), Create(line)), t.write, t.short_pause,
                 say("Stochastic gradient descent uses only one data point in each step, "
                     "picked at random, with the same learning rate.")),
        ]
        said = ("Step {n} picks this point. Each derivative has just one term, with the line's "
                "predicted height for this point marked: {gi} and {gs}. The line moves a "
                "little towards the point.",
                "Step {n} picks another point, which pulls the other way: {gi} and {gs}. The "
                "line moves back a little.",
                "Step {n} picks the same point again: {gi} and {gs}.")
        shown = VGroup()
        for k, (rows, ring, move, _, _, _) in enumerate(picks):
            beats.append(Beat((Succession(FadeOut(shown), FadeIn(rows)) if len(shown) else
                               FadeIn(rows), Create(ring), GrowArrow(move),
                               Transform(line, line_at(axes, sgd, k + 1))), t.write, t.pause,
                              say(said[k], n=count(k + 1), gi=g[k][0], gs=g[k][1]),
                              shows=Shows(sgd, step=(k, k + 1))))
            shown = VGroup(rows, ring)
        beats += [
            Beat((FadeOut(shown), FadeOut(VGroup(*[m for _, _, m, *_ in picks])),
                  FadeOut(data)), t.short_pause, 0.0, SILENT),
        ]
        play_beats(self, beats)
        data.to_corner(DR, buff=0.3)  # out of view: it comes back here
        play_beats(self, [
            Beat((VGroup(ssr_map, batch_path, start).animate.scale(MAP_ZOOM * 0.9)
                  .to_corner(UL, buff=0.35).shift(DOWN * 0.75), FadeIn(data)),
                 t.move, 0.0, SILENT),
        ])
        # the map, now bigger: the stochastic run is drawn where it is now
        route = scene_points(grid, sgd.param("intercept"), sgd.param("slope"))
        path = growing_path(route, PALETTE.bottom, SIZES.thin * 0.75).set_z_index(3)
        path.set_stroke(opacity=0.8)
        head = Dot(route[3], radius=SIZES.dot, color=PALETTE.bottom).set_z_index(5)
        low = nnmath.build(ONE).final()
        floor = Dot(grid.c2p(low["intercept"], low["slope"]), radius=SIZES.dot,
                    color=PALETTE.squiggle).set_z_index(4)
        floor_text = label("valley floor", size=SIZES.small, color=PALETTE.squiggle)
        floor_text.next_to(floor, DR, buff=0.1).add_background_rectangle(
            color=PALETTE.background, opacity=0.9, buff=0.05)
        fits = [scene_points(axes, weights(sgd), ys) for ys in sgd.curves(weights(sgd), steps=steps)]

        used = Circle(radius=0.22, color=PALETTE.bottom, stroke_width=SIZES.thin * 1.5)

        def follow():
            k = step_at(tracker.get_value(), steps)
            show_upto(path, route, max(k, 3))
            head.move_to(route[max(k, 3)])
            line.set_points_as_corners(fits[int(np.searchsorted(steps, k))])
            used.move_to(dots[int(sgd.batches[min(k, sgd.n_steps - 1)][0])])  # this step's point

        ends = VGroup(*[Dot(grid.c2p(tr.final()["intercept"], tr.final()["slope"]),
                            radius=SIZES.dot, color=c).set_z_index(4)
                        for tr, c in ((batch, PALETTE.text), (sgd, PALETTE.bottom))])
        cost = stacked(
            label(f"a batch step: all {batch.inputs.size} points", size=SIZES.small),
            label("a stochastic step: 1 point,", size=SIZES.small, color=PALETTE.bottom),
            label("however many points there are", size=SIZES.small, color=PALETTE.bottom),
            buff=0.1).to_corner(DL, buff=0.35)
        both_ends = Shows(sgd, step=None, values=lambda: [batch.final_loss])
        beats = [
            Beat((FadeIn(floor), FadeIn(floor_text), FadeIn(head)), t.write, t.short_pause,
                 say("The green point is the valley floor, and the orange point is where the "
                     "stochastic run is.")),
            run_beat(tracker, len(steps) - 1, (path, line, used, head), follow, t.draw * 5,
                     say("Each step follows its one point, circled in the data, so the orange "
                         "path wobbles. It heads into the valley, but keeps jittering around "
                         "the floor.")),
            Beat((FadeIn(ends), FadeOut(used), FadeOut(head), FadeIn(notes[0][2:]),
                  FadeIn(notes[1][1:])),
                 t.write, t.pause,
                 say("It never settles: one point's step does not shrink to nothing, so it "
                     "runs to the limit of {n} steps and ends with SSR {s}, against {sb} for "
                     "batch.", n=count(sgd.n_steps), s=sgd.final_loss, sb=batch.final_loss),
                 shows=both_ends),
            Beat((Indicate(notes[1][1], color=PALETTE.bottom, scale_factor=1.08), FadeIn(cost)),
                 t.write, t.pause,
                 say("Here that saves nothing: {ns} steps of one point each is more work than "
                     "{nb} steps of three. But a stochastic step uses one point however much "
                     "data there is; with millions of points, each batch step would add up "
                     "millions of terms. That is why big models learn from one point, or a "
                     "small batch, at a time.", ns=count(sgd.n_steps), nb=count(batch.n_steps))),
            Beat((), t.short_pause, t.pause * 2,
                 say("Now we know how gradient descent works. Next, a neural network fits a "
                     "green squiggle to drug dosages, and we look inside the black box.")),
        ]
        play_beats(self, beats)

    @staticmethod
    def _note(trace, colour) -> VGroup:
        size = trace.settings["batch_size"]
        n = trace.inputs.size
        head = "Batch" if size is None else "Stochastic"
        used = n if size is None else size
        return stacked(
            label(head, size=SIZES.label, color=colour),
            label(f"{trace.n_steps} steps \u00d7 {used} point{'s' if used > 1 else ''}",
                  size=SIZES.small),
            label(f"final SSR {fmt(trace.final_loss)}", size=SIZES.small),
            buff=0.12)
