"""What a gradient-descent run did, in words a teacher can put on screen.

:func:`describe` reads a trace and says whether the run converged smoothly, converged
while jumping back and forth across the minimum (oscillating), diverged, or ran out of
steps while still improving, with the figures behind the verdict and a suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Report", "describe", "BEHAVIOURS", "OSCILLATION_SHARE"]

BEHAVIOURS = {
    "forward-only": "a forward pass: nothing was optimised",
    "converged": "the step sizes became tiny and the run stopped",
    "crawling": "the steps became tiny and the run stopped well short of the minimum",
    "oscillating": "it converged, but kept overshooting the minimum and coming back",
    "diverged": "the loss blew up: each step overshot further than the last",
    "unfinished": "the maximum number of steps ran out while it was still improving",
}

#: a parameter oscillates when more than this share of the consecutive steps in the second
#: half of the run change sign (a shrinking schedule may zig-zag early, then settle)
OSCILLATION_SHARE = 0.5
#: a run crawls when the distance still to go, estimated from how slowly its last steps
#: shrink, is more than this many times the tolerance
CRAWL_FACTOR = 50.0
_MIN_STEPS = 4  # fewer steps than this are too few to call a zig-zag or a crawl


@dataclass(frozen=True)
class Report:
    """The verdict on one run.

    Attributes:
        behaviour: a key of BEHAVIOURS.
        steps: number of steps taken.
        first_loss, last_loss: the loss (SSR or cross entropy) at the start and after the last step.
        sign_changes: {parameter: how many consecutive steps changed direction}.
        oscillating: the parameters whose steps changed sign more than OSCILLATION_SHARE
            of the time in the second half of the run.
        remaining: {parameter: estimated distance still to the minimum when the run
            stopped}, from the last two steps as a geometric series: |s| r / (1 - r) with
            r = |s_last| / |s_before|; NaN when the last steps were not shrinking steadily
            (no estimate).
        message: one or two sentences with the figures and what to try.
    """

    behaviour: str
    steps: int
    first_loss: float
    last_loss: float
    sign_changes: dict
    oscillating: tuple[str, ...]
    remaining: dict
    message: str


def describe(trace) -> Report:
    """Read ``trace`` and say what the run did."""
    n = trace.n_steps
    loss = trace.model().loss_name
    if n == 0:
        shown = (f": {loss} {trace.final_loss:.4g}" if np.isfinite(trace.final_loss)
                 else " (no observed values, so no loss)")
        return Report("forward-only", 0, trace.final_loss, trace.final_loss, {}, (), {},
                      f"a forward pass only{shown}")
    changes, zigzag, remaining = {}, [], {}
    for name in trace.optimised:
        steps = trace.step_sizes[:, trace.index(name)]
        signs = np.sign(steps)
        reversed_ = signs[1:] * signs[:-1] < 0
        changes[name] = int(np.sum(reversed_))
        late = reversed_[(n - 1) // 2:]
        if n >= _MIN_STEPS and np.sum(late) > OSCILLATION_SHARE * late.size:
            zigzag.append(name)
        remaining[name] = _still_to_go(steps)
    first, last = float(trace.loss[0]), float(trace.final_loss)
    rate = float(trace.learning_rates[0])
    stopped = trace.stopped_because
    if stopped == "diverged":
        behaviour = "diverged"
        message = (f"diverged after {n} steps: the {loss} went from {first:.4g} to {last:.4g}"
                   f"{_zigzag_text(zigzag, changes, n)}; try a learning rate of {rate / 10:g}")
    elif stopped == "max-steps":
        behaviour = "unfinished"
        biggest = float(np.max(np.abs(trace.step_sizes[-1])))
        message = (f"still moving after {n} steps (last step size {biggest:.2g}, {loss} {first:.4g}"
                   f" -> {last:.4g}); allow more steps or try a larger learning rate such as {rate * 2:g}")
    elif zigzag:
        behaviour = "oscillating"
        message = (f"converged after {n} steps, {loss} {first:.4g} -> {last:.4g}, but"
                   f"{_zigzag_text(zigzag, changes, n)[1:]}; a learning rate of {rate / 2:g}"
                   f" takes a smoother path")
    elif n >= _MIN_STEPS and _farthest(remaining) > CRAWL_FACTOR * trace.settings["tolerance"]:
        behaviour = "crawling"
        name = max(remaining, key=lambda p: np.nan_to_num(remaining[p], nan=-1.0))
        message = (f"crawled for {n} steps and stopped short: {name} was still about "
                   f"{remaining[name]:.2g} from the minimum when its step size fell to the "
                   f"tolerance; try a smaller tolerance, or a larger learning rate such as "
                   f"{rate * 2:g}")
    else:
        behaviour = "converged"
        message = f"converged after {n} steps: {loss} {first:.4g} -> {last:.4g}"
    return Report(behaviour, n, first, last, changes, tuple(zigzag), remaining, message)


def _still_to_go(steps: np.ndarray) -> float:
    """Distance the parameter would still travel if its steps kept shrinking at the rate
    of the last two; 0 for a parameter that never moved."""
    if steps.size < 2 or steps[-1] == 0:
        return 0.0
    before, last = abs(float(steps[-2])), abs(float(steps[-1]))
    if np.sign(steps[-1]) != np.sign(steps[-2]) or last >= before:
        return float("nan")
    r = last / before
    return last * r / (1.0 - r)


def _zigzag_text(names, changes, n) -> str:
    if not names:
        return ""
    name = names[0]
    return f", {name} jumping back and forth across the minimum ({changes[name]} of {n - 1} steps reversed)"


def _farthest(remaining: dict) -> float:
    values = [v for v in remaining.values() if np.isfinite(v)]
    return max(values, default=0.0)
