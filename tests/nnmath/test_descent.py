"""Gradient descent: step arithmetic, stopping rules, subsets, mini-batches, divergence."""

import numpy as np
import pytest

from nnmath import DosageNetwork, Line, SettingError, build, gradient_descent, initial_params
from nnmath.descent import DIVERGENCE_FACTOR

W, H = [0.5, 2.3, 2.9], [1.4, 1.9, 3.2]
DOSE, EFF = [0.0, 0.5, 1.0], [0.0, 1.0, 0.0]


def test_each_step_is_old_value_minus_derivative_times_learning_rate():
    tr = gradient_descent(Line(), dict(intercept=0.0, slope=1.0), W, H, learning_rate=0.01)
    assert tr.n_steps > 1
    assert np.allclose(tr.step_sizes, 0.01 * tr.gradients)
    assert np.array_equal(tr.params[1:], tr.params[:-1] - tr.step_sizes[:-1])
    assert np.array_equal(tr.final_params, tr.params[-1] - tr.step_sizes[-1])
    for k in (0, tr.n_steps - 1):
        chain = Line().chain(tr.params[k], W, H)
        assert np.array_equal(chain.gradients, tr.gradients[k])
        assert tr.loss[k] == chain.loss
        assert np.array_equal(tr.predictions[k], chain.predictions)


@pytest.mark.parametrize("name", ["main-ideas", "details-w3-w4-b3", "details-all",
                                  "gradient-descent-intercept", "gradient-descent-intercept-slope"])
def test_loss_goes_down(name):
    tr = build(name)
    assert tr.final_loss < tr.loss[0] and tr.final_loss <= tr.loss.min()
    if name == "details-all":
        # with all seven parameters at learning rate 0.1 the first steps overshoot: the SSR
        # rises from 1.9 to 7.4 before falling; after that it only goes down
        peak = int(np.argmax(tr.loss))
        assert 0 < peak < 10
        assert np.all(np.diff(tr.loss[peak:]) <= 1e-12)
    else:
        assert np.all(np.diff(tr.loss) <= 1e-12)


def test_stops_when_every_step_size_is_small():
    tr = gradient_descent(Line(), dict(intercept=0.0, slope=0.64), W, H, optimise=["intercept"],
                          learning_rate=0.1, tolerance=0.001)
    assert tr.stopped_because == "step-size"
    assert abs(tr.step_sizes[-1, 0]) <= 0.001
    assert np.all(np.abs(tr.step_sizes[:-1, 0]) > 0.001)
    assert "0.001" in tr.message


def test_stops_at_max_steps():
    tr = gradient_descent(DosageNetwork(), build("details-all").params_at(0), DOSE, EFF,
                          max_steps=5)
    assert tr.n_steps == 5 and tr.stopped_because == "max-steps"


def test_fixed_parameters_do_not_move():
    tr = build("main-ideas")
    for name in ("w1", "b1", "w2", "b2", "w3", "w4"):
        assert np.all(tr.param(name) == tr.param(name)[0])
        assert np.all(tr.step_sizes[:, tr.index(name)] == 0.0)
    assert tr.optimised == ("b3",)
    assert tr.step(0).step_sizes.keys() == {"b3"}


def test_diverging_learning_rate_stops_and_keeps_the_steps():
    tr = gradient_descent(Line(), dict(intercept=0.0, slope=1.0), W, H, learning_rate=1.0)
    assert tr.stopped_because == "diverged"
    assert tr.n_steps >= 2
    assert np.all(np.isfinite(tr.loss))
    # stopped as soon as the SSR passed a million times its start, not later
    assert np.all(tr.loss <= DIVERGENCE_FACTOR * tr.loss[0])
    assert tr.final_loss > DIVERGENCE_FACTOR * tr.loss[0]
    # the stop message offers no unchecked advice; the report's suggestion was tried first
    assert "learning rate 1;" in tr.message and "try 0.1" not in tr.message
    report = tr.report()
    assert report.suggested_rate is not None and report.suggested_rate < 1
    assert f"a trial run at {report.suggested_rate:g}" in report.message


def test_overflow_to_infinity_is_also_divergence():
    tr = gradient_descent(Line(), dict(intercept=0.0, slope=1.0), W, H, learning_rate=1e150)
    assert tr.stopped_because == "diverged"
    assert np.all(np.isfinite(tr.loss))


def test_slow_growth_below_the_ceiling_is_not_divergence():
    # details-all's SSR rises about fourfold before it falls: that run must go on
    tr = build("details-all")
    assert tr.loss.max() > 3 * tr.loss[0]
    assert tr.stopped_because == "step-size"


