"""Held frames written once (scenes.common.encoding): the clip shows the same picture at
every moment as manim's own encoder makes it show, lasts as long, and keeps its sound in
step; far fewer frames are encoded."""

from __future__ import annotations

import importlib
import wave
from fractions import Fraction

import av
import numpy as np
import pytest
from manim import BLUE, RED, Circle, FadeIn, Scene, Square, ValueTracker, tempconfig
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.scene_file_writer import SceneFileWriter

from app.render import render_fit
from nnmath.fit import fit
from scenes.common import beats, encoding

FPS = 10
SIZE = (160, 90)
LOSSLESS = {"crf": "0", "preset": "ultrafast"}  # no lookahead, no B-frames
#: lossless with B-frames (which the holding encoder turns off) and a 10-frame lookahead
LOSSLESS_VERYFAST = {"crf": "0", "preset": "veryfast"}


def shown_at(path, times):
    """The RGB picture the clip shows at each of ``times`` (s), and the clip's length."""
    with av.open(str(path)) as box:
        stream = box.streams.video[0]
        frames = [(float(f.pts * stream.time_base), f.to_ndarray(format="rgb24"))
                  for f in box.decode(stream)]
        seconds = float(stream.duration * stream.time_base)
    pictures = [[p for start, p in frames if start <= t + 1e-9][-1] for t in times]
    return pictures, seconds, len(frames)


def spec(options: dict[str, str]) -> VideoEncoderSpec:
    return VideoEncoderSpec("mp4", "libx264", "yuv420p", 64, 48, Fraction(FPS),
                            tuple(sorted(options.items())))


def picture(value: int) -> np.ndarray:
    frame = np.full((48, 64, 4), 255, dtype=np.uint8)
    frame[8:40, 8:56, :3] = value
    return frame


# ultrafast looks no frame ahead: one copy per run; medium looks 40 ahead: 41 of each hold,
# and both of the two equal frames (a run shorter than that is stored whole). Medium at a
# lossy CRF uses B-frames unless the encoder turns them off (lossless x264 uses none).
@pytest.mark.parametrize("options,stored", [(LOSSLESS, 5), ({"crf": "18"}, 1 + 41 + 2 + 1 + 41)])
def test_a_run_of_equal_frames_is_stored_once_per_lookahead_and_shown_for_its_length(
        tmp_path, options, stored):
    target = tmp_path / "segment.mp4"
    encoder = encoding.HoldingEncoder(target=target, spec=spec(options))
    # one frame, a hold of 60 (manim's static wait), two equal frames sent apart, one
    # more, and a hold of 100 ending the segment (where a B-frame would have cut it short)
    encoder.write_frame(picture(0))
    encoder.write_frame(picture(80), repeat=60)
    encoder.write_frame(picture(160))
    encoder.write_frame(picture(160))
    encoder.write_frame(picture(240))
    encoder.write_frame(picture(40), repeat=100)
    encoder.finish()
    times = [0.0, 0.1, 3.0, 6.05, 6.1, 6.2, 6.35, 6.45, 9.0, 16.35]
    expected = [0, 80, 80, 80, 160, 160, 240, 40, 40, 40]
    pictures, seconds, frames = shown_at(target, times)
    assert seconds == pytest.approx(164 / FPS)
    assert frames == encoder.frames_encoded == stored
    for t, value, shown in zip(times, expected, pictures):
        assert abs(int(shown[24, 32, 0]) - value) <= 2, (t, value, shown[24, 32])


class HoldsAndMotion(Scene):
    """A fade, a still hold, a hold with an updater (equal frames one by one), a move, and
    a sound placed after the first hold."""

    sound = None

    def construct(self):
        square = Square(color=BLUE).shift(2 * np.array([-1.0, 0, 0]))
        self.play(FadeIn(square), run_time=0.5)
        self.wait(4.0)
        if self.sound:
            self.add_sound(self.sound)
        tracker = ValueTracker(0)
        dot = Circle(radius=0.3, color=RED).add_updater(lambda m: m.move_to(
            [tracker.get_value(), 0, 0]))
        self.add(dot)
        self.wait(3.0)  # the updater makes this wait draw every frame; none of them changes
        self.play(tracker.animate.set_value(3), run_time=1.0)
        self.wait(3.0)  # the clip ends on a hold


