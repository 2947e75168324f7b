"""Learning-rate schedules and the report that says what a run did."""

import math

import numpy as np
import pytest
from hypothesis import given, strategies as st

import nnmath
from nnmath import SettingError, build, check_schedule, learning_rates
from nnmath.report import CRAWL_FACTOR

INTERCEPT = "gradient-descent-intercept"


@pytest.mark.parametrize("spec, canonical", [
    (None, "constant"), ("constant", "constant"), (" Exponential:0.80 ", "exponential:0.8"),
    ("inverse:0.5", "inverse:0.5"), ("inverse:0", "inverse:0"), ("exponential:1", "exponential:1"),
])
def test_schedules_are_written_one_way(spec, canonical):
    assert check_schedule(spec) == canonical


@pytest.mark.parametrize("spec, words", [
    ("cosine", "unknown learning-rate schedule"), ("exponential", "needs a number"),
    ("exponential:abc", "needs a number"), ("exponential:0", "above 0 and at most 1"),
    ("exponential:1.5", "above 0 and at most 1"), ("inverse:-1", "from 0 to 1e6"),
    ("exponential:nan", "finite"), ("constant:2", "takes no number"), (0.5, "must be text"),
])
def test_bad_schedules_say_what_to_write(spec, words):
    with pytest.raises(SettingError, match=words) as err:
        check_schedule(spec)
    assert "\n" not in str(err.value)


def test_schedule_formulas():
    assert np.allclose(learning_rates("constant", 0.1, 3), [0.1, 0.1, 0.1])
    assert np.allclose(learning_rates("exponential:0.5", 0.4, 4), [0.4, 0.2, 0.1, 0.05])
    assert np.allclose(learning_rates("inverse:1", 0.6, 3), [0.6, 0.3, 0.2])


@given(st.floats(0.01, 1.0), st.floats(1e-4, 1.0), st.integers(1, 50))
def test_shrinking_schedules_never_grow(decay, rate, n):
    for kind in ("exponential", "inverse"):
        rates = learning_rates(f"{kind}:{decay}", rate, n)
        assert rates[0] == pytest.approx(rate)
        assert np.all(np.diff(rates) <= 1e-15) and np.all(rates > 0)


def test_each_step_records_the_rate_it_used():
    tr = build(INTERCEPT, learning_rate=0.5, schedule="exponential:0.8")
    assert tr.settings["schedule"] == "exponential:0.8"
    assert np.allclose(tr.learning_rates, 0.5 * 0.8 ** np.arange(tr.n_steps))
    # step size = derivative x that step's learning rate
    i = tr.index("intercept")
    assert np.allclose(tr.step_sizes[:, i], tr.gradients[:, i] * tr.learning_rates)


def test_schedule_round_trips_through_every_format(tmp_path):
    tr = build(INTERCEPT, learning_rate=0.5, schedule="exponential:0.8")
    for fmt in ("json", "csv", "npz"):
        back = nnmath.load(nnmath.save(tr, tmp_path / f"t.{fmt}", fmt))
        assert back == tr


def test_a_shrinking_schedule_tames_a_rate_that_diverges_alone():
    alone = build(INTERCEPT, learning_rate=0.5)
    shrinking = build(INTERCEPT, learning_rate=0.5, schedule="exponential:0.8")
    assert alone.stopped_because == "diverged"
    assert shrinking.stopped_because == "step-size"
    assert shrinking.final_loss == pytest.approx(build(INTERCEPT).final_loss, rel=1e-3)


def test_report_names_each_behaviour_of_the_intercept_example():
    verdicts = {lr: build(INTERCEPT, learning_rate=lr).report() for lr in (0.001, 0.1, 0.3, 0.4)}
    assert verdicts[0.1].behaviour == "converged"
    assert verdicts[0.3].behaviour == "oscillating"
    assert verdicts[0.4].behaviour == "diverged"
    assert verdicts[0.001].behaviour == "crawling"
    # the intercept's step changes sign every time at 0.3: 1 - 6 x 0.3 < 0
    r = verdicts[0.3]
    assert r.oscillating == ("intercept",) and r.sign_changes["intercept"] == r.steps - 1
    assert "0.15" in r.message
    assert verdicts[0.4].last_loss > 1e6 * verdicts[0.4].first_loss
    assert "0.04" in verdicts[0.4].message


def test_crawl_estimate_matches_the_distance_actually_left():
    slow = build(INTERCEPT, learning_rate=0.001).report()
    left = build(INTERCEPT).final()["intercept"] - build(INTERCEPT, learning_rate=0.001).final()["intercept"]
    assert slow.remaining["intercept"] == pytest.approx(left, rel=0.05)
    assert slow.remaining["intercept"] > CRAWL_FACTOR * 0.001
    assert "0.16" in slow.message


def test_unfinished_and_forward_only_reports():
    sgd = build("gradient-descent-intercept-slope", batch_size=1, seed=0)
    assert sgd.stopped_because == "max-steps"
    assert sgd.report().behaviour == "unfinished" and "1000 steps" in sgd.report().message
    assert build("black-box").report().behaviour == "forward-only"


def test_every_report_message_is_one_line():
    for name in nnmath.preset_names():
        r = build(name).report()
        assert r.behaviour in nnmath.BEHAVIOURS
        assert "\n" not in r.message and "nan" not in r.message and "inf" not in r.message.replace("infinite", "")


def test_build_overrides_make_seeded_stochastic_runs():
    a = build("gradient-descent-intercept-slope", batch_size=1, seed=2)
    b = build("gradient-descent-intercept-slope", batch_size=1, seed=2)
    assert a == b and a.batches.shape == (a.n_steps, 1)
    assert a.settings["batch_size"] == 1 and a.settings["seed"] == 2
    with pytest.raises(SettingError, match="batch size"):
        build("gradient-descent-intercept-slope", batch_size=4)


def test_loss_grid_agrees_with_loss_curve():
    tr = build("gradient-descent-intercept-slope")
    xs, ys = np.linspace(-1, 2, 7), np.linspace(0, 1.5, 5)
    grid = tr.loss_grid("intercept", xs, "slope", ys, k=0)
    assert grid.shape == (5, 7)
    for j, s in enumerate(ys):
        w, h = tr.inputs, tr.outputs
        assert np.allclose(grid[j], [np.sum((h - (i + s * w)) ** 2) for i in xs])
    assert math.isclose(grid.min(), tr.loss_grid("intercept", xs, "slope", ys).min())
