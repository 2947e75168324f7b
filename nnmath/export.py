"""Export and import traces as JSON, CSV (one row per step) or NPZ, with exact round trips.

JSON (schema version 1; see the README for every field)::

    {"schema_version": 1, "model": {"kind": ..., ...}, "preset": NAME  or  "fit": true,
     "settings": {...}, "data": {"inputs": [...], "outputs": [...]},
     "param_names": [...], "optimised": [...],
     "steps": [{"step", "params", "loss", "gradients", "step_sizes", "learning_rate",
                "predictions" [, "batch"]}],
     "final": {"params", "loss", "predictions", "stopped_because", "message" [, "forward"]}}

Floats are written with Python's shortest round-tripping repr, so reading gives back the
same bits. JSON has no infinity or NaN: those are written as the strings "Infinity",
"-Infinity" and "NaN". CSV carries the same header as ``# meta:`` JSON comment lines
above one row per step; NPZ carries it as a ``meta`` string beside the step arrays.
Files are written to a temporary file first and renamed over the target only when
complete, so an existing file is never left half-written.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import os
import stat
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from .errors import NNMathError, TraceFormatError
from .trace import SCHEMA_VERSION, STOP_REASONS, Trace

__all__ = ["FORMATS", "to_json", "from_json", "to_csv", "from_csv", "to_npz_bytes",
           "from_npz_bytes", "save", "load", "format_for_path", "encode", "write_atomic",
           "check_trace", "MAX_FILE_BYTES"]

FORMATS = ("json", "csv", "npz")
_NONFINITE = {"Infinity": math.inf, "-Infinity": -math.inf, "NaN": math.nan}


# --- numbers -----------------------------------------------------------------------
def encode(value: float):
    """A float for JSON: itself when finite, else "Infinity", "-Infinity" or "NaN"."""
    value = float(value)
    if math.isfinite(value):
        return value
    if math.isnan(value):
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def _decode(value) -> float:
    if isinstance(value, str):
        try:
            return _NONFINITE[value]
        except KeyError:
            raise TraceFormatError(f"{_short(value)} in the trace is not a number") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TraceFormatError(f"{_short(value)} in the trace is not a number")
    return float(value)


def _short(value, limit: int = 60) -> str:
    """A value's repr on one line, cut to ``limit`` characters (for error messages)."""
    text = " ".join(repr(value).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _nested(values):
    """An array of any shape as nested lists of JSON numbers."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iub":
        return arr.tolist()
    if arr.ndim == 0:
        return encode(float(arr))
    return [_nested(v) for v in arr]


def _decode_nested(value) -> np.ndarray:
    """Nested lists of JSON numbers back into a float array."""
    if isinstance(value, list):
        if not value:
            return np.empty(0)
        return np.array([_decode_nested(v) for v in value], dtype=float)
    return np.array(_decode(value))


def _named(names, row) -> dict:
    return {n: encode(v) for n, v in zip(names, row)}


# --- the header shared by every format ---------------------------------------------
def _header(trace: Trace) -> dict:
    head = {"schema_version": SCHEMA_VERSION, "model": {"kind": trace.kind, **trace.model_settings}}
    if trace.preset is not None:
        head["preset"] = trace.preset
    else:
        head["fit"] = True
    head["settings"] = {k: (encode(v) if isinstance(v, float) else v) for k, v in trace.settings.items()}
    head["data"] = {"inputs": _nested(trace.inputs), "outputs": _nested(trace.outputs)}
    head["param_names"] = list(trace.param_names)
    head["optimised"] = list(trace.optimised)
    final = {
        "params": _named(trace.param_names, trace.final_params),
        "loss": encode(trace.final_loss),
        "predictions": _nested(trace.final_predictions),
        "stopped_because": trace.stopped_because,
        "message": trace.message,
    }
    final.update(_tree(trace.model().published(trace)))
    head["final"] = final
    return head


def _tree(values):
    """A model's published values ({name: array or {name: ...}}) as JSON numbers."""
    if isinstance(values, Mapping):
        return {k: _tree(v) for k, v in values.items()}
    return _nested(values)


def _check_header(head) -> None:
    if not isinstance(head, dict) or "schema_version" not in head:
        raise TraceFormatError("this is not an nnmath trace (no schema_version)")
    if type(head["schema_version"]) is not int or head["schema_version"] != SCHEMA_VERSION:
        raise TraceFormatError(
            f"this trace has schema version {_short(head['schema_version'])}; "
            f"this nnmath reads version {SCHEMA_VERSION}"
        )


def _trace_from(head: dict, steps: dict) -> Trace:
    """Build a Trace from a header and step columns (params, loss, gradients, ...)."""
    _check_header(head)
    try:
        if not isinstance(head["param_names"], list) or not isinstance(head["optimised"], list):
            raise TraceFormatError("the trace's param_names and optimised must be lists of names")
        names = tuple(head["param_names"])
        optimised = tuple(head["optimised"])
        model = dict(head["model"])
        kind = model.pop("kind")
        final = head["final"]
        settings = {k: (_decode(v) if isinstance(v, (str, float)) and k in ("learning_rate", "tolerance") else v)
                    for k, v in head["settings"].items()}
        reason = final["stopped_because"]
        if reason not in STOP_REASONS:
            raise TraceFormatError(f"unknown stop reason {reason!r} in the trace")
        n = len(steps["loss"])
        p = len(names)
        final_predictions = _decode_nested(final["predictions"])
        batches = steps.get("batches")
        if not isinstance(model, dict) or not all(isinstance(v, str) for v in names + optimised):
            raise TraceFormatError("the trace's model, param_names or optimised are damaged")
        if not isinstance(final, dict) or not isinstance(final["params"], dict):
            raise TraceFormatError("the trace's final values are damaged")
        if not isinstance(head["settings"], dict) or not isinstance(head["data"], dict):
            raise TraceFormatError("the trace's settings or data are damaged")
        preset = head.get("preset")
        if preset is not None and not (isinstance(preset, str) and 0 < len(preset) <= 100):
            raise TraceFormatError(f"the trace's preset {_short(preset)} is not a name")
        trace = Trace.record(
            kind=kind, model_settings=model, preset=preset, settings=settings,
            inputs=_decode_nested(head["data"]["inputs"]),
            outputs=_decode_nested(head["data"]["outputs"]),
            param_names=names, optimised=optimised,
            params=_floats(steps["params"], (n, p)),
            loss=_floats(steps["loss"], (n,)),
            gradients=_floats(steps["gradients"], (n, p)),
            step_sizes=_floats(steps["step_sizes"], (n, p)),
            learning_rates=_floats(steps["learning_rates"], (n,)),
            predictions=_floats(steps["predictions"], (n,) + final_predictions.shape),
            batches=None if batches is None else _indices(batches, n),
            final_params=[_decode(final["params"][k]) for k in names],
            final_loss=_decode(final["loss"]), final_predictions=final_predictions,
            stopped_because=reason, message=str(final["message"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as err:
        if isinstance(err, TraceFormatError):
            raise
        raise TraceFormatError(f"the trace file is incomplete or damaged ({_what(err)})") from None
    return check_trace(trace)


def _what(err: BaseException) -> str:
    return _short(str(err) or type(err).__name__, 120).strip("'\"")


def _floats(values, shape) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind not in "fiu" or arr.size != int(np.prod(shape)):
        raise TraceFormatError(f"the trace's step values have the wrong type or number "
                               f"({arr.size} {arr.dtype.kind} values where {int(np.prod(shape))} "
                               "numbers belong)")
    return np.reshape(arr.astype(float), shape)


def _indices(values, n: int) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
        arr = arr.astype(np.int64)
    if arr.dtype.kind not in "iu" or (n and arr.size % n):
        raise TraceFormatError("the trace's mini-batch indices are damaged")
    return np.reshape(arr, (n, -1)) if n else np.empty((0, 0), dtype=np.int64)


_SETTINGS = ("learning_rate", "tolerance", "max_steps", "batch_size", "seed", "schedule", "grid")
_LONGEST = 300  # characters in an error message about a trace file
#: a file larger than this (or an NPZ that unpacks to more) is refused before reading
MAX_FILE_BYTES = 1 << 30


def check_trace(trace: Trace) -> Trace:
    """Check a trace read from a file against its own model and return it: the model can
    be built, the parameter names are the model's, the data fits it, the settings are
    possible, the arrays have the model's shapes, each step's parameters are the last
    step's minus its step sizes, the step sizes are the learning rate times the gradients,
    and the final loss and predictions are what the model computes from the final
    parameters. Anything else is a TraceFormatError naming what does not fit."""
    from .models import make_model  # models import trace; kept lazy like report's
    from .schedules import check_schedule
    from .validate import check_learning_rate, check_max_steps, check_seed, check_tolerance

    def bad(text: str) -> TraceFormatError:
        return TraceFormatError(f"the trace does not fit together: {text}")

    for key, value in trace.model_settings.items():
        names = value if isinstance(value, (list, tuple)) else [value]
        if not all(isinstance(v, str) and len(v) <= 40 or type(v) is int for v in names):
            raise bad(f"its model setting {_short(key)} is {_short(value)}, not a name or a whole number")
    try:
        model = make_model(trace.kind, dict(trace.model_settings))
    except NNMathError as err:
        raise bad(f"its model is not valid ({err})") from None
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError) as err:
        raise bad(f"its model settings are not valid for a {_short(trace.kind)} model "
                  f"({_what(err)})") from None
    if trace.param_names != tuple(model.param_names):
        raise bad(f"its parameter names {_short(list(trace.param_names))} are not its "
                  f"{trace.kind} model's {_short(list(model.param_names))}")
    if len(set(trace.optimised)) != len(trace.optimised) or not set(trace.optimised) <= set(trace.param_names):
        raise bad(f"'optimised' {_short(list(trace.optimised))} must name the model's parameters once each")
    try:
        x, y = model.check_data(trace.inputs.tolist(), trace.outputs.tolist())
    except NNMathError as err:
        raise bad(f"its data does not suit its model ({err})") from None
    if x.shape != trace.inputs.shape or y.shape != trace.outputs.shape:
        raise bad("its data has the wrong shape for its model")
    settings = dict(trace.settings)
    unknown = sorted(set(settings) - set(_SETTINGS))
    if unknown:
        raise bad(f"unknown setting {_short(unknown[0])}")
    n = trace.n_steps
    try:
        if "learning_rate" in settings:
            check_learning_rate(settings["learning_rate"])
        if "tolerance" in settings:
            check_tolerance(settings["tolerance"])
        if "max_steps" in settings:
            if check_max_steps(settings["max_steps"]) < n:
                raise bad(f"it has {n} steps but at most {settings['max_steps']} were allowed")
        if settings.get("seed") is not None:
            check_seed(settings["seed"])
        if settings.get("schedule") is not None:
            check_schedule(settings["schedule"])
        if settings.get("batch_size") is not None:
            size = check_max_steps(settings["batch_size"], "the batch size")
            if size >= max(len(x), 1):
                raise bad(f"its batch size {size} is not smaller than its {len(x)} data points")
        if settings.get("grid") not in (None, 0) and not (
                type(settings["grid"]) is int and 2 <= settings["grid"] <= 101):
            raise bad(f"its grid size {_short(settings['grid'])} is not 2 to 101")
    except TraceFormatError:
        raise
    except NNMathError as err:
        raise bad(f"a setting is impossible ({err})") from None
    if n and not {"learning_rate", "tolerance", "max_steps"} <= set(settings):
        raise bad("a run with steps needs its learning_rate, tolerance and max_steps settings")
    reason = trace.stopped_because
    if (reason == "forward-only") != (n == 0 and not trace.optimised):
        raise bad(f"it says {reason!r} with {n} steps and {len(trace.optimised)} optimised parameters")
    if n == 0 and reason not in ("forward-only", "diverged"):
        raise bad(f"it says {reason!r} but has no steps")
    if reason == "max-steps" and n != settings.get("max_steps"):
        raise bad(f"it says the maximum number of steps was reached after {n} of {settings.get('max_steps')}")
    _check_steps(trace, model, x, y, settings)
    return trace


def _check_steps(trace: Trace, model, x, y, settings) -> None:
    """The step arrays against each other and the model (see :func:`check_trace`)."""
    from .schedules import learning_rates

    def bad(text: str) -> TraceFormatError:
        return TraceFormatError(f"the trace does not fit together: {text}")

    n = trace.n_steps
    with np.errstate(all="ignore"):
        chain = model.chain(trace.final_params, x, y)
    predicted = np.asarray(chain.predictions, dtype=float)
    if predicted.shape != trace.final_predictions.shape:
        raise bad(f"its predictions have shape {trace.final_predictions.shape}, its model "
                  f"gives {predicted.shape}")
    if not _same(predicted, trace.final_predictions) or not _same(chain.loss, trace.final_loss):
        raise bad("its final loss or predictions are not what its model computes from its final parameters")
    if not n:
        return
    steps = (trace.params, trace.loss, trace.gradients, trace.step_sizes, trace.learning_rates,
             trace.predictions)
    if not all(np.all(np.isfinite(a)) for a in steps):
        raise bad("a recorded step holds infinity or NaN (a run stops before such a step)")
    fixed = [i for i, name in enumerate(trace.param_names) if name not in trace.optimised]
    if np.any(trace.step_sizes[:, fixed] != 0):
        raise bad("a parameter that was not optimised has a step size")
    after = np.vstack([trace.params[1:], trace.final_params[None, :]])
    if not _same(after, trace.params - trace.step_sizes):
        raise bad("a step's parameters are not the previous step's minus its step sizes")
    mask = np.array([name in trace.optimised for name in trace.param_names], dtype=float)
    if not _same(trace.step_sizes, trace.learning_rates[:, None] * trace.gradients * mask):
        raise bad("a step size is not the learning rate times the gradient")
    expected = learning_rates(settings.get("schedule") or "constant", float(settings["learning_rate"]), n)
    if not _same(trace.learning_rates, expected[:n]):
        raise bad("its learning rates do not follow its learning_rate and schedule settings")
    with np.errstate(all="ignore"):
        first = model.loss_grad(trace.params[0], x, y)
    if not (_same(first[0], trace.loss[0]) and _same(first[1], trace.predictions[0])):
        raise bad("its first step's loss or predictions are not what its model computes")
    batch = settings.get("batch_size")
    if (trace.batches is None) != (batch is None):
        raise bad("its mini-batches do not match its batch_size setting")
    if trace.batches is not None and (trace.batches.shape != (n, batch) or np.any(trace.batches < 0)
                                      or np.any(trace.batches >= len(x))):
        raise bad("its mini-batch indices are not data points of it")


def _same(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True))


# --- JSON ----------------------------------------------------------------------------
def to_json(trace: Trace) -> str:
    """The trace as JSON text (schema in the module docstring and the README)."""
    head = _header(trace)
    names, opt = trace.param_names, trace.optimised
    cols = [trace.index(n) for n in opt]
    steps = []
    for k in range(trace.n_steps):
        row = {
            "step": k,
            "params": _named(names, trace.params[k]),
            "loss": encode(trace.loss[k]),
            "gradients": _named(names, trace.gradients[k]),
            "step_sizes": {n: encode(trace.step_sizes[k, c]) for n, c in zip(opt, cols)},
            "learning_rate": encode(trace.learning_rates[k]),
            "predictions": _nested(trace.predictions[k]),
        }
        if trace.batches is not None:
            row["batch"] = [int(i) for i in trace.batches[k]]
        steps.append(row)
    final = head.pop("final")
    head["steps"] = steps
    head["final"] = final
    return json.dumps(head, indent=1, allow_nan=False)


def _one_error(read):
    """Make a reader answer anything damaged with a one-line TraceFormatError, whatever
    the damage (deep nesting, a truncated archive, numbers too large, ...)."""
    @functools.wraps(read)
    def reader(data):
        try:
            return read(data)
        except NNMathError as err:
            text = " ".join(str(err).split())
            if isinstance(err, TraceFormatError) and text == str(err) and len(text) <= _LONGEST:
                raise
            raise TraceFormatError(text if len(text) <= _LONGEST else text[:_LONGEST - 3] + "...") from None
        except RecursionError:
            raise TraceFormatError("the trace file is nested too deeply to be a trace") from None
        except MemoryError:
            raise TraceFormatError("the trace file is too large to read") from None
        except Exception as err:  # noqa: BLE001 - zipfile, zlib, numpy: all become one line
            raise TraceFormatError(f"the trace file is damaged ({type(err).__name__}: "
                                   f"{_what(err)})") from None
    return reader


@_one_error
def from_json(text: str) -> Trace:
    """Read a trace written by :func:`to_json`."""
    try:
        head = json.loads(text)
    except json.JSONDecodeError as err:
        raise TraceFormatError(f"the trace is not valid JSON ({err.msg} at line {err.lineno})") from None
    _check_header(head)
    try:
        names = head["param_names"]
        rows = head["steps"]
        cols = {
            "params": [[_decode(r["params"][n]) for n in names] for r in rows],
            "loss": [_decode(r["loss"]) for r in rows],
            "gradients": [[_decode(r["gradients"][n]) for n in names] for r in rows],
            "step_sizes": [[_decode(r["step_sizes"].get(n, 0.0)) for n in names] for r in rows],
            "learning_rates": [_decode(r["learning_rate"]) for r in rows],
            "predictions": [_decode_nested(r["predictions"]) for r in rows],
        }
        if rows and "batch" in rows[0]:
            cols["batches"] = [r["batch"] for r in rows]
    except (KeyError, TypeError, AttributeError) as err:
        raise TraceFormatError(f"the trace's steps are incomplete or damaged ({err})") from None
    return _trace_from(head, cols)


# --- CSV -----------------------------------------------------------------------------
def _csv_columns(trace: Trace) -> list[str]:
    cols = ["step", "learning_rate", "loss"]
    cols += [f"param:{n}" for n in trace.param_names]
    cols += [f"gradient:{n}" for n in trace.param_names]
    cols += [f"step_size:{n}" for n in trace.param_names]
    cols += ["prediction:" + ":".join(map(str, idx)) for idx in np.ndindex(trace.final_predictions.shape)]
    if trace.batches is not None:
        cols += [f"batch:{i}" for i in range(trace.batches.shape[1])]
    return cols


def to_csv(trace: Trace) -> str:
    """One row per step; the header (data, settings, final values) as ``# meta:`` lines."""
    out = io.StringIO()
    meta = json.dumps(_header(trace), allow_nan=False)
    out.write(f"# nnmath trace, schema version {SCHEMA_VERSION}\n# meta: {meta}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_csv_columns(trace))
    for k in range(trace.n_steps):
        row = [k, repr(float(trace.learning_rates[k])), repr(float(trace.loss[k]))]
        for block in (trace.params[k], trace.gradients[k], trace.step_sizes[k], trace.predictions[k].ravel()):
            row += [repr(float(v)) for v in block]
        if trace.batches is not None:
            row += [int(i) for i in trace.batches[k]]
        writer.writerow(row)
    return out.getvalue()


@_one_error
def from_csv(text: str) -> Trace:
    """Read a trace written by :func:`to_csv`."""
    lines = text.splitlines()
    meta_lines = [ln[len("# meta: "):] for ln in lines if ln.startswith("# meta: ")]
    if not meta_lines:
        raise TraceFormatError("this CSV is not an nnmath trace (no '# meta:' line)")
    try:
        head = json.loads(meta_lines[0])
    except json.JSONDecodeError:
        raise TraceFormatError("the '# meta:' line of the CSV is damaged") from None
    _check_header(head)
    body = [ln for ln in lines if not ln.startswith("#")]
    reader = csv.reader(body)
    try:
        header = next(reader)
        table = [[float(v) for v in row] for row in reader if row]
    except (StopIteration, ValueError) as err:
        raise TraceFormatError(f"the CSV rows are damaged ({err})") from None
    arr = np.array(table, dtype=float).reshape(len(table), len(header))

    def block(prefix):
        idx = [i for i, h in enumerate(header) if h.startswith(prefix)]
        return arr[:, idx]

    cols = {
        "learning_rates": arr[:, header.index("learning_rate")],
        "loss": arr[:, header.index("loss")],
        "params": block("param:"),
        "gradients": block("gradient:"),
        "step_sizes": block("step_size:"),
        "predictions": block("prediction:"),
    }
    if any(h.startswith("batch:") for h in header):
        cols["batches"] = block("batch:").astype(np.int64)
    return _trace_from(head, cols)


# --- NPZ -----------------------------------------------------------------------------
def to_npz_bytes(trace: Trace) -> bytes:
    """The step arrays as NPZ members, with the header as a JSON string member ``meta``."""
    arrays: dict[str, Any] = {
        "meta": np.array(json.dumps(_header(trace), allow_nan=False)),
        "params": trace.params, "loss": trace.loss, "gradients": trace.gradients,
        "step_sizes": trace.step_sizes, "learning_rates": trace.learning_rates,
        "predictions": trace.predictions,
    }
    if trace.batches is not None:
        arrays["batches"] = trace.batches
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue()


@_one_error
def from_npz_bytes(data: bytes) -> Trace:
    """Read a trace written by :func:`to_npz_bytes`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as err:
        raise TraceFormatError(f"this is not a readable NPZ file ({_what(err)})") from None
    if unpacked > MAX_FILE_BYTES:
        raise TraceFormatError(f"this NPZ file unpacks to {unpacked} bytes; a trace is at most "
                               f"{MAX_FILE_BYTES}")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            cols = {k: npz[k] for k in npz.files}
    except (ValueError, OSError, EOFError) as err:
        raise TraceFormatError(f"this is not a readable NPZ file ({err})") from None
    if "meta" not in cols:
        raise TraceFormatError("this NPZ file is not an nnmath trace (no 'meta' member)")
    try:
        meta = cols.pop("meta")
        if meta.dtype.kind != "U" or meta.ndim != 0:
            raise TraceFormatError("the 'meta' member of the NPZ file is not one JSON text")
        head = json.loads(str(meta))
    except json.JSONDecodeError:
        raise TraceFormatError("the 'meta' member of the NPZ file is damaged") from None
    return _trace_from(head, cols)


# --- files ---------------------------------------------------------------------------
def format_for_path(path, default: str = "json") -> str:
    """The format named by a file's extension (.json, .csv, .npz), else ``default``."""
    ext = Path(path).suffix.lower().lstrip(".")
    return ext if ext in FORMATS else default


def dumps(trace: Trace, fmt: str) -> bytes:
    """The trace encoded in ``fmt`` as bytes."""
    if fmt == "json":
        return to_json(trace).encode()
    if fmt == "csv":
        return to_csv(trace).encode()
    if fmt == "npz":
        return to_npz_bytes(trace)
    raise NNMathError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def write_atomic(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file renamed over it when complete.

    The new file gets the permissions a user expects: those of the file it replaces, or
    read-write as the umask allows for a new one (not a temporary file's 0600). A path
    that is not a regular file (a device such as /dev/stdout, a pipe) is written
    directly, never replaced; a symbolic link is written through.
    """
    target = Path(path)
    if not str(path).strip():
        raise NNMathError("the output file name is empty; give a file name such as trace.json")
    if target.is_dir():
        raise NNMathError(f"cannot write {target}: it is a folder; give a file name")
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    if target.exists() and not target.is_file():
        try:
            with open(target, "wb") as handle:
                handle.write(data)
        except OSError as err:
            raise NNMathError(f"cannot write {target}: {err.strerror or err}") from None
        return Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise NNMathError(f"cannot write {target}: the folder {folder} does not exist")
    try:
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:60]}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise NNMathError(f"cannot write {target}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise NNMathError(f"cannot write {target}: {err.strerror or err}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(path)


def _umask() -> int:
    """This process's umask, read without changing it where Linux allows."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def save(trace: Trace, path, fmt: str | None = None) -> Path:
    """Save a trace; the format comes from ``fmt`` or the file extension (default JSON)."""
    return write_atomic(path, dumps(trace, fmt or format_for_path(path)))


def load(path) -> Trace:
    """Load a trace saved in any of the three formats (recognised by content), checked
    against its model (:func:`check_trace`); anything damaged is a one-line
    TraceFormatError, a file that cannot be read an NNMathError."""
    try:
        if not Path(path).is_file():  # a folder, a pipe or a device would block or fail
            what = "a folder" if Path(path).is_dir() else "not a regular file" if Path(path).exists() \
                else "no such file"
            raise NNMathError(f"cannot read {_short(str(path))}: {what}")
        if Path(path).stat().st_size > MAX_FILE_BYTES:
            raise NNMathError(f"cannot read {path}: larger than {MAX_FILE_BYTES} bytes, too large for a trace")
        data = Path(path).read_bytes()
    except (OSError, ValueError) as err:
        if isinstance(err, NNMathError):
            raise
        raise NNMathError(f"cannot read {_short(str(path))}: {getattr(err, 'strerror', None) or _what(err)}") from None
    if data[:2] == b"PK":
        return from_npz_bytes(data)
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")  # a BOM from an editor
    if text.lstrip().startswith("{"):
        return from_json(text)
    if text.startswith("#"):
        return from_csv(text)
    raise TraceFormatError(f"{_short(str(path))} is not an nnmath trace in JSON, CSV or NPZ")
