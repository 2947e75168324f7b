"""Both narrated videos of a person's own fit (classes and images) speak with the lecture's
voice in force: the frames planned with the voice's clips are the frames written, the video
has a sound track as long as its picture, its captions fall inside it, and the clips are
cached where render.voice_cache says. The voice here is a teacher's recordings (tiny tones,
one per beat), so no engine runs."""

import os
import wave

import av
import numpy as np
import pytest

import nnmath
from app import classes_scene, images_scene
from app.render import CAPTIONS_NAME, VOICE_CACHE_ENV, voice_cache
from app.render_classes import render_classes
from app.render_images import render_images
from scenes.common.voice import resolve
from scenes.lecture.media import audio_duration, duration
from tests.nnmath.classes_trace import learned

FPS = 15
ROW = 4
CLIP_RATE = 22050  # not the voice's rate: each clip is converted once into the cache


def recordings(folder, scene_name: str, beats: int = 12):
    """A tone of 1.2 s, 1.4 s, ... for beats 1 to ``beats`` of ``scene_name``."""
    folder.mkdir()
    for k in range(1, beats + 1):
        t = np.arange(int(CLIP_RATE * (1.0 + 0.2 * k))) / CLIP_RATE
        with wave.open(str(folder / f"{scene_name}_{k:02d}.wav"), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(CLIP_RATE)
            w.writeframes((np.sin(2 * np.pi * 440 * t) * 8000).astype("<i2").tobytes())
    return folder


def images_video():
    trace = nnmath.build("cnn-x-vs-o")
    return (images_scene.SCENE_NAME, lambda folder, progress, tex_dir: render_images(
        trace, folder, "l", progress, size=(192, 108), tex_dir=tex_dir),
        lambda voice: images_scene.planned_frames(trace, FPS, voice))


def classes_video():
    trace = learned()
    return (classes_scene.SCENE_NAME, lambda folder, progress, tex_dir: render_classes(
        trace, folder, "l", progress, row=ROW, size=(192, 108), tex_dir=tex_dir),
        lambda voice: classes_scene.planned_frames(trace, ROW, FPS, voice))


def cue_times(vtt: str) -> list[tuple[float, float]]:
    def seconds(stamp: str) -> float:
        h, m, s = stamp.strip().split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)
    return [tuple(seconds(part) for part in line.split("-->")) for line in vtt.splitlines() if "-->" in line]


@pytest.mark.parametrize("video, cached", [(images_video, True), (classes_video, False)])
def test_a_voiced_render_writes_the_planned_frames_with_its_sound(tmp_path, monkeypatch, video, cached):
    scene_name, render, planned = video()
    monkeypatch.setenv("LECTURE_PACE", "0.1")
    monkeypatch.setenv("LECTURE_VOICE", f"recordings:{recordings(tmp_path / 'takes', scene_name)}")
    monkeypatch.delenv(VOICE_CACHE_ENV, raising=False)
    out, tex = tmp_path / "out", tmp_path / "tex"
    out.mkdir()
    seen = []
    result = render(out, lambda done, total: seen.append((done, total)), tex if cached else None)

    monkeypatch.setenv(VOICE_CACHE_ENV, str(tmp_path / "plan-cache"))
    total = planned(resolve())
    assert result.frames == total and seen[-1] == (total, total)
    assert total > planned(resolve("none"))  # the clips, not reading time, set the pace
    length = duration(result.video)
    assert length == pytest.approx(total / FPS, abs=1.5 / FPS)
    assert audio_duration(result.video) == pytest.approx(length, abs=1 / FPS)
    with av.open(str(result.video)) as box:  # the first beat's clip is heard from the start
        heard = np.concatenate([f.to_ndarray().ravel() for f, _ in zip(box.decode(audio=0), range(10))])
    assert np.sqrt(np.mean(heard.astype(float) ** 2)) > 0.01
    cues = cue_times((out / CAPTIONS_NAME).read_text())
    assert len(cues) >= 6 and all(0 <= start < end <= length + 1e-3 for start, end in cues)
    assert all(end <= after + 1e-3 for (_, end), (after, _) in zip(cues, cues[1:]))  # in turn
    assert sorted(p.name for p in out.iterdir()) == ["fit.mp4", "fit.vtt", "trace.csv", "trace.json"]
    if cached:  # the converted clips stay beside the LaTeX snippets for the next render
        assert len(list((tmp_path / "tex-voice").glob("recording-*.wav"))) >= 6
        # nothing of the voice inside the LaTeX folder: manim empties it of all but its snippets
        assert not tex.exists() or not [p for p in tex.iterdir() if p.is_dir()]


def test_the_voice_cache_is_the_set_folder_else_tex_dir_else_a_scratch_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(VOICE_CACHE_ENV, raising=False)
    with voice_cache(tmp_path, tmp_path / "tex") as env:
        assert env == {VOICE_CACHE_ENV: str(tmp_path / "tex-voice")}
    with voice_cache(tmp_path, None) as env:
        scratch = env[VOICE_CACHE_ENV]
        assert os.path.isdir(scratch) and os.path.dirname(scratch) == str(tmp_path)
    assert not os.path.exists(scratch)
    monkeypatch.setenv(VOICE_CACHE_ENV, str(tmp_path / "mine"))
    with voice_cache(tmp_path, tmp_path / "tex") as env:
        assert env == {}


@pytest.mark.parametrize("render", [
    lambda folder: render_images(nnmath.build("cnn-x-vs-o"), folder),
    lambda folder: render_classes(learned(), folder, row=ROW)])
def test_a_voice_that_cannot_speak_is_one_sentence_before_any_frame(tmp_path, monkeypatch, render):
    monkeypatch.setenv("LECTURE_VOICE", "shakespeare")
    with pytest.raises(nnmath.NNMathError) as err:
        render(tmp_path)
    message = str(err.value)
    assert message.startswith("lecture voice: LECTURE_VOICE=shakespeare is not a voice") and "\n" not in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trace.csv", "trace.json"]
