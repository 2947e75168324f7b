"""What a gradient-descent run did, in words a teacher can put on screen.

:func:`describe` reads a trace and says whether the run converged smoothly, converged
while jumping back and forth across the minimum (oscillating), stalled (stopped before the
loss moved), crawled, diverged, or ran out of steps while still improving, with the
figures behind the verdict and a suggestion.

Every suggestion is checked before it is offered: the run is repeated from the same start
with the suggested setting for at most ``TRIAL_STEPS`` steps (a trial run), and the
suggestion is given only when that trial did what the suggestion promises; the message
quotes the trial's figures. When no candidate passes, the message says so instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["Report", "describe", "BEHAVIOURS", "OSCILLATION_SHARE", "STALL_SHARE", "TRIAL_STEPS"]

BEHAVIOURS = {
    "forward-only": "a forward pass: nothing was optimised",
    "converged": "the step sizes became tiny and the run stopped",
    "stalled": "it stopped before the loss moved: every step was too small to make a difference",
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
#: a run that stopped by the step-size rule with its loss lowered by less than this share
#: of the starting loss learned nothing meaningful: it is "stalled", not "converged" (a run
#: that starts with a loss of 0 is converged)
STALL_SHARE = 0.01
#: a suggestion is checked by a trial run of at most this many steps
TRIAL_STEPS = 2000
#: data values beyond this size are named as the likely cause when no rate helps
LARGE_DATA = 1e3
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
        suggested_rate: the learning rate the message suggests, checked by a trial run
            (None when no rate is suggested).
        blame: "learning_rate", "data" or None: what the message says to change.
    """

    behaviour: str
    steps: int
    first_loss: float
    last_loss: float
    sign_changes: dict
    oscillating: tuple[str, ...]
    remaining: dict
    message: str
    suggested_rate: float | None = None
    blame: str | None = None


