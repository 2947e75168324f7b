"""A dense network of any size: inputs -> one hidden layer -> outputs, with backpropagation
in delta form.

For a batch of input rows X (rows, inputs)::

    hidden sums   Z1 = X W1^T + b1            (rows, hidden)
    hidden        A1 = f(Z1)                  (ReLU, softplus, sigmoid, ...)
    raw outputs   Z2 = A1 W2^T + b2           (rows, outputs)
    outputs       P  = g(Z2)                  (SoftMax, or an element-wise activation)

Backpropagation (the chain rule for every weight and bias at once)::

    delta2 = dLoss/dZ2                        (rows, outputs): at the output layer
           = P - onehot(observed)             for SoftMax + cross entropy
    delta1 = (delta2 W2) * f'(Z1)             (rows, hidden): at the hidden layer,
                                                  before the activation function
    dLoss/dW2 = delta2^T A1,  dLoss/db2 = sum over rows of delta2
    dLoss/dW1 = delta1^T X,   dLoss/db1 = sum over rows of delta1

Parameters are named after what they connect: ``w[petal->top]`` multiplies input
"petal" into hidden node "top", ``b[top]`` is that node's bias, ``w[top->setosa]`` and
``b[setosa]`` belong to the output "setosa".
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple, Sequence

import numpy as np

from .activations import Activation, get_activation, softplus
from .arrays import frozen
from .errors import DataError, SettingError, UnknownNameError
from .loss import binary_cross_entropy_grad, cross_entropy_grad, one_hot, ssr_grad
from .model import Layout, Model
from .softmax import argmax, log_softmax, softmax, softmax_backward
from .validate import MAX_POINTS, as_number

__all__ = ["DenseNetwork", "DenseForward", "DenseChain", "LOSSES", "OUTPUTS", "classifier_published"]

#: loss name -> how the lecture writes it
LOSSES = {"ssr": "SSR", "cross-entropy": "cross entropy",
          "binary-cross-entropy": "binary cross entropy"}
#: output functions: SoftMax or an element-wise activation
OUTPUTS = ("softmax", "identity", "relu", "softplus", "sigmoid")


@dataclass(frozen=True, eq=False)
class DenseForward:
    """Every value of a forward pass, one row per input row (read-only arrays).

    ``scaled[..., k, j]`` is hidden node j's value times its weight into output k: the
    pieces that, summed over j plus output k's bias, give raw output k. ``choice`` is
    ArgMax of the raw outputs: the index of the winning output.
    """

    inputs: np.ndarray
    hidden_sums: np.ndarray
    hidden: np.ndarray
    scaled: np.ndarray
    raw: np.ndarray
    outputs: np.ndarray
    choice: np.ndarray

    names = ("inputs", "hidden_sums", "hidden", "scaled", "raw", "outputs", "choice")

    def as_dict(self) -> dict[str, np.ndarray]:
        """{name: values}, in the order the network computes them."""
        return {n: getattr(self, n) for n in self.names}


@dataclass(frozen=True, eq=False)
class DenseChain:
    """Loss, every gradient and the deltas at one set of parameters.

    Attributes:
        param_names: order of ``gradients``.
        forward: the forward pass over the data.
        predictions: the outputs (probabilities for SoftMax), (rows, outputs).
        row_losses: each row's loss (cross entropy of the row, or its squared residuals).
        loss: their sum.
        delta2: dLoss/draw output, (rows, outputs).
        delta1: dLoss/dhidden sum, (rows, hidden).
        gradients: dLoss/dparameter in ``param_names`` order.
    """

    param_names: tuple[str, ...]
    forward: DenseForward
    predictions: np.ndarray
    row_losses: np.ndarray
    loss: float
    delta2: np.ndarray
    delta1: np.ndarray
    gradients: np.ndarray
    _terms: Mapping[str, np.ndarray]

    def gradient(self, name: str) -> float:
        """dLoss/d``name``."""
        return float(self.gradients[self.param_names.index(name)])

    def terms(self, name: str) -> np.ndarray:
        """Each row's part of dLoss/d``name``; they sum to the gradient. For an output
        bias these are that output's delta2 column (p - 1 for the observed class, p for
        the others, with SoftMax and cross entropy)."""
        return self._terms[name]

    def as_dict(self) -> dict[str, float]:
        """Gradients as {parameter name: value}."""
        return {n: float(g) for n, g in zip(self.param_names, self.gradients)}


class DenseNetwork(Model):
    """inputs -> hidden layer with activation f -> outputs with SoftMax or activation g."""

    kind = "dense"

    def __init__(self, inputs: Sequence[str] | int = ("x1",), hidden: Sequence[str] | int = ("h1", "h2"),
                 outputs: Sequence[str] | int = ("y1",), activation: str = "relu",
                 output: str = "identity", loss: str = "ssr"):
        self.input_labels = _labels(inputs, "input")
        self.hidden_labels = _labels(hidden, "hidden node")
        self.output_labels = _labels(outputs, "output")
        every = self.input_labels + self.hidden_labels + self.output_labels
        if len(set(every)) != len(every):
            raise SettingError("input, hidden and output names must all differ")
        self.activation = get_activation(activation)
        if output not in OUTPUTS:
            raise UnknownNameError(f"unknown output function {output!r}; choose one of: {', '.join(OUTPUTS)}")
        self.output = output
        if loss not in LOSSES:
            raise UnknownNameError(f"unknown loss {loss!r}; choose one of: {', '.join(LOSSES)}")
        if loss == "cross-entropy" and output != "softmax":
            raise SettingError("cross entropy needs SoftMax outputs (output='softmax')")
        if loss == "binary-cross-entropy" and (output != "sigmoid" or len(self.output_labels) != 1):
            raise SettingError("binary cross entropy needs one output with a sigmoid")
        self.loss = loss
        self.loss_name = LOSSES[loss]
        i, h, o = self.input_labels, self.hidden_labels, self.output_labels
        self.shape = (len(i), len(h), len(o))
        w1 = [f"w[{a}->{b}]" for b in h for a in i]
        w2 = [f"w[{b}->{c}]" for c in o for b in h]
        self.param_names = tuple(w1 + [f"b[{b}]" for b in h] + w2 + [f"b[{c}]" for c in o])
        self.weight_names = tuple(w1 + w2)

    def settings(self) -> dict:
        return {"inputs": list(self.input_labels), "hidden": list(self.hidden_labels),
                "outputs": list(self.output_labels), "activation": self.activation.name,
                "output": self.output, "loss": self.loss}

    def layout(self) -> Layout:
        i, h, o = self.input_labels, self.hidden_labels, self.output_labels
        weights = {f"w[{a}->{b}]": (a, b) for b in h for a in i}
        weights.update({f"w[{b}->{c}]": (b, c) for c in o for b in h})
        return Layout((i, h, o), weights, {f"b[{n}]": n for n in h + o})

    def activations(self) -> Mapping[str, Activation]:
        """The hidden activation, and the output's unless it is SoftMax (which is not
        element-wise: see :mod:`nnmath.softmax`)."""
        if self.output == "softmax":
            return {"hidden": self.activation}
        return {"hidden": self.activation, "output": get_activation(self.output)}

    def node_curves(self, table, grid) -> dict[str, np.ndarray]:
        if self.shape[0] != 1 or self.shape[2] != 1:
            return super().node_curves(table, grid)
        g = np.asarray(grid, dtype=float)
        w1, b1, w2, b2 = self.layers_table(table)  # (S,H,1), (S,H), (S,1,H), (S,1)
        z1 = w1[:, :, 0][:, :, None] * g[None, None, :] + b1[:, :, None]  # (S, H, G)
        scaled = self.activation(z1) * w2[:, 0, :, None]  # (S, H, G)
        output = scaled.sum(axis=1) + b2[:, 0, None]
        return {"nodes": np.moveaxis(scaled, 1, 0), "output": output}

    def published(self, trace) -> dict[str, Any]:
        return classifier_published(trace)

    # --- parameters ------------------------------------------------------------------
    def layers(self, params) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(W1, b1, W2, b2): W1 is (hidden, inputs), W2 is (outputs, hidden)."""
        return tuple(a[0] for a in self.layers_table(self.vector(params)[None, :]))

    def layers_table(self, table) -> tuple:
        """Like :meth:`layers` for a table of S parameter rows (S, parameters): each array
        gains a leading axis of length S."""
        t = np.atleast_2d(np.asarray(table, dtype=float))
        n_in, n_h, n_out = self.shape
        cuts = np.cumsum([n_h * n_in, n_h, n_out * n_h])
        w1, b1, w2, b2 = np.split(t, cuts, axis=-1)
        return w1.reshape(-1, n_h, n_in), b1, w2.reshape(-1, n_out, n_h), b2

    def pack(self, w1, b1, w2, b2) -> np.ndarray:
        """The parameter vector (``param_names`` order) of four layer arrays."""
        return np.concatenate([np.ravel(w1), np.ravel(b1), np.ravel(w2), np.ravel(b2)]).astype(float)

    # --- data ------------------------------------------------------------------------
    def check_data(self, inputs, outputs) -> tuple[np.ndarray, np.ndarray]:
        """Input rows (rows, inputs) and observed values, checked value by value.

        With cross entropy each observed value is a class: an output name or its index.
        With binary cross entropy it is 0 or 1; with the SSR it is a number per output.
        No observed values at all (an empty list) is allowed for a forward pass.
        """
        x = self._check_inputs(inputs)
        if outputs is None or (not isinstance(outputs, str) and len(outputs) == 0):
            return x, np.empty(0)
        if isinstance(outputs, str):
            raise DataError(f"the observed values must be a list, not the text {outputs!r}")
        items = list(outputs)
        if len(items) != len(x):
            raise DataError(f"there are {len(x)} input rows but {len(items)} observed values; "
                            "give one for every row")
        if self.loss == "cross-entropy":
            y = np.array([self._class_index(v, r) for r, v in enumerate(items, 1)], dtype=float)
        elif self.loss == "binary-cross-entropy":
            y = np.array([as_number(v, f"observed value {r}") for r, v in enumerate(items, 1)])
            if not np.all((y == 0) | (y == 1)):
                raise DataError("binary cross entropy needs observed values of 0 or 1")
        else:
            n_out = self.shape[2]
            y = np.array([[as_number(v, f"observed value {r}") for v in np.atleast_1d(row)]
                          for r, row in enumerate(items, 1)], dtype=float)
            if y.shape[1] != n_out:
                raise DataError(f"each row needs {n_out} observed values, one per output")
            y = y[:, 0] if n_out == 1 else y
        return x, y

    def _check_inputs(self, inputs) -> np.ndarray:
        if isinstance(inputs, (str, bytes)):
            raise DataError(f"the inputs must be rows of numbers, not the text {inputs!r}")
        rows = [np.atleast_1d(np.asarray(r, dtype=object)) for r in inputs]
        if not rows:
            raise DataError("there are no input rows; give at least one")
        if len(rows) > MAX_POINTS:
            raise DataError(f"there are {len(rows)} input rows; the limit is {MAX_POINTS}")
        n_in = self.shape[0]
        for r, row in enumerate(rows, 1):
            if row.size != n_in:
                raise DataError(f"input row {r} has {row.size} values; this network takes {n_in} "
                                f"({', '.join(self.input_labels)})")
        return np.array([[as_number(v, f"input row {r}") for v in row] for r, row in enumerate(rows, 1)])

    def _class_index(self, value, row: int) -> int:
        if isinstance(value, str) and value.strip() in self.output_labels:
            return self.output_labels.index(value.strip())
        try:
            number = as_number(value, f"the class of row {row}")
        except DataError:
            number = -1.0
        if number != int(number) or not 0 <= number < len(self.output_labels):
            raise DataError(f"the class of row {row} is {value!r}; give one of "
                            f"{', '.join(self.output_labels)} (or 0 to {len(self.output_labels) - 1})")
        return int(number)

    # --- forward and backward --------------------------------------------------------
    def _values(self, w1, b1, w2, b2, x) -> tuple[np.ndarray, ...]:
        """(hidden sums, hidden, scaled, raw, outputs) of input rows ``x`` (..., inputs)."""
        z1 = x @ w1.T + b1
        a1 = self.activation(z1)
        scaled = a1[..., None, :] * w2
        z2 = scaled.sum(axis=-1) + b2
        return z1, a1, scaled, z2, self._output(z2)

    def forward(self, params, inputs) -> DenseForward:
        """Every value of the forward pass; ``inputs`` is shaped (..., inputs)."""
        w1, b1, w2, b2 = self.layers(params)
        x = np.asarray(inputs, dtype=float)
        if x.shape[-1:] != (self.shape[0],):
            raise DataError(f"each input row needs {self.shape[0]} values "
                            f"({', '.join(self.input_labels)})")
        return _frozen_forward(x, *self._values(w1, b1, w2, b2, x))

    def predict(self, params, inputs) -> np.ndarray:
        """The outputs only (probabilities for SoftMax)."""
        return self.forward(params, inputs).outputs

    def _output(self, raw):
        if self.output == "softmax":
            return softmax(raw)
        return get_activation(self.output)(raw)

    def row_losses(self, raw, observed) -> np.ndarray:
        """Each row's loss from the raw outputs (..., rows, outputs), computed without
        overflow (cross entropy from log SoftMax, binary cross entropy from softplus)."""
        z = np.asarray(raw, dtype=float)
        y = np.asarray(observed, dtype=float)
        if self.loss == "cross-entropy":
            idx = np.broadcast_to(y.astype(int)[:, None], z.shape[:-1] + (1,))
            return -np.take_along_axis(log_softmax(z), idx, axis=-1)[..., 0]
        if self.loss == "binary-cross-entropy":
            return y * softplus(-z[..., 0]) + (1 - y) * softplus(z[..., 0])
        residual = y.reshape(y.shape[0], -1) - self._output(z)
        return np.sum(residual * residual, axis=-1)

    def output_delta(self, fw: DenseForward, observed, fused: bool = True) -> np.ndarray:
        """delta2 = dLoss/draw output, (rows, outputs).

        ``fused``: SoftMax + cross entropy gives p - onehot and sigmoid + binary cross
        entropy gives p - y directly. Otherwise the general chain rule is used:
        dLoss/doutput, then back through SoftMax (its Jacobian) or the activation.
        """
        return self._delta2(fw.outputs, fw.raw, observed, fused)

    def _delta2(self, p, raw, observed, fused: bool = True) -> np.ndarray:
        y = np.asarray(observed, dtype=float)
        if fused and self.loss == "cross-entropy":
            return p - one_hot(y, p.shape[-1])
        if fused and self.loss == "binary-cross-entropy":
            return p - y[:, None]
        if self.loss == "cross-entropy":
            upstream = cross_entropy_grad(p, y)
        elif self.loss == "binary-cross-entropy":
            upstream = binary_cross_entropy_grad(p, y[:, None])
        else:
            upstream = ssr_grad(y.reshape(len(y), -1), p)
        if self.output == "softmax":
            return softmax_backward(p, upstream)
        return upstream * get_activation(self.output).grad(raw)

    def _pass(self, theta, inputs, outputs) -> _Pass:
        """The forward pass and backpropagation over input rows (rows, inputs): every
        value both :meth:`chain` and :meth:`backward` report, computed once."""
        n_in, n_h, n_out = self.shape
        t = np.asarray(theta, dtype=float)
        a, b = n_h * n_in, n_h * n_in + n_h
        c = b + n_out * n_h
        w1, b1, w2, b2 = t[:a].reshape(n_h, n_in), t[a:b], t[b:c].reshape(n_out, n_h), t[c:]
        x, y = np.asarray(inputs, dtype=float), np.asarray(outputs, dtype=float)
        z1, a1, scaled, z2, p = self._values(w1, b1, w2, b2, x)
        d2 = self._delta2(p, z2, y)
        d1 = (d2 @ w2) * self.activation.grad(z1)
        n = len(x)  # per-row parts of every gradient: (rows, hidden, inputs), (rows, outputs, hidden)
        terms = np.concatenate([(d1[:, :, None] * x[:, None, :]).reshape(n, -1), d1,
                                (d2[:, :, None] * a1[:, None, :]).reshape(n, -1), d2], axis=1)
        return _Pass(x, z1, a1, scaled, z2, p, self.row_losses(z2, y), d2, d1, terms, w1)

    def chain(self, params, inputs, outputs) -> DenseChain:
        """Loss, deltas and the gradient of every weight and bias (NaN without observed
        values)."""
        y = np.asarray(outputs, dtype=float)
        if y.size == 0:
            fw = self.forward(params, inputs)
            n_rows = fw.raw.shape[0]
            nan = np.full(len(self.param_names), np.nan)
            return DenseChain(self.param_names, fw, fw.outputs, frozen(np.full(n_rows, np.nan)),
                              float("nan"), frozen(np.full(fw.raw.shape, np.nan)),
                              frozen(np.full(fw.hidden.shape, np.nan)), frozen(nan),
                              MappingProxyType({n: frozen(np.full(n_rows, np.nan)) for n in self.param_names}))
        return self.chain_of(self._pass(self.vector(params), inputs, y))

    def chain_of(self, run: _Pass) -> DenseChain:
        """The chain view of one pass (:meth:`_pass`): its values frozen and named."""
        fw = _frozen_forward(run.x, run.z1, run.a1, run.scaled, run.z2, run.p)
        return DenseChain(
            param_names=self.param_names, forward=fw, predictions=fw.outputs,
            row_losses=frozen(run.rows), loss=float(np.sum(run.rows)), delta2=frozen(run.d2),
            delta1=frozen(run.d1), gradients=frozen(run.terms.sum(axis=0)),
            _terms=MappingProxyType({n: frozen(run.terms[:, c]) for c, n in enumerate(self.param_names)}),
        )

    def loss_grad(self, theta, inputs, outputs):
        """Loss, outputs and every gradient of :meth:`chain`, nothing kept."""
        run = self._pass(theta, inputs, outputs)
        return float(np.sum(run.rows)), run.p, run.terms.sum(axis=0)

    def backward(self, theta, inputs, outputs):
        """The lean backward pass of :meth:`chain` on input rows (rows, inputs): (loss,
        outputs, gradients, delta1, W1), for a network built on this one (the
        convolutional network's head)."""
        run = self._pass(theta, inputs, outputs)
        return float(np.sum(run.rows)), run.p, run.terms.sum(axis=0), run.d1, run.w1

    def loss_table(self, table, inputs, outputs) -> np.ndarray:
        """The loss over all the data for each row of a parameter table (S, parameters),
        in one vectorised call (for loss curves and maps)."""
        w1, b1, w2, b2 = self.layers_table(table)
        x = np.asarray(inputs, dtype=float)
        z1 = np.einsum("shi,ni->snh", w1, x) + b1[:, None, :]
        z2 = np.einsum("soh,snh->sno", w2, self.activation(z1)) + b2[:, None, :]
        return np.sum(self.row_losses(z2, outputs), axis=-1)


