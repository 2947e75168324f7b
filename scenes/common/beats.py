"""A beat is a group of animations played together while one or two sentences are said.

Helpers return lists of beats; a scene plays them with :func:`play_beats`. Keeping the
beats as data lets tests inspect them, lets several scenes share one story, and makes a
scene read as a script: what is shown beside what is said.

Pacing comes from the narration: a beat lasts as long as the longer of its animations and
its sentence (the voice's length when a voice speaks, reading time at about 150 words a
minute when none does), plus a short rest. ``LECTURE_PACE`` scales animations, rests and
reading time. Each sentence becomes a caption (manim writes the ``.srt`` beside the
video; :mod:`scenes.common.captions` writes the ``.vtt`` and a ``.narration.json``) and,
with a voice, the sound of the beat.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

import numpy as np
from manim import Animation, Mobject, Scene

from .captions import Cue, write_sidecars
from .encoding import install as install_encoding
from .narration import SILENT, Say, reading_seconds
from .timing import pace

__all__ = ["Beat", "Shows", "showing", "play_beats", "beat_seconds", "beat_frames", "beat_key",
           "planned_beat", "planned_frames", "BEAT_HOOKS", "narrator_of", "Narrator"]

# every scene that plays beats writes its held frames once (see encoding)
install_encoding()

#: the rest after a beat that says something (seconds at pace 1)
REST = 0.35


@dataclass(frozen=True, eq=False)  # compared by identity: it may hold a trace
class Shows:
    """What a beat shows, declared for the test suite's numbers-on-screen check (nothing
    here changes the picture): the values of ``trace`` (a preset name, a trace, or a
    function returning one) at ``step`` (an int, a tuple of them, or None for the final
    parameters), only for the data ``rows`` and the kinds of value ``parts`` ("params",
    "chain", ...: see tests/scenes/beat_values.py) when given, plus ``values`` (a function
    returning numbers nnmath computes outside a trace) and ``consts`` (counts, settings).
    A scene's ``shows`` attribute covers every beat that declares nothing of its own."""

    trace: str | object | Callable[[], object] | None = None
    step: int | tuple | None = 0
    rows: tuple | None = None
    parts: tuple | None = None
    values: Callable[[], object] | None = None
    consts: tuple = ()

    def at(self, **changes) -> "Shows":
        """The same declaration at another step, rows, ... (``Shows.at(step=4)``)."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Beat:
    """Animations played together for ``run_time`` seconds while ``say`` is said, then
    ``pause`` seconds of rest. ``say`` is a :class:`~scenes.common.narration.Say`, or
    :data:`~scenes.common.narration.SILENT` for a pure transition; ``None`` marks a beat
    of a chapter that is not narrated yet. ``shows`` declares which values the beat
    shows (see :class:`Shows`); None: the scene's declaration."""

    animations: tuple[Animation, ...]
    run_time: float
    pause: float = 0.0
    say: Say | None = None
    shows: Shows | None = None


def showing(shows: Shows, beats: Sequence[Beat]) -> list[Beat]:
    """``beats`` with ``shows`` declared on each that declares nothing of its own."""
    return [b if b.shows is not None else replace(b, shows=shows) for b in beats]


@dataclass
class Narrator:
    """What one scene has said so far: its voice, and a cue per beat played."""

    scene_name: str
    voice: object
    cues: list[Cue] = field(default_factory=list)

    def key(self) -> str:
        """The id of the next beat, e.g. ``TopNodeSlice_03`` (names a teacher's recording)."""
        return beat_key(self.scene_name, len(self.cues) + 1)


def beat_key(scene_name: str, number: int) -> str:
    """The id of the ``number``-th beat (from 1) of a scene: ``TopNodeSlice_03``."""
    return f"{scene_name}_{number:02d}"


#: callables ``hook(scene, beat, cue, phase)`` called with phase "start" before a beat's
#: animations and "end" after its rest (the guards in the test suite use them)
BEAT_HOOKS: list[Callable] = []


def narrator_of(scene: Scene) -> Narrator:
    """The scene's :class:`Narrator`, made on first use with the voice in force."""
    found = getattr(scene, "_narrator", None)
    if found is None:
        from .voice import VoiceError, resolve  # the voice loads only for narrated scenes

        try:
            found = Narrator(type(scene).__name__, resolve())
        except VoiceError as err:  # one line for the teacher, not a traceback
            raise SystemExit(f"lecture voice: {err}") from None
        scene._narrator = found
    return found


