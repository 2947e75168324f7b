"""conv_frames: the filter, feature maps, pooled values and probabilities at chosen steps,
checked against the network's own forward pass at every step, and its bad input."""

import numpy as np
import pytest

from nnmath import NNMathError, build, gradient_descent
from nnmath.cnn import ConvNetwork
from nnmath.conv_frames import cell_sum, conv_frames
from nnmath.descent import initial_params


def small_run(pool: str, classes: int, seed: int):
    """A few steps of a convolutional network with ``classes`` classes on random 0/1 images."""
    rng = np.random.default_rng(seed)
    names = tuple("ABCD"[:classes])
    net = ConvNetwork(image_size=5, pool=pool, hidden=3, outputs=names)
    images = (rng.uniform(size=(2 * classes, 5, 5)) > 0.5).astype(float)
    labels = [names[i % classes] for i in range(2 * classes)]
    return gradient_descent(net, initial_params(net, seed), images, labels, learning_rate=0.2,
                            max_steps=6)


def assert_matches_forward(trace, frames):
    model = trace.model()
    for j, k in enumerate(frames.steps):
        params = trace.final_params if k == trace.n_steps else trace.params[k]
        fw = model.forward(params, trace.inputs)
        kernel, bias, _ = model.split(params)
        assert np.array_equal(frames.filters[j], kernel) and frames.biases[j] == bias
        assert np.allclose(frames.feature_maps[j], fw.rectified, rtol=0, atol=1e-12)
        assert np.allclose(frames.raw_maps[j], fw.feature_map, rtol=0, atol=1e-12)
        assert np.allclose(frames.pooled[j], fw.pooled, rtol=0, atol=1e-12)
        assert np.allclose(frames.probabilities[j], fw.outputs, rtol=0, atol=1e-12)
        assert np.array_equal(frames.choices[j], np.argmax(fw.outputs, axis=-1))
        assert np.array_equal(frames.correct[j], frames.choices[j] == trace.outputs.astype(int))


def test_every_step_of_the_x_and_o_run_matches_the_forward_pass():
    trace = build("cnn-x-vs-o")
    frames = conv_frames(trace)
    assert list(frames.steps) == list(range(trace.n_steps + 1))
    assert_matches_forward(trace, frames)
    assert np.allclose(frames.probabilities[:-1], trace.predictions, atol=1e-12)
    assert np.allclose(frames.probabilities[-1], trace.final_predictions, atol=1e-12)
    assert np.array_equal(frames.loss, np.append(trace.loss, trace.final_loss))
    assert frames.class_names == ("O", "X") and list(frames.labels) == [0, 1]
    assert frames.right() == 2 and frames.n_images == 2


@pytest.mark.parametrize("pool, classes", [("max", 3), ("mean", 2), ("mean", 4)])
def test_chosen_steps_of_other_networks_match_the_forward_pass(pool, classes):
    trace = small_run(pool, classes, seed=classes)
    steps = [trace.n_steps, 0, 2, 2]  # any order, repeats allowed, the final parameters too
    frames = conv_frames(trace, steps)
    assert list(frames.steps) == steps and frames.probabilities.shape[-1] == classes
    assert_matches_forward(trace, frames)
    assert frames.loss[0] == trace.final_loss and frames.loss[1] == trace.loss[0]


def test_the_frames_are_read_only():
    frames = conv_frames(build("cnn-x-vs-o"), [0, 1])
    for arr in (frames.filters, frames.feature_maps, frames.pooled, frames.probabilities,
                frames.correct, frames.loss):
        with pytest.raises(ValueError):
            arr.flat[0] = 1


@pytest.mark.parametrize("steps, message", [
    ([0, 999], "step 999 is out of range; this run has steps 0 to"),
    ([-1], "step -1 is out of range"),
    ([], "non-empty list"),
    ([0.5], "whole numbers"),
    (["a"], "whole numbers"),
])
def test_bad_steps_are_refused_in_one_sentence(steps, message):
    with pytest.raises(NNMathError, match=message):
        conv_frames(build("cnn-x-vs-o"), steps)


def test_a_trace_of_another_network_is_refused():
    with pytest.raises(NNMathError, match="needs a convolutional network's trace"):
        conv_frames(build("main-ideas"))


def test_one_cell_is_its_products_and_the_bias_and_its_sum_adds_up_as_written():
    trace = build("cnn-x-vs-o")
    model = trace.model()
    for step in (0, trace.n_steps):
        fw = model.forward(trace.final_params if step == trace.n_steps else trace.params[step], trace.inputs)
        for image, row, col in ((0, 0, 0), (1, 2, 3)):
            cell = cell_sum(trace, step, image, row, col)
            assert np.array_equal(cell.products, cell.pixels * cell.weights)
            assert np.array_equal(cell.pixels, trace.inputs[image][row:row + 3, col:col + 3])
            assert cell.value == pytest.approx(fw.feature_map[image, row, col], abs=1e-12)
            assert cell.value == pytest.approx(cell.products.sum() + cell.bias, abs=1e-12)
            p = cell.places()
            written = sum(round(float(v), p) for v in cell.products.ravel()) + round(cell.bias, p)
            assert round(written, p) == round(cell.value, p) and p >= 2
    with pytest.raises(NNMathError, match="image 2 is out of range"):
        cell_sum(trace, 0, 2)
    with pytest.raises(NNMathError, match="cell \\(4, 0\\) is out of range"):
        cell_sum(trace, 0, 0, 4, 0)
