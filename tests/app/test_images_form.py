"""The images tab without a browser: its checks (one sentence under each field), its job
(with a stand-in renderer) and the HTML it writes about the results."""

import json
import sys
import types
from pathlib import Path

import pytest

from app.images_form import (DEFAULTS, FIELDS, FieldError, ImagesRequest, check_drawing,
                             check_images_form, example_drawing, open_drawing, resize_drawing,
                             split_names)
from app.images_job import images_summary, run_images_job
from app.images_results import loss_html, pixels_svg, probabilities_html, shift_html
from app.images_tab import shown_names
from app.render import CSV_NAME, JSON_NAME, VIDEO_NAME
from nnmath.images import (EXAMPLE_SEED, MAX_IMAGES, example_images, fit_images, images_json,
                           shift_report)

GOOD = dict(size=6, hidden=2, learning_rate=0.1, max_iterations=2000, seed=31, quality="l")


def form(names=None, drawing=None, **changes):
    example_names, example = example_drawing()
    v = {**GOOD, **changes}
    return check_images_form(example_names if names is None else names,
                             example if drawing is None else drawing, v["size"], v["hidden"],
                             v["learning_rate"], v["max_iterations"], v["seed"], v["quality"])


def blank(label=0, size=6):
    return {"label": label, "pixels": [[0] * size for _ in range(size)]}


def test_the_example_becomes_the_lectures_request():
    req = form()
    data = example_images()
    assert req.class_names == ("O", "X") and req.labels == ("O", "X") and req.size == 6
    assert req.data() == data
    assert (req.hidden, req.learning_rate, req.max_iterations, req.seed, req.quality) == \
        (2, 0.1, 2000, EXAMPLE_SEED, "l")
    assert ImagesRequest.from_dict(json.loads(json.dumps(req.as_dict()))) == req
    assert req.key() == ImagesRequest.from_dict(req.as_dict()).key()
    assert form(seed=32).key() != req.key()
    moved = example_drawing()[1]
    moved["images"][0]["pixels"][0][0] = 1
    assert form(drawing=moved).key() != req.key()


def test_renaming_a_class_keeps_each_images_choice():
    req = form(names=" cat ,dog")
    assert req.class_names == ("cat", "dog") and req.labels == ("cat", "dog")
    assert split_names("a, b,, c") == ["a", "b", "", "c"] and split_names("  ") == []
    assert shown_names("a, <b>,") == ["a", "&lt;b&gt;", "(class 3)"]


@pytest.mark.parametrize("names,drawing,changes,field,message", [
    ("O", None, {}, "classes", "there is 1 class; give at least 2"),
    ("", None, {}, "classes", "there are 0 classes; give at least 2"),
    ("O, X, O", None, {}, "classes", "the class name 'O' is given twice"),
    ("O, , X", None, {}, "classes", "class 2 has no name"),
    ("O, X, Z", None, {}, "images", "the class 'Z' has no image; draw at least one Z"),
    ("O, X", {"size": 6, "images": [blank(0), blank(5)]}, {}, "images", "image 2 has no class"),
    ("O, X", {"size": 6, "images": [blank(0), blank(1, size=5)]}, {}, "images",
     "image 2 has 5 rows; every image must be 6x6"),
    ("O, X", {"size": 6, "images": [blank(i % 2) for i in range(MAX_IMAGES + 1)]}, {}, "images",
     f"there are {MAX_IMAGES + 1} images; the limit is {MAX_IMAGES}"),
    ("O, X", {"size": 6, "images": [{"label": 0, "pixels": [[0, 2, 0, 0, 0, 0]] + [[0] * 6] * 5},
                                    blank(1)]}, {}, "images", "image 1, row 1, column 2 is 2"),
    ("O, X", "not a drawing", {}, "images", "the drawing could not be read"),
    ("O, X", None, {"size": "12"}, "size", "the image size is '12'; choose a whole number from 5 to 10"),
    ("O, X", None, {"hidden": "9"}, "hidden", "choose a whole number from 1 to 4"),
    ("O, X", None, {"hidden": ""}, "hidden", "the number of hidden nodes is empty"),
    ("O, X", None, {"learning_rate": "0"}, "learning_rate", "it must be above 0"),
    ("O, X", None, {"learning_rate": "0,5"}, "learning_rate", "write decimals with a point: 0.5"),
    ("O, X", None, {"max_iterations": "150.5"}, "max_iterations", "is 150.5; it must be a whole number"),
    ("O, X", None, {"seed": "-1"}, "seed", "the seed is '-1'"),
    ("O, X", None, {"quality": "ultra"}, "quality", "choose l (low, 480p)"),
])
def test_each_problem_is_one_sentence_under_its_field(names, drawing, changes, field, message):
    with pytest.raises(FieldError) as err:
        form(names, drawing, **changes)
    assert err.value.field == field and field in FIELDS
    assert message in err.value.message and "\n" not in err.value.message


