"""Random malformed input thrown at the command line and at ``nnmath.load`` (hypothesis):
never a traceback, every refusal one line (exit code 2 on the command line), and nothing
already written is damaged.

Set NNMATH_SWEEP_LOG=FILE to append each example's answer (surface, kind) to FILE: that
is how the sweep in issue 23's report was counted.
"""

from __future__ import annotations

import io
import json
import os
import sys
from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nnmath
from nnmath import NNMathError, Trace, build, export
from nnmath.cli import main

SETTINGS = settings(max_examples=int(os.environ.get("NNMATH_SWEEP_EXAMPLES", "60")), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])


def log(surface: str, kind: str) -> None:
    path = os.environ.get("NNMATH_SWEEP_LOG")
    if path:
        with open(path, "a") as handle:
            handle.write(json.dumps([surface, kind]) + "\n")


def kind_of(message: str) -> str:
    """A message's kind: its first words up to the first quoted value or number."""
    words = []
    for word in message.replace(":", " :").split():
        if any(c.isdigit() for c in word) or word[:1] in "'\"([{" or len(words) == 6:
            break
        words.append(word)
    return " ".join(words)


# --- the command line ---------------------------------------------------------------------
NUMBERISH = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**30, 10**30).map(str),
    st.sampled_from(["-1", "-0.5e3", "1e-400", "1e400", "nan", "-inf", "0x10", "1_000", "1,5",
                     "", " ", "-", "--", "٣", "½", "1e", "+-1", "0" * 5000, "1 2", "1\n2",
                     "\x00", "é", "-1,0,1", ",,", "1;2;3"]),
    st.text(max_size=12),
)
OPTIONS = {
    "fit": ["--inputs", "--outputs", "--activation", "--hidden", "--max-iterations",
            "--learning-rate", "--tolerance", "--seed", "--batch-size", "--schedule", "--format",
            "--quality", "--in", "--outp"],
    "trace": ["--learning-rate", "--max-steps", "--tolerance", "--batch-size", "--seed",
              "--schedule", "--format"],
}
SMALL = ["--max-iterations", "30"]  # keeps a run that happens to be valid quick


GOOD_VALUES = {"--activation": "relu", "--hidden": "3", "--max-iterations": "25",
               "--learning-rate": "0.5", "--tolerance": "0.01", "--seed": "4",
               "--batch-size": "2", "--schedule": "exponential:0.9", "--format": "csv",
               "--quality": "l", "--max-steps": "25"}
NUMBER_LIST = st.lists(st.one_of(st.sampled_from(["-1", "0", "0.5", "2", "-3e2", "1,2"]), NUMBERISH),
                       min_size=0, max_size=4)


@st.composite
def argvs(draw):
    """Mostly well-formed command lines with one or two hostile parts, so the sweep gets
    past argparse into the checks and the runs."""
    command = draw(st.sampled_from(["fit"] * 5 + ["trace"] * 3 + ["presets", "nope", ""]))
    argv = [command] if command else []
    if command == "trace":
        argv.append(draw(st.sampled_from(["main-ideas", "gradient-descent-intercept", "nope",
                                          "", "-1", "iris", "gradient-descent-intercept-slope"])))
    if command == "fit" and draw(st.integers(0, 9)):
        argv += [draw(st.sampled_from(["--inputs", "--inp", "--in"])), *draw(NUMBER_LIST),
                 draw(st.sampled_from(["--outputs", "--outp"])), *draw(NUMBER_LIST)]
    for _ in range(draw(st.integers(0, 4))):
        option = draw(st.sampled_from(OPTIONS.get(command, ["--help-me", "-x"])))
        if option in GOOD_VALUES and draw(st.booleans()):
            argv += [option, GOOD_VALUES[option]]
        else:
            argv += [option, *draw(st.lists(NUMBERISH, min_size=0, max_size=2))]
    if command == "fit":
        argv += SMALL if "--max-iterations" not in argv else []
    if command == "trace" and "--max-steps" not in argv:
        argv += ["--max-steps", "30"]
    return argv


@contextmanager
def captured():
    out, err = io.TextIOWrapper(io.BytesIO()), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = old


