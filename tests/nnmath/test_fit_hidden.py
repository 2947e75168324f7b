"""Fitting with any number of hidden nodes, and the node curves the fit video draws."""

import numpy as np
import pytest

from nnmath import SettingError
from nnmath.fit import MAX_HIDDEN, check_hidden, fit, node_curves


def test_two_hidden_nodes_is_still_the_dosage_network():
    trace = fit([0, 0.5, 1], [0, 1, 0], max_iterations=20, seed=13)
    assert trace.kind == "dosage" and trace.param_names == ("w1", "b1", "w2", "b2", "w3", "w4", "b3")
    assert fit([0, 0.5, 1], [0, 1, 0], max_iterations=20, seed=13, hidden=2) == trace


@pytest.mark.parametrize("hidden", [1, 3, MAX_HIDDEN])
def test_other_sizes_are_a_dense_network_that_learns(hidden):
    trace = fit([0, 0.5, 1, 1.5], [0, 1, 0.5, 1], hidden=hidden, max_iterations=300, seed=2)
    assert trace.kind == "dense" and len(trace.param_names) == 3 * hidden + 1
    assert trace.model_settings["output"] == "identity" and trace.model_settings["loss"] == "ssr"
    assert trace.final_loss < trace.loss[0]
    assert trace.inputs.shape == (4, 1) and trace.outputs.shape == (4,)


@pytest.mark.parametrize("hidden", [2, 3])
def test_node_curves_sum_to_the_networks_output(hidden):
    trace = fit([0, 0.5, 1], [0, 1, 0], hidden=hidden, max_iterations=30, seed=5)
    grid = np.linspace(-0.5, 1.5, 7)
    steps = [0, 10, trace.n_steps]
    curves = node_curves(trace, grid, steps)
    assert curves["nodes"].shape == (hidden, 3, 7) and curves["output"].shape == (3, 7)
    bias = trace.param("b3" if hidden == 2 else "b[y]")[steps]
    assert np.allclose(curves["nodes"].sum(axis=0) + bias[:, None], curves["output"])
    for j, k in enumerate(steps):  # against the model's own forward pass
        x = grid if hidden == 2 else grid[:, None]
        expected = np.ravel(trace.forward(x, k=k).predicted if hidden == 2 else trace.forward(x, k=k).outputs)
        assert np.allclose(curves["output"][j], expected)
    # the data points' predictions at the final step are the trace's own
    on_data = node_curves(trace, [0, 0.5, 1], [trace.n_steps])["output"][0]
    assert np.allclose(on_data, np.ravel(trace.final_predictions))


@pytest.mark.parametrize("value", [0, MAX_HIDDEN + 1, 2.5, "two", None])
def test_a_bad_number_of_hidden_nodes_says_the_range(value):
    with pytest.raises(SettingError, match=f"from 1 to {MAX_HIDDEN}|not a number"):
        check_hidden(value)
