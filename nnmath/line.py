"""The straight line of "gradient descent, step by step".

    predicted = intercept + slope * weight

dSSR/dintercept = sum dSSR/dPredicted * dPredicted/dintercept   (dPredicted/dintercept = 1)
dSSR/dslope     = sum dSSR/dPredicted * dPredicted/dslope       (dPredicted/dslope = weight)
"""

from __future__ import annotations

import numpy as np

from .arrays import frozen
from .chain import ChainRule, build_chain_rule
from .loss import ssr_grad
from .model import Model

__all__ = ["Line"]


class Line(Model):
    """predicted = intercept + slope * input."""

    kind = "line"
    param_names = ("intercept", "slope")
    weight_names = ("slope",)

    def predict(self, params, inputs) -> np.ndarray:
        """Predicted output; vectorised over inputs (and parameter arrays)."""
        p = self.unpack(params)
        x = np.asarray(inputs, dtype=float)
        return frozen(p["intercept"] + p["slope"] * x)

    def forward(self, params, inputs) -> np.ndarray:
        """The line has no intermediates: its forward pass is the prediction."""
        return self.predict(params, inputs)

    def chain(self, params, inputs, outputs) -> ChainRule:
        """SSR, both derivatives and their chain-rule factors."""
        x = np.asarray(inputs, dtype=float)
        obs = np.asarray(outputs, dtype=float)
        predicted = self.predict(params, x)
        factors = {
            "dSSR/dPredicted": ssr_grad(obs, predicted),
            "dPredicted/dintercept": np.ones_like(x),
            "dPredicted/dslope": x,
        }
        paths = {
            "intercept": ("dSSR/dPredicted", "dPredicted/dintercept"),
            "slope": ("dSSR/dPredicted", "dPredicted/dslope"),
        }
        return build_chain_rule(self.param_names, predicted, obs, factors, paths)

    def loss_grad(self, theta, inputs, outputs):
        """SSR, predictions and both derivatives of :meth:`chain`, nothing kept."""
        intercept, slope = np.asarray(theta, dtype=float)
        x = np.asarray(inputs, dtype=float)
        predicted = intercept + slope * x
        residual = np.asarray(outputs, dtype=float) - predicted
        upstream = -2.0 * residual
        return (float((residual * residual).sum()), predicted,
                np.array([upstream.sum(), (upstream * x).sum()]))
