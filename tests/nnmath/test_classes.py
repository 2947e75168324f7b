"""Classes from two inputs: the checks (one sentence each), the fit, the files and Iris."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from nnmath import export
from nnmath.classes import (DEFAULTS, IRIS_CLASSES, IRIS_MEASUREMENTS, IRIS_SETTINGS, MAX_CLASSES,
                            MAX_ROWS, ClassData, accuracy, check_class_rows, check_input_names,
                            dead_nodes, fit_classes, iris_data, iris_rows, lecture_data,
                            lecture_rows, predicted, read_class_csv)
from nnmath.errors import DataError, NNMathError, SettingError, UnknownNameError
from nnmath.reference import IRIS_TRAINING

NAMES = ("petal", "sepal")
GOOD = [["0.1", "0.2", "a"], [0.9, 0.8, "b"]]


def one_sentence(err: BaseException) -> str:
    text = str(err)
    assert "\n" not in text and text.replace("e.g. ", "").count(". ") == 0, text
    return text


# --- checks ------------------------------------------------------------------------------
@pytest.mark.parametrize("rows, classes, expected", [
    ([[0, 1, "a"], [1, 0, "a"]], None, "every row is of the class 'a'; give rows of at least two classes"),
    ([[0, 1, "a"], [1, 0, "  "]], None, "row 2 has no class; fill it in or clear the whole row"),
    ([[0, 1, "a"], [None, "", ""], [1, "", "b"]], None, "row 3 has no sepal"),
    ([[0, 1, "a"], ["", 0, "b"]], None, "row 2 has no petal"),
    ([[0, 1, "a"], [1, "x", "b"]], None, "row 2's sepal is 'x', which is not a number"),
    ([[0, 1, "a"], [1, "nan", "b"]], None, "row 2's sepal is 'nan'; use a finite number"),
    ([[0, 1, "a"], [float("inf"), 1, "b"]], None, "row 2's petal is inf; use a finite number"),
    ([[0, 1, "a"], [1, "0,5", "b"]], None, "write decimals with a point: 0.5"),
    ([[0, 1, c] for c in "abcde"], None, f"there are 5 classes (a, b, c, d, e); the limit is {MAX_CLASSES}"),
    ([[0, 1, "a"], [1, 0, "b"]] * (MAX_ROWS // 2 + 1), None, f"the limit is {MAX_ROWS}"),
    ([[0, 1, "a"], [1, 0, "b", 7]], None, "row 2 has 4 values; give three: petal, sepal and the class"),
    ([[0, 1, "Iris-setosa"], [1, 0, "b"]], None, "write it as 'Iris setosa'"),
    ([[0, 1, "petal"], [1, 0, "b"]], None, "row 1's class 'petal' is also an input's name"),
    ([[0, 1, "h2"], [1, 0, "b"]], None, "is the name of a hidden node"),
    ([[0, 1, "a"], [1, 0, "b"]], ["a", " A"], "the class 'A' is named twice (as 'a' and 'A')"),
    ([[0, 1, "a"], [1, 0, "c"]], ["a", "b"], "row 2's class 'c' is not one of the classes a, b"),
    ([[0, 1, "a"], [1, 0, "b"]], ["a", "b", "c"], "no row is of the class 'c'"),
    ([], None, "there are no rows"),
    ([[None, None, None]], None, "there are no rows"),
    ("0,1,a", None, "must be a table"),
])
def test_every_bad_table_is_one_sentence_naming_the_row_and_the_fix(rows, classes, expected):
    with pytest.raises(DataError) as caught:
        check_class_rows(rows, NAMES, classes)
    assert expected in one_sentence(caught.value)


@pytest.mark.parametrize("names, expected", [
    (("petal", " Petal "), "both inputs are named 'petal'; give the second input another name"),
    (("", "sepal"), "the first input has no name"),
    (("petal", None), "the second input has no name"),
    (("a>b", "c"), "write it as 'a b'"),
    (("x" * 30, "y"), "keep it to 24"),
    (("a", "b", "c"), "there are 3 input names; give two"),
    ("petal", "give the two inputs' names"),
])
def test_bad_input_names(names, expected):
    with pytest.raises(DataError) as caught:
        check_input_names(names)
    assert expected in one_sentence(caught.value)


def test_wholly_empty_rows_are_left_out_and_spellings_of_one_class_join():
    data = check_class_rows([["0.5", " 1 ", "Setosa"], [None, "", " "], [0.25, 0, " setosa"],
                             [1, 1, "virginica"]], (" petal  width", "sepal"))
    assert data.input_names == ("petal width", "sepal")
    assert data.labels == ("Setosa", "Setosa", "virginica")  # the first spelling names the class
    assert data.class_names == ("Setosa", "virginica")
    assert data.inputs.tolist() == [[0.5, 1.0], [0.25, 0.0], [1.0, 1.0]]
    assert not data.inputs.flags.writeable
    assert data.class_indices().tolist() == [0, 0, 1]


def test_given_class_names_fix_the_order():
    data = check_class_rows(GOOD, NAMES, ["b", "a"])
    assert data.class_names == ("b", "a") and data.class_indices().tolist() == [1, 0]


def test_the_lecture_rows_are_the_references():
    assert [r[:2] for r in lecture_rows()] == [tuple(x) for x in IRIS_TRAINING[0]]
    data = lecture_data()
    assert data.labels == IRIS_TRAINING[1] and data.class_names == IRIS_CLASSES
    assert data.input_names == ("petal width", "sepal width")


# --- the fit -----------------------------------------------------------------------------
def test_fit_shapes_and_the_network_names():
    data = lecture_data()
    trace = fit_classes(data, hidden=3, max_iterations=40)
    model = trace.model()
    assert model.output_labels == data.class_names and model.input_labels == data.input_names
    assert model.hidden_labels == ("h1", "h2", "h3")
    assert trace.model_settings["output"] == "softmax" and trace.model_settings["loss"] == "cross-entropy"
    assert trace.n_steps == 40
    assert trace.params.shape == (40, 2 * 3 + 3 + 3 * 3 + 3)
    assert trace.predictions.shape == (40, 3, 3)
    np.testing.assert_allclose(trace.predictions.sum(axis=-1), 1.0)
    assert trace.outputs.tolist() == [0, 2, 1]
    assert 0 <= accuracy(trace) <= 1


def test_the_defaults_fit_the_lecture_rows():
    trace = fit_classes(lecture_data())
    assert trace.settings["learning_rate"] == DEFAULTS["learning_rate"]
    assert trace.settings["seed"] == DEFAULTS["seed"] and trace.settings["max_steps"] == DEFAULTS["max_iterations"]
    assert accuracy(trace) == 1.0
    assert predicted(trace).tolist() == [0, 2, 1]
    assert trace.loss[-1] < trace.loss[0] / 5


def test_the_same_seed_gives_the_same_run_another_seed_another_start():
    data = lecture_data()
    a, b = (fit_classes(data, seed=7, max_iterations=60) for _ in range(2))
    assert a == b
    np.testing.assert_array_equal(a.params, b.params)
    c = fit_classes(data, seed=8, max_iterations=60)
    assert not np.array_equal(a.params[0], c.params[0])


@pytest.mark.parametrize("settings, error, expected", [
    ({"hidden": 0}, SettingError, "choose a whole number from 1 to 4"),
    ({"activation": "tanh"}, UnknownNameError, "choose one of: softplus, relu, sigmoid"),
    ({"learning_rate": -1}, SettingError, "must be above 0"),
    ({"max_iterations": 10 ** 6}, SettingError, "the limit is"),
    ({"seed": -2}, SettingError, "the seed is -2"),
])
def test_settings_out_of_range(settings, error, expected):
    with pytest.raises(error) as caught:
        fit_classes(lecture_data(), **settings)
    assert expected in one_sentence(caught.value)


def test_inputs_too_large_to_fit_are_refused_before_fitting():
    with pytest.raises(DataError) as caught:
        check_class_rows([[1, 2, "a"], [-2.5e7, 1, "b"]], NAMES)
    assert one_sentence(caught.value) == ("row 2's petal is -2.5e+07; inputs beyond 1e+06 make the "
                                          "network's steps blow up: rescale each input, e.g. to 0..1")
    check_class_rows([[1, 2, "a"], [-1e6, 1, "b"]], NAMES)  # the limit itself is allowed


def test_a_dead_relu_node_is_named():
    trace = fit_classes(iris_data("sepal length", "sepal width"), seed=4)  # at 0.01: too fast for 150 rows
    assert dead_nodes(trace) == ("h1", "h2")
    assert accuracy(trace) == pytest.approx(1 / 3)
    lecture = fit_classes(lecture_data(), seed=4)
    hidden = np.asarray(lecture.forward().hidden)
    assert dead_nodes(lecture) == tuple(n for n, col in zip(("h1", "h2"), hidden.T) if not col.any())
    assert hidden.any()  # one node still carries the three rows (all three right)
    assert dead_nodes(fit_classes(lecture_data(), activation="softplus", max_iterations=50)) == ()
    assert dead_nodes(fit_classes(lecture_data())) == ()  # the default seed


@pytest.mark.parametrize("fmt", ["json", "csv", "npz"])
def test_export_round_trip(tmp_path, fmt):
    trace = fit_classes(lecture_data(), max_iterations=30)
    back = export.load(export.save(trace, tmp_path / f"trace.{fmt}", fmt))
    assert back == trace
    assert back.model().output_labels == IRIS_CLASSES
    assert accuracy(back) == accuracy(trace)


# --- Iris --------------------------------------------------------------------------------
def test_iris_rows_are_scaled_to_0_1_like_the_lecture():
    rows = iris_rows()
    assert len(rows) == 150
    petal, sepal = np.array([r[0] for r in rows]), np.array([r[1] for r in rows])
    assert petal.min() == 0 and petal.max() == 1 and sepal.min() == 0 and sepal.max() == 1
    assert [r[2] for r in rows[::50]] == list(IRIS_CLASSES)
    assert rows[1] == (0.04, 0.42, "setosa")  # the lecture's Setosa row: 0.2 cm petal, 3.0 cm sepal
    assert all(round(v, 2) == v for r in rows for v in r[:2])
    assert iris_rows("Petal Length (cm)", "sepal_length")[0][:2] == (0.07, 0.22)


@pytest.mark.parametrize("x, y, error, expected", [
    ("petal", "sepal width", UnknownNameError, "the first measurement 'petal' is not an Iris measurement"),
    ("petal width", "Petal Width", SettingError, "both measurements are petal width"),
])
def test_iris_measurement_choice_is_checked(x, y, error, expected):
    with pytest.raises(error) as caught:
        iris_rows(x, y)
    assert expected in one_sentence(caught.value)


def test_full_iris_on_petal_and_sepal_width_reaches_the_stated_accuracy():
    data = iris_data()
    assert data.n_rows == 150 and data.class_names == IRIS_CLASSES
    trace = fit_classes(data, **IRIS_SETTINGS)
    assert trace.settings["learning_rate"] == 0.005
    assert accuracy(trace) == pytest.approx(143 / 150)  # 95.3 %, as the README states
    assert trace.loss[-1] < 0.2 * trace.loss[0]


def test_any_two_iris_measurements_fit_with_the_iris_settings():
    for x, y in itertools.combinations(IRIS_MEASUREMENTS, 2):
        trace = fit_classes(iris_data(x, y), **IRIS_SETTINGS, max_iterations=1500)
        assert accuracy(trace) >= 0.7, (x, y, accuracy(trace))
        assert len(dead_nodes(trace)) < 2


# --- CSV files ---------------------------------------------------------------------------
def test_csv_round_trip(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("petal width,sepal width,species\n0.04,0.42,setosa\n\n1.00,0.54,virginica\n"
                    "0.50,0.37,versicolor\n", encoding="utf-8")
    data = read_class_csv(path)
    assert isinstance(data, ClassData)
    assert data.input_names == ("petal width", "sepal width")
    assert data.rows() == lecture_rows()


def test_written_csv_reads_back_exactly(tmp_path):
    from nnmath.classes import class_csv

    data = iris_data("sepal length", "petal length")
    path = tmp_path / "iris.csv"
    path.write_text(class_csv(data, "species"))
    back = read_class_csv(path)
    assert back.rows() == data.rows() and back.input_names == data.input_names
    assert back.class_names == IRIS_CLASSES
    assert path.read_text().splitlines()[:2] == ["sepal length,petal length,species", "0.22,0.07,setosa"]


def test_csv_with_semicolons_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_bytes("\ufeffx;y;class\n1;2;a\n3;4;b\n".encode())
    assert read_class_csv(path).rows() == [(1.0, 2.0, "a"), (3.0, 4.0, "b")]


@pytest.mark.parametrize("content, expected", [
    (b"", "rows.csv is empty; its first line names the two inputs and the class"),
    (b"0.1,0.2,a\n0.3,0.4,b\n", "the first line of rows.csv must name the two inputs"),
    (b"x,y,class,extra\n1,2,a\n", "names 4 columns; give three"),
    (b"x,y,class\n1,2,a\n3,,b\n", "rows.csv: line 3 has no y; fill it in or clear the whole row"),
    (b"x,y,class\n1,2,a\n3,4,a\n", "rows.csv: every row is of the class 'a'"),
    (b"x,y,class\n1,2,a\n3,abc,b\n", "rows.csv: line 3's y is 'abc', which is not a number"),
    (b"\xff\xfex\x00,\x00y", "rows.csv is not a UTF-8 text file"),
    (b"x,x,class\n1,2,a\n", "both inputs are named 'x'"),
])
def test_a_damaged_csv_is_one_sentence(tmp_path, content, expected):
    path = tmp_path / "rows.csv"
    path.write_bytes(content)
    with pytest.raises(NNMathError) as caught:
        read_class_csv(path)
    assert expected in one_sentence(caught.value)


def test_a_missing_file_or_a_folder(tmp_path):
    with pytest.raises(DataError, match="there is no file"):
        read_class_csv(tmp_path / "nope.csv")
    with pytest.raises(DataError, match="is a folder"):
        read_class_csv(tmp_path)


def test_rows_of_text_split_by_the_first_lines_separator():
    from nnmath.classes import names_inputs, split_rows

    assert split_rows(['x;y;"kind; of"', "1;2,5;a"]) == [["x", "y", "kind; of"], ["1", "2,5", "a"]]
    assert split_rows(["1\t2\ta b"]) == [["1", "2", "a b"]]
    assert names_inputs(["petal", "sepal", "species"]) and not names_inputs(["0.1", "0.2", "a"])
    assert not names_inputs(["petal"])
