"""The guards (tests/scenes/guards.py) on every scene of every chapter of the lecture, and
each guard shown to fail on a scene broken on purpose."""

from __future__ import annotations

import numpy as np
import pytest

import nnmath
from scenes.common import beats as beats_module
from scenes.lecture.catalog import CHAPTER_ORDER
from tests.scenes import broken_scenes as broken
from tests.scenes.conftest import scene_classes
from tests.scenes.guard_cases import CHAPTERS, EARLY, LATE, cases, guard_tests
from scenes import backprop_details, neurons
from tests.scenes.conftest import assert_only_trace_numbers, trace_numbers
from tests.scenes.guards import all_problems, chapter_values, play_guarded, texts_on_screen

# each guard on every scene of the first half of the chapters (the rest: test_guards_late.py)
test_scene_passes_guard, test_every_scene_opens_and_ends_with_words = guard_tests(EARLY)


def test_the_guards_see_every_chapter_of_the_lecture():
    """Every chapter of the lecture's order is a file the guards run on, every chapter file
    has its place in that order, and the two halves cover every scene once."""
    names = [m.__name__.split(".")[-1] for m in CHAPTERS]
    assert names == list(CHAPTER_ORDER)
    assert EARLY + LATE == CHAPTERS
    assert len(cases(EARLY)) + len(cases(LATE)) == sum(len(scene_classes(m)) for m in CHAPTERS)


@pytest.mark.parametrize("scene,guard", [
    (broken.OverlappingTexts, "layout"),
    (broken.OffTheFrame, "layout"),
    (broken.TinyText, "size"),
    (broken.StringMorph, "morph"),
    (broken.PlayedOutsideBeats, "pacing"),
    (broken.Unnarrated, "narration"),
    (broken.TypedNumber, "narration"),
    (broken.NotATraceValue, "numbers"),
    (broken.SaidNotShown, "narration"),
], ids=lambda v: v if isinstance(v, str) else v.__name__)
def test_guard_fails_on_a_scene_broken_on_purpose(scene, guard):
    found = all_problems(scene)
    assert found[guard], f"the {guard} guard let {scene.__name__} through"


def test_a_sound_scene_passes_every_guard():
    found = all_problems(broken.Fine)
    assert not any(found.values()), found


def test_pacing_guard_fails_when_beats_do_not_wait_for_their_words(monkeypatch):
    """A pacer that forgets to hold a beat while its sentence is read is caught."""
    monkeypatch.setattr(beats_module.Scene, "wait", lambda self, *a, **k: None)
    found = all_problems(broken.Fine)
    assert any("narration needs" in p for p in found["pacing"]), found["pacing"]


def chapter_wide_problems(scene_cls, run_scene, module) -> list[str]:
    """The check as it was: every number on screen is some value of the chapter's traces
    (the chapter tests' assert_only_trace_numbers), and so is every value said."""
    values = np.abs(chapter_values(module))
    try:
        assert_only_trace_numbers(run_scene(scene_cls), trace_numbers(
            *module.traces(), extra=module.extra_values()))
    except AssertionError as err:
        return [str(err)]
    records, _, _ = play_guarded(scene_cls)
    return [f"{k} = {v.value}" for r in records for k, v in r.beat.say.numbers.items()
            if not np.any(np.isclose(values, abs(v.value), rtol=1e-12, atol=1e-12))]


def test_a_number_from_the_wrong_step_passes_the_chapter_wide_check_but_not_the_beat_check(
        run_scene):
    """w3's value after the second step, shown and said as the result of the first: a
    trace value, so the chapter-wide check lets it through; the beat declares step 0."""
    assert chapter_wide_problems(broken.WrongStep, run_scene, backprop_details) == []
    found = all_problems(broken.WrongStep)["numbers"]
    wrong = nnmath.build(backprop_details.PART2).params_at(2)["w3"]
    assert any(f"shows {abs(wrong):.2f}," in p for p in found), found
    assert any(f"says b = {wrong!r}" in p for p in found), found
    assert all_problems(broken.FirstStep)["numbers"] == []  # told right, it passes


def test_a_number_from_the_wrong_row_passes_the_chapter_wide_check_but_not_the_beat_check(
        run_scene):
    """Day 2's output said and shown as day 1's: the same step of the same trace."""
    assert chapter_wide_problems(broken.WrongRow, run_scene, neurons) == []
    found = all_problems(broken.WrongRow)["numbers"]
    wrong = float(nnmath.build(neurons.PRESET).forward(k=0).outputs[1][0])
    assert any(f"shows {wrong:.2f}," in p for p in found), found
    assert any(f"says go = {wrong!r}" in p for p in found), found


def test_an_allowed_set_too_wide_to_fail_fails_the_check():
    """The chapter-wide set of the backpropagation chapter, declared as what a beat shows:
    it accepts nearly every two-decimal number, so the check says it is too wide."""
    found = all_problems(broken.TooWide)["numbers"]
    assert len(found) == 1 and "too wide to catch a wrong number" in found[0], found


def test_texts_on_screen_measures_height_in_pixels():
    from manim import Scene as _Scene
    from scenes.common.text import equation, label

    scene = _Scene()
    scene.add(label("Hg", size=28), equation("2.14", size=40))
    sizes = sorted(round(s.px, 1) for s in texts_on_screen(scene))
    assert sizes == [pytest.approx(16.6, abs=0.1), pytest.approx(17.0, abs=0.1)]


def test_coverage_counts_the_two_decimal_numbers_a_set_would_accept():
    from tests.scenes.beat_values import coverage, written_forms

    assert coverage(written_forms([0.5]), 0.7) == pytest.approx(1 / 101)
    assert coverage(written_forms([-0.5, 0.5, 2.5]), 2.1) == pytest.approx(2 / 301)
    assert coverage(written_forms(np.arange(0, 101) / 100), 1) == 1.0
    assert "0.0093" in written_forms([-0.0093]) and "0.5" in written_forms([0.5])
