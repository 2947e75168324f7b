"""Activations: values against their formulas, derivatives against finite differences."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnmath import ACTIVATIONS, get_activation
from nnmath.errors import UnknownNameError

FORMULAS = {
    "softplus": lambda x: math.log1p(math.exp(x)) if x < 30 else x + math.log1p(math.exp(-x)),
    "relu": lambda x: max(0.0, x),
    "sigmoid": lambda x: 1 / (1 + math.exp(-x)) if x > -700 else 0.0,
    "identity": lambda x: x,
}

xs = st.floats(min_value=-30, max_value=30, allow_nan=False)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@given(x=xs)
def test_value_matches_formula(name, x):
    assert float(get_activation(name)(x)) == pytest.approx(FORMULAS[name](x), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("name", ["softplus", "sigmoid", "identity", "relu"])
@given(x=xs)
def test_derivative_matches_central_difference(name, x):
    act = get_activation(name)
    h = 1e-6
    if name == "relu" and abs(x) < 1e-3:
        return  # the kink: the one-sided derivatives differ there
    numeric = (float(act(x + h)) - float(act(x - h))) / (2 * h)
    assert float(act.grad(x)) == pytest.approx(numeric, rel=1e-5, abs=1e-7)


def test_vectorised_over_a_grid():
    grid = np.linspace(-5, 5, 201)
    for act in ACTIVATIONS.values():
        assert act(grid).shape == grid.shape
        assert act.grad(grid).shape == grid.shape


def test_no_overflow_for_large_inputs():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        big = np.array([-1000.0, 1000.0])
        assert np.allclose(get_activation("softplus")(big), [0.0, 1000.0])
        assert np.allclose(get_activation("sigmoid")(big), [0.0, 1.0])


def test_softplus_of_zero_is_log_two():
    assert float(get_activation("softplus")(0.0)) == pytest.approx(math.log(2))


def test_unknown_activation_lists_the_known_ones():
    with pytest.raises(UnknownNameError, match="softplus"):
        get_activation("tanh")
    assert issubclass(UnknownNameError, ValueError)
