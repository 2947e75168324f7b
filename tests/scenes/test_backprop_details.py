"""The backpropagation-details chapter: chain-rule tables with the numbers plugged in, the
first steps, and the learning runs, every number from the two traces."""

import numpy as np
import pytest

import nnmath
from tests.scenes.conftest import assert_only_trace_numbers, scene_classes, trace_numbers
from scenes import backprop_details as chapter
from scenes.common.chain_table import ChainTable, StepTable, step_parts, sum_tex
from scenes.common.numbers import fmt, fmt_small, written_product_is, written_sum_is

SCENES = [chapter.ThreeDerivatives, chapter.FittingW3W4B3, chapter.ChainThroughHiddenNode,
          chapter.LearningAllSeven]


def chain_values(trace, k=0):
    chain = trace.chain(k)
    values = [v for arr in chain.factors.values() for v in arr]
    values += [t for name in trace.optimised for t in chain.terms(name)]
    values += [v for arr in trace.forward(k=k).as_dict().values() for v in np.ravel(arr)]
    return values + list(chain.gradients)


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(chapter) == {cls.__name__ for cls in SCENES}


def test_the_chapter_names_both_traces():
    assert [t.preset for t in chapter.traces()] == [chapter.PART1, chapter.PART2]


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_trace_numbers(run_scene, scene):
    one, two = nnmath.build(chapter.PART1), nnmath.build(chapter.PART2)
    allowed = trace_numbers(one, two, extra=chain_values(one) + chain_values(two))
    assert_only_trace_numbers(run_scene(scene), allowed)


def test_hidden_node_tables_have_four_factors_with_the_trace_numbers(run_scene):
    written = run_scene(chapter.ChainThroughHiddenNode)
    trace = nnmath.build(chapter.PART2)
    chain = trace.chain(0)
    for name in chapter.HIDDEN:
        path = chain.paths[name]
        assert len(path) == 4 and path[0] == "dSSR/dPredicted"
        for factor in path:
            for value in chain.factors[factor]:
                assert fmt(value) in written.strings
        for term in chain.terms(name):
            assert fmt(term) in written.strings
        assert sum_tex(trace, name, 0) in written.strings
    # x1 at each dosage is written, so its slope on softplus can be read
    for x in trace.forward(k=0).x1:
        assert fmt(x) in written.strings
    # the chain's gradient is the one gradient descent used
    assert np.allclose(chain.gradients, trace.gradients[0])


def test_part_one_points_at_the_residuals_and_the_node_outputs(run_scene):
    written = run_scene(chapter.ThreeDerivatives)
    trace = nnmath.build(chapter.PART1)
    fw = trace.forward(k=0)
    residuals = trace.outputs - trace.predictions[0]
    for values in (fw.y1, fw.y2, residuals):  # labelled on the plot beside the tables
        for v in values:
            assert fmt(v) in written.strings


def test_part_one_tables_and_first_step(run_scene):
    written = run_scene(chapter.ThreeDerivatives)
    trace = nnmath.build(chapter.PART1)
    text = " ".join(written.strings)
    step = trace.step(0)
    for name in ("w3", "w4", "b3"):
        assert sum_tex(trace, name, 0) in written.strings
        assert f"{fmt_small(step.gradients[name])} \\times 0.1 = {fmt_small(step.step_sizes[name])}" in text
        assert f"= {fmt(step.new_params[name])}" in text


@pytest.mark.parametrize("preset", [chapter.PART1, chapter.PART2])
def test_written_arithmetic_says_about_when_the_shown_numbers_do_not_agree(preset):
    trace = nnmath.build(preset)
    chain = trace.chain(0)
    for name in trace.optimised:
        terms = [fmt(x) for x in chain.terms(name)]
        exact = written_sum_is(fmt(chain.gradient(name)), *terms)
        assert ("\\approx" not in sum_tex(trace, name, 0)) == exact
        table = ChainTable(trace, name, 0)
        for i, t in enumerate(chain.terms(name)):  # each product says "about" on its own
            exact = written_product_is(fmt(t), *[fmt(chain.factors[f][i])
                                                 for f in chain.paths[name]])
            cell = table.products[1 + i]
            assert (len(cell) == 2 and cell[0].tex_string == "\\approx") == (not exact)
            assert (cell[-1] if not exact else cell).tex_string == fmt(t)
        size, new = step_parts(trace, 0, name)
        assert ("\\approx" in size) or written_product_is(size.split()[-1], *size.split()[0:3:2])


def test_learning_scenes_show_the_log_scale_and_where_the_run_stops(run_scene):
    for scene, preset in ((chapter.FittingW3W4B3, chapter.PART1), (chapter.LearningAllSeven, chapter.PART2)):
        trace = nnmath.build(preset)
        strings = run_scene(scene).strings
        text = " ".join(strings)
        assert "SSR (log scale)" in strings
        assert "stop when every step size \u2264 0.001" in strings
        assert trace.stopped_because == "step-size"
        assert f"SSR = {fmt_small(trace.final_loss, figures=3)}" in text  # as the readout
        for name in trace.optimised:
            assert f"{name} = {fmt(trace.final()[name])}" in text


def test_chain_table_shape():
    trace = nnmath.build(chapter.PART2)
    table = ChainTable(trace, "w1", 0)
    assert len(table.head) == 1 + trace.inputs.size  # "Dosage" and each dosage
    assert len(table.rows) == 4 and all(len(row) == 1 + trace.inputs.size for row in table.rows)
    assert len(table.products) == 1 + trace.inputs.size
    steps = StepTable(trace, 0, trace.optimised)
    assert [len(block) for block in steps.blocks] == [1 + 7, 1 + 7]


def test_learning_run_shows_the_ssr_and_every_learned_parameter_live():
    from scenes.common.learning_run import learning_run
    trace = nnmath.build(chapter.PART2)
    run = learning_run(trace)
    run.tracker.set_value(len(run.steps) - 1)
    run.readout.update()
    shown = run.readout.shown_values()
    assert shown["Step"] == str(trace.n_steps)
    assert shown["SSR"] == fmt_small(trace.final_loss, figures=3) != "0.00"
    for name in trace.optimised:
        assert shown[name] == fmt(trace.final()[name])
        assert run.readout.cells[name][1].text == shown[name]  # what is drawn
