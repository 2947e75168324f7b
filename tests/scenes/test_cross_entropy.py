"""The cross-entropy chapter: headless builds, numbers from the two traces, each row's
-log(p), every descent step's row-by-row derivative, and the delta view's matrices."""

import numpy as np
import pytest

import nnmath
from nnmath.loss import cross_entropy, cross_entropy_grad
from tests.scenes.conftest import assert_only_trace_numbers, scene_classes, trace_numbers
from scenes import cross_entropy as chapter
from scenes.common.numbers import fmt, fmt_small

SCENES = [chapter.CrossEntropyPerRow, chapter.WhyMinusLog, chapter.BackpropToSetosaBias,
          chapter.DeltaView]


def allowed():
    rows, descent = nnmath.build(chapter.ROWS), nnmath.build(chapter.DESCENT)
    extra = [*rows.chain().row_losses, *rows.chain().delta2.ravel(), *rows.chain().delta1.ravel(),
             *rows.chain().gradients]
    for k in range(descent.n_steps):
        extra += [*descent.chain(k).terms(chapter.BIAS)]
    p = descent.chain(0).predictions[0, 0]
    good = rows.chain().predictions[0, 0]
    extra += [cross_entropy([[p]], [0])[0], cross_entropy_grad([[p]], [0])[0, 0],
              cross_entropy_grad([[good]], [0])[0, 0]]
    # the closing sentence is the trace's report, which writes losses with 4 figures
    report = {f"{descent.loss[0]:.4g}", f"{descent.final_loss:.4g}"}
    return trace_numbers(rows, descent, extra=extra) | report


def test_every_scene_of_the_chapter_is_tested():
    assert scene_classes(chapter) == {cls.__name__ for cls in SCENES}


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_scene_builds_and_writes_only_trace_numbers(run_scene, scene):
    assert_only_trace_numbers(run_scene(scene), allowed())


def test_rows_and_total(run_scene):
    written = run_scene(chapter.CrossEntropyPerRow)
    chain = nnmath.build(chapter.ROWS).chain()
    terms = " + ".join(fmt(v) for v in chain.row_losses)
    assert rf"\text{{Total}} = {terms} = {fmt(chain.loss)}" in written.strings
    assert terms == "0.57 + 0.55 + 0.66"


def test_every_step_is_written_row_by_row(run_scene):
    written = run_scene(chapter.BackpropToSetosaBias)
    trace = nnmath.build(chapter.DESCENT)
    text = " ".join(written.strings)
    for k in range(trace.n_steps):
        chain, step = trace.chain(k), trace.step(k)
        p = chain.predictions[0, 0]
        assert f"Row 1 (Setosa): {fmt(p)} - 1 = {fmt(p - 1)}" in text
        assert f"Row 2 (Virginica): {fmt(chain.predictions[1, 0])}" in text
        grad = step.gradients[chapter.BIAS]
        assert rf"\text{{step}} = {fmt_small(grad)} \times 1 = {fmt_small(step.step_sizes[chapter.BIAS])}" in text
        assert f"= {fmt(step.new_params[chapter.BIAS])}" in text
    assert trace.report().message.capitalize() in written.strings


def test_delta_view_shows_the_deltas_and_every_gradient(run_scene):
    written = run_scene(chapter.DeltaView)
    chain = nnmath.build(chapter.ROWS).chain()
    shown = written.strings
    for v in [*chain.delta2.ravel(), *chain.delta1.ravel(), *chain.gradients]:
        assert fmt(v) in shown
    # delta2 is p - 1 for the observed species and p for the others
    assert np.allclose(chain.delta2[0], chain.predictions[0] - [1, 0, 0])
