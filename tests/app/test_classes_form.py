"""The classes tab's boxes checked into a request, and the job it runs (with a stand-in for
the video renderer): messages in app.worker's protocol, the summary from the trace."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app import classes_job
from app.classes_form import (DEFAULTS, FIELDS, ClassesRequest, check_classes_form, example_rows,
                              paste_to_rows)
from app.classes_job import classes_summary, run_classes_job
from app.form import FieldError
from nnmath.classes import accuracy, fit_classes, lecture_data

LECTURE = [["0.04", "0.42", "setosa"], ["1", "0.54", "virginica"], ["0.5", "0.37", "versicolor"]]
GOOD = dict(table=LECTURE, first_name="petal width", second_name="sepal width", max_iterations="5000",
            learning_rate="0.01", activation="relu", hidden="2", seed="4", row="2", quality="l")


def form(**changes):
    return check_classes_form(**{**GOOD, **changes})


def test_a_good_form_is_a_request_that_survives_the_trip_to_the_worker():
    request = form()
    assert request.rows[1] == (1.0, 0.54, "virginica") and request.row == 1
    assert request.input_names == ("petal width", "sepal width")
    assert request.class_names == ("setosa", "virginica", "versicolor")
    back = ClassesRequest.from_dict(json.loads(json.dumps(request.as_dict())))
    assert back == request and back.key() == request.key()
    assert form(seed="5").key() != request.key()
    assert form(table=LECTURE[::-1]).key() != request.key()


@pytest.mark.parametrize("changes, field, expected", [
    ({"second_name": " Petal Width"}, "names", "both inputs are named 'petal width'"),
    ({"first_name": ""}, "names", "the first input has no name"),
    ({"table": LECTURE[:1] + [["0.5", "", "virginica"]]}, "rows", "row 2 has no sepal width"),
    ({"table": [r[:2] + ["setosa"] for r in LECTURE]}, "rows", "every row is of the class 'setosa'"),
    ({"table": LECTURE + [["1", "x", "setosa"]]}, "rows", "row 4's sepal width is 'x', which is not a number"),
    ({"max_iterations": "0"}, "max_iterations", "it must be at least 1"),
    ({"learning_rate": ""}, "learning_rate", "the learning rate is empty"),
    ({"activation": "tanh"}, "activation", "choose one of: softplus, relu, sigmoid"),
    ({"hidden": "5"}, "hidden", "from 1 to 4"),
    ({"seed": "1.5"}, "seed", "the seed is '1.5'"),
    ({"row": "4"}, "row", "the row to follow is '4'; choose a whole number from 1 to 3"),
    ({"quality": "x"}, "quality", "choose l (low, 480p)"),
])
def test_each_bad_box_is_blamed_in_one_sentence(changes, field, expected):
    with pytest.raises(FieldError) as caught:
        form(**changes)
    assert caught.value.field == field and field in FIELDS
    assert expected in caught.value.message and "\n" not in caught.value.message


def test_pasted_rows_with_or_without_a_header():
    rows, names = paste_to_rows("x;y;kind\n1;2;a\n\n3;4;b\n")
    assert rows == [["1", "2", "a"], ["3", "4", "b"]] and names == ("x", "y")
    rows, names = paste_to_rows("0.1\t0.2\tcat\n0.3\t0.4\tdog")
    assert rows == [["0.1", "0.2", "cat"], ["0.3", "0.4", "dog"]] and names is None
    with pytest.raises(FieldError) as caught:
        paste_to_rows("x,y,kind\n1,2,a\n3,2,a\n")
    assert caught.value.field == "paste" and "every row is of the class 'a'" in caught.value.message
    with pytest.raises(FieldError, match="line 2 has no input 2"):
        paste_to_rows("1,2,a\n3,,b")
    with pytest.raises(FieldError, match="the paste box is empty"):
        paste_to_rows("  \n")


def test_the_examples():
    rows, names, settings = example_rows("lecture")
    assert rows == LECTURE and names == ("petal width", "sepal width")
    assert settings == {"learning_rate": DEFAULTS["learning_rate"]}
    rows, names, settings = example_rows("iris", "petal length", "sepal length")
    assert len(rows) == 150 and names == ("petal length", "sepal length")
    assert settings == {"learning_rate": 0.005}
    with pytest.raises(FieldError) as caught:
        example_rows("iris", "petal width", "petal width")
    assert caught.value.field == "example"


class Messages(list):
    def put(self, message):
        self.append(message)


def fake_renderer(calls):
    def render(trace, folder, quality, progress, *, row=0, size=None, tex_dir=None):
        calls.append({"trace": trace, "quality": quality, "row": row, "size": size})
        for done in (1, 2):
            progress(done, 2)
        for name in ("fit.mp4", "trace.json", "trace.csv", "fit.vtt"):
            (folder / name).write_text(name)
    return render


def test_the_job_fits_tells_the_page_then_renders(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(classes_job, "_renderer", lambda: fake_renderer(calls))
    request = form(max_iterations="400")
    messages = Messages()
    run_classes_job(request.as_dict(), str(tmp_path), messages, size=(64, 36))
    kinds = [m[0] for m in messages]
    assert kinds == ["fitting", "fitted", "frames", "frames", "done"]
    trace = calls[0]["trace"]
    assert calls[0]["row"] == 1 and calls[0]["size"] == (64, 36) and calls[0]["quality"] == "l"
    assert trace == fit_classes(request.data(), max_iterations=400, seed=request.seed)
    summary = messages[1][2]
    assert summary == messages[-1][1] and summary["n_steps"] == trace.n_steps == messages[1][1]
    assert json.loads(json.dumps(summary)) == summary
    assert summary["accuracy"] == accuracy(trace) and summary["right"] == round(3 * accuracy(trace))
    assert summary["row_probabilities"] == list(np.asarray(trace.final_predictions)[1])
    assert len(summary["loss"]) == trace.n_steps + 1 and summary["loss"][-1] == trace.final_loss
    assert summary["class_names"] == ["setosa", "virginica", "versicolor"]
    assert (tmp_path / "fit.vtt").exists()


def test_a_diverged_fit_is_told_under_the_learning_rate(tmp_path, monkeypatch):
    monkeypatch.setattr(classes_job, "_renderer", lambda: pytest.fail("no video for a diverged run"))
    messages = Messages()
    run_classes_job(form(learning_rate="1e10", max_iterations="300").as_dict(), str(tmp_path), messages)
    assert messages[-2] == ("fitted", messages[-2][1], None)
    kind, field, text = messages[-1]
    assert kind == "error" and field == "learning_rate" and text.startswith("diverged after 1 steps")


def test_a_renderer_failure_is_one_line(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("encoder gone\nsecond line")

    monkeypatch.setattr(classes_job, "_renderer", lambda: broken)
    messages = Messages()
    run_classes_job(form(max_iterations="20").as_dict(), str(tmp_path), messages)
    kind, field, text = messages[-1]
    assert kind == "error" and field is None
    assert text.startswith("the fit could not be rendered: RuntimeError: encoder gone (in ")


def test_summary_of_the_lecture_fit():
    trace = fit_classes(lecture_data(), seed=4)
    summary = classes_summary(trace, 2)
    assert summary["right"] == 3 and summary["winners"] == [0, 2, 1] == summary["classes"]
    assert summary["row"] == 2 and np.argmax(summary["row_probabilities"]) == 1
    assert summary["dead_nodes"] == ["h1"]


def test_the_terminal_renderer_follows_the_row_it_is_given(tmp_path, monkeypatch):
    import app.render_classes
    from app.commands import render_classes_command
    from app.render import RenderedFit

    rows = []

    def render(trace, folder, quality, progress, *, row=0, size=None, tex_dir=None):
        rows.append(row)
        return RenderedFit(folder / "fit.mp4", folder / "trace.json", folder / "trace.csv", 3)

    monkeypatch.setattr(app.render_classes, "render_classes", render)
    trace = fit_classes(lecture_data(), max_iterations=5)
    assert "wrote" in render_classes_command(trace, str(tmp_path / "a"), "l", row=2)
    render_classes_command(trace, str(tmp_path / "b"), "l")
    assert rows == [2, 0]


def test_typed_names_reach_the_page_as_text_never_as_markup():
    from app.classes_tab import classes_markdown, classes_svg, cross_entropy_svg

    rows = [["0.1", "0.2", "<img src=x onerror=f(1)"], ["0.9", "0.8", "**b**"]]
    request = form(table=rows, first_name="<script", second_name="`y` & z", row="1", max_iterations="30")
    summary = classes_summary(fit_classes(request.data(), max_iterations=30), 0)
    page = classes_markdown(summary) + classes_svg(summary) + cross_entropy_svg(summary)
    assert "<img" not in page and "<script" not in page
    assert "&lt;img src=x onerror=f\\(1\\)" in classes_markdown(summary)
    assert "\\*\\*b\\*\\*" in classes_markdown(summary) and "\\`y\\` &amp; z" in classes_markdown(summary)
    assert "&lt;script" in classes_svg(summary) and "&lt;img src=x" in classes_svg(summary)
    assert classes_svg(summary).count("<circle") == 2
