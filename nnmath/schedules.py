"""Learning-rate schedules: how the learning rate changes from one step to the next.

A schedule is written as a short text so that it fits in a trace's settings, a CSV header
and a command-line flag:

- ``constant``: every step uses the learning rate (the lecture's default);
- ``exponential:D``: step k uses rate x D^k, with 0 < D <= 1 (e.g. ``exponential:0.9``);
- ``inverse:D``: step k uses rate / (1 + D x k), with D >= 0 (e.g. ``inverse:0.5``).

Both shrinking schedules start with big steps that cover ground quickly and end with
small steps that settle instead of jumping back and forth across the minimum.
"""

from __future__ import annotations

import math

import numpy as np

from .errors import SettingError

__all__ = ["SCHEDULES", "check_schedule", "learning_rates"]

SCHEDULES = {
    "constant": "every step uses the learning rate",
    "exponential": "step k uses learning rate x D^k (0 < D <= 1)",
    "inverse": "step k uses learning rate / (1 + D x k) (D >= 0)",
}

_HOW = "write 'constant', 'exponential:0.9' or 'inverse:0.5'"


def check_schedule(spec) -> str:
    """The schedule ``spec`` in its canonical form (``"exponential:0.9"``); one-line errors."""
    if spec is None:
        return "constant"
    if not isinstance(spec, str):
        raise SettingError(f"the learning-rate schedule must be text; {_HOW}")
    text = spec.strip().lower()
    kind, _, arg = text.partition(":")
    if kind not in SCHEDULES:
        raise SettingError(f"unknown learning-rate schedule {spec!r}; {_HOW}")
    if kind == "constant":
        if arg:
            raise SettingError(f"the constant schedule takes no number ({spec!r}); write 'constant'")
        return "constant"
    try:
        decay = float(arg)
    except ValueError:
        raise SettingError(f"the {kind} schedule needs a number after ':' ({spec!r}); {_HOW}") from None
    if not math.isfinite(decay):
        raise SettingError(f"the {kind} schedule's number must be finite ({spec!r})")
    if kind == "exponential" and not 0 < decay <= 1:
        raise SettingError(f"the exponential schedule's factor must be above 0 and at most 1, not {decay:g}")
    if kind == "inverse" and not 0 <= decay <= 1e6:
        raise SettingError(f"the inverse schedule's decay must be from 0 to 1e6, not {decay:g}")
    return f"{kind}:{decay:g}"


def learning_rates(spec: str, rate: float, n_steps: int) -> np.ndarray:
    """The learning rate of each of the first ``n_steps`` steps under schedule ``spec``."""
    kind, _, arg = check_schedule(spec).partition(":")
    k = np.arange(n_steps, dtype=float)
    if kind == "constant":
        return np.full(n_steps, float(rate))
    decay = float(arg)
    if kind == "exponential":
        return rate * decay ** k
    return rate / (1.0 + decay * k)
