"""Video work with PyAV (installed with manim; no ffmpeg program needed): a clip's duration,
its last frame as a still, and clips joined into one video with chapter marks, without
re-encoding (the packets are copied, their timestamps shifted)."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path
from typing import Sequence

import av

__all__ = ["duration", "last_frame_png", "concatenate", "chapters_of"]


def duration(path: Path) -> float:
    """Seconds of video in the clip at ``path``."""
    with av.open(str(path)) as box:
        stream = box.streams.video[0]
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        return float(box.duration or 0) / av.time_base


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


def concatenate(clips: Sequence[Path], out: Path, marks: Sequence[tuple[int, str]] = ()) -> float:
    """Join ``clips`` (same codec, size and frame rate) into ``out`` and mark chapters.

    ``marks``: (index of the clip that opens the chapter, chapter title), in order; each
    chapter runs to the next mark (the last to the end). Returns the total seconds.
    """
    if not clips:
        raise ValueError("no clips to join")
    tmp = Path(out).with_suffix(".tmp.mp4")
    starts = []
    with av.open(str(tmp), "w", format="mp4") as sink:
        target = None
        offset = 0  # in the output stream's time base
        for clip in clips:
            starts.append(offset)
            with av.open(str(clip)) as source:
                stream = source.streams.video[0]
                if target is None:
                    target = sink.add_stream_from_template(stream)
                    base = stream.time_base
                end = offset
                for packet in source.demux(stream):
                    if packet.dts is None:
                        continue
                    scale = stream.time_base / base
                    length = int((packet.duration or 0) * scale)
                    packet.pts = offset + int(packet.pts * scale)
                    packet.dts = offset + int(packet.dts * scale)
                    packet.stream = target
                    end = max(end, packet.pts + length)
                    sink.mux(packet)
                offset = end
        total = offset
        chapters = []
        for n, (index, title) in enumerate(marks):
            stop = starts[marks[n + 1][0]] if n + 1 < len(marks) else total
            chapters.append({"id": n + 1, "start": starts[index], "end": stop,
                             "time_base": Fraction(base), "metadata": {"title": title}})
        if chapters:
            sink.set_chapters(chapters)
    os.replace(tmp, out)
    return float(total * base)


def chapters_of(path: Path) -> list[tuple[float, float, str]]:
    """(start seconds, end seconds, title) of each chapter mark in a video."""
    with av.open(str(path)) as box:
        return [(float(c["start"] * c["time_base"]), float(c["end"] * c["time_base"]),
                 c["metadata"].get("title", "")) for c in box.chapters()]
