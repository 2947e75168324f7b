"""The gradient-descent chapter: headless builds, numbers from the traces, each step written
as the lecture teaches it (prediction = intercept + slope x weight inside the derivative,
step size = derivative x learning rate, new = old - step size, "=" only where the written
numbers agree), the stopping rules and the runs' verdicts taken from nnmath."""

import re
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest

import nnmath
from nnmath.loss import residuals
from tests.scenes.conftest import assert_only_trace_numbers, scene_classes, trace_numbers
from scenes import gradient_descent as chapter
from scenes.common.equations import line_step
from scenes.common.numbers import fmt, fmt_input, fmt_small

SCENES = [chapter.LineAndSSR, chapter.DescentOnIntercept, chapter.InterceptAndSlope,
          chapter.LearningRateMatters, chapter.StochasticVersusBatch]


def chapter_traces():
    return chapter.traces()


def line_extras():
    """Values of the line traces a scene may also write: residuals (observed - predicted)
    and how far the two-parameter run stopped from the lowest SSR (nnmath's report)."""
    extra = [*chapter.extra_values()]
    for trace in chapter_traces():
        extra += list(np.ravel(residuals(trace.outputs, trace.predictions)))
    return extra


def test_traces_name_every_run_the_chapter_reads():
    runs = chapter_traces()
    assert [t.settings["learning_rate"] for t in runs[:3]] == [0.1, 0.01, 0.01]
    assert runs[2].settings["batch_size"] == 1
    rates = {t.settings["learning_rate"] for t in runs[3:6]}
    assert rates == {kw["learning_rate"] for _, kw in chapter.RATES[1:]}


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(chapter) == {cls.__name__ for cls in SCENES}


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_trace_numbers(run_scene, scene):
    assert_only_trace_numbers(run_scene(scene), trace_numbers(*chapter_traces(),
                                                              extra=line_extras()))


def written_value(text: str) -> Decimal:
    """A written derivative term, -2(o - (b + s \\times w)), worked out exactly."""
    expr = text.replace(r"\times", "*").replace("2(", "2*(")
    expr = re.sub(r"\d+(?:\.\d+)?", lambda m: f"Decimal('{m.group(0)}')", expr)
    return eval(expr, {"Decimal": Decimal})  # digits, brackets, + - * only (from line_step)


def test_each_step_is_written_with_its_numbers_and_adds_up():
    trace = nnmath.build(chapter.ONE)
    for k in range(trace.n_steps):
        w, step = line_step(trace, k), trace.step(k)
        # the prediction inside every term is intercept + slope x weight, numbers plugged in
        for term, x in zip(w.terms["intercept"], trace.inputs):
            assert f"({w.intercept} + {fmt(step.params['slope'])} \\times {fmt_input(x)})" in term
        total = sum(written_value(t) for t in w.terms["intercept"])
        close = abs(total - Decimal(w.derivative["intercept"])) <= Decimal("0.01")
        places = Decimal(1).scaleb(-len(w.derivative["intercept"].split(".")[1]))
        agrees = total.quantize(places, rounding=ROUND_HALF_UP) == Decimal(w.derivative["intercept"])
        assert close and (w.equals["intercept"] == "=") == agrees
        for shown, value in ((w.size["intercept"], step.step_sizes["intercept"]),
                             (w.new["intercept"], step.new_params["intercept"])):
            half = 0.5 * 10 ** -len(shown.split(".")[1])  # rounded, not wrong
            assert float(shown) == pytest.approx(value, abs=half * 1.0001)
        if w.minus["intercept"] == "=":
            assert Decimal(w.old["intercept"]) - Decimal(w.size["intercept"]) == Decimal(w.new["intercept"])
    first = line_step(trace, 0)
    assert (first.derivative["intercept"], first.size["intercept"], first.new["intercept"]) == \
        ("-5.70", "-0.57", "0.57")


def test_each_term_is_minus_two_times_its_written_residual():
    """The row of terms holds against the residuals written above it: -2 x each written
    residual, rounded, is the written term, and the terms add up to the written total
    wherever "=" stands between them."""
    from scenes.common.line_story import residual_terms
    from scenes.common.numbers import written_product_is
    trace = nnmath.build(chapter.ONE)
    for k in range(trace.n_steps):
        r, g, total, rel, _ = residual_terms(trace, k)
        true = residuals(trace.outputs, trace.predictions[k])
        for x, term, value in zip(r, g, true):
            assert written_product_is(term, "-2", x), (k, x, term)
            assert float(x) == pytest.approx(value, abs=0.5001 * 10 ** -len(x.split(".")[1]))
        adds = sum(Decimal(x) for x in g).quantize(Decimal(1).scaleb(
            -len(total.split(".")[1])), rounding=ROUND_HALF_UP) == Decimal(total)
        assert (rel == "=") == adds, (k, g, total, rel)
    assert residual_terms(trace, 1)[:2] == (["0.5096", "-0.1424", "0.7736"],
                                            ["-1.019", "0.285", "-1.547"])


