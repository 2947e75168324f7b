"""Labels and equations drop the parsed SVG paths manim keeps per glyph (copies are then
about ten times cheaper) and keep exactly the outlines manim made."""

import numpy as np
from manim import MathTex, Text

from scenes.common.text import equation, label


def _outlines(mobject):
    return [part.points for part in mobject.get_family()]


def test_label_keeps_its_outline_and_drops_the_svg_paths():
    lean, full = label("Row 1: 0.73 - 1 = -0.27"), Text("Row 1: 0.73 - 1 = -0.27", font_size=label("x").font_size)
    assert any(getattr(p, "path_obj", None) is not None for p in full.get_family())
    assert all(getattr(p, "path_obj", None) is None for p in lean.get_family())
    assert all(np.array_equal(a, b) for a, b in zip(_outlines(lean), _outlines(full)))
    copy = lean.copy()
    assert all(np.array_equal(a, b) for a, b in zip(_outlines(copy), _outlines(lean)))


def test_equation_keeps_its_outline_and_drops_the_svg_paths():
    lean = equation(r"b_3 = 0.57 - (0.10)")
    full = MathTex(r"b_3 = 0.57 - (0.10)", font_size=lean.font_size)
    assert all(getattr(p, "path_obj", None) is None for p in lean.get_family())
    assert len(lean.get_family()) == len(full.get_family())
    assert all(np.allclose(a, b) for a, b in zip(_outlines(lean), _outlines(full)))
