"""A clip's captions and narration record in the build folder.

Manim writes ``<Scene>.srt`` beside its video when the scene says something, and the
beats write ``<Scene>.vtt`` and ``<Scene>.narration.json`` (see
:mod:`scenes.common.captions`). The build files them beside the clip under the same name
(``neurons/01_GoSurfing.srt``, ...), describes them for the manifest, and shifts every
clip's cues by the clip's start to caption the joined lecture.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import fields, replace
from pathlib import Path
from typing import Sequence

from scenes.common.captions import Cue, sidecar_paths, srt_text, timestamp, vtt_text

from . import media

__all__ = ["SUFFIXES", "file_beside", "describe", "cues_of", "record_of", "lecture_cues", "write_lecture_captions",
           "write_chapter_marks", "write_text"]

#: the endings of a clip's files besides the clip itself
SUFFIXES = (".png", ".srt", ".vtt", ".narration.json")


def _copy(src: Path, dst: Path) -> None:
    tmp = dst.with_name(dst.name + ".tmp")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


def file_beside(video: Path, clip: Path) -> None:
    """Copy the ``.srt``, ``.vtt`` and ``.narration.json`` beside manim's ``video`` to beside
    ``clip``, and delete those the new render did not make; the ``.srt`` is written again
    from the narration record, with long sentences in parts as in the ``.vtt``. Without an ``.srt`` (the scene
    said nothing) no captions are filed; the narration record is, when there is one."""
    made, filed = sidecar_paths(video), sidecar_paths(clip)
    said = made["srt"].exists()
    for kind in ("srt", "vtt", "narration"):
        if made[kind].exists() and (said or kind == "narration"):
            _copy(made[kind], filed[kind])
        else:
            filed[kind].unlink(missing_ok=True)
    cues = cues_of(_read_record(filed["narration"])) if said and filed["narration"].exists() else []
    if cues:  # manim writes a beat's whole sentence as one cue: show long ones in parts
        write_text(filed["srt"], srt_text(cues))


def _read_record(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def record_of(out_dir: Path, narration: str | None) -> dict:
    """The narration record at ``narration`` (relative to ``out_dir``), {} without one."""
    return _read_record(Path(out_dir) / narration) if narration else {}


def cues_of(record: dict) -> list[Cue]:
    """The cues of a narration record (unknown fields ignored, broken beats skipped)."""
    names = {f.name for f in fields(Cue)}
    cues = []
    for beat in record.get("beats", []):
        try:
            cues.append(Cue(**{k: v for k, v in beat.items() if k in names}))
        except (TypeError, AttributeError):
            continue
    return cues


def describe(out_dir: Path, clip: str) -> dict:
    """What the manifest records of a clip's sound and words: ``captions`` ({"srt", "vtt"}
    paths, or None), ``narration`` (path or None), ``has_audio``, ``voice`` (what spoke,
    None when nothing is said), ``missing_recordings`` (beats a teacher did not record)
    and ``speaks`` (whether any beat says something, so whether the voice matters)."""
    out_dir = Path(out_dir)
    paths = sidecar_paths(out_dir / clip)
    rel = {k: str(p.relative_to(out_dir)) for k, p in paths.items() if p.exists()}
    record = _read_record(paths["narration"]) if "narration" in rel else {}
    speaks = any(c.text.strip() for c in cues_of(record))
    return {"captions": {k: rel[k] for k in ("srt", "vtt") if k in rel} if "srt" in rel else None,
            "narration": rel.get("narration"),
            "has_audio": media.has_audio(out_dir / clip),
            "voice": record.get("voice") if speaks else None,
            "missing_recordings": list(record.get("missing_recordings", [])),
            "speaks": speaks}


def lecture_cues(out_dir: Path, placed: Sequence[tuple[str | None, float]]) -> list[Cue]:
    """Every spoken cue of the joined lecture: each clip's narration record (path relative
    to ``out_dir``, or None) shifted by where the clip starts in the lecture (seconds). A
    cue ends no later than the next one starts."""
    cues = []
    for narration, start in placed:
        if narration:
            cues += [replace(c, start=c.start + start, end=c.end + start)
                     for c in cues_of(_read_record(Path(out_dir) / narration)) if c.text.strip()]
    # a beat's end is computed, its successor starts on a frame: never let two overlap
    return [replace(c, end=min(c.end, after.start)) for c, after in zip(cues, cues[1:])] + cues[-1:]


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file, then a rename)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_lecture_captions(out_dir: Path, placed: Sequence[tuple[str | None, float]],
                           stem: str = "lecture") -> dict | None:
    """``lecture.srt`` and ``lecture.vtt`` from the clips' cues (see :func:`lecture_cues`).
    Returns their paths, or None (and deletes old ones) when no clip says anything."""
    out_dir = Path(out_dir)
    cues = lecture_cues(out_dir, placed)
    paths = {"srt": out_dir / f"{stem}.srt", "vtt": out_dir / f"{stem}.vtt"}
    if not cues:
        for path in paths.values():
            path.unlink(missing_ok=True)
        return None
    for kind, text in (("srt", srt_text(cues)), ("vtt", vtt_text(cues))):
        write_text(paths[kind], text)
    return {k: p.name for k, p in paths.items()}


def write_chapter_marks(out_dir: Path, chapters: Sequence[tuple[float, float, str]],
                        name: str = "lecture.chapters.vtt") -> str | None:
    """A WebVTT chapters file (one cue per chapter: its start, end and title, as the
    joined video's chapter marks say) for players and the index page. Returns its name,
    or None (and deletes an old one) without chapters."""
    path = Path(out_dir) / name
    if not chapters:
        path.unlink(missing_ok=True)
        return None
    lines = ["WEBVTT", ""]
    for n, (start, end, title) in enumerate(chapters, 1):
        lines += [f"chapter-{n}", f"{timestamp(start)} --> {timestamp(end)}", title, ""]
    write_text(path, "\n".join(lines))
    return name
