"""Shared scene helpers that carry numbers: the run readout and the SSR contour map."""

import numpy as np
from manim import ValueTracker

import nnmath
from scenes.common.loss_map import contour_segments, loss_map
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


def test_contour_segments_lie_on_their_level():
    trace = nnmath.build("gradient-descent-intercept-slope")
    xs, ys = np.linspace(-0.5, 2, 80), np.linspace(0, 1.5, 60)
    values = trace.loss_grid("intercept", xs, "slope", ys)
    level = float(values.min() + 2.0)
    segments = contour_segments(xs, ys, values, level)
    assert len(segments) > 50
    ends = segments.reshape(-1, 2)
    on_curve = trace.loss_grid("intercept", ends[:, 0], "slope", ends[:, 1]).diagonal()
    assert np.allclose(on_curve, level, atol=0.02 * level)
    # a level below the valley floor crosses nowhere
    assert len(contour_segments(xs, ys, values, float(values.min()) - 1)) == 0


def test_loss_map_places_points_in_parameter_units():
    trace = nnmath.build("gradient-descent-intercept-slope")
    drawn = loss_map(trace, "intercept", (-0.5, 2.0), "slope", (0.0, 1.5))
    axes, contours = drawn
    assert len(contours) == 10 and all(len(c.points) > 0 for c in contours)
    assert np.allclose(axes.p2c(axes.c2p(0.86, 0.68)), (0.86, 0.68))