def test_descent_on_intercept_shows_each_step_and_the_stopping_rule(run_scene):
    written = run_scene(chapter.DescentOnIntercept)
    trace = nnmath.build(chapter.ONE)
    text = " ".join(written.strings)
    for k in range(trace.n_steps):
        w = line_step(trace, k)
        assert rf"{w.derivative['intercept']} \times 0.1 {w.times['intercept']} {w.size['intercept']}" in text
        assert f"{w.old['intercept']} - ({w.size['intercept']})" in text
    assert r"-2(1.4 - (0.57 + 0.64 \times 0.5))" in text  # step 2's first term
    assert r"= -2(1.080) - 2(0.428) - 2(1.344)" in text  # step 1's terms as -2 x residual
    assert r"= -2.160 - 0.856 - 2.688 = -5.70" in text
    assert r"\text{New intercept} = \text{old} - \text{step size}" in text
    last = trace.step(trace.n_steps - 1).step_sizes["intercept"]
    assert abs(last) <= trace.settings["tolerance"]
    assert f"|step size| = {fmt_small(abs(last), figures=3)} < 0.001: stop" in written.strings
    assert f"intercept = {fmt(trace.final()['intercept'])} after {trace.n_steps} steps" in written.strings
    assert "stop when |step size| < 0.001," in written.strings
    assert "or after 1000 steps" in written.strings


def test_learning_rate_captions_come_from_the_reports(run_scene):
    written = run_scene(chapter.LearningRateMatters)
    verdicts = {}
    for what, kw in chapter.RATES:
        report = nnmath.build(chapter.ONE, **kw).report()
        verdicts[what] = report.behaviour
        assert f"{what}: {chapter.VERDICTS[report.behaviour]}" in written.strings
        assert any(s.startswith(f"{report.steps} steps") for s in written.strings)
    assert verdicts == {"just right": "converged", "too large": "diverged",
                        "too small": "crawling", "shrinking": "converged"}
    shrinking = nnmath.build(chapter.ONE, **chapter.RATES[3][1])
    rates = ", ".join(fmt_input(r) for r in shrinking.learning_rates[:3])
    assert f"rates {rates}, ..." in written.strings
    best = nnmath.build(chapter.ONE).final()["intercept"]
    assert f"intercept {fmt(best)}" in written.strings  # the lowest point is marked
    large = nnmath.build(chapter.ONE, **chapter.RATES[1][1])
    assert f"after {large.n_steps} steps:" in written.strings  # where the diverging run ends
    assert f"intercept {fmt(large.final()['intercept'])}" in written.strings
    for x in large.param("intercept")[1:5]:  # its first jumps, each landing written
        assert fmt(x) in written.strings
    small = nnmath.build(chapter.ONE, **chapter.RATES[2][1])
    assert f"stops at {fmt(small.final()['intercept'])}" in written.strings
    assert f"{fmt(small.report().remaining['intercept'])} short" in written.strings


def test_stochastic_and_batch_runs_are_described_by_their_traces(run_scene):
    written = run_scene(chapter.StochasticVersusBatch)
    batch, sgd = nnmath.build(chapter.TWO), nnmath.build(chapter.TWO, **chapter.STOCHASTIC)
    assert f"{batch.n_steps} steps \u00d7 3 points" in written.strings
    assert f"{sgd.n_steps} steps \u00d7 1 point" in written.strings
    assert f"final SSR {fmt(sgd.final_loss)}" in written.strings
    assert sgd.batches is not None and sgd.settings["seed"] == chapter.STOCHASTIC["seed"]
    assert sgd.stopped_because != "step-size"  # it never settles: it runs to the limit
    text = " ".join(written.strings)
    for k in range(3):  # each of the first steps uses one point: one term per derivative
        i = int(sgd.batches[k][0])
        assert f"-2({fmt_input(sgd.outputs[i])} - " in text
        assert fmt_small(sgd.gradients[k, 0]) in text


def test_intercept_and_slope_states_start_rate_and_why_it_stops(run_scene):
    written = run_scene(chapter.InterceptAndSlope)
    trace, before = nnmath.build(chapter.TWO), nnmath.build(chapter.ONE)
    text = " ".join(written.strings)
    g = trace.step(0).gradients
    assert f"= {fmt(g['intercept'])}" in text and f"= {fmt(g['slope'])}" in text
    assert r"\text{Predicted} = 0 + 1 \times \text{weight}" in text  # the start
    assert "learning rate = 0.01 (before: 0.1)" in written.strings
    assert f"SSR = {fmt(trace.loss[0])}" in written.strings  # the contour through the start
    assert f"({fmt(before.final()['intercept'])}, {fmt(before.final()['slope'])})" in written.strings
    assert trace.stopped_because == "step-size"
    assert f"both |step sizes| < 0.001: stop after {trace.n_steps} steps" in written.strings
    gap = trace.report().remaining["intercept"]
    assert any(f"about {fmt(gap, 3)} short" in s for s in written.strings)