def test_mini_batches_are_seeded():
    kw = dict(learning_rate=0.01, batch_size=1, max_steps=50)
    a = gradient_descent(Line(), dict(intercept=0.0, slope=1.0), W, H, seed=3, **kw)
    b = gradient_descent(Line(), dict(intercept=0.0, slope=1.0), W, H, seed=3, **kw)
    c = gradient_descent(Line(), dict(intercept=0.0, slope=1.0), W, H, seed=4, **kw)
    assert a == b
    assert not np.array_equal(a.batches, c.batches)
    assert a.batches.shape == (50, 1)
    k = 7  # each step's gradient is the gradient on that step's batch only
    rows = a.batches[k]
    chain = Line().chain(a.params[k], np.array(W)[rows], np.array(H)[rows])
    assert np.array_equal(chain.gradients, a.gradients[k])
    assert np.array_equal(a.chain(k).gradients, a.gradients[k])
    # the recorded loss is still over all the data
    assert a.loss[k] == Line().chain(a.params[k], W, H).loss
    assert a.final_loss < a.loss[0]


def test_a_batch_as_large_as_the_data_is_plain_gradient_descent():
    full = gradient_descent(Line(), dict(intercept=0.0, slope=1.0), W, H, learning_rate=0.01)
    same = gradient_descent(Line(), dict(intercept=0.0, slope=1.0), W, H, learning_rate=0.01,
                            batch_size=3)
    assert same == full and same.batches is None


def test_bad_batch_size():
    with pytest.raises(SettingError, match="only 3 data points"):
        gradient_descent(Line(), dict(intercept=0.0, slope=1.0), W, H, batch_size=4)


def test_initial_params_seeded_normal_weights_and_zero_biases():
    a = initial_params(DosageNetwork(), seed=7)
    assert a == initial_params(DosageNetwork(), seed=7)
    assert a != initial_params(DosageNetwork(), seed=8)
    assert all(a[b] == 0.0 for b in ("b1", "b2", "b3"))
    expected = np.random.default_rng(7).standard_normal(4)
    assert [a[w] for w in ("w1", "w2", "w3", "w4")] == list(expected)


def test_trace_curves_vectorise_over_steps():
    tr = build("details-all")
    grid = np.linspace(0, 1, 200)
    curves = tr.curves(grid)
    assert curves.predicted.shape == (tr.n_steps + 1, 200)
    for k in (0, 17, tr.n_steps):
        one = DosageNetwork().predict(tr.params_at(k), grid)
        assert np.allclose(curves.predicted[k], one, rtol=0, atol=1e-13)


def test_trace_is_immutable():
    tr = build("main-ideas")
    with pytest.raises(ValueError):
        tr.params[0, 0] = 1.0
    with pytest.raises(AttributeError):
        tr.loss = None
    with pytest.raises(TypeError):
        tr.settings["learning_rate"] = 1.0


def test_chain_at_a_step_matches_the_recorded_gradient():
    tr = build("details-all")
    for k in (0, 100, tr.n_steps - 1):
        assert np.array_equal(tr.chain(k).gradients, tr.gradients[k])
    assert tr.chain().loss == tr.final_loss


def test_loss_curve_and_tangent():
    tr = build("main-ideas")
    b3 = np.linspace(-1, 4, 11)
    curve = tr.loss_curve("b3", b3, k=0)
    net = DosageNetwork()
    for v, loss in zip(b3, curve):
        p = dict(tr.params_at(0), b3=v)
        assert loss == pytest.approx(net.chain(p, DOSE, EFF).loss, rel=1e-12)
    assert tr.loss_curve("b3", [tr.params[3, -1]], k=3)[0] == pytest.approx(tr.loss[3])
    # the tangent touches the curve at the step's b3 and has the step's slope
    k, at = 2, tr.params[2, -1]
    line = tr.tangent("b3", k, [at, at + 1.0])
    assert line[0] == pytest.approx(tr.loss[k])
    assert line[1] - line[0] == pytest.approx(tr.gradients[k, -1])
    h = 1e-5
    numeric = (tr.loss_curve("b3", [at + h], k)[0] - tr.loss_curve("b3", [at - h], k)[0]) / (2 * h)
    assert numeric == pytest.approx(tr.gradients[k, -1], rel=1e-6)
    assert tr.tangent("b3", tr.n_steps, [tr.final()["b3"]])[0] == pytest.approx(tr.final_loss)
