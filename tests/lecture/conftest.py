"""A tiny repository to build: chapter files, a shared helper and an nnmath module; tiny
clips (with or without sound) and a renderer that fakes manim's output, narration included.

Every test here runs with LECTURE_VOICE=none unless it names a voice, so the results do
not depend on which speech engines are installed."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

import av
import numpy as np
import pytest

SCENE = '''"""Chapter: {title}. A tiny chapter for the build tests."""

from manim import Circle, Create, Scene, Square


class {first}(Scene):
    """A circle is drawn."""

    def construct(self):
        self.play(Create(Circle(color="#1F6FD1")), run_time=0.6)


class Helper:
    """Not a scene."""


class {second}(Scene):
    """A square is drawn.

    More text that is not part of the description."""

    def construct(self):
        self.play(Create(Square(color="#D62728")), run_time=0.6)
'''


def write_chapter(root: Path, name: str, first: str, second: str | None = None, title: str = "") -> Path:
    """scenes/<name>.py with one or two tiny scenes."""
    text = SCENE.format(title=title or name, first=first, second=second or first + "Two")
    if second is None:  # only the first scene
        text = text.split("\n\nclass Helper")[0] + "\n"
    path = root / "scenes" / f"{name}.py"
    path.write_text(text)
    return path


@pytest.fixture(autouse=True)
def no_voice(monkeypatch):
    """No voice unless a test names one; no voice cache in the repository's media folder."""
    monkeypatch.setenv("LECTURE_VOICE", "none")
    monkeypatch.delenv("LECTURE_VOICE_CACHE", raising=False)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository with two chapters (relu before neurons alphabetically, after it in the
    lecture), an unknown chapter, scenes/common and nnmath."""
    root = tmp_path / "repo"
    (root / "scenes" / "common").mkdir(parents=True)
    (root / "nnmath").mkdir()
    (root / "scenes" / "__init__.py").write_text("")
    (root / "scenes" / "common" / "style.py").write_text("BLUE = '#1F6FD1'\n")
    (root / "nnmath" / "core.py").write_text("X = 1\n")
    write_chapter(root, "relu", "ReluA", "ReluB")
    write_chapter(root, "neurons", "NeuronA", "NeuronB")
    write_chapter(root, "appendix", "Extra")
    return root


def tiny_clip(path: Path, seconds: float = 1.0, fps: int = 5, colour=(255, 255, 255),
              sound: tuple[int, str, float, float] | None = None,
              sound_seconds: float | None = None, gop: int | None = None) -> Path:
    """A real H.264 MP4 of a plain frame, small and quick, encoded with PyAV. ``sound``
    (rate, layout, start, length): an AAC track as long as the video (or ``sound_seconds``),
    silent but for a tone from ``start`` for ``length`` seconds. ``gop``: a keyframe every
    ``gop`` frames (as manim starts one at every animation)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as box:
        stream = box.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 64, 36, "yuv420p"
        if gop:
            stream.codec_context.gop_size = gop
            stream.options = {"keyint_min": str(gop), "sc_threshold": "0"}
        audio = None
        if sound is not None:
            audio = box.add_stream("aac", rate=sound[0])
            audio.layout = sound[1]
        image = np.zeros((36, 64, 3), dtype=np.uint8) + np.array(colour, dtype=np.uint8)
        for _ in range(int(seconds * fps)):
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                box.mux(packet)
        for packet in stream.encode():
            box.mux(packet)
        if audio is not None:
            rate, layout, start, length = sound
            wave = np.zeros(int((sound_seconds or seconds) * rate), dtype=np.float32)
            at = int(start * rate)
            wave[at:at + int(length * rate)] = 0.5 * np.sin(np.arange(int(length * rate)) * 0.2)
            channels = av.AudioLayout(layout).nb_channels
            for k in range(0, wave.size, 1024):
                frame = av.AudioFrame.from_ndarray(np.tile(wave[k:k + 1024], (channels, 1)),
                                                   format="fltp", layout=layout)
                frame.sample_rate, frame.pts = rate, k
                box.mux(audio.encode(frame))
            box.mux(audio.encode())
    return path


def onsets(path: Path, threshold: float = 0.1) -> list[float]:
    """Seconds at which each tone in the audio of ``path`` begins (decoded)."""
    with av.open(str(path)) as box:
        rate = box.streams.audio[0].sample_rate
        samples = np.concatenate([f.to_ndarray()[0] for f in box.decode(audio=0)])
    loud = np.nonzero(np.abs(samples) > threshold)[0]
    if loud.size == 0:
        return []
    starts = [loud[0]] + [loud[i + 1] for i in np.nonzero(np.diff(loud) > rate * 0.2)[0]]
    return [s / rate for s in starts]


def narrated_renderer(out_dir: Path, calls: list, said: dict | None = None,
                      voiced: set = frozenset(), missing: dict | None = None):
    """A renderer that writes what manim and the beats would: in a work folder, a tiny clip
    (with sound for the keys in ``voiced``), and for the keys in ``said`` ({key: [sentence
    or "" for a transition]}) its ``.srt``, ``.vtt`` and ``.narration.json``; then files
    them in ``out_dir`` as the real renderer does. ``missing``: {key: [beat ids]}."""
    from scenes.common.captions import Cue, sidecar_paths, srt_text, vtt_text
    from scenes.lecture import media, sidecars
    from scenes.lecture.run import Result

    said, missing = said or {}, missing or {}

    def render(job):
        calls.append(job.key)
        work = out_dir / ".work" / job.key
        seconds = 1.0 + 0.5 * len(said.get(job.key, []))
        video = tiny_clip(work / f"{job.scene.name}.mp4", seconds=seconds, fps=10, gop=5,
                          sound=(48000, "stereo", 0.2, 0.3) if job.key in voiced else None)
        paths = sidecar_paths(video)
        for p in paths.values():
            p.unlink(missing_ok=True)
        if job.key in said:
            cues = [Cue(f"{job.scene.name}_{n:02d}", text, 0.5 * (n - 1), 0.5 * n, 0.4,
                        "captions" if text else "") for n, text in enumerate(said[job.key], 1)]
            if any(c.text for c in cues):
                paths["srt"].write_text(srt_text(cues))
            paths["vtt"].write_text(vtt_text(cues))
            paths["narration"].write_text(json.dumps({
                "scene": job.scene.name, "voice": "flite" if job.key in voiced else "none",
                "missing_recordings": missing.get(job.key, []),
                "beats": [asdict(c) for c in cues]}))
        clip = out_dir / job.clip
        clip.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(video, clip)
        sidecars.file_beside(video, clip)
        media.last_frame_png(clip, out_dir / job.still)
        return Result(job, True, duration=media.duration(clip), seconds=0.01)

    return render
