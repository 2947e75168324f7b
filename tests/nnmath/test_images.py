"""A person's own images: checks with one sentence each, the fit, the one-pixel shift report,
the JSON file."""

import json

import numpy as np
import pytest

import nnmath
from nnmath import export
from nnmath.errors import DataError, NNMathError
from nnmath.images import (EXAMPLE_SEED, MAX_IMAGES, ImageData, check_class_names, check_images,
                           example_images, fit_images, images_json, parse_images_json,
                           read_images_json, shift_report)
from nnmath.presets import CNN_O, CNN_X

BLANK = [[0] * 6 for _ in range(6)]


def grid(*cells, size=6):
    """A size x size image with the given (row, column) cells black."""
    g = [[0] * size for _ in range(size)]
    for r, c in cells:
        g[r][c] = 1
    return g


def test_the_example_is_the_lectures_o_and_x_from_the_preset():
    data = example_images()
    assert data.class_names == ("O", "X") and data.labels == ("O", "X") and data.size == 6
    assert data.images.tolist() == [list(map(list, CNN_O)), list(map(list, CNN_X))]
    assert not data.images.flags.writeable


def test_the_example_fit_classifies_both_classes_and_is_the_lectures_run():
    data = example_images()
    trace = fit_images(data, seed=EXAMPLE_SEED)
    assert trace.kind == "cnn" and trace.model().output_labels == ("O", "X")
    assert trace.stopped_because == "step-size"
    winners = np.argmax(trace.final_predictions, axis=1)
    assert winners.tolist() == data.classes.tolist() == [0, 1]
    assert (trace.final_predictions[[0, 1], [0, 1]] > 0.9).all()
    lecture = nnmath.build("cnn-x-vs-o")  # the same start and settings as the lecture's preset
    assert np.array_equal(trace.params, lecture.params)
    assert np.array_equal(trace.final_params, lecture.final_params)


def test_a_fit_is_reproducible_from_its_seed_and_another_seed_starts_elsewhere():
    data = example_images()
    a, b = (fit_images(data, seed=5, max_iterations=40) for _ in range(2))
    assert a == b
    c = fit_images(data, seed=6, max_iterations=40)
    assert not np.array_equal(a.params[0], c.params[0])


def test_three_classes_and_hidden_nodes_shape_the_network():
    images = [grid(*[(r, r) for r in range(6)]), grid(*[(r, 5 - r) for r in range(6)]),
              grid(*[(2, c) for c in range(6)]), grid(*[(3, c) for c in range(6)])]
    data = check_images(images, ["down", "up", "flat", "flat"], ["down", "up", "flat"])
    trace = fit_images(data, hidden=3, max_iterations=30, seed=2)
    model = trace.model()
    assert model.output_labels == ("down", "up", "flat") and model.head.hidden_labels == ("h1", "h2", "h3")
    assert trace.final_predictions.shape == (4, 3)
    assert trace.outputs.tolist() == [0, 1, 2, 2]


def test_shift_report_agrees_with_the_networks_own_forward_pass():
    data = example_images()
    trace = fit_images(data, seed=EXAMPLE_SEED)
    report = shift_report(trace)
    assert report.directions == ("up", "down", "left", "right")
    model = trace.model()
    moves = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
    right = 0
    for i, image in enumerate(data.images):
        for d, name in enumerate(report.directions):
            dr, dc = moves[name]
            moved = np.zeros((6, 6))  # shifted here by hand, zero fill
            for r in range(6):
                for c in range(6):
                    if 0 <= r - dr < 6 and 0 <= c - dc < 6:
                        moved[r, c] = image[r - dr, c - dc]
            assert np.array_equal(report.shifted[i, d], moved)
            p = model.forward(trace.final_params, moved[None]).outputs[0]
            assert np.allclose(report.probabilities[i, d], p, rtol=0, atol=1e-12)
            ok = int(np.argmax(p)) == int(data.classes[i])
            assert bool(report.right[i, d]) == ok
            right += ok
    assert report.right_count == right and report.total == 8
    assert report.message().startswith(f"{right} of 8 shifted images still come out right")
    assert sum(report.per_image()) == right
    assert len(report.lines()) == 2 and report.lines()[0].startswith("image 1 (O):")
    assert json.loads(json.dumps(report.as_dict()))["right_count"] == right


def test_shift_report_says_when_a_training_image_itself_is_wrong_and_when_a_shift_empties_it():
    edge = grid((0, 0), (0, 1))  # only in the top row: shifted up it is blank
    data = check_images([edge, grid((3, 3))], ["a", "b"], ["a", "b"])
    trace = fit_images(data, max_iterations=1, seed=0)  # one step: far from trained
    report = shift_report(trace)
    assert bool(report.blank[0, 0]) and not report.blank[0, 1]
    own = int(report.own_right.sum())
    if own < 2:
        assert f"only {own} of the 2 training images themselves come out right" in report.message()
    else:
        assert "the 2 training images themselves all come out right" in report.message()
    assert ", blank)" in report.lines()[0]


def test_shift_report_refuses_a_trace_of_another_network():
    with pytest.raises(NNMathError, match="convolutional"):
        shift_report(nnmath.build("main-ideas"))


