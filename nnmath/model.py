"""The declared interface every network kind implements, and what all kinds share.

A model is a :class:`Model` subclass with a ``kind`` name; defining the subclass registers
the kind (see :func:`nnmath.models.make_model`), so adding a kind is one new module. What
the rest of nnmath, the scenes and the page may ask of any model:

- ``param_names`` / ``weight_names`` / ``loss_name``: its parameters, which of them are
  drawn from a normal distribution at a random start, and how the lecture writes its loss;
- :meth:`Model.forward` (every intermediate, by name through ``as_dict()``) and
  :meth:`Model.predict` (the outputs only);
- :meth:`Model.chain` (the backward pass with every factor kept, for the scenes) and
  :meth:`Model.loss_grad` (the same numbers, nothing kept, for gradient descent);
- :meth:`Model.layout` (which parameter is a weight between which nodes, which a bias of
  which node: what drawing code needs instead of matching parameter names);
- :meth:`Model.node_curves` (each hidden node's contribution to the output over a grid);
- :meth:`Model.activations` (each layer's activation, with its formula in TeX and plain
  text, so a scene writes the formula the trace was computed with);
- :meth:`Model.published` (the derived values an exported trace carries).

Parameters can be given as a mapping {name: value} or as a sequence in ``param_names``
order. Values may be arrays: a column of S parameter sets against a row of G inputs
evaluates S curves at once through numpy broadcasting.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Mapping, Protocol, Sequence

import numpy as np

from .activations import Activation
from .errors import UnknownNameError
from .loss import ssr
from .validate import as_data

if TYPE_CHECKING:  # the trace module imports this one
    from .trace import Trace

__all__ = ["Model", "Layout", "Backward", "Forward", "KINDS"]

#: kind name -> model class, filled in as each subclass is defined
KINDS: dict[str, type[Model]] = {}


class Forward(Protocol):
    """A forward pass: every intermediate value by name, in the order computed."""

    def as_dict(self) -> Mapping[str, np.ndarray]: ...


class Backward(Protocol):
    """A backward pass as the scenes read it (ChainRule, DenseChain, ConvChain)."""

    @property
    def param_names(self) -> tuple[str, ...]: ...

    @property
    def gradients(self) -> np.ndarray: ...

    @property
    def loss(self) -> float: ...

    @property
    def predictions(self) -> np.ndarray: ...

    def gradient(self, name: str) -> float: ...

    def as_dict(self) -> dict[str, float]: ...


@dataclass(frozen=True)
class Layout:
    """Where each parameter sits in a drawing of the network.

    Attributes:
        layers: node names layer by layer, inputs first and outputs last.
        weights: weight name -> (node it leaves, node it enters).
        biases: bias name -> its node.
    """

    layers: tuple[tuple[str, ...], ...]
    weights: Mapping[str, tuple[str, str]]
    biases: Mapping[str, str]

    def __post_init__(self):
        object.__setattr__(self, "weights", MappingProxyType(dict(self.weights)))
        object.__setattr__(self, "biases", MappingProxyType(dict(self.biases)))

    def __deepcopy__(self, memo) -> Layout:
        return self  # immutable: a copy of a drawing may share it

    @property
    def hidden(self) -> tuple[str, ...]:
        """Every node between the inputs and the outputs, layer by layer."""
        return tuple(n for layer in self.layers[1:-1] for n in layer)

    def weight(self, source: str, target: str) -> str:
        """The name of the weight from node ``source`` into node ``target``."""
        for name, ends in self.weights.items():
            if ends == (source, target):
                return name
        raise UnknownNameError(f"no connection from {source!r} to {target!r}")

    def bias(self, node: str) -> str:
        """The name of ``node``'s bias."""
        for name, owner in self.biases.items():
            if owner == node:
                return name
        raise UnknownNameError(f"node {node!r} has no bias")

    def params_of(self, node: str) -> tuple[str, ...]:
        """The weights into ``node``, its bias and the weights out of it, in that order."""
        into = [w for w, (_, b) in self.weights.items() if b == node]
        out = [w for w, (a, _) in self.weights.items() if a == node]
        bias = [b for b, n in self.biases.items() if n == node]
        return tuple(into + bias + out)


