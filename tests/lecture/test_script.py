"""``lecture script``: every scene's beats as Markdown, for a tiny chapter written here and
for one real chapter, and a one-line error for an unknown chapter."""

import io
import re
import subprocess
import sys
from pathlib import Path

from scenes.lecture.catalog import discover, read_chapter
from scenes.lecture.cli import script

ROOT = Path(__file__).resolve().parents[2]

CHAPTER = '''"""Chapter: talking shapes. A tiny narrated chapter."""

from manim import Circle, Create, FadeOut, Scene, Square

from scenes.common.beats import Beat, play_beats
from scenes.common.narration import SILENT, say


class Talks(Scene):
    """A circle is drawn and described."""

    def construct(self):
        circle = Circle()
        play_beats(self, [
            Beat((Create(circle),), 0.5, say=say("A circle of radius {r}.", r=1.5)),
            Beat((FadeOut(circle),), 0.5, say=SILENT),
            Beat((), 0.0, say=say("That is all.")),
        ])


class Quiet(Scene):
    """A square and no beats."""

    def construct(self):
        self.play(Create(Square()), run_time=0.3)


class Later(Scene):
    """Beats that are not narrated yet."""

    def construct(self):
        play_beats(self, [Beat((Create(Square()),), 0.3)])


class Broken(Scene):
    """A scene that fails."""

    def construct(self):
        raise ValueError("no such dosage")
'''


def test_script_of_a_tiny_chapter(tmp_path):
    (tmp_path / "scenes").mkdir()
    (tmp_path / "scenes" / "shapes.py").write_text(CHAPTER)
    out = io.StringIO()
    assert script(tmp_path, ["shapes"], out=out) == 1  # Broken could not be built
    lines = out.getvalue().splitlines()
    assert lines[:4] == ["# Talking shapes", "", "## Talks", ""]
    assert lines[4:9] == ["A circle is drawn and described.", "",
                          "1. (Talks_01, 0:00) A circle of radius 1.50.",
                          "2. (Talks_02) *(transition)*", lines[8]]
    assert re.fullmatch(r"3\. \(Talks_03, 0:0[1-9]\) That is all\.", lines[8])
    text = out.getvalue()
    assert "## Quiet\n\nA square and no beats.\n\n*(not narrated yet)*\n" in text
    assert "## Later\n\nBeats that are not narrated yet.\n\n*(not narrated yet)*\n" in text
    assert "*(could not be built: ValueError: no such dosage)*" in text


def test_an_unknown_chapter_is_one_line_and_exit_2(repo):
    err = io.StringIO()
    assert script(repo, ["neurons", "nope"], out=io.StringIO(), err=err) == 2
    assert err.getvalue() == ("lecture script: unknown chapter nope; choose from: "
                              "neurons, relu, appendix\n")


def test_script_of_a_real_chapter(tmp_path):
    target = tmp_path / "black_box.md"
    done = subprocess.run([sys.executable, "-m", "scenes.lecture", "script", "black_box",
                           "--out", str(target)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == f"lecture script: 1 chapter -> {target}"
    text = target.read_text()
    chapter = read_chapter(ROOT / "scenes" / "black_box.py")
    assert text.startswith(f"# {chapter.title}\n")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    assert [s.splitlines()[0] for s in sections] == [s.name for s in chapter.scenes]
    beat = re.compile(r"(\d+)\. \((\w+)_(\d\d)(?:, (\d+):(\d\d))?\) (.+)")
    for scene, section in zip(chapter.scenes, sections):
        assert f"\n\n{scene.description}\n" in section
        beats = [beat.fullmatch(line) for line in section.splitlines() if line[:1].isdigit()]
        if not beats:
            assert "*(not narrated yet)*" in section
            continue
        assert all(beats), section
        assert [int(m[1]) for m in beats] == list(range(1, len(beats) + 1))
        assert all(m[2] == scene.name and int(m[3]) == int(m[1]) for m in beats)
        times = [int(m[4]) * 60 + int(m[5]) for m in beats if m[4]]
        assert times == sorted(times)
        for m in beats:  # a timed beat says something; an untimed one is a marker
            assert (m[4] is None) == m[6].startswith("*(")


def test_script_is_listed_in_help():
    assert any(c.name == "black_box" for c in discover(ROOT / "scenes"))
    done = subprocess.run([sys.executable, "-m", "scenes.lecture", "script", "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "--out FILE" in done.stdout
