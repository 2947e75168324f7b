"""Which chapters and scenes exist, read from the chapter files with ``ast`` (no imports).

A chapter is a file ``scenes/<name>.py``; its scenes are the classes deriving from a class
whose name ends in ``Scene`` (Scene, ThreeDScene, MovingCameraScene, ...), in source
order, each described by the first paragraph of its docstring.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CHAPTER_ORDER", "SceneInfo", "Chapter", "read_chapter", "discover", "order_key"]

#: the lecture's order; chapters not listed come after these, alphabetically. Each chapter
#: uses only what came before it: neurons ends on the cost going downhill, gradient_descent
#: teaches step size and learning rate on a line, which backprop_main_ideas then uses on the
#: dosage network that black_box opens.
CHAPTER_ORDER = ("neurons", "gradient_descent", "black_box", "backprop_main_ideas",
                 "backprop_details", "relu", "multiple_inputs", "softmax", "cross_entropy", "cnn")


@dataclass(frozen=True)
class SceneInfo:
    """One scene: its chapter, class name and one-paragraph description."""

    chapter: str
    name: str
    description: str

    @property
    def key(self) -> str:
        """``chapter.Scene``, the scene's name in the build."""
        return f"{self.chapter}.{self.name}"


@dataclass(frozen=True)
class Chapter:
    """One chapter file: its name (the file stem), path, title, summary and scenes;
    ``error`` says why the file could not be read (then it has no scenes)."""

    name: str
    path: Path
    title: str
    summary: str
    scenes: tuple[SceneInfo, ...]
    error: str = ""


def _paragraph(doc: str | None) -> str:
    """The first paragraph of a docstring as one line."""
    if not doc:
        return ""
    first = doc.strip().split("\n\n")[0]
    return " ".join(first.split())


def _is_scene(node: ast.ClassDef) -> bool:
    for base in node.bases:
        name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
        if name.endswith("Scene"):
            return True
    return False


def _title(name: str, summary: str) -> str:
    """"Chapter: inside the black box. How ..." -> "Inside the black box"; else from the name."""
    if summary.lower().startswith("chapter:"):
        text = summary[len("chapter:"):].strip()
        for stop in (". ", " (", "; "):
            text = text.split(stop)[0]
        text = text.rstrip(".")
        if text:
            return text[0].upper() + text[1:]
    return name.replace("_", " ").capitalize()


def read_chapter(path: Path) -> Chapter:
    """The chapter in ``path``, parsed (not imported). A syntax error raises SyntaxError."""
    path = Path(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    summary = _paragraph(ast.get_docstring(tree))
    scenes = tuple(SceneInfo(path.stem, node.name, _paragraph(ast.get_docstring(node)))
                   for node in tree.body if isinstance(node, ast.ClassDef) and _is_scene(node))
    return Chapter(path.stem, path, _title(path.stem, summary), summary, scenes)


def order_key(name: str) -> tuple[int, str]:
    """Sort key: the lecture's order first, unknown chapters after, alphabetically."""
    try:
        return (CHAPTER_ORDER.index(name), name)
    except ValueError:
        return (len(CHAPTER_ORDER), name)


def discover(scenes_dir: Path) -> list[Chapter]:
    """Every chapter in ``scenes_dir`` (``*.py`` but ``__init__.py``) in lecture order.

    Files without scenes are left out; a file that cannot be parsed (someone is still
    writing it) is kept with its ``error``, so the build reports it instead of stopping.
    """
    chapters = []
    paths = [p for p in Path(scenes_dir).glob("*.py") if not p.name.startswith("_")]
    for path in sorted(paths, key=lambda p: order_key(p.stem)):
        try:
            chapter = read_chapter(path)
        except (SyntaxError, UnicodeDecodeError, OSError) as err:
            chapter = Chapter(path.stem, path, _title(path.stem, ""), "", (),
                              f"cannot read {path.name}: {err}")
        if chapter.scenes or chapter.error:
            chapters.append(chapter)
    return chapters
