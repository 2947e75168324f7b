"""The straight line of "gradient descent, step by step".

    predicted = intercept + slope * weight

dSSR/dintercept = sum dSSR/dPredicted * dPredicted/dintercept   (dPredicted/dintercept = 1)
dSSR/dslope     = sum dSSR/dPredicted * dPredicted/dslope       (dPredicted/dslope = weight)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .arrays import frozen
from .chain import ChainRule, build_chain_rule
from .model import Layout, Model

__all__ = ["Line"]


class _Pass(NamedTuple):
    """One forward and backward pass of the line over the data."""

    predicted: np.ndarray
    residual: np.ndarray
    upstream: np.ndarray  # dSSR/dPredicted
    loss: float
    gradients: np.ndarray


class Line(Model):
    """predicted = intercept + slope * input."""

    kind = "line"
    param_names = ("intercept", "slope")
    weight_names = ("slope",)

    def layout(self) -> Layout:
        return Layout((("input",), ("output",)), {"slope": ("input", "output")},
                      {"intercept": "output"})

    def predict(self, params, inputs) -> np.ndarray:
        """Predicted output; vectorised over inputs (and parameter arrays)."""
        p = self.unpack(params)
        x = np.asarray(inputs, dtype=float)
        return frozen(p["intercept"] + p["slope"] * x)

    def forward(self, params, inputs) -> np.ndarray:
        """The line has no intermediates: its forward pass is the prediction."""
        return self.predict(params, inputs)

    def _pass(self, theta, inputs, outputs) -> _Pass:
        intercept, slope = np.asarray(theta, dtype=float)
        x = np.asarray(inputs, dtype=float)
        predicted = intercept + slope * x
        residual = np.asarray(outputs, dtype=float) - predicted
        upstream = -2.0 * residual
        return _Pass(predicted, residual, upstream, float((residual * residual).sum()),
                     np.array([upstream.sum(), (upstream * x).sum()]))

    def chain(self, params, inputs, outputs) -> ChainRule:
        """SSR, both derivatives and their chain-rule factors."""
        x = np.asarray(inputs, dtype=float)
        run = self._pass(self.vector(params), x, outputs)
        factors = {"dSSR/dPredicted": run.upstream, "dPredicted/dintercept": np.ones_like(x),
                   "dPredicted/dslope": x}
        paths = {"intercept": ("dSSR/dPredicted", "dPredicted/dintercept"),
                 "slope": ("dSSR/dPredicted", "dPredicted/dslope")}
        return build_chain_rule(self.param_names, run.predicted, run.residual, run.loss,
                                run.gradients, factors, paths)

    def loss_grad(self, theta, inputs, outputs):
        """SSR, predictions and both derivatives of :meth:`chain`, nothing kept."""
        run = self._pass(theta, inputs, outputs)
        return run.loss, run.predicted, run.gradients
