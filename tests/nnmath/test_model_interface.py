"""Every kind implements the declared model interface, and nothing outside a model asks
which kind it is."""

import re
from pathlib import Path

import numpy as np
import pytest

import nnmath
from nnmath.activations import Activation
from nnmath.model import KINDS, Model

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", nnmath.preset_names())
def test_every_parameter_sits_somewhere_in_its_layout(name):
    model = nnmath.build(name).model()
    layout = model.layout()
    placed = list(layout.weights) + list(layout.biases)
    assert sorted(placed) == sorted(model.param_names)
    nodes = {n for layer in layout.layers for n in layer}
    assert all(a in nodes and b in nodes for a, b in layout.weights.values())
    assert set(layout.biases.values()) <= nodes
    for node in layout.hidden:
        for param in layout.params_of(node):
            ends = layout.weights.get(param, (layout.biases.get(param),))
            assert node in ends


@pytest.mark.parametrize("name", nnmath.preset_names())
def test_activations_carry_their_formulas(name):
    for act in nnmath.build(name).model().activations().values():
        assert isinstance(act, Activation)
        assert act.tex_name.startswith(r"\text{") and "#" in act.tex and act.formula
        assert act.tex_of("2.14") != act.tex_of("x")


def test_layout_names_weights_and_biases_by_where_they_sit():
    layout = nnmath.build("iris").model().layout()
    assert layout.weight("petal", "top") == "w[petal->top]"
    assert layout.bias("setosa") == "b[setosa]"
    with pytest.raises(nnmath.UnknownNameError):
        layout.weight("top", "petal")
    dosage = nnmath.build("black-box").model().layout()
    assert dosage.params_of("top") == ("w1", "b1", "w3")


def test_node_curves_where_a_model_has_them():
    grid = np.linspace(0, 1, 5)
    for name in ("details-all", "relu"):
        trace = nnmath.build(name)
        curves = trace.model().node_curves(trace.final_params[None, :], grid)
        fw = trace.forward(grid)
        assert np.array_equal(curves["nodes"][:, 0], np.stack([fw.scaled1, fw.scaled2]))
    with pytest.raises(nnmath.UnknownNameError, match="no hidden-node curves"):
        nnmath.build("cnn-forward").model().node_curves(np.zeros((1, 1)), grid)


def test_every_kind_is_a_model_and_declares_predict():
    assert {"line", "dosage", "dense", "cnn"} <= set(KINDS)
    assert "predict" in Model.__abstractmethods__
    for cls in KINDS.values():
        assert issubclass(cls, Model) and not cls.__abstractmethods__


#: a model's or a trace's kind compared with something (an array's dtype.kind is not one)
KIND_TEST = re.compile(r"(?<!dtype)\.kind\s*(==|!=|in\b|not in\b)")


def test_nothing_outside_a_model_branches_on_a_kind_name():
    """A kind's name is compared only where a kind is registered or looked up."""
    offenders = []
    for folder in ("nnmath", "app", "scenes"):
        for path in (ROOT / folder).rglob("*.py"):
            for n, line in enumerate(path.read_text().splitlines(), 1):
                if KIND_TEST.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_the_kind_check_finds_a_branch_on_a_kind_name():
    assert KIND_TEST.search('    if trace.kind == "dosage":')
    assert KIND_TEST.search('    if trace.kind in ("dense", "cnn"):')
    assert not KIND_TEST.search('    kind = "dosage"')
    assert not KIND_TEST.search('    if values.dtype.kind == "f":')
