"""The image operations of a convolutional network, each with its backward pass.

All functions work on the last two axes and broadcast over any leading axes (a batch of
images, or a table of filters), so a whole data set goes through in one call.

Convolution as CNNs use it is cross-correlation: the filter is laid over the image
without flipping, the overlapping values are multiplied and summed, and the bias is
added::

    feature[i, j] = sum_{a, b} image[i*s + a, j*s + b] * filter[a, b] + bias

With "valid" size (no padding) an H x W image and a k x k filter give a
((H - k) // s + 1) x ((W - k) // s + 1) feature map.

Pooling shrinks a map window by window: max pooling keeps each window's largest value
and remembers where it came from (the only cell the gradient flows back to); mean
pooling keeps the average (each cell gets a 1/(window cells) share of the gradient).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .errors import SettingError

__all__ = ["windows", "correlate", "products", "correlate_filter_grad", "correlate_input_grad",
           "max_pool", "mean_pool", "pool", "pool_backward", "output_size", "shift", "POOLS"]

POOLS = ("max", "mean")


def output_size(size: int, window: int, stride: int = 1) -> int:
    """Cells along one side of a "valid" result: (size - window) // stride + 1."""
    if window < 1 or stride < 1:
        raise SettingError("the window and the stride must be at least 1")
    if window > size:
        raise SettingError(f"a {window}x{window} window does not fit in a {size}x{size} image")
    return (size - window) // stride + 1


def windows(image, window: int, stride: int = 1) -> np.ndarray:
    """Every window of the image: (..., rows, cols, window, window), a read-only view."""
    img = np.asarray(image, dtype=float)
    output_size(min(img.shape[-2:]), window, stride)
    view = sliding_window_view(img, (window, window), axis=(-2, -1))
    return view[..., ::stride, ::stride, :, :]


def correlate(image, kernel, bias=0.0, stride: int = 1) -> np.ndarray:
    """The feature map: filter over image, products summed, bias added ("valid" size).

    ``kernel`` may be (k, k) or a table (S, k, k) with ``bias`` (S,): the maps then gain a
    leading axis of length S.
    """
    k = np.asarray(kernel, dtype=float)
    win = windows(image, k.shape[-1], stride)
    if k.ndim == 2:
        return np.einsum("...ijab,ab->...ij", win, k) + bias
    out = np.einsum("...ijab,sab->s...ij", win, k)
    return out + np.reshape(bias, (-1,) + (1,) * (out.ndim - 1))


def products(image, kernel, row: int, col: int, stride: int = 1) -> np.ndarray:
    """The k x k products filter x pixels when the filter sits at feature-map cell
    (row, col): what is summed (before the bias) to give that cell."""
    k = np.asarray(kernel, dtype=float)
    return windows(image, k.shape[-1], stride)[..., row, col, :, :] * k


def correlate_filter_grad(image, grad_map, window: int, stride: int = 1) -> np.ndarray:
    """dLoss/dfilter from dLoss/dfeature map: each filter value collects, over every cell
    of every image, the cell's gradient times the pixel under that filter value.

    ``image`` (..., H, W) and ``grad_map`` (..., rows, cols); summed over leading axes.
    """
    win = windows(image, window, stride)
    g = np.asarray(grad_map, dtype=float)
    return np.tensordot(g, win, axes=(tuple(range(g.ndim)), tuple(range(g.ndim))))


def correlate_input_grad(grad_map, kernel, shape, stride: int = 1) -> np.ndarray:
    """dLoss/dimage: each feature-map cell's gradient spread back over its window,
    weighted by the filter values. ``shape`` is the image's (H, W)."""
    g = np.asarray(grad_map, dtype=float)
    k = np.asarray(kernel, dtype=float)
    out = np.zeros(g.shape[:-2] + tuple(shape))
    rows, cols = g.shape[-2:]
    for i in range(rows):          # at most a few dozen cells: one vectorised add each
        for j in range(cols):
            r, c = i * stride, j * stride
            out[..., r:r + k.shape[0], c:c + k.shape[1]] += g[..., i, j, None, None] * k
    return out


