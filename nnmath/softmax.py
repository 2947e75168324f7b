"""SoftMax and ArgMax over the raw output values of a classifier, each with its derivative.

Both work on the last axis, so a whole batch of inputs (rows) is one call.
"""

from __future__ import annotations

import numpy as np

__all__ = ["softmax", "softmax_backward", "softmax_jacobian", "argmax", "argmax_onehot",
           "argmax_grad", "log_softmax", "exponentials", "sweep", "written_out"]


def log_softmax(raw, axis=-1):
    """log SoftMax_k = raw_k - log(sum_j e^raw_j), computed from raw - max(raw) so that
    large raw values cannot overflow."""
    z = np.asarray(raw, dtype=float)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softmax(raw, axis=-1):
    """SoftMax_k = e^raw_k / sum_j e^raw_j: probabilities between 0 and 1 that sum to 1.

    Subtracting the largest raw value first changes nothing mathematically and keeps
    e^raw from overflowing (raw outputs of 1000 are fine).
    """
    z = np.asarray(raw, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_jacobian(probabilities):
    """dSoftMax_k / draw_j = p_k (1 - p_k) when j == k, and -p_k p_j otherwise.

    For rows of probabilities shaped (..., K) the result is shaped (..., K, K) with
    [..., k, j] = dp_k / draw_j.
    """
    p = np.asarray(probabilities, dtype=float)
    return p[..., :, None] * (np.eye(p.shape[-1]) - p[..., None, :])


def softmax_backward(probabilities, upstream):
    """Chain rule through SoftMax: dL/draw_j = sum_k dL/dp_k dp_k/draw_j
    = p_j (dL/dp_j - sum_k dL/dp_k p_k), without building the Jacobian."""
    p = np.asarray(probabilities, dtype=float)
    g = np.asarray(upstream, dtype=float)
    return p * (g - np.sum(g * p, axis=-1, keepdims=True))


def argmax(raw, axis=-1):
    """The index of the largest raw value (the first one on a tie)."""
    return np.argmax(np.asarray(raw, dtype=float), axis=axis)


def argmax_onehot(raw):
    """ArgMax written as outputs: 1 for the largest raw value, 0 for the others."""
    z = np.asarray(raw, dtype=float)
    out = np.zeros_like(z)
    np.put_along_axis(out, argmax(z)[..., None], 1.0, axis=-1)
    return out


def argmax_grad(raw):
    """d ArgMax / draw = 0 wherever it is defined (ArgMax is a step: flat, then a jump).

    A gradient of 0 gives every step size 0, which is why ArgMax cannot be used to train
    and SoftMax is used instead.
    """
    z = np.asarray(raw, dtype=float)
    return np.zeros(z.shape + z.shape[-1:])


def exponentials(raw):
    """e^raw_k of each raw output, as the lecture writes SoftMax out by hand (without
    the max shift, so only for display: raw outputs above about 700 overflow)."""
    with np.errstate(over="ignore"):
        return np.exp(np.asarray(raw, dtype=float))


def sweep(raw_row, index: int, values):
    """What output ``index`` does as its raw value sweeps ``values`` while the other raw
    outputs of ``raw_row`` stay put: its ArgMax output (0 or 1, a step), its SoftMax
    probability (a smooth S) and the slope dp/draw = p (1 - p) of that S.

    Returns {"argmax": ..., "softmax": ..., "slope": ...}, each shaped like ``values``.
    """
    v = np.asarray(values, dtype=float)
    table = np.repeat(np.asarray(raw_row, dtype=float)[None, :], v.size, axis=0)
    table[:, index] = v.ravel()
    p = softmax(table)[:, index]
    return {"argmax": argmax_onehot(table)[:, index].reshape(v.shape),
            "softmax": p.reshape(v.shape), "slope": (p * (1 - p)).reshape(v.shape)}


def written_out(raw) -> dict:
    """SoftMax as the lecture writes it by hand, for one row of raw outputs:
    {"exponentials": e^raw_k, "denominator": their sum, "probabilities": e^raw_k / sum,
    "total": the probabilities added up (1, up to rounding)}."""
    e = exponentials(raw)
    denominator = float(np.sum(e))
    p = softmax(raw)
    return {"exponentials": e, "denominator": denominator, "probabilities": p,
            "total": float(np.sum(p))}
