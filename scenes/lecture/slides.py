"""The lecture as slides for presenting live: every spoken beat is one slide. Pressing the
right arrow plays the next beat, with its narration when a voice was used, and it stops on
its end state; the beat's words are the slide's speaker notes (press S in the deck).

Why not manim-slides: its ``Slide`` class sets ``config["write_to_movie"]``, which
manim 0.22 no longer has (it fails on the first render), and its slides carry no sound,
because manim's partial movie files have none. The lecture build already has every clip
with its sound and every beat's start (``<clip>.narration.json``), and manim starts a new
keyframe at every animation, so each beat is cut out of its clip by copying packets (no
re-encoding, so a deck of a 1080p lecture takes seconds). The deck is a reveal.js page,
the framework manim-slides' own HTML converter writes, with reveal.js copied into the
deck's folder so it opens offline.

A silent beat (a transition) plays at the start of the spoken beat after it, so every key
press has something said.
"""

from __future__ import annotations

import html
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import av

from . import reveal
from .sidecars import cues_of, record_of, write_text

__all__ = ["Slide", "slide_spans", "keyframe_times", "cut_clip", "scene_slides", "lecture_slides",
           "write_deck"]


@dataclass(frozen=True)
class Slide:
    """One slide: its clip (relative to the deck), its speaker note, the beat ids it plays."""

    clip: str
    note: str
    beats: tuple[str, ...]
    chapter: str
    scene: str


def slide_spans(cues, length: float) -> list[tuple[float, float, str, tuple[str, ...]]]:
    """(start, end, note, beat ids) per slide of a clip ``length`` seconds long: silent
    beats join the spoken beat after them (trailing ones the last slide); each slide runs to
    the next one's start."""
    groups: list[list] = []
    pending: list = []
    for cue in cues:
        pending.append(cue)
        if cue.text.strip():
            groups.append(pending)
            pending = []
    if pending:
        if groups:
            groups[-1] += pending
        else:
            groups.append(pending)
    starts = [g[0].start for g in groups]
    ends = starts[1:] + [length]
    return [(s, e, " ".join(c.text.strip() for c in g if c.text.strip()), tuple(c.key for c in g))
            for s, e, g in zip(starts, ends, groups)]


def keyframe_times(clip: Path) -> list[float]:
    """Seconds at which the clip's video has a keyframe (read from packets, not decoded)."""
    with av.open(str(clip)) as box:
        stream = box.streams.video[0]
        return [float(p.pts * stream.time_base) for p in box.demux(stream)
                if p.is_keyframe and p.pts is not None]


def _snap(times: Sequence[float], keys: Sequence[float]) -> list[float]:
    """Each time moved back to the keyframe at or before it (within half a millisecond)."""
    return [max((k for k in keys if k <= t + 5e-4), default=0.0) for t in times]


def _on_keyframes(spans, keys: Sequence[float]):
    """The spans with each start moved back to its keyframe; a span whose start has no
    keyframe of its own joins the one before it (its words too). Manim starts a keyframe
    at every animation, so in a rendered scene every beat keeps its own slide."""
    merged: list = []
    for (_, end, note, beats), snapped in zip(spans, _snap([s[0] for s in spans], keys)):
        if merged and snapped <= merged[-1][0]:
            s0, _, n0, b0 = merged[-1]
            merged[-1] = (s0, end, " ".join(t for t in (n0, note) if t), b0 + beats)
        else:
            merged.append((snapped, end, note, beats))
    return merged


def cut_clip(clip: Path, starts: Sequence[float], folder: Path, stem: str,
             keys: Sequence[float] | None = None) -> list[Path]:
    """Cut ``clip`` at ``starts`` (seconds; the first is the clip's start) into
    ``folder/<stem>_NN.mp4``, copying packets: each piece begins at the keyframe at or before
    its start, and its sound is the sound between its start and the next. One pass (two
    without ``keys``, the clip's keyframe times when the caller has them)."""
    folder.mkdir(parents=True, exist_ok=True)
    cuts = _snap(starts, keyframe_times(clip) if keys is None else keys)
    paths = [folder / f"{stem}_{n + 1:02d}.mp4" for n in range(len(cuts))]
    with av.open(str(clip)) as source:
        video = source.streams.video[0]
        audio = source.streams.audio[0] if source.streams.audio else None
        sinks, streams = [], []
        for path in paths:
            sink = av.open(str(path.with_suffix(".tmp.mp4")), "w", format="mp4")
            pair = (sink.add_stream_from_template(video),
                    sink.add_stream_from_template(audio) if audio else None)
            sinks.append(sink)
            streams.append(pair)
        piece, base = -1, None  # the piece being written and its video offset (pts units)
        for packet in source.demux(*(s for s in (video, audio) if s is not None)):
            if packet.dts is None or packet.pts is None:
                continue
            t = float(packet.pts * packet.time_base)
            if packet.stream is video:
                while piece + 1 < len(cuts) and packet.is_keyframe and t >= cuts[piece + 1] - 5e-4:
                    piece, base = piece + 1, packet.pts
                if piece < 0:
                    continue
                packet.pts -= base
                packet.dts -= base
                packet.stream = streams[piece][0]
                sinks[piece].mux(packet)
            else:
                n = sum(1 for c in cuts if c <= t + 5e-4) - 1
                if n < 0:
                    continue
                shift = int(round(cuts[n] / packet.time_base))
                if packet.pts < shift:
                    continue
                packet.pts -= shift
                packet.dts -= shift
                packet.stream = streams[n][1]
                sinks[n].mux(packet)
        for sink in sinks:
            sink.close()
    for path in paths:
        os.replace(path.with_suffix(".tmp.mp4"), path)
    return paths


