"""The lecture's slides as a PowerPoint file (python-pptx): one slide per spoken beat,
each holding that beat's clip (cut as for the HTML deck, sound included) with its first
frame as the poster, and the beat's words as the slide's notes. A chapter opens with a
title slide. The clips are embedded, so the one ``.pptx`` file is the whole deck;
PowerPoint plays a clip when it is clicked."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import Sequence

import av
from pptx import Presentation
from pptx.util import Emu, Pt

from .slides import Slide, lecture_slides

__all__ = ["write_pptx"]

#: 16:9 at PowerPoint's default width (EMU: 914,400 per inch)
WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)


def _poster(clip: Path) -> io.BytesIO:
    """The clip's first frame as a PNG (PowerPoint shows it until the clip is played)."""
    with av.open(str(clip)) as box:
        frame = next(box.decode(video=0))
    data = io.BytesIO()
    frame.to_image().save(data, format="PNG")
    data.seek(0)
    return data


def write_pptx(build: Path, path: Path, only: Sequence[str] = ()) -> list[Slide]:
    """Write the PowerPoint deck of the lecture build in ``build`` to ``path``. Returns the
    beat slides, in order (chapter title slides are not counted)."""
    path = Path(path)
    work = path.with_name(path.stem + ".clips.tmp")
    shutil.rmtree(work, ignore_errors=True)
    try:
        chosen = lecture_slides(build, work, only)
        deck = Presentation()
        deck.slide_width, deck.slide_height = WIDTH, HEIGHT
        title_layout, blank = deck.slide_layouts[0], deck.slide_layouts[6]
        made = []
        for _, title, slides in chosen:
            opener = deck.slides.add_slide(title_layout)
            opener.shapes.title.text = title
            opener.placeholders[1].text = f"{len(slides)} slides"
            for slide in slides:
                page = deck.slides.add_slide(blank)
                clip = work / slide.clip
                movie = page.shapes.add_movie(str(clip), 0, 0, WIDTH, HEIGHT,
                                              poster_frame_image=_poster(clip), mime_type="video/mp4")
                movie.name = f"{slide.scene} {' '.join(slide.beats)}"
                notes = page.notes_slide.notes_text_frame
                notes.text = slide.note
                for paragraph in notes.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(18)
                made.append(slide)
        if made:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            deck.save(str(tmp))
            os.replace(tmp, path)
        return made
    finally:
        shutil.rmtree(work, ignore_errors=True)