class Model(ABC):
    """Base of the models; subclasses set ``kind`` and ``param_names`` and implement the
    abstract methods."""

    kind: ClassVar[str] = ""
    param_names: tuple[str, ...] = ()
    weight_names: tuple[str, ...] = ()  # drawn from a standard normal when no start is given
    loss_name: str = "SSR"  # how the lecture writes this model's loss

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.kind:
            KINDS[cls.kind] = cls

    # --- what every kind implements ----------------------------------------------------
    @abstractmethod
    def predict(self, params, inputs) -> np.ndarray:
        """The outputs for ``inputs``; vectorised over inputs (and parameter arrays)."""

    @abstractmethod
    def forward(self, params, inputs) -> Forward | np.ndarray:
        """Every intermediate value of the forward pass (a model without intermediates,
        such as the line, returns its predictions)."""

    @abstractmethod
    def chain(self, params, inputs, outputs) -> Backward:
        """Loss, gradients and every backward value kept, at one set of parameters."""

    @abstractmethod
    def loss_grad(self, theta, inputs, outputs) -> tuple[float, np.ndarray, np.ndarray]:
        """(loss, predictions, gradients) at the parameter vector ``theta``: what one step
        of gradient descent needs, the same numbers as :meth:`chain` to the last bit."""

    @abstractmethod
    def layout(self) -> Layout:
        """Which parameter is a weight between which nodes and which a node's bias."""

    def activations(self) -> Mapping[str, Activation]:
        """Each layer's activation by layer name ("hidden", "output"); none by default."""
        return {}

    def node_curves(self, table, grid) -> dict[str, np.ndarray]:
        """Each hidden node's contribution to the output (its activation times its weight
        into the output) and the output itself over ``grid``, for each row of a parameter
        table (S, parameters): {"nodes": (hidden, S, G), "output": (S, G)}."""
        raise UnknownNameError(f"a {self.kind!r} model has no hidden-node curves")

    def published(self, trace: Trace) -> dict[str, Any]:
        """The derived values an export of ``trace`` carries beside its steps (recomputed,
        not read, when the trace is loaded): by default every intermediate of the
        forward pass at the final parameters (nothing for a model whose forward pass is
        its predictions)."""
        with np.errstate(all="ignore"):
            forward = trace.forward()
        if isinstance(forward, np.ndarray):  # no intermediates: the steps say it all
            return {}
        return {"forward": dict(forward.as_dict())}

    # --- shared by every kind ------------------------------------------------------------
    def check_data(self, inputs, outputs) -> tuple[np.ndarray, np.ndarray]:
        """Training data as arrays, checked value by value (one input per output)."""
        return as_data(inputs, outputs)

    def loss_table(self, table, inputs, outputs) -> np.ndarray:
        """The SSR over all the data for each row of a parameter table (S, parameters),
        in one vectorised call (for loss curves and maps)."""
        t = np.atleast_2d(np.asarray(table, dtype=float))
        columns = {n: t[:, i, None] for i, n in enumerate(self.param_names)}
        predicted = self.predict(columns, np.asarray(inputs, dtype=float)[None, :])
        return ssr(np.asarray(outputs, dtype=float)[None, :], predicted)

    def unpack(self, params) -> dict[str, np.ndarray]:
        """{name: float array} from a mapping or a sequence in ``param_names`` order."""
        if isinstance(params, Mapping):
            unknown = sorted(set(params) - set(self.param_names))
            if unknown:
                raise UnknownNameError(
                    f"unknown parameter {unknown[0]!r}; this model has {', '.join(self.param_names)}"
                )
            missing = [n for n in self.param_names if n not in params]
            if missing:
                raise UnknownNameError(f"parameter {missing[0]!r} has no value")
            return {n: np.asarray(params[n], dtype=float) for n in self.param_names}
        values = np.asarray(params, dtype=float)
        if values.shape[-1:] != (len(self.param_names),):
            raise UnknownNameError(
                f"expected {len(self.param_names)} parameter values ({', '.join(self.param_names)})"
            )
        return {n: values[..., i] for i, n in enumerate(self.param_names)}

    def vector(self, params) -> np.ndarray:
        """The parameters as one float vector in ``param_names`` order."""
        named = self.unpack(params)
        return np.array([float(named[n]) for n in self.param_names])

    def check_names(self, names: Sequence[str]) -> tuple[str, ...]:
        """Validate a list of parameter names (e.g. which to optimise); keeps model order."""
        names = tuple(names)
        for n in names:
            if n not in self.param_names:
                raise UnknownNameError(
                    f"unknown parameter {n!r}; choose from {', '.join(self.param_names)}"
                )
        if not names:
            raise UnknownNameError("choose at least one parameter to optimise")
        return tuple(n for n in self.param_names if n in names)

    def settings(self) -> dict:
        """Settings that rebuild this model with :func:`nnmath.models.make_model`."""
        return {}
