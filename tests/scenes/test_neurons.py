"""The opening chapter (neurons): headless builds, numbers from nnmath only, the perceptron's
sums and what-ifs, the forward pass lighting up, the cost and the descent; one real render."""

import numpy as np
import pytest

import nnmath
from nnmath.neuron import SURFING, surfing_what_ifs
from tests.scenes.conftest import assert_only_trace_numbers, scene_classes, trace_numbers
from tests.scenes.test_renders import FPS, pixels_near, render
from scenes import neurons as chapter
from scenes.common.numbers import fmt, fmt_input, fmt_small
from scenes.common.style import PALETTE

SCENES = [chapter.NodesAndLayers, chapter.NeuronIsANumber, chapter.LayersLightUp,
          chapter.GoSurfing, chapter.CostAndDownhill]


def allowed_numbers() -> set[str]:
    """The preset's trace, its forward pass at the start (the network the scenes light up),
    the cost of each day at the start, and the neuron nnmath works out for day 1."""
    trace = nnmath.build(chapter.PRESET)
    start = trace.forward(k=0).as_dict().values()
    n = chapter.day_neuron(trace)
    r = chapter.day_neuron(trace, "relu")
    extra = [*np.concatenate([np.ravel(a) for a in start]), *trace.chain(0).row_losses,
             n.weighted_sum, n.total, n.value, r.value, *n.weights, n.bias]
    return trace_numbers(trace, extra=extra)


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(chapter) == {cls.__name__ for cls in SCENES}


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_trace_numbers(run_scene, scene):
    assert_only_trace_numbers(run_scene(scene), allowed_numbers())


def test_nodes_and_layers_names_the_layers_and_three_activations(run_scene):
    written = run_scene(chapter.NodesAndLayers).strings
    for name in ("Input layer", "Hidden layer", "Output layer", "softplus", "relu", "sigmoid"):
        assert name in written
    for name in ("softplus", "relu", "sigmoid"):
        assert nnmath.ACTIVATIONS[name].formula in written


def test_neuron_is_its_weighted_sum_plus_bias_through_sigmoid(run_scene):
    written = run_scene(chapter.NeuronIsANumber).strings
    text = " ".join(written)
    n = chapter.day_neuron(nnmath.build(chapter.PRESET))
    terms = " + ".join(rf"{fmt(w)} \times {fmt_input(x)}" for w, x in zip(n.weights, n.inputs))
    assert f"{terms} = {fmt(n.weighted_sum)}" in text
    assert f"{fmt(n.weighted_sum)} - {fmt(-n.bias)} = {fmt(n.total)}" in text
    assert rf"\text{{sigmoid}}({fmt(n.total)}) = {fmt(n.value)}" in text
    assert fmt(n.value) in written  # the neuron itself shows its number
    # the bias as the height the sum must pass
    assert f"Bias {fmt(n.bias)}: the sum must pass {fmt(-n.bias)}" in written


def test_every_layer_lights_up_with_the_trace_values(run_scene):
    written = run_scene(chapter.LayersLightUp).strings
    trace = nnmath.build(chapter.PRESET)
    fw = trace.forward(k=0)
    for day in range(len(trace.inputs)):
        for value in (*fw.hidden[day], *fw.outputs[day]):
            assert fmt(value) in written, (day, value)
        assert f"the surfer went: {fmt_input(trace.outputs[day])}" in written


def test_perceptron_sum_decision_and_what_ifs(run_scene):
    text = " ".join(run_scene(chapter.GoSurfing).strings)
    assert r"5 \times 1 + 2 \times 0 + 4 \times 1 = 9" in text
    assert "9 - 3 = 6 > 0" in text and "Go surfing!" in text
    assert "threshold 3 = bias -3" in text
    for change in surfing_what_ifs():
        after = change.after
        sums = " + ".join(rf"{fmt_input(w)} \times {fmt_input(x)}" for w, x in zip(after.weights, after.inputs))
        assert f"{sums} = {fmt_input(after.weighted_sum)}" in text
        assert f"= {fmt_input(after.total)}" in text
    assert "9 - 10 = -1" in text and "Stay home" in text
    assert "11 - 10 = 1 > 0" in text
    assert "The decision flips" in text and "Nothing changes" in text
    assert SURFING.output == 1


def test_cost_is_the_sum_of_squared_differences_and_descent_steps_downhill(run_scene):
    written = run_scene(chapter.CostAndDownhill).strings
    text = " ".join(written)
    trace = nnmath.build(chapter.PRESET)
    chain = trace.chain(0)
    for y, o, r in zip(trace.outputs, chain.predictions[:, 0], chain.row_losses):
        assert f"({fmt_input(y)} - {fmt(o)})^2 = {fmt(r)}" in text
    assert f"= {fmt(trace.loss[0])}" in text
    i = trace.index(chapter.PARAM)
    for k in range(trace.n_steps):  # every step's slope; the detailed ones with the new weight
        assert f"slope = {fmt_small(trace.gradients[k, i])}" in written
    for k in range(chapter.DETAILED_STEPS):
        step = trace.step(k)
        assert f"= {fmt(step.new_params[chapter.PARAM])}" in text
        assert np.sign(step.step_sizes[chapter.PARAM]) == np.sign(step.gradients[chapter.PARAM])
    assert f"Cost {fmt(trace.loss[0])} \u2192 {fmt(trace.final_loss)} in {trace.n_steps} steps" in written
    assert "Next: gradient descent, step by step" in written


def test_render_of_the_perceptron(tmp_path, monkeypatch):
    frames, played = render(chapter.GoSurfing, tmp_path, monkeypatch)
    assert played > 2 and len(frames) >= 0.8 * played * FPS
    assert pixels_near(frames[0], PALETTE.background, tol=10) > 0.5 * 180 * 320
    # the decision in green (go) and, after the threshold rises, in red (stay home); thin
    # text loses its exact colour at 320x180, so count pixels where that channel dominates
    video = np.array(frames).astype(int)
    r, g, b = video[..., 0], video[..., 1], video[..., 2]
    assert ((g - r > 40) & (g - b > 40)).sum(axis=(1, 2)).max() > 15
    assert ((r - g > 60) & (r - b > 60)).sum(axis=(1, 2)).max() > 100
    assert not np.array_equal(frames[1], frames[-1])
