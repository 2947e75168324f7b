"""Checking the page's fields: each problem is one sentence naming its field."""

import math

import pytest

from app.form import (DEFAULTS, FIELDS, MAX_HIDDEN, MAX_ITERATIONS, MAX_POINTS, FieldError,
                      FitRequest, check_form, paste_to_rows, split_numbers, table_rows)
from app.results import loss_svg, results_markdown

GOOD = dict(max_iterations=1000, activation="softplus", hidden=2, learning_rate=0.1, seed=13,
            quality="l")
TABLE = [["0", "0"], ["0.5", "1"], ["1", "0"]]


def form(table=TABLE, **changes):
    values = {**GOOD, **changes}
    return check_form(table, values["max_iterations"], values["activation"], values["hidden"],
                      values["learning_rate"], values["seed"], values["quality"])


def test_good_input_becomes_a_request():
    req = form()
    assert req == FitRequest((0.0, 0.5, 1.0), (0.0, 1.0, 0.0), 1000, "softplus", 2, 0.1, 13, "l")
    assert FitRequest.from_dict(req.as_dict()) == req
    assert req.inputs == DEFAULTS["inputs"] and req.outputs == DEFAULTS["outputs"]


def test_numbers_from_the_page_widgets_are_accepted():
    req = form(table=[[0, 0.0], [0.5, 1], [1.0, 0]], max_iterations=1000.0, hidden=3.0, seed=2.0,
               quality="medium", activation=" ReLU ")
    assert (req.max_iterations, req.hidden, req.seed, req.quality, req.activation) == \
        (1000, 3, 2, "m", "relu")


def test_blank_rows_are_skipped_but_half_rows_are_named():
    assert table_rows([["0", "1"], ["", ""], [None, None], ["2", "3"]]) == (["0", "2"], ["1", "3"])
    with pytest.raises(FieldError, match="row 2 has no output") as err:
        table_rows([["0", "1"], ["2", ""]])
    assert err.value.field == "data"
    assert table_rows([[0, 1], [float("nan"), float("nan")]]) == ([0], [1])


@pytest.mark.parametrize("table,field,message", [
    ([], "data", "the table is empty"),
    (None, "data", "the table is empty"),
    ([["", ""]], "data", "the table is empty"),
    ([["0", "1"], ["abc", "2"]], "data", "input 2 is 'abc', which is not a number"),
    ([["0", "nan"]], "data", "finite number"),
    ([["0", "inf"]], "data", "finite number"),
    ([["0", "1"], ["1", ""]], "data", "row 2 has no output"),
    ([[str(i), "0"] for i in range(MAX_POINTS + 1)], "data", f"the limit is {MAX_POINTS} data points"),
])
def test_bad_data_is_reported_next_to_the_table(table, field, message):
    with pytest.raises(FieldError, match=message) as err:
        form(table=table)
    assert err.value.field == field
    assert "\n" not in err.value.message


@pytest.mark.parametrize("changes,field,message", [
    (dict(max_iterations=0), "max_iterations", "at least 1"),
    (dict(max_iterations=MAX_ITERATIONS + 1), "max_iterations", f"the limit is {MAX_ITERATIONS}"),
    (dict(max_iterations=None), "max_iterations", "is empty"),
    (dict(max_iterations=2.5), "max_iterations", "whole number"),
    (dict(activation="tanh"), "activation", "choose one of: softplus, relu, sigmoid"),
    (dict(hidden=0), "hidden", f"from 1 to {MAX_HIDDEN}"),
    (dict(hidden=MAX_HIDDEN + 1), "hidden", f"from 1 to {MAX_HIDDEN}"),
    (dict(learning_rate=-1), "learning_rate", "above 0"),
    (dict(learning_rate=math.nan), "learning_rate", "finite"),
    (dict(learning_rate=""), "learning_rate", "is empty"),
    (dict(seed=-3), "seed", "0 or above"),
    (dict(quality="ultra"), "quality", r"choose l \(low, 480p\)"),
])
def test_bad_settings_name_their_field(changes, field, message):
    with pytest.raises(FieldError, match=message) as err:
        form(**changes)
    assert err.value.field == field and field in FIELDS


def test_pasted_lists_become_rows():
    assert split_numbers("0, 0.5;1\n2  3") == ["0", "0.5", "1", "2", "3"]
    assert paste_to_rows("0,1,2", "0 1 2") == [["0", "0"], ["1", "1"], ["2", "2"]]
    with pytest.raises(FieldError, match="3 inputs but 2 outputs") as err:
        paste_to_rows("0,1,2", "0,1")
    assert err.value.field == "paste"
    with pytest.raises(FieldError, match="empty"):
        paste_to_rows("", "")
    with pytest.raises(FieldError, match="input 2 is 'x'"):
        paste_to_rows("0, x", "1, 2")


def test_nothing_typed_reaches_a_path_or_markup():
    # the cache key is a hex digest whatever the data; results show numbers only
    key = form(table=[["1e3", "-2"], ["16", "3"]]).key()
    assert len(key) == 32 and all(c in "0123456789abcdef" for c in key)
    summary = {"message": "converged", "param_names": ["w1"], "final_params": [1.5],
               "final_loss": 0.25, "inputs": [0.0], "outputs": [1.0], "predictions": [0.9]}
    md = results_markdown(summary)
    assert "| `w1` | 1.5 |" in md and "| 0 | 1 | 0.9 |" in md
    svg = loss_svg([4.0, 2.0, "NaN", 1.0])
    assert svg.startswith("<svg") and svg.count("<polyline") == 1
    assert "No loss" in loss_svg(["NaN"])
