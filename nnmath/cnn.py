"""A small convolutional network: one filter, ReLU, pooling, flatten, a dense head, SoftMax.

For each image (size x size)::

    feature map   Z = image (x) filter + bias     cross-correlation, "valid" size
    after ReLU    R = max(0, Z)
    pooled        P = max (or mean) of each pooling window of R
    flattened     p = P row by row                  the dense head's inputs p1, p2, ...
    head          raw = dense(p), outputs = SoftMax(raw), one per class (O, X)

Backpropagation runs the same way back: the head gives delta2 and delta1 (see
:mod:`nnmath.dense`), then::

    dLoss/dp      = delta1 W1                        (flattened)
    dLoss/dP      = the same, unflattened
    dLoss/dR      = routed back through the pooling (to each window's maximum)
    dLoss/dZ      = dLoss/dR * ReLU'(Z)
    dLoss/dfilter = sum over cells of dLoss/dZ x the pixels under the filter
    dLoss/dbias   = sum over cells of dLoss/dZ

Parameters: the filter ``f11`` .. ``fkk`` (row, column), its bias ``b[filter]``, then the
head's weights and biases named as in :class:`nnmath.dense.DenseNetwork` (``w[p1->h1]``,
``b[h1]``, ``w[h1->X]``, ``b[X]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, NamedTuple, Sequence

import numpy as np

from .activations import Activation, get_activation
from .arrays import frozen
from .conv import (POOLS, correlate, correlate_filter_grad, max_pool, mean_pool, output_size,
                   pool_backward, products)
from .dense import DenseChain, DenseForward, DenseNetwork, classifier_published
from .errors import DataError, SettingError, UnknownNameError
from .model import Layout, Model
from .validate import MAX_POINTS, as_number

__all__ = ["ConvNetwork", "ConvForward", "ConvChain", "MAX_IMAGE_SIZE", "weight_counts"]

#: largest image side the network accepts (a 28 x 28 digit fits)
MAX_IMAGE_SIZE = 64


@dataclass(frozen=True, eq=False)
class ConvForward:
    """Every value of a forward pass, one entry per image (read-only arrays).

    ``where[n, u, v]`` is the (row, column) in the feature map of pooled value (u, v)
    (for max pooling; -1 for mean pooling). ``head`` is the dense head's forward pass:
    its ``raw`` and ``outputs`` (SoftMax) are the network's.
    """

    images: np.ndarray
    feature_map: np.ndarray
    rectified: np.ndarray
    pooled: np.ndarray
    where: np.ndarray
    flattened: np.ndarray
    head: DenseForward

    names = ("images", "feature_map", "rectified", "pooled", "where", "flattened",
             "hidden_sums", "hidden", "raw", "outputs", "choice")

    @property
    def raw(self) -> np.ndarray:
        return self.head.raw

    @property
    def outputs(self) -> np.ndarray:
        return self.head.outputs

    @property
    def choice(self) -> np.ndarray:
        return self.head.choice

    def as_dict(self) -> dict[str, np.ndarray]:
        """{name: values}, in the order the network computes them."""
        own = {n: getattr(self, n) for n in self.names[:6]}
        return {**own, **{n: getattr(self.head, n) for n in self.names[6:]}}


@dataclass(frozen=True, eq=False)
class ConvChain:
    """Loss, every gradient and every backward value at one set of parameters.

    ``head`` is the dense head's chain (delta2, delta1); then, per image, the gradient
    with respect to the flattened inputs, the pooled map, the map after ReLU and the
    feature map before it (``d_feature``, the one the filter's gradient is made from).
    """

    param_names: tuple[str, ...]
    forward: ConvForward
    head: DenseChain
    d_flattened: np.ndarray
    d_pooled: np.ndarray
    d_rectified: np.ndarray
    d_feature: np.ndarray
    gradients: np.ndarray

    @property
    def predictions(self) -> np.ndarray:
        return self.head.predictions

    @property
    def row_losses(self) -> np.ndarray:
        return self.head.row_losses

    @property
    def loss(self) -> float:
        return self.head.loss

    @property
    def delta2(self) -> np.ndarray:
        return self.head.delta2

    @property
    def delta1(self) -> np.ndarray:
        return self.head.delta1

    def gradient(self, name: str) -> float:
        """dLoss/d``name``."""
        return float(self.gradients[self.param_names.index(name)])

    def as_dict(self) -> dict[str, float]:
        """Gradients as {parameter name: value}."""
        return {n: float(g) for n, g in zip(self.param_names, self.gradients)}


class ConvNetwork(Model):
    """image -> filter + bias -> ReLU -> pooling -> flatten -> dense head -> SoftMax."""

    kind = "cnn"
    loss_name = "cross entropy"

    def __init__(self, image_size: int = 6, filter_size: int = 3, pool: str = "max",
                 pool_size: int = 2, hidden: Sequence[str] | int = ("h1", "h2"),
                 outputs: Sequence[str] = ("O", "X"), activation: str = "relu"):
        """image_size: side of the square images (6 for X and O); filter_size: side of the
        filter (3); pool: "max" or "mean"; pool_size: side of the non-overlapping pooling
        windows (2); hidden: the dense head's hidden nodes (names, or how many); outputs:
        the class names; activation: the head's hidden activation."""
        self.image_size = _size(image_size, "the image size", MAX_IMAGE_SIZE)
        self.filter_size = _size(filter_size, "the filter size", self.image_size)
        if pool not in POOLS:
            raise UnknownNameError(f"unknown pooling {pool!r}; choose one of: {', '.join(POOLS)}")
        self.pool = pool
        self.map_size = output_size(self.image_size, self.filter_size)
        self.pool_size = _size(pool_size, "the pooling window", self.map_size)
        self.pooled_size = output_size(self.map_size, self.pool_size, self.pool_size)
        flat = self.pooled_size ** 2
        self.head = DenseNetwork(inputs=[f"p{i + 1}" for i in range(flat)], hidden=hidden,
                                 outputs=outputs, activation=activation, output="softmax",
                                 loss="cross-entropy")
        self.output_labels = self.head.output_labels
        k = self.filter_size
        self.filter_names = tuple(f"f{r + 1}{c + 1}" for r in range(k) for c in range(k))
        self.param_names = self.filter_names + ("b[filter]",) + self.head.param_names
        self.weight_names = self.filter_names + self.head.weight_names

    def settings(self) -> dict:
        head = self.head.settings()
        return {"image_size": self.image_size, "filter_size": self.filter_size,
                "pool": self.pool, "pool_size": self.pool_size, "hidden": head["hidden"],
                "outputs": head["outputs"], "activation": head["activation"]}

    def layout(self) -> Layout:
        """The filter as one node fed by the image (its values are the weights), then the
        pooled values p1, p2, ... as the dense head's inputs."""
        head = self.head.layout()
        weights = {f: ("image", "filter") for f in self.filter_names}
        weights.update(head.weights)
        return Layout((("image",), ("filter",)) + head.layers, weights,
                      {"b[filter]": "filter", **head.biases})

    def activations(self) -> Mapping[str, Activation]:
        """ReLU on the feature map, then the head's hidden activation (SoftMax outputs)."""
        return {"feature map": get_activation("relu"), **self.head.activations()}

    def published(self, trace) -> dict[str, Any]:
        """The head's values (see :func:`nnmath.dense.classifier_published`) and the
        gradients at the pooled map and at the feature map."""
        return classifier_published(trace, ("d_pooled", "d_feature"))

    # --- parameters ------------------------------------------------------------------
    def split(self, params) -> tuple[np.ndarray, float, np.ndarray]:
        """(filter (k, k), filter bias, head parameter vector)."""
        v = self.vector(params)
        n = len(self.filter_names)
        return v[:n].reshape(self.filter_size, self.filter_size), float(v[n]), v[n + 1:]

    # --- data ------------------------------------------------------------------------
    def check_data(self, inputs, outputs) -> tuple[np.ndarray, np.ndarray]:
        """Images (n, size, size) of numbers, and their classes (names or indices; an
        empty list for a forward pass without observed classes)."""
        images = self.check_images(inputs)
        if outputs is None or (not isinstance(outputs, str) and len(outputs) == 0):
            return images, np.empty(0)
        if isinstance(outputs, str):
            raise DataError(f"the classes must be a list, not the text {outputs!r}")
        if len(outputs) != len(images):
            raise DataError(f"there are {len(images)} images but {len(outputs)} classes; "
                            "give one class for every image")
        return images, np.array([self.head._class_index(v, r) for r, v in enumerate(outputs, 1)],
                                dtype=float)

    def check_images(self, inputs) -> np.ndarray:
        """Images as an (n, size, size) float array, checked pixel by pixel."""
        if isinstance(inputs, (str, bytes)):
            raise DataError(f"the images must be grids of numbers, not the text {inputs!r}")
        images = list(inputs)
        if not images:
            raise DataError("there are no images; give at least one")
        if len(images) > MAX_POINTS:
            raise DataError(f"there are {len(images)} images; the limit is {MAX_POINTS}")
        s = self.image_size
        checked = []
        for n, image in enumerate(images, 1):
            grid = np.asarray(image, dtype=object)
            if grid.shape != (s, s):
                raise DataError(f"image {n} is {'x'.join(map(str, grid.shape)) or 'a single value'}; "
                                f"this network takes {s}x{s} images")
            checked.append([[as_number(v, f"image {n}, row {r + 1}") for v in row]
                            for r, row in enumerate(grid)])
        return np.array(checked, dtype=float)

    # --- forward and backward --------------------------------------------------------
    def _features(self, kernel, bias, images) -> tuple[np.ndarray, ...]:
        """(feature map, after ReLU, pooled, where) of images (..., size, size)."""
        z = correlate(images, kernel, bias)
        r = np.maximum(z, 0.0)
        if self.pool == "max":
            pooled, where = max_pool(r, self.pool_size, self.pool_size)
        else:
            pooled = mean_pool(r, self.pool_size, self.pool_size)
            where = np.full(pooled.shape + (2,), -1, dtype=np.int64)
        return z, r, pooled, where

    def forward(self, params, inputs) -> ConvForward:
        """Every value of the forward pass for images shaped (..., size, size)."""
        kernel, bias, head = self.split(params)
        images = np.asarray(inputs, dtype=float)
        if images.shape[-2:] != (self.image_size,) * 2:
            raise DataError(f"each image must be {self.image_size}x{self.image_size}")
        z, r, pooled, where = self._features(kernel, bias, images)
        flat = pooled.reshape(pooled.shape[:-2] + (-1,))
        return _frozen_forward(images, z, r, pooled, where, flat, self.head.forward(head, flat))

    def predict(self, params, inputs) -> np.ndarray:
        """The class probabilities (SoftMax outputs)."""
        return self.forward(params, inputs).outputs

    def _pass(self, theta, inputs, outputs) -> _Pass:
        """The forward pass and backpropagation over images with observed classes: every
        value both :meth:`chain` and :meth:`loss_grad` report, computed once, with
        :mod:`nnmath.conv`'s operations and their backward passes."""
        t = np.asarray(theta, dtype=float)
        n, k, s = len(self.filter_names), self.filter_size, self.pool_size
        images = np.asarray(inputs, dtype=float)
        z, r, pooled, where = self._features(t[:n].reshape(k, k), t[n], images)
        flat = pooled.reshape(pooled.shape[:-2] + (-1,))
        head = self.head._pass(t[n + 1:], flat, outputs)
        d_flat = head.d1 @ head.w1
        d_pooled = d_flat.reshape(pooled.shape)
        d_rect = pool_backward(d_pooled, r.shape[-2:], self.pool, where, s, s)
        d_z = d_rect * (z > 0)
        d_filter = correlate_filter_grad(images, d_z, k)
        grads = np.concatenate([d_filter.ravel(), [d_z.sum()], head.terms.sum(axis=0)])
        return _Pass(images, z, r, pooled, where, flat, head, d_flat, d_pooled, d_rect, d_z, grads)

    def chain(self, params, inputs, outputs) -> ConvChain:
        """Loss, every backward value and the gradient of every parameter (NaN without
        observed classes)."""
        if np.asarray(outputs).size == 0:
            fw = self.forward(params, inputs)
            nan = np.full(len(self.param_names), np.nan)
            head = self.head.chain(self.split(params)[2], fw.flattened, outputs)
            blank = {name: frozen(np.full(getattr(fw, shape).shape, np.nan)) for name, shape in
                     (("d_flattened", "flattened"), ("d_pooled", "pooled"),
                      ("d_rectified", "rectified"), ("d_feature", "feature_map"))}
            return ConvChain(param_names=self.param_names, forward=fw, head=head,
                             gradients=frozen(nan), **blank)
        run = self._pass(self.vector(params), inputs, outputs)
        head = self.head.chain_of(run.head)
        fw = _frozen_forward(run.images, run.z, run.r, run.pooled, run.where, run.flat, head.forward)
        return ConvChain(param_names=self.param_names, forward=fw, head=head,
                         d_flattened=frozen(run.d_flat), d_pooled=frozen(run.d_pooled),
                         d_rectified=frozen(run.d_rect), d_feature=frozen(run.d_z),
                         gradients=frozen(run.gradients))

    def loss_grad(self, theta, inputs, outputs):
        """Loss, class probabilities and every gradient of :meth:`chain`, nothing kept."""
        run = self._pass(theta, inputs, outputs)
        return float(np.sum(run.head.rows)), run.head.p, run.gradients

    def cell_story(self, params, image, row: int, col: int) -> dict[str, np.ndarray | float]:
        """How feature-map cell (row, col) of one image is made, for writing it out: the
        pixels under the filter, the filter, their products, the products' sum, the bias
        and the cell's value (sum + bias)."""
        kernel, bias, _ = self.split(params)
        img = np.asarray(image, dtype=float)
        k = self.filter_size
        pixels = img[row:row + k, col:col + k]
        prods = products(img, kernel, row, col)
        total = float(prods.sum())
        return {"pixels": frozen(pixels), "filter": frozen(kernel), "products": frozen(prods),
                "sum": total, "bias": bias, "value": total + bias}

    def loss_table(self, table, inputs, outputs) -> np.ndarray:
        """Cross entropy over all the images for each row of a parameter table."""
        rows = np.atleast_2d(np.asarray(table, dtype=float))
        return np.array([self.chain(row, inputs, outputs).loss for row in rows])


class _Pass(NamedTuple):
    """One forward and backward pass over images: every value computed."""

    images: np.ndarray
    z: np.ndarray
    r: np.ndarray
    pooled: np.ndarray
    where: np.ndarray
    flat: np.ndarray
    head: Any  # the dense head's pass
    d_flat: np.ndarray
    d_pooled: np.ndarray
    d_rect: np.ndarray
    d_z: np.ndarray
    gradients: np.ndarray


def _frozen_forward(images, z, r, pooled, where, flat, head: DenseForward) -> ConvForward:
    return ConvForward(images=frozen(images), feature_map=frozen(z), rectified=frozen(r),
                       pooled=frozen(pooled), where=frozen(where, dtype=np.int64),
                       flattened=frozen(flat), head=head)


def weight_counts(image_size: int, filter_size: int = 3) -> dict[str, int]:
    """Why a filter: an image fed straight into a dense layer needs one weight per pixel
    for every hidden node; a filter needs its k x k weights and one bias, whatever the
    image's size. {"pixels", "dense_per_node", "filter_weights", "filter_total"}."""
    s = int(image_size)
    k = int(filter_size)
    return {"pixels": s * s, "dense_per_node": s * s, "filter_weights": k * k,
            "filter_total": k * k + 1}


def _size(value, what: str, largest: int) -> int:
    number = as_number(value, what)
    if number != int(number) or not 1 <= number <= largest:
        raise SettingError(f"{what} is {value!r}; give a whole number from 1 to {largest}")
    return int(number)
