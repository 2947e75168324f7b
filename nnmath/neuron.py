"""One neuron and the perceptron: the numbers of the lecture's opening chapter.

A neuron is a number, its activation::

    weighted sum  s = w1 x1 + w2 x2 + ... + wn xn
    total         z = s + b                       (b: the bias)
    activation    a = f(z)                        (sigmoid, ReLU, softplus, ...)

The perceptron is the same neuron with a step as f: it outputs 1 when z > 0, else 0.
Its bias is minus its threshold: the neuron fires when the weighted sum is above the
threshold -b. ``SURFING`` is the "go surfing?" perceptron of the lecture (waves good,
line-up empty, no recent shark attack; weights 5, 2, 4; threshold 3, i.e. bias -3), and
:func:`surfing_what_ifs` what happens when a weight or the threshold changes.

Every result is a frozen dataclass holding read-only arrays; nothing here imports manim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from . import reference as ref
from .activations import get_activation
from .arrays import frozen
from .errors import DataError, UnknownNameError
from .validate import as_number

__all__ = [
    "step", "step_grad", "Neuron", "neuron", "NeuronCurve", "neuron_curve",
    "Perceptron", "perceptron", "what_if", "WhatIf", "PerceptronSweep", "sweep",
    "SURFING", "SURFING_NAMES", "surfing_what_ifs",
]


def step(x):
    """step(x) = 1 where x > 0, else 0 (the perceptron's activation)."""
    return np.where(np.asarray(x, dtype=float) > 0.0, 1.0, 0.0)


def step_grad(x):
    """d step / dx = 0 wherever it is defined (every x but 0; 0 is used there too):
    the reason a perceptron cannot be trained by gradient descent."""
    return np.zeros_like(np.asarray(x, dtype=float))


def _vector(values, what: str) -> np.ndarray:
    if isinstance(values, (str, bytes)):
        raise DataError(f"the {what} must be a list of numbers, not the text {values!r}")
    try:
        items = list(np.ravel(values)) if isinstance(values, np.ndarray) else list(values)
    except TypeError:
        raise DataError(f"the {what} must be a list of numbers, got {values!r}") from None
    if not items:
        raise DataError(f"there are no {what}; give at least one")
    return np.array([as_number(v, f"{what[:-1]} {k}") for k, v in enumerate(items, 1)])


def _pair(inputs, weights) -> tuple[np.ndarray, np.ndarray]:
    x, w = _vector(inputs, "inputs"), _vector(weights, "weights")
    if x.shape != w.shape:
        raise DataError(f"there are {x.size} inputs but {w.size} weights; give one weight per input")
    return x, w


@dataclass(frozen=True, eq=False)
class Neuron:
    """One neuron's numbers: ``products`` (w_i x_i), ``weighted_sum`` (their sum s),
    ``total`` (s + b), ``value`` (f(s + b), the neuron's activation) and ``slope``
    (f'(s + b), its derivative, beside the value)."""

    activation: str
    inputs: np.ndarray
    weights: np.ndarray
    bias: float
    products: np.ndarray
    weighted_sum: float
    total: float
    value: float
    slope: float


def neuron(inputs: Sequence[float], weights: Sequence[float], bias: float,
           activation: str = "sigmoid") -> Neuron:
    """a = f(w1 x1 + ... + wn xn + b) with every intermediate kept."""
    x, w = _pair(inputs, weights)
    b = as_number(bias, "the bias")
    act = get_activation(activation)
    products = w * x
    s = float(products.sum())
    z = s + b
    return Neuron(act.name, frozen(x), frozen(w), b, frozen(products), s, z,
                  float(act.value(z)), float(act.grad(z)))


@dataclass(frozen=True, eq=False)
class NeuronCurve:
    """A neuron's activation against its weighted sum s, for many s at once.

    ``values`` = f(s + b) and ``slopes`` = f'(s + b); ``threshold`` = -b: the weighted
    sum at which the total s + b crosses 0 (where ReLU starts to rise and sigmoid is 0.5).
    """

    activation: str
    bias: float
    sums: np.ndarray
    totals: np.ndarray
    values: np.ndarray
    slopes: np.ndarray

    @property
    def threshold(self) -> float:
        return -self.bias


def neuron_curve(sums, bias: float, activation: str = "relu") -> NeuronCurve:
    """f(s + b) and f'(s + b) over the weighted sums ``sums``, in one vectorised call."""
    s = np.asarray(sums, dtype=float)
    b = as_number(bias, "the bias")
    act = get_activation(activation)
    z = s + b
    return NeuronCurve(act.name, b, frozen(s), frozen(z), frozen(act.value(z)), frozen(act.grad(z)))


@dataclass(frozen=True, eq=False)
class Perceptron:
    """A perceptron's decision: ``products`` (w_i x_i), ``weighted_sum`` (s), ``total``
    (s + b) and ``output`` (step(s + b): 1 = yes, 0 = no). ``threshold`` is -b."""

    names: tuple[str, ...]
    inputs: np.ndarray
    weights: np.ndarray
    bias: float
    products: np.ndarray
    weighted_sum: float
    total: float
    output: int

    @property
    def threshold(self) -> float:
        return -self.bias

    @property
    def margin(self) -> float:
        """How far the weighted sum is above the threshold (the total s + b)."""
        return self.total


def perceptron(inputs: Sequence[float] | np.ndarray, weights: Sequence[float] | np.ndarray, bias: float,
               names: Sequence[str] | None = None) -> Perceptron:
    """output = 1 if w1 x1 + ... + wn xn + b > 0 else 0, with every intermediate kept."""
    x, w = _pair(inputs, weights)
    b = as_number(bias, "the bias")
    labels = tuple(names) if names is not None else tuple(f"x{k}" for k in range(1, x.size + 1))
    if len(labels) != x.size:
        raise DataError(f"there are {x.size} inputs but {len(labels)} names")
    products = w * x
    s = float(products.sum())
    z = s + b
    return Perceptron(labels, frozen(x), frozen(w), b, frozen(products), s, z, int(step(z)))


def what_if(p: Perceptron, weights: dict[str, float] | None = None,
            threshold: float | None = None) -> Perceptron:
    """``p`` with some weights changed (by name: "w1", "w2", ... ) and/or a new threshold."""
    w = np.array(p.weights, dtype=float)
    for name, value in (weights or {}).items():
        k = _weight_index(name, w.size)
        w[k] = as_number(value, f"the new {name}")
    bias = p.bias if threshold is None else -as_number(threshold, "the threshold")
    return perceptron(p.inputs, w, bias, p.names)


def _weight_index(name: str, n: int) -> int:
    if isinstance(name, str) and name[:1] == "w" and name[1:].isdigit() and 1 <= int(name[1:]) <= n:
        return int(name[1:]) - 1
    raise UnknownNameError(f"unknown weight {name!r}; choose one of: "
                           f"{', '.join(f'w{k}' for k in range(1, n + 1))}")


@dataclass(frozen=True)
class WhatIf:
    """One change to a perceptron: what changed (``changed``: "threshold", "w1", ...),
    its value before and after, the perceptron before and after, and whether the
    decision flipped."""

    changed: str
    old: float
    new: float
    before: Perceptron
    after: Perceptron

    @property
    def flipped(self) -> bool:
        return self.before.output != self.after.output


def _change(p: Perceptron, changed: str, new: float) -> WhatIf:
    if changed == "threshold":
        return WhatIf(changed, p.threshold, float(new), p, what_if(p, threshold=new))
    k = _weight_index(changed, p.weights.size)
    return WhatIf(changed, float(p.weights[k]), float(new), p, what_if(p, weights={changed: new}))


@dataclass(frozen=True, eq=False)
class PerceptronSweep:
    """The decision as one weight (or the threshold) takes each of ``values``, all else
    fixed: ``totals`` (s + b) and ``outputs`` per value. ``flip_at`` is the value at
    which the decision changes, or None when it never can (a weight on an input of 0)."""

    changed: str
    values: np.ndarray
    totals: np.ndarray
    outputs: np.ndarray
    flip_at: float | None


def sweep(p: Perceptron, changed: str, values) -> PerceptronSweep:
    """Vectorised: the total and decision of ``p`` for every value of ``changed``.

    The threshold flips the decision where it equals the weighted sum; weight k flips it
    where w_k x_k = -(the rest of the total), i.e. at w_k = (x_k w_k - total) / x_k.
    """
    v = np.asarray(values, dtype=float)
    flip: float | None
    if changed == "threshold":
        totals = p.weighted_sum - v
        flip = p.weighted_sum
    else:
        k = _weight_index(changed, p.weights.size)
        rest = p.total - p.products[k]
        totals = rest + v * p.inputs[k]
        flip = None if p.inputs[k] == 0 else float(-rest / p.inputs[k])
    return PerceptronSweep(changed, frozen(v), frozen(totals), frozen(step(totals)), flip)


#: the "go surfing?" inputs, in order (see :mod:`nnmath.reference`)
SURFING_NAMES = ("waves good", "line-up empty", "no recent shark attack")
#: the "go surfing?" perceptron: x = 1, 0, 1; w = 5, 2, 4; threshold 3 (bias -3)
SURFING = perceptron(ref.SURFING_INPUTS, ref.SURFING_WEIGHTS, ref.SURFING_BIAS, SURFING_NAMES)
#: the changes the lecture tries, in order: a pickier surfer (threshold 10); with that
#: threshold, waves that matter more (w1 = 7); a bigger weight on an input that is 0
_WHAT_IFS = (("threshold", 10.0), ("w1", 7.0), ("w2", 8.0))


def surfing_what_ifs() -> tuple[WhatIf, ...]:
    """The lecture's what-ifs on ``SURFING``: the threshold raised from 3 to 10 (the
    surfer stays home), then, with that threshold, w1 raised to 7 (she goes again), and
    w2 raised to 8 (nothing changes: the line-up is not empty, x2 = 0)."""
    pickier = _change(SURFING, *_WHAT_IFS[0])
    return (pickier, _change(pickier.after, *_WHAT_IFS[1]), _change(pickier.after, *_WHAT_IFS[2]))
