"""The backpropagation main-ideas chapter: headless builds, on-screen numbers from the trace."""

import pytest

import nnmath
from tests.scenes.conftest import assert_only_trace_numbers, scene_classes, trace_numbers
from scenes import backprop_main_ideas as chapter
import re
from decimal import Decimal

from nnmath.loss import residuals
from scenes.common.numbers import decimals, fmt, fmt_input, fmt_small, rounded, written_sum_is

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
    places = chapter.residual_places(trace, 0)
    squares = " + ".join(f"{fmt(r, places)}^2" for r in residuals(trace.outputs, trace.predictions[0]))
    assert f"{squares} = {fmt(trace.loss[0])}" in text
    # the squares of the residuals as written add up to the SSR as written
    total = sum(Decimal(fmt(r, places)) ** 2 for r in residuals(trace.outputs, trace.predictions[0]))
    assert str(rounded(total, 2)) == fmt(trace.loss[0])
    assert f"SSR = {fmt(trace.loss[0])}" in written.strings  # stays beside its point


def test_every_step_is_written_with_its_numbers(run_scene):
    written = run_scene(chapter.GradientDescentOnB3)
    trace = nnmath.build("main-ideas")
    text = " ".join(written.strings)
    for k in range(trace.n_steps):
        step = trace.step(k)
        slope, size = fmt_small(step.gradients["b3"]), chapter.step_text(trace, k)
        written_slope = slope
        if abs(step.step_sizes["b3"]) < 2 * trace.settings["tolerance"]:  # near the limit:
            assert len(size.lstrip("-0.")) == 3, size  # three significant figures, and the
            written_slope = fmt_small(step.gradients["b3"], figures=3)  # slope's as many
        assert f"slope = {slope}" in written.strings, k
        assert re.search(rf"= {re.escape(written_slope)} \\times {fmt_input(step.learning_rate)} "
                         rf"(=|\\approx) {re.escape(size)}", text), k
        q = max(2, decimals(size))
        old, new = fmt(step.params["b3"], q), fmt(step.new_params["b3"], q)
        exact = written_sum_is(new, old, size[1:] if size.startswith("-") else "-" + size)
        # "=" only where the written numbers give the written result; else "about"
        row = f"= {old} - ({size}) {'=' if exact else chr(92) + 'approx'} {new}"
        assert row in text, (k, row)
        assert f"Step {k + 1}" in written.strings
    assert f"stop at b3 = {fmt(trace.final()['b3'])}" in text
    assert f"Step {trace.n_steps + 1}" not in written.strings


def test_chain_rule_with_the_numbers_of_step_0(run_scene):
    written = run_scene(chapter.ChainRuleForB3)
    trace = nnmath.build("main-ideas")
    chain = trace.chain(0)
    text = " ".join(written.strings)
    places = chapter.chain_places(trace, 0)
    r = residuals(trace.outputs, trace.predictions[0])
    slope = fmt_small(chain.gradient("b3"))
    doubled = " ".join(("-" if i == 0 else "- ") + f"2({fmt(x, places)})" for i, x in enumerate(r))
    assert f"= {doubled}" in text and f"= {slope}" in text
    # minus two times each residual as written, added up, is the slope as written
    total = sum(-2 * Decimal(fmt(x, places)) for x in r)
    assert rounded(total, decimals(slope)) == Decimal(slope)
    for x in r:  # the residuals are written on the picture
        assert fmt(x, places) in written.strings
    factor = fmt_input(chain.factors["dPredicted/db3"][0])
    assert rf"\frac{{d\,\text{{Predicted}}}}{{d\,b_3}} = {factor}" in text
    assert r"\text{Predicted} = " in text and r"+ b_3" in text
