"""``nnmath fit-classes``: the trace out, the accuracy reported, one-line errors with exit 2."""

from __future__ import annotations

import json

import pytest

from nnmath import cli, load
from nnmath.classes import accuracy, fit_classes, lecture_data, read_class_csv
from nnmath.cli import main

LECTURE_CSV = "petal width,sepal width,species\n0.04,0.42,setosa\n1.00,0.54,virginica\n0.50,0.37,versicolor\n"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def rows(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(LECTURE_CSV)
    return path


def test_prints_the_json_trace_and_reports_the_accuracy(capsys, rows):
    code, out, err = run(capsys, "fit-classes", "--csv", str(rows), "--max-iterations", "300")
    assert code == 0
    doc = json.loads(out)
    assert doc["model"]["inputs"] == ["petal width", "sepal width"]
    assert doc["model"]["outputs"] == ["setosa", "virginica", "versicolor"]  # in the order first seen
    assert doc["settings"]["max_steps"] == 300
    expected = fit_classes(read_class_csv(rows), max_iterations=300)
    right = round(accuracy(expected) * 3)
    assert f"nnmath: {right} of 3 rows classified right ({100 * accuracy(expected):.1f} %)" in err


@pytest.mark.parametrize("fmt", ["json", "csv", "npz"])
def test_writes_each_format_and_it_reads_back(capsys, rows, tmp_path, fmt):
    out_file = tmp_path / f"trace.{fmt}"
    code, out, err = run(capsys, "fit-classes", "--csv", str(rows), "--seed", "9", "--hidden", "3",
                         "--activation", "softplus", "--learning-rate", "0.1", "--max-iterations", "50",
                         "--format", fmt, "--out", str(out_file))
    assert code == 0 and f"wrote {fmt.upper()} trace to {out_file}" in out
    trace = load(out_file)
    assert trace == fit_classes(read_class_csv(rows), seed=9, hidden=3, activation="softplus",
                                learning_rate=0.1, max_iterations=50)
    assert "rows classified right" in err


def test_the_defaults_are_the_lecture_fit(capsys, rows, tmp_path):
    out_file = tmp_path / "t.json"
    assert run(capsys, "fit-classes", "--csv", str(rows), "--out", str(out_file))[0] == 0
    trace = load(out_file)
    assert accuracy(trace) == 1.0
    assert trace.settings["seed"] == 35 and trace.settings["learning_rate"] == 0.01
    assert trace == fit_classes(read_class_csv(rows))
    assert read_class_csv(rows).rows() == lecture_data().rows()


def test_a_dead_node_is_warned_about(capsys, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(LECTURE_CSV)
    code, _, err = run(capsys, "fit-classes", "--csv", str(path), "--seed", "4")
    assert code == 0
    assert "warning: the hidden node h1 is 0 for every row at the end and take no part" in err


def test_render_finds_its_renderer_and_passes_the_row(capsys, rows, tmp_path, monkeypatch):
    calls = []

    def fake(trace, out, quality, **options):
        calls.append((trace, out, quality, options))
        return "rendered"

    asked = []
    monkeypatch.setattr(cli, "renderer", lambda command: asked.append(command) or fake)
    code, out, _ = run(capsys, "fit-classes", "--csv", str(rows), "--render", "--out", str(tmp_path / "v"),
                       "--quality", "l", "--row", "3", "--max-iterations", "20")
    assert code == 0 and out.strip() == "rendered"
    assert asked == ["fit-classes"]
    trace, folder, quality, options = calls[0]
    assert folder == str(tmp_path / "v") and quality == "l" and options == {"row": 2}
    assert trace.model().output_labels == ("setosa", "virginica", "versicolor")
    run(capsys, "fit-classes", "--csv", str(rows), "--render", "--max-iterations", "20")
    assert calls[1][3] == {}  # the first row: the renderer's default


@pytest.mark.parametrize("content, argv, expected", [
    (LECTURE_CSV, ["--row", "4"], "the row to follow is '4'; choose a whole number from 1 to 3"),
    (LECTURE_CSV, ["--hidden", "9"], "choose a whole number from 1 to 4"),
    (LECTURE_CSV, ["--activation", "tanh"], "the activation is 'tanh'"),
    (LECTURE_CSV, ["--learning-rate", "0"], "the learning rate is 0; it must be above 0"),
    (LECTURE_CSV, ["--max-iterations", "1e9"], "the limit is 20000"),
    (LECTURE_CSV, ["--seed", "x"], "the seed is 'x', which is not a number"),
    ("x,y,class\n1,2,a\n3,4,a\n", [], "rows.csv: every row is of the class 'a'"),
    ("x,y,class\n1,2,a\n3,,b\n", [], "rows.csv: line 3 has no y"),
    ("", [], "rows.csv is empty"),
    (LECTURE_CSV, ["--format", "csv", "--render"], "--format does not go with --render"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, content, argv, expected):
    path = tmp_path / "rows.csv"
    path.write_text(content)
    code, out, err = run(capsys, "fit-classes", "--csv", str(path), *argv)
    assert code == 2 and out == ""
    assert err.startswith("nnmath: error: ") and err.count("\n") == 1
    assert expected in err
    assert "Traceback" not in err


def test_a_missing_csv_option_or_file(capsys, tmp_path):
    code, _, err = run(capsys, "fit-classes")
    assert code == 2 and "the following arguments are required: --csv" in err
    code, _, err = run(capsys, "fit-classes", "--csv", str(tmp_path / "none.csv"))
    assert code == 2 and "there is no file" in err and err.count("\n") == 1
