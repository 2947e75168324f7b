"""A scene's narration without rendering it: the scene is built headless (manim's dry
run, in-between frames skipped) with no voice, and the cue of every beat is collected.
``lecture script`` prints these; the guards in the test suite build scenes the same way."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from manim import Scene, tempconfig

from .beats import narrator_of
from .captions import Cue

__all__ = ["build_headless", "narration_of"]


@contextmanager
def _env(name: str, value: str):
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def build_headless(scene_cls: type[Scene], media_dir: str | Path | None = None) -> Scene:
    """Run ``scene_cls``'s construct headless, every animation jumping to its end state,
    with no voice (captions' reading time paces the beats). Returns the finished scene."""
    with tempfile.TemporaryDirectory() as scratch, _env("LECTURE_VOICE", "none"):
        with tempconfig({"dry_run": True, "media_dir": str(media_dir or scratch),
                         "quality": "low_quality", "disable_caching": True,
                         "progress_bar": "none", "verbosity": "ERROR"}):
            scene = scene_cls()
            scene.renderer._original_skipping_status = True
            scene.render()
    return scene


def narration_of(scene_cls: type[Scene]) -> list[Cue]:
    """Every beat of ``scene_cls`` as a :class:`Cue`: its id, what is said and when."""
    return list(narrator_of(build_headless(scene_cls)).cues)
