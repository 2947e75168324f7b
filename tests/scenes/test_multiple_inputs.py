"""The multiple-inputs chapter: headless builds (3-D scenes included), every number from the
Iris trace, one flower's sums written out in full, surfaces whose flat faces meet along
each node's crease, and the highest-surface map drawn from the trace's own forward pass."""

import numpy as np
import pytest

import nnmath
from tests.scenes.conftest import assert_only_trace_numbers, scene_classes, trace_numbers
from scenes import multiple_inputs as chapter
from scenes.common.numbers import fmt
from scenes.common.surfaces import (clip, crease_pieces, crease_points, edge_walls, floor_grid, input_axes,
                                    piece_surface, winner_regions)

SCENES = [chapter.IrisNetwork, chapter.HiddenNodeSurfaces, chapter.ThreeOutputSurfaces]


@pytest.fixture(scope="module")
def trace():
    return nnmath.build(chapter.PRESET)


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(chapter) == {cls.__name__ for cls in SCENES}


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_trace_numbers(run_scene, scene):
    assert_only_trace_numbers(run_scene(scene), trace_numbers(nnmath.build(chapter.PRESET)))


def test_network_scene_works_one_flower_through_every_sum(run_scene, trace):
    written = run_scene(chapter.IrisNetwork)
    text = " ".join(written.strings)
    for name, value in trace.final().items():
        assert fmt(value) in text, name
    # petal 0.5, sepal 0.37: each product written, hidden values with the decimals at
    # which every product of the output layer checks out
    assert r"-2.50 \times 0.5 + 0.60 \times 0.37 + 1.60" in text
    assert r"= 0.572 \qquad \mathrm{ReLU}(0.572) = 0.572" in text
    assert r"-0.10 \times 0.572 + 1.50 \times 0.098 + 0.00" in text
    assert "= -0.06 + 0.15 + 0.00 = 0.09" in text
    assert "= 1.37 - 0.51 + 0.00 = 0.86" in text
    assert "= -1.26 + 0.36 + 1.00 = 0.10" in text
    fw = trace.forward()
    for row in range(len(trace.inputs)):
        for k in range(3):
            assert fmt(fw.raw[row, k]) in written.strings
    assert "Highest raw output: Versicolor" in written.strings
    assert "Highest raw output: Setosa" in written.strings
    # the wide-petal flower, from nnmath's forward pass, is the Virginica example
    wide = trace.forward(chapter.WIDE_PETAL)
    assert int(wide.choice[0]) == 2
    assert "Highest raw output: Virginica" in written.strings
    assert set(chapter.extra_values()) >= set(wide.raw.ravel())


def test_surface_scenes_name_the_weights_and_the_winner(run_scene):
    written = run_scene(chapter.HiddenNodeSurfaces)
    assert "Top node: ReLU(-2.50 \u00d7 petal + 0.60 \u00d7 sepal + 1.60)" in written.strings
    assert "Top node \u00d7 -0.10, its weight into Setosa" in written.strings
    assert "Bottom node \u00d7 1.50, its weight into Setosa" in written.strings
    assert "crease: the sum is 0" in written.strings
    # the sign flips first, under its own title; the addition reads at the back corner
    assert "Top node: the minus sign of -0.10 flips it" in written.strings
    assert {"before: 1.65", "after: 1.43", "petal 0.5, sepal 0.37"} <= set(written.strings)
    three = run_scene(chapter.ThreeOutputSurfaces)
    assert "Versicolor: 0.86" in three.strings
    assert {"Setosa", "Versicolor", "Virginica", "Petal width", "Sepal width"} <= set(three.strings)
    # the three readings sit on one pole, and the map labels every flower of the chapter
    assert {"0.09", "0.86", "0.10", "All three raw outputs, on one pole",
            "Only the highest surface"} <= set(three.strings)
    assert {"(0.5, 0.37)", "(0, 0)", "(0, 1)", "(1, 0.5)"} <= set(three.strings)


def test_flowers_cover_all_three_species_in_the_order_introduced(trace):
    inputs, rows, choice = chapter._flowers(trace)
    assert rows[0] == chapter.TRACED and np.allclose(inputs[0], trace.inputs[chapter.TRACED])
    assert set(choice) == {0, 1, 2}
    assert list(choice) == [int(c) for c in trace.forward(inputs).choice]


