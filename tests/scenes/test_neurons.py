"""The opening chapter (neurons): headless builds, numbers from nnmath only, the perceptron's
sums and what-ifs, the forward pass lighting up, the cost and the descent; one real render."""

import numpy as np
import pytest

import nnmath
from nnmath.neuron import SURFING, surfing_what_ifs
from tests.scenes.conftest import assert_only_trace_numbers, scene_classes, trace_numbers
from tests.scenes.test_renders import FPS, pixels_near, render
from scenes import neurons as chapter
from scenes.common.numbers import fmt, fmt_input, written_product_is, written_sum_is
from scenes.common.style import PALETTE

SCENES = [chapter.NodesAndLayers, chapter.GoSurfing, chapter.NeuronIsANumber,
          chapter.LayersLightUp, chapter.CostAndDownhill]


def allowed_numbers() -> set[str]:
    """The preset's trace, its forward pass at the start (the network the scenes light up),
    the cost of each day at the start, and the neuron nnmath works out for day 1."""
    trace = nnmath.build(chapter.PRESET)
    start = trace.forward(k=0).as_dict().values()
    n = chapter.day_neuron(trace)
    r = chapter.day_neuron(trace, "relu")
    extra = [*np.concatenate([np.ravel(a) for a in start]), *trace.chain(0).row_losses,
             n.weighted_sum, n.total, n.value, r.value, *n.weights, n.bias, -n.bias]
    return trace_numbers(trace, extra=extra)


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(chapter) == {cls.__name__ for cls in SCENES}


def test_scenes_come_in_teaching_order():
    """The build takes scenes in source order: the perceptron before sigmoid neurons."""
    import inspect
    lines = {cls.__name__: inspect.getsourcelines(cls)[1] for cls in SCENES}
    assert sorted(lines, key=lines.get) == [cls.__name__ for cls in SCENES]


def test_extra_values_hold_the_perceptron_and_the_day_neuron():
    values = chapter.extra_values()
    n = chapter.day_neuron(nnmath.build(chapter.PRESET))
    for v in (SURFING.weighted_sum, SURFING.total, SURFING.threshold, n.weighted_sum, n.total,
              *(c.after.total for c in surfing_what_ifs())):
        assert np.any(np.isclose(values, v, rtol=0, atol=1e-12)), v


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_trace_numbers(run_scene, scene):
    assert_only_trace_numbers(run_scene(scene), allowed_numbers())


def test_nodes_and_layers_names_the_layers_and_three_activations(run_scene):
    written = run_scene(chapter.NodesAndLayers).strings
    for name in ("Input layer", "Hidden layer", "Output layer", "softplus(x)", "ReLU(x)",
                 "sigmoid(x)"):
        assert name in written
    text = " ".join(written)
    for formula in (r"\log(1 + e^{x})", r"\max(0,\ x)", r"\frac{1}{1 + e^{-x}}"):
        assert formula in text
    for name in ("softplus", "relu", "sigmoid"):  # written as nnmath's activations carry them
        assert nnmath.get_activation(name).tex_definition() in text
    for tick in ("-2", "0", "2", "4", "0.5"):  # numbered activation axes, 0 on both
        assert tick in written
    n = chapter.day_neuron(nnmath.build(chapter.PRESET))  # a sample input, weight and product
    assert f"\u00d7 {fmt(n.weights[0])}" in written and fmt(n.products[0]) in written
    assert "step(x)" in written  # the step is drawn as it is named


def test_neuron_is_its_weighted_sum_plus_bias_through_sigmoid(run_scene):
    written = run_scene(chapter.NeuronIsANumber).strings
    text = " ".join(written)
    n = chapter.day_neuron(nnmath.build(chapter.PRESET))
    terms = " + ".join(rf"{fmt(w)} \times {fmt_input(x)}" for w, x in zip(n.weights, n.inputs))
    assert f"{terms} = {fmt(n.weighted_sum)}" in text
    assert f"{fmt(n.weighted_sum)} - {fmt(-n.bias)} = {fmt(n.total)}" in text
    assert rf"\text{{sigmoid}}({fmt(n.total)}) = {fmt(n.value)}" in text
    assert fmt(n.value) in written  # the neuron itself shows its number
    assert f"bias {fmt(n.bias)}" in written
    # sigmoid and ReLU on the same axis, the weighted sum, with our point's numbers beside it
    r = chapter.day_neuron(nnmath.build(chapter.PRESET), "relu")
    assert written.count("weighted sum") >= 2
    assert f"sum {fmt(n.weighted_sum)} \u2192 {fmt(n.value)}" in written
    assert f"sum {fmt(n.weighted_sum)} \u2192 {fmt(r.value)}" in written
    assert rf"\text{{ReLU}}({fmt(r.total)}) = {fmt(r.value)}" in text


