"""A whole gradient-descent run of the dosage network, played in narrated stretches.

Left: the data with the blue and orange curves (each hidden node's output times its output
weight) and the green squiggle, named in a legend. Right: the SSR over the steps on a log
scale (so a run that ends near 0.001 stays readable, labelled as such), a red point at the
step shown, and a grid of live values under it: the step, the SSR (three significant
figures once it is small) and every parameter being learned. Every curve and number is the trace's at
a sampled step (never in between); the run plays in stretches the scene chooses, each
with its own sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from manim import (DashedLine, Dot, Line, Scene, ValueTracker, VGroup, VMobject, linear, DOWN, LEFT,
                   RIGHT)

import nnmath

from .node_story import dosage_grid
from .numbers import fmt, fmt_input, fmt_small
from .plots import fitted_axes, nice_range, plot_axes, scene_points
from .readout import growing_path, run_columns, sample_steps, show_upto, step_at
from .style import PALETTE, SIZES
from .text import label

__all__ = ["LearningRun", "learning_run", "LiveValues", "shown_value"]


def log_ssr_axes(n_steps: int, width: float, height: float, lo: int = -4, hi: int = 1):
    """Step (x) against the SSR on a log scale (y holds log10 of the SSR): every power of
    ten numbered as the SSR it stands for (0.001, 0.01, ... 10)."""
    axes = plot_axes((0, n_steps, n_steps / 2), (lo, hi, 1.0), width, height, x_label="Step",
                     x_ticks=[0, n_steps])
    for part in list(axes.submobjects[-1]):  # no dashed "zero" line: log10(SSR) = 0 is SSR = 1
        if isinstance(part, DashedLine):
            axes.submobjects[-1].remove(part)
    marks = VGroup()
    for p in range(lo, hi + 1):
        text = label(fmt_input(10.0 ** p), size=SIZES.tick)
        text.is_tick = True  # an axis scale mark, not a trace value
        foot = axes.c2p(0, p)
        marks.add(Line(foot + LEFT * 0.08, foot + RIGHT * 0.08, color=PALETTE.axis,
                       stroke_width=SIZES.thin), text.next_to(foot, LEFT, buff=0.12))
    name = label("SSR (log scale)", size=SIZES.small).rotate(np.pi / 2)
    name.next_to(marks, LEFT, buff=0.15)
    axes.add(marks, name)
    return axes


def legend(entries: Sequence[tuple[str, str]]) -> VGroup:
    """A short thick line in each colour with what it is."""
    rows = VGroup(*[VGroup(Line(LEFT * 0.3, RIGHT * 0.3, color=c, stroke_width=SIZES.curve),
                           label(text, size=SIZES.small, color=PALETTE.text)).arrange(RIGHT, buff=0.2)
                    for text, c in entries])
    return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.2)


def shown_value(name: str, value: float) -> str:
    """How a live value is written: the step as a whole number, the SSR with three
    significant figures when small (0.00100, not 0.00), a parameter with two decimals."""
    if name == "Step":
        return str(int(value))
    if name == "SSR":
        return fmt_small(value, figures=3)
    return fmt(value)


class LiveValues(VGroup):
    """A grid of "name value" cells (``layout``: a list of rows of names, "Step", "SSR" or a
    parameter) that show the trace's values at the step the tracker is on; a value is
    rewritten only when that step changes. ``cells[name]`` is VGroup(name, value)."""

    def __init__(self, columns, tracker: ValueTracker, steps, layout, size: int = SIZES.small,
                 colors=None):
        super().__init__()
        self.columns = {"Step": np.arange(len(columns["SSR"]), dtype=float), **columns}
        self.tracker, self.steps, self.size = tracker, np.asarray(steps, dtype=int), size
        self.colors = dict(colors or {})
        self.cells = {}
        rows = VGroup()
        room = {"Step": "000", "SSR": "0.000000"}  # the widest value each cell can show
        for names in layout:
            row = VGroup()
            for name in names:
                color = self.colors.get(name, PALETTE.text)
                text = label(name, size=size, color=color)
                value = self._value(name, int(self.steps[0]))
                value.next_to(text, RIGHT, buff=0.22)
                widest = label(room.get(name, "-0.00"), size=size).width
                slot = Line(text.get_left(), value.get_left() + RIGHT * widest,
                            stroke_opacity=0, stroke_width=0)  # a fixed width per cell
                cell = VGroup(text, value)
                self.cells[name] = cell
                row.add(VGroup(cell, slot))
            rows.add(row.arrange(RIGHT, buff=0.3, aligned_edge=DOWN))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        self.add(rows)
        self.shown = int(self.steps[0])
        self.add_updater(LiveValues._follow)

    def _value(self, name: str, k: int):
        return label(shown_value(name, self.columns[name][k]), size=self.size,
                     color=self.colors.get(name, PALETTE.text))

    def _follow(self) -> None:
        k = step_at(self.tracker.get_value(), self.steps)
        if k == self.shown:
            return
        self.shown = k
        for name, cell in self.cells.items():
            new = self._value(name, k).move_to(cell[1].get_left(), aligned_edge=LEFT)
            cell[1].become(new)
            cell[1].text, cell[1].original_text = new.text, new.original_text

    def shown_values(self) -> dict[str, str]:
        """What the grid shows now: {name: written value}."""
        return {n: shown_value(n, self.columns[n][self.shown]) for n in self.cells}


@dataclass
class LearningRun:
    """The mobjects of a run and how to move them (see :func:`learning_run`)."""

    trace: nnmath.Trace
    steps: np.ndarray
    tracker: ValueTracker
    axes: object
    dots: VGroup
    lines: list
    legend: VGroup
    ssr_axes: object
    ssr_line: VMobject
    marker: Dot
    readout: LiveValues
    follow: object

    def first_steps(self, upto: int, width: float = 2.4, height: float = 1.3) -> VGroup:
        """A small plot of the SSR (not on a log scale) over steps 0..``upto`` only, so the
        first steps stay readable, inside the SSR plot, bottom right; its line and point
        follow the run."""
        losses = run_columns(self.trace)["SSR"][:upto + 1]
        lo, hi, step = nice_range([0.0, *losses], step=2.0)
        axes = plot_axes((0, upto, 1), (lo, hi, step), width, height, x_label="Step",
                         y_label="SSR", x_ticks=list(range(upto + 1)), y_ticks=[lo, hi])
        corner = self.ssr_axes.c2p(self.trace.n_steps, self.ssr_axes.y_range[0])
        axes.shift(corner + np.array([-0.1, 0.9, 0]) - axes.c2p(upto, lo))
        points = scene_points(axes, np.arange(upto + 1), losses)
        line = growing_path(points, PALETTE.tangent, SIZES.thin)
        dot = Dot(points[0], radius=SIZES.dot * 0.8, color=PALETTE.tangent)
        def follow(_):
            k = min(step_at(self.tracker.get_value(), self.steps), upto)
            show_upto(line, points, k)
            dot.move_to(points[k])

        return VGroup(axes, line, dot).add_updater(follow)

    def attach(self, scene: Scene) -> None:
        """Let the curves, the SSR path and the point follow the tracker from now on
        (after they were drawn: an updater would undo a Create)."""
        group = VGroup(*self.lines, self.ssr_line, self.marker)
        group.add_updater(lambda _: self.follow())
        scene.add(group)

    def to(self, step: int):
        """An animation playing the run from where it is to ``step`` (a step of the trace),
        linearly through the sampled steps."""
        position = float(np.searchsorted(self.steps, step))
        return self.tracker.animate(rate_func=linear).set_value(position).build()

    def drawn(self) -> VGroup:
        return VGroup(*self.lines)


def learning_run(trace: nnmath.Trace, frames: int = 120, early: int = 6,
                 stops: Sequence[int] = (), layout=None) -> LearningRun:
    """The layout of a run sampled at ``frames`` steps (every one of the first ``early``
    steps and the ``stops`` a scene pauses at included), at step 0. ``layout``: the rows of
    live values under the SSR plot (default: step and SSR, then the learned parameters)."""
    steps = np.union1d(np.arange(min(early, trace.n_steps) + 1), sample_steps(trace.n_steps, frames))
    steps = np.union1d(steps, np.asarray(stops, dtype=int))
    grid = dosage_grid(trace)
    fw = trace.curves(grid, steps=steps)
    values = np.concatenate([fw.predicted.ravel(), fw.scaled1.ravel(), fw.scaled2.ravel()])
    axes, dots = fitted_axes(trace.inputs, trace.outputs, values, step=1.0, width=4.6, height=3.0)
    corner = axes.c2p(trace.inputs.min(), axes.y_range[1])  # top of the y axis
    VGroup(axes, dots).shift(np.array([-5.7, 2.0, 0]) - corner)
    key = legend([("top node \u00d7 w3", PALETTE.top), ("bottom node \u00d7 w4", PALETTE.bottom),
                  ("squiggle: their sum + b3", PALETTE.squiggle)])
    key.next_to(axes, DOWN, buff=0.35).align_to(axes.c2p(trace.inputs.min(), 0), LEFT)
    node_points = [[scene_points(axes, grid, arr[j]) for j in range(len(steps))]
                   for arr in (fw.scaled1, fw.scaled2, fw.predicted)]
    lines = [VMobject(color=c, stroke_width=SIZES.curve * (1.2 if c == PALETTE.squiggle else 0.8))
             for c in (PALETTE.top, PALETTE.bottom, PALETTE.squiggle)]
    for line, pts in zip(lines, node_points):
        line.set_points_as_corners(pts[0])
    columns = run_columns(trace)
    losses = columns["SSR"]
    ssr_axes = log_ssr_axes(trace.n_steps, 4.4, 3.0)
    ssr_axes.shift(np.array([2.1, 2.0, 0]) - ssr_axes.c2p(0, ssr_axes.y_range[1]))
    ssr_points = scene_points(ssr_axes, np.arange(trace.n_steps + 1), np.log10(losses))
    ssr_line = growing_path(ssr_points, PALETTE.tangent, SIZES.thin)
    marker = Dot(ssr_points[0], radius=SIZES.dot, color=PALETTE.tangent)
    tracker = ValueTracker(0)
    layout = layout or [["Step", "SSR"], list(trace.optimised)]
    readout = LiveValues(columns, tracker, steps, layout, colors={"SSR": PALETTE.tangent})
    readout.next_to(ssr_axes, DOWN, buff=0.3).align_to(ssr_axes, LEFT).shift(LEFT * 0.2)

    def follow():
        k = step_at(tracker.get_value(), steps)
        j = int(np.searchsorted(steps, k))
        for line, pts in zip(lines, node_points):
            line.set_points_as_corners(pts[j])
        show_upto(ssr_line, ssr_points, k)
        marker.move_to(ssr_points[k])

    return LearningRun(trace, steps, tracker, axes, dots, lines, key, ssr_axes, ssr_line,
                       marker, readout, follow)