def test_floor_grid_lies_on_the_floor_of_the_square():
    axes = input_axes((-1, 3, 1))
    grid = floor_grid(axes)
    for seg in grid:
        coords = np.array([axes.point_to_coords(c) for c in seg.get_anchors()])
        assert np.allclose(coords[:, 2], 0) and coords[:, :2].min() >= -1e-9 and coords[:, :2].max() <= 1 + 1e-9


def test_pieces_are_cut_along_every_crease_and_faces_are_trace_heights(trace):
    creases = [chapter._crease_of(trace, j) for j in range(2)]
    pieces = crease_pieces(creases, cells=4)
    total = 0.0
    for piece in pieces:
        sums = trace.forward(piece).hidden_sums
        for j in range(2):  # one side of each crease only (its line may be an edge)
            assert np.all(sums[:, j] >= -1e-9) or np.all(sums[:, j] <= 1e-9)
        x, y = piece[:, 0], piece[:, 1]
        total += 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
    assert np.isclose(total, 1.0)  # the pieces tile the unit square
    assert len(pieces) > 16
    axes = input_axes((-1, 3, 1))
    faces = piece_surface(axes, pieces, lambda pts: trace.forward(pts).raw[:, 0], "#000000")
    for face, piece in zip(faces, pieces):
        corners = face.get_anchors()[::2][: len(piece)]
        coords = np.array([axes.point_to_coords(c) for c in corners])
        assert np.allclose(coords[:, 2], trace.forward(coords[:, :2]).raw[:, 0])
        # flat: every corner lies on the plane through the first three
        normal = np.cross(corners[1] - corners[0], corners[2] - corners[0])
        assert np.allclose((corners - corners[0]) @ normal, 0, atol=1e-6)
    # walls stand on the floor along the front and right edges, their tops on the surface
    walls = edge_walls(axes, pieces, lambda pts: trace.forward(pts).raw[:, 0], "#000000")
    assert len(walls) >= 8
    for wall in walls:
        coords = np.array([axes.point_to_coords(c) for c in wall.get_anchors()[::2][:4]])
        assert np.allclose(coords[:2, 2], 0)
        assert np.allclose(coords[2:, 2], trace.forward(coords[2:, :2]).raw[:, 0])
        assert np.allclose(coords[:, 1], 0) or np.allclose(coords[:, 0], 1)


def test_crease_is_where_the_nodes_sum_is_zero(trace):
    for j in range(2):
        points = crease_points(chapter._crease_of(trace, j))
        assert len(points) == 41
        assert np.allclose(trace.forward(points).hidden_sums[:, j], 0, atol=1e-12)
        assert np.any(np.isclose(points[[0, -1]], 0) | np.isclose(points[[0, -1]], 1), axis=1).all()
        ahead = points[-1] - points[0]  # the active side (sum > 0) is on the line's left
        left = points[20] + 0.05 * np.array([-ahead[1], ahead[0]]) / np.linalg.norm(ahead)
        assert trace.forward(left[None, :]).hidden_sums[0, j] > 0
    assert crease_points(lambda pts: pts[:, 0] + 2.0).shape == (0, 2)  # misses the square
    diagonal = crease_points(lambda pts: pts[:, 0] - pts[:, 1], samples=3)
    assert np.allclose(diagonal, [[1, 1], [0.5, 0.5], [0, 0]])  # corner to corner, x > y on the left
    assert clip(np.array([[0, 0], [1, 0], [1, 1.0]]), np.array([-1.0, -1.0, -1.0])) is None


def test_map_regions_agree_with_the_trace_choice_on_its_grid(trace):
    pieces = crease_pieces([chapter._crease_of(trace, j) for j in range(2)], cells=4)
    regions = winner_regions(pieces, lambda pts: trace.forward(pts).raw)
    grid = trace.grid_inputs()
    fw = trace.forward(grid)
    for k, polygons in enumerate(regions):
        for polygon in polygons:  # a region's inner points are the grid's choice there
            centre = polygon.mean(axis=0)
            assert int(trace.forward(centre[None, :]).choice[0]) == k
    area = sum(0.5 * abs(np.dot(p[:, 0], np.roll(p[:, 1], -1)) - np.dot(p[:, 1], np.roll(p[:, 0], -1)))
               for polygons in regions for p in polygons)
    assert np.isclose(area, 1.0)
    assert set(np.unique(fw.choice)) == {k for k, polygons in enumerate(regions) if polygons}
