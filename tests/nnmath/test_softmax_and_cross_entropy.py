"""SoftMax, ArgMax and the cross-entropy losses against hand formulas and finite differences."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from nnmath.loss import (binary_cross_entropy, binary_cross_entropy_grad, cross_entropy,
                         cross_entropy_grad, one_hot, softmax_cross_entropy_grad)
from nnmath.softmax import (argmax, argmax_grad, argmax_onehot, log_softmax, softmax,
                            softmax_backward, softmax_jacobian)

RAW = np.array([[1.43, -0.44, 0.23], [0.89, 0.2, 0.07]])
rows = st.lists(st.floats(-30, 30), min_size=2, max_size=5)


def numeric_jacobian(f, z, h=1e-6):
    cols = []
    for j in range(z.size):
        e = np.zeros_like(z)
        e[j] = h
        cols.append((f(z + e) - f(z - e)) / (2 * h))
    return np.stack(cols, axis=-1)


def test_softmax_matches_the_written_out_exponentials():
    e = np.exp(RAW[0])
    assert np.allclose(softmax(RAW[0]), e / e.sum())
    assert softmax(RAW[0]).round(2).tolist() == [0.69, 0.11, 0.21]


@given(rows)
def test_softmax_gives_probabilities_that_sum_to_one(raw):
    p = softmax(np.array(raw))
    assert np.all((p >= 0) & (p <= 1))
    assert np.isclose(p.sum(), 1.0)
    assert p[argmax(raw)] == p.max()


def test_softmax_does_not_overflow_for_large_raw_outputs():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = softmax([1000.0, 999.0, -1000.0])
        logp = log_softmax([1000.0, 999.0, -1000.0])
    assert np.allclose(p, [1 / (1 + np.exp(-1)), np.exp(-1) / (1 + np.exp(-1)), 0.0])
    assert np.all(np.isfinite(logp)) and np.isclose(np.exp(logp).sum(), 1.0)


@settings(max_examples=30)
@given(rows)
def test_softmax_jacobian_and_backward_match_finite_differences(raw):
    z = np.array(raw)
    jac = softmax_jacobian(softmax(z))
    assert np.allclose(jac, numeric_jacobian(softmax, z), atol=1e-6)
    upstream = np.linspace(-1, 2, z.size)
    assert np.allclose(softmax_backward(softmax(z), upstream), upstream @ jac)


def test_argmax_is_ones_and_zeros_and_its_derivative_is_zero():
    assert argmax_onehot(RAW).tolist() == [[1, 0, 0], [1, 0, 0]]
    assert argmax(RAW).tolist() == [0, 0]
    assert argmax_grad(RAW).shape == (2, 3, 3) and not argmax_grad(RAW).any()
    # a small change of the raw outputs does not change ArgMax at all
    assert np.array_equal(argmax_onehot(RAW + 0.01), argmax_onehot(RAW))


def test_cross_entropy_is_minus_log_of_the_observed_probability():
    p = np.array([[0.57, 0.2, 0.23], [0.21, 0.21, 0.58]])
    assert np.allclose(cross_entropy(p, [0, 2]), [-np.log(0.57), -np.log(0.58)])
    assert cross_entropy([[0.0, 1.0]], [0])[0] == np.inf
    assert np.allclose(cross_entropy_grad(p, [0, 2]), [[-1 / 0.57, 0, 0], [0, 0, -1 / 0.58]])


@settings(max_examples=30)
@given(rows, st.integers(0, 4))
def test_softmax_cross_entropy_gradient_is_p_minus_one_hot(raw, observed):
    z = np.array(raw)
    k = observed % z.size
    fused = softmax_cross_entropy_grad(softmax(z), k)
    assert np.allclose(fused, softmax(z) - one_hot(k, z.size))
    general = softmax_backward(softmax(z), cross_entropy_grad(softmax(z), k))
    assert np.allclose(fused, general, atol=1e-9)
    numeric = numeric_jacobian(lambda v: np.atleast_1d(-log_softmax(v)[k]), z)[0]
    assert np.allclose(fused, numeric, atol=1e-6)


@pytest.mark.parametrize("y", [0.0, 1.0])
def test_binary_cross_entropy_and_its_derivative(y):
    p = np.array([0.1, 0.5, 0.9])
    expected = -np.log(p) if y else -np.log(1 - p)
    assert np.allclose(binary_cross_entropy(p, y), expected)
    h = 1e-6
    numeric = (binary_cross_entropy(p + h, y) - binary_cross_entropy(p - h, y)) / (2 * h)
    assert np.allclose(binary_cross_entropy_grad(p, y), numeric, atol=1e-5)


def test_sweep_gives_the_argmax_step_and_the_softmax_s_curve():
    from nnmath.softmax import exponentials, sweep

    raw = [1.43, -0.44, 0.23]
    values = np.linspace(-3, 4, 71)
    out = sweep(raw, 0, values)
    assert set(np.unique(out["argmax"])) == {0.0, 1.0}
    # the step sits where Setosa's raw value passes the largest other raw output (0.23)
    assert np.all(out["argmax"][values > 0.23] == 1) and np.all(out["argmax"][values < 0.23] == 0)
    assert np.all(np.diff(out["softmax"]) > 0)
    h = 1e-6
    numeric = (sweep(raw, 0, values + h)["softmax"] - sweep(raw, 0, values - h)["softmax"]) / (2 * h)
    assert np.allclose(out["slope"], numeric, atol=1e-6)
    e = exponentials(raw)
    assert np.allclose(e / e.sum(), softmax(raw))
