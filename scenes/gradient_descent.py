"""Chapter: gradient descent, step by step (presets ``gradient-descent-intercept`` and
``gradient-descent-intercept-slope``). A line through the weight/height data: the SSR, the
intercept walking down the SSR curve until the step size is tiny, then intercept and slope
together on a map of the SSR; why the learning rate matters (too large, too small, a
schedule that shrinks it); and stochastic against batch gradient descent.

    manim -pql scenes/gradient_descent.py DescentOnIntercept
"""

from __future__ import annotations

import numpy as np
from manim import (Arrow, Create, Dot, FadeIn, FadeOut, Scene, ValueTracker, VGroup, Write,
                   DOWN, LEFT, RIGHT, UP)

import nnmath
from scenes.common.beats import play_beats
from scenes.common.descent_story import descent_beats
from scenes.common.equations import ssr_sum
from scenes.common.layout import keep_inside
from scenes.common.loss_map import loss_map, path_line
from scenes.common.numbers import fmt, fmt_factor, fmt_input, fmt_small
from scenes.common.panels import loss_panel
from scenes.common.plots import (curve, data_points, nice_range, plot_axes, residual_lines,
                                 scene_points)
from scenes.common.readout import (Readout, growing_path, play_run, run_columns, sample_steps,
                                   show_upto, step_at)
from scenes.common.equations import step_equations
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import equation, label, stacked, title
from scenes.common.timing import timing

ONE = "gradient-descent-intercept"
TWO = "gradient-descent-intercept-slope"
#: the learning-rate comparison: (what it shows, build() overrides of the one-parameter run)
RATES = (
    ("just right", dict()),
    ("too large", dict(learning_rate=0.4)),
    ("too small", dict(learning_rate=0.001)),
    ("large, shrinking", dict(learning_rate=0.5, schedule="exponential:0.8")),
)
STOCHASTIC = dict(batch_size=1, seed=0)  # one random data point per step
MAP_RANGE = dict(x_range=(-0.5, 2.0), y_range=(0.0, 1.5))  # intercept, slope
VERDICTS = {"converged": "converged", "oscillating": "zig-zags", "diverged": "diverged",
            "crawling": "crawls", "unfinished": "still moving"}

__all__ = ["LineAndSSR", "DescentOnIntercept", "InterceptAndSlope", "LearningRateMatters",
           "StochasticVersusBatch"]


def line_axes(trace: nnmath.Trace, width: float = 4.6, height: float = 3.6):
    """Weight (x) against height (y) with the data points; returns (axes, dots)."""
    x_lo, x_hi, _ = nice_range([0.0, *trace.inputs], step=1.0)
    y_lo, y_hi, _ = nice_range([0.0, *trace.outputs, max(trace.outputs) + 0.5], step=1.0)
    axes = plot_axes((x_lo, x_hi, 1.0), (y_lo, y_hi, 1.0), width, height, "Weight", "Height",
                     x_ticks=[x_lo, x_hi], y_ticks=[y_lo, y_hi])
    return axes, data_points(axes, trace.inputs, trace.outputs)


def weight_grid(trace: nnmath.Trace) -> np.ndarray:
    lo, hi, _ = nice_range([0.0, *trace.inputs], step=1.0)
    return np.linspace(lo, hi, 2)  # a line needs two points


def intercept_grid(trace: nnmath.Trace) -> np.ndarray:
    return np.linspace(-1.0, 2.5, 120)


def slope_rows(trace: nnmath.Trace, k: int) -> VGroup:
    """dSSR/dintercept with step k's numbers, the step size and the new intercept."""
    step = trace.step(k)
    terms = " - ".join(rf"2({fmt_input(o)} - {fmt_factor(p)})"
                       for o, p in zip(trace.outputs, step.predictions))
    slope = step.gradients["intercept"]
    return stacked(
        equation(rf"\frac{{d\,\text{{SSR}}}}{{d\,\text{{intercept}}}} = -{terms} = {fmt_small(slope)}",
                 size=SIZES.equation - 6),
        *step_equations(step, "intercept", r"\text{intercept}"),
        buff=0.2,
    )


