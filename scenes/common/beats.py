"""A beat is a group of animations played together, then a pause to read.

Helpers return lists of beats; a scene plays them with :func:`play_beats`. Keeping the
beats as data lets tests inspect them and lets several scenes share one story.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from manim import Animation, Scene

__all__ = ["Beat", "play_beats"]


@dataclass(frozen=True)
class Beat:
    """Animations played together for ``run_time`` seconds, then ``pause`` seconds of rest."""

    animations: tuple[Animation, ...]
    run_time: float
    pause: float = 0.0


def play_beats(scene: Scene, beats: Sequence[Beat]) -> None:
    """Play each beat in order."""
    for beat in beats:
        if beat.animations:
            scene.play(*beat.animations, run_time=beat.run_time)
        if beat.pause > 0:
            scene.wait(beat.pause)
