"""Image operations of the convolutional network: convolution against scipy, pooling
and its memory of where each maximum came from, and every backward pass against
finite differences."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.signal import correlate2d

from nnmath import SettingError
from nnmath.conv import (correlate, correlate_filter_grad, correlate_input_grad, max_pool,
                         mean_pool, output_size, pool, pool_backward, products, shift)

EPS = 1e-6


def numeric_grad(f, x):
    """Central finite differences of the scalar f at every entry of x."""
    x = np.array(x, dtype=float)
    out = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += EPS
        down[idx] -= EPS
        out[idx] = (f(up) - f(down)) / (2 * EPS)
    return out


@settings(max_examples=40, deadline=None)
@given(size=st.integers(3, 9), k=st.integers(1, 3), seed=st.integers(0, 10_000),
       bias=st.floats(-3, 3))
def test_correlate_equals_scipy_correlate2d_valid(size, k, seed, bias):
    rng = np.random.default_rng(seed)
    image, kernel = rng.normal(size=(size, size)), rng.normal(size=(k, k))
    assert np.allclose(correlate(image, kernel, bias), correlate2d(image, kernel, mode="valid") + bias)


@pytest.mark.parametrize("stride", [2, 3])
def test_stride_keeps_every_stride_th_cell(stride):
    rng = np.random.default_rng(stride)
    image, kernel = rng.normal(size=(8, 8)), rng.normal(size=(3, 3))
    full = correlate2d(image, kernel, mode="valid")
    assert np.allclose(correlate(image, kernel, stride=stride), full[::stride, ::stride])
    assert correlate(image, kernel, stride=stride).shape == (output_size(8, 3, stride),) * 2


def test_batches_and_filter_tables_broadcast():
    rng = np.random.default_rng(1)
    images, kernels, biases = rng.normal(size=(4, 6, 6)), rng.normal(size=(5, 3, 3)), rng.normal(size=5)
    table = correlate(images, kernels, biases)
    assert table.shape == (5, 4, 4, 4)
    for s in range(5):
        for n in range(4):
            assert np.allclose(table[s, n], correlate2d(images[n], kernels[s], mode="valid") + biases[s])


def test_products_are_what_each_cell_sums():
    rng = np.random.default_rng(2)
    image, kernel = rng.integers(0, 2, size=(6, 6)), rng.normal(size=(3, 3))
    fmap = correlate(image, kernel, 0.5)
    for i in range(4):
        for j in range(4):
            p = products(image, kernel, i, j)
            assert np.allclose(p, image[i:i + 3, j:j + 3] * kernel)
            assert np.isclose(p.sum() + 0.5, fmap[i, j])


def test_max_pool_keeps_the_largest_and_remembers_where():
    fmap = np.array([[1, 5, 0, 2], [3, 4, 7, 1], [0, 0, 2, 2], [9, 1, 3, 8.0]])
    pooled, where = max_pool(fmap)
    assert pooled.tolist() == [[5, 7], [9, 8]]
    assert where.tolist() == [[[0, 1], [1, 2]], [[3, 0], [3, 3]]]
    assert np.allclose(mean_pool(fmap), [[13 / 4, 10 / 4], [10 / 4, 15 / 4]])
    assert np.array_equal(pool(fmap, "max"), pooled)
    for u in range(2):
        for v in range(2):
            r, c = where[u, v]
            assert fmap[r, c] == pooled[u, v]


@pytest.mark.parametrize("kind", ["max", "mean"])
def test_pool_backward_matches_finite_differences(kind):
    rng = np.random.default_rng(3)
    fmap = rng.normal(size=(2, 4, 4))  # distinct values: no ties, max pooling differentiable
    upstream = rng.normal(size=(2, 2, 2))
    where = max_pool(fmap)[1] if kind == "max" else None
    analytic = pool_backward(upstream, (4, 4), kind, where)
    numeric = numeric_grad(lambda x: np.sum(upstream * pool(x, kind)), fmap)
    assert np.allclose(analytic, numeric, atol=1e-6)
    if kind == "max":  # only the four maxima of each image get a gradient
        assert np.count_nonzero(analytic[0]) == 4


def test_filter_and_input_gradients_match_finite_differences():
    rng = np.random.default_rng(4)
    images, kernel = rng.normal(size=(3, 6, 6)), rng.normal(size=(3, 3))
    upstream = rng.normal(size=(3, 4, 4))

    def loss_of_kernel(k):
        return np.sum(upstream * correlate(images, k))

    def loss_of_images(x):
        return np.sum(upstream * correlate(x, kernel))

    assert np.allclose(correlate_filter_grad(images, upstream, 3), numeric_grad(loss_of_kernel, kernel), atol=1e-5)
    assert np.allclose(correlate_input_grad(upstream, kernel, (6, 6)), numeric_grad(loss_of_images, images), atol=1e-5)


def test_shift_moves_pixels_and_blanks_the_edge():
    image = np.arange(16.0).reshape(4, 4)
    right = shift(image, cols=1)
    assert np.array_equal(right[:, 1:], image[:, :-1]) and not right[:, 0].any()
    down_left = shift(image, rows=1, cols=-1)
    assert np.array_equal(down_left[1:, :-1], image[:-1, 1:])
    assert not down_left[0].any() and not down_left[:, -1].any()
    assert not shift(image, cols=4).any()


@pytest.mark.parametrize("size,window,stride,message", [
    (6, 7, 1, "does not fit"), (6, 3, 0, "at least 1"), (6, 0, 1, "at least 1")])
def test_bad_window_settings(size, window, stride, message):
    with pytest.raises(SettingError, match=message):
        output_size(size, window, stride)


def test_unknown_pooling_is_named():
    with pytest.raises(SettingError, match="max, mean"):
        pool(np.zeros((4, 4)), "median")


@pytest.mark.parametrize("size,window,stride", [(4, 2, 2), (5, 2, 2), (7, 3, 3), (5, 2, 1), (6, 3, 2)])
def test_max_pool_and_its_backward_agree_with_a_window_by_window_reference(size, window, stride):
    """Non-overlapping windows take a reshape shortcut, overlapping ones the general
    path; both give what pooling window by window gives, and a gradient that sums every
    share a cell receives (a cell can be the maximum of several overlapping windows)."""
    rng = np.random.default_rng(size * 10 + window + stride)
    fmap = rng.normal(size=(2, size, size))
    pooled, where = max_pool(fmap, window, stride)
    upstream = rng.normal(size=pooled.shape)
    expected = np.zeros_like(fmap)
    for n in range(2):
        for u in range(pooled.shape[1]):
            for v in range(pooled.shape[2]):
                block = fmap[n, u * stride:u * stride + window, v * stride:v * stride + window]
                r, c = np.unravel_index(np.argmax(block), block.shape)
                assert pooled[n, u, v] == block[r, c]
                assert where[n, u, v].tolist() == [u * stride + r, v * stride + c]
                expected[n, u * stride + r, v * stride + c] += upstream[n, u, v]
    got = pool_backward(upstream, (size, size), "max", where, window, stride)
    assert np.array_equal(got, expected)
