"""The convolutional-network chapter: headless builds, every number from the cnn presets
(or from the chapter's extra_values, computed by nnmath), the weight counts, the first
position worked out as a sum, each negative pointed at by ReLU, pooling, the verdicts for
the X, the O and the shifted X, and the filter learned step by step, then refined."""

import numpy as np
import pytest

import nnmath
from nnmath.cnn import weight_counts
from scenes import cnn as chapter
from scenes.common.numbers import fmt
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
    return trace_numbers(training, forward, extra=chapter.extra_values())


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(chapter) == {cls.__name__ for cls in SCENES}


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_nnmath_numbers(run_scene, scene):
    assert_only_trace_numbers(run_scene(scene), allowed_numbers())


def test_extra_values_come_from_nnmath():
    training, forward = traces()
    extra = chapter.extra_values()
    counts = weight_counts(chapter.BIG_IMAGE, forward.model().filter_size)
    for v in [*counts.values(), *forward.forward().outputs.ravel(), *training.forward(k=1).feature_map.ravel()]:
        assert np.any(np.isclose(extra, v, rtol=0, atol=1e-12))


def test_why_filters_compares_the_weight_counts(run_scene):
    text = run_scene(chapter.WhyFilters).strings
    model = traces()[1].model()
    small = weight_counts(model.image_size, model.filter_size)
    big = weight_counts(chapter.BIG_IMAGE, model.filter_size)
    assert f"{small['dense_per_node']} weights" in text
    assert f"{big['pixels']} pixels" in text
    assert f"{big['dense_per_node']} weights" in text
    assert f"{big['filter_weights']} weights + bias" in text
    assert f"= {big['filter_total']} numbers" in text
    # the filter shown is the trained one, the same one the next scenes slide and learn
    kernel, _, _ = model.split(traces()[1].final_params)
    for v in kernel.ravel():
        assert fmt(v) in text


def test_the_first_position_is_worked_out_as_a_sum_then_the_filter_slides(run_scene):
    text = run_scene(chapter.SlidingFilter).strings
    _, forward = traces()
    all_stories = stories(forward)
    first = all_stories[0]
    kept = [p for p, x in zip(first["products"].ravel(), first["pixels"].ravel()) if x]
    assert chapter.written_sum(kept, first["sum"]) in text  # the nine products, added up
    assert chapter.written_sum([first["sum"], first["bias"]], first["value"]) in text  # + bias
    for p in first["products"].ravel():
        assert fmt(p) in text
    sums = [t for t in text if "+" in t and ("=" in t or "\u2248" in t)]
    # the first two positions: sum, then + bias, once each; then the largest and the
    # smallest patches, each as its black pixels' filter values plus the bias
    assert len(sums) == 6
    values = forward.forward().feature_map[chapter.X_ROW]
    n = values.shape[0]
    for cell in (np.unravel_index(np.argmax(values), values.shape), np.unravel_index(np.argmin(values), values.shape)):
        st = all_stories[cell[0] * n + cell[1]]
        on = [p for p, x in zip(st["products"].ravel(), st["pixels"].ravel()) if x]
        assert chapter.written_sum([*on, st["bias"]], st["value"]) in text
    for v in values.ravel():
        assert fmt(v) in text
    assert f"green: the largest, {fmt(values.max())}" in text
    assert f"red: the smallest, {fmt(values.min())}" in text
    assert "trained 3 x 3 filter" in text


def test_relu_points_at_each_negative_and_pooling_keeps_each_max(run_scene):
    text = run_scene(chapter.ReluAndPooling).strings
    fw = traces()[1].forward()
    fmap = fw.feature_map[chapter.X_ROW]
    negatives = fmap[fmap < 0]
    assert len(negatives) > 0
    for v in negatives:
        assert f"{fmt(v)} is negative: becomes 0" in text
    for v in fw.pooled[chapter.X_ROW].ravel():
        assert fmt(v) in text
    assert "max of each 2 x 2 block" in text


def test_the_x_the_o_and_the_shifted_x_are_classified(run_scene):
    text = run_scene(chapter.FlattenAndClassify).strings
    fw = traces()[1].forward()
    for row, cls in ((chapter.X_ROW, 1), (chapter.O_ROW, 0), (chapter.SHIFTED_ROW, 1)):
        assert fw.choice[row] == cls
        for c, name in enumerate(("O", "X")):
            assert f"p({name}) = {fmt(fw.outputs[row, c], 3)}" in text
        for v in fw.flattened[row]:
            assert fmt(v) in text
    # each hidden node's input weights are written
    _, _, head = traces()[1].model().split(traces()[1].final_params)
    named = dict(zip(traces()[1].model().head.param_names, head))
    for name, v in named.items():
        if name.startswith("w[p"):
            assert fmt(v) in text
    # each node's sum of the X is written out with its numbers, '=' only when they add up
    x, h = fw.flattened[chapter.X_ROW], fw.head.hidden[chapter.X_ROW]
    for j, node in enumerate(("h1", "h2")):
        line = chapter.weighted_sum(x, [named[f"w[{p}->{node}]"] for p in ("p1", "p2", "p3", "p4")],
                                    named[f"b[{node}]"], fw.head.hidden_sums[chapter.X_ROW, j])
        assert line.text.replace(" ", "") in {t.replace(" ", "") for t in text}
    for j, out in enumerate(("O", "X")):
        line = chapter.weighted_sum(h, [named[f"w[{q}->{out}]"] for q in ("h1", "h2")], named[f"b[{out}]"],
                                    fw.raw[chapter.X_ROW, j])
        assert line.text.replace(" ", "") in {t.replace(" ", "") for t in text}


def test_the_filter_is_learned_step_by_step_then_refined(run_scene):
    text = run_scene(chapter.LearningTheFilter).strings
    training, _ = traces()
    model = training.model()
    start, _, _ = model.split(training.params[0])
    end, _, _ = model.split(training.final_params)
    for v in [*start.ravel(), *end.ravel()]:
        assert fmt(v) in text
    for s in range(chapter.FIRST_STEPS + 1):
        assert f"filter, step {s}" in text
        assert f"cross entropy = {fmt(training.loss[s], 3)}" in text
        assert f"p(X) for the X = {fmt(training.predictions[s, chapter.TRAIN_X, 1], 3)}" in text
    assert f"filter, step {training.n_steps}" in text
    assert f"cross entropy = {fmt(training.final_loss, 3)}" in text
    # the steps shown one by one are the ones that matter: after them the loss is already small
    assert training.loss[chapter.FIRST_STEPS] < 0.25 * training.loss[0]
    assert not np.allclose(start, end)