def describe(trace) -> Report:
    """Read ``trace`` and say what the run did (trial runs check any suggestion)."""
    n = trace.n_steps
    loss = trace.model().loss_name
    stopped = trace.stopped_because
    if n == 0 and stopped != "diverged":
        shown = (f": {loss} {trace.final_loss:.4g}" if np.isfinite(trace.final_loss)
                 else " (no observed values, so no loss)")
        return Report("forward-only", 0, trace.final_loss, trace.final_loss, {}, (), {},
                      f"a forward pass only{shown}")
    changes, remaining = {}, {}
    for name in trace.optimised:
        steps = trace.step_sizes[:, trace.index(name)]
        signs = np.sign(steps)
        changes[name] = int(np.sum(signs[1:] * signs[:-1] < 0))
        remaining[name] = _still_to_go(steps)
    zigzag = list(describe_zigzag(trace))
    first = float(trace.loss[0]) if n else float(trace.final_loss)
    last = float(trace.final_loss)
    rate = float(trace.learning_rates[0]) if n else float(trace.settings.get("learning_rate", 0.1))
    trials = _Trials(trace, first, last)
    args = (n, first, last, changes, tuple(zigzag), remaining)
    if stopped == "diverged":
        return _diverged(trace, trials, rate, loss, zigzag, changes, args)
    if stopped == "max-steps":
        biggest = float(np.max(np.abs(trace.step_sizes[-1])))
        text = (f"still moving after {n} steps (last step size {biggest:.2g}, {loss} "
                f"{first:.4g} -> {last:.4g})")
        better = trials.first_of([rate * 2, rate * 5], trials.lower_than(last))
        if better:
            return Report("unfinished", *args, f"{text}; try a larger learning rate such as "
                          f"{better.rate:g} ({better.said(loss)})", better.rate, "learning_rate")
        more = trials.longer()
        if more is not None:
            return Report("unfinished", *args, f"{text}; allow more steps ({more})")
        return Report("unfinished", *args, f"{text}; neither a larger learning rate nor more "
                      "steps did better in trial runs")
    if zigzag:
        text = (f"converged after {n} steps, {loss} {first:.4g} -> {last:.4g}, but"
                f"{_zigzag_text(zigzag, changes, n)[1:]}")
        smooth = trials.first_of([rate / 2, rate / 4, rate / 10], trials.smooth)
        if smooth:
            return Report("oscillating", *args, f"{text}; a learning rate of {smooth.rate:g} takes "
                          f"a smoother path ({smooth.said(loss)})", smooth.rate, "learning_rate")
        return Report("oscillating", *args, f"{text}; smaller learning rates (down to "
                      f"{rate / 10:g}) did not take a smoother path in trial runs")
    if first - last < STALL_SHARE * abs(first) and first > 0:
        drop = 100 * (first - last) / first
        text = (f"learned almost nothing: it stopped after {n} step{'s' * (n != 1)} because every "
                f"step size was at or below the tolerance {trace.settings.get('tolerance', 0.001):g}"
                f", and the {loss} only went from {first:.4g} to {last:.4g} ({drop:.2g} % lower)")
        # 10 to a million times the rate, and every power of ten from 1e-6 to 10 above it
        larger = sorted({rate * 10 ** k for k in range(1, 7)}
                        | {10.0 ** k for k in range(-6, 2) if 10.0 ** k > rate})
        better = trials.first_of(larger, trials.learns, best=True)
        if better:
            return Report("stalled", *args, f"{text}; try a learning rate of {better.rate:g} "
                          f"({better.said(loss)})", better.rate, "learning_rate")
        if trials.tried:
            return Report("stalled", *args, f"{text}; larger learning rates up to {larger[-1]:g} "
                          "got no lower in trial runs either, so it starts at a minimum or on a "
                          "flat stretch (another seed starts elsewhere)")
        return Report("stalled", *args, text)
    if n >= _MIN_STEPS and _farthest(remaining) > CRAWL_FACTOR * trace.settings["tolerance"]:
        name = max(remaining, key=lambda p: np.nan_to_num(remaining[p], nan=-1.0))
        text = (f"crawled for {n} steps and stopped short: {name} was still about "
                f"{remaining[name]:.2g} from the minimum when its step size fell to the "
                f"tolerance")
        better = trials.first_of([rate * 2, rate * 5, rate * 10], trials.lower_than(last))
        if better:
            return Report("crawling", *args, f"{text}; try a smaller tolerance, or a larger "
                          f"learning rate such as {better.rate:g} ({better.said(loss)})",
                          better.rate, "learning_rate")
        return Report("crawling", *args, f"{text}; try a smaller tolerance (larger learning "
                      "rates did no better in trial runs)")
    return Report("converged", *args, f"converged after {n} steps: {loss} {first:.4g} -> {last:.4g}")


def _diverged(trace, trials, rate, loss, zigzag, changes,
              args: tuple[int, float, float, dict, tuple[str, ...], dict]) -> Report:
    n, first, last = args[0], args[1], args[2]
    text = (f"diverged after {n} steps: the {loss} went from {first:.4g} to {last:.4g}"
            f"{_zigzag_text(zigzag, changes, n)}")
    # a tenth, a hundredth, a thousandth of the rate, then every power of ten below it
    candidates = [rate / 10, rate / 100, rate / 1000]
    candidates += [10.0 ** k for k in range(0, -9, -1) if 10.0 ** k < candidates[-1]]
    good = trials.first_of(candidates, trials.learns, best=True)
    if good:
        return Report("diverged", *args, f"{text}; try a learning rate of {good.rate:g} "
                      f"({good.said(loss)})", good.rate, "learning_rate")
    lowest = min(candidates)
    biggest = _largest_value(trace)
    if biggest > LARGE_DATA:
        scale = 10.0 ** math.ceil(math.log10(biggest))
        return Report("diverged", *args, f"{text}; no learning rate from {candidates[0]:g} down to "
                      f"{lowest:g} fitted it in trial runs: the data values are large (up to "
                      f"{biggest:.3g}), so rescale them, e.g. divide every value by {scale:g}",
                      None, "data")
    return Report("diverged", *args, f"{text}; no learning rate from {candidates[0]:g} down to "
                  f"{lowest:g} fitted it in trial runs", None, "learning_rate")