def test_every_layer_lights_up_with_the_trace_values(run_scene):
    written = run_scene(chapter.LayersLightUp).strings
    trace = nnmath.build(chapter.PRESET)
    fw = trace.forward(k=0)
    text = " ".join(written)
    p = trace.params_at(0)
    for name, value in p.items():  # every weight and bias is written
        assert fmt(abs(value)) in text, name
    for day in range(len(trace.inputs)):
        for value in (*fw.hidden[day], *fw.outputs[day]):
            assert fmt(value) in written, (day, value)
        assert (f"Day {day + 1}: {fmt(fw.outputs[day][0])}, went {fmt_input(trace.outputs[day])}"
                in written)
    assert rf"{fmt(fw.outputs[0][0])}" in text and r"\text{go} = \text{sigmoid}(" in text


def test_perceptron_sum_decision_and_what_ifs(run_scene):
    text = " ".join(run_scene(chapter.GoSurfing).strings)
    assert r"5 \times 1 + 2 \times 0 + 4 \times 1 = 9" in text
    assert "9 - 3 = 6 > 0" in text and "Go surfing!" in text
    assert "threshold 3 = bias -3" in text
    for k, name in enumerate(chapter.SURFING_NAMES, 1):  # every input named
        assert f"x{k}: {name}" in text
    for change in surfing_what_ifs():
        after = change.after
        sums = " + ".join(rf"{fmt_input(w)} \times {fmt_input(x)}" for w, x in zip(after.weights, after.inputs))
        assert f"{sums} = {fmt_input(after.weighted_sum)}" in text
        assert f"= {fmt_input(after.total)}" in text
    assert "9 - 10 = -1" in text and "Stay home" in text
    assert "11 - 10 = 1 > 0" in text
    assert "The decision flips" in text and "Nothing changes: x2 = 0" in text
    assert "w1 back to 5" in text  # w1 returns to 5 on screen and in words
    assert "sum + bias" in text and "step" in text  # the step drawn on numbered axes
    assert SURFING.output == 1


def test_cost_is_the_sum_of_squared_differences_and_descent_steps_downhill(run_scene):
    written = run_scene(chapter.CostAndDownhill).strings
    text = " ".join(written)
    trace = nnmath.build(chapter.PRESET)
    chain = trace.chain(0)
    q = chapter.cost_places(trace, 0)
    for y, o, r in zip(trace.outputs, chain.predictions[:, 0], chain.row_losses):
        # each square checks out at the decimals shown: (1 - 0.545)^2 = 0.21, not 0.45^2
        assert f"({fmt_input(y)} - {fmt(o, q)})^2 = {fmt(r)}" in text
        assert round((float(y) - float(fmt(o, q))) ** 2, 2) == float(fmt(r))
    assert f"= {fmt(trace.loss[0])}" in text
    i = trace.index(chapter.PARAM)
    for k in range(trace.n_steps):  # every step written so that its shown numbers agree
        w = chapter.written_step(trace, k)
        assert f"slope = {w['slope']}" in written
        assert float(w["slope"]) == pytest.approx(trace.gradients[k, i], abs=1e-2)
        assert w["times"] == "=" and w["minus"] == "="
        assert written_product_is(w["size"], w["slope"], w["rate"])
        assert written_sum_is(w["new"], w["old"], w["size"][1:])  # minus a negative step
        assert rf"{w['old']} - ({w['size']}) = {w['new']}" in text
        step = trace.step(k)
        assert np.sign(step.step_sizes[chapter.PARAM]) == np.sign(step.gradients[chapter.PARAM])
    w = trace.final_params[i]
    assert (f"Weight {fmt(trace.params[0, i])} \u2192 {fmt(w)}, cost {fmt(trace.loss[0])} \u2192 "
            f"{fmt(trace.final_loss)} in {trace.n_steps} steps") in written
    assert f"Start: weight {fmt(trace.params[0, i])}, cost {fmt(trace.loss[0])}" in written
    assert f"learning rate = {fmt_input(trace.settings['learning_rate'])}" in written
    assert "Next: gradient descent, step by step, on a line" in written


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


def test_input_nodes_shade_with_each_days_inputs():
    """Every day's inputs shade their own nodes (1 shaded grey, 0 clear) when the day ends."""
    from scenes.common.beats import BEAT_HOOKS
    from scenes.common.script import build_headless

    trace = nnmath.build(chapter.PRESET)
    seen = []

    def hook(scene, beat, cue, phase):
        nets = [m for m in scene.mobjects if type(m).__name__ == "LayeredNetwork"]
        if phase == "end" and nets:
            seen.append(tuple(abs(float(n.get_fill_opacity()) - 0.55) < 0.01 for n in nets[0].layers[0]))

    BEAT_HOOKS.append(hook)
    try:
        build_headless(chapter.LayersLightUp)
    finally:
        BEAT_HOOKS.remove(hook)
    for day in trace.inputs:
        assert tuple(bool(x) for x in day) in seen, day
