"""app.worker.reported: what goes wrong in any job's body is one error message."""

from __future__ import annotations

import inspect

from app.worker import reported
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
