"""app.worker: what goes wrong in any job's body is one error message (reported), and every
kind of job ends the same way (show_and_render)."""

from __future__ import annotations

import inspect

import pytest

from app.worker import reported, show_and_render
from nnmath.errors import NNMathError


class Messages(list):
    def put(self, message):
        self.append(message)


def _fails():
    raise RuntimeError("the encoder\nfell over")


def test_a_failure_is_one_line_naming_where_it_was_raised_and_the_job_ends():
    messages = Messages()
    with reported(messages, "the images"):
        messages.put(("fitting", 10))
        _fails()
        messages.put(("done", {}))  # not reached
    line = inspect.getsourcelines(_fails)[1] + 1
    assert messages == [("fitting", 10), ("error", None, "the images could not be rendered: "
                                          f"RuntimeError: the encoder (in test_worker.py:{line})")]


def test_bad_input_is_its_own_sentence_and_a_clean_body_sends_nothing():
    messages = Messages()
    with reported(messages):
        raise NNMathError("the learning rate must be above 0")
    with reported(messages):
        pass
    assert messages == [("error", None, "the learning rate must be above 0")]


class _Run:
    """A finished fit as show_and_render sees it: its step count and its report."""

    def __init__(self, behaviour, blame):
        self.n_steps = 7
        self._report = type("Report", (), {"behaviour": behaviour, "blame": blame, "message": "verdict"})()

    def report(self):
        return self._report


@pytest.mark.parametrize("blame, fields, field", [
    ("learning_rate", None, "learning_rate"), (None, None, "learning_rate"), ("data", None, "data"),
    ("data", {"data": "rows"}, "rows"), (None, {"data": "rows"}, "learning_rate"),
    (None, {"data": "images", None: "seed"}, "seed"), ("data", {"data": "images", None: "seed"}, "images"),
    ("learning_rate", {"data": "images", None: "seed"}, "learning_rate")])
def test_a_run_with_nothing_to_watch_is_told_under_its_field_and_not_rendered(blame, fields, field):
    messages = Messages()
    show_and_render(_Run("stalled", blame), messages, lambda run: pytest.fail("no summary"),
                    lambda progress: pytest.fail("no video"), fields)
    assert messages == [("fitted", 7, None), ("error", field, "verdict")]


def test_a_fit_to_watch_is_shown_then_rendered_with_progress_then_done():
    messages = Messages()
    show_and_render(_Run("converged", None), messages, lambda run: {"steps": run.n_steps},
                    lambda progress: progress(3, 3))
    assert messages == [("fitted", 7, {"steps": 7}), ("frames", 3, 3), ("done", {"steps": 7})]
