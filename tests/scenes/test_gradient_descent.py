"""The gradient-descent chapter: headless builds, numbers from the traces, the run's
verdicts (diverged, crawls, converged) taken from nnmath's report."""

import pytest

import nnmath
from tests.scenes.conftest import assert_only_trace_numbers, scene_classes, trace_numbers
from scenes import gradient_descent as chapter
from scenes.common.numbers import fmt, fmt_input, fmt_small

SCENES = [chapter.LineAndSSR, chapter.DescentOnIntercept, chapter.InterceptAndSlope,
          chapter.LearningRateMatters, chapter.StochasticVersusBatch]


def chapter_traces():
    runs = [nnmath.build(chapter.ONE, **kw) for _, kw in chapter.RATES]
    return [nnmath.build(chapter.ONE), nnmath.build(chapter.TWO),
            nnmath.build(chapter.TWO, **chapter.STOCHASTIC), *runs]


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(chapter) == {cls.__name__ for cls in SCENES}


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_trace_numbers(run_scene, scene):
    assert_only_trace_numbers(run_scene(scene), trace_numbers(*chapter_traces()))


def test_each_intercept_step_is_written_with_its_numbers(run_scene):
    written = run_scene(chapter.DescentOnIntercept)
    trace = nnmath.build(chapter.ONE)
    text = " ".join(written.strings)
    for k in range(trace.n_steps):
        step = trace.step(k)
        size = fmt_small(step.step_sizes["intercept"])
        assert f"= {fmt_small(step.gradients['intercept'])} \\times 0.1 = {size}" in text
        assert f"({size}) = {fmt(step.new_params['intercept'])}" in text
    # first step as in the lecture: slope -5.70, step size -0.57, new intercept 0.57
    assert r"-5.70 \times 0.1 = -0.57" in text and "= 0.57" in text
    last = trace.step(trace.n_steps - 1).step_sizes["intercept"]
    assert abs(last) <= trace.settings["tolerance"]
    assert f"Step size {fmt_small(last)}: closer to 0 than 0.001, so stop" in written.strings
    assert f"Intercept = {fmt(trace.final()['intercept'])} after {trace.n_steps} steps" in written.strings


def test_learning_rate_captions_come_from_the_reports(run_scene):
    written = run_scene(chapter.LearningRateMatters)
    verdicts = {}
    for what, kw in chapter.RATES:
        report = nnmath.build(chapter.ONE, **kw).report()
        verdicts[what] = report.behaviour
        assert f"{chapter.VERDICTS[report.behaviour]}: {report.steps} steps" in written.strings
    assert verdicts == {"just right": "converged", "too large": "diverged",
                        "too small": "crawling", "large, shrinking": "converged"}
    shrinking = nnmath.build(chapter.ONE, **chapter.RATES[3][1])
    rates = ", ".join(fmt_input(r) for r in shrinking.learning_rates[:3])
    assert f"rates {rates}, ..." in written.strings


def test_stochastic_and_batch_runs_are_described_by_their_traces(run_scene):
    written = run_scene(chapter.StochasticVersusBatch)
    batch, sgd = nnmath.build(chapter.TWO), nnmath.build(chapter.TWO, **chapter.STOCHASTIC)
    assert f"{batch.n_steps} steps \u00d7 3 points" in written.strings
    assert f"{sgd.n_steps} steps \u00d7 1 point" in written.strings
    assert f"SSR at the end: {fmt(sgd.final_loss)}" in written.strings
    assert sgd.batches is not None and sgd.settings["seed"] == chapter.STOCHASTIC["seed"]


def test_two_derivatives_at_the_start(run_scene):
    written = run_scene(chapter.InterceptAndSlope)
    trace = nnmath.build(chapter.TWO)
    text = " ".join(written.strings)
    g = trace.step(0).gradients
    assert f"= {fmt(g['intercept'])}" in text and f"= {fmt(g['slope'])}" in text
    assert trace.message in written.strings
