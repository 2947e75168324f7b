"""What a convolutional network's training run looks like at chosen steps, for drawing it.

:func:`conv_frames` takes a trace of a :class:`nnmath.cnn.ConvNetwork` and a list of its
steps, and returns at each of those steps::

    filters        (S, k, k)         the filter's values
    biases         (S,)              the filter's bias
    raw_maps       (S, n, m, m)      each image's feature map before ReLU
    feature_maps   (S, n, m, m)      each image's feature map after ReLU
    pooled         (S, n, p, p)      each image's pooled values
    probabilities  (S, n, C)         each image's SoftMax output, one per class
    choices        (S, n)            the winning class of each image
    correct        (S, n)            whether it is the image's own class
    loss           (S,)              the cross entropy over all the images

Step ``trace.n_steps`` means the parameters after the last step. Every step goes through
the network in one vectorised pass (the filters as a table, the head's weights as a table),
with the same operations as :meth:`ConvNetwork.forward`.

:func:`cell_sum` spells out one feature-map cell: the pixels under the filter, the filter's
values, their products and the bias, which add up to the cell's value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .arrays import readonly
from .cnn import ConvNetwork
from .conv import correlate, max_pool, mean_pool, products
from .errors import DataError, SettingError
from .softmax import softmax

__all__ = ["ConvFrames", "conv_frames", "CellSum", "cell_sum"]


@dataclass(frozen=True, eq=False)
class ConvFrames:
    """A convolutional network's values at chosen steps of a run (read-only arrays; the
    module docstring gives the shapes). ``labels`` are the images' own classes (indices
    into ``class_names``)."""

    steps: np.ndarray
    filters: np.ndarray
    biases: np.ndarray
    raw_maps: np.ndarray
    feature_maps: np.ndarray
    pooled: np.ndarray
    probabilities: np.ndarray
    choices: np.ndarray
    correct: np.ndarray
    loss: np.ndarray
    labels: np.ndarray
    class_names: tuple[str, ...]

    @property
    def n_images(self) -> int:
        return int(self.labels.shape[0])

    def right(self, i: int = -1) -> int:
        """How many images come out as their own class at the ``i``-th chosen step."""
        return int(np.sum(self.correct[i]))


def conv_frames(trace, steps: Sequence[int] | None = None) -> ConvFrames:
    """The filter, bias, feature maps (before and after ReLU), pooled values, probabilities and
    loss of ``trace`` at each of ``steps`` (default: every step and the final parameters)."""
    model = trace.model()
    if not isinstance(model, ConvNetwork):
        raise DataError(f"this trace is of a {trace.kind} network; the images video needs a "
                        "convolutional network's trace")
    picked = _check_steps(steps, trace.n_steps)
    table = np.vstack([trace.params, trace.final_params[None, :]])[picked]
    n_filter, k = len(model.filter_names), model.filter_size
    filters = table[:, :n_filter].reshape(-1, k, k)
    biases = table[:, n_filter]
    images = np.asarray(trace.inputs, dtype=float)
    before = correlate(images, filters, biases)  # (S, n, m, m)
    maps = np.maximum(before, 0.0)
    if model.pool == "max":
        pooled = max_pool(maps, model.pool_size, model.pool_size)[0]
    else:
        pooled = mean_pool(maps, model.pool_size, model.pool_size)
    flat = pooled.reshape(pooled.shape[:2] + (-1,))  # (S, n, p*p)
    w1, b1, w2, b2 = model.head.layers_table(table[:, n_filter + 1:])
    hidden = model.head.activation(np.einsum("snp,shp->snh", flat, w1) + b1[:, None, :])
    raw = np.einsum("snh,soh->sno", hidden, w2) + b2[:, None, :]
    probs = softmax(raw)
    labels = np.asarray(trace.outputs, dtype=int)
    choices = np.argmax(probs, axis=-1)
    losses = np.append(trace.loss, trace.final_loss)[picked]
    return ConvFrames(steps=readonly(picked), filters=readonly(filters.copy()),
                      biases=readonly(biases.copy()), raw_maps=readonly(before), feature_maps=readonly(maps),
                      pooled=readonly(np.ascontiguousarray(pooled)), probabilities=readonly(probs),
                      choices=readonly(choices), correct=readonly(choices == labels[None, :]),
                      loss=readonly(losses.copy()), labels=readonly(labels.copy()),
                      class_names=tuple(model.output_labels))


@dataclass(frozen=True, eq=False)
class CellSum:
    """One feature-map cell spelled out: the ``pixels`` under the filter (k, k), the
    filter's ``weights`` (k, k), their ``products`` (k, k), the ``bias`` and the cell's
    ``value`` (the products' sum plus the bias, before ReLU)."""

    pixels: np.ndarray
    weights: np.ndarray
    products: np.ndarray
    bias: float
    value: float

    def places(self, fewest: int = 2, most: int = 6) -> int:
        """The fewest decimal places (from ``fewest``) at which the rounded products and the
        rounded bias add up to the rounded value, so a sum written with them is right as
        written (``most`` if none does)."""
        for p in range(fewest, most + 1):
            terms = np.append(np.round(self.products.ravel(), p), round(self.bias, p))
            if round(float(np.sum(terms)), p) == round(self.value, p):
                return p
        return most


def cell_sum(trace, step: int, image: int, row: int = 0, col: int = 0) -> CellSum:
    """Feature-map cell (``row``, ``col``) of image ``image`` at ``step`` (``trace.n_steps``:
    the final parameters), as the products and the bias that add up to it."""
    frames = conv_frames(trace, [step])
    n = frames.n_images
    if not 0 <= image < n:
        raise SettingError(f"image {image} is out of range; this run has images 0 to {n - 1}")
    size = frames.raw_maps.shape[-1]
    if not (0 <= row < size and 0 <= col < size):
        raise SettingError(f"cell ({row}, {col}) is out of range; the feature map is {size} by {size}")
    weights = frames.filters[0]
    k = weights.shape[-1]
    pixels = np.asarray(trace.inputs[image], dtype=float)[row:row + k, col:col + k]
    return CellSum(pixels=readonly(pixels.copy()), weights=readonly(weights.copy()),
                   products=readonly(products(trace.inputs[image], weights, row, col)),
                   bias=float(frames.biases[0]), value=float(frames.raw_maps[0, image, row, col]))


def _check_steps(steps, n_steps: int) -> np.ndarray:
    """The chosen steps as an int array, each from 0 to ``n_steps``."""
    if steps is None:
        return np.arange(n_steps + 1)
    picked = np.asarray(steps)
    if picked.ndim != 1 or picked.size == 0:
        raise SettingError("give the steps as a non-empty list of whole numbers")
    if picked.dtype.kind not in "iuf" or (picked.dtype.kind == "f" and not np.all(np.mod(picked, 1) == 0)):
        raise SettingError("the steps must be whole numbers")
    picked = picked.astype(int)
    bad = picked[(picked < 0) | (picked > n_steps)]
    if bad.size:
        raise SettingError(f"step {int(bad[0])} is out of range; this run has steps 0 to {n_steps}")
    return picked
