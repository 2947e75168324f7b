"""The SoftMax chapter: headless builds, numbers from the trace and nnmath.softmax, ArgMax's
1 and 0s, SoftMax written out with its exponentials, the probabilities summing to 1, and
the slopes of ArgMax (0) and SoftMax (not 0) as Setosa's raw output sweeps."""

import numpy as np
import pytest

import nnmath
from nnmath import softmax as sm
from tests.scenes.conftest import assert_only_trace_numbers, scene_classes, trace_numbers
from scenes import softmax as chapter
from scenes.common.numbers import fmt, fmt_input

SCENES = [chapter.ArgMaxPicksTheLargest, chapter.SoftMaxWrittenOut, chapter.SoftMaxForTraining]


def worked():
    """The trace and the raw outputs of the worked input, petal 0 and sepal 1."""
    trace = nnmath.build(chapter.PRESET)
    return trace, trace.forward().raw[chapter.ROW]


def softmax_numbers(trace, raw) -> set[str]:
    """Every number the chapter may take from nnmath.softmax besides the trace's forward pass:
    exponentials and their sum, the probabilities to 3 decimals and their total, and the
    slope of the SoftMax S where Setosa's raw output is now."""
    parts = sm.written_out(raw)
    probs = parts["probabilities"]
    slope = sm.sweep(raw, chapter.SWEPT, [raw[chapter.SWEPT]])["slope"]
    allowed = trace_numbers(trace, extra=[*parts["exponentials"], parts["denominator"], *slope])
    return allowed | {fmt(v, 3) for v in [*probs, parts["total"]]}


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(chapter) == {cls.__name__ for cls in SCENES}


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_nnmath_numbers(run_scene, scene):
    assert_only_trace_numbers(run_scene(scene), softmax_numbers(*worked()))


def test_argmax_writes_1_for_the_largest_and_0_for_the_others(run_scene):
    written = run_scene(chapter.ArgMaxPicksTheLargest)
    trace, raw = worked()
    # the classic example: raw outputs 1.43, -0.44, 0.23 for petal 0, sepal 1
    assert [fmt(v) for v in raw] == ["1.43", "-0.44", "0.23"]
    assert "Petal = 0, Sepal = 1" in written.strings
    onehot = sm.argmax_onehot(raw)
    assert list(onehot) == [1.0, 0.0, 0.0]
    assert written.strings.count(fmt_input(1.0)) >= 1 and written.strings.count(fmt_input(0.0)) >= 2
    assert "Classify as Setosa" in written.strings
    # the table: every worked input's raw outputs and ArgMax's choice
    fw = trace.forward()
    for row in fw.raw:
        for v in row:
            assert fmt(v) in written.strings
    names = [n.capitalize() for n in trace.model().output_labels]
    choices = [s for s in written.strings if s in names]
    for c in fw.choice:
        assert names[c] in choices
    assert list(fw.choice) == [0, 1, 0]


def test_softmax_is_written_out_with_the_exponentials(run_scene):
    written = run_scene(chapter.SoftMaxWrittenOut)
    trace, raw = worked()
    text = " ".join(written.strings)
    exps, probs = sm.exponentials(raw), sm.softmax(raw)
    total = fmt(np.sum(exps))
    assert total == "6.08"
    assert r"\frac{4.18}{6.08} = 0.69" in text  # the lecture's Setosa
    for k in range(3):
        assert rf"\frac{{e^{{{fmt(raw[k])}}}}}{{e^{{1.43}} + e^{{-0.44}} + e^{{0.23}}}}" in text
        assert rf"\frac{{{fmt(exps[k])}}}{{{total}}} = {fmt(probs[k])}" in text
    # between 0 and 1, summing to 1, written so that the rounded parts add up
    parts = " + ".join(fmt(probs[k], 3) for k in np.argsort(-raw))  # largest raw first
    assert f"They sum to 1:  {parts} = {fmt(np.sum(probs), 3)}" in written.strings
    assert f"{parts} = 1.000" in text
    # same order as the raw outputs
    assert list(np.argsort(raw)) == list(np.argsort(probs))


def test_argmax_is_flat_and_softmax_has_a_slope(run_scene):
    written = run_scene(chapter.SoftMaxForTraining)
    _, raw = worked()
    slope = sm.sweep(raw, chapter.SWEPT, [raw[chapter.SWEPT]])["slope"][0]
    assert fmt(slope) == "0.21" and np.all(sm.argmax_grad(raw) == 0)
    assert "Slope at 1.43 = 0" in written.strings
    assert "Step size = 0 \u00d7 learning rate = 0" in written.strings
    assert f"Slope at 1.43 = {fmt(slope)}" in written.strings
    assert f"Step size = {fmt(slope)} \u00d7 learning rate" in written.strings
    assert "SoftMax for training, ArgMax for classifying" in written.strings
