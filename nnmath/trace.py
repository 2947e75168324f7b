"""Traces: the immutable record of a forward pass or of a whole gradient-descent run.

A trace is column-oriented: ``params[k]`` are the parameter values at step k (where the
loss, gradients and step sizes of step k were evaluated), ``params[k + 1]`` are the values
after subtracting ``step_sizes[k]``, and ``final_params`` are the values after the last
step. A forward-only trace has zero steps and its values in ``final_*``.

Per step, a trace keeps what a scene draws (parameters, loss, gradients, step sizes,
predictions). The loss is the SSR, or cross entropy for a classifier (``kind`` "dense"
with SoftMax outputs). Each chain-rule factor of any step is available from :meth:`Trace.chain`,
computed by the model from the recorded parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import numpy as np

from .arrays import frozen
from .model import Model
from .models import make_model

__all__ = ["Trace", "Step", "SCHEMA_VERSION", "STOP_REASONS"]

SCHEMA_VERSION = 1

STOP_REASONS = {
    "forward-only": "nothing was optimised: a forward pass only",
    "step-size": "every step size was at or below the tolerance",
    "max-steps": "the maximum number of steps was reached",
    "diverged": "the SSR blew up: infinite, NaN or a million times its start (try a smaller learning rate)",
}


@dataclass(frozen=True)
class Step:
    """One gradient-descent step as plain numbers: {name: value} dictionaries."""

    step: int
    params: Mapping[str, float]
    loss: float
    gradients: Mapping[str, float]
    step_sizes: Mapping[str, float]
    new_params: Mapping[str, float]
    learning_rate: float
    predictions: tuple  # one float per data point, or one row per point for a classifier


@dataclass(frozen=True, eq=False)
class Trace:
    """Everything one run computed. Arrays are read-only; use the accessors to read.

    Attributes:
        kind: model kind, "dosage", "line", "dense" or "cnn".
        model_settings: settings that rebuild the model (activations; a dense network's
            input, hidden and output names, output function and loss).
        preset: preset name, or None for user data.
        settings: run settings (learning_rate, tolerance, max_steps, batch_size, seed, schedule).
        inputs, outputs: the training data. A dense network's inputs are rows (points,
            inputs), a convolutional network's are images (images, size, size); with cross
            entropy the outputs are class indices (empty for a forward pass without
            observed classes).
        param_names: every parameter of the model, in order.
        optimised: the parameters gradient descent changes.
        params: (steps, parameters) values at each step.
        loss: (steps,) loss (SSR or cross entropy) at each step's parameters.
        gradients: (steps, parameters) dLoss/dparameter at each step.
        step_sizes: (steps, parameters) learning rate x gradient (0 where not optimised).
        learning_rates: (steps,) the learning rate each step used.
        predictions: (steps, points) predicted outputs at each step; (steps, points,
            outputs) for a dense or convolutional network (probabilities with SoftMax).
        batches: (steps, batch size) data indices of each step's mini-batch, or None.
        final_params, final_loss, final_predictions: after the last step.
        stopped_because: a key of STOP_REASONS.
        message: one sentence saying why and when it stopped.
    """

    kind: str
    model_settings: Mapping[str, Any]
    preset: str | None
    settings: Mapping[str, Any]
    inputs: np.ndarray
    outputs: np.ndarray
    param_names: tuple[str, ...]
    optimised: tuple[str, ...]
    params: np.ndarray
    loss: np.ndarray
    gradients: np.ndarray
    step_sizes: np.ndarray
    learning_rates: np.ndarray
    predictions: np.ndarray
    batches: np.ndarray | None
    final_params: np.ndarray
    final_loss: float
    final_predictions: np.ndarray
    stopped_because: str
    message: str

    schema_version = SCHEMA_VERSION

    def __post_init__(self):
        object.__setattr__(self, "model_settings", MappingProxyType(dict(self.model_settings)))
        object.__setattr__(self, "settings", MappingProxyType(dict(self.settings)))

    @classmethod
    def record(cls, *, kind: str, model_settings: Mapping, preset: str | None, settings: Mapping,
               inputs, outputs, param_names: Sequence[str], optimised: Sequence[str],
               params, loss, gradients, step_sizes, learning_rates, predictions, batches,
               final_params, final_loss: float, final_predictions, stopped_because: str,
               message: str) -> Trace:
        """The one way a trace is made (by a run, a forward pass or a file): the step
        columns (lists of rows or arrays) are shaped by the number of steps (the length of
        ``loss``) and the number of parameters, and every array is frozen. ``batches``
        is None (every step used all the data) or each step's data indices, (steps, batch
        size) when there are no steps."""
        n, p = len(loss), len(param_names)
        final_predictions = frozen(final_predictions)
        return cls(
            kind=kind, model_settings=model_settings, preset=preset, settings=settings,
            inputs=frozen(inputs), outputs=frozen(outputs), param_names=tuple(param_names),
            optimised=tuple(optimised),
            params=frozen(np.reshape(params, (n, p))),
            loss=frozen(np.reshape(loss, (n,))),
            gradients=frozen(np.reshape(gradients, (n, p))),
            step_sizes=frozen(np.reshape(step_sizes, (n, p))),
            learning_rates=frozen(np.reshape(learning_rates, (n,))),
            predictions=frozen(np.reshape(predictions, (n,) + final_predictions.shape)),
            batches=None if batches is None else frozen(
                batches if np.ndim(batches) == 2 else np.reshape(batches, (n, -1)), dtype=np.int64),
            final_params=frozen(final_params), final_loss=float(final_loss),
            final_predictions=final_predictions, stopped_because=stopped_because, message=message,
        )

    # --- reading -------------------------------------------------------------------
    @property
    def n_steps(self) -> int:
        """Number of recorded gradient-descent steps (0 for a forward pass)."""
        return int(self.loss.shape[0])

    def model(self) -> Model:
        """The model this trace was computed with."""
        return make_model(self.kind, self.model_settings)

    def report(self):
        """What the run did (converged, oscillating, diverged, unfinished), in words and
        figures: see :func:`nnmath.report.describe`."""
        from .report import describe

        if "_report" not in self.__dict__:  # trial runs check its advice: compute it once
            object.__setattr__(self, "_report", describe(self))
        return self.__dict__["_report"]

    def index(self, name: str) -> int:
        """Column of parameter ``name``."""
        return self.param_names.index(name)

    def param(self, name: str) -> np.ndarray:
        """Values of one parameter over the steps, followed by its final value."""
        i = self.index(name)
        return np.append(self.params[:, i], self.final_params[i])

    def final(self) -> dict[str, float]:
        """Final parameters as {name: value}."""
        return {n: float(v) for n, v in zip(self.param_names, self.final_params)}

    def params_at(self, k: int) -> dict[str, float]:
        """Parameters at step k; k == n_steps (or -1) gives the final parameters."""
        row = self.final_params if k in (self.n_steps, -1) else self.params[k]
        return {n: float(v) for n, v in zip(self.param_names, row)}

    def step(self, k: int) -> Step:
        """Step k as plain numbers."""
        if not 0 <= k < self.n_steps:
            raise IndexError(f"step {k} is out of range; this trace has {self.n_steps} steps")
        names = self.param_names
        new = self.params[k + 1] if k + 1 < self.n_steps else self.final_params
        return Step(
            step=k,
            params=dict(zip(names, map(float, self.params[k]))),
            loss=float(self.loss[k]),
            gradients=dict(zip(names, map(float, self.gradients[k]))),
            step_sizes={n: float(self.step_sizes[k, self.index(n)]) for n in self.optimised},
            new_params=dict(zip(names, map(float, new))),
            learning_rate=float(self.learning_rates[k]),
            predictions=tuple(self.predictions[k].tolist()),
        )

    def chain(self, k: int | None = None) -> Any:
        """Every chain-rule factor at step k (None: at the final parameters). For a dense
        network this is its backpropagation (:class:`nnmath.dense.DenseChain`: delta2,
        delta1, each row's part of every gradient).

        For a mini-batch run, step k's factors cover that step's batch only, exactly
        as that step's gradients did.
        """
        if k is None or k == self.n_steps:
            return self.model().chain(self.final_params, self.inputs, self.outputs)
        rows = slice(None) if self.batches is None else self.batches[k]
        return self.model().chain(self.params[k], self.inputs[rows], self.outputs[rows])

    def forward(self, inputs=None, k: int | None = None):
        """Forward pass at step k (None: final parameters) over ``inputs`` (default: data).

        For the dosage network this keeps every intermediate (see DosageForward); for the
        line it is the predictions.
        """
        params = self.final_params if k is None or k == self.n_steps else self.params[k]
        model = self.model()
        x = self.inputs if inputs is None else np.asarray(inputs, dtype=float)
        return model.forward(params, x)

    def grid_inputs(self) -> np.ndarray | None:
        """The square grid of inputs a two-input preset records forward values on:
        shaped (n, n, 2), entry [j, i] = (first input i/(n-1), second input j/(n-1));
        None when the trace has no grid (``settings["grid"]`` gives n)."""
        n = self.settings.get("grid")
        if not n:
            return None
        axis = np.linspace(0.0, 1.0, int(n))
        first, second = np.meshgrid(axis, axis)
        return np.stack([first, second], axis=-1)

    def curves(self, grid, steps=None):
        """Forward pass for many steps over a grid in one vectorised call.

        Returns arrays shaped (len(steps), len(grid)). ``steps`` defaults to every step
        followed by the final parameters.
        """
        table = np.vstack([self.params, self.final_params[None, :]])
        if steps is not None:
            table = table[np.asarray(steps, dtype=int)]
        model = self.model()
        columns = {n: table[:, i, None] for i, n in enumerate(self.param_names)}
        g = np.asarray(grid, dtype=float)[None, :]
        return model.forward(columns, g)

    def loss_curve(self, name: str, values, k: int | None = None) -> np.ndarray:
        """SSR over all the data as parameter ``name`` takes each of ``values``, the other
        parameters held at step k (None: final). Vectorised: one call for the whole curve."""
        vals = np.asarray(values, dtype=float)
        return self._loss_at({name: vals.ravel()}, k).reshape(vals.shape)

    def loss_grid(self, x_name: str, xs, y_name: str, ys, k: int | None = None) -> np.ndarray:
        """SSR over all the data on the grid of (``x_name``, ``y_name``) values, the other
        parameters held at step k (None: final). Shaped (len(ys), len(xs)): row j is
        ``y_name = ys[j]``. One vectorised call, for contour maps and surfaces."""
        gx, gy = np.meshgrid(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))
        return self._loss_at({x_name: gx.ravel(), y_name: gy.ravel()}, k).reshape(gx.shape)

    def _loss_at(self, columns_override: dict, k: int | None) -> np.ndarray:
        row = self.final_params if k is None or k == self.n_steps else self.params[k]
        size = len(next(iter(columns_override.values())))
        table = np.repeat(row[None, :], size, axis=0)
        for name, vals in columns_override.items():
            table[:, self.index(name)] = vals
        return self.model().loss_table(table, self.inputs, self.outputs)

    def tangent(self, name: str, k: int, values) -> np.ndarray:
        """The tangent of the SSR-versus-``name`` curve at step k, evaluated at ``values``:
        SSR_k + dSSR/dname_k * (value - name_k). k == n_steps: at the final parameters."""
        if k == self.n_steps:
            chain = self.chain()
            at, loss, slope = self.final_params[self.index(name)], chain.loss, chain.gradient(name)
        else:
            i = self.index(name)
            at, loss, slope = self.params[k, i], self.loss[k], self.gradients[k, i]
        return loss + slope * (np.asarray(values, dtype=float) - at)

    # --- comparing ---------------------------------------------------------------
    def __eq__(self, other) -> bool:
        if not isinstance(other, Trace):
            return NotImplemented
        for name in self.__dataclass_fields__:
            a, b = getattr(self, name), getattr(other, name)
            if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
                if a is None or b is None or a.shape != b.shape or a.dtype != b.dtype:
                    return False
                if not np.array_equal(a, b, equal_nan=a.dtype.kind == "f"):
                    return False
            elif isinstance(a, Mapping):
                if dict(a) != dict(b):
                    return False
            elif isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
                continue
            elif a != b:
                return False
        return True

    __hash__ = None  # type: ignore[assignment]  # equal traces need not share a hash
