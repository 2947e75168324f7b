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
import io
import json
import math
import os
import tempfile
from pathlib import Path

import numpy as np

from .arrays import frozen
from .errors import NNMathError, TraceFormatError
from .trace import SCHEMA_VERSION, STOP_REASONS, Trace

__all__ = ["FORMATS", "to_json", "from_json", "to_csv", "from_csv", "to_npz_bytes",
           "from_npz_bytes", "save", "load", "format_for_path", "encode", "write_atomic"]

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
            raise TraceFormatError(f"{value!r} in the trace is not a number") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TraceFormatError(f"{value!r} in the trace is not a number")
    return float(value)


def _nested(values):
    """An array of any shape as nested lists of JSON numbers."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iub":
        return arr.tolist()
    if arr.ndim == 0:
        return encode(arr)
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
    if trace.kind in ("dosage", "dense", "cnn"):
        with np.errstate(all="ignore"):
            forward = trace.forward()
        final["forward"] = {k: _nested(vals) for k, vals in forward.as_dict().items()}
    if trace.kind in ("dense", "cnn"):
        final.update(_classifier_extras(trace))
    head["final"] = final
    return head


def _classifier_extras(trace: Trace) -> dict:
    """A dense or convolutional network's derived values: each row's loss, the deltas and
    gradients at the final parameters (when the data has observed classes; a
    convolutional network adds the gradients at the pooled map and at the feature map),
    and the forward values on the preset's grid. They are recomputed, not read, when a
    trace is loaded."""
    extras = {}
    if trace.outputs.size:
        chain = trace.chain()
        extras["row_losses"] = _nested(chain.row_losses)
        extras["backprop"] = {"delta2": _nested(chain.delta2), "delta1": _nested(chain.delta1),
                              "gradients": _named(trace.param_names, chain.gradients)}
        if trace.kind == "cnn":
            extras["backprop"].update(d_pooled=_nested(chain.d_pooled),
                                      d_feature=_nested(chain.d_feature))
    grid = trace.grid_inputs()
    if grid is not None:
        extras["grid"] = {k: _nested(v) for k, v in trace.forward(grid).as_dict().items()}
    return extras


def _check_header(head) -> None:
    if not isinstance(head, dict) or "schema_version" not in head:
        raise TraceFormatError("this is not an nnmath trace (no schema_version)")
    if head["schema_version"] != SCHEMA_VERSION:
        raise TraceFormatError(
            f"this trace has schema version {head['schema_version']!r}; "
            f"this nnmath reads version {SCHEMA_VERSION}"
        )


def _trace_from(head: dict, steps: dict) -> Trace:
    """Build a Trace from a header and step columns (params, loss, gradients, ...)."""
    _check_header(head)
    try:
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
        return Trace(
            kind=kind, model_settings=model, preset=head.get("preset"), settings=settings,
            inputs=frozen(_decode_nested(head["data"]["inputs"])),
            outputs=frozen(_decode_nested(head["data"]["outputs"])),
            param_names=names, optimised=optimised,
            params=frozen(np.reshape(steps["params"], (n, p))),
            loss=frozen(np.reshape(steps["loss"], (n,))),
            gradients=frozen(np.reshape(steps["gradients"], (n, p))),
            step_sizes=frozen(np.reshape(steps["step_sizes"], (n, p))),
            learning_rates=frozen(np.reshape(steps["learning_rates"], (n,))),
            predictions=frozen(np.reshape(steps["predictions"], (n,) + final_predictions.shape)),
            batches=None if batches is None else frozen(np.reshape(batches, (n, -1)), dtype=np.int64),
            final_params=frozen([_decode(final["params"][k]) for k in names]),
            final_loss=_decode(final["loss"]),
            final_predictions=frozen(final_predictions),
            stopped_because=reason, message=str(final["message"]),
        )
    except (KeyError, TypeError, ValueError) as err:
        if isinstance(err, TraceFormatError):
            raise
        raise TraceFormatError(f"the trace file is incomplete or damaged ({err})") from None


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
    arrays = {
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


def from_npz_bytes(data: bytes) -> Trace:
    """Read a trace written by :func:`to_npz_bytes`."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            cols = {k: npz[k] for k in npz.files}
    except (ValueError, OSError, EOFError) as err:
        raise TraceFormatError(f"this is not a readable NPZ file ({err})") from None
    if "meta" not in cols:
        raise TraceFormatError("this NPZ file is not an nnmath trace (no 'meta' member)")
    try:
        head = json.loads(str(cols.pop("meta")))
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
    """Write ``data`` to ``path`` through a temporary file renamed over it when complete."""
    target = Path(path)
    if target.is_dir():
        raise NNMathError(f"cannot write {target}: it is a folder; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise NNMathError(f"cannot write {target}: the folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise NNMathError(f"cannot write {target}: {err.strerror or err}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def save(trace: Trace, path, fmt: str | None = None) -> Path:
    """Save a trace; the format comes from ``fmt`` or the file extension (default JSON)."""
    return write_atomic(path, dumps(trace, fmt or format_for_path(path)))


def load(path) -> Trace:
    """Load a trace saved in any of the three formats (recognised by content)."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise NNMathError(f"cannot read {path}: {err.strerror or err}") from None
    if data[:2] == b"PK":
        return from_npz_bytes(data)
    text = data.decode("utf-8", errors="replace")
    if text.lstrip().startswith("{"):
        return from_json(text)
    if text.startswith("#"):
        return from_csv(text)
    raise TraceFormatError(f"{path} is not an nnmath trace in JSON, CSV or NPZ")
