"""nnmath: the numbers behind the neural-network lecture.

Every forward pass, chain-rule factor, derivative and gradient-descent step that the
lecture shows, computed with numpy and returned as immutable traces that can be exported
(JSON, CSV, NPZ) and reused. This package never imports manim.

    >>> import nnmath
    >>> trace = nnmath.build("main-ideas")
    >>> round(trace.final()["b3"], 2)
    2.61
"""

from .activations import ACTIVATIONS, get_activation, identity, relu, sigmoid, softplus
from .chain import ChainRule
from .descent import forward_trace, gradient_descent, initial_params
from .dosage import DOSAGE_PARAMS, DosageForward, DosageNetwork
from .errors import DataError, NNMathError, SettingError, TraceFormatError, UnknownNameError
from .export import load, save
from .fit import fit
from .line import Line
from .loss import residuals, ssr, ssr_grad
from .models import make_model
from .neuron import SURFING, Neuron, Perceptron, neuron, neuron_curve, perceptron, surfing_what_ifs
from .presets import PRESETS, build, get_preset, preset_names
from .report import BEHAVIOURS, Report, describe
from .schedules import SCHEDULES, check_schedule, learning_rates
from .trace import SCHEMA_VERSION, STOP_REASONS, Step, Trace
from .validate import MAX_POINTS, MAX_STEPS

__all__ = [
    "ACTIVATIONS", "get_activation", "identity", "relu", "sigmoid", "softplus",
    "ChainRule", "forward_trace", "gradient_descent", "initial_params",
    "DOSAGE_PARAMS", "DosageForward", "DosageNetwork",
    "DataError", "NNMathError", "SettingError", "TraceFormatError", "UnknownNameError",
    "load", "save", "fit", "Line", "residuals", "ssr", "ssr_grad", "make_model",
    "SURFING", "Neuron", "Perceptron", "neuron", "neuron_curve", "perceptron", "surfing_what_ifs",
    "PRESETS", "build", "get_preset", "preset_names",
    "BEHAVIOURS", "Report", "describe", "SCHEDULES", "check_schedule", "learning_rates",
    "SCHEMA_VERSION", "STOP_REASONS", "Step", "Trace", "MAX_POINTS", "MAX_STEPS",
]
