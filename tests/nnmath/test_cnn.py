"""The convolutional network: forward values against scipy and by hand, every gradient
against finite differences, the X-versus-O training and the shifted X, exports and bad
input."""

import json

import numpy as np
import pytest
from scipy.signal import correlate2d

from nnmath import DataError, NNMathError, build, export, gradient_descent
from nnmath.cli import main
from nnmath.cnn import ConvNetwork
from nnmath.presets import CNN_MODEL, CNN_O, CNN_X, CNN_X_SHIFTED, PRESETS

EPS = 1e-6


def finite_differences(net, params, images, classes):
    grads = np.zeros_like(params)
    for i in range(len(params)):
        up, down = params.copy(), params.copy()
        up[i] += EPS
        down[i] -= EPS
        grads[i] = (net.chain(up, images, classes).loss - net.chain(down, images, classes).loss) / (2 * EPS)
    return grads


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("pool", ["max", "mean"])
def test_every_gradient_matches_finite_differences(seed, pool):
    rng = np.random.default_rng(seed)
    net = ConvNetwork(pool=pool, hidden=3)
    params = rng.normal(size=len(net.param_names))
    params[net.param_names.index("b[filter]")] = 0.5  # keep most of the map above 0
    images = rng.uniform(0, 1, size=(3, 6, 6))  # grey pixels: no ties inside a pooling window
    classes = np.array([0.0, 1.0, 1.0])
    chain = net.chain(params, images, classes)
    assert np.allclose(chain.gradients, finite_differences(net, params, images, classes), atol=1e-5)
    # the filter's gradient is the feature-map gradient correlated with the images
    d_filter = sum(correlate2d(images[n], chain.d_feature[n], mode="valid") for n in range(3))
    assert np.allclose(d_filter.ravel(), chain.gradients[:9])
    assert np.isclose(chain.gradient("b[filter]"), chain.d_feature.sum())


def test_forward_keeps_every_intermediate_and_they_agree():
    trace = build("cnn-forward")
    net, fw = trace.model(), trace.forward()
    kernel, bias, _ = net.split(trace.final_params)
    for n, image in enumerate(trace.inputs):
        assert np.allclose(fw.feature_map[n], correlate2d(image, kernel, mode="valid") + bias)
    assert np.array_equal(fw.rectified, np.maximum(fw.feature_map, 0))
    assert np.allclose(fw.pooled, fw.rectified.reshape(3, 2, 2, 2, 2).max(axis=(2, 4)))
    for n, u, v in np.ndindex(3, 2, 2):
        r, c = fw.where[n, u, v]
        assert fw.rectified[n, r, c] == fw.pooled[n, u, v]
        assert 2 * u <= r < 2 * u + 2 and 2 * v <= c < 2 * v + 2
    assert np.array_equal(fw.flattened, fw.pooled.reshape(3, 4))
    assert np.allclose(fw.outputs, np.exp(fw.raw) / np.exp(fw.raw).sum(axis=1, keepdims=True))
    assert set(fw.as_dict()) >= {"feature_map", "rectified", "pooled", "flattened", "raw", "outputs"}


def test_training_classifies_both_images_and_records_every_step():
    trace = build("cnn-x-vs-o")
    assert trace.stopped_because == "step-size"
    assert trace.final_predictions.argmax(axis=1).tolist() == [0, 1]  # O is O, X is X
    assert trace.loss[-1] < trace.loss[0] / 100
    assert trace.params.shape == (trace.n_steps, 26) and trace.predictions.shape == (trace.n_steps, 2, 2)
    # every step is old - learning rate x gradient, filter values included
    assert np.allclose(trace.params[1:], trace.params[:-1] - 0.1 * trace.gradients[:-1])
    filter_cols = [trace.index(f"f{r}{c}") for r in (1, 2, 3) for c in (1, 2, 3)]
    assert np.abs(trace.final_params[filter_cols] - trace.params[0, filter_cols]).max() > 0.2
    # the recorded gradients are the model's backpropagation at each step
    k = trace.n_steps // 2
    assert np.allclose(trace.gradients[k], trace.chain(k).gradients)


def test_the_filter_starts_random_from_the_seed():
    start = PRESETS["cnn-x-vs-o"].start
    assert len({round(start[f"f{r}{c}"], 6) for r in (1, 2, 3) for c in (1, 2, 3)}) == 9
    assert start["b[filter]"] == 0.0


def test_a_shifted_x_is_still_an_x():
    trace = build("cnn-forward")
    assert np.array_equal(np.asarray(trace.inputs[1]), np.asarray(CNN_X_SHIFTED, dtype=float))
    assert not np.array_equal(trace.inputs[0], trace.inputs[1])
    assert trace.final_predictions.argmax(axis=1).tolist() == [1, 1, 0]  # X, shifted X, O
    assert trace.final_predictions[1, 1] > 0.8


def test_the_forward_preset_uses_the_trained_parameters():
    assert np.array_equal(build("cnn-forward").final_params, build("cnn-x-vs-o").final_params)


@pytest.mark.parametrize("name", ["cnn-x-vs-o", "cnn-forward"])
@pytest.mark.parametrize("fmt", ["json", "csv", "npz"])
def test_round_trips(name, fmt, tmp_path):
    trace = build(name)
    path = export.save(trace, tmp_path / f"t.{fmt}")
    assert export.load(path) == trace


def test_json_carries_the_intermediates_and_the_backprop(capsys):
    assert main(["trace", "cnn-forward"]) == 0
    doc = json.loads(capsys.readouterr().out)
    fw = build("cnn-forward").forward()
    assert np.allclose(doc["final"]["forward"]["feature_map"], fw.feature_map)
    assert np.allclose(doc["final"]["forward"]["pooled"], fw.pooled)
    assert np.array(doc["final"]["backprop"]["d_feature"]).shape == (3, 4, 4)
    assert doc["model"]["kind"] == "cnn" and doc["model"]["pool"] == "max"


@pytest.mark.parametrize("images,classes,message", [
    ([CNN_O], ["O", "X"], "1 images but 2 classes"),
    ([np.zeros((5, 6))], ["O"], "image 1 is 5x6"),
    ([[["a"] * 6] * 6], ["O"], "image 1, row 1"),
    ([np.full((6, 6), np.nan)], ["O"], "image 1, row 1"),
    ([CNN_O], ["Y"], "class of row 1 is 'Y'"),
    ("O", ["O"], "not the text"),
    ([], [], "no images"),
])
def test_bad_images_say_what_is_wrong(images, classes, message):
    with pytest.raises(DataError, match=message):
        gradient_descent(ConvNetwork(**CNN_MODEL), PRESETS["cnn-x-vs-o"].start, images, classes)


@pytest.mark.parametrize("kwargs,message", [
    (dict(image_size=1000), "from 1 to 64"), (dict(filter_size=7), "from 1 to 6"),
    (dict(pool="median"), "max, mean"), (dict(image_size="six"), "the image size")])
def test_bad_network_settings(kwargs, message):
    with pytest.raises(NNMathError, match=message):
        ConvNetwork(**kwargs)


def test_images_are_black_and_white_six_by_six():
    for image in (CNN_O, CNN_X):
        arr = np.asarray(image)
        assert arr.shape == (6, 6) and set(np.unique(arr)) == {0, 1}
