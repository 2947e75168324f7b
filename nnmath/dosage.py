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
from typing import Mapping, NamedTuple

import numpy as np

from .activations import Activation, get_activation
from .arrays import frozen, readonly
from .chain import ChainRule, build_chain_rule
from .model import Layout, Model

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


class _Pass(NamedTuple):
    """One backward pass of the dosage network over the data, every value it computes."""

    upstream: np.ndarray  # dSSR/dPredicted
    output_slope: np.ndarray | None  # dPredicted/dRaw = g'(raw), None when g is the identity
    slope1: np.ndarray  # dy1/dx1 = f'(x1)
    slope2: np.ndarray  # dy2/dx2 = f'(x2)
    residual: np.ndarray
    loss: float
    gradients: np.ndarray


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

    def layout(self) -> Layout:
        return Layout((("input",), ("top", "bottom"), ("output",)),
                      {"w1": ("input", "top"), "w2": ("input", "bottom"),
                       "w3": ("top", "output"), "w4": ("bottom", "output")},
                      {"b1": "top", "b2": "bottom", "b3": "output"})

    def activations(self) -> Mapping[str, Activation]:
        return {"hidden": self.activation, "output": self.output_activation}

    def _values(self, p, d) -> dict[str, np.ndarray]:
        """The forward pass's intermediates (``p``: {name: value}), in computing order."""
        f, g = self.activation, self.output_activation
        x1 = p["w1"] * d + p["b1"]
        x2 = p["w2"] * d + p["b2"]
        y1, y2 = f(x1), f(x2)
        scaled1, scaled2 = p["w3"] * y1, p["w4"] * y2
        total = scaled1 + scaled2
        raw = total + p["b3"]
        return dict(x1=x1, y1=y1, scaled1=scaled1, x2=x2, y2=y2, scaled2=scaled2,
                    total=total, raw=raw, predicted=g(raw))

    def forward(self, params, inputs) -> DosageForward:
        """Forward pass keeping every intermediate; vectorised over inputs (and params)."""
        d = np.asarray(inputs, dtype=float)
        values = self._values(self.unpack(params), d)
        shape = np.broadcast_shapes(d.shape, *(np.shape(v) for v in values.values()))
        return DosageForward(inputs=_full(d, shape, copy=True),
                             **{k: _full(v, shape) for k, v in values.items()})

    def predict(self, params, inputs) -> np.ndarray:
        """Predicted output only."""
        return self.forward(params, inputs).predicted

    def node_curves(self, table, grid) -> dict[str, np.ndarray]:
        t = np.atleast_2d(np.asarray(table, dtype=float))
        columns = {n: t[:, i, None] for i, n in enumerate(self.param_names)}
        fw = self.forward(columns, np.asarray(grid, dtype=float)[None, :])
        return {"nodes": np.stack([fw.scaled1, fw.scaled2]), "output": np.asarray(fw.predicted)}

    def _backward(self, p, v, d, outputs) -> _Pass:
        """The chain rule over the forward values ``v`` of parameters ``p`` at dosages
        ``d``: every gradient is the sum over the dosages of its path's product."""
        residual = np.asarray(outputs, dtype=float) - v["predicted"]
        upstream = -2.0 * residual  # dSSR/dPredicted
        g_slope = None
        through = upstream
        if self.output_activation.name != "identity":
            g_slope = self.output_activation.grad(v["raw"])
            through = upstream * g_slope
        slope1, slope2 = self.activation.grad(v["x1"]), self.activation.grad(v["x2"])
        top = through * p["w3"] * slope1
        bottom = through * p["w4"] * slope2
        grads = np.array([(top * d).sum(), top.sum(), (bottom * d).sum(), bottom.sum(),
                          (through * v["y1"]).sum(), (through * v["y2"]).sum(), through.sum()])
        return _Pass(upstream, g_slope, slope1, slope2, residual,
                     float((residual * residual).sum()), grads)

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
        d = fw.inputs
        run = self._backward(p, fw.as_dict(), d, outputs)
        ones = np.ones(d.shape)
        factors = {
            "dSSR/dPredicted": run.upstream,
            "dPredicted/dy1": p["w3"] * ones,
            "dPredicted/dy2": p["w4"] * ones,
            "dy1/dx1": run.slope1,
            "dy2/dx2": run.slope2,
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
        if run.output_slope is not None:
            factors["dPredicted/dRaw"] = run.output_slope
            paths = {k: (v[0], "dPredicted/dRaw") + v[1:] for k, v in paths.items()}
        return build_chain_rule(self.param_names, fw.predicted, run.residual, run.loss,
                                run.gradients, factors, paths)

    def loss_grad(self, theta, inputs, outputs):
        """SSR, predictions and the seven derivatives of :meth:`chain`, nothing kept."""
        p = dict(zip(self.param_names, np.asarray(theta, dtype=float)))
        d = np.asarray(inputs, dtype=float)
        v = self._values(p, d)
        run = self._backward(p, v, d, outputs)
        return run.loss, v["predicted"], run.gradients


def _full(values, shape, copy=False) -> np.ndarray:
    """``values`` as a read-only float array of ``shape`` (broadcast if needed)."""
    arr = np.asarray(values, dtype=float)
    if arr.shape != shape:
        return frozen(np.broadcast_to(arr, shape))
    return frozen(arr) if copy else readonly(arr)
