"""Fit a one-input, one-output network to a person's own data, from seeded random weights.

With two hidden nodes (the default) the network is the lecture's 1-2-1 dosage network
(parameters w1..w4, b1..b3). With any other number of hidden nodes it is a
:class:`~nnmath.dense.DenseNetwork` with one input ``x``, hidden nodes ``h1..hN``, one
output ``y`` with no output activation, and the SSR as its loss: the same network
grown or shrunk.

:func:`node_curves` gives, for either kind, each hidden node's contribution to the output
(its activation times its output weight) and the output itself over a grid of inputs at
many steps of a run, in one vectorised call: what the fit video draws.
"""

from __future__ import annotations

import numpy as np

from .dense import DenseNetwork
from .descent import gradient_descent, initial_params
from .dosage import DosageNetwork
from .errors import DataError, SettingError, UnknownNameError
from .trace import Trace
from .validate import as_data, as_number, check_max_steps, check_seed

__all__ = ["fit", "node_curves", "check_hidden", "check_scale", "HIDDEN_ACTIVATIONS", "MAX_HIDDEN"]

HIDDEN_ACTIVATIONS = ("softplus", "relu", "sigmoid")
#: at most this many hidden nodes (each one is a curve in the video)
MAX_HIDDEN = 4


def check_hidden(value) -> int:
    """The number of hidden nodes: a whole number from 1 to MAX_HIDDEN."""
    try:
        number = as_number(value, "the number of hidden nodes")
    except ValueError as err:
        raise SettingError(str(err)) from None
    if number != int(number) or not 1 <= number <= MAX_HIDDEN:
        raise SettingError(f"the number of hidden nodes is {value!r}; "
                           f"choose a whole number from 1 to {MAX_HIDDEN} (2 is the lecture's)")
    return int(number)


def _model(activation: str, hidden: int):
    if hidden == 2:
        return DosageNetwork(activation=activation)
    return DenseNetwork(inputs=("x",), hidden=tuple(f"h{k + 1}" for k in range(hidden)),
                        outputs=("y",), activation=activation, output="identity", loss="ssr")


def fit(
    inputs,
    outputs,
    *,
    activation: str = "softplus",
    hidden: int = 2,
    max_iterations: int = 1000,
    learning_rate: float = 0.1,
    tolerance: float = 0.001,
    seed: int = 0,
    batch_size: int | None = None,
    schedule: str = "constant",
) -> Trace:
    """Optimise every parameter of a 1-``hidden``-1 network on ``inputs`` -> ``outputs``.

    Weights start from a standard normal seeded with ``seed``, biases at 0; the run stops
    by the lecture's rule (every step size <= ``tolerance``, or ``max_iterations`` steps).
    """
    if activation not in HIDDEN_ACTIVATIONS:
        raise UnknownNameError(
            f"unknown activation {activation!r}; choose one of: {', '.join(HIDDEN_ACTIVATIONS)}"
        )
    hidden = check_hidden(hidden)
    max_iterations = check_max_steps(max_iterations, "the maximum number of iterations")
    x, y = as_data(inputs, outputs)  # the same messages whatever the network's size
    model, start, x = _start(x, y, activation, hidden, seed)
    return gradient_descent(
        model, start, x, y, learning_rate=learning_rate, tolerance=tolerance,
        max_steps=max_iterations, batch_size=batch_size, seed=seed, schedule=schedule,
    )


def _start(x, y, activation: str, hidden: int, seed):
    """The model, its seeded start and the inputs shaped for it; a DataError when the
    data is too large for the starting network's loss to be computed in floating point."""
    model = _model(activation, hidden)
    start = initial_params(model, check_seed(seed))
    rows = model.check_data(x, y)[0]  # one value per row for a dense network
    with np.errstate(all="ignore"):
        loss, _, grads = model.loss_grad(model.vector(start), rows, y)
    if not (np.isfinite(loss) and np.isfinite(grads).all()):
        biggest = float(np.max(np.abs(np.concatenate([x, y]))))
        scale = 10.0 ** np.ceil(np.log10(biggest)) if biggest > 1 else 1.0
        raise DataError(f"the data is too large to compute with: with values up to {biggest:.3g} "
                        f"the SSR of the starting network is already too large for floating point;"
                        f" rescale the data, e.g. divide every value by {scale:g}")
    return model, start, rows


def check_scale(inputs, outputs, activation: str = "softplus", hidden: int = 2, seed: int = 0) -> None:
    """Raise a DataError when the data is too large to fit in floating point (the loss
    or a derivative of the starting network overflows), before any fitting."""
    x, y = as_data(inputs, outputs)
    _start(x, y, activation, check_hidden(hidden), seed)


def node_curves(trace: Trace, grid, steps=None) -> dict[str, np.ndarray]:
    """Each hidden node's contribution and the output over ``grid`` at ``steps``.

    Returns {"nodes": (hidden, len(steps), len(grid)), "output": (len(steps), len(grid))}.
    A node's contribution is its activation times its weight into the output (the
    lecture's scaled curves); the output is their sum plus the output bias. ``steps``
    defaults to every step followed by the final parameters (index ``n_steps``).
    """
    table = np.vstack([trace.params, trace.final_params[None, :]])
    if steps is not None:
        table = table[np.asarray(steps, dtype=int)]
    return trace.model().node_curves(table, grid)
