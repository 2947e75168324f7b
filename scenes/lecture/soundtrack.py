"""The joined lecture's audio stream, laid clip by clip so that sound and picture stay together.

Each clip's audio starts where its video starts and fills exactly its video's length: its
packets are copied (re-encoded only when their format differs from the first clip's
audio), packets beyond the clip's video are dropped, and the rest of the clip is filled
with silent frames. A clip without audio is silence all through. The stream is therefore
continuous, and each clip's sound starts within half a frame (about 11 ms at 48 kHz) of its
picture however many clips came before; an AAC encoder's start-up frame adds about 21 ms
more, as it does in the clip itself.
"""

from __future__ import annotations

from fractions import Fraction

import av

__all__ = ["Soundtrack", "audio_format"]


def audio_format(stream) -> tuple[str, int, int]:
    """(codec, sample rate, channels) of an audio stream: packets of streams with the same
    format can be copied into one another."""
    ctx = stream.codec_context
    return ctx.name, ctx.sample_rate, ctx.layout.nb_channels


def _encoder(codec: str, rate: int, layout: str) -> av.CodecContext:
    """An open audio encoder for ``codec`` at ``rate`` Hz in ``layout``."""
    enc = av.CodecContext.create(codec, "w")
    enc.sample_rate, enc.layout = rate, layout
    enc.format = enc.codec.audio_formats[0].name
    enc.time_base = Fraction(1, rate)
    enc.open()
    return enc


def _samples(packet, rate: int, frame_size: int) -> int:
    """Samples of sound a decoder makes of ``packet``: the codec's frame size when it has
    one (an AAC packet decodes to 1024 samples whatever the container says its duration
    is), else the packet's duration at ``rate`` Hz."""
    if frame_size:
        return frame_size
    return max(1, round(float((packet.duration or 0) * packet.time_base) * rate))


class Soundtrack:
    """The audio stream of ``sink``, in the format of the audio stream ``template``.

    For each clip: :meth:`begin` (where its video starts and ends, its audio stream or
    None), :meth:`feed` for each of its audio packets, :meth:`end` (where its video
    really ended). Positions are counted in samples from the start of the lecture.
    """

    def __init__(self, sink, template) -> None:
        self.stream = sink.add_stream_from_template(template)
        self.format = audio_format(template)
        ctx = template.codec_context
        self.codec, self.rate, self.layout = ctx.name, ctx.sample_rate, ctx.layout.name
        self.frame = ctx.frame_size or 0  # samples per packet (0: packets vary, as PCM's)
        self.base = Fraction(1, self.rate)
        self.sink = sink
        self.cursor = 0  # samples laid so far
        self._start = self._stop = 0  # the clip's video, in samples
        self._silence: tuple[bytes, int] | None = None
        self._encoder = self._resampler = None

    def begin(self, start: float, end: float, source) -> None:
        """A clip whose video runs from ``start`` to about ``end`` seconds into the lecture,
        with the audio stream ``source`` (None: a silent clip)."""
        self._fill(round(start * self.rate))
        self._start, self._stop = round(start * self.rate), round(end * self.rate)
        if source is not None and audio_format(source) != self.format:
            self._encoder = _encoder(self.codec, self.rate, self.layout)
            self._resampler = av.AudioResampler(format=self._encoder.format.name, layout=self.layout,
                                                rate=self.rate, frame_size=self._encoder.frame_size or 1024)

    def feed(self, packet) -> None:
        """One packet of the clip's audio stream."""
        if packet.dts is None:
            return
        if self._encoder is None:
            want = self._start + round(float(packet.pts * packet.time_base) * self.rate)
            self._fill(min(want, self._stop))  # a gap in the clip's sound
            self._lay(bytes(packet), _samples(packet, self.rate, self.frame))
            return
        for frame in packet.decode():
            for part in self._resampler.resample(frame):
                self._encode(part)

    def end(self, end: float) -> None:
        """The clip's video ended at ``end`` seconds: flush, then silence up to there."""
        self._stop = round(end * self.rate)
        if self._encoder is not None:
            for part in self._resampler.resample(None):
                self._encode(part)
            for out in self._encoder.encode(None):
                self._lay(bytes(out), _samples(out, self.rate, self.frame))
            self._encoder = self._resampler = None
        self._fill(self._stop)

    def _encode(self, frame) -> None:
        frame.pts, frame.time_base = None, self.base
        for out in self._encoder.encode(frame):
            self._lay(bytes(out), _samples(out, self.rate, self.frame))

    def _lay(self, data: bytes, samples: int, limit: int | None = None) -> None:
        """Put one packet of ``samples`` samples at the cursor, unless it would start after
        ``limit`` (default: the end of the clip's video)."""
        if self.cursor + samples // 2 >= (self._stop if limit is None else limit):
            return
        packet = av.Packet(data)
        packet.stream, packet.time_base = self.stream, self.base
        packet.pts = packet.dts = self.cursor
        packet.duration = samples
        packet.is_keyframe = True
        self.sink.mux(packet)
        self.cursor += samples

    def _fill(self, until: int) -> None:
        """Silent packets from the cursor to within half a packet of ``until``."""
        data, samples = self._silent_packet()
        while until - self.cursor > samples // 2:
            self._lay(data, samples, limit=until)

    def _silent_packet(self) -> tuple[bytes, int]:
        """One packet of silence in the stream's format (encoded once, laid many times)."""
        if self._silence is None:
            enc = _encoder(self.codec, self.rate, self.layout)
            size = enc.frame_size or 1024
            packets = []
            for n in range(4):
                frame = av.AudioFrame(format=enc.format.name, layout=self.layout, samples=size)
                for plane in frame.planes:
                    plane.update(bytes(plane.buffer_size))
                frame.sample_rate, frame.pts, frame.time_base = self.rate, n * size, self.base
                packets += enc.encode(frame)
            packets += enc.encode(None)
            last = packets[len(packets) // 2]  # past the encoder's start-up frame
            self._silence = (bytes(last), size)
        return self._silence
