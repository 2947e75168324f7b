"""The guards (tests/scenes/guards.py) on every scene of the narrated chapters, and each
guard shown to fail on a scene broken on purpose."""

from __future__ import annotations

import functools

import numpy as np
import pytest

import nnmath
from scenes import (backprop_details, backprop_main_ideas, black_box, gradient_descent, neurons,
                    relu)
from scenes.common import beats as beats_module
from tests.scenes import broken_scenes as broken
from tests.scenes.conftest import scene_classes
from tests.scenes.guards import (all_problems, chapter_values, play_guarded, texts_on_screen,
                                 trace_floats)

#: the narrated chapters, in lecture order; the 3-D, SoftMax, cross-entropy and CNN chapters join this list
NARRATED = [neurons, gradient_descent, black_box, backprop_main_ideas, backprop_details, relu]
GUARDS = ("layout", "size", "morph", "pacing", "narration")


@functools.lru_cache(maxsize=None)
def problems(module_name: str, scene_name: str) -> dict[str, list[str]]:
    module = {m.__name__: m for m in NARRATED}[module_name]
    return all_problems(getattr(module, scene_name), chapter_values(module))


CASES = [(m.__name__, name) for m in NARRATED for name in sorted(scene_classes(m))]


@pytest.mark.parametrize("guard", GUARDS)
@pytest.mark.parametrize("module_name,scene_name", CASES, ids=[f"{m.split('.')[-1]}.{s}" for m, s in CASES])
def test_narrated_scene_passes_guard(module_name, scene_name, guard):
    found = problems(module_name, scene_name)[guard]
    assert not found, "\n".join(found)


def test_every_narrated_scene_opens_and_ends_with_words():
    """Each scene of a narrated chapter says what it is about in its first beat and states
    its result in its last one (silent transitions sit in between)."""
    for module in NARRATED:
        for name in scene_classes(module):
            records, total, _ = play_guarded(getattr(module, name))
            assert records and total > 0, name
            assert records[0].cue.text and records[-1].cue.text, name


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
