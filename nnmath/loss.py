"""Sum of squared residuals (SSR), its residuals and its derivative, side by side."""

from __future__ import annotations

import numpy as np

__all__ = ["residuals", "ssr", "ssr_grad"]


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
