"""What a beat may show: the values of what it declares (a trace at a step, for some rows),
written the ways the screen writes them, and how selective that allowed set is.

A beat declares what it shows with :class:`scenes.common.beats.Shows` (on the beat, or on
the scene for every beat that declares nothing). The numbers-on-screen guard allows at a
beat only the values of that declaration:

- of a trace at step ``k``: the parameters before and after the step, its loss, gradients,
  step sizes and learning rate, the predictions, residuals and forward pass on the data and
  every chain-rule factor and product of that step; at the final parameters (``step=None``)
  the same without a step;
- restricted to the data ``rows`` declared (inputs, targets, and every per-row array) and
  to the kinds of value declared (``parts``: the parameters only, the chain rule, ...);
- the settings a scene writes (learning rate, tolerance) and the declaration's own
  ``values`` (numbers nnmath computes outside a trace) and ``consts`` (counts, ticks).

:func:`coverage` measures how much an allowed set lets through: the share of the
two-decimal numbers from 0 up to the largest number the beat shows that some allowed
value would write. A check whose allowed set covers most of them cannot fail.
"""

from __future__ import annotations

import functools
import math
from dataclasses import fields, is_dataclass
from typing import Iterable, Mapping

import numpy as np

import nnmath
from scenes.common.beats import Shows
from scenes.common.numbers import fmt, fmt_input, fmt_small

__all__ = ["scope_values", "trace_values_at", "written_forms", "accepts", "coverage", "WIDEST",
           "PARTS"]

#: the kinds of value a trace holds at a step (``Shows(parts=...)`` picks some)
PARTS = ("data", "params", "loss", "gradients", "steps", "predictions", "forward", "chain",
         "terms", "settings")

#: the largest share of two-decimal numbers an allowed set may cover (see coverage): the
#: check must turn away at least half of the numbers it could meet. (One step of a network
#: with many values between 0 and 1, every row of it, covers a third to a half of them; a
#: whole chapter's traces, as the check had them before, up to all of them.)
WIDEST = 0.5


@functools.lru_cache(maxsize=None)
def _preset(name: str) -> nnmath.Trace:
    return nnmath.build(name)


def _trace(source) -> nnmath.Trace:
    if isinstance(source, str):
        return _preset(source)
    return source if isinstance(source, nnmath.Trace) else source()


def _rows(arr, rows, n_points: int) -> np.ndarray:
    """``arr`` with only the declared rows, when its first axis runs over the data points."""
    a = np.asarray(arr, dtype=float)
    if rows is None or a.ndim == 0 or a.shape[0] != n_points:
        return a.ravel()
    return a[list(rows)].ravel()


def _parts(obj) -> list:
    """The numeric arrays of a forward pass or a chain rule, whatever their kind: every
    numeric field (and the fields of the parts it holds, but not a chain rule's copy of the
    forward pass: that is the "forward" kind) and every named factor."""
    if not is_dataclass(obj):
        return [obj] if np.asarray(obj).dtype.kind in "fiu" else []
    out = []
    for f in fields(obj):
        if f.name == "forward":
            continue
        value = getattr(obj, f.name)
        if isinstance(value, Mapping):
            out += [v for v in value.values() if np.asarray(v).dtype.kind in "fiu"]
        else:
            out += _parts(value)
    return out


def _terms(chain) -> list:
    """Each parameter's per-row products (they add up to its gradient), when kept."""
    out = []
    for name in getattr(chain, "param_names", ()):
        try:
            out.append(chain.terms(name))
        except (AttributeError, KeyError):
            break
    return out


def trace_values_at(trace: nnmath.Trace, step, rows, parts=None) -> np.ndarray:
    """The values of ``trace`` at ``step`` (None: its final parameters), for ``rows``, of
    the kinds in ``parts`` (None: all of :data:`PARTS`)."""
    steps = trace.n_steps
    k = None if step is None or step >= steps else int(step)
    after = trace.final_params if k is None or k + 1 >= steps else trace.params[k + 1]
    pred = trace.final_predictions if k is None else trace.predictions[k]
    found = {"data": [trace.inputs, trace.outputs], "predictions": [pred],
             "settings": [trace.settings.get("tolerance", 0.001),
                          trace.settings.get("learning_rate", 0.0)]}
    if k is None:
        found.update(params=[trace.final_params], loss=[trace.final_loss])
    else:
        found.update(params=[trace.params[k], after], loss=[trace.loss[k]],
                     gradients=[trace.gradients[k]],
                     steps=[trace.step_sizes[k], trace.learning_rates[k]])
    if np.size(trace.outputs) and np.ndim(pred) == 1:  # a regression's residuals
        found["predictions"].append(nnmath.loss.residuals(trace.outputs, pred))
    found["forward"] = _parts(trace.forward(k=k))
    if steps or np.size(trace.outputs):
        chain = trace.chain(k)
        found["chain"], found["terms"] = _parts(chain), _terms(chain)
    n = len(trace.inputs)
    values = [_rows(v, rows, n) for part, vs in found.items() if parts is None or part in parts
              for v in vs]
    return np.concatenate(values) if values else np.zeros(0)


@functools.lru_cache(maxsize=None)
def scope_values(shows: Shows) -> np.ndarray:
    """Every value ``shows`` declares, as floats."""
    parts = [np.asarray(shows.consts, dtype=float).ravel()]
    if shows.trace is not None:
        trace = _trace(shows.trace)
        steps = shows.step if isinstance(shows.step, tuple) else (shows.step,)
        parts += [trace_values_at(trace, k, shows.rows, shows.parts) for k in steps]
    if shows.values is not None:
        parts.append(np.ravel(np.asarray(shows.values(), dtype=float)))
    values = np.concatenate(parts)
    return values[np.isfinite(values)]


def written_forms(values: Iterable[float], most_places: int = 6) -> frozenset[str]:
    """Every way the screen may write one of ``values``, minus signs dropped: with 0 to
    ``most_places`` decimals (more where shown arithmetic must add up), with two
    significant figures when small, and as typed (``0.5``, ``0.001``)."""
    forms: set[str] = set()
    found = np.ravel(np.abs(np.asarray(list(values), dtype=float)))
    for v in {float(x) for x in found[np.isfinite(found)]}:
        forms.update(fmt(v, p) for p in range(2, most_places + 1))
        forms.update(fmt_small(v, figures=f) for f in (2, 3))
        forms.add(fmt_input(v))
    return frozenset(forms)


def accepts(forms: frozenset[str], token: str) -> bool:
    """True when the written number ``token`` (a sign is ignored) is one of ``forms``."""
    return token.replace("\u2212", "-").lstrip("-") in forms


def coverage(forms: frozenset[str], largest: float) -> float:
    """The share of the two-decimal numbers 0.00, 0.01, ... up to ``largest`` (at least
    1) that ``forms`` accepts: near 1 means any number would pass."""
    top = max(1, math.ceil(abs(largest)))
    hits = sum(1 for f in forms if "." in f and len(f.split(".")[1]) == 2 and float(f) <= top)
    return hits / (100 * top + 1)
