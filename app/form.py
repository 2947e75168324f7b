"""What a person types on the page, checked field by field into a :class:`FitRequest`.

Every problem becomes a :class:`FieldError` naming the field it belongs to, so the page
shows the one-sentence message right next to that field. Values are only ever turned
into numbers (``float``) or matched against fixed choices: nothing typed reaches a shell,
``eval`` or a file path.

Limits (also in the README): at most ``MAX_POINTS`` data points and ``MAX_ITERATIONS``
iterations, 1 to ``MAX_HIDDEN`` hidden nodes. The video's length does not grow with
the data or the iterations: it always draws at most ``app.fit_scene.FRAMES`` sampled
iterations in about ``VIDEO_SECONDS`` seconds.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from types import MappingProxyType

from nnmath.errors import NNMathError
from nnmath.fit import HIDDEN_ACTIVATIONS, MAX_HIDDEN, check_hidden, check_scale
from nnmath.validate import (MAX_POINTS, MAX_STEPS, as_data, check_learning_rate,
                             check_max_steps, check_seed, is_blank)

from .render import check_quality

__all__ = ["FitRequest", "FieldError", "FIELDS", "DEFAULTS", "MAX_POINTS", "MAX_ITERATIONS",
           "MAX_HIDDEN", "VIDEO_SECONDS", "SETTING_NAMES", "check_form", "check_field",
           "check_activation", "check_iterations", "table_rows", "split_numbers", "paste_to_rows"]

MAX_ITERATIONS = MAX_STEPS
VIDEO_SECONDS = 21  # at normal pace; see app.fit_scene.timeline
CACHE_VERSION = "fit-video-3"  # change when the video, the files or the verdict change, to re-render

#: the page's fields, in the order they appear
FIELDS = ("data", "paste", "max_iterations", "activation", "hidden", "learning_rate", "seed",
          "quality")

#: the dosage data of the lecture, with settings that give a smooth fit at once
DEFAULTS = {
    "inputs": (0.0, 0.5, 1.0),
    "outputs": (0.0, 1.0, 0.0),
    "max_iterations": 1000,
    "activation": "softplus",
    "hidden": 2,
    "learning_rate": 0.1,
    "seed": 13,
    "quality": "l",
}


class FieldError(NNMathError):
    """Bad input in one field of the page; ``field`` is one of FIELDS."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class FitRequest:
    """Checked input of one fit: everything the worker needs, nothing else."""

    inputs: tuple[float, ...]
    outputs: tuple[float, ...]
    max_iterations: int
    activation: str
    hidden: int
    learning_rate: float
    seed: int
    quality: str
    tolerance: float = 0.001

    def as_dict(self) -> dict:
        """Plain JSON-ready values (tuples as lists)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, values: dict) -> "FitRequest":
        """The request back from :meth:`as_dict` (in the worker process)."""
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})

    def key(self) -> str:
        """The cache key: a hash of every value (floats by their exact repr)."""
        text = json.dumps([CACHE_VERSION, self.as_dict()], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


_SEPARATORS = re.compile(r"[,;\s]+")


def split_numbers(text) -> list[str]:
    """"0, 0.5, 1" or "0 0.5 1" or one value per line -> ["0", "0.5", "1"] (still text)."""
    if text is None:
        return []
    return [part for part in _SEPARATORS.split(str(text)) if part]


def table_rows(table) -> tuple[list, list]:
    """(inputs, outputs) from the table's rows; wholly empty rows are left out, half
    empty ones are an error naming the row."""
    if table is None:
        raise FieldError("data", "the table is empty; type at least one input and output")
    if hasattr(table, "values") and hasattr(table, "columns"):  # a pandas DataFrame
        table = table.values.tolist()
    inputs, outputs = [], []
    for number, row in enumerate(list(table), 1):
        cells = list(row) + [None, None]
        x, y = cells[0], cells[1]
        if is_blank(x) and is_blank(y):
            continue
        if is_blank(x) or is_blank(y):
            missing = "input" if is_blank(x) else "output"
            raise FieldError("data", f"row {number} has no {missing}; fill it in or clear the row")
        inputs.append(str(x).strip() if isinstance(x, str) else x)
        outputs.append(str(y).strip() if isinstance(y, str) else y)
    if not inputs:
        raise FieldError("data", "the table is empty; type at least one input and output")
    return inputs, outputs


def paste_to_rows(inputs_text, outputs_text) -> list[list[str]]:
    """Two pasted comma-separated lists as table rows, checked like the table."""
    xs, ys = split_numbers(inputs_text), split_numbers(outputs_text)
    try:
        as_data(xs, ys)
    except NNMathError as err:
        raise FieldError("paste", str(err)) from None
    return [[x, y] for x, y in zip(xs, ys)]


#: how a message names each setting the tabs share
SETTING_NAMES: Mapping[str, str] = MappingProxyType({
    "max_iterations": "the maximum number of iterations", "hidden": "the number of hidden nodes",
    "learning_rate": "the learning rate", "seed": "the seed", "activation": "the activation",
    "quality": "the video quality"})


def check_field(field: str, check, value, defaults: Mapping, names: Mapping[str, str] = SETTING_NAMES):
    """``check(value)`` for one field of a tab: an empty field, or a value ``check`` refuses
    (an NNMathError), is a FieldError of ``field``; an empty one says what it is
    (``names``) and gives the tab's default (``defaults``) as an example."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise FieldError(field, f"{names.get(field, field)} is empty; type a value (for example "
                                f"{defaults[field]})")
    try:
        return check(value)
    except NNMathError as err:
        raise FieldError(field, str(err)) from None


def check_activation(value) -> str:
    """The hidden nodes' activation, one of nnmath's HIDDEN_ACTIVATIONS (any case, spaces around)."""
    name = str(value).strip().lower()
    if name not in HIDDEN_ACTIVATIONS:
        raise NNMathError(f"the activation is {value!r}; choose one of: {', '.join(HIDDEN_ACTIVATIONS)}")
    return name


def check_iterations(value) -> int:
    """The maximum number of iterations (nnmath's check of a step count)."""
    return check_max_steps(value, "the maximum number of iterations")


def _check(field: str, check, value):
    return check_field(field, check, value, DEFAULTS)


def check_form(table, max_iterations, activation, hidden, learning_rate, seed,
               quality) -> FitRequest:
    """Every field checked in page order; the first problem raises its FieldError."""
    inputs, outputs = table_rows(table)
    try:
        x, y = as_data(inputs, outputs)
    except NNMathError as err:
        raise FieldError("data", str(err)) from None
    request = FitRequest(
        inputs=tuple(map(float, x)), outputs=tuple(map(float, y)),
        max_iterations=_check("max_iterations", check_iterations, max_iterations),
        activation=_check("activation", check_activation, activation),
        hidden=_check("hidden", check_hidden, hidden),
        learning_rate=_check("learning_rate", check_learning_rate, learning_rate),
        seed=_check("seed", check_seed, seed),
        quality=_check("quality", check_quality, quality),
    )
    try:  # data too large for floating point is the data's fault, whatever the rate
        check_scale(x, y, request.activation, request.hidden, request.seed)
    except NNMathError as err:
        raise FieldError("data", str(err)) from None
    return request