def test_resizing_pads_with_white_and_refuses_to_cut_off_black_pixels():
    _, drawing = example_drawing()
    bigger = resize_drawing(drawing, "8")
    assert bigger["size"] == 8 and len(bigger["images"][0]["pixels"]) == 8
    assert all(len(row) == 8 for row in bigger["images"][1]["pixels"])
    assert [row[:6] for row in bigger["images"][1]["pixels"][:6]] == drawing["images"][1]["pixels"]
    assert resize_drawing(bigger, 6) == drawing  # the added white rows and columns go again
    with pytest.raises(FieldError, match="image 1 has black pixels outside 5x5") as err:
        resize_drawing(drawing, 5)
    assert err.value.field == "size"


def test_the_summary_and_its_pictures_come_from_the_trace():
    trace = fit_images(example_images(), seed=EXAMPLE_SEED)
    summary = json.loads(json.dumps(images_summary(trace)))
    report = shift_report(trace)
    assert summary["n_steps"] == trace.n_steps and len(summary["loss"]) == trace.n_steps + 1
    assert summary["probabilities"] == trace.final_predictions.tolist()
    assert summary["shift"]["right_count"] == report.right_count
    assert summary["shift"]["shifted"] == report.shifted.astype(int).tolist()
    table = probabilities_html(summary)
    assert table.count('class="image-row"') == 2 and table.count(">right<") == 2
    assert f"<b>{trace.final_predictions[1, 1]:.3f}</b>" in table
    shifts = shift_html(summary)
    assert report.message() in shifts and shifts.count('class="shift-cell"') == 8
    assert shifts.count("✓") == report.right_count
    assert "Cross entropy" in loss_html(summary) and "<polyline" in loss_html(summary)
    assert pixels_svg([[1, 0], [0, 1]]).count("<rect") == 3  # the frame and two black cells


def test_a_wrong_shift_and_a_class_name_are_written_safely():
    summary = json.loads(json.dumps(images_summary(fit_images(example_images(), max_iterations=1,
                                                              seed=EXAMPLE_SEED))))
    summary["class_names"] = ["<i>O</i>", "X"]
    summary["shift"]["class_names"] = ["<i>O</i>", "X"]
    assert "<i>" not in probabilities_html(summary) and "&lt;i&gt;" in probabilities_html(summary)
    summary["shift"]["right"][0] = [False] * 4
    assert shift_html(summary).count("✗") >= 4


class Messages(list):
    def put(self, message):
        self.append(message)


@pytest.fixture
def stand_in_renderer(monkeypatch):
    """app.render_images replaced by a renderer that writes the three files and reports
    two frames."""
    calls = []

    def render_images(trace, folder, quality="l", progress=None, *, size=None, tex_dir=None):
        calls.append({"trace": trace, "quality": quality, "size": size})
        for done in (1, 2):
            progress(done, 2)
        for name in (VIDEO_NAME, JSON_NAME, CSV_NAME):
            (Path(folder) / name).write_text(name)

    monkeypatch.setitem(sys.modules, "app.render_images", types.SimpleNamespace(render_images=render_images))
    return calls


def test_the_job_fits_reports_and_renders(tmp_path, stand_in_renderer):
    messages = Messages()
    run_images_job(form(quality="m").as_dict(), str(tmp_path), messages, None, (320, 180))
    kinds = [m[0] for m in messages]
    assert kinds == ["fitting", "fitted", "frames", "frames", "done"]
    trace = stand_in_renderer[0]["trace"]
    assert stand_in_renderer[0]["quality"] == "m" and stand_in_renderer[0]["size"] == (320, 180)
    assert messages[1][1] == trace.n_steps and messages[1][2] == images_summary(trace)
    assert messages[-1][1]["shift"]["message"] == shift_report(trace).message()
    assert (tmp_path / VIDEO_NAME).read_text() == VIDEO_NAME


def test_a_run_with_nothing_to_show_is_told_under_the_seed(tmp_path, stand_in_renderer):
    messages = Messages()
    run_images_job(form(seed=0).as_dict(), str(tmp_path), messages)  # starts where ReLU is flat
    assert messages[-1][0] == "error" and messages[-1][1] == "seed"
    assert "another seed starts elsewhere" in messages[-1][2]
    assert stand_in_renderer == []


def test_a_failing_render_is_one_line(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the encoder\nfell over")

    monkeypatch.setitem(sys.modules, "app.render_images", types.SimpleNamespace(render_images=broken))
    messages = Messages()
    run_images_job(form().as_dict(), str(tmp_path), messages)
    assert messages[-1][0] == "error" and messages[-1][1] is None
    assert messages[-1][2].startswith("the images could not be rendered: RuntimeError: the encoder (in ")


def test_defaults_are_the_lectures_settings():
    assert DEFAULTS["seed"] == EXAMPLE_SEED and DEFAULTS["size"] == 6 and DEFAULTS["hidden"] == 2


def test_an_images_file_opens_into_the_editor_and_a_bad_one_is_one_sentence(tmp_path):
    good = tmp_path / "xo.json"
    good.write_text(images_json(example_images()))
    assert open_drawing(good) == example_drawing()
    bad = tmp_path / "bad.json"
    bad.write_text('{"classes": ["O", "X"], "images": [{"class": "O", "pixels": [[0, 0.5]]}]}')
    with pytest.raises(FieldError, match="^the file was not opened: image 1's number of rows is 1") as err:
        open_drawing(bad)
    assert err.value.field == "images"
    assert check_drawing(*example_drawing(), 6) == example_images()
