"""The chain rule written out: every factor kept so a scene can show each one.

A model's ``chain(params, inputs, outputs)`` returns a :class:`ChainRule`. For every
parameter, ``paths[name]`` lists the factor names whose product, summed over the data
points, is the derivative of the SSR with respect to that parameter, e.g. for w1 of the
dosage network::

    dSSR/dw1 = sum_i  dSSR/dPredicted_i * dPredicted/dy1 * dy1/dx1_i * dx1/dw1_i
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import numpy as np

from .arrays import frozen, readonly

__all__ = ["ChainRule", "build_chain_rule"]


@dataclass(frozen=True, eq=False)
class ChainRule:
    """Loss, gradients and every chain-rule factor at one set of parameters.

    Attributes:
        param_names: parameter order of ``gradients``.
        predictions: predicted output per data point.
        residuals: observed - predicted per data point.
        loss: the SSR.
        gradients: dSSR/dparameter, one per parameter, in ``param_names`` order.
        factors: factor name -> one value per data point (scalars repeated per point).
        paths: parameter name -> the factor names multiplied for that parameter.
    """

    param_names: tuple[str, ...]
    predictions: np.ndarray
    residuals: np.ndarray
    loss: float
    gradients: np.ndarray
    factors: Mapping[str, np.ndarray]
    paths: Mapping[str, tuple[str, ...]]

    def gradient(self, name: str) -> float:
        """dSSR/d``name``."""
        return float(self.gradients[self.param_names.index(name)])

    def terms(self, name: str) -> np.ndarray:
        """The per-data-point products of the factors of ``name``; they sum to the gradient."""
        product = np.ones_like(self.predictions)
        for factor in self.paths[name]:
            product = product * self.factors[factor]
        return product

    def as_dict(self) -> dict[str, float]:
        """Gradients as {parameter name: value}."""
        return {n: float(g) for n, g in zip(self.param_names, self.gradients)}


def build_chain_rule(names, predicted, residual, loss, gradients, factors, paths) -> ChainRule:
    """Assemble a ChainRule from one backward pass: its predictions, residuals, loss and
    gradients, and the per-point factors it multiplied (each gradient is the sum over the
    data points of the product of its path's factors, in the path's order)."""
    return ChainRule(
        param_names=tuple(names),
        predictions=frozen(predicted),
        residuals=frozen(residual),
        loss=float(loss),
        gradients=frozen(gradients),
        factors=MappingProxyType({k: readonly(np.asarray(v, dtype=float)) for k, v in factors.items()}),
        paths=MappingProxyType({k: tuple(v) for k, v in paths.items()}),
    )
