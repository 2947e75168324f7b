"""The multiple-inputs chapter: headless builds (3-D scenes included), every number from the
Iris trace, each worked input's sums written out, and surfaces drawn from the trace's grid."""

import numpy as np
import pytest

import nnmath
from tests.scenes.conftest import assert_only_trace_numbers, scene_classes, trace_numbers
from scenes import multiple_inputs as chapter
from scenes.common.numbers import fmt
from scenes.common.surfaces import grid_surface, input_axes

SCENES = [chapter.IrisNetwork, chapter.HiddenNodeSurfaces, chapter.ThreeOutputSurfaces]


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(chapter) == {cls.__name__ for cls in SCENES}


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_trace_numbers(run_scene, scene):
    assert_only_trace_numbers(run_scene(scene), trace_numbers(nnmath.build(chapter.PRESET)))


def test_network_scene_writes_every_weight_and_each_worked_sum(run_scene):
    written = run_scene(chapter.IrisNetwork)
    trace = nnmath.build(chapter.PRESET)
    text = " ".join(written.strings)
    for name, value in trace.final().items():
        assert fmt(value) in text, name
    fw = trace.forward()
    # (petal 0, sepal 1): the hidden nodes give 2.20 and 1.10, Setosa 1.43, as in the lecture
    assert r"\text{top: } \mathrm{ReLU}(-2.50 \times 0 + 0.60 \times 1 + 1.60) = 2.20" in text
    assert r"\text{Setosa: } -0.10 \times 2.20 + 1.50 \times 1.10 + 0.00 = 1.43" in text
    for row in range(len(trace.inputs)):
        for k in range(3):
            assert f"= {fmt(fw.raw[row, k])}" in text
    assert "Highest raw output: Versicolor" in written.strings  # petal 0.5, sepal 0.37


def test_surface_scenes_name_the_weights_and_the_winner(run_scene):
    written = run_scene(chapter.HiddenNodeSurfaces)
    assert "Top node: ReLU(-2.50 \u00d7 petal + 0.60 \u00d7 sepal + 1.60)" in written.strings
    assert "\u00d7 -0.10 (its weight into Setosa)" in written.strings
    assert "\u00d7 1.50 (its weight into Setosa)" in written.strings
    three = run_scene(chapter.ThreeOutputSurfaces)
    assert "highest: Versicolor" in three.strings


def test_grid_surface_vertices_are_the_trace_grid_values():
    trace = nnmath.build(chapter.PRESET)
    values = trace.forward(trace.grid_inputs()).raw[..., 0]
    axes = input_axes((-1, 3, 1))
    surface = grid_surface(axes, values, "#000000", stride=2)
    corners = np.vstack([face.get_start_anchors() for face in surface])
    heights = {round(float(axes.point_to_coords(p)[2]), 6) for p in corners}
    expected = {round(float(v), 6) for v in values[::2, ::2].ravel()}
    assert heights <= expected and len(heights) > 50
    with pytest.raises(ValueError, match="cannot be thinned"):
        grid_surface(axes, values, "#000000", stride=3)
    assert np.isclose(values[20, 0], trace.forward([[0.0, 1.0]]).raw[0, 0])