def _speak(narrator: Narrator, text: str, key: str):
    """The narrator's voice saying ``text`` for beat ``key``; a voice that cannot speak (a
    damaged recording, a failing engine) stops the render with one line."""
    from .voice import VoiceError

    try:
        return narrator.voice.speak(text, key)
    except VoiceError as err:
        raise SystemExit(f"lecture voice: {err}") from None


def beat_seconds(beat: Beat, needed: float, scale: float) -> tuple[float, float]:
    """(animated, held): the seconds ``beat``'s animations play, and the seconds the picture
    is then held so that its sentence (``needed`` seconds to say or read) and a rest fit
    (``scale``: the pace in force). A video planned beat by beat knows its length from these."""
    said = beat.say or SILENT
    animated = beat.run_time if beat.animations else 0.0
    rest = max(beat.pause, REST * scale) if not said.silent else beat.pause
    return animated, max(animated, needed) + rest - animated


def beat_frames(animated: float, held: float, frame_rate: float) -> int:
    """The frames manim writes for ``animated`` seconds of animations (a frame at every
    1/``frame_rate`` of a play) then ``held`` seconds of a still picture (int(held * rate)
    frames); neither, when there is some, shorter than one frame."""
    dt = 1 / frame_rate
    played = len(np.arange(0, max(animated, dt), dt)) if animated > 0 else 0
    return played + (int(max(held, dt) / dt) if held > 1e-6 else 0)


def planned_beat(run_time: float, pause: float, say: Say) -> Beat:
    """A beat of a script kept as data, for :func:`planned_frames`: animations for
    ``run_time`` seconds (none when it is 0), then ``pause``, while ``say`` is said."""
    return Beat((Animation(Mobject()),) if run_time > 0 else (), run_time, pause, say)


def planned_frames(scene_name: str, beats: Sequence[Beat], frame_rate: float, voice=None) -> int:
    """The frames :func:`play_beats` writes for ``beats`` in the scene class called
    ``scene_name`` at ``frame_rate``: each sentence timed by ``voice`` when it speaks (its
    clips are cached, so the render reuses them; a teacher's recordings are found by the
    same beat ids), else by reading time."""
    total, scale = 0, pace()
    for number, beat in enumerate(beats, 1):
        said = beat.say or SILENT
        speech = None
        if voice is not None and voice.speaks and not said.silent:
            speech = voice.speak(said.spoken, beat_key(scene_name, number))
        needed = speech.seconds if speech else reading_seconds(said.text) * scale
        total += beat_frames(*beat_seconds(beat, needed, scale), frame_rate)
    return total


def play_beats(scene: Scene, beats: Sequence[Beat]) -> None:
    """Play each beat in order, paced by what it says, with its caption and its sound."""
    narrator = narrator_of(scene)
    scale = pace()
    for beat in beats:
        said = beat.say or SILENT
        start = float(scene.renderer.time)
        key = narrator.key()
        speech = None
        if not said.silent and narrator.voice.speaks:
            speech = _speak(narrator, said.spoken, key)
        needed = speech.seconds if speech else reading_seconds(said.text) * scale
        animated, held = beat_seconds(beat, needed, scale)
        length = animated + held
        cue = Cue(key, said.text, start, start + length, needed,
                  speech.source if speech else ("" if said.silent else "captions"),
                  beat.say is not None)
        for hook in BEAT_HOOKS:
            hook(scene, beat, cue, "start")
        if speech is not None:
            scene.add_sound(str(speech.path))
        if not said.silent:
            scene.add_subcaption(said.text, duration=length - 0.05)
        if beat.animations:
            scene.play(*beat.animations, run_time=beat.run_time)
        if held > 1e-6:
            scene.wait(held)
        narrator.cues.append(cue)
        for hook in BEAT_HOOKS:
            hook(scene, beat, cue, "end")
    _sound_to_the_end(scene)
    write_sidecars(scene, narrator)


def _sound_to_the_end(scene: Scene) -> None:
    """When the scene has spoken, its sound track lasts as long as its picture (manim's
    ends where the last clip ends, before the last beat's rest and any silent beat)."""
    writer = scene.renderer.file_writer
    if getattr(writer, "includes_sound", False):
        from pydub import AudioSegment

        writer.add_audio_segment(AudioSegment.silent(0), time=float(scene.renderer.time))
