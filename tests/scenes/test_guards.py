"""The guards (tests/scenes/guards.py) on every scene of every chapter of the lecture, and
each guard shown to fail on a scene broken on purpose."""

from __future__ import annotations

import pytest

import nnmath
from scenes.common import beats as beats_module
from scenes.lecture.catalog import CHAPTER_ORDER
from tests.scenes import broken_scenes as broken
from tests.scenes.conftest import scene_classes
from tests.scenes.guard_cases import CHAPTERS, EARLY, LATE, cases, guard_tests
from tests.scenes.guards import all_problems, texts_on_screen, trace_floats

# each guard on every scene of the first half of the chapters (the rest: test_guards_late.py)
test_scene_passes_guard, test_every_scene_opens_and_ends_with_words = guard_tests(EARLY)


def test_the_guards_see_every_chapter_of_the_lecture():
    """Every chapter of the lecture's order is a file the guards run on, every chapter file
    has its place in that order, and the two halves cover every scene once."""
    names = [m.__name__.split(".")[-1] for m in CHAPTERS]
    assert names == list(CHAPTER_ORDER)
    assert EARLY + LATE == CHAPTERS
    assert len(cases(EARLY)) + len(cases(LATE)) == sum(len(scene_classes(m)) for m in CHAPTERS)


BLACK_BOX = trace_floats(nnmath.build("black-box"))


@pytest.mark.parametrize("scene,guard", [
    (broken.OverlappingTexts, "layout"),
    (broken.OffTheFrame, "layout"),
    (broken.TinyText, "size"),
    (broken.StringMorph, "morph"),
    (broken.PlayedOutsideBeats, "pacing"),
    (broken.Unnarrated, "narration"),
    (broken.TypedNumber, "narration"),
    (broken.NotATraceValue, "narration"),
    (broken.SaidNotShown, "narration"),
], ids=lambda v: v if isinstance(v, str) else v.__name__)
def test_guard_fails_on_a_scene_broken_on_purpose(scene, guard):
    found = all_problems(scene, BLACK_BOX)
    assert found[guard], f"the {guard} guard let {scene.__name__} through"


def test_a_sound_scene_passes_every_guard():
    found = all_problems(broken.Fine, BLACK_BOX)
    assert not any(found.values()), found


def test_pacing_guard_fails_when_beats_do_not_wait_for_their_words(monkeypatch):
    """A pacer that forgets to hold a beat while its sentence is read is caught."""
    monkeypatch.setattr(beats_module.Scene, "wait", lambda self, *a, **k: None)
    found = all_problems(broken.Fine, BLACK_BOX)
    assert any("narration needs" in p for p in found["pacing"]), found["pacing"]


def test_texts_on_screen_measures_height_in_pixels():
    from manim import Scene as _Scene
    from scenes.common.text import equation, label

    scene = _Scene()
    scene.add(label("Hg", size=28), equation("2.14", size=40))
    sizes = sorted(round(s.px, 1) for s in texts_on_screen(scene))
    assert sizes == [pytest.approx(16.6, abs=0.1), pytest.approx(17.0, abs=0.1)]
