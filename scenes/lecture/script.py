"""The lecture's script: what every scene says, beat by beat, as Markdown.

    # Inside the black box
    ## TopNodeSlice
    The top node's activation ... (the scene's description)
    1. (TopNodeSlice_01, 0:00) The top node's weight is -34.40 ...
    2. (TopNodeSlice_02) *(transition)*

Each scene is built headless with no voice (:func:`scenes.common.script.narration_of`), so
the words and times are those of the captions; the beat ids name a teacher's recordings
(``recordings:DIR`` reads ``DIR/TopNodeSlice_01.wav``). Chapter files are imported by
path, so this works for any ``scenes/`` folder.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import TextIO

from .catalog import Chapter
from .index import clock

__all__ = ["load_chapter", "narration", "beat_line", "chapter_markdown", "write_script"]


def load_chapter(chapter: Chapter) -> ModuleType:
    """The chapter file imported as module ``lecture_chapter_<name>`` (manim is imported too)."""
    name = f"lecture_chapter_{chapter.name}"
    spec = importlib.util.spec_from_file_location(name, chapter.path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def narration(chapter: Chapter) -> dict[str, list | str]:
    """Each scene's cues (:class:`scenes.common.captions.Cue`), or why it could not be built."""
    from scenes.common.script import narration_of

    try:
        module = load_chapter(chapter)
    except Exception as err:  # noqa: BLE001 - a chapter that does not import is reported
        return {s.name: f"{type(err).__name__}: {err}" for s in chapter.scenes}
    found: dict[str, list | str] = {}
    for scene in chapter.scenes:
        try:
            found[scene.name] = narration_of(getattr(module, scene.name))
        except Exception as err:  # noqa: BLE001 - one broken scene does not stop the script
            found[scene.name] = f"{type(err).__name__}: {err}"
    return found


def beat_line(number: int, cue) -> str:
    """One beat as a numbered Markdown line: id and start time, then what is said."""
    if not cue.narrated:
        return f"{number}. ({cue.key}) *(not narrated yet)*"
    if not cue.text.strip():
        return f"{number}. ({cue.key}) *(transition)*"
    return f"{number}. ({cue.key}, {clock(cue.start)}) {cue.text}"


def chapter_markdown(chapter: Chapter, found: dict[str, list | str]) -> str:
    """``# title``, then per scene ``## Scene``, its description and its numbered beats."""
    lines = [f"# {chapter.title}", ""]
    if chapter.error:
        lines += [f"*({chapter.error})*", ""]
    for scene in chapter.scenes:
        lines += [f"## {scene.name}", ""]
        if scene.description:
            lines += [scene.description, ""]
        cues = found.get(scene.name, [])
        if isinstance(cues, str):
            lines += [f"*(could not be built: {cues})*", ""]
        elif not any(c.narrated for c in cues):
            lines += ["*(not narrated yet)*", ""]
        else:
            lines += [beat_line(n, c) for n, c in enumerate(cues, 1)] + [""]
    return "\n".join(lines)


def write_script(chapters: list[Chapter], out: TextIO) -> int:
    """Write the script of ``chapters`` to ``out``; 1 when a chapter could not be read or a
    scene could not be built, else 0."""
    failed = False
    for n, chapter in enumerate(chapters):
        found = narration(chapter)
        failed = failed or bool(chapter.error) or any(isinstance(v, str) for v in found.values())
        out.write(("\n" if n else "") + chapter_markdown(chapter, found))
        out.flush()
    return 1 if failed else 0
