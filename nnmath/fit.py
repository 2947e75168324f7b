"""Fit the dosage network to a person's own data, starting from seeded random weights."""

from __future__ import annotations

from .descent import gradient_descent, initial_params
from .dosage import DosageNetwork
from .trace import Trace
from .errors import UnknownNameError
from .validate import check_max_steps, check_seed

__all__ = ["fit", "HIDDEN_ACTIVATIONS"]

HIDDEN_ACTIVATIONS = ("softplus", "relu", "sigmoid")


def fit(
    inputs,
    outputs,
    *,
    activation: str = "softplus",
    max_iterations: int = 1000,
    learning_rate: float = 0.1,
    tolerance: float = 0.001,
    seed: int = 0,
    batch_size: int | None = None,
    schedule: str = "constant",
) -> Trace:
    """Optimise all seven parameters of the 1-2-1 network on ``inputs`` -> ``outputs``.

    Weights start from a standard normal seeded with ``seed``, biases at 0; the run stops
    by the lecture's rule (every step size <= ``tolerance``, or ``max_iterations`` steps).
    """
    if activation not in HIDDEN_ACTIVATIONS:
        raise UnknownNameError(
            f"unknown activation {activation!r}; choose one of: {', '.join(HIDDEN_ACTIVATIONS)}"
        )
    max_iterations = check_max_steps(max_iterations, "the maximum number of iterations")
    model = DosageNetwork(activation=activation)
    start = initial_params(model, check_seed(seed))
    return gradient_descent(
        model, start, inputs, outputs, learning_rate=learning_rate, tolerance=tolerance,
        max_steps=max_iterations, batch_size=batch_size, seed=seed, schedule=schedule,
    )
