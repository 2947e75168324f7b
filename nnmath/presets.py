"""The worked examples of the lecture, by name (data and parameters from REFERENCE.md).

Each preset records its data, its starting parameters and its run settings; every result
(predictions, SSR, derivatives, steps, final values) is computed by :func:`build`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Mapping

from .descent import forward_trace, gradient_descent
from .errors import UnknownNameError
from .models import make_model
from .trace import Trace
from .schedules import check_schedule
from .validate import check_learning_rate, check_max_steps, check_seed, check_tolerance

__all__ = ["Preset", "PRESETS", "get_preset", "build", "preset_names"]

DOSAGE_DATA = ((0.0, 0.5, 1.0), (0.0, 1.0, 0.0))
WEIGHT_HEIGHT_DATA = ((0.5, 2.3, 2.9), (1.4, 1.9, 3.2))
_FITTED_HIDDEN = dict(w1=3.34, b1=-1.43, w2=-3.53, b2=0.57)


@dataclass(frozen=True)
class Preset:
    """A named worked example: model, data, starting parameters and run settings.

    ``optimise`` empty means a forward pass only.
    """

    name: str
    description: str
    kind: str
    start: Mapping[str, float]
    data: tuple[tuple[float, ...], tuple[float, ...]]
    optimise: tuple[str, ...] = ()
    learning_rate: float = 0.1
    tolerance: float = 0.001
    max_steps: int = 1000
    model_settings: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "start", MappingProxyType(dict(self.start)))
        object.__setattr__(self, "model_settings", MappingProxyType(dict(self.model_settings)))


_LIST = [
    Preset("black-box", "Inside the black box: the fitted softplus network, forward pass only",
           "dosage", dict(w1=-34.4, b1=2.14, w2=-2.52, b2=1.29, w3=-1.30, w4=2.28, b3=-0.58),
           DOSAGE_DATA),
    Preset("main-ideas", "Backpropagation main ideas: optimise b3 only, learning rate 0.1",
           "dosage", dict(_FITTED_HIDDEN, w3=-1.22, w4=-2.30, b3=0.0), DOSAGE_DATA, ("b3",)),
    Preset("details-w3-w4-b3", "Backpropagation details part 1: optimise w3, w4 and b3",
           "dosage", dict(_FITTED_HIDDEN, w3=0.36, w4=0.63, b3=0.0), DOSAGE_DATA,
           ("w3", "w4", "b3")),
    Preset("details-all", "Backpropagation details part 2: optimise all seven parameters",
           "dosage", dict(w1=2.74, b1=0.0, w2=-1.13, b2=0.0, w3=0.36, w4=0.63, b3=0.0),
           DOSAGE_DATA, ("w1", "b1", "w2", "b2", "w3", "w4", "b3")),
    Preset("relu", "ReLU in action: ReLU in both hidden nodes and on the output, forward only",
           "dosage", dict(w1=1.70, b1=-0.85, w2=12.6, b2=0.0, w3=-40.8, w4=2.70, b3=-16.0),
           DOSAGE_DATA, model_settings=dict(activation="relu", output_activation="relu")),
    Preset("gradient-descent-intercept",
           "Gradient descent step by step: the intercept, slope fixed at 0.64",
           "line", dict(intercept=0.0, slope=0.64), WEIGHT_HEIGHT_DATA, ("intercept",)),
    Preset("gradient-descent-intercept-slope",
           "Gradient descent step by step: intercept and slope together, learning rate 0.01",
           "line", dict(intercept=0.0, slope=1.0), WEIGHT_HEIGHT_DATA, ("intercept", "slope"),
           learning_rate=0.01),
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
    preset = get_preset(name)
    overrides = {}
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
    if not preset.optimise:
        return forward_trace(model, preset.start, inputs, outputs, preset=preset.name)
    return gradient_descent(
        model, preset.start, inputs, outputs, optimise=preset.optimise,
        learning_rate=preset.learning_rate, tolerance=preset.tolerance,
        max_steps=preset.max_steps, preset=preset.name, **run,
    )
