"""The video of a fit to a person's own data, drawn from a trace file.

The scene reads the trace from the file named by the environment variable
``NNMATH_FIT_TRACE`` (JSON, CSV or NPZ as written by ``nnmath fit``); every number on
screen is formatted from that trace, nothing is recomputed here::

    NNMATH_FIT_TRACE=trace.json manim -ql app/fit_scene.py FitVideo

It shows the data points, each hidden node's contribution curve and the output squiggle
moving over the iterations, the SSR going down, and the parameters changing; then the
run's verdict. The timeline is data (:func:`timeline`), so the number of frames is known
before rendering starts.
"""

from __future__ import annotations

import math
import os
import textwrap

import numpy as np
from manim import (Create, Dot, FadeIn, Line, Scene, ValueTracker, VGroup, VMobject, Write,
                   DOWN, LEFT, RIGHT, UP)

import nnmath
from nnmath.fit import node_curves
from scenes.common.layout import keep_inside
from scenes.common.plots import data_points, plot_axes, scene_points
from scenes.common.readout import (Readout, growing_path, play_run, run_columns, sample_steps,
                                   show_upto, step_at)
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import label, title
from scenes.common.timing import Timing, timing

__all__ = ["FitVideo", "TRACE_ENV", "FRAMES", "timeline", "planned_frames", "node_colours",
           "param_colours", "load_trace"]

TRACE_ENV = "NNMATH_FIT_TRACE"
FRAMES = 120  # at most this many sampled iterations are drawn, whatever the run's length
GRID = 160  # inputs at which every curve is sampled


def timeline(t: Timing) -> dict[str, float]:
    """Seconds of each moment of the video, in the order they play."""
    return {"axes": t.draw, "curves": t.draw, "settle": t.short_pause, "run": t.draw * 10,
            "verdict": t.write, "end": t.pause * 2}


def planned_frames(frame_rate: float, t: Timing | None = None) -> int:
    """How many frames the video has at ``frame_rate`` (one per 1/frame_rate seconds of
    every animation and pause)."""
    return sum(math.ceil(s * frame_rate - 1e-9) for s in timeline(t or timing()).values())


def load_trace() -> nnmath.Trace:
    """The trace named by NNMATH_FIT_TRACE, or a one-line error saying how to give one."""
    path = os.environ.get(TRACE_ENV)
    if not path:
        raise nnmath.NNMathError(f"set {TRACE_ENV} to a trace file written by 'nnmath fit'")
    return nnmath.load(path)


def node_colours(n: int) -> list[str]:
    """Top node blue, bottom node orange, then the species colours for more nodes."""
    return [PALETTE.top, PALETTE.bottom, *PALETTE.species][:n]


def param_colours(trace: nnmath.Trace) -> dict[str, str]:
    """Each parameter in its hidden node's colour (the weights into the node, its bias and
    its weight out); the output's parameters and the SSR apart."""
    layout = trace.model().layout()
    colours = {"SSR": PALETTE.tangent}
    for node, colour in zip(layout.hidden, node_colours(len(layout.hidden))):
        colours.update({name: colour for name in layout.params_of(node)})
    for name in trace.param_names:
        colours.setdefault(name, PALETTE.squiggle)
    return colours


def _nice_step(span: float) -> float:
    """A round axis step (1, 2 or 5 times a power of ten) giving about four intervals."""
    raw = max(span, 1e-9) / 4
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _y_range(values: np.ndarray) -> tuple[float, float, float]:
    lo, hi = float(np.min(values)), float(np.max(values))
    step = _nice_step(hi - lo)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    return lo, (hi if hi > lo else lo + step), step


def _data_axes(trace: nnmath.Trace, curves: dict, width: float, height: float):
    x = trace.inputs.ravel()
    lo, hi = float(x.min()), float(x.max())
    if hi == lo:
        lo, hi = lo - 0.5, hi + 0.5
    values = np.concatenate([trace.outputs.ravel(), curves["output"].ravel(), curves["nodes"].ravel()])
    y_lo, y_hi, step = _y_range(values)
    y_ticks = [y_lo, 0.0, y_hi] if y_lo < 0 < y_hi else [y_lo, y_hi]
    axes = plot_axes((lo, hi, (hi - lo) / 2), (y_lo, y_hi, step), width, height,
                     x_label="Input", y_label="Output", x_ticks=sorted({float(x.min()), float(x.max())}),
                     y_ticks=y_ticks)
    return axes, data_points(axes, x, trace.outputs.ravel())


