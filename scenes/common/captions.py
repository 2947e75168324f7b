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

__all__ = ["Cue", "vtt_text", "srt_text", "write_sidecars", "sidecar_paths", "timestamp"]


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


def _spoken(cues: Sequence[Cue]) -> list[Cue]:
    return [c for c in cues if c.text.strip()]


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
