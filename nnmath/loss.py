"""Losses, each with its derivative beside it: the sum of squared residuals (SSR), cross
entropy (categorical, for SoftMax outputs) and binary cross entropy (for a sigmoid output)."""

from __future__ import annotations

import numpy as np

__all__ = ["residuals", "ssr", "ssr_grad", "cross_entropy", "cross_entropy_grad",
           "softmax_cross_entropy_grad", "binary_cross_entropy", "binary_cross_entropy_grad",
           "one_hot"]


def residuals(observed, predicted):
    """residual_i = observed_i - predicted_i (element-wise, broadcasting)."""
    return np.asarray(observed, dtype=float) - np.asarray(predicted, dtype=float)


def ssr(observed, predicted, axis=-1):
    """SSR = sum_i (observed_i - predicted_i)^2, summed over the data axis (the last)."""
    r = residuals(observed, predicted)
    return np.sum(r * r, axis=axis)


def ssr_grad(observed, predicted):
    """dSSR/dPredicted_i = -2 * (observed_i - predicted_i), one value per data point."""
    return -2.0 * residuals(observed, predicted)


def cross_entropy(probabilities, observed):
    """Cross entropy of each row: -log(p of the observed class).

    ``probabilities`` is shaped (rows, classes), ``observed`` holds each row's class index.
    A predicted probability of 0 for the observed class gives infinity.
    """
    p = np.asarray(probabilities, dtype=float)
    idx = np.asarray(observed, dtype=int)
    with np.errstate(divide="ignore"):
        return -np.log(np.take_along_axis(p, idx[..., None], axis=-1)[..., 0])


def cross_entropy_grad(probabilities, observed):
    """dCE/dp_k = -1 / p_k for the observed class k, 0 for the other classes."""
    p = np.asarray(probabilities, dtype=float)
    onehot = one_hot(observed, p.shape[-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(onehot > 0, -1.0 / p, 0.0)


def softmax_cross_entropy_grad(probabilities, observed):
    """dCE/draw_k through SoftMax = p_k - 1 for the observed class, p_k for the others."""
    p = np.asarray(probabilities, dtype=float)
    return p - one_hot(observed, p.shape[-1])


def binary_cross_entropy(probability, observed):
    """-(y log p + (1 - y) log(1 - p)) for observed y in {0, 1} and predicted p."""
    p = np.asarray(probability, dtype=float)
    y = np.asarray(observed, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return -(np.where(y > 0, y * np.log(p), 0.0) + np.where(y < 1, (1 - y) * np.log1p(-p), 0.0))


def binary_cross_entropy_grad(probability, observed):
    """dBCE/dp = -y / p + (1 - y) / (1 - p)."""
    p = np.asarray(probability, dtype=float)
    y = np.asarray(observed, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return -y / p + (1 - y) / (1 - p)


def one_hot(observed, classes: int) -> np.ndarray:
    """Rows of 0s with a 1 at each observed class index."""
    idx = np.asarray(observed, dtype=int)
    return (idx[..., None] == np.arange(classes)).astype(float)
