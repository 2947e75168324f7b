"""Bad input: each case raises a ValueError subclass with a sentence that says what to fix."""

import pytest

from nnmath import MAX_POINTS, MAX_STEPS, DataError, SettingError, UnknownNameError, build, fit

CASES = [
    (dict(inputs=[0, 1, 2], outputs=[0, 1]), DataError, "3 inputs but 2 outputs"),
    (dict(inputs=[], outputs=[]), DataError, "empty"),
    (dict(inputs=[0, float("nan")], outputs=[0, 1]), DataError, "input 2 .*finite"),
    (dict(inputs=[0, 1], outputs=[0, float("inf")]), DataError, "output 2 .*finite"),
    (dict(inputs=[0, "abc"], outputs=[0, 1]), DataError, "input 2 is 'abc', which is not a number"),
    (dict(inputs="0 1", outputs=[0, 1]), DataError, "list of numbers"),
    (dict(inputs=[0, None], outputs=[0, 1]), DataError, "not a number"),
    (dict(inputs=list(range(MAX_POINTS + 1)), outputs=list(range(MAX_POINTS + 1))), DataError,
     "limit"),
    (dict(max_iterations=0), SettingError, "at least 1"),
    (dict(max_iterations=-5), SettingError, "at least 1"),
    (dict(max_iterations=MAX_STEPS + 1), SettingError, f"limit is {MAX_STEPS}"),
    (dict(max_iterations=2.5), SettingError, "whole number"),
    (dict(max_iterations="lots"), SettingError, "not a number"),
    (dict(learning_rate=0), SettingError, "above 0"),
    (dict(learning_rate=-0.1), SettingError, "above 0"),
    (dict(learning_rate="fast"), SettingError, "not a number"),
    (dict(learning_rate=float("nan")), SettingError, "finite"),
    (dict(tolerance=-1), SettingError, "0 or above"),
    (dict(seed=-1), SettingError, "whole number"),
    (dict(activation="tanh"), UnknownNameError, "softplus, relu, sigmoid"),
    (dict(activation="identity"), UnknownNameError, "choose one of"),
]


@pytest.mark.parametrize("kwargs,error,message", CASES)
def test_bad_fit_input(kwargs, error, message):
    args = dict(inputs=[0, 0.5, 1], outputs=[0, 1, 0])
    args.update(kwargs)
    with pytest.raises(error, match=message) as info:
        fit(args.pop("inputs"), args.pop("outputs"), **args)
    assert isinstance(info.value, ValueError)
    assert "\n" not in str(info.value)


def test_unknown_preset():
    with pytest.raises(UnknownNameError, match="unknown preset 'x'"):
        build("x")


def test_numbers_typed_as_text_are_accepted():
    trace = fit(["0", " 0.5", "1"], ["0", "1", "0"], max_iterations=3)
    assert list(trace.inputs) == [0.0, 0.5, 1.0]
