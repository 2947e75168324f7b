"""Labels and equations in the lecture's look (black, big, readable at 480p)."""

from __future__ import annotations

from manim import MathTex, Text, VGroup, DOWN, LEFT, UP

from .style import PALETTE, SIZES

__all__ = ["label", "equation", "title", "stacked", "lean", "swap"]


def lean(mobject):
    """``mobject`` without the parsed SVG path each glyph keeps (``path_obj``): manim reads
    it once, to make the glyph's outline, and never again with the Cairo renderer, but
    every copy deep-copies it. Every FadeIn, FadeOut and Transform copies its mobjects,
    so a label without them copies about ten times faster. Returns ``mobject``."""
    for part in mobject.get_family():
        if getattr(part, "path_obj", None) is not None:
            part.path_obj = None
    return mobject


#: built texts by what they say and how they look; a hit is a copy, not a new build
_BUILT: dict[tuple, object] = {}
_MOST = 4096


def _built(key: tuple, make):
    """A fresh copy of the mobject ``make()`` builds for ``key``, built once per process:
    manim parses the SVG of every Text and MathTex it builds (about 20-50 ms each, cached
    on disk but parsed anew), while copying a built one takes a tenth of that. Scenes
    show the same names and numbers many times (tables, grids, steps)."""
    mobject = _BUILT.get(key)
    if mobject is None:
        if len(_BUILT) >= _MOST:
            _BUILT.clear()
        mobject = _BUILT[key] = lean(make())
    return mobject.copy()


def label(text: str, color: str = PALETTE.text, size: int = SIZES.label, **kwargs) -> Text:
    """Plain text (Pango): names, short sentences, single numbers."""
    key = ("text", text, str(color), size, tuple(sorted((k, repr(v)) for k, v in kwargs.items())))
    return _built(key, lambda: Text(text, color=color, font_size=size, **kwargs))


def equation(*tex: str, color: str = PALETTE.text, size: int = SIZES.equation) -> MathTex:
    """A LaTeX equation; numbers in it must be formatted trace values (see numbers.fmt)."""
    # manim's own SVG cache would keep a deep copy of every new equation, glyph paths and
    # all (~75 ms each); _built already keeps each equation once, lean
    return _built(("tex", tex, str(color), size),
                  lambda: MathTex(*tex, color=color, font_size=size, use_svg_cache=False))


def title(text: str) -> Text:
    """A short heading at the top edge of the frame."""
    return label(text, size=SIZES.title).to_edge(UP, buff=0.3)


def stacked(*mobjects, buff: float = 0.25) -> VGroup:
    """Mobjects one under another, left-aligned."""
    return VGroup(*mobjects).arrange(DOWN, aligned_edge=LEFT, buff=buff)


def swap(old, new, lift: float = 0.35) -> tuple:
    """Animations that replace the text ``old`` by ``new`` in the same place without their
    glyphs ever lying on top of each other: the old one leaves upwards as the new one rises
    in from below (no morph, no cross-fade of two strings in one spot)."""
    from manim import FadeIn, FadeOut  # kept local: this module builds texts only

    return (FadeOut(old, shift=UP * lift), FadeIn(new, shift=UP * lift))
