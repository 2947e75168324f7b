"""Chapters and scenes read with ast: lecture order, source order, descriptions, broken files."""

import subprocess
import sys
from pathlib import Path

from scenes.lecture.catalog import CHAPTER_ORDER, discover, order_key, read_chapter
from scenes.lecture.cli import list_scenes

ROOT = Path(__file__).resolve().parents[2]


def test_lecture_order_then_unknown_chapters(repo):
    chapters = discover(repo / "scenes")
    assert [c.name for c in chapters] == ["neurons", "relu", "appendix"]
    assert [s.name for s in chapters[0].scenes] == ["NeuronA", "NeuronB"]  # source order
    assert chapters[0].scenes[1].description == "A square is drawn."  # first paragraph only
    assert chapters[0].title == "Neurons"
    assert order_key("cnn") < order_key("zebra") < order_key("zz")


def test_only_scene_classes_count(repo):
    path = repo / "scenes" / "three_d.py"
    path.write_text('"""Chapter: solids."""\nimport manim\n\n'
                    "class Cube(manim.ThreeDScene):\n    pass\n\n"
                    "class Mixin:\n    pass\n\n"
                    "class Moving(MovingCameraScene):\n    '''Moves.'''\n")
    chapter = read_chapter(path)
    assert [s.name for s in chapter.scenes] == ["Cube", "Moving"]
    assert chapter.scenes[0].description == "" and chapter.title == "Solids"


def test_a_file_being_written_is_reported_not_fatal(repo):
    (repo / "scenes" / "cnn.py").write_text("class Broken(Scene:\n")
    chapters = discover(repo / "scenes")
    broken = next(c for c in chapters if c.name == "cnn")
    assert broken.error.startswith("cannot read cnn.py") and broken.scenes == ()
    assert [c.name for c in chapters] == ["neurons", "relu", "cnn", "appendix"]


def test_files_without_scenes_and_the_build_package_are_not_chapters(repo):
    (repo / "scenes" / "helpers.py").write_text("def f():\n    return 1\n")
    (repo / "scenes" / "lecture").mkdir()
    (repo / "scenes" / "lecture" / "__init__.py").write_text("class Fake(Scene):\n    pass\n")
    names = [c.name for c in discover(repo / "scenes")]
    assert "helpers" not in names and "lecture" not in names and "__init__" not in names


def test_the_real_chapters_in_lecture_order():
    chapters = discover(ROOT / "scenes")
    names = [c.name for c in chapters]
    assert names[0] == "neurons" and "lecture" not in names and "common" not in names
    known = [n for n in names if n in CHAPTER_ORDER]
    assert known == sorted(known, key=CHAPTER_ORDER.index)
    for chapter in chapters:
        assert not chapter.error, chapter.error
        for scene in chapter.scenes:
            assert scene.description, scene.key


def test_listing_scenes_prints_every_scene_and_never_imports_manim():
    code = ("import sys\nfrom scenes.lecture.cli import main\nmain(['scenes'])\n"
            "assert 'manim' not in sys.modules and 'scenes.neurons' not in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    for chapter in discover(ROOT / "scenes"):
        assert f"(scenes/{chapter.path.name})" in done.stdout
        for scene in chapter.scenes:
            assert scene.name in done.stdout


def test_list_scenes_format(repo, capsys):
    import io
    buf = io.StringIO()
    list_scenes(discover(repo / "scenes"), out=buf)
    text = buf.getvalue()
    assert text.startswith("1. Neurons  (scenes/neurons.py)\n")
    assert "   NeuronA  A circle is drawn.\n" in text
    assert "manim -pql scenes/neurons.py NeuronA" in text
