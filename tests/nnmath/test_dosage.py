"""The dosage network: forward intermediates and chain-rule gradients."""

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nnmath import DOSAGE_PARAMS, DosageNetwork

params_st = st.fixed_dictionaries(
    {n: st.floats(min_value=-4, max_value=4, allow_nan=False) for n in DOSAGE_PARAMS}
)
data_st = st.lists(
    st.tuples(st.floats(min_value=0, max_value=1), st.floats(min_value=-2, max_value=2)),
    min_size=1, max_size=6,
)


def softplus(x):
    return math.log(1 + math.exp(x))


def by_hand(p, d, f=softplus, g=lambda v: v):
    """Independent forward pass with plain Python floats."""
    x1 = p["w1"] * d + p["b1"]
    x2 = p["w2"] * d + p["b2"]
    return g(p["w3"] * f(x1) + p["w4"] * f(x2) + p["b3"])


def ssr_by_hand(model, p, xs, ys):
    return sum((y - float(model.predict(p, x))) ** 2 for x, y in zip(xs, ys))


def assert_gradients_match_central_differences(net, p, xs, ys, h):
    chain = net.chain(p, xs, ys)
    for name in DOSAGE_PARAMS:
        up, down = dict(p), dict(p)
        up[name] += h
        down[name] -= h
        numeric = (ssr_by_hand(net, up, xs, ys) - ssr_by_hand(net, down, xs, ys)) / (2 * h)
        assert chain.gradient(name) == pytest.approx(numeric, rel=1e-4, abs=1e-5), name


@given(p=params_st, d=st.floats(min_value=-1, max_value=2))
def test_forward_keeps_every_intermediate(p, d):
    fw = DosageNetwork().forward(p, [d])
    x1 = p["w1"] * d + p["b1"]
    x2 = p["w2"] * d + p["b2"]
    assert fw.x1[0] == pytest.approx(x1)
    assert fw.y1[0] == pytest.approx(softplus(x1))
    assert fw.scaled1[0] == pytest.approx(p["w3"] * softplus(x1))
    assert fw.x2[0] == pytest.approx(x2)
    assert fw.y2[0] == pytest.approx(softplus(x2))
    assert fw.scaled2[0] == pytest.approx(p["w4"] * softplus(x2))
    assert fw.total[0] == pytest.approx(fw.scaled1[0] + fw.scaled2[0])
    assert fw.raw[0] == pytest.approx(fw.total[0] + p["b3"])
    assert fw.predicted[0] == pytest.approx(by_hand(p, d), abs=1e-12)


def test_forward_is_vectorised_and_read_only():
    p = dict(w1=1, b1=0, w2=-1, b2=0.5, w3=2, w4=-1, b3=0.1)
    grid = np.linspace(0, 1, 200)
    fw = DosageNetwork().forward(p, grid)
    assert fw.predicted.shape == (200,)
    assert np.allclose(fw.predicted, [by_hand(p, d) for d in grid])
    with pytest.raises(ValueError):
        fw.predicted[0] = 1.0
    # a column of parameter sets against a row of inputs gives one curve per set
    cols = {k: np.array([[v], [v + 0.5]]) for k, v in p.items()}
    both = DosageNetwork().forward(cols, grid[None, :]).predicted
    assert both.shape == (2, 200)
    assert np.allclose(both[1], [by_hand({k: v + 0.5 for k, v in p.items()}, d) for d in grid])


def test_relu_output_clips_below_zero():
    net = DosageNetwork("relu", "relu")
    p = dict(w1=1.70, b1=-0.85, w2=12.6, b2=0.0, w3=-40.8, w4=2.70, b3=-16.0)
    fw = net.forward(p, [0.0, 0.5, 1.0])
    relu = lambda v: max(0.0, v)  # noqa: E731
    expected = [by_hand(p, d, relu, relu) for d in (0.0, 0.5, 1.0)]
    assert np.allclose(fw.predicted, expected)
    assert fw.raw[0] < 0 and fw.predicted[0] == 0.0


@pytest.mark.parametrize("activation", ["softplus", "sigmoid"])
@given(p=params_st, data=data_st)
def test_gradients_match_central_differences(activation, p, data):
    net = DosageNetwork(activation)
    xs, ys = [d[0] for d in data], [d[1] for d in data]
    assert_gradients_match_central_differences(net, p, xs, ys, h=1e-6)


@given(p=params_st, data=data_st)
def test_relu_network_gradients_match_central_differences_away_from_kinks(p, data):
    net = DosageNetwork("relu", "relu")
    xs, ys = [d[0] for d in data], [d[1] for d in data]
    fw = net.forward(p, xs)
    for arr in (fw.x1, fw.x2, fw.raw):
        assume(np.all(np.abs(arr) > 1e-3))
    assert_gradients_match_central_differences(net, p, xs, ys, h=1e-7)


@given(p=params_st, data=data_st)
def test_each_gradient_is_the_sum_of_its_chain_rule_factors(p, data):
    xs, ys = [d[0] for d in data], [d[1] for d in data]
    chain = DosageNetwork().chain(p, xs, ys)
    fw = DosageNetwork().forward(p, xs)
    r = np.array(ys) - fw.predicted
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731  (softplus' = sigmoid)
    # the closed-form StatQuest expressions, written out independently
    expected = {
        "b3": np.sum(-2 * r),
        "w3": np.sum(-2 * r * fw.y1),
        "w4": np.sum(-2 * r * fw.y2),
        "w1": np.sum(-2 * r * p["w3"] * sig(fw.x1) * np.array(xs)),
        "b1": np.sum(-2 * r * p["w3"] * sig(fw.x1)),
        "w2": np.sum(-2 * r * p["w4"] * sig(fw.x2) * np.array(xs)),
        "b2": np.sum(-2 * r * p["w4"] * sig(fw.x2)),
    }
    for name, value in expected.items():
        assert chain.gradient(name) == pytest.approx(value, rel=1e-9, abs=1e-9)
        assert chain.terms(name).sum() == pytest.approx(chain.gradient(name), rel=1e-12, abs=1e-12)
    assert chain.paths["w1"] == ("dSSR/dPredicted", "dPredicted/dy1", "dy1/dx1", "dx1/dw1")
    assert np.allclose(chain.factors["dSSR/dPredicted"], -2 * r)
    assert chain.loss == pytest.approx(float(np.sum(r * r)))


def test_output_relu_adds_its_factor_to_every_path():
    chain = DosageNetwork("relu", "relu").chain(
        dict(w1=1, b1=0, w2=1, b2=0, w3=1, w4=1, b3=-5), [0.5], [1.0])
    assert all("dPredicted/dRaw" in path for path in chain.paths.values())
    assert chain.factors["dPredicted/dRaw"][0] == 0.0  # clipped: no gradient flows
    assert np.all(chain.gradients == 0.0)


def test_unknown_parameter_names_are_reported():
    with pytest.raises(ValueError, match="w9"):
        DosageNetwork().predict({**dict.fromkeys(DOSAGE_PARAMS, 0.0), "w9": 1.0}, [0.0])
    with pytest.raises(ValueError, match="b3"):
        DosageNetwork().predict(dict.fromkeys(DOSAGE_PARAMS[:-1], 0.0), [0.0])