def render(tmp_path, holding: bool, monkeypatch, sound=None):
    if not holding:
        monkeypatch.setattr(SceneFileWriter, "_create_segment_encoder",
                            encoding._manim_segment_encoder)
    monkeypatch.setattr(HoldsAndMotion, "sound", sound)
    with tempconfig({"media_dir": str(tmp_path), "pixel_width": SIZE[0],
                     "pixel_height": SIZE[1], "frame_rate": FPS, "disable_caching": True,
                     "progress_bar": "none", "verbosity": "ERROR", "write_to_movie": True,
                     "video_encoder_options": LOSSLESS_VERYFAST}):
        scene = HoldsAndMotion()
        scene.render()
        return scene.renderer.file_writer.movie_file_path, scene.renderer.time


def test_a_lecture_scene_and_the_fit_video_render_with_the_holding_encoder(
        tmp_path, monkeypatch):
    manims = encoding._manim_segment_encoder
    monkeypatch.setattr(SceneFileWriter, "_create_segment_encoder", manims)
    importlib.reload(beats)  # what a chapter's import of its beats does in a fresh process
    assert encoding.installed()
    monkeypatch.setattr(SceneFileWriter, "_create_segment_encoder", manims)
    monkeypatch.setenv("LECTURE_PACE", "0.1")
    trace = fit([0, 1, 2], [0, 1, 2], max_iterations=20, seed=3)
    render_fit(trace, tmp_path, "l", size=(64, 36))
    assert encoding.installed()


def test_a_scene_looks_the_same_at_every_moment_and_lasts_as_long(tmp_path, monkeypatch):
    ours, played = render(tmp_path / "ours", True, monkeypatch)
    manims, _ = render(tmp_path / "manim", False, monkeypatch)
    times = [t / (2 * FPS) + 0.01 for t in range(int(played * 2 * FPS))]
    mine, seconds, stored = shown_at(ours, times)
    theirs, their_seconds, their_frames = shown_at(manims, times)
    assert seconds == pytest.approx(their_seconds) == pytest.approx(played, abs=1 / FPS)
    assert their_frames == round(played * FPS)
    # each hold is kept as x264's lookahead of copies (here 10, plus one): fewer frames
    # than half the clip's
    assert stored < their_frames / 2
    for t, a, b in zip(times, mine, theirs):
        assert np.array_equal(a, b), t  # lossless: the same picture, pixel for pixel


def tone_wav(path, seconds=0.5, rate=22050):
    t = np.arange(int(seconds * rate)) / rate
    samples = (np.sin(2 * np.pi * 440 * t) * 20000).astype(np.int16)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path


def sound_starts(path) -> float:
    """Seconds into the clip at which its sound is first louder than a whisper."""
    with av.open(str(path)) as box:
        stream = box.streams.audio[0]
        for frame in box.decode(stream):
            samples = np.abs(frame.to_ndarray()).max(axis=0)
            loud = np.nonzero(samples > 0.05 * (32767 if samples.dtype.kind == "i" else 1))[0]
            if len(loud):
                return float(frame.pts * stream.time_base) + loud[0] / frame.sample_rate
    raise AssertionError("the clip is silent")


def test_the_sound_stays_in_step_with_the_picture(tmp_path, monkeypatch):
    wav = tone_wav(tmp_path / "tone.wav")
    ours, _ = render(tmp_path / "ours", True, monkeypatch, sound=str(wav))
    manims, _ = render(tmp_path / "manim", False, monkeypatch, sound=str(wav))
    assert sound_starts(ours) == pytest.approx(4.5, abs=0.03)
    assert sound_starts(ours) == pytest.approx(sound_starts(manims), abs=0.005)
    with av.open(str(ours)) as box, av.open(str(manims)) as theirs:
        assert box.duration == pytest.approx(theirs.duration, rel=0.01)
