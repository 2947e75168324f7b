"""Video work with PyAV (installed with manim; no ffmpeg program needed): a clip's duration,
whether it has sound, its last frame as a still, and clips joined into one video with
chapter marks, without re-encoding the picture (the packets are copied, their timestamps
shifted). The sound of the joined video is laid by :class:`~.soundtrack.Soundtrack`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Sequence

import av

from .soundtrack import Soundtrack, audio_format

__all__ = ["duration", "has_audio", "audio_duration", "last_frame_png", "Joined", "concatenate",
           "chapters_of"]


def duration(path: Path) -> float:
    """Seconds of video in the clip at ``path``."""
    with av.open(str(path)) as box:
        stream = box.streams.video[0]
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        return float(box.duration or 0) / av.time_base


def has_audio(path: Path) -> bool:
    """True when the file at ``path`` has an audio stream."""
    with av.open(str(path)) as box:
        return bool(box.streams.audio)


def audio_duration(path: Path) -> float:
    """Seconds of sound in the file at ``path`` (0.0 without an audio stream): the stream's
    own duration, or where its last packet ends when the container does not say."""
    with av.open(str(path)) as box:
        if not box.streams.audio:
            return 0.0
        stream = box.streams.audio[0]
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        ends = [float((p.pts + (p.duration or 0)) * p.time_base)
                for p in box.demux(stream) if p.pts is not None]
        return max(ends, default=0.0)


def last_frame_png(path: Path, png: Path) -> None:
    """Save the clip's last frame as a PNG (the still shown in the index). Decoding starts
    at the keyframe before the last second, not at the start of the clip (a 30 s clip at
    1080p60 is 1,800 frames)."""
    last = None
    with av.open(str(path)) as box:
        stream = box.streams.video[0]
        if stream.duration and stream.time_base:
            box.seek(max(0, stream.duration - int(1 / stream.time_base)), stream=stream,
                     backward=True, any_frame=False)
        for frame in box.decode(video=0):
            last = frame
    if last is None:  # the seek found nothing to decode: read the clip from the start
        with av.open(str(path)) as box:
            for frame in box.decode(video=0):
                last = frame
    if last is None:
        raise ValueError(f"{path} holds no video frames")
    tmp = Path(png).with_suffix(".tmp.png")
    last.to_image().save(tmp)
    os.replace(tmp, png)


@dataclass(frozen=True)
class Joined:
    """A joined video: its length, where each clip starts in it (seconds), and its sound:
    ``"none"`` (no clip had any), ``"copied"`` (every clip's sound copied, each padded with silence
    to its picture's length) or ``"mixed"`` (some clips silent or their sound re-encoded)."""

    seconds: float
    starts: tuple[float, ...]
    audio: str


def _audio_template(clips: Sequence[Path]) -> tuple[Path | None, bool]:
    """(the first clip that has sound or None, whether every clip's sound can be copied)."""
    first, formats = None, set()
    for clip in clips:
        with av.open(str(clip)) as box:
            if box.streams.audio:
                first = first or clip
                formats.add(audio_format(box.streams.audio[0]))
            else:
                formats.add(None)
    return first, len(formats) == 1


def _join_clip(sink, source, target, base: Fraction, offset: int, sound: Soundtrack | None) -> int:
    """Copy the picture of the open clip ``source`` into the stream ``target`` from ``offset``
    (in ``base`` units) and lay its sound; returns where its picture ends."""
    stream = source.streams.video[0]
    audio = source.streams.audio[0] if source.streams.audio else None
    if sound is not None:
        seconds = stream.duration * stream.time_base if stream.duration else 1e9
        sound.begin(float(offset * base), float(offset * base + seconds), audio)
    end = offset
    scale = stream.time_base / base
    for packet in source.demux(*(s for s in (stream, audio) if s is not None)):
        if packet.dts is None:
            continue
        if packet.stream.type == "audio":
            sound.feed(packet)
            continue
        length = int((packet.duration or 0) * scale)
        packet.pts = offset + int(packet.pts * scale)
        packet.dts = offset + int(packet.dts * scale)
        packet.stream, packet.time_base = target, base
        end = max(end, packet.pts + length)
        sink.mux(packet)
    if sound is not None:
        sound.end(float(end * base))
    return end


def concatenate(clips: Sequence[Path], out: Path, marks: Sequence[tuple[int, str]] = ()) -> Joined:
    """Join ``clips`` (same video codec, size and frame rate) into ``out`` and mark chapters.

    The picture's packets are copied. When any clip has sound, the joined video has one
    audio stream in the format of the first clip's sound, each clip's sound starting where
    its picture starts and silence where a clip has none. ``marks``: (index of the clip
    that opens the chapter, chapter title), in order; each chapter runs to the next mark
    (the last to the end).
    """
    if not clips:
        raise ValueError("no clips to join")
    tmp = Path(out).with_suffix(".tmp.mp4")
    first_sound, copied = _audio_template(clips)
    starts = []
    with av.open(str(tmp), "w", format="mp4") as sink:
        target = sound = None
        offset = 0  # in the output video stream's time base
        for clip in clips:
            starts.append(offset)
            with av.open(str(clip)) as source:
                if target is None:
                    target = sink.add_stream_from_template(source.streams.video[0])
                    base = source.streams.video[0].time_base
                    if first_sound is not None:
                        with av.open(str(first_sound)) as ref:
                            sound = Soundtrack(sink, ref.streams.audio[0])
                offset = _join_clip(sink, source, target, base, offset, sound)
        chapters = []
        for n, (index, title) in enumerate(marks):
            stop = starts[marks[n + 1][0]] if n + 1 < len(marks) else offset
            chapters.append({"id": n + 1, "start": starts[index], "end": stop,
                             "time_base": Fraction(base), "metadata": {"title": title}})
        if chapters:
            sink.set_chapters(chapters)
    os.replace(tmp, out)
    return Joined(float(offset * base), tuple(float(s * base) for s in starts),
                  "none" if first_sound is None else "copied" if copied else "mixed")


def chapters_of(path: Path) -> list[tuple[float, float, str]]:
    """(start seconds, end seconds, title) of each chapter mark in a video."""
    with av.open(str(path)) as box:
        return [(float(c["start"] * c["time_base"]), float(c["end"] * c["time_base"]),
                 c["metadata"].get("title", "")) for c in box.chapters()]