def two_derivatives(trace: nnmath.Trace, k: int) -> VGroup:
    """Both derivatives at step k, data point by data point, and both step sizes."""
    step = trace.step(k)
    pairs = list(zip(trace.inputs, trace.outputs, step.predictions))
    d_int = " - ".join(rf"2({fmt_input(o)} - {fmt_factor(p)})" for _, o, p in pairs)
    d_slope = " - ".join(rf"2 \times {fmt_input(w)}({fmt_input(o)} - {fmt_factor(p)})" for w, o, p in pairs)
    rate = fmt_input(step.learning_rate)
    size = SIZES.equation - 6
    sizes = {n: fmt_small(step.step_sizes[n]) for n in ("intercept", "slope")}
    return stacked(
        equation(rf"\frac{{d\,\text{{SSR}}}}{{d\,\text{{intercept}}}} = -{d_int}"
                 rf" = {fmt(step.gradients['intercept'])}", size=size),
        equation(rf"\frac{{d\,\text{{SSR}}}}{{d\,\text{{slope}}}} = -{d_slope}"
                 rf" = {fmt(step.gradients['slope'])}", size=size),
        equation(rf"\text{{Step sizes: }} {{{fmt(step.gradients['intercept'])}}} \times {rate}"
                 rf" = {sizes['intercept']}, \quad"
                 rf"{fmt(step.gradients['slope'])} \times {rate} = {sizes['slope']}", size=size),
        equation(rf"\text{{New intercept}} = {fmt(step.params['intercept'])} - ({sizes['intercept']})"
                 rf" = {fmt(step.new_params['intercept'])}, \quad \text{{new slope}} = "
                 rf"{fmt(step.params['slope'])} - ({sizes['slope']}) = {fmt(step.new_params['slope'])}",
                 size=size),
        buff=0.35,
    )


class LineAndSSR(Scene):
    """The data, a line with intercept 0, its residuals and SSR, and the SSR for every
    intercept."""

    def construct(self):
        t = timing()
        trace = nnmath.build(ONE)
        slope = trace.params[0, trace.index("slope")]
        axes, dots = line_axes(trace)
        VGroup(axes, dots).to_corner(UP + LEFT, buff=0.6).shift(DOWN * 0.4)
        grid = weight_grid(trace)
        line = curve(axes, grid, trace.curves(grid, steps=[0])[0], PALETTE.squiggle)
        resid = residual_lines(axes, trace.inputs, trace.outputs, trace.predictions[0])
        heading = title(f"Slope {fmt(slope)}: which intercept fits best?")
        self.play(Write(heading), Create(axes), FadeIn(dots), run_time=t.draw)
        self.play(Create(line), run_time=t.draw)
        self.play(Create(resid), run_time=t.write)
        ssr = ssr_sum(trace, 0).to_edge(DOWN, buff=0.35)
        self.play(Write(ssr), run_time=t.write * 2)
        self.wait(t.pause)
        xs = intercept_grid(trace)
        panel = loss_panel(xs, trace.loss_curve("intercept", xs, k=0), "intercept", width=4.8, height=3.4)
        panel.to_corner(UP + RIGHT, buff=0.6).shift(DOWN * 0.4)
        start = Dot(panel.c2p(0.0, trace.loss[0]), radius=SIZES.dot, color=PALETTE.tangent)
        self.play(Create(panel), run_time=t.draw)
        self.play(FadeIn(start), run_time=t.write)
        hint = label("Gradient descent walks down this curve", size=SIZES.label)
        self.play(FadeOut(ssr), run_time=t.short_pause)
        self.play(Write(hint.to_edge(DOWN, buff=0.6)), run_time=t.write)
        self.wait(t.pause)


class DescentOnIntercept(Scene):
    """Every step: the tangent and its slope, step size = slope x learning rate, the new
    intercept and the line moving, until the step size is at most the tolerance."""

    def construct(self):
        t = timing()
        trace = nnmath.build(ONE)
        axes, dots = line_axes(trace, width=4.4, height=2.9)
        VGroup(axes, dots).to_corner(UP + LEFT, buff=0.5).shift(DOWN * 0.4)
        grid = weight_grid(trace)
        lines = trace.curves(grid)
        xs = intercept_grid(trace)
        panel = loss_panel(xs, trace.loss_curve("intercept", xs, k=0), "intercept", width=4.8, height=2.9)
        panel.to_corner(UP + RIGHT, buff=0.5).shift(DOWN * 0.4 + LEFT * 0.6)
        line = curve(axes, grid, lines[0], PALETTE.squiggle)
        self.play(Write(title("Gradient descent on the intercept")), Create(axes), FadeIn(dots),
                  Create(panel), Create(line), run_time=t.draw)

        def fit_at(k):
            return curve(axes, grid, lines[k + 1], PALETTE.squiggle)

        def rows(k):
            return slope_rows(trace, k).to_edge(DOWN, buff=0.3)

        play_beats(self, descent_beats(trace, "intercept", panel, line, fit_at, rows, t))
        last = trace.step(trace.n_steps - 1).step_sizes["intercept"]
        tol, limit = trace.settings["tolerance"], trace.settings["max_steps"]
        done = stacked(
            label(f"Step size {fmt_small(last)}: closer to 0 than {fmt_input(tol)}, so stop",
                  size=SIZES.small),
            label(f"(the other rule: stop after {limit} steps)", size=SIZES.small),
            label(f"Intercept = {fmt(trace.final()['intercept'])} after {trace.n_steps} steps",
                  size=SIZES.label, color=PALETTE.squiggle),
        ).to_edge(DOWN, buff=0.5)
        self.play(FadeIn(done), run_time=t.write)
        self.wait(t.pause * 2)


