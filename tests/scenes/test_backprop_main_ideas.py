"""The backpropagation main-ideas chapter: headless builds, on-screen numbers from the trace."""

import pytest

import nnmath
from tests.scenes.conftest import assert_only_trace_numbers, scene_classes, trace_numbers
from scenes import backprop_main_ideas as chapter
from scenes.common.numbers import fmt, fmt_input, fmt_small

SCENES = [chapter.ResidualsAndSSR, chapter.ChainRuleForB3, chapter.GradientDescentOnB3]


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(chapter) == {cls.__name__ for cls in SCENES}


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_trace_numbers(run_scene, scene):
    assert_only_trace_numbers(run_scene(scene), trace_numbers(nnmath.build("main-ideas")))


def test_residuals_and_ssr_at_b3_zero(run_scene):
    written = run_scene(chapter.ResidualsAndSSR)
    trace = nnmath.build("main-ideas")
    text = " ".join(written.strings)
    for p in trace.predictions[0]:
        assert f"({fmt(p)})" in text or f" {fmt(p)})" in text
    assert f"= {fmt(trace.loss[0])}" in text


def test_every_step_is_written_with_its_numbers(run_scene):
    written = run_scene(chapter.GradientDescentOnB3)
    trace = nnmath.build("main-ideas")
    text = " ".join(written.strings)
    for k in range(trace.n_steps):
        step = trace.step(k)
        slope = fmt_small(step.gradients["b3"])
        assert f"slope = {slope}" in written.strings, k
        assert f"= {slope} \\times {fmt_input(step.learning_rate)} = {fmt_small(step.step_sizes['b3'])}" in text, k
        assert f"= {fmt(step.params['b3'])} - ({fmt_small(step.step_sizes['b3'])}) = {fmt(step.new_params['b3'])}" in text, k
        assert f"Step {k + 1}" in written.strings
    assert f"stop at b3 = {fmt(trace.final()['b3'])}" in text
    assert f"Step {trace.n_steps + 1}" not in written.strings


def test_chain_rule_with_the_numbers_of_step_0(run_scene):
    written = run_scene(chapter.ChainRuleForB3)
    trace = nnmath.build("main-ideas")
    chain = trace.chain(0)
    text = " ".join(written.strings)
    for o, p in zip(trace.outputs, chain.predictions):
        assert f"2({fmt_input(o)} - {fmt(p) if p >= 0 else '(' + fmt(p) + ')'})" in text
    assert f"= {fmt(chain.gradient('b3'))}" in text
    factor = fmt_input(chain.factors["dPredicted/db3"][0])
    assert rf"\times {factor}" in text
    assert f"dPredicted/db3 = {factor}: b3 just shifts the squiggle" in written.strings