def _window_values(feature_map, window: int, stride: int) -> np.ndarray:
    """Each window's values in row-major order: (..., rows, cols, window * window).
    Windows that do not overlap (stride == window) are one reshape of the map."""
    m = np.asarray(feature_map, dtype=float)
    if stride != window:
        win = windows(m, window, stride)
        return win.reshape(win.shape[:-2] + (window * window,))
    output_size(min(m.shape[-2:]), window, stride)
    rows, cols = (output_size(n, window, stride) for n in m.shape[-2:])
    blocks = m[..., :rows * window, :cols * window].reshape(
        m.shape[:-2] + (rows, window, cols, window))
    return np.swapaxes(blocks, -3, -2).reshape(m.shape[:-2] + (rows, cols, window * window))


def max_pool(feature_map, window: int = 2, stride: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Each window's largest value, and where it came from.

    Returns (pooled (..., rows, cols), where (..., rows, cols, 2)): ``where`` holds the
    (row, column) in the feature map of each kept value (the first one when several tie).
    """
    flat = _window_values(feature_map, window, stride)
    pick = np.argmax(flat, axis=-1)
    pooled = np.take_along_axis(flat, pick[..., None], axis=-1)[..., 0]
    rows, cols = pooled.shape[-2:]
    r = (np.arange(rows) * stride)[:, None] + pick // window
    c = (np.arange(cols) * stride)[None, :] + pick % window
    return pooled, np.stack([r, c], axis=-1).astype(np.int64)


def mean_pool(feature_map, window: int = 2, stride: int = 2) -> np.ndarray:
    """Each window's average value."""
    return windows(feature_map, window, stride).mean(axis=(-2, -1))


def pool(feature_map, kind: str = "max", window: int = 2, stride: int = 2) -> np.ndarray:
    """Max or mean pooling by name (the values only)."""
    if kind == "max":
        return max_pool(feature_map, window, stride)[0]
    if kind == "mean":
        return mean_pool(feature_map, window, stride)
    raise SettingError(f"unknown pooling {kind!r}; choose one of: {', '.join(POOLS)}")


def pool_backward(grad_pooled, shape, kind: str = "max", where=None, window: int = 2,
                  stride: int = 2) -> np.ndarray:
    """dLoss/dfeature map from dLoss/dpooled.

    Max pooling sends each window's gradient to the cell its maximum came from
    (``where`` from :func:`max_pool`) and 0 to the others; mean pooling gives every cell
    of the window gradient / (window x window). ``shape`` is the feature map's (rows, cols).
    """
    g = np.asarray(grad_pooled, dtype=float)
    out = np.zeros(g.shape[:-2] + tuple(shape))
    if kind == "max":
        w = np.asarray(where)
        if stride < window:  # overlapping windows may share a maximum: add each share
            lead = np.indices(g.shape[:-2] + g.shape[-2:])[:-2]
            np.add.at(out, (*lead, w[..., 0], w[..., 1]), g)
            return out
        cells = (w[..., 0] * shape[1] + w[..., 1]).reshape(g.shape[:-2] + (-1,))
        flat = out.reshape(g.shape[:-2] + (-1,))
        # + 0.0: the same bits as adding into the zeros (a -0.0 gradient becomes 0.0)
        np.put_along_axis(flat, cells, g.reshape(cells.shape) + 0.0, axis=-1)
        return flat.reshape(out.shape)
    if kind == "mean":
        share = g / (window * window)
        rows, cols = g.shape[-2:]
        for i in range(rows):
            for j in range(cols):
                out[..., i * stride:i * stride + window, j * stride:j * stride + window] += share[..., i, j, None, None]
        return out
    raise SettingError(f"unknown pooling {kind!r}; choose one of: {', '.join(POOLS)}")


def shift(image, rows: int = 0, cols: int = 0) -> np.ndarray:
    """The image moved by whole pixels (down and right for positive values); pixels that
    move out are lost and the uncovered edge is 0 (blank)."""
    img = np.asarray(image, dtype=float)
    out = np.zeros_like(img)
    h, w = img.shape[-2:]
    if abs(rows) >= h or abs(cols) >= w:
        return out
    src_r = slice(max(0, -rows), h - max(0, rows))
    dst_r = slice(max(0, rows), h - max(0, -rows))
    src_c = slice(max(0, -cols), w - max(0, cols))
    dst_c = slice(max(0, cols), w - max(0, -cols))
    out[..., dst_r, dst_c] = img[..., src_r, src_c]
    return out
