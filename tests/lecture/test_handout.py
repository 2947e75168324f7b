"""The handout: each spoken beat's picture beside its words, from a lecture build."""

from __future__ import annotations

import io
import json
import re

import av
import numpy as np
from PIL import Image

from scenes.lecture.cli import build, handout
from scenes.lecture.handout import beat_stills
from tests.lecture.conftest import narrated_renderer

COLOURS = [(220, 30, 30), (30, 200, 30), (30, 30, 220)]


def striped_clip(path, fps=10, seconds_each=1.0):
    """Red for a second, then green, then blue."""
    with av.open(str(path), "w") as box:
        stream = box.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 64, 36, "yuv420p"
        for colour in COLOURS:
            image = np.zeros((36, 64, 3), dtype=np.uint8) + np.array(colour, dtype=np.uint8)
            for _ in range(int(seconds_each * fps)):
                box.mux(stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")))
        box.mux(stream.encode())
    return path


def colour_of(path):
    pixel = np.asarray(Image.open(path).convert("RGB"))[18, 32].astype(int)
    return int(np.argmax(pixel))  # 0 red, 1 green, 2 blue


def test_each_still_is_the_frame_on_screen_at_its_time(tmp_path):
    clip = striped_clip(tmp_path / "c.mp4")
    paths = beat_stills(clip, [0.9, 1.9, 2.5, 7.0], tmp_path / "s", "C")
    assert [p.name for p in paths] == ["C_01.png", "C_02.png", "C_03.png", "C_04.png"]
    assert [colour_of(p) for p in paths] == [0, 1, 2, 2]  # past the end: the last frame


SAID = {"neurons.NeuronA": ["A circle appears.", "", "It is blue."],
        "relu.ReluB": ["A square appears."]}


def test_the_build_writes_a_handout_with_one_picture_per_spoken_beat(repo, tmp_path):
    out_dir = tmp_path / "lecture"
    assert build(repo, out_dir, workers=2, out=io.StringIO(),
                 render=narrated_renderer(out_dir, [], SAID)) == 0
    page = (out_dir / "handout.html").read_text()
    beats = re.findall(r"<div class='beat'><img src='([^']+)' alt='([^']+)'><p>"
                       r"<span class='id'>[^<]*</span>([^<]*)</p></div>", page)
    assert [(alt, text) for _, alt, text in beats] == [
        ("NeuronA_01", "A circle appears."), ("NeuronA_03", "It is blue."),
        ("ReluB_01", "A square appears.")]  # the words of the narration, silent beats left out
    assert all((out_dir / src).is_file() for src, _, _ in beats)
    assert page.index("Neurons") < page.index("Relu")  # lecture order
    assert "href='handout.html'" in (out_dir / "index.html").read_text()


def test_lecture_script_html_reads_a_build_and_says_when_there_is_none(repo, tmp_path):
    out_dir = tmp_path / "lecture"
    build(repo, out_dir, workers=2, out=io.StringIO(), render=narrated_renderer(out_dir, [], SAID))
    err, out = io.StringIO(), io.StringIO()
    assert handout(tmp_path / "nowhere", [], err=err, out=out) == 2
    assert err.getvalue().count("\n") == 1 and "make lecture" in err.getvalue()
    assert handout(out_dir, ["nope"], err=err, out=out) == 2
    target = tmp_path / "elsewhere" / "relu.html"
    assert handout(out_dir, ["relu"], target, err=err, out=out) == 0
    page = target.read_text()
    assert "A square appears." in page and "A circle appears." not in page
    src = re.search(r"<img src='([^']+)'", page).group(1)
    assert (target.parent / src).resolve().is_file()  # relative to where the page is
    assert "1 beat with their pictures" in out.getvalue()
    assert json.loads((out_dir / "lecture.json").read_text())["chapters"]


def test_a_partial_build_hands_out_only_what_it_rendered(repo, tmp_path):
    out_dir = tmp_path / "lecture"
    assert build(repo, out_dir, workers=2, out=io.StringIO(), only=["relu.ReluB"],
                 render=narrated_renderer(out_dir, [], SAID)) == 0
    page = (out_dir / "handout.html").read_text()
    assert "<h2>" in page and "Neurons" not in page  # a chapter with nothing rendered is left out
    assert "A square appears." in page and "(not rendered in this build)" in page  # ReluA
