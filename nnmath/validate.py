"""Checks on user input, turning bad values into one clear sentence.

The limits are documented in the README: at most ``MAX_POINTS`` data points and
``MAX_STEPS`` gradient-descent steps, so that a typo cannot start a run that never ends.
"""

from __future__ import annotations

import math
import re
from typing import Iterable

import numpy as np

from .errors import DataError, SettingError

__all__ = [
    "MAX_POINTS",
    "MAX_STEPS",
    "as_number",
    "is_blank",
    "as_data",
    "check_learning_rate",
    "check_max_steps",
    "check_tolerance",
    "check_seed",
]

MAX_POINTS = 200
MAX_STEPS = 20_000


def as_number(value, what: str) -> float:
    """One finite float from a number or a string like "0.5"; otherwise a DataError."""
    if isinstance(value, bool):
        raise DataError(f"{what} is {value!r}, which is not a number")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    except (TypeError, ValueError):
        shown = _shown(value)
        if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+,\d+\s*", value):
            raise DataError(f"{what} is {shown}, which is not a number; write decimals with a "
                            f"point: {value.strip().replace(',', '.')}") from None
        raise DataError(f"{what} is {shown}, which is not a number; type a number such as 0.5") from None
    if not math.isfinite(number) and not re.search(r"inf|nan", str(value).lower()):
        raise DataError(f"{what} is {_shown(value)}, too large for floating point; use a number "
                        "below 1e308 (or rescale the data)")
    if not math.isfinite(number):
        raise DataError(f"{what} is {_shown(value)}; use a finite number (not NaN or infinity)")
    if number == 0 and isinstance(value, str) and re.search(r"[1-9]", value.lower().split("e")[0]):
        raise DataError(f"{what} is {_shown(value)}, too close to 0 for floating point (it would "
                        "become 0); type 0 or a larger number")
    return number


def _shown(value, limit: int = 40) -> str:
    """A typed value in a message: its repr on one line, cut short when long."""
    text = " ".join(repr(value).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _as_vector(values, name: str) -> np.ndarray:
    if isinstance(values, (str, bytes)):
        raise DataError(f"{name} must be a list of numbers, not the text {values!r}")
    try:
        items = list(values) if not isinstance(values, np.ndarray) else list(np.ravel(values))
    except TypeError:
        raise DataError(f"{name} must be a list of numbers, got {values!r}") from None
    try:
        table = np.ndim(values) > 1 and np.asarray(values).squeeze().ndim > 1
    except ValueError:  # rows of different lengths
        table = True
    if table:
        raise DataError(f"{name} must be one list of numbers, not a table")
    if not items:
        raise DataError(f"{name} is empty; give at least one number")
    if len(items) > MAX_POINTS:
        raise DataError(f"{name} has {len(items)} values; the limit is {MAX_POINTS} data points")
    singular = name[:-1] if name.endswith("s") else name
    numbers = [as_number(v, f"{singular} {i + 1}") for i, v in enumerate(items)]
    return np.array(numbers, dtype=float)


def as_data(inputs: Iterable, outputs: Iterable) -> tuple[np.ndarray, np.ndarray]:
    """Training data as two float arrays of equal length, checked value by value."""
    x = _as_vector(inputs, "inputs")
    y = _as_vector(outputs, "outputs")
    if x.shape != y.shape:
        raise DataError(
            f"there are {x.size} inputs but {y.size} outputs; give one output for every input"
        )
    return x, y


def check_learning_rate(value) -> float:
    """A learning rate must be a finite number above 0."""
    rate = _setting_number(value, "the learning rate")
    if rate <= 0:
        raise SettingError(f"the learning rate is {rate:g}; it must be above 0 (try 0.1)")
    return rate


def check_tolerance(value) -> float:
    """The step-size tolerance of the stopping rule must be a finite number >= 0."""
    tol = _setting_number(value, "the tolerance")
    if tol < 0:
        raise SettingError(f"the tolerance is {tol:g}; it must be 0 or above (try 0.001)")
    return tol


def check_max_steps(value, what: str = "the maximum number of steps") -> int:
    """Maximum iterations: a whole number from 1 to MAX_STEPS."""
    number = _setting_number(value, what)
    if number != int(number):
        raise SettingError(f"{what} is {number:g}; it must be a whole number")
    steps = int(number)
    if steps <= 0:
        raise SettingError(f"{what} is {steps}; it must be at least 1")
    if steps > MAX_STEPS:
        raise SettingError(f"{what} is {steps}; the limit is {MAX_STEPS}")
    return steps


#: seeds up to this are kept exactly whichever way they are typed (a float holds them)
MAX_SEED = 2 ** 53


def check_seed(value) -> int:
    """A seed is a whole number from 0 to MAX_SEED, kept exactly as typed."""
    number = _setting_number(value, "the seed")
    if number != int(number) or not 0 <= number <= MAX_SEED:
        raise SettingError(f"the seed is {_shown(value)}; it must be a whole number 0 or above (at most "
                           f"{MAX_SEED})")
    return int(number)


def _setting_number(value, what: str) -> float:
    try:
        return as_number(value, what)
    except DataError as err:
        raise SettingError(str(err)) from None


def is_blank(cell) -> bool:
    """An empty cell of a typed table: None, NaN (how an empty numeric cell arrives) or
    only whitespace."""
    if cell is None:
        return True
    if isinstance(cell, float) and cell != cell:
        return True
    return str(cell).strip() == ""
