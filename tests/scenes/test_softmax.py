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


def test_the_chapter_reads_the_previous_chapters_network():
    # the same Iris network and worked inputs as multiple_inputs: the raw outputs are its own
    trace, raw = worked()
    iris = nnmath.build("iris")
    assert np.array_equal(iris.forward().raw[chapter.ROW], raw)
    assert [fmt_input(v) for v in trace.inputs[chapter.ROW]] == ["0", "1"]


def test_extra_values_come_from_nnmath_softmax():
    _, raw = worked()
    extra = chapter.extra_values()
    parts = sm.written_out(raw)
    for v in [*parts["exponentials"], parts["denominator"], parts["total"],
              sm.sweep(raw, chapter.SWEPT, [raw[chapter.SWEPT]])["slope"][0]]:
        assert np.any(extra == v)


def test_argmax_writes_1_for_the_largest_and_0_for_the_others(run_scene):
    written = run_scene(chapter.ArgMaxPicksTheLargest)
    trace, raw = worked()
    # the classic example: raw outputs 1.43, -0.44, 0.23 for petal 0, sepal 1
    assert [fmt(v) for v in raw] == ["1.43", "-0.44", "0.23"]
    onehot = sm.argmax_onehot(raw)
    assert list(onehot) == [1.0, 0.0, 0.0]
    assert "Classify as Setosa" in written.strings
    # the table: every worked input's raw outputs, then ArgMax's 1 and two 0s per row
    fw = trace.forward()
    for row in fw.raw:
        for v in row:
            assert fmt(v) in written.strings
    ones = sm.argmax_onehot(fw.raw)
    assert written.strings.count("1") >= 1 + int(ones.sum())  # the worked 1, one per row
    assert written.strings.count("0") >= 2 + int((ones == 0).sum())
    # the raw outputs stay; ArgMax's 1 or 0 is written beside each of them
    assert "raw output \u2192 ArgMax output" in written.strings
    names = [n.capitalize() for n in trace.model().output_labels]
    choices = [s for s in written.strings if s in names]
    for c in fw.choice:
        assert names[c] in choices
    assert list(fw.choice) == [0, 1, 0]


def test_softmax_is_written_out_with_every_number(run_scene):
    written = run_scene(chapter.SoftMaxWrittenOut)
    _, raw = worked()
    text = " ".join(written.strings)
    exps, probs = sm.exponentials(raw), sm.softmax(raw)
    total = fmt(np.sum(exps), 3)
    assert total == "6.081"
    # e to each raw output, with its value at three places; the exponent written at full size
    for k in range(3):
        assert f"e^{{\\textstyle {fmt(raw[k])}}} = {fmt(exps[k], 3)}" in written.strings
    # the sum written as a sum; its rounded terms add up to 6.082, so the total is "about"
    assert r"4.179 + 0.644 + 1.259 \approx 6.081" in text
    # each written division checks out at the three places shown, so it is written with "="
    assert r"\frac{4.179}{6.081} = 0.687" in written.strings  # 0.6872
    assert r"\frac{0.644}{6.081} = 0.106" in written.strings  # 0.1059
    assert r"\frac{1.259}{6.081} = 0.207" in written.strings  # 0.2070
    assert not any(s.startswith(r"\frac") and r"\approx" in s for s in written.strings)
    # the three probabilities add up to 1 at the three decimals shown, under their column
    assert "= 1.000" in written.strings
    assert not any(s.startswith("\u2248 means about") for s in written.strings)
    assert "Between 0 and 1, add up to 1, same order" in written.strings
    assert list(np.argsort(raw)) == list(np.argsort(probs))


def test_argmax_is_flat_and_softmax_has_a_slope(run_scene):
    written = run_scene(chapter.SoftMaxForTraining)
    _, raw = worked()
    slope = sm.sweep(raw, chapter.SWEPT, [raw[chapter.SWEPT]])["slope"][0]
    assert fmt(slope) == "0.21" and np.all(sm.argmax_grad(raw) == 0)
    assert "slope 0" in written.strings
    assert "Step size = slope \u00d7 learning rate" in written.strings  # the rule, from the start
    assert "Step size = 0 \u00d7 learning rate = 0" in written.strings
    assert f"slope {fmt(slope)}" in written.strings
    assert "1.43" in written.strings  # where Setosa's raw output is, marked on the axis
    # ArgMax's step, where Setosa passes Virginica
    assert {"jump", "at 0.23"} <= set(written.strings)
    assert "no slope" in written.strings  # at the jump itself
    assert any("Setosa's raw output now" in s for s in written.strings)
    assert "SoftMax for training, ArgMax for classifying" in written.strings
    assert any("cross entropy" in s for s in written.strings)


def test_the_markers_travel_and_end_where_setosa_is(run_scene):
    # the x values the markers slide over hold the worked raw value itself
    _, raw = worked()
    xs = chapter.sweep_xs(raw)
    assert np.any(xs == raw[chapter.SWEPT]) and xs[0] < raw[chapter.SWEPT] < xs[-1]
