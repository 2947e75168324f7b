"""The convolutional-network chapter: headless builds, every number from the cnn presets
(or from nnmath's pooling and cell stories), the cells worked out in full, pooling, the
verdicts for the X and the shifted X, and the filter learned over the training steps."""

import numpy as np
import pytest

import nnmath
from nnmath.conv import mean_pool
from scenes import cnn as chapter
from scenes.common.numbers import fmt, fmt_small
from tests.scenes.conftest import assert_only_trace_numbers, scene_classes, trace_numbers

SCENES = [chapter.WhyFilters, chapter.SlidingFilter, chapter.ReluAndPooling,
          chapter.FlattenAndClassify, chapter.LearningTheFilter]


def traces():
    return nnmath.build(chapter.TRAINING), nnmath.build(chapter.FORWARD)


def stories(forward):
    """How each feature-map cell of the X is made (nnmath's cell_story)."""
    model, image = forward.model(), forward.inputs[chapter.X_ROW]
    n = model.map_size
    return [model.cell_story(forward.final_params, image, i, j) for i in range(n) for j in range(n)]


def allowed_numbers() -> set[str]:
    training, forward = traces()
    fw = forward.forward()
    extra = [*mean_pool(fw.rectified).ravel()]
    for story in stories(forward):
        extra += [*story["products"].ravel(), story["sum"], story["value"]]
    return trace_numbers(training, forward, extra=extra)


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(chapter) == {cls.__name__ for cls in SCENES}


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_nnmath_numbers(run_scene, scene):
    assert_only_trace_numbers(run_scene(scene), allowed_numbers())


def test_why_filters_compares_the_weight_counts(run_scene):
    text = run_scene(chapter.WhyFilters).strings
    assert "36 weights" in text
    assert "10,000 weights per hidden node" in text
    assert "9 weights + 1 bias = 10" in text


def test_the_first_cells_are_worked_out_and_every_cell_is_filled(run_scene):
    text = run_scene(chapter.SlidingFilter).strings
    _, forward = traces()
    all_stories = stories(forward)
    for story in all_stories[:chapter.DETAILED]:
        assert f"sum = {fmt(story['sum'])}" in text
        assert f"+ bias {fmt(story['bias'])} = {fmt(story['value'])}" in text
        for p in story["products"].ravel():
            assert fmt(p) in text
    assert f"sum = {fmt(all_stories[chapter.DETAILED]['sum'])}" not in text  # the rest go fast
    for v in forward.forward().feature_map[chapter.X_ROW].ravel():
        assert fmt(v) in text
    # the 36 pixels of the X are written as 0 and 1
    assert text.count("1") >= int(forward.inputs[chapter.X_ROW].sum())


def test_relu_zeroes_negatives_and_pooling_keeps_max_and_mean(run_scene):
    text = run_scene(chapter.ReluAndPooling).strings
    fw = traces()[1].forward()
    rect = fw.rectified[chapter.X_ROW]
    assert (fw.feature_map[chapter.X_ROW] < 0).any() and "0.00" in text
    for v in fw.pooled[chapter.X_ROW].ravel():
        assert fmt(v) in text
    for v in mean_pool(rect).ravel():
        assert fmt(v) in text
    assert "max pooling" in text and "mean pooling" in text


def test_the_x_and_the_shifted_x_are_both_classified_as_x(run_scene):
    text = run_scene(chapter.FlattenAndClassify).strings
    fw = traces()[1].forward()
    for row in (chapter.X_ROW, chapter.SHIFTED_ROW):
        assert fw.choice[row] == 1
        assert f"SoftMax: X, with probability {fmt(fw.outputs[row, 1])}" in text
        for v in fw.flattened[row]:
            assert fmt(v) in text


def test_the_filter_goes_from_random_to_learned_beside_the_loss(run_scene):
    text = run_scene(chapter.LearningTheFilter).strings
    training, _ = traces()
    model = training.model()
    start, _, _ = model.split(training.params[0])
    end, _, _ = model.split(training.final_params)
    for v in [*start.ravel(), *end.ravel()]:
        assert fmt(v) in text
    assert f"filter at step {training.n_steps}" in text
    assert f"cross entropy = {fmt_small(training.final_loss)}" in text
    assert f"cross entropy = {fmt_small(training.loss[0])}" in text
    assert not np.allclose(start, end)
