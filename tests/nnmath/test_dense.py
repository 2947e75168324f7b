"""The general dense network: forward values by hand, backpropagation (delta2 / delta1)
against the dosage network's closed form and against finite differences, the Iris presets
and bad input."""

import numpy as np
import pytest

from nnmath import DataError, DosageNetwork, NNMathError, build, gradient_descent, load, save
from nnmath.dense import DenseNetwork
from nnmath.presets import IRIS_WEIGHTS

DOSAGE = dict(w1=3.34, b1=-1.43, w2=-3.53, b2=0.57, w3=-1.22, w4=-2.30, b3=0.4)
SETTINGS = [  # (activation, output, loss, observed values for 4 rows)
    ("relu", "softmax", "cross-entropy", [0, 2, 1, 2]),
    ("softplus", "softmax", "ssr", [[1, 0, 0], [0, 0, 1], [0, 1, 0], [0.2, 0.3, 0.5]]),
    ("sigmoid", "identity", "ssr", [[0.5, 1, 2], [1, 0, 0], [0, 1, 3], [2, 2, 2]]),
    ("softplus", "relu", "ssr", [[0.5, 1, 2], [1, 0, 0], [0, 1, 3], [2, 2, 2]]),
]


def as_dense(output="identity", activation="softplus"):
    net = DenseNetwork(inputs=("dosage",), hidden=("top", "bottom"), outputs=("efficacy",),
                       activation=activation, output=output, loss="ssr")
    p = DOSAGE
    vec = net.pack([[p["w1"]], [p["w2"]]], [p["b1"], p["b2"]], [[p["w3"], p["w4"]]], [p["b3"]])
    return net, vec


def dosage_order(net, grads):
    named = dict(zip(net.param_names, grads))
    return [named[k] for k in ("w[dosage->top]", "b[top]", "w[dosage->bottom]", "b[bottom]",
                               "w[top->efficacy]", "w[bottom->efficacy]", "b[efficacy]")]


@pytest.mark.parametrize("activation,output", [("softplus", "identity"), ("relu", "relu"),
                                               ("sigmoid", "identity")])
def test_general_backprop_equals_the_dosage_closed_form(activation, output):
    dosage = DosageNetwork(activation, output_activation=output)
    net, vec = as_dense(output, activation)
    x, y = np.array([0.0, 0.5, 1.0]), np.array([0.0, 1.0, 0.0])
    closed = dosage.chain(DOSAGE, x, y)
    general = net.chain(vec, x[:, None], y)
    assert np.isclose(general.loss, closed.loss)
    assert np.allclose(general.predictions[:, 0], closed.predictions)
    assert np.allclose(dosage_order(net, general.gradients), closed.gradients)
    # each row's part too: delta2 is dSSR/dPredicted * dPredicted/dRaw of the closed form
    assert np.allclose(general.terms("b[efficacy]"), closed.terms("b3"))
    assert np.allclose(general.terms("w[dosage->top]"), closed.terms("w1"))


def random_case(seed, activation, output, loss):
    rng = np.random.default_rng(seed)
    net = DenseNetwork(inputs=3, hidden=4, outputs=3, activation=activation, output=output,
                       loss=loss)
    return net, rng.normal(size=len(net.param_names)), rng.uniform(-1, 1, size=(4, 3))


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("activation,output,loss,observed", SETTINGS)
def test_backprop_matches_finite_differences_on_random_networks(seed, activation, output, loss,
                                                                observed):
    net, theta, x = random_case(seed, activation, output, loss)
    _, y = net.check_data(x, observed)
    chain = net.chain(theta, x, y)
    h = 1e-6
    numeric = np.empty_like(theta)
    for j in range(theta.size):
        e = np.zeros_like(theta)
        e[j] = h
        numeric[j] = (net.chain(theta + e, x, y).loss - net.chain(theta - e, x, y).loss) / (2 * h)
    assert np.allclose(chain.gradients, numeric, rtol=1e-4, atol=1e-6)
    assert np.allclose(sum(chain.terms(n) for n in net.param_names[-3:]), chain.delta2.sum(1))


@pytest.mark.parametrize("activation,output,loss,observed", SETTINGS[:2])
def test_fused_output_delta_equals_the_general_chain_rule(activation, output, loss, observed):
    net, theta, x = random_case(7, activation, output, loss)
    _, y = net.check_data(x, observed)
    fw = net.forward(theta, x)
    assert np.allclose(net.output_delta(fw, y, fused=True), net.output_delta(fw, y, fused=False))


def test_binary_cross_entropy_network():
    net = DenseNetwork(inputs=2, hidden=2, outputs=1, activation="relu", output="sigmoid",
                       loss="binary-cross-entropy")
    theta = np.array([1.0, -2.0, 0.5, 1.5, 0.1, -0.2, 2.0, -1.0, 0.3])
    x, y = net.check_data([[0, 1], [1, 0], [0.5, 0.5]], [1, 0, 1])
    chain = net.chain(theta, x, y)
    p = chain.predictions[:, 0]
    assert np.allclose(chain.row_losses, -(y * np.log(p) + (1 - y) * np.log(1 - p)))
    assert np.allclose(chain.delta2[:, 0], p - y)


def test_iris_forward_matches_the_reference_formulas():
    trace = build("iris")
    for (petal, sepal), raw in zip(trace.inputs, trace.forward().raw):
        top = max(0.0, -2.5 * petal + 0.6 * sepal + 1.6)
        bottom = max(0.0, -1.5 * petal + 0.4 * sepal + 0.7)
        assert np.allclose(raw, [-0.1 * top + 1.5 * bottom, 2.4 * top - 5.2 * bottom,
                                 -2.2 * top + 3.7 * bottom + 1])
    # (petal 0, sepal 1) gives the raw outputs 1.43, -0.44 and 0.23 of the SoftMax example
    assert np.allclose(trace.forward().raw[2], [1.43, -0.44, 0.23])