class InterceptAndSlope(Scene):
    """Both derivatives with numbers, then the run on a map of the SSR over intercept and
    slope: the path downhill, the line fitting better, the values changing."""

    def construct(self):
        t = timing()
        trace = nnmath.build(TWO)
        heading = title("Intercept and slope together")
        self.play(Write(heading), run_time=t.write)
        first = two_derivatives(trace, 0).move_to([0, -0.3, 0])
        if first.width > 13.4:
            first.scale_to_fit_width(13.4)
        for row in first:
            self.play(Write(row), run_time=t.write * 1.5)
        self.wait(t.pause * 2)
        self.play(FadeOut(first), run_time=t.short_pause)

        steps = sample_steps(trace.n_steps, 90)
        weights = weight_grid(trace)
        lines = trace.curves(weights, steps=steps)
        axes, dots = line_axes(trace, width=3.2, height=3.4)
        VGroup(axes, dots).to_edge(LEFT, buff=0.9).shift(DOWN * 0.3)
        ssr_map = loss_map(trace, "intercept", MAP_RANGE["x_range"], "slope", MAP_RANGE["y_range"],
                           width=3.8, height=3.6)
        ssr_map.next_to(axes, RIGHT, buff=1.0)
        grid_axes = ssr_map[0]
        tracker = ValueTracker(0)
        readout = Readout(run_columns(trace), tracker, steps, size=SIZES.small + 2)
        readout.to_edge(RIGHT, buff=0.3)
        route = scene_points(grid_axes, trace.param("intercept"), trace.param("slope"))
        fits = [scene_points(axes, weights, ys) for ys in lines]  # one line per sampled step
        path = growing_path(route, PALETTE.text, SIZES.thin)
        marker = Dot(route[0], radius=SIZES.dot, color=PALETTE.tangent)
        line = curve(axes, weights, lines[0], PALETTE.squiggle)

        def follow():
            k = step_at(tracker.get_value(), steps)
            show_upto(path, route, k)
            marker.move_to(route[k])
            line.set_points_as_corners(fits[int(np.searchsorted(steps, k))])

        self.play(Create(axes), FadeIn(dots), FadeIn(ssr_map), run_time=t.draw)
        self.play(Create(line), FadeIn(marker), FadeIn(readout), run_time=t.write)
        self.wait(t.short_pause)
        play_run(self, tracker, len(steps) - 1, (path, marker, line), follow, t.draw * 6, readout)
        done = label(trace.message, size=SIZES.small).to_edge(DOWN, buff=0.3)
        keep_inside(done)
        self.play(FadeIn(done), run_time=t.write)
        self.wait(t.pause * 2)


class LearningRateMatters(Scene):
    """The same intercept run at four learning rates: just right, too large (diverges),
    too small (crawls and stops short), and large but shrinking every step."""

    def construct(self):
        t = timing()
        runs = [(what, nnmath.build(ONE, **kw)) for what, kw in RATES]
        self.play(Write(title("The learning rate matters")), run_time=t.write)
        settled = [tr.param("intercept") for _, tr in runs if tr.stopped_because != "diverged"]
        settled = np.concatenate(settled)
        lo, hi, _ = nice_range([float(settled.min()), float(settled.max())], step=0.5, pad=0.3)
        xs = np.linspace(lo, hi, 120)  # every run that does not diverge stays on its panel
        panels, paths, captions = VGroup(), [], VGroup()
        cells = [(-5.1, 1.0), (2.0, 1.0), (-5.1, -2.4), (2.0, -2.4)]  # panel centres
        for (what, trace), (x, y) in zip(runs, cells):
            panel = loss_panel(xs, trace.loss_curve("intercept", xs, k=0), "intercept",
                               width=2.4, height=1.7, color=PALETTE.muted)
            panel.move_to([x, y, 0])
            panels.add(panel)
            paths.append(self._path(panel, trace))
            caption = self._caption(what, trace).next_to(panel, RIGHT, buff=0.5).align_to(panel, UP)
            captions.add(keep_inside(caption))
        self.play(FadeIn(panels), run_time=t.draw)
        for path, caption in zip(paths, captions):
            self.play(FadeIn(caption[0]), run_time=t.short_pause)
            self.play(Create(path), run_time=t.draw)
            self.play(FadeIn(caption[1:]), run_time=t.write)
            self.wait(t.short_pause)
        self.wait(t.pause * 2)

    @staticmethod
    def _path(panel, trace) -> VGroup:
        """The run's (intercept, SSR) points joined in order; a run that leaves the panel
        is cut there, with an arrow pointing the way it went."""
        x_lo, x_hi = panel.x_range[:2]
        y_hi = panel.y_range[1]
        xs, ys = trace.param("intercept"), np.append(trace.loss, trace.final_loss)
        inside = (xs >= x_lo) & (xs <= x_hi) & (ys <= y_hi)
        stop = int(np.argmin(inside)) if not inside.all() else len(xs)
        group = VGroup(path_line(panel, xs[:stop], ys[:stop], PALETTE.tangent, SIZES.thin))
        group.add(*[Dot(panel.c2p(x, y), radius=SIZES.dot * 0.6, color=PALETTE.tangent)
                    for x, y in zip(xs[:stop][:60], ys[:stop][:60])])
        if stop < len(xs):  # off the chart: point from the last point shown towards the next
            start = panel.c2p(xs[stop - 1], ys[stop - 1])
            edge = panel.c2p(np.clip(xs[stop], x_lo, x_hi), min(ys[stop], y_hi))
            group.add(Arrow(start, edge, buff=0, color=PALETTE.tangent,
                            stroke_width=SIZES.thin, max_tip_length_to_length_ratio=0.3))
        return group

    @staticmethod
    def _caption(what: str, trace) -> VGroup:
        report = trace.report()
        rates = trace.learning_rates
        if trace.settings["schedule"] == "constant":
            rate = f"learning rate {fmt_input(rates[0])}"
        else:
            rate = "rates " + ", ".join(fmt_input(r) for r in rates[:3]) + ", ..."
        size = SIZES.small - 2
        lines = [label(what, size=SIZES.small, color=PALETTE.tangent), label(rate, size=size),
                 label(f"{VERDICTS[report.behaviour]}: {report.steps} steps", size=size)]
        if report.behaviour in ("converged", "crawling", "oscillating"):
            lines.append(label(f"stops at {fmt(trace.final()['intercept'])}", size=size))
        return stacked(*lines, buff=0.12)


