"""The worked examples of the lecture, by name (published data and parameters from
:mod:`nnmath.reference`, which names its sources).

Each preset records its data, its starting parameters and its run settings; every result
(predictions, SSR, derivatives, steps, final values) is computed by :func:`build`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping, Sequence

from . import reference as ref
from .conv import shift
from .descent import forward_trace, gradient_descent, initial_params
from .errors import UnknownNameError
from .models import make_model
from .trace import Trace
from .schedules import check_schedule
from .validate import check_learning_rate, check_max_steps, check_seed, check_tolerance

__all__ = ["Preset", "PRESETS", "get_preset", "build", "run_preset", "preset_names"]

DOSAGE_DATA = ref.DOSAGE
WEIGHT_HEIGHT_DATA = ref.WEIGHT_HEIGHT
_FITTED_HIDDEN = ref.FITTED_HIDDEN

# The Iris network: petal and sepal width (scaled to 0..1) -> two ReLU nodes -> three
# species, SoftMax on the raw outputs and cross entropy as the loss.
IRIS_MODEL = dict(inputs=("petal", "sepal"), hidden=("top", "bottom"),
                  outputs=("setosa", "versicolor", "virginica"), activation="relu",
                  output="softmax", loss="cross-entropy")
IRIS_WEIGHTS = ref.IRIS_WEIGHTS
IRIS_WORKED = (ref.IRIS_WORKED_INPUTS, ())
IRIS_TRAINING = ref.IRIS_TRAINING
#: points per side of the petal/sepal grid the iris preset records forward values on
IRIS_GRID = 21

# The convolutional network: 6x6 black-and-white images of an O and an X, one 3x3 filter,
# ReLU, 2x2 max pooling, a dense head with two ReLU nodes and SoftMax over {O, X}.
CNN_O = ref.CNN_O
CNN_X = ref.CNN_X
#: the X moved one pixel to the right (its right column falls off, a blank column enters)
CNN_X_SHIFTED = tuple(tuple(int(v) for v in row) for row in shift(CNN_X, cols=1))
CNN_MODEL = dict(image_size=6, filter_size=3, pool="max", pool_size=2, hidden=("h1", "h2"),
                 outputs=("O", "X"), activation="relu")
#: seeds the random starting filter and dense weights (biases start at 0)
CNN_SEED = 31
CNN_TRAINING = ((CNN_O, CNN_X), ("O", "X"))
CNN_FORWARD = ((CNN_X, CNN_X_SHIFTED, CNN_O), ("X", "X", "O"))


@dataclass(frozen=True)
class Preset:
    """A named worked example: model, data, starting parameters and run settings.

    ``optimise`` empty means a forward pass only. ``grid`` > 0 records forward values
    on an n x n grid over the unit square of a two-input network. ``start_from`` names
    a training preset whose final parameters replace ``start``.
    """

    name: str
    description: str
    kind: str
    start: Mapping[str, float]
    data: tuple[Sequence[Any], Sequence[Any]]  # inputs (numbers, rows or images), outputs
    optimise: tuple[str, ...] = ()
    learning_rate: float = 0.1
    tolerance: float = 0.001
    max_steps: int = 1000
    model_settings: Mapping[str, object] = field(default_factory=dict)
    grid: int = 0
    start_from: str = ""

    def __post_init__(self):
        object.__setattr__(self, "start", MappingProxyType(dict(self.start)))
        object.__setattr__(self, "model_settings", MappingProxyType(dict(self.model_settings)))


# The opening chapter's network: the three "go surfing?" inputs -> three sigmoid neurons
# -> one sigmoid output ("go"), on four days, its cost the SSR against what the surfer
# did. The weights are the lecture's choice; gradient descent moves one output weight.
NEURONS_MODEL = dict(inputs=("waves", "empty", "safe"), hidden=("h1", "h2", "h3"),
                     outputs=("go",), activation="sigmoid", output="sigmoid", loss="ssr")
NEURONS_WEIGHTS = {
    "w[waves->h1]": 2.0, "w[empty->h1]": 0.5, "w[safe->h1]": 1.5, "b[h1]": -2.0,
    "w[waves->h2]": -1.0, "w[empty->h2]": 2.0, "w[safe->h2]": 0.5, "b[h2]": -0.5,
    "w[waves->h3]": 1.0, "w[empty->h3]": -0.5, "w[safe->h3]": 2.5, "b[h3]": -1.5,
    "w[h1->go]": 3.0, "w[h2->go]": -1.5, "w[h3->go]": 2.0, "b[go]": -3.0,
}
NEURONS_DAYS = (((1.0, 0.0, 1.0), (1.0, 1.0, 1.0), (0.0, 1.0, 1.0), (1.0, 1.0, 0.0)),
                (1.0, 1.0, 0.0, 0.0))

_LIST = [
    Preset("neurons", "Neurons: three inputs, three sigmoid neurons, one output; the cost "
           "on four days and gradient descent on one weight (h1 -> go), learning rate 2",
           "dense", NEURONS_WEIGHTS, NEURONS_DAYS, ("w[h1->go]",), learning_rate=2.0,
           model_settings=NEURONS_MODEL),
    Preset("black-box", "Inside the black box: the fitted softplus network, forward pass only",
           "dosage", ref.BLACK_BOX, DOSAGE_DATA),
    Preset("main-ideas", "Backpropagation main ideas: optimise b3 only, learning rate 0.1",
           "dosage", dict(_FITTED_HIDDEN, **ref.MAIN_IDEAS_OUTPUT), DOSAGE_DATA, ("b3",)),
    Preset("details-w3-w4-b3", "Backpropagation details part 1: optimise w3, w4 and b3",
           "dosage", dict(_FITTED_HIDDEN, **ref.DETAILS_START), DOSAGE_DATA,
           ("w3", "w4", "b3")),
    Preset("details-all", "Backpropagation details part 2: optimise all seven parameters",
           "dosage", ref.DETAILS_ALL_START, DOSAGE_DATA,
           ("w1", "b1", "w2", "b2", "w3", "w4", "b3")),
    Preset("relu", "ReLU in action: ReLU in both hidden nodes and on the output, forward only",
           "dosage", ref.RELU, DOSAGE_DATA, model_settings=dict(activation="relu", output_activation="relu")),
    Preset("gradient-descent-intercept",
           "Gradient descent step by step: the intercept, slope fixed at 0.64",
           "line", ref.LINE_INTERCEPT_ONLY_START, WEIGHT_HEIGHT_DATA, ("intercept",),
           learning_rate=ref.LINE_INTERCEPT_ONLY_RATE),
    Preset("gradient-descent-intercept-slope",
           "Gradient descent step by step: intercept and slope together, learning rate 0.01",
           "line", ref.LINE_BOTH_START, WEIGHT_HEIGHT_DATA, ("intercept", "slope"),
           learning_rate=ref.LINE_BOTH_RATE),
    Preset("iris", "Multiple inputs and outputs: the Iris network on the worked inputs and a "
           "petal/sepal grid", "dense", IRIS_WEIGHTS, IRIS_WORKED, model_settings=IRIS_MODEL,
           grid=IRIS_GRID),
    Preset("softmax", "ArgMax and SoftMax: raw outputs, ArgMax and SoftMax for the worked inputs",
           "dense", IRIS_WEIGHTS, IRIS_WORKED, model_settings=IRIS_MODEL),
    Preset("cross-entropy", "Cross entropy: predicted probabilities and cross entropy of the "
           "three training rows", "dense", IRIS_WEIGHTS, IRIS_TRAINING, model_settings=IRIS_MODEL),
    Preset("cross-entropy-b3", "Backpropagation with cross entropy: optimise the Setosa bias "
           "(b3) from -2, learning rate 1", "dense", dict(IRIS_WEIGHTS, **{"b[setosa]": ref.IRIS_SETOSA_BIAS_START}),
           IRIS_TRAINING, ("b[setosa]",), learning_rate=1.0, model_settings=IRIS_MODEL),
    Preset("cnn-x-vs-o", "Convolutional network: learn the 3x3 filter and the dense head on the "
           "O and X images from a seeded random start, learning rate 0.1", "cnn",
           initial_params(make_model("cnn", CNN_MODEL), CNN_SEED), CNN_TRAINING,
           tuple(make_model("cnn", CNN_MODEL).param_names), learning_rate=0.1,
           max_steps=2000, model_settings=CNN_MODEL),
    Preset("cnn-forward", "Convolutional network: the X, the X shifted one pixel right and the O "
           "through the trained network, every intermediate kept", "cnn",
           {}, CNN_FORWARD, model_settings=CNN_MODEL, start_from="cnn-x-vs-o"),
]

PRESETS: Mapping[str, Preset] = MappingProxyType({p.name: p for p in _LIST})


def preset_names() -> tuple[str, ...]:
    """Every preset name, in lecture order."""
    return tuple(PRESETS)


def get_preset(name: str) -> Preset:
    """The preset called ``name``; unknown names raise with the list of known ones."""
    try:
        return PRESETS[name]
    except (KeyError, TypeError):
        raise UnknownNameError(
            f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)}"
        ) from None


def build(name: str, *, learning_rate=None, max_steps=None, tolerance=None, schedule=None,
          batch_size=None, seed=None) -> Trace:
    """Compute the trace of preset ``name``, optionally overriding its run settings.

    ``schedule`` ("exponential:0.8", ...) shrinks the learning rate step by step;
    ``batch_size`` and ``seed`` turn the run into seeded stochastic gradient descent.
    """
    return run_preset(get_preset(name), learning_rate=learning_rate, max_steps=max_steps,
                      tolerance=tolerance, schedule=schedule, batch_size=batch_size, seed=seed)


def run_preset(preset: Preset, *, learning_rate=None, max_steps=None, tolerance=None,
               schedule=None, batch_size=None, seed=None) -> Trace:
    """Compute the trace of a :class:`Preset` (one of ``PRESETS`` or any other), with the
    run-setting overrides of :func:`build`."""
    overrides: dict = {}
    if learning_rate is not None:
        overrides["learning_rate"] = check_learning_rate(learning_rate)
    if max_steps is not None:
        overrides["max_steps"] = check_max_steps(max_steps)
    if tolerance is not None:
        overrides["tolerance"] = check_tolerance(tolerance)
    run = {"schedule": check_schedule(schedule), "batch_size": batch_size,
           "seed": 0 if seed is None else check_seed(seed)}
    preset = replace(preset, **overrides)
    model = make_model(preset.kind, preset.model_settings)
    inputs, outputs = preset.data
    start = _trained(preset.start_from) if preset.start_from else preset.start
    if not preset.optimise:
        grid = {"grid": preset.grid} if preset.grid else None
        return forward_trace(model, start, inputs, outputs, preset=preset.name,
                             settings=grid)
    return gradient_descent(
        model, start, inputs, outputs, optimise=preset.optimise,
        learning_rate=preset.learning_rate, tolerance=preset.tolerance,
        max_steps=preset.max_steps, preset=preset.name, **run,
    )


@lru_cache(maxsize=None)
def _trained(name: str) -> dict[str, float]:
    """The final parameters of training preset ``name`` with its own settings (traces are
    immutable and deterministic, so one computation serves every later build)."""
    return build(name).final()
