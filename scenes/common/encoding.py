"""Held frames written once: manim's video segments without re-encoding a still picture.

Manim 0.22 encodes every frame of a clip with libx264, including each of the 60 frames a
second of a ``wait`` in which nothing moves: every copy is converted from RGBA to yuv420p
and compressed again, at the same cost as a moving frame. A narrated scene spends most of
its length holding a picture while its sentence is read, so most of its encoding time went
into frames that repeat the one before.

:func:`install` (called when :mod:`scenes.common.beats` is imported, so every lecture scene
uses it; the page's fit video calls it too) makes manim's writer use
:class:`HoldingEncoder`: a run of equal frames (manim's static ``wait`` passes one frame
with a repeat count; a wait with updaters sends equal frames one at a time) is encoded as
its first few copies, the last of them shown for the rest of the run (its packet gets the
longer duration, the next frame a later timestamp). The picture at every moment is the
same, x264 sees the same frames it decides a picture's quality from, and the clip lasts
as long; only fewer frames are stored. Manim joins the segments by copying packets with
their timestamps and durations, so clip length and sound stay in step
(tests/scenes/test_encoding.py checks all three against manim's own encoder).

x264 runs without B-frames (so that a held frame is decoded last, where its duration
sets the end of its segment); the other settings stay manim's (CRF 23, preset medium) unless the manim
config sets others (``--encoder-option``, or a ``[video_encoder.options]`` section of a
manim.cfg). GIF output keeps manim's own encoder: manim renumbers a GIF's frames one by one.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import av
import numpy as np
from manim import config
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

__all__ = ["LOOKAHEAD", "HoldingEncoder", "install", "installed", "lookahead", "same_picture"]

#: x264 without B-frames: frames are decoded in the order they are shown
NO_BFRAMES = {"bf": "0"}

_ROWS_PER_CHECK = 64  # equal frames are compared a band of rows at a time


def same_picture(a: np.ndarray, b: np.ndarray) -> bool:
    """True when two frames (C-contiguous uint8 arrays of one shape) hold the same pixels.
    Compared band by band, so two different frames usually differ in the first bands."""
    if a is b:
        return True
    if a.shape != b.shape:
        return False
    rows = a.reshape(a.shape[0], -1)
    other = b.reshape(b.shape[0], -1)
    for start in range(0, rows.shape[0], _ROWS_PER_CHECK):
        if not np.array_equal(rows[start:start + _ROWS_PER_CHECK],
                              other[start:start + _ROWS_PER_CHECK]):
            return False
    return True


#: frames x264 looks ahead (``rc-lookahead``) at each preset: how many copies of a held
#: frame it must see to give that frame the quality a constant-rate encode gives it
LOOKAHEAD = {"ultrafast": 0, "superfast": 0, "veryfast": 10, "faster": 20, "fast": 30,
             "medium": 40, "slow": 50, "slower": 60, "veryslow": 60, "placebo": 60}


def lookahead(options: dict[str, str]) -> int:
    """The frames x264 looks ahead with ``options`` (manim's default preset is medium)."""
    if "rc-lookahead" in options:
        return int(options["rc-lookahead"])
    return LOOKAHEAD.get(options.get("preset", "medium"), 40)


class HoldingEncoder(VideoSegmentEncoder):
    """Manim's segment encoder, writing a run of equal frames as a few copies, the last one
    shown for the rest of the run.

    x264 gives a frame more bits when the frames after it repeat it (its macroblock tree
    looks ``rc-lookahead`` frames ahead), so a held picture is sharper than a passing one.
    The first :func:`lookahead` copies (plus one) are therefore still encoded at the frame
    rate: x264 sees what it sees at constant rate and picks the same quality; the frames
    after them repeated nothing it looked at, so only their display time is kept. A frame
    is held until a different one (or the end) says how long the run is; its conversion to
    yuv420p is done once for all its copies."""

    def __init__(self, *, target, spec) -> None:
        options = dict(spec.options)
        if spec.codec == "libx264" and options.get("bf") != "0":
            # a held frame must come last in decoding order, where its packet's duration
            # sets where the segment ends; B-frames would be decoded after it
            spec = replace(spec, options=tuple(sorted({**options, **NO_BFRAMES}.items())))
        super().__init__(target=target, spec=spec)
        self._held: np.ndarray | None = None
        self._held_frames = 0
        self._lengths: dict[Fraction, int] = {}  # start (s) -> frames shown, for the packets
        self._time_base = Fraction(spec.frame_rate.denominator, spec.frame_rate.numerator)
        self.copies = lookahead(dict(spec.options)) + 1
        self.frames_encoded = 0

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        """Take ``repeat`` frames of ``pixels``; equal frames only lengthen the held run."""
        self._validate_frame(pixels, repeat)
        if self._held is not None and same_picture(self._held, pixels):
            self._held_frames += repeat
            return
        self._encode_held()
        self._held, self._held_frames = pixels, repeat

    def _encode_held(self) -> None:
        if self._held is None:
            return
        pixels, frames = self._held, self._held_frames
        self._held = None
        try:
            picture = av.VideoFrame.from_numpy_buffer(pixels, format="rgba").reformat(
                format=self.spec.pixel_format)
            copies = min(frames, self.copies)
            for copy in range(copies):
                shown = 1 if copy < copies - 1 else frames - copies + 1
                picture.pts, picture.time_base = self._next_pts, self._time_base
                self._lengths[self._next_pts * self._time_base] = shown
                self._next_pts += shown
                self.frames_encoded += 1
                for packet in self._stream.encode(picture):
                    self._mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error

    def _mux(self, packet) -> None:
        """Mux ``packet`` lasting as many frame times as its frame is shown."""
        frames = self._lengths.pop(packet.pts * packet.time_base, 1)
        packet.duration = int(frames * self._time_base / packet.time_base)
        self._container.mux(packet)

    def finish(self) -> None:
        """Encode the held run, flush the encoder and close the segment."""
        if self._closed:
            return
        try:
            self._encode_held()
        except BaseException:
            self.abort()
            raise
        self._closed = True
        first_error: Exception | None = None
        try:
            try:
                for packet in self._stream.encode():
                    self._mux(packet)
            except Exception as error:  # noqa: BLE001 - kept, re-raised below (as manim does)
                first_error = error
        finally:
            try:
                self._container.close()
            except Exception as error:  # noqa: BLE001 - kept, re-raised below (as manim does)
                if first_error is None:
                    first_error = error
        if first_error is not None:
            raise self._operation_error("finish", first_error) from first_error


_manim_segment_encoder = SceneFileWriter._create_segment_encoder


def _create_segment_encoder(self: SceneFileWriter, target):
    if self.output_spec.is_gif or self.video_encoder is None:
        return _manim_segment_encoder(self, target)
    return HoldingEncoder(target=target, spec=self.video_encoder)


def installed() -> bool:
    """True when manim's writers use :class:`HoldingEncoder`."""
    return SceneFileWriter._create_segment_encoder is _create_segment_encoder


def install() -> None:
    """Use :class:`HoldingEncoder` for every video segment manim writes from now on (GIFs
    excepted), and say in the config that x264 runs without B-frames (as the encoder
    makes it), so manim's segment cache never joins segments encoded both ways. Safe to
    call again."""
    SceneFileWriter._create_segment_encoder = _create_segment_encoder
    if config.video_codec in ("auto", "libx264") and not config.transparent:
        config.video_encoder_options = {**NO_BFRAMES, **config.video_encoder_options}
