"""The dosage network of the StatQuest series: 1 input, 2 hidden nodes, 1 output.

    top node:     x1 = w1 * dosage + b1,   y1 = f(x1),   scaled1 = w3 * y1
    bottom node:  x2 = w2 * dosage + b2,   y2 = f(x2),   scaled2 = w4 * y2
    output:       total = scaled1 + scaled2,  raw = total + b3,  predicted = g(raw)

f is the hidden activation (softplus unless stated), g the output activation (identity,
or ReLU in the "ReLU in action" example). Everything is element-wise, so a dense grid of
dosages is one call, and parameter arrays broadcast against input arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
import numpy as np

from .activations import get_activation
from .arrays import frozen, readonly
from .chain import ChainRule, build_chain_rule
from .loss import ssr_grad
from .model import Model

__all__ = ["DosageNetwork", "DosageForward", "DOSAGE_PARAMS"]

DOSAGE_PARAMS = ("w1", "b1", "w2", "b2", "w3", "w4", "b3")

_INTERMEDIATES = ("x1", "y1", "scaled1", "x2", "y2", "scaled2", "total", "raw", "predicted")


@dataclass(frozen=True, eq=False)
class DosageForward:
    """Every intermediate of a forward pass, one value per input (read-only arrays)."""

    inputs: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    scaled1: np.ndarray
    x2: np.ndarray
    y2: np.ndarray
    scaled2: np.ndarray
    total: np.ndarray
    raw: np.ndarray
    predicted: np.ndarray

    names = _INTERMEDIATES

    def as_dict(self) -> dict[str, np.ndarray]:
        """{intermediate name: values}, in the order the network computes them."""
        return {n: getattr(self, n) for n in self.names}


class DosageNetwork(Model):
    """1-2-1 network with hidden activation f and output activation g."""

    kind = "dosage"
    param_names = DOSAGE_PARAMS
    weight_names = ("w1", "w2", "w3", "w4")

    def __init__(self, activation: str = "softplus", output_activation: str = "identity"):
        self.activation = get_activation(activation)
        self.output_activation = get_activation(output_activation)

    def settings(self) -> dict:
        return {"activation": self.activation.name, "output_activation": self.output_activation.name}

    def forward(self, params, inputs) -> DosageForward:
        """Forward pass keeping every intermediate; vectorised over inputs (and params)."""
        p = self.unpack(params)
        d = np.asarray(inputs, dtype=float)
        f, g = self.activation, self.output_activation
        x1 = p["w1"] * d + p["b1"]
        x2 = p["w2"] * d + p["b2"]
        y1, y2 = f(x1), f(x2)
        scaled1, scaled2 = p["w3"] * y1, p["w4"] * y2
        total = scaled1 + scaled2
        raw = total + p["b3"]
        values = dict(x1=x1, y1=y1, scaled1=scaled1, x2=x2, y2=y2, scaled2=scaled2,
                      total=total, raw=raw, predicted=g(raw))
        shape = np.broadcast_shapes(d.shape, *(np.shape(v) for v in values.values()))
        return DosageForward(inputs=_full(d, shape, copy=True),
                             **{k: _full(v, shape) for k, v in values.items()})

    def predict(self, params, inputs) -> np.ndarray:
        """Predicted output only."""
        return self.forward(params, inputs).predicted

    def chain(self, params, inputs, outputs) -> ChainRule:
        """SSR, its gradient for all seven parameters and each chain-rule factor.

        dSSR/db3 = sum dSSR/dPredicted * dPredicted/db3
        dSSR/dw3 = sum dSSR/dPredicted * dPredicted/dw3            (dPredicted/dw3 = y1)
        dSSR/dw1 = sum dSSR/dPredicted * dPredicted/dy1 * dy1/dx1 * dx1/dw1
                   (dPredicted/dy1 = w3, dy1/dx1 = f'(x1), dx1/dw1 = dosage)
        and likewise for b1 (dx1/db1 = 1), w2, b2, w4. With a ReLU on the output, every
        path also goes through dPredicted/dRaw = g'(raw).
        """
        p = self.unpack(params)
        fw = self.forward(p, inputs)
        d, obs = fw.inputs, np.asarray(outputs, dtype=float)
        n = d.shape
        ones = np.ones(n)
        factors = {
            "dSSR/dPredicted": ssr_grad(obs, fw.predicted),
            "dPredicted/dy1": p["w3"] * ones,
            "dPredicted/dy2": p["w4"] * ones,
            "dy1/dx1": self.activation.grad(fw.x1),
            "dy2/dx2": self.activation.grad(fw.x2),
            "dx1/dw1": d,
            "dx1/db1": ones,
            "dx2/dw2": d,
            "dx2/db2": ones,
            "dPredicted/dw3": fw.y1,
            "dPredicted/dw4": fw.y2,
            "dPredicted/db3": ones,
        }
        paths = {
            "w1": ("dSSR/dPredicted", "dPredicted/dy1", "dy1/dx1", "dx1/dw1"),
            "b1": ("dSSR/dPredicted", "dPredicted/dy1", "dy1/dx1", "dx1/db1"),
            "w2": ("dSSR/dPredicted", "dPredicted/dy2", "dy2/dx2", "dx2/dw2"),
            "b2": ("dSSR/dPredicted", "dPredicted/dy2", "dy2/dx2", "dx2/db2"),
            "w3": ("dSSR/dPredicted", "dPredicted/dw3"),
            "w4": ("dSSR/dPredicted", "dPredicted/dw4"),
            "b3": ("dSSR/dPredicted", "dPredicted/db3"),
        }
        if self.output_activation.name != "identity":
            factors["dPredicted/dRaw"] = self.output_activation.grad(fw.raw)
            paths = {k: (v[0], "dPredicted/dRaw") + v[1:] for k, v in paths.items()}
        return build_chain_rule(self.param_names, fw.predicted, obs, factors, paths)

    def loss_grad(self, theta, inputs, outputs):
        """SSR, predictions and the seven derivatives of :meth:`chain`, nothing kept."""
        w1, b1, w2, b2, w3, w4, b3 = np.asarray(theta, dtype=float)
        d = np.asarray(inputs, dtype=float)
        f, g = self.activation, self.output_activation
        x1, x2 = w1 * d + b1, w2 * d + b2
        y1, y2 = f(x1), f(x2)
        raw = w3 * y1 + w4 * y2 + b3
        predicted = g(raw)
        residual = np.asarray(outputs, dtype=float) - predicted
        upstream = -2.0 * residual  # dSSR/dPredicted
        if g.name != "identity":
            upstream = upstream * g.grad(raw)
        top = upstream * w3 * f.grad(x1)
        bottom = upstream * w4 * f.grad(x2)
        # products then sums, in the chain's order: the same numbers to the last bit
        grads = np.array([(top * d).sum(), top.sum(), (bottom * d).sum(), bottom.sum(),
                          (upstream * y1).sum(), (upstream * y2).sum(), upstream.sum()])
        return float((residual * residual).sum()), predicted, grads



def _full(values, shape, copy=False) -> np.ndarray:
    """``values`` as a read-only float array of ``shape`` (broadcast if needed)."""
    arr = np.asarray(values, dtype=float)
    if arr.shape != shape:
        return frozen(np.broadcast_to(arr, shape))
    return frozen(arr) if copy else readonly(arr)
