"""The winning-class map against the network's own forward pass, grid point by grid point."""

import numpy as np
import pytest

import nnmath
from nnmath.class_map import ClassMap, class_map, row_hits
from tests.nnmath.classes_trace import CLASSES, ROWS, learned


def test_every_grid_value_is_the_models_own_forward_pass_at_that_step():
    trace = learned()
    steps = [0, 7, 350, trace.n_steps]
    found = class_map(trace, steps, size=9)
    model = trace.model()
    grid = found.grid_inputs()
    for s, k in enumerate(steps):
        forward = model.forward(trace.params_at(k), grid.reshape(-1, 2))
        assert np.allclose(found.probabilities[s].reshape(-1, 3), forward.outputs, rtol=1e-12, atol=1e-15)
        assert np.array_equal(found.winner[s].ravel(), forward.choice)
    assert found.probabilities.shape == (4, 9, 9, 3) and found.winner.shape == (4, 9, 9)


def test_the_winner_is_the_class_with_the_largest_probability_and_the_map_changes_as_it_learns():
    found = class_map(learned(), size=12)
    assert np.array_equal(found.winner, np.argmax(found.probabilities, axis=-1))
    assert np.allclose(found.probabilities.sum(axis=-1), 1.0)
    assert len(found.steps) == learned().n_steps + 1  # every step and the final parameters
    first, last = found.winner[0], found.winner[-1]
    assert len(np.unique(first)) < 3 == len(np.unique(last))  # all three classes win somewhere at the end


def test_grid_point_j_i_is_the_first_input_at_i_and_the_second_at_j():
    found = class_map(learned(), [0], size=5, pad=0.1)
    x = np.array(ROWS)
    span = x.max(axis=0) - x.min(axis=0)
    assert found.xs[0] == pytest.approx(x[:, 0].min() - 0.1 * span[0])
    assert found.ys[-1] == pytest.approx(x[:, 1].max() + 0.1 * span[1])
    assert np.all(np.diff(found.xs) > 0) and np.all(np.diff(found.ys) > 0)
    grid = found.grid_inputs()
    assert tuple(grid[3, 1]) == (found.xs[1], found.ys[3])
    assert found.input_names == ("petal width", "sepal width")
    assert found.class_names == ("setosa", "versicolor", "virginica")
    assert found.at(0) == 0


def test_the_arrays_are_read_only():
    found = class_map(learned(), [0, 5], size=4)
    assert isinstance(found, ClassMap)
    for arr in (found.steps, found.xs, found.ys, found.probabilities, found.winner):
        with pytest.raises(ValueError):
            arr.flat[0] = 1


def test_row_hits_are_the_forward_pass_choices_compared_with_each_rows_class():
    trace = learned()
    hits = row_hits(trace, [0, trace.n_steps])
    classes = [trace.model().output_labels.index(c) for c in CLASSES]
    for s, k in enumerate((0, trace.n_steps)):
        assert np.array_equal(hits[s], trace.model().forward(trace.params_at(k), trace.inputs).choice == classes)
    assert hits[0].sum() < len(ROWS) == hits[1].sum()


@pytest.mark.parametrize("steps, size, message", [
    ([-1], 8, "step -1 is out of range"), ([1001], 8, "step 1001 is out of range"),
    ([0.5], 8, "whole numbers"), ([0], 1, "size is 1"), ([0], 401, "size is 401"),
    ([0], True, "size is True")])
def test_bad_steps_and_sizes_are_one_sentence(steps, size, message):
    with pytest.raises(nnmath.SettingError, match=message):
        class_map(learned(), steps, size=size)


def test_a_trace_that_is_not_a_two_input_classifier_is_refused():
    with pytest.raises(nnmath.SettingError, match="SoftMax outputs"):
        class_map(nnmath.build("main-ideas"))
    with pytest.raises(nnmath.SettingError, match="SoftMax outputs"):
        row_hits(nnmath.build("main-ideas"))


def test_one_forward_pass_for_all_steps_is_fast():
    import time
    trace = learned()
    start = time.process_time()
    found = class_map(trace, np.arange(0, trace.n_steps + 1, 10), size=100)
    assert found.winner.shape == (101, 100, 100)
    assert time.process_time() - start < 2.0
