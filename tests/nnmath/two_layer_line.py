"""A network kind used only by the tests: a line through a line, y = c * (a * x + b) + d.

It exists to show what adding a kind takes: this one module (subclassing
:class:`nnmath.model.Model` registers the kind), a preset, and tests. Nothing in nnmath,
the scenes or the page names it.

    middle     m = a * x + b
    predicted  y = c * m + d

dSSR/da = sum dSSR/dy * dy/dm * dm/da   (dy/dm = c, dm/da = x)
dSSR/db = sum dSSR/dy * dy/dm * dm/db   (dm/db = 1)
dSSR/dc = sum dSSR/dy * dy/dc           (dy/dc = m)
dSSR/dd = sum dSSR/dy * dy/dd           (dy/dd = 1)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from nnmath.arrays import frozen
from nnmath.chain import ChainRule, build_chain_rule
from nnmath.model import Layout, Model
from nnmath.presets import Preset

__all__ = ["TwoLayerLine", "TwoLayerForward", "PRESET"]


@dataclass(frozen=True, eq=False)
class TwoLayerForward:
    """The forward pass: the inputs, the middle value and the prediction."""

    inputs: np.ndarray
    middle: np.ndarray
    predicted: np.ndarray

    def as_dict(self) -> dict[str, np.ndarray]:
        return {"middle": self.middle, "predicted": self.predicted}


class _Pass(NamedTuple):
    middle: np.ndarray
    predicted: np.ndarray
    residual: np.ndarray
    upstream: np.ndarray
    loss: float
    gradients: np.ndarray


class TwoLayerLine(Model):
    """y = c * (a * x + b) + d."""

    kind = "two-layer-line"
    param_names = ("a", "b", "c", "d")
    weight_names = ("a", "c")

    def layout(self) -> Layout:
        return Layout((("input",), ("middle",), ("output",)),
                      {"a": ("input", "middle"), "c": ("middle", "output")},
                      {"b": "middle", "d": "output"})

    def forward(self, params, inputs) -> TwoLayerForward:
        p = self.unpack(params)
        x = np.asarray(inputs, dtype=float)
        middle = p["a"] * x + p["b"]
        return TwoLayerForward(frozen(x), frozen(middle), frozen(p["c"] * middle + p["d"]))

    def predict(self, params, inputs) -> np.ndarray:
        return self.forward(params, inputs).predicted

    def node_curves(self, table, grid) -> dict[str, np.ndarray]:
        t = np.atleast_2d(np.asarray(table, dtype=float))
        a, b, c, d = (t[:, i, None] for i in range(4))
        scaled = c * (a * np.asarray(grid, dtype=float)[None, :] + b)
        return {"nodes": scaled[None], "output": scaled + d}

    def _pass(self, theta, inputs, outputs) -> _Pass:
        a, b, c, d = np.asarray(theta, dtype=float)
        x = np.asarray(inputs, dtype=float)
        middle = a * x + b
        predicted = c * middle + d
        residual = np.asarray(outputs, dtype=float) - predicted
        upstream = -2.0 * residual
        through = upstream * c
        grads = np.array([(through * x).sum(), through.sum(), (upstream * middle).sum(),
                          upstream.sum()])
        return _Pass(middle, predicted, residual, upstream, float((residual * residual).sum()), grads)

    def chain(self, params, inputs, outputs) -> ChainRule:
        x = np.asarray(inputs, dtype=float)
        run = self._pass(self.vector(params), x, outputs)
        ones = np.ones_like(x)
        c = self.vector(params)[2]
        factors = {"dSSR/dPredicted": run.upstream, "dPredicted/dMiddle": c * ones,
                   "dMiddle/da": x, "dMiddle/db": ones, "dPredicted/dc": run.middle,
                   "dPredicted/dd": ones}
        paths = {"a": ("dSSR/dPredicted", "dPredicted/dMiddle", "dMiddle/da"),
                 "b": ("dSSR/dPredicted", "dPredicted/dMiddle", "dMiddle/db"),
                 "c": ("dSSR/dPredicted", "dPredicted/dc"),
                 "d": ("dSSR/dPredicted", "dPredicted/dd")}
        return build_chain_rule(self.param_names, run.predicted, run.residual, run.loss,
                                run.gradients, factors, paths)

    def loss_grad(self, theta, inputs, outputs):
        run = self._pass(theta, inputs, outputs)
        return run.loss, run.predicted, run.gradients


#: its preset: the weight/height data of "gradient descent, step by step", all four
#: parameters learned from a = 1, b = 0, c = 1, d = 0
PRESET = Preset("two-layer-line", "A line through a line: all four parameters", "two-layer-line",
                {"a": 1.0, "b": 0.0, "c": 1.0, "d": 0.0}, ((0.5, 2.3, 2.9), (1.4, 1.9, 3.2)),
                ("a", "b", "c", "d"), learning_rate=0.01, max_steps=2000)