def scene_slides(build: Path, deck: Path, chapter: str, scene: dict) -> list[Slide]:
    """Cut one built scene (an entry of ``lecture.json``) into its slides in ``deck/clips``."""
    cues = cues_of(record_of(build, scene.get("narration")))
    clip = build / scene["clip"]
    if not cues or not any(c.text.strip() for c in cues):  # a scene that says nothing: one slide
        spans = [(0.0, scene.get("duration") or 0.0, "", ())]
    else:
        spans = slide_spans(cues, scene.get("duration") or cues[-1].end)
    keys = keyframe_times(clip)
    spans = _on_keyframes(spans, keys)
    folder = deck / "clips" / Path(scene["clip"]).parent
    for old in folder.glob(f"{clip.stem}_*.mp4"):  # a scene that now has fewer beats
        old.unlink()
    paths = cut_clip(clip, [s for s, _, _, _ in spans], folder, clip.stem, keys)
    return [Slide(str(p.relative_to(deck).as_posix()), note, beats, chapter, scene["name"])
            for p, (_, _, note, beats) in zip(paths, spans)]


_STYLE = """.reveal section video{width:100%;height:100%;object-fit:contain;margin:0}
.reveal .slides section{height:100%}.reveal h1{font-size:2.2em}.reveal p.meta{color:#555;font-size:.7em}"""


def _deck_html(title: str, chapters: Sequence[tuple[str, str, list[Slide]]]) -> str:
    e = html.escape
    sections = []
    for name, chapter_title, slides in chapters:
        sections.append(f"<section data-chapter='{e(name)}'><h1>{e(chapter_title)}</h1>"
                        f"<p class='meta'>{len(slides)} slides</p></section>")
        for slide in slides:
            sections.append(
                f"<section data-beats='{e(' '.join(slide.beats))}' data-scene='{e(slide.scene)}'>"
                f"<video data-autoplay playsinline preload='auto' src='{e(slide.clip)}'></video>"
                f"<aside class='notes'>{e(slide.note)}</aside></section>")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(title)}</title>
<link rel="stylesheet" href="reveal/dist/reset.css">
<link rel="stylesheet" href="reveal/dist/reveal.css">
<link rel="stylesheet" href="reveal/dist/theme/white.css">
<style>{_STYLE}</style>
</head><body>
<div class="reveal"><div class="slides">
{chr(10).join(sections)}
</div></div>
<script src="reveal/dist/reveal.js"></script>
<script src="reveal/dist/plugin/notes.js"></script>
<script>
Reveal.initialize({{width: 1280, height: 720, margin: 0, controls: true, progress: true,
  slideNumber: 'c/t', hash: true, autoPlayMedia: true, transition: 'none',
  plugins: [RevealNotes]}});
</script>
</body></html>
"""


def lecture_slides(build: Path, folder: Path, only: Sequence[str] = ()) -> list[tuple[str, str, list[Slide]]]:
    """(chapter name, title, its slides) for every built chapter of the lecture build in
    ``build`` (``lecture.json``), each beat cut into ``folder/clips``. ``only``: chapter
    names or ``chapter.Scene`` keys (everything built when empty)."""
    build, folder = Path(build), Path(folder)
    summary = json.loads((build / "lecture.json").read_text(encoding="utf-8"))
    chosen = []
    for chapter in summary.get("chapters", []):
        slides = []
        for scene in chapter.get("scenes", []):
            key = f"{chapter['name']}.{scene['name']}"
            if only and chapter["name"] not in only and key not in only:
                continue
            if not scene.get("clip") or scene.get("failed") or not (build / scene["clip"]).exists():
                continue
            slides += scene_slides(build, folder, chapter["name"], scene)
        if slides:
            chosen.append((chapter["name"], chapter.get("title", chapter["name"]), slides))
    return chosen


def write_deck(build: Path, deck: Path, only: Sequence[str] = ()) -> list[Slide]:
    """The reveal.js deck of the lecture build in ``build`` in ``deck``: ``index.html``,
    ``reveal/`` and ``clips/`` (see :func:`lecture_slides`). Returns the slides, in order."""
    deck = Path(deck)
    deck.mkdir(parents=True, exist_ok=True)
    reveal.copy_into(deck)
    if not only:  # the whole lecture: no clip of a scene that is gone stays behind
        shutil.rmtree(deck / "clips", ignore_errors=True)
    chosen = lecture_slides(build, deck, only)
    page = deck / "index.html"
    write_text(page, _deck_html("Neural networks, animated: slides", chosen))
    return [slide for _, _, slides in chosen for slide in slides]
