"""Shared scene helpers that carry numbers: the run readout and the SSR contour map."""

import numpy as np
import pytest
from manim import ValueTracker

import nnmath
from scenes.common.contours import contour_lines
from scenes.common.loss_map import loss_map
from scenes.common.readout import Readout, run_columns, sample_steps, step_at


def test_sampled_steps_start_at_0_end_at_the_final_values_and_never_repeat():
    for n, frames in ((207, 90), (8, 90), (1000, 60), (0, 10)):
        steps = sample_steps(n, frames)
        assert steps[0] == 0 and steps[-1] == n
        assert np.all(np.diff(steps) > 0) and len(steps) <= max(frames, n + 1)


def test_readout_shows_trace_values_at_whole_steps_only():
    trace = nnmath.build("details-all")
    steps = sample_steps(trace.n_steps, 60)
    tracker = ValueTracker(0)
    readout = Readout(run_columns(trace), tracker, steps)
    columns = run_columns(trace)
    for position in np.linspace(0, len(steps) - 1, 157):  # between samples too
        tracker.set_value(position)
        readout.update()
        shown = readout.shown_values()
        k = step_at(position, steps)
        assert shown["Step"] == k
        for name in trace.param_names + ("SSR",):
            assert shown[name] == columns[name][k]  # the trace's value, shown to 2 places
    assert shown["Step"] == trace.n_steps
    assert shown["w1"] == trace.final()["w1"]
    assert all(n.num_decimal_places == 2 for n in readout.numbers.values())


def test_contour_lines_lie_on_their_level_as_whole_lines():
    trace = nnmath.build("gradient-descent-intercept-slope")
    xs, ys = np.linspace(-0.5, 2, 80), np.linspace(0, 1.5, 60)
    values = trace.loss_grid("intercept", xs, "slope", ys)
    level = float(values.min() + 2.0)
    lines = contour_lines(xs, ys, values, level)
    assert 1 <= len(lines) <= 2 and sum(map(len, lines)) > 50  # joined up, not in pieces
    for line in lines:
        on_curve = trace.loss_grid("intercept", line[:, 0], "slope", line[:, 1]).diagonal()
        assert np.allclose(on_curve, level, atol=0.02 * level)
        # followed from start to end, the higher SSR is on the line's left
        mid = len(line) // 2
        ahead = line[mid + 1] - line[mid - 1]
        left = (line[mid - 1] + line[mid + 1]) / 2 + 0.02 * np.array([-ahead[1], ahead[0]]) / np.linalg.norm(ahead)
        assert trace.loss_grid("intercept", left[:1], "slope", left[1:])[0, 0] > level
    # a level below the valley floor crosses nowhere
    assert contour_lines(xs, ys, values, float(values.min()) - 1) == []


def test_contour_lines_of_a_linear_value_are_exact_from_four_corners():
    ends = np.array([0.0, 1.0])
    values = np.array([[-0.3, 0.7], [-0.8, 0.2]])  # x - 0.5 y - 0.3; row i is y = ends[i]
    [line] = contour_lines(ends, ends, values, 0.0)
    assert np.allclose(line, [[0.8, 1.0], [0.3, 0.0]])  # downwards: larger x on its left
def test_loss_map_places_points_in_parameter_units():
    trace = nnmath.build("gradient-descent-intercept-slope")
    drawn = loss_map(trace, "intercept", (-0.5, 2.0), "slope", (0.0, 1.5))
    axes, contours = drawn
    assert len(contours) == 10 and all(len(c.points) > 0 for c in contours)
    assert np.allclose(axes.p2c(axes.c2p(0.86, 0.68)), (0.86, 0.68))


def test_the_guards_read_the_readout_numbers_as_written_at_their_size():
    from manim import DecimalNumber, Scene

    from tests.scenes.guards import texts_on_screen

    trace = nnmath.build("details-all")
    steps = sample_steps(trace.n_steps, 60)
    tracker = ValueTracker(0)
    readout = Readout(run_columns(trace), tracker, steps)
    tracker.set_value(len(steps) // 2)
    readout.update()
    scene = Scene()
    scene.add(readout)
    shown = {s.text: s.px for s in texts_on_screen(scene)}
    reference = Scene()
    reference.add(DecimalNumber(1.25, font_size=readout.counter._font_size))
    px = texts_on_screen(reference)[0].px
    for name, value in readout.shown_values().items():
        written = f"{value:.0f}" if name == "Step" else f"{value:.2f}"
        assert written in shown, (name, written, sorted(shown))
        assert shown[written] == pytest.approx(px, rel=0.1)