def test_iris_grid_is_the_forward_pass_over_the_unit_square():
    trace = build("iris")
    grid = trace.grid_inputs()
    assert grid.shape == (21, 21, 2)
    assert grid[0, 0].tolist() == [0, 0] and grid[0, -1].tolist() == [1, 0]
    assert grid[-1, 0].tolist() == [0, 1]
    fw = trace.forward(grid)
    assert fw.raw.shape == (21, 21, 3) and fw.choice.shape == (21, 21)
    row = trace.forward(grid[7])
    assert np.array_equal(fw.raw[7], row.raw)
    assert set(np.unique(fw.choice)) == {0, 1, 2}  # every species wins somewhere


def test_softmax_preset_probabilities_and_argmax():
    fw = build("softmax").forward()
    e = np.exp(fw.raw)
    assert np.allclose(fw.outputs, e / e.sum(axis=1, keepdims=True))
    assert fw.choice.tolist() == np.argmax(fw.raw, axis=1).tolist()


def test_cross_entropy_preset_rows_and_total():
    trace = build("cross-entropy")
    chain = trace.chain()
    observed = trace.outputs.astype(int)
    assert observed.tolist() == [0, 2, 1]
    p = chain.predictions[np.arange(3), observed]
    assert np.allclose(chain.row_losses, -np.log(p))
    assert np.isclose(trace.final_loss, -np.log(p).sum())
    assert np.allclose(chain.terms("b[setosa]"), chain.predictions[:, 0] - [1, 0, 0])


def test_cross_entropy_b3_steps_follow_the_lecture():
    trace = build("cross-entropy-b3")
    assert trace.optimised == ("b[setosa]",)
    b = trace.param("b[setosa]")
    assert b[0] == -2.0
    for k in range(trace.n_steps):
        chain = trace.chain(k)
        # dCE/db3 = sum over rows of (p_setosa - 1 for Setosa rows, p_setosa otherwise)
        expected = np.sum(chain.predictions[:, 0] - (trace.outputs == 0))
        assert np.isclose(trace.gradients[k, trace.index("b[setosa]")], expected)
        assert np.isclose(b[k + 1], b[k] - 1.0 * expected)
    assert np.all(np.diff(trace.loss) < 0)
    assert trace.report().behaviour == "converged"
    assert abs(trace.chain().gradient("b[setosa]")) < 0.002
    others = [n for n in trace.param_names if n != "b[setosa]"]
    assert all(trace.final()[n] == IRIS_WEIGHTS[n] for n in others)


def test_loss_curve_of_a_dense_trace_is_the_chain_loss():
    trace = build("cross-entropy-b3")
    values = np.linspace(-3, 2, 7)
    curve = trace.loss_curve("b[setosa]", values)
    for v, c in zip(values, curve):
        params = dict(trace.final(), **{"b[setosa]": v})
        assert np.isclose(c, trace.model().chain(params, trace.inputs, trace.outputs).loss)


def test_dense_traces_round_trip_with_their_extras(tmp_path):
    trace = build("cross-entropy-b3")
    for ext in ("json", "csv", "npz"):
        assert load(save(trace, tmp_path / f"t.{ext}")) == trace
    import json
    head = json.loads((tmp_path / "t.json").read_text())
    assert head["final"]["row_losses"] == pytest.approx(trace.chain().row_losses.tolist())
    assert len(head["final"]["backprop"]["delta2"]) == 3
    iris = json.loads(save(build("iris"), tmp_path / "iris.json").read_text())
    assert np.array(iris["final"]["grid"]["raw"]).shape == (21, 21, 3)


@pytest.mark.parametrize("inputs,observed,message", [
    ([[0, 1], [1]], [0, 1], "input row 2 has 1 values"),
    ([[0, "x"]], [0], "is 'x', which is not a number"),
    ([[0, float("nan")]], [0], "finite number"),
    ([], [], "no input rows"),
    ([[0, 1]] * 201, [0] * 201, "limit is 200"),
    ([[0, 1], [1, 0]], [0], "2 input rows but 1 observed"),
    ([[0, 1]], ["daisy"], "setosa, versicolor, virginica"),
    ([[0, 1]], [3], "(or 0 to 2)"),
    ("0, 1", [0], "not the text"),
])
def test_bad_dense_data_gets_one_clear_sentence(inputs, observed, message):
    net = build("iris").model()
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        net.check_data(inputs, observed)


def test_class_names_are_accepted_and_fitting_needs_observed_values():
    net = build("iris").model()
    assert net.check_data([[0, 1], [1, 1]], ["virginica", 0])[1].tolist() == [2, 0]
    with pytest.raises(DataError, match="no observed values"):
        gradient_descent(net, IRIS_WEIGHTS, [[0, 1]], [])


@pytest.mark.parametrize("kwargs,message", [
    (dict(output="softmax", loss="binary-cross-entropy"), "one output with a sigmoid"),
    (dict(output="identity", loss="cross-entropy"), "needs SoftMax"),
    (dict(output="tanh"), "unknown output function"),
    (dict(loss="hinge"), "unknown loss"),
    (dict(inputs=("a", "a")), "must all differ"),
    (dict(hidden=()), "at least one hidden node"),
])
def test_bad_network_settings(kwargs, message):
    with pytest.raises(NNMathError, match=message):
        DenseNetwork(**kwargs)


def test_a_diverging_dense_run_stops_and_says_cross_entropy():
    trace = build("cross-entropy-b3", learning_rate=1e6, max_steps=50)
    assert trace.stopped_because in ("diverged", "max-steps")
    assert "cross entropy" in trace.report().message