@pytest.mark.parametrize("images,labels,classes,message", [
    ([BLANK, BLANK], ["X", "O"], ["X"], "there is 1 class; give at least 2"),
    ([BLANK] * 5, ["a", "b", "c", "d", "e"], ["a", "b", "c", "d", "e"], "the limit is 4, so remove 1"),
    ([BLANK, BLANK], ["X", "O"], ["X", " "], "class 2 has no name; type a name"),
    ([BLANK, BLANK], ["X", "x"], ["X", "x"], "the class name 'x' is given twice"),
    ([BLANK, BLANK], ["X", "h1"], ["X", "h1"], "is also the name of a node inside the network"),
    ([BLANK, BLANK], ["X", "O$"], ["X", "O$"], "has a character other than letters"),
    ([BLANK, BLANK], ["X", "O"], ["X", "O" * 17], "shorten it to at most 16"),
    ([BLANK, BLANK], ["X", "X"], ["X", "O"], "the class 'O' has no image; draw at least one O"),
    ([BLANK] * (MAX_IMAGES + 1), ["X", "O"] * 7, ["X", "O"], f"the limit is {MAX_IMAGES}, so remove 1"),
    ([], [], ["X", "O"], "there are no images; draw at least one image for each class"),
    ([BLANK, BLANK[:5]], ["X", "O"], ["X", "O"], "image 2 has 5 rows; every image must be 6x6"),
    ([BLANK, [r[:5] for r in BLANK]], ["X", "O"], ["X", "O"], "row 1 of image 2 has 5 pixels"),
    ([BLANK, [[0, 0, 2, 0, 0, 0]] + BLANK[1:]], ["X", "O"], ["X", "O"],
     "image 2, row 1, column 3 is 2; each pixel must be 0 (white) or 1 (black)"),
    ([BLANK, [[0, 0.5, 0, 0, 0, 0]] + BLANK[1:]], ["X", "O"], ["X", "O"], "column 2 is 0.5"),
    ([BLANK, [[0, "1", 0, 0, 0, 0]] + BLANK[1:]], ["X", "O"], ["X", "O"], "column 2 is '1'"),
    ([[[0] * 4] * 4] * 2, ["X", "O"], ["X", "O"], "image 1's number of rows is 4; draw images 5 to 10"),
    ([[[0] * 11] * 11] * 2, ["X", "O"], ["X", "O"], "is 11; draw images 5 to 10 pixels a side"),
    ([BLANK, BLANK], ["X", "Q"], ["X", "O"], "the class of image 2 is 'Q', which is not one of"),
    ([BLANK, BLANK], ["X", ""], ["X", "O"], "image 2 has no class"),
    ([BLANK, BLANK], ["X"], ["X", "O"], "there are 2 images but 1 classes"),
])
def test_each_problem_is_one_sentence_naming_the_image_and_the_fix(images, labels, classes, message):
    with pytest.raises(DataError) as err:
        check_images(images, labels, classes)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_a_given_size_is_checked_and_enforced():
    with pytest.raises(DataError, match="the image size is 12"):
        check_images([BLANK, BLANK], ["X", "O"], ["X", "O"], size=12)
    with pytest.raises(DataError, match="image 1 has 6 rows; every image must be 7x7"):
        check_images([BLANK, BLANK], ["X", "O"], ["X", "O"], size=7)
    seven = check_images([grid(size=7), grid((6, 6), size=7)], ["X", "O"], ["X", "O"], size=7)
    assert seven.size == 7 and seven.images.shape == (2, 7, 7)


def test_class_names_are_stripped_and_kept_in_order():
    assert check_class_names([" cat ", "dog", "smiley face"]) == ("cat", "dog", "smiley face")
    data = check_images([BLANK, BLANK], [" O", "X "], ["X", "O"])
    assert data.labels == ("O", "X") and data.classes.tolist() == [1, 0]


def test_images_json_round_trip(tmp_path):
    data = check_images([grid((0, 0)), grid((5, 5)), grid((2, 3))], ["X", "O", "X"], ["X", "O"])
    path = tmp_path / "images.json"
    path.write_text(images_json(data))
    back = read_images_json(path)
    assert back == data and isinstance(back, ImageData)
    doc = json.loads(path.read_text())
    assert doc["classes"] == ["X", "O"] and doc["images"][1] == {"class": "O", "pixels": grid((5, 5))}


def test_a_fitted_trace_exports_and_loads_back_exactly(tmp_path):
    trace = fit_images(example_images(), seed=EXAMPLE_SEED, max_iterations=20)
    for fmt in export.FORMATS:
        path = export.save(trace, tmp_path / f"t.{fmt}", fmt)
        assert export.load(path) == trace


@pytest.mark.parametrize("text,message", [
    ("{", "not valid JSON (Expecting property name"),
    ("[1, 2]", 'must be one JSON object with "classes" and "images"'),
    ('{"classes": ["X", "O"], "images": 3}', '"images" is 3; make it a list'),
    ('{"classes": ["X", "O"], "images": [{"pixels": []}]}', "image 1 is {'pixels': []}; write each image"),
    ('{"classes": "XO", "images": []}', "the classes must be a list of names"),
    ('{"classes": ["X", "O"], "images": [{"class": "X", "pixels": [[0,1,0,0,0,0]]}]}',
     "image 1's number of rows is 1"),
])
def test_a_bad_images_file_is_one_sentence(text, message):
    with pytest.raises(DataError) as err:
        parse_images_json(text)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_an_images_file_that_cannot_be_read_is_one_sentence(tmp_path):
    with pytest.raises(NNMathError, match="there is no such file"):
        read_images_json(tmp_path / "none.json")
    with pytest.raises(NNMathError, match="it is a folder"):
        read_images_json(tmp_path)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 1_000_001)
    with pytest.raises(NNMathError, match="larger than 1000000 bytes"):
        read_images_json(big)
