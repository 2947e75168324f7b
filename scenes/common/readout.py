"""Numbers that follow a run as it plays: a table of names and values read from a trace.

A ValueTracker runs over the sampled frames of a run; at every frame each value shows the
trace's number at the sampled step (never a number in between), and is rebuilt only when
that step changes. The numbers are TabularNumbers: fixed digit slots whose changed digits
take cached outlines, so a table rewritten every frame costs little.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import numpy as np
from manim import Scene, ValueTracker, VGroup, VMobject, linear, DOWN, LEFT, RIGHT

import nnmath

from .style import PALETTE, SIZES
from .tabular_number import TabularNumber
from .text import label

__all__ = ["sample_steps", "step_at", "run_columns", "Readout", "growing_path", "show_upto",
           "play_run"]


def sample_steps(n_steps: int, frames: int) -> np.ndarray:
    """At most ``frames`` step indices from 0 to ``n_steps`` (the final values) inclusive,
    denser at the start where the run changes most (square-root spacing)."""
    if n_steps + 1 <= frames:
        return np.arange(n_steps + 1)
    picks = np.round(np.linspace(0.0, 1.0, frames) ** 2 * n_steps).astype(int)
    return np.unique(np.concatenate([picks, [0, n_steps]]))


def step_at(position: float, steps: Sequence[int]) -> int:
    """The trace step shown when the tracker is at ``position`` (an index into ``steps``)."""
    i = int(np.clip(np.floor(position + 1e-9), 0, len(steps) - 1))
    return int(steps[i])


def run_columns(trace: nnmath.Trace) -> dict[str, np.ndarray]:
    """Each parameter and the SSR over steps 0..n_steps (the last entry: final values)."""
    columns = {name: trace.param(name) for name in trace.param_names}
    columns["SSR"] = np.append(trace.loss, trace.final_loss)
    return columns


class Readout(VGroup):
    """Rows of "name  value" (and a step counter) bound to ``tracker`` over ``steps``.

    ``values`` maps each row's name to an array over steps 0..n_steps (see run_columns).
    """

    def __init__(self, values: Mapping[str, np.ndarray], tracker: ValueTracker,
                 steps: Sequence[int], colors: Mapping[str, str] | None = None,
                 size: int = SIZES.label, places: int = 2):
        super().__init__()
        self.values = {k: np.asarray(v, dtype=float) for k, v in values.items()}
        self.steps = np.asarray(steps, dtype=int)
        self.tracker = tracker
        colors = dict(colors or {})
        counter_label = label("Step", size=size)
        self.counter = TabularNumber(int(self.steps[0]), whole=True, font_size=size * 1.7,
                                     color=PALETTE.text)
        rows = [VGroup(counter_label, self.counter)]
        self.numbers = {}
        for name, column in self.values.items():
            color = colors.get(name, PALETTE.text)
            number = TabularNumber(column[self.steps[0]], num_decimal_places=places,
                                   font_size=size * 1.7, color=color)
            self.numbers[name] = number
            rows.append(VGroup(label(name, size=size, color=color), number))
        names = VGroup(*[row[0] for row in rows]).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        column = names.get_right()[0] + 0.35
        for row in rows:  # the numbers in one column, each on its name's line
            row[1].next_to(row[0], RIGHT).set_x(column + row[1].width / 2)
        self.add(*rows)
        self.shown = int(self.steps[0])
        self.add_updater(Readout._follow)

    def _follow(self) -> None:
        k = step_at(self.tracker.get_value(), self.steps)
        if k == self.shown:
            return
        self.shown = k
        self._set(self.counter, k)
        for name, number in self.numbers.items():
            self._set(number, self.values[name][k])

    @staticmethod
    def _set(number: TabularNumber, value) -> None:
        """Show ``value``: only the digits whose character changes are redrawn (see
        TabularNumber); the left edge stays where it is."""
        number.set_value(value)

    def shown_values(self) -> dict[str, float]:
        """What the table shows now: {"Step": k, name: value}."""
        out = {"Step": float(self.counter.get_value())}
        out.update({n: float(num.get_value()) for n, num in self.numbers.items()})
        return out


def growing_path(points: np.ndarray, color: str, width: float) -> VMobject:
    """A polyline that :func:`show_upto` extends along ``points`` as a run plays; it
    starts as a stub at the first point."""
    line = VMobject(color=color, stroke_width=width)
    show_upto(line, points, 0)
    return line


def show_upto(line: VMobject, points: np.ndarray, k: int) -> None:
    """Set ``line`` to the polyline through points[0..k] (a dot-sized stub at k = 0)."""
    line.set_points_as_corners(points[:k + 1] if k > 0 else points[[0, 0]])


def play_run(scene: Scene, tracker: ValueTracker, end: float, moving: Sequence[VMobject],
             follow: Callable[[], None], run_time: float, readout: Readout | None = None) -> None:
    """Move ``tracker`` to ``end`` linearly, calling ``follow`` every frame.

    Everything ``follow`` changes must be in ``moving``: the updater sits on a group of
    them, so the renderer redraws them every frame instead of painting them once into
    the still background (which freezes mobjects that have no updater of their own).
    """
    group = VGroup(*moving)
    group.add_updater(lambda _: follow())
    scene.add(group)
    scene.play(tracker.animate.set_value(end), run_time=run_time, rate_func=linear)
    group.clear_updaters()
    if readout is not None:
        readout.clear_updaters()
