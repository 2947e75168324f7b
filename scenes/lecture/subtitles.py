"""Captions inside the joined lecture video: a soft subtitle track (MP4's ``mov_text``,
which players list under subtitles and switch on and off), written with PyAV's subtitle
encoder while the picture and sound are copied packet by packet (nothing re-encoded).

``read_track`` gives the cues back from a video, so a test or a teacher can check that
the track says what the captions files say, at the same times.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path
from typing import Sequence

import av
from av.subtitles.subtitle import SubtitleSet

from scenes.common.captions import Cue, display_cues

__all__ = ["embed_track", "read_track"]

#: subtitle timestamps in milliseconds, as the captions files write them
_BASE = Fraction(1, 1000)

#: the ASS header FFmpeg's text subtitle encoders read their default style from: the
#: mov_text encoder needs one, and players draw the track in their own style anyway
_HEADER = b"""[Script Info]
ScriptType: v4.00+
PlayResX: 384
PlayResY: 288

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, \
Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, \
Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Sans,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
"""


def _dialogue(n: int, text: str) -> bytes:
    """One cue as the ASS event line the encoder takes (line breaks as ``\\N``)."""
    return f"{n},0,Default,,0,0,0,,{' '.join(text.split())}".encode()


def embed_track(video: Path, cues: Sequence[Cue], language: str = "eng",
                title: str = "English") -> int:
    """Rewrite ``video`` with ``cues`` (times in seconds into it) as its subtitle track,
    replacing any it had; a long sentence is shown in parts, as in the captions files
    (:func:`scenes.common.captions.display_cues`). Picture and sound are copied as they are. Returns the number of
    cues written; with none, the video is left without a subtitle track."""
    video = Path(video)
    spoken = [c for c in display_cues(cues) if c.end > c.start]
    tmp = video.with_name(video.stem + ".subs.tmp" + video.suffix)
    with av.open(str(video)) as source, av.open(str(tmp), "w", format="mp4") as sink:
        kept = [s for s in source.streams if s.type in ("video", "audio")]
        copies = {s.index: sink.add_stream_from_template(s) for s in kept}
        track = None
        if spoken:
            track = sink.add_stream("mov_text")
            track.codec_context.subtitle_header = _HEADER
            track.codec_context.time_base = _BASE
            track.time_base = _BASE
            track.metadata["language"] = language
            track.metadata["title"] = title
            track.disposition = av.stream.Disposition.default
        for packet in source.demux(*kept):
            if packet.dts is None:
                continue
            packet.stream = copies[packet.stream.index]
            sink.mux(packet)
        for n, cue in enumerate(spoken):
            start = round(cue.start * 1000)
            length = max(1, round(cue.end * 1000) - start)
            packet = track.codec_context.encode_subtitle(
                SubtitleSet.create(_dialogue(n, cue.text), 0, length, pts=start * 1000))
            packet.pts = packet.dts = start
            packet.duration = length
            packet.stream = track
            sink.mux(packet)
        chapters = source.chapters()
        if chapters:
            sink.set_chapters(chapters)
    os.replace(tmp, video)
    return len(spoken)


def read_track(video: Path) -> list[tuple[float, float, str]]:
    """(start, end, text) of every cue in the video's first subtitle track; [] without one."""
    found = []
    with av.open(str(video)) as box:
        if not box.streams.subtitles:
            return []
        stream = box.streams.subtitles[0]
        for packet in box.demux(stream):
            if not packet.size or packet.pts is None:
                continue
            subs = stream.decode2(packet)
            text = " ".join(r.dialogue.decode("utf-8") for r in subs or () if hasattr(r, "dialogue"))
            if text:
                start = float(packet.pts * packet.time_base)
                found.append((start, start + float(packet.duration * packet.time_base), text))
    return found
