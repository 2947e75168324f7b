"""Captions of a narrated clip: one cue per beat, written beside the video.

Manim writes ``<Scene>.srt`` itself (from :meth:`Scene.add_subcaption`); this module
writes the same cues as ``<Scene>.vtt`` (WebVTT, for browsers) and
``<Scene>.narration.json`` (every beat: its id, what is said, when, and what spoke it),
which the lecture build and ``lecture script`` read.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Sequence

__all__ = ["Cue", "CAPTION_CHARS", "display_cues", "vtt_text", "srt_text", "write_sidecars", "sidecar_paths",
           "timestamp"]


@dataclass(frozen=True)
class Cue:
    """One beat as heard and read: ``key`` (``TopNodeSlice_03``), ``text`` (the caption),
    ``start``/``end`` (seconds into the clip), ``needed`` (seconds its sentence takes to
    say or read), ``source`` (the voice that spoke it, ``captions`` without a voice, empty
    for a silent beat) and ``narrated`` (False for a beat not narrated yet)."""

    key: str
    text: str
    start: float
    end: float
    needed: float
    source: str
    narrated: bool = True


def timestamp(seconds: float, sep: str = ".") -> str:
    """``HH:MM:SS.mmm`` (WebVTT) or with ``sep=","`` ``HH:MM:SS,mmm`` (SRT)."""
    ms = int(round(max(0.0, seconds) * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


#: the longest caption shown at once: two lines of 42 characters, the broadcast rule
CAPTION_CHARS = 84


def _pieces(text: str, limit: int) -> list[str]:
    """``text`` cut at sentence and clause ends, then at commas, then between words, into
    pieces of at most ``limit`` characters (a single longer word stays whole)."""
    words = text.split()
    pieces, line = [], ""
    for n, word in enumerate(words):
        joined = f"{line} {word}" if line else word
        if len(joined) > limit and line:
            pieces.append(line)
            line = word
        else:
            line = joined
        # a sentence's end closes a part of a third of the limit; a clause's, of half
        enough = limit // 3 if word.endswith((".", "?", "!")) else limit // 2
        if word.endswith((".", "?", "!", ":", ";", ",")) and n + 1 < len(words) and len(line) > enough:
            pieces.append(line)
            line = ""
    return pieces + ([line] if line else [])


def display_cues(cues: Sequence[Cue], limit: int = CAPTION_CHARS) -> list[Cue]:
    """The spoken cues as shown on screen: a beat's sentence longer than ``limit``
    characters is shown in parts (at sentence and clause ends where it can), each for a
    share of the beat's time in proportion to its length; ids gain ``.1``, ``.2``, ..."""
    shown = []
    for cue in cues:
        text = " ".join(cue.text.split())
        if not text:
            continue
        parts = _pieces(text, limit) if len(text) > limit else [text]
        if len(parts) == 1:
            shown.append(cue)
            continue
        total, at = sum(len(p) for p in parts), cue.start
        for n, part in enumerate(parts, 1):
            end = cue.end if n == len(parts) else at + (cue.end - cue.start) * len(part) / total
            shown.append(Cue(f"{cue.key}.{n}", part, at, end, cue.needed, cue.source, cue.narrated))
            at = end
    return shown


def _spoken(cues: Sequence[Cue]) -> list[Cue]:
    return display_cues(cues)


def vtt_text(cues: Sequence[Cue], offset: float = 0.0) -> str:
    """The cues as a WebVTT file, shifted by ``offset`` seconds."""
    lines = ["WEBVTT", ""]
    for cue in _spoken(cues):
        lines += [cue.key, f"{timestamp(cue.start + offset)} --> {timestamp(cue.end + offset - 0.05)}",
                  cue.text, ""]
    return "\n".join(lines)


def srt_text(cues: Sequence[Cue], offset: float = 0.0) -> str:
    """The cues as an SRT file, shifted by ``offset`` seconds."""
    lines = []
    for n, cue in enumerate(_spoken(cues), 1):
        lines += [str(n), f"{timestamp(cue.start + offset, ',')} --> "
                  f"{timestamp(cue.end + offset - 0.05, ',')}", cue.text, ""]
    return "\n".join(lines)


def sidecar_paths(video: Path) -> dict[str, Path]:
    """Where a clip's captions and narration record live: beside it, same stem."""
    video = Path(video)
    return {"srt": video.with_suffix(".srt"), "vtt": video.with_suffix(".vtt"),
            "narration": video.with_suffix(".narration.json")}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_sidecars(scene, narrator) -> None:
    """Write the ``.vtt`` and ``.narration.json`` of ``scene`` beside its video (nothing
    when the scene writes no video, as in a headless build)."""
    writer = getattr(scene.renderer, "file_writer", None)
    spec = getattr(writer, "output_spec", None)
    plan = getattr(writer, "output_plan", None)
    if not (spec and spec.enabled and spec.is_video and plan and plan.subcaption_file):
        return
    paths = sidecar_paths(Path(plan.subcaption_file))
    _write(paths["vtt"], vtt_text(narrator.cues))
    record = {"scene": narrator.scene_name, "voice": narrator.voice.name,
              "missing_recordings": [k for k in getattr(narrator.voice, "missing", [])
                                   if k.startswith(narrator.scene_name + "_")],
              "beats": [asdict(c) for c in narrator.cues]}
    _write(paths["narration"], json.dumps(record, indent=1))
