"""Presets: every one builds, and its numbers agree with independent hand computation."""

import math

import numpy as np
import pytest

from nnmath import PRESETS, UnknownNameError, build, get_preset

DOSE, EFF = (0.0, 0.5, 1.0), (0.0, 1.0, 0.0)


def hand_forward(p, d, f, g):
    return g(p["w3"] * f(p["w1"] * d + p["b1"]) + p["w4"] * f(p["w2"] * d + p["b2"]) + p["b3"])


def softplus(x):
    return math.log(1.0 + math.exp(x))


def relu(x):
    return max(0.0, x)


def ident(x):
    return x


def hand_predictions(name, params):
    preset = get_preset(name)
    if preset.kind == "line":
        return [params["intercept"] + params["slope"] * w for w in preset.data[0]]
    acts = {"softplus": softplus, "relu": relu, "identity": ident}
    f = acts[preset.model_settings.get("activation", "softplus")]
    g = acts[preset.model_settings.get("output_activation", "identity")]
    return [hand_forward(params, d, f, g) for d in preset.data[0]]


def test_the_names_of_the_issue():
    assert set(PRESETS) >= {"black-box", "main-ideas", "details-w3-w4-b3", "details-all", "relu",
                            "gradient-descent-intercept", "gradient-descent-intercept-slope",
                            "iris", "softmax", "cross-entropy", "cross-entropy-b3",
                            "cnn-x-vs-o", "cnn-forward"}


@pytest.mark.parametrize("name", [n for n, p in PRESETS.items() if p.kind in ("dosage", "line")])
def test_forward_values_match_hand_computation(name):
    tr = build(name)
    outputs = get_preset(name).data[1]
    for k in sorted({0, tr.n_steps // 2, tr.n_steps}):
        if k == tr.n_steps and tr.n_steps == 0:
            preds, loss = tr.final_predictions, tr.final_loss
        elif k == tr.n_steps:
            preds, loss = tr.final_predictions, tr.final_loss
        else:
            preds, loss = tr.predictions[k], tr.loss[k]
        expected = hand_predictions(name, tr.params_at(k))
        assert np.allclose(preds, expected, rtol=1e-12, atol=1e-12)
        assert loss == pytest.approx(sum((o - e) ** 2 for o, e in zip(outputs, expected)))


def test_black_box_fits_the_three_points_and_keeps_intermediates():
    tr = build("black-box")
    assert tr.n_steps == 0 and tr.stopped_because == "forward-only"
    assert np.allclose(tr.final_predictions, EFF, atol=0.05)  # the green squiggle hits them
    fw = tr.forward()
    assert fw.x1[0] == pytest.approx(2.14)  # dosage 0 enters the top node as b1
    assert fw.scaled1[0] == pytest.approx(-1.30 * softplus(2.14))


def test_relu_preset_clips_to_the_data():
    tr = build("relu")
    assert np.allclose(tr.final_predictions, [0.0, 1.01, 0.0], atol=1e-9)


def test_main_ideas_matches_the_published_walkthrough():
    tr = build("main-ideas")
    # b3 = 0 gives SSR 20.4; the first derivative is -15.7, the step -1.57; b3 ends at 2.61
    assert tr.loss[0] == pytest.approx(20.4, abs=0.05)
    assert tr.gradients[0, tr.index("b3")] == pytest.approx(-15.7, abs=0.05)
    assert tr.step_sizes[0, tr.index("b3")] == pytest.approx(-1.57, abs=0.005)
    assert tr.final()["b3"] == pytest.approx(2.61, abs=0.005)
    assert tr.stopped_because == "step-size"


def test_gradient_descent_intercept_matches_the_published_walkthrough():
    tr = build("gradient-descent-intercept")
    assert tr.param("intercept")[1] == pytest.approx(0.57, abs=0.005)
    assert tr.final()["intercept"] == pytest.approx(0.95, abs=0.005)
    assert tr.final()["slope"] == 0.64


def test_intercept_and_slope_head_for_least_squares():
    tr = build("gradient-descent-intercept-slope", max_steps=20000, tolerance=1e-7)
    slope, intercept = np.polyfit([0.5, 2.3, 2.9], [1.4, 1.9, 3.2], 1)
    assert tr.final()["slope"] == pytest.approx(slope, abs=1e-4)
    assert tr.final()["intercept"] == pytest.approx(intercept, abs=1e-4)


def test_overrides_and_unknown_names():
    assert build("main-ideas", max_steps=3).n_steps == 3
    assert build("main-ideas", learning_rate=0.01).settings["learning_rate"] == 0.01
    with pytest.raises(UnknownNameError, match="main-ideas"):
        build("main-idea")
