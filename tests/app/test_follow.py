"""app.follow: a tab's view of one job, from the submit to the finished video."""

from __future__ import annotations

from app.follow import follow
from app.form import FieldError
from app.jobs import JobStatus
from nnmath.errors import NNMathError


class FakeJob:
    def __init__(self, *states):
        self.states = list(states)

    def snapshot(self):
        return self.states.pop(0) if len(self.states) > 1 else self.states[0]


def view(message, summary=None, snap=None, keep_pictures=False, field=None, error=""):
    return ["view", message, summary, keep_pictures, field, error]


def done(text, snap):
    return ["done", text, snap.summary]


def test_the_status_as_it_changes_the_pictures_once_then_the_finished_job():
    summary = {"n_steps": 3}
    job = FakeJob(JobStatus("queued"), JobStatus("fitting"), JobStatus("fitting"),
                  JobStatus("rendering", steps=3, summary=summary, frames_done=1, frames_total=9),
                  JobStatus("rendering", steps=3, summary=summary, frames_done=5, frames_total=9),
                  JobStatus("done", summary=summary, seconds=2.0))
    shown = list(follow(lambda: job, view, done, poll=0))
    assert [s[1] for s in shown[:-1]] == [
        "Waiting for a worker to start your fit.", "Fitting the network to your data...",
        "Fitted in 3 iterations. Rendering the video: frame 1 of 9.",
        "Fitted in 3 iterations. Rendering the video: frame 5 of 9."]
    assert [s[3] for s in shown[:-1]] == [False, False, False, True]  # pictures drawn once
    assert shown[-1][0] == "done" and shown[-1][1].startswith("Done (2 s)") and shown[-1][2] == summary


def test_refused_input_and_a_failed_job():
    def refused():
        raise FieldError("rows", "row 2 has no class")

    assert list(follow(refused, view, done)) == [
        ["view", "Please fix the field marked in red.", None, False, "rows", "row 2 has no class"]]

    def full():
        raise NNMathError("50 fits are already waiting")

    assert list(follow(full, view, done))[0][1] == "Not started: 50 fits are already waiting"
    failed = FakeJob(JobStatus("failed", error="diverged", error_field="learning_rate"))
    assert list(follow(lambda: failed, view, done, poll=0)) == [
        ["view", "Failed: diverged", None, False, "learning_rate", "diverged"]]
