"""The lecture as a handout: for every scene of a lecture build, each spoken beat's picture
(the frame on screen when the beat ends, where its result is held) beside what is said.

The words are the build's own narration records (``<clip>.narration.json``), so the
handout says exactly what the video says, with the numbers as they are shown. The
pictures are decoded from the clips with PyAV, one pass per clip, and saved as PNGs in
``handout/`` inside the build folder; the page is one HTML file that prints well (a
teacher prints it to PDF from the browser).
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import av

from .index import clock
from .sidecars import cues_of, record_of, write_text

__all__ = ["Beat", "beat_stills", "handout_beats", "write_handout", "STILLS"]

#: where the stills go, inside the build folder
STILLS = "handout"
#: how wide a still is saved (pixels): sharp in print at half a page, small on disk
WIDTH = 640


@dataclass(frozen=True)
class Beat:
    """One spoken beat: its id, what is said, when it starts in its clip, and its still
    (path relative to the build folder, or None when the clip could not be read)."""

    key: str
    text: str
    start: float
    still: str | None


def beat_stills(clip: Path, times: Sequence[float], folder: Path, stem: str) -> list[Path | None]:
    """Save the frame on screen at each of ``times`` (seconds, ascending) of ``clip`` as
    ``folder/<stem>_NN.png`` (NN counts from 01); one decoding pass. A time past the
    clip's end takes its last frame."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path | None] = [None] * len(times)
    pending = sorted(range(len(times)), key=lambda i: times[i])
    last = None

    def save(frame, i):
        image = frame.to_image()
        if image.width > WIDTH:
            image = image.resize((WIDTH, round(image.height * WIDTH / image.width)))
        path = folder / f"{stem}_{i + 1:02d}.png"
        tmp = path.with_suffix(".tmp.png")
        image.save(tmp)
        os.replace(tmp, path)
        paths[i] = path

    with av.open(str(clip)) as box:
        stream = box.streams.video[0]
        step = 1 / float(stream.average_rate or 15)
        for frame in box.decode(stream):
            t = float(frame.pts * stream.time_base) if frame.pts is not None else 0.0
            while pending and t > times[pending[0]] - step / 2:  # this frame is past the time
                save(last if last is not None else frame, pending.pop(0))
            last = frame
            if not pending:
                break
    for i in pending:  # times at or past the end
        if last is not None:
            save(last, i)
    return paths


def handout_beats(build: Path, scene: dict) -> list[Beat]:
    """The spoken beats of one scene of ``lecture.json`` with their stills (made here). A
    beat's picture is taken just before it ends, when what it says is on screen."""
    cues = [c for c in cues_of(record_of(build, scene.get("narration"))) if c.text.strip()]
    if not cues:
        return []
    clip = build / scene["clip"] if scene.get("clip") else None
    stills: list[Path | None] = [None] * len(cues)
    if clip is not None and clip.exists():
        stem = Path(scene["clip"]).stem
        folder = build / STILLS / Path(scene["clip"]).parent
        for old in folder.glob(f"{stem}_*.png"):  # a scene that now has fewer beats
            old.unlink()
        try:
            stills = beat_stills(clip, [max(c.start, c.end - 0.1) for c in cues], folder, stem)
        except (OSError, ValueError, av.error.FFmpegError):
            pass  # a damaged clip: the words still go on the page
    return [Beat(c.key, c.text, c.start, str(p.relative_to(build)) if p else None)
            for c, p in zip(cues, stills)]


_STYLE = """body{font-family:Georgia,serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#111}
h1{font-family:sans-serif}h2{font-family:sans-serif;border-bottom:2px solid #1F6FD1;margin-top:2em}
h3{font-family:sans-serif;margin:1.4em 0 .3em}.meta{color:#555}
.beat{display:flex;gap:1em;align-items:flex-start;margin:.6em 0;break-inside:avoid}
.beat img{width:48%;border:1px solid #bbb}.beat p{margin:0;font-size:1.05em;line-height:1.45}
.beat .id{display:block;color:#777;font-size:.8em;font-family:sans-serif}
@media print{body{margin:0;max-width:none}h2{break-before:page}h2:first-of-type{break-before:auto}
a{color:inherit;text-decoration:none}}"""


def write_handout(build: Path, path: Path | None = None, only: Sequence[str] = ()) -> int:
    """Write the handout of the lecture build in ``build`` (it reads ``lecture.json``) to
    ``path`` (default ``build/handout.html``), only the chapters named in ``only`` when
    given. Returns the number of spoken beats written."""
    build = Path(build)
    path = Path(path) if path else build / "handout.html"
    summary = json.loads((build / "lecture.json").read_text(encoding="utf-8"))
    e = html.escape
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>"
             "<title>Neural networks, animated: the script</title>"
             f"<style>{_STYLE}</style></head><body>\n<h1>Neural networks, animated</h1>\n"
             "<p class='meta'>What the lecture says, beat by beat, beside what it shows "
             "when the beat ends.</p>\n"]
    count = 0
    for number, chapter in enumerate(summary.get("chapters", []), 1):
        scenes = chapter.get("scenes", [])
        if (only and chapter.get("name") not in only) or not any(s.get("clip") for s in scenes):
            continue  # not asked for, or nothing of it in this build
        parts.append(f"<h2>{number}. {e(chapter.get('title', chapter.get('name', '')))}</h2>\n")
        for scene in scenes:
            beats = handout_beats(build, scene)
            parts.append(f"<h3>{e(scene['name'])}</h3>\n")
            if scene.get("description"):
                parts.append(f"<p class='meta'>{e(scene['description'])}</p>\n")
            if not beats:
                why = (scene.get("failed") or ("it says nothing" if scene.get("clip")
                                               else "not rendered in this build"))
                parts.append(f"<p class='meta'>({e(why.splitlines()[-1])})</p>\n")
            for beat in beats:
                src = os.path.relpath(build / beat.still, path.parent) if beat.still else None
                picture = (f"<img src='{e(Path(src).as_posix())}' alt='{e(beat.key)}'>" if src
                           else "<span class='meta'>(no picture: the clip could not be read)</span>")
                parts.append(f"<div class='beat'>{picture}<p><span class='id'>{e(beat.key)} · "
                             f"{clock(beat.start)}</span>{e(beat.text)}</p></div>\n")
            count += len(beats)
    parts.append("</body></html>\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, "".join(parts))
    return count
