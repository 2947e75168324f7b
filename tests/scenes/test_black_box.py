"""The black-box chapter: every scene builds headless; the numbers it writes are the trace's."""

import pytest

import nnmath
from tests.scenes.conftest import (assert_network_shows, assert_only_trace_numbers,
                                   scene_classes, trace_numbers)
from scenes import black_box
from scenes.common.numbers import fmt, fmt_input

SCENES = [black_box.TheFittedNetwork, black_box.TopNodeSlice, black_box.BottomNodeSlice,
          black_box.SumIntoSquiggle, black_box.WorkedDosages]


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(black_box) == {cls.__name__ for cls in SCENES}


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_trace_numbers(run_scene, scene):
    assert_only_trace_numbers(run_scene(scene), trace_numbers(nnmath.build("black-box")))


def test_network_shows_every_weight_and_bias(run_scene):
    written = run_scene(black_box.TheFittedNetwork)
    assert_network_shows(written, nnmath.build("black-box").final())


def test_worked_numbers_for_dosage_0_and_0_5(run_scene):
    written = run_scene(black_box.WorkedDosages)
    trace = nnmath.build("black-box")
    fw = trace.forward()
    numbers = written.decimals()
    for i in (0, 1):  # dosage 0 and 0.5, every intermediate
        for key in ("x1", "y1", "scaled1", "x2", "y2", "scaled2", "predicted"):
            assert fmt(getattr(fw, key)[i]) in numbers, (i, key)
    # dosage 0 goes into the top node as b1 = 2.14 and is scaled by w3 = -1.30
    text = " ".join(written.strings)
    assert r"\times 0 + 2.14 = 2.14" in text
    assert r"\times (-1.30)" in text
    for x, y in zip(trace.inputs, trace.final_predictions):  # ends on the three predictions
        assert f"Dosage {fmt_input(x)} \u2192 {fmt(y)}" in written.strings


def test_node_slice_labels_the_ends_of_the_slice(run_scene):
    written = run_scene(black_box.TopNodeSlice)
    fw = nnmath.build("black-box").forward([0.0, 1.0])
    assert f"Dosage 0 \u2192 {fmt(fw.x1[0])}" in written.strings
    assert f"Dosage 1 \u2192 {fmt(fw.x1[1])}" in written.strings
