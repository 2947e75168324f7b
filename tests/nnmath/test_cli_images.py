"""``nnmath fit-images``: a JSON file of 0/1 images in, the trace and the shift report out;
bad input one line with exit code 2."""

import json

import numpy as np
import pytest

from nnmath import build, load
from nnmath import cli
from nnmath.cli import main
from nnmath.images import example_images, fit_images, images_json, read_images_json, shift_report


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def xo(tmp_path):
    path = tmp_path / "xo.json"
    path.write_text(images_json(example_images()))
    return path


def write(tmp_path, doc) -> str:
    path = tmp_path / "images.json"
    path.write_text(json.dumps(doc))
    return str(path)


def test_fit_images_writes_the_trace_and_prints_the_shift_report(capsys, tmp_path, xo):
    out_file = tmp_path / "trace.csv"
    code, out, err = run(capsys, "fit-images", "--images", str(xo), "--out", str(out_file))
    assert code == 0 and err.startswith("nnmath: warning: crawled")  # the lecture's run crawls
    trace = load(out_file)
    assert np.array_equal(trace.final_params, build("cnn-x-vs-o").final_params)  # seed 31 by default
    report = shift_report(trace)
    lines = out.splitlines()
    assert lines[0].startswith(f"wrote CSV trace to {out_file}")
    assert lines[1] == f"shifted by one pixel: {report.message()}"
    assert lines[2:] == report.lines()


def test_fit_images_to_stdout_keeps_stdout_for_the_trace(capsys, xo):
    code, out, err = run(capsys, "fit-images", "--images", str(xo), "--seed", "4",
                         "--max-iterations", "30", "--hidden", "3", "--learning-rate", "0.05")
    assert code == 0
    doc = json.loads(out)
    assert doc["model"]["kind"] == "cnn" and doc["model"]["hidden"] == ["h1", "h2", "h3"]
    assert doc["settings"]["learning_rate"] == 0.05 and len(doc["steps"]) == 30
    trace = fit_images(read_images_json(xo), hidden=3, learning_rate=0.05, max_iterations=30, seed=4)
    assert doc["final"]["params"] == trace.final()
    assert f"shifted by one pixel: {shift_report(trace).message()}" in err


def test_render_hands_the_trace_to_the_registered_renderer(capsys, monkeypatch, tmp_path, xo):
    seen = {}

    def renderer(trace, out, quality):
        seen.update(trace=trace, out=out, quality=quality)
        return "rendered"

    monkeypatch.setattr(cli, "renderer", lambda command: seen.setdefault("command", command) and renderer)
    code, out, _ = run(capsys, "fit-images", "--images", str(xo), "--render", "--quality", "m",
                       "--out", str(tmp_path / "video"))
    assert code == 0
    assert seen["command"] == "fit-images" and seen["quality"] == "m"
    assert seen["out"] == str(tmp_path / "video") and seen["trace"].kind == "cnn"
    assert out.splitlines()[0] == "rendered" and "8 shifted images" in out.splitlines()[1]


BLANK = [[0] * 6] * 6


@pytest.mark.parametrize("doc,argv,message", [
    ({"classes": ["X", "O"], "images": [{"class": "X", "pixels": BLANK}]}, [],
     "the class 'O' has no image; draw at least one O"),
    ({"classes": ["X"], "images": [{"class": "X", "pixels": BLANK}]}, [], "give at least 2"),
    ({"classes": ["X", "O"], "images": [{"class": "X", "pixels": BLANK},
                                        {"class": "O", "pixels": [[0, 3, 0, 0, 0, 0]] + BLANK[1:]}]},
     [], "image 2, row 1, column 2 is 3; each pixel must be 0 (white) or 1 (black)"),
    ({"classes": ["X", "O"], "images": [{"class": "X", "pixels": BLANK},
                                        {"class": "O", "pixels": BLANK[:5]}]}, [], "image 2 has 5 rows"),
    (None, ["--hidden", "9"], "choose a whole number from 1 to 4"),
    (None, ["--learning-rate", "-1"], "above 0"),
    (None, ["--max-iterations", "0"], "at least 1"),
    (None, ["--seed", "-3"], "the seed is '-3'"),
    (None, ["--render", "--format", "csv"], "--format does not go with --render"),
])
def test_bad_input_is_one_line_and_exit_code_2(capsys, tmp_path, xo, doc, argv, message):
    path = write(tmp_path, doc) if doc is not None else str(xo)
    code, out, err = run(capsys, "fit-images", "--images", path, *argv)
    assert code == 2 and out == ""
    assert message in err
    assert err.startswith("nnmath: error: ") and err.count("\n") == 1 and "Traceback" not in err


def test_a_missing_or_broken_file_is_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "fit-images", "--images", str(tmp_path / "none.json"))
    assert code == 2 and "there is no such file" in err and err.count("\n") == 1
    broken = tmp_path / "broken.json"
    broken.write_text('{"classes": ["X", "O"],')
    code, _, err = run(capsys, "fit-images", "--images", str(broken))
    assert code == 2 and "not valid JSON" in err and err.count("\n") == 1
    code, _, err = run(capsys, "fit-images")
    assert code == 2 and "--images" in err and err.count("\n") == 1
