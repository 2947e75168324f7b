"""The lean loss_grad that gradient descent calls gives exactly chain's loss, predictions
and gradients (bit for bit), for every model and setting, so traces and the chain-rule
factors scenes show never disagree."""

import numpy as np
import pytest

from nnmath import DosageNetwork, Line
from nnmath.dense import DenseNetwork
from nnmath.cnn import ConvNetwork
from nnmath.descent import initial_params


def _same(model, theta, x, y):
    chain = model.chain(theta, x, y)
    loss, predictions, grads = model.loss_grad(theta, x, y)
    assert loss == chain.loss
    assert np.array_equal(predictions, chain.predictions)
    assert np.array_equal(grads, chain.gradients)


@pytest.mark.parametrize("activation", ["softplus", "relu", "sigmoid"])
@pytest.mark.parametrize("output", ["identity", "relu"])
def test_dosage(activation, output):
    rng = np.random.default_rng(1)
    net = DosageNetwork(activation, output)
    for _ in range(10):
        _same(net, rng.normal(size=7) * 2, rng.uniform(0, 1, 5), rng.uniform(0, 1, 5))


def test_line():
    rng = np.random.default_rng(2)
    for _ in range(10):
        _same(Line(), rng.normal(size=2), rng.normal(size=4), rng.normal(size=4))


@pytest.mark.parametrize("activation,output,loss,n_out", [
    ("relu", "softmax", "cross-entropy", 3), ("softplus", "identity", "ssr", 1),
    ("sigmoid", "sigmoid", "ssr", 2), ("relu", "sigmoid", "binary-cross-entropy", 1),
    ("sigmoid", "softmax", "ssr", 3)])
def test_dense(activation, output, loss, n_out):
    rng = np.random.default_rng(3)
    net = DenseNetwork(inputs=3, hidden=4, outputs=n_out, activation=activation,
                       output=output, loss=loss)
    x = rng.uniform(0, 1, (6, 3))
    if loss == "cross-entropy":
        y = rng.integers(0, n_out, 6)
    elif loss == "binary-cross-entropy":
        y = rng.integers(0, 2, 6)
    else:
        y = rng.uniform(0, 1, (6, n_out)) if n_out > 1 else rng.uniform(0, 1, 6)
    x, y = net.check_data(x, list(y))
    for seed in range(5):
        _same(net, net.vector(initial_params(net, seed)) + rng.normal(size=len(net.param_names)), x, y)


@pytest.mark.parametrize("pool", ["max", "mean"])
@pytest.mark.parametrize("image_size,pool_size", [(6, 2), (7, 2), (8, 3)])
def test_cnn(pool, image_size, pool_size):
    """Includes maps the pooling windows do not tile exactly (7 -> 5x5 map, 2x2 windows)."""
    rng = np.random.default_rng(4)
    net = ConvNetwork(image_size=image_size, pool=pool, pool_size=pool_size)
    images = rng.integers(0, 2, (3, image_size, image_size)).astype(float)
    x, y = net.check_data(images, ["O", "X", "X"])
    for seed in range(5):
        _same(net, net.vector(initial_params(net, seed)), x, y)
