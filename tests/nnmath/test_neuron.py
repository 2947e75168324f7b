"""One neuron and the "go surfing?" perceptron: hand computations, what-ifs, sweeps, the
neuron against the dense network's hidden layer, derivatives against finite differences."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nnmath
from nnmath import DataError, UnknownNameError
from nnmath.neuron import (SURFING, neuron, neuron_curve, perceptron, step, step_grad, sweep,
                           surfing_what_ifs, what_if)


def test_surfing_perceptron_by_hand():
    # REFERENCE.md: waves good 1, line-up empty 0, no shark attack 1; weights 5, 2, 4; threshold 3
    p = SURFING
    assert tuple(p.inputs) == (1, 0, 1) and tuple(p.weights) == (5, 2, 4)
    assert p.threshold == 3 and p.bias == -3
    assert tuple(p.products) == (5 * 1, 2 * 0, 4 * 1)
    assert p.weighted_sum == 9 and p.total == 6 and p.output == 1
    assert p.names == ("waves good", "line-up empty", "no recent shark attack")


def test_output_is_one_only_strictly_above_zero():
    assert perceptron([1, 1], [1, 2], -3).output == 0  # 1 + 2 - 3 = 0 is not above 0
    assert perceptron([1, 1], [1, 2.5], -3).output == 1


def test_what_ifs_of_the_lecture():
    pickier, waves, lineup = surfing_what_ifs()
    assert (pickier.changed, pickier.old, pickier.new) == ("threshold", 3, 10)
    assert pickier.after.total == 9 - 10 and pickier.after.output == 0 and pickier.flipped
    assert (waves.changed, waves.old, waves.new) == ("w1", 5, 7)
    assert waves.before.threshold == 10
    assert waves.after.total == 7 + 0 + 4 - 10 and waves.after.output == 1 and waves.flipped
    # a weight on an input of 0 changes nothing
    assert (lineup.changed, lineup.old, lineup.new) == ("w2", 2, 8)
    assert lineup.after.total == lineup.before.total == -1 and not lineup.flipped


def test_what_if_leaves_the_original_alone():
    changed = what_if(SURFING, weights={"w1": 0.5}, threshold=1)
    assert SURFING.weights[0] == 5 and SURFING.bias == -3
    assert changed.weights[0] == 0.5 and changed.bias == -1 and changed.total == 0.5 + 4 - 1


def test_sweep_finds_where_the_decision_flips():
    thresholds = np.arange(0, 13)
    sw = sweep(SURFING, "threshold", thresholds)
    assert sw.flip_at == 9
    assert list(sw.outputs) == [1.0 if t < 9 else 0.0 for t in thresholds]
    w1 = sweep(SURFING, "w1", [-3, -1, -0.5, 5])
    assert w1.flip_at == -1  # w1 + 0 + 4 - 3 > 0  <=>  w1 > -1
    assert list(w1.outputs) == [0, 0, 1, 1]
    w2 = sweep(SURFING, "w2", [-100, 0, 100])
    assert w2.flip_at is None and list(w2.totals) == [6, 6, 6]


def test_results_are_read_only_and_frozen():
    p = SURFING
    for arr in (p.inputs, p.weights, p.products):
        assert not arr.flags.writeable
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.bias = 0
    n = neuron([1, 2], [3, 4], 1)
    assert not n.products.flags.writeable


@pytest.mark.parametrize("inputs,weights,bias,error", [
    ([1, 0], [1, 2, 3], 0, DataError),
    ([], [], 0, DataError),
    ("101", [1, 2, 3], 0, DataError),
    ([1, "x"], [1, 2], 0, DataError),
    ([1, 2], [1, float("nan")], 0, DataError),
    ([1, 2], [1, 2], "high", DataError),
])
def test_bad_input_says_what_is_wrong(inputs, weights, bias, error):
    with pytest.raises(error):
        perceptron(inputs, weights, bias)


def test_unknown_weight_name():
    with pytest.raises(UnknownNameError, match="w1, w2, w3"):
        what_if(SURFING, weights={"w4": 1})
    with pytest.raises(UnknownNameError):
        sweep(SURFING, "bias", [0])


def test_step_and_its_derivative():
    assert list(step([-1, 0, 1e-12, 3])) == [0, 0, 1, 1]
    assert list(step_grad([-1, 0, 2])) == [0, 0, 0]


def test_neuron_by_hand():
    n = neuron([1, 0, 1], [2.0, 0.5, 1.5], -2.0, "sigmoid")
    assert n.weighted_sum == 3.5 and n.total == 1.5
    assert n.value == pytest.approx(1 / (1 + math.exp(-1.5)), abs=1e-15)
    assert n.slope == pytest.approx(n.value * (1 - n.value), abs=1e-15)
    r = neuron([1, 0, 1], [2.0, 0.5, 1.5], -2.0, "relu")
    assert (r.value, r.slope) == (1.5, 1.0)
    with pytest.raises(UnknownNameError):
        neuron([1], [1], 0, "tanh-ish")


def test_neuron_equals_every_hidden_node_of_the_neurons_preset():
    trace = nnmath.build("neurons")
    model = trace.model()
    p = trace.params_at(0)
    fw = trace.forward(k=0)
    for day, x in enumerate(trace.inputs):
        for j, h in enumerate(model.hidden_labels):
            n = neuron(x, [p[f"w[{i}->{h}]"] for i in model.input_labels], p[f"b[{h}]"], "sigmoid")
            assert n.total == pytest.approx(fw.hidden_sums[day, j], abs=1e-12)
            assert n.value == pytest.approx(fw.hidden[day, j], abs=1e-12)
        out = neuron(fw.hidden[day], [p[f"w[{h}->go]"] for h in model.hidden_labels], p["b[go]"])
        assert out.value == pytest.approx(fw.outputs[day, 0], abs=1e-12)


def test_neurons_preset_cost_and_descent_by_hand():
    trace = nnmath.build("neurons")
    model = trace.model()
    p = trace.params_at(0)

    def sig(z):
        return 1 / (1 + math.exp(-z))

    def output(x, params):
        hidden = [sig(sum(params[f"w[{i}->{h}]"] * v for i, v in zip(model.input_labels, x))
                      + params[f"b[{h}]"]) for h in model.hidden_labels]
        return sig(sum(params[f"w[{h}->go]"] * a for h, a in zip(model.hidden_labels, hidden))
                   + params["b[go]"])

    cost = sum((y - output(x, p)) ** 2 for x, y in zip(trace.inputs, trace.outputs))
    assert trace.loss[0] == pytest.approx(cost, rel=1e-12)
    assert trace.optimised == ("w[h1->go]",) and trace.stopped_because == "step-size"
    assert trace.final_loss < trace.loss[0]
    h = 1e-6  # the slope of the cost along the optimised weight, by central differences
    up, down = dict(p), dict(p)
    up["w[h1->go]"] += h
    down["w[h1->go]"] -= h
    numeric = sum((y - output(x, up)) ** 2 - (y - output(x, down)) ** 2
                  for x, y in zip(trace.inputs, trace.outputs)) / (2 * h)
    assert trace.gradients[0, trace.index("w[h1->go]")] == pytest.approx(numeric, rel=1e-6)


@given(bias=st.floats(-5, 5), s=st.floats(-8, 8))
def test_neuron_curve_value_and_slope(bias, s):
    for name in ("sigmoid", "softplus"):
        c = neuron_curve([s - 1e-6, s, s + 1e-6], bias, name)
        assert c.values[1] == pytest.approx(float(nnmath.get_activation(name)(s + bias)), abs=1e-12)
        assert c.slopes[1] == pytest.approx((c.values[2] - c.values[0]) / 2e-6, abs=1e-5)
    relu = neuron_curve([s], bias, "relu")
    assert relu.threshold == -bias
    assert (relu.values[0] > 0) == (s > relu.threshold)
