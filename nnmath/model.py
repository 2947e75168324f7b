"""What every model shares: named parameters, kept in a fixed order.

Parameters can be given as a mapping {name: value} or as a sequence in
``param_names`` order. Values may be arrays: a column of S parameter sets against a row
of G inputs evaluates S curves at once through numpy broadcasting.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from .errors import UnknownNameError
from .loss import ssr
from .validate import as_data

__all__ = ["Model"]


class Model:
    """Base of the models; subclasses set ``kind`` and ``param_names``."""

    kind: str = ""
    param_names: tuple[str, ...] = ()
    weight_names: tuple[str, ...] = ()  # drawn from a standard normal when no start is given
    loss_name: str = "SSR"  # how the lecture writes this model's loss

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

    def loss_grad(self, theta, inputs, outputs) -> tuple[float, np.ndarray, np.ndarray]:
        """(loss, predictions, gradients) at the parameter vector ``theta``: what one step
        of gradient descent needs. Models override it with the same arithmetic as
        :meth:`chain` minus the kept factors (the tests check both agree)."""
        chain = self.chain(theta, inputs, outputs)
        return chain.loss, chain.predictions, chain.gradients

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
