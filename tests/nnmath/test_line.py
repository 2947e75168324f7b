"""The straight line of "gradient descent, step by step"."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnmath import Line

WEIGHTS, HEIGHTS = [0.5, 2.3, 2.9], [1.4, 1.9, 3.2]
finite = st.floats(min_value=-5, max_value=5, allow_nan=False)


def ssr(intercept, slope):
    return sum((h - (intercept + slope * w)) ** 2 for w, h in zip(WEIGHTS, HEIGHTS))


@given(intercept=finite, slope=finite)
def test_gradients_match_central_differences(intercept, slope):
    chain = Line().chain(dict(intercept=intercept, slope=slope), WEIGHTS, HEIGHTS)
    h = 1e-6
    d_int = (ssr(intercept + h, slope) - ssr(intercept - h, slope)) / (2 * h)
    d_slope = (ssr(intercept, slope + h) - ssr(intercept, slope - h)) / (2 * h)
    assert chain.gradient("intercept") == pytest.approx(d_int, rel=1e-6, abs=1e-6)
    assert chain.gradient("slope") == pytest.approx(d_slope, rel=1e-6, abs=1e-6)
    assert chain.loss == pytest.approx(ssr(intercept, slope))


def test_first_derivative_of_the_worked_example():
    # slope 0.64, intercept 0: dSSR/dintercept = -2 * sum of the residuals
    chain = Line().chain(dict(intercept=0.0, slope=0.64), WEIGHTS, HEIGHTS)
    residuals = [h - 0.64 * w for w, h in zip(WEIGHTS, HEIGHTS)]
    assert chain.gradient("intercept") == pytest.approx(-2 * sum(residuals))
    assert np.allclose(chain.residuals, residuals)
    assert chain.paths["slope"] == ("dSSR/dPredicted", "dPredicted/dslope")
    assert np.allclose(chain.factors["dPredicted/dslope"], WEIGHTS)
