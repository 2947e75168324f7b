"""One real build: two tiny scenes in two chapters rendered by manim at 320x180, 5 fps,
one of them narrated (spoken by espeak-ng when it is installed), joined with chapter marks
and captions; the second build renders nothing."""

import io
import json
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scenes.common.voice import SPECS
from scenes.lecture import media
from scenes.lecture.cli import build
from tests.lecture.conftest import write_chapter

ROOT = Path(__file__).resolve().parents[2]

NARRATED = '''"""Chapter: squares. A narrated chapter for the build test."""

from manim import Create, Scene, Square

from scenes.common.beats import Beat, play_beats
from scenes.common.narration import say


class Squares(Scene):
    """A square is drawn and named."""

    def construct(self):
        play_beats(self, [Beat((Create(Square(color="#D62728")),), 0.6, say=say("A square."))])
'''


def test_real_build_of_two_small_scenes(tmp_path):
    root = tmp_path / "repo"
    (root / "scenes").mkdir(parents=True)
    # manim runs in the repository, so its scenes/ comes first on sys.path: the shared
    # helpers of the narrated chapter must be found there
    (root / "scenes" / "common").symlink_to(ROOT / "scenes" / "common", target_is_directory=True)
    write_chapter(root, "neurons", "Circles")
    (root / "scenes" / "relu.py").write_text(NARRATED)
    (root / "manim.cfg").write_text("[CLI]\nbackground_color = WHITE\n")
    out_dir = tmp_path / "lecture"
    voice = "espeak-ng" if SPECS["espeak-ng"].installed else "none"

    log = io.StringIO()
    code = build(root, out_dir, quality="l", workers=2, resolution="320,180", fps=5, out=log,
                 voice=voice)
    assert code == 0, log.getvalue()
    lines = log.getvalue().splitlines()
    assert sum("rendered" in line for line in lines) == 2
    for clip, still in (("neurons/01_Circles.mp4", "neurons/01_Circles.png"),
                        ("relu/01_Squares.mp4", "relu/01_Squares.png")):
        assert 0.4 < media.duration(out_dir / clip) < 2.5
        image = np.asarray(Image.open(out_dir / still).convert("RGB"))
        assert image.shape == (180, 320, 3)
        assert (image > 240).all(axis=-1).mean() > 0.5  # white background, something drawn
        assert (image < 200).any()
    marks = media.chapters_of(out_dir / "lecture.mp4")
    assert [t for _, _, t in marks] == ["Neurons", "Squares"]
    assert marks[1][0] > 0.4 and abs(marks[1][1] - media.duration(out_dir / "lecture.mp4")) < 0.05
    assert not list((out_dir / "neurons").glob("01_Circles.*[tj]"))  # no .srt/.vtt/.json
    assert (out_dir / "relu" / "01_Squares.srt").read_text().strip().endswith("A square.")
    assert "A square." in (out_dir / "relu" / "01_Squares.vtt").read_text()
    record = json.loads((out_dir / "relu" / "01_Squares.narration.json").read_text())
    assert record["voice"] == voice and record["beats"][0]["key"] == "Squares_01"
    assert media.has_audio(out_dir / "relu" / "01_Squares.mp4") == (voice != "none")
    assert media.has_audio(out_dir / "lecture.mp4") == (voice != "none")
    if voice != "none":
        assert list((out_dir / ".voice").glob("*.wav"))  # the build's own voice cache
        assert media.audio_duration(out_dir / "lecture.mp4") == \
            pytest.approx(media.duration(out_dir / "lecture.mp4"), abs=0.05)
    assert "A square." in (out_dir / "lecture.srt").read_text()
    summary = json.loads((out_dir / "lecture.json").read_text())
    assert [c["name"] for c in summary["chapters"]] == ["neurons", "relu"]
    assert summary["chapters"][0]["scenes"][0]["command"] == "manim -pql scenes/neurons.py Circles"
    page = (out_dir / "index.html").read_text()
    assert "neurons/01_Circles.png" in page and "lecture.mp4" in page

    started = time.monotonic()
    log = io.StringIO()
    assert build(root, out_dir, quality="l", workers=2, resolution="320,180", fps=5, out=log,
                 voice=voice) == 0
    assert time.monotonic() - started < 5
    assert "0 to render" in log.getvalue() and log.getvalue().count("  unchanged (") == 2