@SETTINGS
@given(argv=argvs(), target=st.sampled_from(["precious.json", "new.csv", "", "sub/none.json", "."]))
def test_the_command_line_never_shows_a_traceback_nor_damages_a_file(tmp_path, argv, target):
    folder = tmp_path / f"run{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    precious = folder / "precious.json"
    precious.write_text("precious")
    if argv[:1] in (["fit"], ["trace"]):
        argv = argv + ["--out", str(folder / target) if target else ""]
    with captured() as (out, err):
        code = main(argv)
    lines = err.getvalue().splitlines()
    assert code in (0, 2), (argv, err.getvalue())
    assert "Traceback" not in err.getvalue()
    if code == 2:
        assert len(lines) == 1 and lines[0].startswith("nnmath") and "error" in lines[0], lines
        assert precious.read_text() == "precious"
        log("cli", kind_of(lines[0].split("error:", 1)[1]))
    else:
        assert all(line.startswith("nnmath") for line in lines), lines
        log("cli", "ran: " + (kind_of(lines[-1].split(":", 1)[1]) if lines else "printed"))
    leftovers = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers


# --- loading --------------------------------------------------------------------------------
SOURCES = {f"{name}.{fmt}": export.dumps(build(name), fmt)
           for name in ("main-ideas", "details-w3-w4-b3", "iris", "cross-entropy-b3", "black-box")
           for fmt in ("json", "csv", "npz")}
SOURCES["minibatch.json"] = export.dumps(build("gradient-descent-intercept-slope", batch_size=1,
                                               max_steps=20), "json")

JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**400, 10**400), st.floats(),
              st.text(max_size=8), st.sampled_from(["NaN", "Infinity", "dosage", "dense", "w1"])),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node[:6]):
            yield from _paths(value, path + (i,))


@st.composite
def damaged(draw):
    name = draw(st.sampled_from(sorted(SOURCES)))
    data = SOURCES[name]
    how = draw(st.sampled_from(["truncate", "flip", "insert", "json-value", "json-delete",
                                "npz-member", "nest"]))
    if how == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif how == "flip":
        for _ in range(draw(st.integers(1, 8))):
            i = draw(st.integers(0, len(data) - 1))
            data = data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1:]
    elif how == "insert":
        i = draw(st.integers(0, len(data)))
        data = data[:i] + draw(st.binary(max_size=40)) + data[i:]
    elif how == "nest":
        depth = draw(st.integers(10, 200_000))
        data = b'{"schema_version": 1, "param_names": ' + b"[" * depth + b"]" * depth + b"}"
    elif how == "npz-member":
        import numpy as np

        trace_bytes = SOURCES["main-ideas.npz"]
        with np.load(io.BytesIO(trace_bytes)) as npz:
            parts = {k: npz[k] for k in npz.files}
        member = draw(st.sampled_from(sorted(parts)))
        parts[member] = draw(st.sampled_from([np.arange(3), np.array("x"), np.zeros((0,)),
                                              np.ones((2, 2, 2)), np.array([1j]),
                                              np.array(["a", "b"]), np.atleast_1d(parts[member])[:1]]))
        buf = io.BytesIO()
        np.savez(buf, **parts)
        data = buf.getvalue()
    else:
        doc = json.loads(SOURCES[name.rsplit(".", 1)[0] + ".json"])
        paths = [p for p in _paths(doc) if p]
        path = draw(st.sampled_from(paths))
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if how == "json-delete":
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(JSON_VALUES)
        data = json.dumps(doc).encode()
    return how, data


@SETTINGS
@given(case=damaged())
def test_loading_a_damaged_file_gives_nnmaths_own_one_line_error(tmp_path, case):
    how, data = case
    path = tmp_path / f"t{len(list(tmp_path.iterdir()))}"
    path.write_bytes(data)
    try:
        trace = nnmath.load(path)
    except NNMathError as err:
        message = str(err)
        assert "\n" not in message and len(message) < 500, message
        log("load", f"{how}: " + kind_of(message))
    else:  # accepted: then it is a whole trace that fits its model
        assert isinstance(trace, Trace)
        export.check_trace(trace)
        log("load", f"{how}: accepted as a consistent trace")
    assert path.read_bytes() == data  # reading never changes the file
