"""The winning-class map of a two-input classifier: which class the network picks at every
point of a grid over its two inputs, at many steps of a run, in one vectorised pass.

For a trace of a :class:`~nnmath.dense.DenseNetwork` with two inputs and SoftMax outputs,
:func:`class_map` lays a ``size`` x ``size`` grid over the data's range (padded by
``pad`` of the range on every side) and evaluates the network there for every step asked
for, all at once::

    hidden sums   Z1[s, g] = W1[s] x[g] + b1[s]        (steps, grid points, hidden)
    raw outputs   Z2[s, g] = W2[s] f(Z1[s, g]) + b2[s]  (steps, grid points, outputs)
    probabilities P = SoftMax(Z2),   winner = ArgMax(Z2)

Grid point ``[j, i]`` is (first input ``xs[i]``, second input ``ys[j]``): rows run up the
second input, as a picture of the map is read bottom to top. Step ``n_steps`` means the
final parameters. :func:`row_hits` says, step by step, which training rows the network
classifies as their own class (read from the trace's recorded probabilities).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .arrays import readonly
from .dense import DenseNetwork
from .errors import SettingError
from .softmax import argmax, softmax
from .trace import Trace

__all__ = ["ClassMap", "class_map", "row_hits", "check_classifier", "DEFAULT_SIZE", "MAX_SIZE", "PAD"]

#: grid points along each input by default
DEFAULT_SIZE = 64
#: the largest grid: size x size points at every step
MAX_SIZE = 400
#: the grid reaches this share of the data's range beyond the data on every side
PAD = 0.1
#: the smallest span of an input's grid, when every row has the same value
MIN_SPAN = 1.0


@dataclass(frozen=True, eq=False)
class ClassMap:
    """The map at each step (read-only arrays).

    Attributes:
        steps: (S,) the trace steps mapped (``n_steps``: the final parameters).
        xs: (size,) the first input's grid values, ascending.
        ys: (size,) the second input's grid values, ascending.
        probabilities: (S, size, size, C) SoftMax probability of each class at grid point
            [j, i] = (xs[i], ys[j]).
        winner: (S, size, size) the index of the winning class (ArgMax of the raw outputs).
        input_names: the two inputs, in the order of ``xs`` and ``ys``.
        class_names: the classes, in the order of the last axis of ``probabilities``.
    """

    steps: np.ndarray
    xs: np.ndarray
    ys: np.ndarray
    probabilities: np.ndarray
    winner: np.ndarray
    input_names: tuple[str, str]
    class_names: tuple[str, ...]

    def grid_inputs(self) -> np.ndarray:
        """The grid's input rows, (size, size, 2): entry [j, i] is (xs[i], ys[j])."""
        first, second = np.meshgrid(self.xs, self.ys)
        return np.stack([first, second], axis=-1)

    def at(self, step: int) -> int:
        """The index into ``steps`` of trace step ``step``."""
        found = np.flatnonzero(self.steps == step)
        if not found.size:
            raise SettingError(f"step {step} is not in this map; it has steps "
                               f"{', '.join(str(int(s)) for s in self.steps)}")
        return int(found[0])


def check_classifier(trace: Trace) -> None:
    """A one-sentence SettingError unless ``trace`` is a dense network with two inputs and
    SoftMax outputs (what a winning-class map needs)."""
    model = trace.model()
    if not isinstance(model, DenseNetwork) or model.output != "softmax":
        raise SettingError("a winning-class map needs a dense network with SoftMax outputs "
                           "(a trace of nnmath fit-classes)")
    if len(model.input_labels) != 2:
        raise SettingError(f"a winning-class map needs two inputs; this network has "
                           f"{len(model.input_labels)}")


def _steps(trace: Trace, steps) -> np.ndarray:
    if steps is None:
        return np.arange(trace.n_steps + 1)
    picked = np.atleast_1d(np.asarray(steps))
    if picked.size == 0 or picked.dtype.kind not in "iu" or picked.ndim != 1:
        raise SettingError("give the steps to map as whole numbers, e.g. [0, 10, 20]")
    bad = picked[(picked < 0) | (picked > trace.n_steps)]
    if bad.size:
        raise SettingError(f"step {int(bad[0])} is out of range; this trace has steps 0 to "
                           f"{trace.n_steps} ({trace.n_steps} is the final parameters)")
    return picked.astype(np.int64)


def _check_size(size) -> int:
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or not 2 <= size <= MAX_SIZE:
        raise SettingError(f"the map's size is {size!r}; choose a whole number from 2 to {MAX_SIZE}")
    return int(size)


def _axis(values: np.ndarray, size: int, pad: float) -> np.ndarray:
    lo, hi = float(np.min(values)), float(np.max(values))
    if hi - lo < 1e-12:
        lo, hi = lo - MIN_SPAN / 2, hi + MIN_SPAN / 2
    margin = (hi - lo) * pad
    return np.linspace(lo - margin, hi + margin, size)


def class_map(trace: Trace, steps=None, size: int = DEFAULT_SIZE, pad: float = PAD) -> ClassMap:
    """The winning-class map of ``trace`` at ``steps`` (default: every step and the final
    parameters) on a ``size`` x ``size`` grid over the data's range padded by ``pad``:
    one vectorised forward pass for every step and grid point (see the module docstring)."""
    check_classifier(trace)
    picked = _steps(trace, steps)
    size = _check_size(size)
    if not 0 <= pad <= 1:
        raise SettingError(f"the map's padding is {pad!r}; choose a share from 0 to 1")
    model = trace.model()
    assert isinstance(model, DenseNetwork)  # check_classifier: a dense network
    inputs = np.asarray(trace.inputs, dtype=float)
    xs, ys = _axis(inputs[:, 0], size, pad), _axis(inputs[:, 1], size, pad)
    first, second = np.meshgrid(xs, ys)
    points = np.stack([first.ravel(), second.ravel()], axis=-1)  # (G, 2)
    table = np.vstack([trace.params, trace.final_params[None, :]])[picked]
    w1, b1, w2, b2 = model.layers_table(table)  # (S,H,2), (S,H), (S,C,H), (S,C)
    with np.errstate(over="ignore", invalid="ignore"):
        z1 = np.einsum("shi,gi->sgh", w1, points) + b1[:, None, :]
        raw = np.einsum("sch,sgh->sgc", w2, model.activation(z1)) + b2[:, None, :]
        probabilities = softmax(raw)
    n_classes = raw.shape[-1]
    shape = (len(picked), size, size)
    return ClassMap(
        steps=readonly(picked), xs=readonly(xs), ys=readonly(ys),
        probabilities=readonly(np.ascontiguousarray(probabilities.reshape(shape + (n_classes,)))),
        winner=readonly(np.ascontiguousarray(argmax(raw).reshape(shape))),
        input_names=(model.input_labels[0], model.input_labels[1]),
        class_names=tuple(model.output_labels),
    )


def row_hits(trace: Trace, steps=None) -> np.ndarray:
    """(S, rows) True where a training row's winning class (the largest recorded SoftMax
    probability) at that step is the row's own class; step ``n_steps``: after the run."""
    check_classifier(trace)
    picked = _steps(trace, steps)
    probabilities = np.concatenate([np.reshape(trace.predictions, (trace.n_steps, *trace.final_predictions.shape)),
                                    trace.final_predictions[None]])[picked]
    return readonly(argmax(probabilities) == np.asarray(trace.outputs, dtype=int)[None, :])
