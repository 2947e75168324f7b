"""The scenes the guards run on: every chapter of the lecture, each scene built headless
once per test process, and what each guard finds in it. Two test files share the chapters
(first and second half of the lecture) so that both cores build scenes at once."""

from __future__ import annotations

import functools
import importlib
from pathlib import Path

import pytest

from scenes.lecture.catalog import discover
from tests.scenes.conftest import scene_classes
from tests.scenes.guards import play_guarded, problems_of

SCENES_DIR = Path(__file__).resolve().parents[2] / "scenes"
#: every chapter file in scenes/, in lecture order: a new chapter is guarded the day it is added
CHAPTERS = [importlib.import_module(f"scenes.{c.name}") for c in discover(SCENES_DIR)]
GUARDS = ("layout", "size", "morph", "pacing", "narration", "numbers")
_BY_NAME = {m.__name__: m for m in CHAPTERS}


@functools.lru_cache(maxsize=None)
def played(module_name: str, scene_name: str):
    """The scene built headless once: (its beats, its total time)."""
    records, total, _ = play_guarded(getattr(_BY_NAME[module_name], scene_name))
    return records, total


@functools.lru_cache(maxsize=None)
def problems(module_name: str, scene_name: str) -> dict[str, list[str]]:
    scene_cls = getattr(_BY_NAME[module_name], scene_name)
    return problems_of(*played(module_name, scene_name), getattr(scene_cls, "shows", None))


def cases(chapters) -> list[tuple[str, str]]:
    """(module name, scene name) of every scene of ``chapters``."""
    return [(m.__name__, name) for m in chapters for name in sorted(scene_classes(m))]


def ids(found) -> list[str]:
    return [f"{m.split('.')[-1]}.{s}" for m, s in found]


#: the first half of the lecture's chapters (test_guards.py), the rest (test_guards_late.py)
EARLY, LATE = CHAPTERS[:len(CHAPTERS) // 2], CHAPTERS[len(CHAPTERS) // 2:]


def check_scene(module_name: str, scene_name: str, guard: str) -> None:
    found = problems(module_name, scene_name)[guard]
    assert not found, "\n".join(found)


def check_words(module_name: str, scene_name: str) -> None:
    """The scene says what it is about in its first beat and states its result in its last
    one (silent transitions sit in between)."""
    records, total = played(module_name, scene_name)
    assert records and total > 0
    assert records[0].cue.text, "the first beat says nothing"
    assert records[-1].cue.text, "the last beat says nothing"


def guard_tests(chapters):
    """The two tests every guarded scene of ``chapters`` gets, for a test module to take as
    its own: each guard finds nothing, and the scene opens and ends with words."""
    found = cases(chapters)

    @pytest.mark.parametrize("guard", GUARDS)
    @pytest.mark.parametrize("module_name,scene_name", found, ids=ids(found))
    def test_scene_passes_guard(module_name, scene_name, guard):
        check_scene(module_name, scene_name, guard)

    @pytest.mark.parametrize("module_name,scene_name", found, ids=ids(found))
    def test_every_scene_opens_and_ends_with_words(module_name, scene_name):
        check_words(module_name, scene_name)

    return test_scene_passes_guard, test_every_scene_opens_and_ends_with_words
