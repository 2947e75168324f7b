"""What to render: a fingerprint per scene, the record of earlier builds, and the order.

A scene is rendered again only when its fingerprint changed: the hash of its chapter file,
every file of ``scenes/common`` and ``nnmath``, the quality (and resolution / frame rate
overrides), manim.cfg, LECTURE_PACE and the voice (for ``recordings:DIR``, also the name,
size and time of each of the scene's recordings in DIR). A scene whose last render said
nothing (``speaks`` false in the manifest) is kept when only the voice changed. Earlier
results live in ``manifest.json`` under the build folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from .catalog import Chapter, SceneInfo

__all__ = ["Job", "shared_sources", "shared_hash", "render_settings", "fingerprint", "voice_print",
           "plan_jobs", "schedule", "load_manifest", "save_manifest", "MANIFEST"]

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Job:
    """One scene to render (or to skip): where its chapter file is, its fingerprint, and
    where its clip and still go (relative to the build folder)."""

    scene: SceneInfo
    path: Path
    position: int  # 1-based position of the scene in its chapter
    fingerprint: str
    clip: str
    still: str
    skip: bool = False
    base_fingerprint: str = ""  # the fingerprint without the voice


    @property
    def key(self) -> str:
        return self.scene.key


def shared_sources(root: Path) -> list[Path]:
    """Files every scene depends on: scenes/common and nnmath (Python files), manim.cfg."""
    root = Path(root)
    files = []
    for folder in ("scenes/common", "nnmath"):
        files += sorted(p for p in (root / folder).rglob("*.py") if "__pycache__" not in p.parts)
    cfg = root / "manim.cfg"
    return files + ([cfg] if cfg.exists() else [])


def _digest(paths: Iterable[Path], root: Path) -> hashlib._Hash:
    h = hashlib.sha256()
    for p in paths:
        h.update(str(Path(p).relative_to(root)).encode())
        h.update(b"\0")
        h.update(Path(p).read_bytes())
        h.update(b"\0")
    return h


def shared_hash(root: Path) -> str:
    """sha256 of every file of :func:`shared_sources`, with their paths."""
    return _digest(shared_sources(root), Path(root)).hexdigest()


def render_settings(settings: Mapping[str, object]) -> dict:
    """The settings a scene's fingerprint covers: ``settings`` and LECTURE_PACE."""
    return dict(settings, pace=os.environ.get("LECTURE_PACE", "1"))


def fingerprint(chapter_file: Path, shared_hash: str, settings: Mapping[str, object]) -> str:
    """sha256 of the chapter file, the shared sources' hash and the render settings."""
    h = hashlib.sha256(Path(chapter_file).read_bytes())
    h.update(shared_hash.encode())
    h.update(json.dumps(dict(settings), sort_keys=True).encode())
    return h.hexdigest()


def _recordings(voice: str) -> list[tuple[str, int, int]]:
    """(name, size, mtime in ns) of every WAV in the folder of a ``recordings:DIR`` voice."""
    if not voice.lower().startswith("recordings:"):
        return []
    folder = Path(voice.split(":", 1)[1]).expanduser()
    files = sorted(folder.glob("*.wav")) if folder.is_dir() else []
    return [(f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files]


def voice_print(base: str, voice: str, scene: str,
                recordings: Iterable[tuple[str, int, int]] = ()) -> str:
    """The fingerprint ``base`` with the voice added: its name and, for recordings, the
    name, size and time of each recording of ``scene`` (``<scene>_NN.wav``)."""
    mine = [r for r in recordings if re.fullmatch(re.escape(scene) + r"_\d+\.wav", r[0])]
    return hashlib.sha256(json.dumps([base, voice, mine]).encode()).hexdigest()


def _still_good(old: Mapping, fp: str, base: str, clip: str, still: str, out_dir: Path) -> bool:
    """The earlier render is kept: same fingerprint (or it said nothing and only the voice
    changed), same clip name, and its clip, still and caption files all present."""
    same = old.get("fingerprint") == fp or (old.get("speaks") is False
                                             and old.get("base_fingerprint") == base)
    files = [clip, still, *((old.get("captions") or {}).values())]
    files += [old["narration"]] if old.get("narration") else []
    return same and old.get("clip") == clip and all((out_dir / f).exists() for f in files)


def plan_jobs(root: Path, chapters: list[Chapter], settings: Mapping[str, object],
              manifest: Mapping[str, dict], out_dir: Path, force: bool = False,
              voice: str = "none") -> list[Job]:
    """A Job per scene, in lecture order, ``skip`` set where the earlier build is still good
    (see :func:`_still_good`). ``voice``: the voice's name as the renders get it."""
    root, out_dir = Path(root), Path(out_dir)
    shared = shared_hash(root)
    settings = render_settings(settings)
    recordings = _recordings(voice)
    jobs = []
    for chapter in chapters:
        base = fingerprint(chapter.path, shared, settings)
        for i, scene in enumerate(chapter.scenes, 1):
            fp = voice_print(base, voice, scene.name, recordings)
            clip = f"{chapter.name}/{i:02d}_{scene.name}.mp4"
            still = f"{chapter.name}/{i:02d}_{scene.name}.png"
            done = not force and _still_good(manifest.get(scene.key, {}), fp, base, clip, still,
                                             out_dir)
            jobs.append(Job(scene, chapter.path, i, fp, clip, still, skip=done,
                            base_fingerprint=base))
    return jobs


def schedule(jobs: list[Job], manifest: Mapping[str, dict]) -> list[Job]:
    """The jobs to render, longest first so the last one to finish is a short one: scenes
    never timed before first (they may be long), then by the last render time, longest
    first; ties keep lecture order."""
    todo = [j for j in jobs if not j.skip]

    def key(item):
        position, job = item
        seconds = manifest.get(job.key, {}).get("render_seconds")
        return (0, 0.0, position) if seconds is None else (1, -float(seconds), position)

    return [job for _, job in sorted(enumerate(todo), key=key)]


def load_manifest(out_dir: Path) -> dict[str, dict]:
    """The earlier build's record ({scene key: entry}); empty when missing or unreadable."""
    try:
        data = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("scenes", {}) if isinstance(data, dict) else {}


def save_manifest(out_dir: Path, entries: Mapping[str, dict]) -> None:
    """Write the record atomically (a new file, then renamed over the old one)."""
    path = Path(out_dir) / MANIFEST
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"scenes": dict(entries)}, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