def _largest_value(trace) -> float:
    values = np.concatenate([np.ravel(trace.inputs), np.ravel(trace.outputs)]).astype(float)
    values = np.abs(values[np.isfinite(values)])
    return float(values.max()) if values.size else 0.0


@dataclass(frozen=True)
class _Trial:
    rate: float
    steps: int
    first: float
    last: float
    stopped: str

    def said(self, loss: str) -> str:
        how = "in" if self.stopped != "max-steps" else "after"
        return (f"a trial run at {self.rate:g} took the {loss} from {self.first:.4g} to "
                f"{self.last:.4g} {how} {self.steps} steps")


class _Trials:
    """Trial runs of the same trace from the same start with another learning rate."""

    def __init__(self, trace, first: float, last: float):
        self.trace, self.first, self.last = trace, first, last
        self.tried = 0

    def run(self, rate: float, start=None, steps: int | None = None):
        from .descent import gradient_descent  # descent imports trace, which imports this lazily
        from .errors import NNMathError

        tr, settings = self.trace, self.trace.settings
        if not (math.isfinite(rate) and rate > 0) or tr.n_steps == 0 and start is None and not tr.optimised:
            return None
        begin = tr.params[0] if tr.n_steps else tr.final_params
        limit = int(settings.get("max_steps", 1000) or 1000)
        try:
            run = gradient_descent(
                tr.model(), begin if start is None else start, tr.inputs, tr.outputs,
                optimise=tr.optimised or None, learning_rate=rate,
                tolerance=settings.get("tolerance", 0.001),
                max_steps=steps or min(limit, TRIAL_STEPS),
                batch_size=settings.get("batch_size"), seed=settings.get("seed") or 0,
                schedule=settings.get("schedule") or "constant")
        except (NNMathError, ValueError, TypeError, OverflowError):
            return None
        self.tried += 1
        return run

    def first_of(self, rates, accept, best: bool = False) -> _Trial | None:
        """The first rate whose trial run passes ``accept``; with ``best``, of those that
        pass, the one whose trial ended with the lowest loss."""
        passed = []
        for rate in rates:
            run = self.run(rate)
            if run is None or run.n_steps == 0:
                continue
            trial = _Trial(rate, run.n_steps, float(run.loss[0]), float(run.final_loss),
                           run.stopped_because)
            if run.stopped_because != "diverged" and np.isfinite(trial.last) and accept(run, trial):
                if not best:
                    return trial
                passed.append(trial)
        return min(passed, key=lambda t: t.last, default=None)

    def learns(self, run, trial) -> bool:
        """The trial lowered the loss meaningfully (and below this run's end)."""
        return (trial.first - trial.last >= STALL_SHARE * abs(trial.first)
                and (not math.isfinite(self.last) or trial.last < self.last))

    def lower_than(self, target: float):
        """The trial ended meaningfully lower than ``target``."""
        return lambda run, trial: trial.last < target * (1 - STALL_SHARE)

    def smooth(self, run, trial) -> bool:
        """The trial converged without oscillating."""
        return run.stopped_because == "step-size" and describe_zigzag(run) == ()

    def longer(self) -> str | None:
        """Continue from the final parameters: do more steps lower the loss?"""
        run = self.run(float(self.trace.learning_rates[-1]), start=self.trace.final_params,
                       steps=TRIAL_STEPS)
        if run is None or not np.isfinite(run.final_loss) or run.final_loss >= self.last:
            return None
        return (f"a trial run of {run.n_steps} more steps took the {self.trace.model().loss_name} "
                f"from {self.last:.4g} to {float(run.final_loss):.4g}")


def describe_zigzag(trace) -> tuple[str, ...]:
    """The parameters whose steps changed direction more than OSCILLATION_SHARE of the time
    in the second half of the run."""
    n, names = trace.n_steps, []
    for name in trace.optimised:
        signs = np.sign(trace.step_sizes[:, trace.index(name)])
        late = (signs[1:] * signs[:-1] < 0)[(n - 1) // 2:]
        if n >= _MIN_STEPS and np.sum(late) > OSCILLATION_SHARE * late.size:
            names.append(name)
    return tuple(names)


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