def classifier_published(trace, backprop_more: Sequence[str] = ()) -> dict[str, Any]:
    """What an export of a dense (or dense-headed) network's trace carries: the forward
    pass at the final parameters; when the data has observed values each row's loss, the
    deltas and gradients there (and the chain's ``backprop_more`` values); the forward
    values on the trace's grid."""
    with np.errstate(all="ignore"):
        extras: dict[str, Any] = {"forward": dict(trace.forward().as_dict())}
    if trace.outputs.size:
        chain = trace.chain()
        extras["row_losses"] = chain.row_losses
        extras["backprop"] = {"delta2": chain.delta2, "delta1": chain.delta1,
                              "gradients": dict(zip(trace.param_names, chain.gradients))}
        extras["backprop"].update({name: getattr(chain, name) for name in backprop_more})
    grid = trace.grid_inputs()
    if grid is not None:
        extras["grid"] = dict(trace.forward(grid).as_dict())
    return extras


class _Pass(NamedTuple):
    """One forward and backward pass over input rows: every value computed."""

    x: np.ndarray
    z1: np.ndarray
    a1: np.ndarray
    scaled: np.ndarray
    z2: np.ndarray
    p: np.ndarray
    rows: np.ndarray
    d2: np.ndarray
    d1: np.ndarray
    terms: np.ndarray
    w1: np.ndarray


def _frozen_forward(x, z1, a1, scaled, z2, p) -> DenseForward:
    return DenseForward(inputs=frozen(x), hidden_sums=frozen(z1), hidden=frozen(a1),
                        scaled=frozen(scaled), raw=frozen(z2), outputs=frozen(p),
                        choice=frozen(argmax(z2), dtype=np.int64))


def _labels(names, what: str) -> tuple[str, ...]:
    if isinstance(names, int):
        names = [f"{what[0]}{k + 1}" for k in range(names)]
    labels = tuple(str(n) for n in names)
    if not labels:
        raise SettingError(f"a dense network needs at least one {what}")
    if any(not n or any(c in n for c in "[]->,") for n in labels):
        raise SettingError(f"{what} names must be non-empty and free of [ ] - > ,")
    return labels
