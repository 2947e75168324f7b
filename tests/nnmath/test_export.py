"""Export and import: exact round trips in all three formats, the schema, safe writes."""

import json

import numpy as np
import pytest

from nnmath import PRESETS, Line, TraceFormatError, build, fit, gradient_descent, load, save
from nnmath import export

FORMATS = ("json", "csv", "npz")


def diverged():
    return gradient_descent(Line(), dict(intercept=0.0, slope=1.0), [0.5, 2.3, 2.9],
                            [1.4, 1.9, 3.2], learning_rate=1.0)


def minibatch():
    return gradient_descent(Line(), dict(intercept=0.0, slope=1.0), [0.5, 2.3, 2.9],
                            [1.4, 1.9, 3.2], learning_rate=0.01, batch_size=2, max_steps=40)


TRACES = {name: (lambda n=name: build(n)) for name in PRESETS}
TRACES |= {"diverged": diverged, "minibatch": minibatch,
           "fit": lambda: fit([0, 1, 2], [0, 1, 2], max_iterations=50, seed=3)}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(TRACES))
def test_exact_round_trip(tmp_path, name, fmt):
    trace = TRACES[name]()
    path = save(trace, tmp_path / f"t.{fmt}")
    back = load(path)
    assert back == trace
    assert back.params.tobytes() == trace.params.tobytes()  # bit for bit
    assert not back.params.flags.writeable


def test_json_schema_fields():
    doc = json.loads(export.to_json(build("main-ideas")))
    assert doc["schema_version"] == 1
    assert doc["preset"] == "main-ideas"
    assert doc["data"] == {"inputs": [0.0, 0.5, 1.0], "outputs": [0.0, 1.0, 0.0]}
    step = doc["steps"][0]
    assert step["step"] == 0
    assert set(step["params"]) == {"w1", "b1", "w2", "b2", "w3", "w4", "b3"}
    assert step["step_sizes"].keys() == {"b3"}
    assert step["step_sizes"]["b3"] == pytest.approx(0.1 * step["gradients"]["b3"])
    final = doc["final"]
    assert {"params", "loss", "predictions", "stopped_because"} <= set(final)
    assert final["stopped_because"] == "step-size"


def test_forward_only_json_has_no_steps_and_its_forward_values_in_final():
    doc = json.loads(export.to_json(build("black-box")))
    assert doc["steps"] == []
    assert doc["final"]["stopped_because"] == "forward-only"
    assert doc["final"]["forward"]["x1"][0] == pytest.approx(2.14)
    assert len(doc["final"]["predictions"]) == 3


def test_user_fit_is_marked_as_fit():
    doc = json.loads(export.to_json(fit([0, 1], [1, 0], max_iterations=5)))
    assert doc["fit"] is True and "preset" not in doc


def test_json_is_standard_even_when_the_loss_is_infinite():
    text = export.to_json(diverged())

    def refuse(name):
        raise AssertionError(f"non-standard JSON constant {name}")

    doc = json.loads(text, parse_constant=refuse)
    assert doc["final"]["stopped_because"] == "diverged"


def test_csv_has_one_row_per_step():
    trace = build("details-all")
    rows = [ln for ln in export.to_csv(trace).splitlines() if not ln.startswith("#")]
    assert len(rows) == 1 + trace.n_steps
    assert rows[0].split(",")[:3] == ["step", "learning_rate", "loss"]


def test_existing_file_is_only_replaced_by_a_complete_one(tmp_path, monkeypatch):
    target = tmp_path / "trace.json"
    target.write_text("precious")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "replace", broken_replace)
    with pytest.raises(ValueError, match="No space left"):
        save(build("main-ideas"), target)
    assert target.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["trace.json"]  # no temp file left


def test_unreadable_files_give_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(TraceFormatError, match="not valid JSON"):
        load(bad)
    other = tmp_path / "other.json"
    doc = json.loads(export.to_json(build("black-box")))
    doc["schema_version"] = 99
    other.write_text(json.dumps(doc))
    with pytest.raises(TraceFormatError, match="schema version 99"):
        load(other)
    text = tmp_path / "t.txt"
    text.write_text("hello")
    with pytest.raises(TraceFormatError):
        load(text)
    with pytest.raises(ValueError, match="cannot read"):
        load(tmp_path / "missing.json")


def test_arrays_stay_bit_exact_through_csv():
    trace = fit([0.1, 0.7, 1.3], [0.3, 1.9, 0.2], max_iterations=30, seed=11)
    back = export.from_csv(export.to_csv(trace))
    assert np.array_equal(back.gradients, trace.gradients)