class StochasticVersusBatch(Scene):
    """Batch gradient descent (all three points every step) against stochastic gradient
    descent (one seeded random point every step) on the same map of the SSR."""

    def construct(self):
        t = timing()
        batch = nnmath.build(TWO)
        sgd = nnmath.build(TWO, **STOCHASTIC)
        self.play(Write(title("Stochastic versus batch gradient descent")), run_time=t.write)
        ssr_map = loss_map(batch, "intercept", MAP_RANGE["x_range"], "slope", MAP_RANGE["y_range"],
                        width=5.0, height=4.2)
        ssr_map.to_edge(LEFT, buff=0.9).shift(DOWN * 0.3)
        axes = ssr_map[0]
        colours = (PALETTE.text, PALETTE.bottom)
        widths = (SIZES.curve, SIZES.thin)  # the batch path thick, drawn over the zig-zag
        frames = 90
        tracker = ValueTracker(0)
        runs = []
        ends = VGroup()
        for trace, colour, width in zip((batch, sgd), colours, widths):
            route = scene_points(axes, trace.param("intercept"), trace.param("slope"))
            path = growing_path(route, colour, width)
            runs.append((sample_steps(trace.n_steps, frames), route, path))
            ends.add(Dot(route[-1], radius=SIZES.dot * 1.3, color=colour))
        notes = stacked(*[self._note(trace, colour) for trace, colour in zip((batch, sgd), colours)],
                        buff=0.5).next_to(ssr_map, RIGHT, buff=0.6).align_to(ssr_map, UP)
        keep_inside(notes)

        def follow():
            share = tracker.get_value() / (frames - 1)  # both runs go from start to end together
            for steps, route, path in runs:
                show_upto(path, route, step_at(share * (len(steps) - 1), steps))

        self.play(FadeIn(ssr_map), run_time=t.draw)
        self.play(FadeIn(notes[0][0]), FadeIn(notes[1][0]), run_time=t.write)
        batch_on_top = [path for _, _, path in reversed(runs)]
        play_run(self, tracker, frames - 1, batch_on_top, follow, t.draw * 5)
        self.play(FadeIn(ends), FadeIn(notes[0][1:]), FadeIn(notes[1][1:]), run_time=t.write)
        self.wait(t.pause * 2)

    @staticmethod
    def _note(trace, colour) -> VGroup:
        size = trace.settings["batch_size"]
        n = trace.inputs.size
        if size is None:
            head = f"Batch: all {n} points every step"
        else:
            head = f"Stochastic: {size} random point{'s' if size > 1 else ''} per step"
        used = n if size is None else size
        return stacked(
            label(head, size=SIZES.small, color=colour),
            label(f"{trace.n_steps} steps \u00d7 {used} point{'s' if used > 1 else ''}", size=SIZES.small - 2),
            label(f"SSR at the end: {fmt(trace.final_loss)}", size=SIZES.small - 2),
            buff=0.15,
        )
