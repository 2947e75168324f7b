"""bench/loops.py, the plain-loop version of every preset that nnmath is timed against,
computes the same trace as nnmath: a second, independent implementation of the
forward passes, the backpropagation and the stopping rules."""

import numpy as np
import pytest

import nnmath
from bench.loops import run_preset


@pytest.mark.parametrize("name", nnmath.preset_names())
def test_loops_give_the_same_trace(name):
    trace = nnmath.build(name)
    loops = run_preset(name)
    assert loops["stopped_because"] == trace.stopped_because
    assert len(loops["loss"]) == trace.n_steps
    assert np.allclose(loops["final_params"], trace.final_params, rtol=1e-9, atol=1e-12)
    if trace.n_steps:
        assert np.allclose(loops["loss"], trace.loss, rtol=1e-9)
        assert np.allclose(loops["gradients"], trace.gradients, rtol=1e-7, atol=1e-10)
        assert np.allclose(loops["params"], trace.params, rtol=1e-9, atol=1e-12)
    if np.isfinite(trace.final_loss):
        assert loops["final_loss"] == pytest.approx(trace.final_loss, rel=1e-9)
        assert np.allclose(loops["final_predictions"], trace.final_predictions, rtol=1e-9, atol=1e-12)
    else:
        assert not np.isfinite(loops["final_loss"])
