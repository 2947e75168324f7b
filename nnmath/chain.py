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
from .loss import residuals, ssr

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


def build_chain_rule(names, predicted, observed, factors, paths) -> ChainRule:
    """Assemble a ChainRule: each gradient = sum over data points of its factors' product."""
    frozen_factors = {k: readonly(np.asarray(v, dtype=float)) for k, v in factors.items()}
    grads = np.empty(len(names))
    for i, name in enumerate(names):
        first, *rest = paths[name]
        term = frozen_factors[first]
        for factor in rest:
            term = term * frozen_factors[factor]
        grads[i] = term.sum()
    return ChainRule(
        param_names=tuple(names),
        predictions=frozen(predicted),
        residuals=frozen(residuals(observed, predicted)),
        loss=float(ssr(observed, predicted)),
        gradients=readonly(grads),
        factors=MappingProxyType(frozen_factors),
        paths=MappingProxyType({k: tuple(v) for k, v in paths.items()}),
    )
