"""A tiny repository to build: chapter files, a shared helper and an nnmath module."""

from __future__ import annotations

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


def tiny_clip(path: Path, seconds: float = 1.0, fps: int = 5, colour=(255, 255, 255)) -> Path:
    """A real H.264 MP4 of a plain frame, small and quick, encoded with PyAV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as box:
        stream = box.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 64, 36, "yuv420p"
        image = np.zeros((36, 64, 3), dtype=np.uint8) + np.array(colour, dtype=np.uint8)
        for _ in range(int(seconds * fps)):
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                box.mux(packet)
        for packet in stream.encode():
            box.mux(packet)
    return path
