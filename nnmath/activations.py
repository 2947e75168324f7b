"""Activation functions, each with its derivative beside it.

Every function takes a numpy array (or a number) and works element-wise, so a whole curve
is one call. ``ACTIVATIONS`` maps the names used everywhere else (presets, command line,
traces) to :class:`Activation` pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .errors import UnknownNameError

__all__ = [
    "Activation",
    "ACTIVATIONS",
    "get_activation",
    "softplus",
    "softplus_grad",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "identity",
    "identity_grad",
]


def softplus(x):
    """softplus(x) = log(1 + e^x), computed without overflow for large |x|."""
    return np.logaddexp(0.0, x)


def softplus_grad(x):
    """d softplus / dx = e^x / (1 + e^x) = sigmoid(x)."""
    return sigmoid(x)


def relu(x):
    """ReLU(x) = max(0, x)."""
    return np.maximum(0.0, x)


def relu_grad(x):
    """d ReLU / dx = 1 where x > 0, else 0 (the value 0 is used at the kink x = 0)."""
    return np.where(np.asarray(x) > 0.0, 1.0, 0.0)


def sigmoid(x):
    """sigmoid(x) = 1 / (1 + e^-x) = e^x / (1 + e^x), without overflow for large |x|."""
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


def sigmoid_grad(x):
    """d sigmoid / dx = sigmoid(x) * (1 - sigmoid(x))."""
    s = sigmoid(x)
    return s * (1.0 - s)


def identity(x):
    """identity(x) = x (no activation)."""
    return np.asarray(x, dtype=float) * 1.0


def identity_grad(x):
    """d identity / dx = 1."""
    return np.ones_like(np.asarray(x, dtype=float))


@dataclass(frozen=True)
class Activation:
    """An activation function and its derivative, under the name used in traces, with its
    formula in plain text (``formula``) and in TeX: ``tex_name`` is how its name is
    written, ``tex`` its right-hand side with ``#`` standing for the argument."""

    name: str
    value: Callable
    grad: Callable
    formula: str
    tex_name: str = ""
    tex: str = "#"

    def __call__(self, x):
        return self.value(x)

    def tex_of(self, argument: str = "x") -> str:
        """The formula in TeX applied to ``argument`` (TeX too): log(1 + e^{2.14}), ..."""
        return self.tex.replace("#", argument)

    def tex_definition(self, argument: str = "x") -> str:
        """name(x) = formula, in TeX: \\text{ReLU}(x) = \\max(0,\\ x)."""
        return f"{self.tex_name}({argument}) = {self.tex_of(argument)}"


ACTIVATIONS: dict[str, Activation] = {
    "softplus": Activation("softplus", softplus, softplus_grad, "log(1 + e^x)",
                           r"\text{softplus}", r"\log(1 + e^{#})"),
    "relu": Activation("relu", relu, relu_grad, "max(0, x)", r"\text{ReLU}", r"\max(0,\ #)"),
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_grad, "1 / (1 + e^-x)",
                          r"\text{sigmoid}", r"\frac{1}{1 + e^{-#}}"),
    "identity": Activation("identity", identity, identity_grad, "x", r"\text{identity}", "#"),
}


def get_activation(name: str) -> Activation:
    """Look up an activation by name; unknown names raise with the list of known ones."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        known = ", ".join(sorted(ACTIVATIONS))
        raise UnknownNameError(f"unknown activation {name!r}; choose one of: {known}") from None
