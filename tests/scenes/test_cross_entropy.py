"""The cross-entropy chapter: headless builds, numbers from the two traces (and nnmath's
values outside them), each row's probabilities and -log(p), the column sum, the chain rule
worked once for b3 with every number, every descent step, every weight's derivative."""

import pytest

import nnmath
from tests.scenes.conftest import assert_only_trace_numbers, scene_classes, trace_numbers
from scenes import cross_entropy as chapter
from scenes.common.numbers import fmt, fmt_small, written_sum_is

SCENES = [chapter.CrossEntropyPerRow, chapter.WhyMinusLog, chapter.BackpropToSetosaBias,
          chapter.DeltaView]


def allowed():
    rows, descent = chapter.traces()
    # the chain rule's factors and each step's row terms come from nnmath outside the traces
    return trace_numbers(rows, descent, extra=chapter.extra_values())


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(chapter) == {cls.__name__ for cls in SCENES}


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_trace_numbers(run_scene, scene):
    assert_only_trace_numbers(run_scene(scene), allowed())


def test_each_row_shows_its_probabilities_and_its_cross_entropy(run_scene):
    written = run_scene(chapter.CrossEntropyPerRow)
    chain = nnmath.build(chapter.ROWS).chain()
    shown = written.strings
    assert "log: the natural log, base e" in shown
    observed = nnmath.build(chapter.ROWS).outputs.astype(int)
    for probs, loss, k in zip(chain.predictions, chain.row_losses, observed):
        for p in probs:  # all three SoftMax outputs of the row, in the output nodes
            assert fmt(p) in shown
        assert fmt(loss, 3) in shown
        # worked with its numbers, p to 3 places so that a calculator gives the same log
        assert rf"-\log({fmt(probs[k], 3)}) = {fmt(loss, 3)}" in shown
    # the column sum at 3 places: 0.566 + 0.551 + 0.657 is 1.774, so the total 1.775 says "about"
    terms = [fmt(v, 3) for v in chain.row_losses]
    assert not written_sum_is(fmt(chain.loss, 3), *terms)
    assert f"\u2248 {fmt(chain.loss, 3)}" in shown


def test_why_minus_log_compares_slopes_at_the_setosa_row(run_scene):
    written = run_scene(chapter.WhyMinusLog)
    descent = nnmath.build(chapter.DESCENT)
    shown = written.strings
    for p in chapter._setosa_points(descent):
        values = chapter._curve_values(p)
        assert values["log_slope"] == pytest.approx(-1 / p)
        assert values["sq_slope"] == pytest.approx(-2 * (1 - p))
        for v in values.values():
            assert any(s.endswith(fmt(v)) for s in shown)
    start_p = chapter._setosa_points(descent)[0]
    start = chapter._curve_values(start_p)
    # the steep slope worked out as minus one over the p shown
    assert f"-1/{fmt(start_p, chapter._p_places(start_p))} = {fmt(start['log_slope'])}" in shown
    assert abs(start["log_slope"]) > 3 * abs(start["sq_slope"])  # the point of the scene


def test_chain_rule_worked_once_then_every_step(run_scene):
    written = run_scene(chapter.BackpropToSetosaBias)
    trace = nnmath.build(chapter.DESCENT)
    text = " ".join(written.strings)
    p = trace.predictions[0][0, 0]
    terms = trace.chain(0).terms(chapter.BIAS)
    assert f"= p - 1 = {fmt(p, 3)} - 1 = {fmt(terms[0], 3)}" in text
    for r, k in enumerate(trace.outputs.astype(int)):  # the true species' p and its -log
        assert fmt(trace.predictions[0][r, k], 3) in written.strings
        assert fmt(trace.chain(0).row_losses[r]) in written.strings
    for v in terms:
        assert fmt(v) in written.strings
    step = trace.step(0)
    grad = step.gradients[chapter.BIAS]
    size, old, new = (step.step_sizes[chapter.BIAS], step.params[chapter.BIAS],
                      step.new_params[chapter.BIAS])
    assert rf"\text{{step size}} = {fmt(grad, 3)} \times 1 = {fmt(size, 3)}" in text
    assert rf"\text{{new }} b_3 = {fmt(old, 3)} - ({fmt(size, 3)})" in written.strings
    assert f"= {fmt(new, 3)}" in written.strings
    b3 = [*trace.param(chapter.BIAS)]
    assert {"after step", "b3 =", "total =", "Setosa row: p =", "last step ="} <= set(
        written.strings)
    sizes = trace.step_sizes[:, trace.index(chapter.BIAS)]
    for k in range(1, trace.n_steps + 1):  # the readout after every step
        assert str(k) in written.strings
        assert fmt(b3[k], 3) in written.strings
        assert fmt_small(sizes[k - 1], places=3) in written.strings
    assert f"stopped after {trace.n_steps} steps:" in written.strings
    assert f"total: {fmt(trace.loss[0])} \u2192 {fmt(trace.final_loss)}" in written.strings


def test_every_weight_gets_its_derivative_and_the_next_chapter_is_named(run_scene):
    written = run_scene(chapter.DeltaView)
    grads = nnmath.build(chapter.DESCENT).chain(0).as_dict()
    for name, v in grads.items():  # a bias's derivative is named as a bias's
        assert (f"b: {fmt(v)}" if name.startswith("b[") else fmt(v)) in written.strings
    assert any("convolutional neural networks" in s for s in written.strings)
