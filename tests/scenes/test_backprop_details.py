"""The backpropagation-details chapter: chain-rule tables, steps and the learning process,
every number from the two traces."""

import numpy as np
import pytest

import nnmath
from tests.scenes.conftest import assert_only_trace_numbers, scene_classes, trace_numbers
from scenes import backprop_details as chapter
from scenes.common.chain_table import chain_table
from scenes.common.numbers import fmt, fmt_small

SCENES = [chapter.ThreeDerivatives, chapter.FittingW3W4B3, chapter.ChainThroughHiddenNode,
          chapter.LearningAllSeven]


def chain_values(trace, k=0):
    chain = trace.chain(k)
    values = [v for arr in chain.factors.values() for v in arr]
    values += [t for name in trace.optimised for t in chain.terms(name)]
    return values + list(chain.gradients)


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(chapter) == {cls.__name__ for cls in SCENES}


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_trace_numbers(run_scene, scene):
    one, two = nnmath.build(chapter.PART1), nnmath.build(chapter.PART2)
    allowed = trace_numbers(one, two, extra=chain_values(one) + chain_values(two))
    assert_only_trace_numbers(run_scene(scene), allowed)


def test_hidden_node_tables_have_four_factors_with_the_trace_numbers(run_scene):
    written = run_scene(chapter.ChainThroughHiddenNode)
    trace = nnmath.build(chapter.PART2)
    chain = trace.chain(0)
    text = " ".join(written.strings)
    for name in chapter.HIDDEN:
        path = chain.paths[name]
        assert len(path) == 4 and path[0] == "dSSR/dPredicted"
        for factor in path:
            for value in chain.factors[factor]:
                assert fmt(value) in written.strings
        for term in chain.terms(name):
            assert fmt(term) in written.strings
        assert f"= {fmt(trace.gradients[0, trace.index(name)])}" in text
    # the chain's gradient is the one gradient descent used
    assert np.allclose(chain.gradients, trace.gradients[0])


def test_part_one_tables_and_first_step(run_scene):
    written = run_scene(chapter.ThreeDerivatives)
    trace = nnmath.build(chapter.PART1)
    text = " ".join(written.strings)
    step = trace.step(0)
    for name in ("w3", "w4", "b3"):
        assert f"= {fmt(step.gradients[name])}" in text
        assert f"= {fmt(step.new_params[name])}" in text
        assert f"{fmt_small(step.gradients[name])} \\times 0.1 = {fmt_small(step.step_sizes[name])}" in text


def test_learning_scenes_end_on_the_stopping_rule(run_scene):
    for scene, preset in ((chapter.FittingW3W4B3, chapter.PART1), (chapter.LearningAllSeven, chapter.PART2)):
        trace = nnmath.build(preset)
        assert trace.message in run_scene(scene).strings
        assert trace.stopped_because == "step-size"


def test_chain_table_shape():
    trace = nnmath.build(chapter.PART2)
    grid, total = chain_table(trace, "w1", 0)
    assert len(grid) == 1 + trace.inputs.size  # header and one row per dosage
    assert all(len(row) == 1 + 4 + 1 for row in grid)
