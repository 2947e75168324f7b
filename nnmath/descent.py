"""Gradient descent over any chosen subset of a model's parameters, every step recorded.

Each step follows the lecture: evaluate the SSR and its derivatives at the current
values, step size = derivative x learning rate, new value = old value - step size.
The run stops when every step size is at or below the tolerance (that last, tiny step is
still taken), after ``max_steps`` steps, or as soon as the loss or a derivative becomes
infinite or NaN or grows past ``DIVERGENCE_FACTOR`` times its starting value (then the
steps so far are kept and the trace says it diverged).

The learning rate may follow a schedule (see :mod:`nnmath.schedules`) that starts large
and shrinks; each step's rate is recorded in the trace.

With ``batch_size`` smaller than the data, each step uses a seeded random mini-batch
(stochastic gradient descent); the recorded loss is still the SSR over all the data so
that batch and stochastic runs can be compared step by step.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from .errors import DataError, SettingError
from .model import Model
from .schedules import check_schedule, learning_rates
from .trace import STOP_REASONS, Trace
from .validate import check_learning_rate, check_max_steps, check_seed, check_tolerance

__all__ = ["gradient_descent", "initial_params", "forward_trace", "DIVERGENCE_FACTOR"]

#: a run whose SSR grows past this many times its first value is stopped as diverged
DIVERGENCE_FACTOR = 1e6


def initial_params(model: Model, seed: int = 0) -> dict[str, float]:
    """Weights from a seeded standard normal, biases (and every other parameter) 0."""
    rng = np.random.default_rng(check_seed(seed))
    draws = rng.standard_normal(len(model.weight_names))
    start = {name: 0.0 for name in model.param_names}
    start.update({name: float(v) for name, v in zip(model.weight_names, draws)})
    return start


def forward_trace(model: Model, params, inputs, outputs, preset: str | None = None,
                  settings: Mapping | None = None) -> Trace:
    """A trace with no steps: the forward values of ``params`` on the data."""
    x, y = model.check_data(inputs, outputs)
    vec = model.vector(params)
    chain = model.chain(vec, x, y)
    p = len(model.param_names)
    return Trace.record(
        kind=model.kind, model_settings=model.settings(), preset=preset,
        settings=dict(settings or {}), inputs=x, outputs=y, param_names=model.param_names,
        optimised=(), params=np.empty((0, p)), loss=np.empty(0), gradients=np.empty((0, p)),
        step_sizes=np.empty((0, p)), learning_rates=np.empty(0), predictions=np.empty(0),
        batches=None, final_params=vec, final_loss=chain.loss,
        final_predictions=chain.predictions, stopped_because="forward-only",
        message="a forward pass only: no parameter was optimised",
    )


def gradient_descent(
    model: Model,
    start: Mapping[str, float] | Sequence[float],
    inputs,
    outputs,
    *,
    optimise: Sequence[str] | None = None,
    learning_rate: float = 0.1,
    tolerance: float = 0.001,
    max_steps: int = 1000,
    batch_size: int | None = None,
    seed: int = 0,
    schedule: str = "constant",
    preset: str | None = None,
) -> Trace:
    """Run gradient descent from ``start`` and return the full trace.

    Args:
        model: a DosageNetwork, a Line or a DenseNetwork.
        start: starting value of every parameter.
        inputs, outputs: the training data.
        optimise: names of the parameters to change (default: all); the others stay fixed.
        learning_rate: step size = derivative x learning rate (the first step's rate when
            a schedule shrinks it).
        tolerance: stop once every step size is at or below this (0.001 in the lecture).
        max_steps: stop after this many steps (1000 in the lecture).
        batch_size: mini-batch size for stochastic gradient descent (None: all the data).
        seed: seeds the mini-batch draws.
        schedule: "constant", "exponential:D" or "inverse:D" (see nnmath.schedules).
        preset: the preset's name, recorded in the trace.
    """
    x, y = model.check_data(inputs, outputs)
    if y.size == 0:
        raise DataError("there are no observed values to fit; give one for every input")
    rate = check_learning_rate(learning_rate)
    tol = check_tolerance(tolerance)
    limit = check_max_steps(max_steps)
    seed = check_seed(seed)
    schedule = check_schedule(schedule)
    rates = learning_rates(schedule, rate, limit)
    names = model.check_names(model.param_names if optimise is None else optimise)
    mask = np.array([n in names for n in model.param_names], dtype=float)
    chosen = mask > 0
    batch = _check_batch_size(batch_size, len(x))
    rng = np.random.default_rng(seed)

    theta = model.vector(start)
    rows: dict[str, list] = {"params": [], "loss": [], "gradients": [], "steps": [],
                             "predictions": [], "batches": []}
    reason = "max-steps"
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(limit):
            loss, predictions, grads = model.loss_grad(theta, x, y)
            if batch is not None:
                idx = np.sort(rng.choice(len(x), size=batch, replace=False))
                grads = model.loss_grad(theta, x[idx], y[idx])[2]
                rows["batches"].append(idx)
            ceiling = DIVERGENCE_FACTOR * rows["loss"][0] if rows["loss"] else np.inf
            if not (np.isfinite(loss) and np.isfinite(grads).all()) or loss > ceiling:
                reason = "diverged"
                if batch is not None:
                    rows["batches"].pop()
                break
            step = rates[k] * grads * mask
            rows["params"].append(theta)
            rows["loss"].append(loss)
            rows["gradients"].append(grads)
            rows["steps"].append(step)
            rows["predictions"].append(predictions)
            theta = theta - step
            if (np.abs(step[chosen]) <= tol).all():
                reason = "step-size"
                break
        final_loss, final_predictions, _ = model.loss_grad(theta, x, y)
    if reason != "diverged" and not np.isfinite(final_loss):
        reason = "diverged"

    n_steps = len(rows["loss"])
    return Trace.record(
        kind=model.kind, model_settings=model.settings(), preset=preset,
        settings={"learning_rate": rate, "tolerance": tol, "max_steps": limit,
                  "batch_size": batch, "seed": seed, "schedule": schedule},
        inputs=x, outputs=y, param_names=model.param_names, optimised=names,
        params=rows["params"], loss=rows["loss"], gradients=rows["gradients"],
        step_sizes=rows["steps"], learning_rates=rates[:n_steps],
        predictions=rows["predictions"],
        batches=None if batch is None else np.reshape(rows["batches"], (n_steps, batch)),
        final_params=theta, final_loss=final_loss, final_predictions=final_predictions,
        stopped_because=reason, message=_stop_message(reason, n_steps, tol, rate, model.loss_name),
    )


def _check_batch_size(batch_size, n_points: int) -> int | None:
    if batch_size is None:
        return None
    size = check_max_steps(batch_size, "the batch size")
    if size > n_points:
        raise SettingError(f"the batch size is {size} but there are only {n_points} data points")
    return None if size == n_points else size


def _stop_message(reason: str, n_steps: int, tolerance: float, rate: float,
                  loss_name: str = "SSR") -> str:
    if reason == "step-size":
        return f"stopped after {n_steps} steps: every step size was at or below {tolerance:g}"
    if reason == "max-steps":
        return f"stopped after {n_steps} steps: the maximum number of steps was reached"
    if reason == "diverged":
        return (f"stopped after {n_steps} steps: the {loss_name} blew up (infinite, NaN or over "
                f"{DIVERGENCE_FACTOR:g} times its start) at the learning rate {rate:g}; "
                f"trace.report() checks a smaller one by trial runs")
    return STOP_REASONS[reason]
