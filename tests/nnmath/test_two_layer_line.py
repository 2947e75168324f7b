"""A kind defined outside nnmath (tests/nnmath/two_layer_line.py) works everywhere a
lecture kind does: its preset runs, its trace exports, loads back exactly and validates,
its chain view and lean gradient agree to the last bit and with finite differences, and
its node curves, report and layout come from the same interface."""

import json

import numpy as np
import pytest

import nnmath
from nnmath.export import check_trace, from_csv, from_json, from_npz_bytes, to_csv, to_json, to_npz_bytes
from nnmath.fit import node_curves
from nnmath.models import make_model
from nnmath.presets import run_preset

from .two_layer_line import PRESET, TwoLayerLine


@pytest.fixture(scope="module")
def trace():
    return run_preset(PRESET)


def test_the_kind_registers_itself_by_being_defined():
    assert isinstance(make_model("two-layer-line"), TwoLayerLine)
    assert "two-layer-line" not in nnmath.PRESETS  # not shipped


def test_its_preset_descends_and_fits_the_data(trace):
    assert trace.kind == "two-layer-line" and trace.n_steps > 10
    assert trace.loss[-1] < trace.loss[0] / 2
    # a line through a line is a line: the best it can do is the least-squares line's SSR
    x, y = np.array(PRESET.data[0]), np.array(PRESET.data[1])
    slope, intercept = np.polyfit(x, y, 1)
    best = float(np.sum((y - (slope * x + intercept)) ** 2))
    assert best <= trace.final_loss < best + 0.05


@pytest.mark.parametrize("write,read", [(to_json, from_json), (to_csv, from_csv),
                                        (to_npz_bytes, from_npz_bytes)])
def test_it_exports_and_loads_back_exactly(trace, write, read):
    back = read(write(trace))
    assert back == trace
    assert back.params.tobytes() == trace.params.tobytes()


def test_its_export_carries_its_forward_pass(trace):
    final = json.loads(to_json(trace))["final"]
    assert list(final["forward"]) == ["middle", "predicted"]
    assert final["forward"]["predicted"] == trace.final_predictions.tolist()


def test_its_trace_validates_and_a_broken_one_does_not(trace):
    assert check_trace(trace) is trace
    text = json.loads(to_json(trace))
    text["steps"][0]["loss"] += 1.0  # not what its model computes at its parameters
    with pytest.raises(nnmath.TraceFormatError):
        from_json(json.dumps(text))


def test_chain_and_lean_gradient_agree_bit_for_bit_and_with_finite_differences(trace):
    model = trace.model()
    for k in (0, 5, trace.n_steps - 1):
        theta, x, y = trace.params[k], trace.inputs, trace.outputs
        chain = model.chain(theta, x, y)
        loss, predicted, grads = model.loss_grad(theta, x, y)
        assert chain.gradients.tobytes() == grads.tobytes()
        assert chain.loss == loss and chain.predictions.tobytes() == predicted.tobytes()
        for name in model.param_names:
            assert np.isclose(chain.terms(name).sum(), chain.gradient(name), rtol=1e-12)
        h = 1e-6
        for i in range(4):
            up, down = theta.copy(), theta.copy()
            up[i] += h
            down[i] -= h
            numeric = (model.loss_grad(up, x, y)[0] - model.loss_grad(down, x, y)[0]) / (2 * h)
            assert np.isclose(numeric, grads[i], rtol=1e-5, atol=1e-7)


def test_node_curves_report_and_layout_come_from_the_interface(trace):
    grid = np.linspace(0, 3, 7)
    curves = node_curves(trace, grid, [0, trace.n_steps])
    assert curves["nodes"].shape == (1, 2, 7)
    assert np.allclose(curves["output"][1], trace.model().predict(trace.final_params, grid))
    assert trace.report().behaviour in nnmath.BEHAVIOURS
    layout = trace.model().layout()
    assert layout.hidden == ("middle",) and layout.params_of("middle") == ("a", "b", "c")
