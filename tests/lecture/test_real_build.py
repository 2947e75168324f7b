"""One real build: two tiny scenes in two chapters rendered by manim at 320x180, 5 fps,
joined with chapter marks; the second build renders nothing."""

import io
import json
import time

import numpy as np
from PIL import Image

from scenes.lecture import media
from scenes.lecture.cli import build
from tests.lecture.conftest import write_chapter


def test_real_build_of_two_small_scenes(tmp_path):
    root = tmp_path / "repo"
    (root / "scenes" / "common").mkdir(parents=True)
    write_chapter(root, "neurons", "Circles")
    write_chapter(root, "relu", "Squares")
    (root / "manim.cfg").write_text("[CLI]\nbackground_color = WHITE\n")
    out_dir = tmp_path / "lecture"

    log = io.StringIO()
    code = build(root, out_dir, quality="l", workers=2, resolution="320,180", fps=5, out=log)
    assert code == 0, log.getvalue()
    lines = log.getvalue().splitlines()
    assert sum("rendered" in line for line in lines) == 2
    for clip, still in (("neurons/01_Circles.mp4", "neurons/01_Circles.png"),
                        ("relu/01_Squares.mp4", "relu/01_Squares.png")):
        assert 0.4 < media.duration(out_dir / clip) < 1.5
        image = np.asarray(Image.open(out_dir / still).convert("RGB"))
        assert image.shape == (180, 320, 3)
        assert (image > 240).all(axis=-1).mean() > 0.5  # white background, something drawn
        assert (image < 200).any()
    marks = media.chapters_of(out_dir / "lecture.mp4")
    assert [t for _, _, t in marks] == ["Neurons", "Relu"]
    assert marks[1][0] > 0.4 and abs(marks[1][1] - media.duration(out_dir / "lecture.mp4")) < 0.05
    summary = json.loads((out_dir / "lecture.json").read_text())
    assert [c["name"] for c in summary["chapters"]] == ["neurons", "relu"]
    assert summary["chapters"][0]["scenes"][0]["command"] == "manim -pql scenes/neurons.py Circles"
    page = (out_dir / "index.html").read_text()
    assert "neurons/01_Circles.png" in page and "lecture.mp4" in page

    started = time.monotonic()
    log = io.StringIO()
    assert build(root, out_dir, quality="l", workers=2, resolution="320,180", fps=5, out=log) == 0
    assert time.monotonic() - started < 5
    assert "0 to render" in log.getvalue() and log.getvalue().count("  unchanged (") == 2