def _key(colours: list[str], names: list[str]) -> VGroup:
    rows = [VGroup(Line(LEFT * 0.25, RIGHT * 0.25, color=c, stroke_width=SIZES.curve),
                   label(n, size=SIZES.small)).arrange(RIGHT, buff=0.15)
            for c, n in zip(colours, names)]
    return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.12)


def _verdict(message: str, width: float = 13.2) -> VGroup:
    """The run's verdict in one line, or wrapped at word boundaries into as few lines as
    fit the width (a checked suggestion quotes its trial run, so verdicts can be long)."""
    line = label(message, size=SIZES.small)
    if line.width <= width:
        return VGroup(line)
    per_line = max(20, int(len(message) * width / line.width * 0.95))
    lines = VGroup(*[label(part, size=SIZES.small) for part in textwrap.wrap(message, per_line)])
    lines.arrange(DOWN, buff=0.1)
    if lines.width > width:
        lines.scale_to_fit_width(width)
    return lines


class FitVideo(Scene):
    """A whole fit to the user's data as one animation, sampled from the trace file."""

    def construct(self):
        t, trace = timing(), load_trace()
        times = timeline(t)
        steps = sample_steps(trace.n_steps, FRAMES)
        x = trace.inputs.ravel()
        grid = np.union1d(np.linspace(float(x.min()), float(x.max()), GRID), x)
        curves = node_curves(trace, grid, steps)
        n_nodes = curves["nodes"].shape[0]
        axes, dots = _data_axes(trace, curves, width=4.6, height=3.6)
        VGroup(axes, dots).to_edge(LEFT, buff=0.6)
        VGroup(axes, dots).shift(UP * (0.3 - axes.get_center()[1]))
        colours = node_colours(n_nodes)
        paths = [[scene_points(axes, grid, arr[j]) for j in range(len(steps))]
                 for arr in (*curves["nodes"], curves["output"])]
        lines = [VMobject(color=c, stroke_width=SIZES.curve * w)
                 for c, w in [(c, 0.8) for c in colours] + [(PALETTE.squiggle, 1.2)]]
        for line, pts in zip(lines, paths):
            line.set_points_as_corners(pts[0])

        columns = run_columns(trace)
        losses = columns["SSR"]
        top = float(np.max(losses)) if np.isfinite(np.max(losses)) else 1.0
        n = max(trace.n_steps, 1)
        ssr_axes = plot_axes((0, n, n / 2), (0, top * 1.05 or 1.0, top or 1.0), 2.4, 2.0,
                             x_label="Iteration", y_label="SSR", x_ticks=[0, trace.n_steps])
        ssr_axes.next_to(axes, RIGHT, buff=0.7).align_to(axes, UP)
        ssr_points = scene_points(ssr_axes, np.arange(trace.n_steps + 1), losses)
        ssr_line = growing_path(ssr_points, PALETTE.tangent, SIZES.thin)
        marker = Dot(ssr_points[0], radius=SIZES.dot, color=PALETTE.tangent)
        names = [f"node {k + 1}" for k in range(n_nodes)] + ["output"]
        key = _key([*colours, PALETTE.squiggle], names)
        if len(names) > 3:  # two columns keep the key clear of the verdict line
            key.arrange_in_grid(cols=2, col_alignments="ll", buff=(0.3, 0.12))
        key.next_to(ssr_axes, DOWN, buff=0.45).align_to(ssr_axes, LEFT)

        tracker = ValueTracker(0)
        readout = Readout({n: v for n, v in columns.items()}, tracker, steps,
                          colors=param_colours(trace), size=SIZES.small)
        if readout.height > 5.5:  # between the title and the verdict
            readout.scale_to_fit_height(5.5)
        # its left edge fixed beside the SSR plot, so numbers that widen have room
        readout.next_to(ssr_axes, RIGHT, buff=0.6).set_y(0.05)
        keep_inside(readout)

        def follow():
            k = step_at(tracker.get_value(), steps)
            j = int(np.searchsorted(steps, k))
            for line, pts in zip(lines, paths):
                line.set_points_as_corners(pts[j])
            show_upto(ssr_line, ssr_points, k)
            marker.move_to(ssr_points[k])

        self.play(Write(title("The network learns your data")), Create(axes), FadeIn(dots),
                  run_time=times["axes"])
        self.play(Create(VGroup(*lines)), Create(ssr_axes), FadeIn(marker), FadeIn(readout),
                  FadeIn(key), run_time=times["curves"])
        self.wait(times["settle"])
        play_run(self, tracker, len(steps) - 1, (*lines, ssr_line, marker), follow,
                 times["run"], readout)
        verdict = _verdict(trace.report().message).to_edge(DOWN, buff=0.2)
        self.play(FadeIn(verdict), run_time=times["verdict"])
        self.wait(times["end"])
