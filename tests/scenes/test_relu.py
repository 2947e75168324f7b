"""The ReLU chapter: headless builds, numbers from the trace, the output ReLU clipping."""

import pytest

import nnmath
from tests.scenes.conftest import (assert_network_shows, assert_only_trace_numbers,
                                   scene_classes, trace_numbers)
from scenes import relu as chapter
from scenes.common.numbers import fmt, fmt_signed

SCENES = [chapter.ReluNetwork, chapter.ReluTopNode, chapter.ReluBottomNode, chapter.ReluSumAndClip]


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(chapter) == {cls.__name__ for cls in SCENES}


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_trace_numbers(run_scene, scene):
    # the node scenes label the slice ends, dosages 0 and 1: data inputs, so in forward()
    assert_only_trace_numbers(run_scene(scene), trace_numbers(nnmath.build("relu")))


def test_network_shows_relu_weights_and_predictions(run_scene):
    written = run_scene(chapter.ReluNetwork)
    trace = nnmath.build("relu")
    assert_network_shows(written, trace.final())
    for y in trace.final_predictions:  # each prediction written beside its data point
        assert fmt(y) in written.strings
    # the fit: 0 at dosages 0 and 1, about 1 at 0.5, only because the output ReLU clips
    fw = trace.forward()
    assert fw.raw[0] < 0 and fw.raw[2] < 0 and fw.predicted[0] == 0 == fw.predicted[2]


def test_sum_scene_names_the_clipping_activation(run_scene):
    written = run_scene(chapter.ReluSumAndClip)
    assert "relu: below 0 becomes 0" in written.strings
    b3 = fmt_signed(nnmath.build("relu").final()["b3"])
    assert rf"+\ b_3:\ \text{{every point}} {b3}" in written.strings


def test_node_scene_is_the_black_box_story_with_relu(run_scene):
    written = run_scene(chapter.ReluTopNode)
    fw = nnmath.build("relu").forward([0.0, 1.0])
    assert f"Dosage 0 \u2192 {fmt(fw.x1[0])}" in written.strings
    assert "relu" in written.strings  # the activation panel is ReLU's


def test_a_node_curve_is_drawn_at_its_own_scale_before_it_is_multiplied():
    """ReLU's top-node slice (0 to 0.85) would be a flat line on the -35..35 plot of the
    multiplied curves; it is drawn on 0..1 first, then the plot zooms out. The softplus
    network's curves share one scale, so its story keeps one plot."""
    from scenes.common.node_story import dosage_grid, node_layout

    relu = nnmath.build("relu")
    lay = node_layout(relu, relu.forward(dosage_grid(relu)), 1)
    assert lay.scaled_axes is not None
    assert lay.axes.y_range[:2] == [0.0, 1.0]
    assert lay.scaled_axes.y_range[0] <= -34.68 and lay.scaled_axes.y_range[1] >= 34.02
    softplus = nnmath.build("black-box")
    assert node_layout(softplus, softplus.forward(dosage_grid(softplus)), 1).scaled_axes is None
