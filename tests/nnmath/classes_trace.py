"""Classifier traces for the class map's and the classes video's tests: the lecture's three
Iris training rows and six more, fitted by a dense network with two ReLU nodes, SoftMax and
cross entropy from seeded weights (what nnmath's fit of classes makes)."""

from __future__ import annotations

from functools import lru_cache

import nnmath
from nnmath import reference
from nnmath.dense import DenseNetwork
from nnmath.descent import gradient_descent, initial_params

__all__ = ["ROWS", "CLASSES", "network", "learned", "diverged"]

#: (petal width, sepal width) scaled 0..1, the lecture's three rows first
ROWS = (*reference.IRIS_TRAINING[0], (0.1, 0.8), (0.6, 0.2), (0.9, 0.7), (0.2, 0.55), (0.45, 0.3),
        (0.85, 0.45))
CLASSES = (*reference.IRIS_TRAINING[1], "setosa", "versicolor", "virginica", "setosa", "versicolor",
           "virginica")


def network() -> DenseNetwork:
    return DenseNetwork(inputs=("petal width", "sepal width"), hidden=("h1", "h2"),
                        outputs=("setosa", "versicolor", "virginica"), activation="relu",
                        output="softmax", loss="cross-entropy")


@lru_cache(maxsize=None)
def learned(steps: int = 1000) -> nnmath.Trace:
    """A run that learns every row (seed 3, learning rate 0.05)."""
    model = network()
    return gradient_descent(model, initial_params(model, 3), ROWS, CLASSES, learning_rate=0.05,
                            max_steps=steps)


@lru_cache(maxsize=None)
def diverged() -> nnmath.Trace:
    """A run whose cross entropy blows up (learning rate 10000)."""
    model = network()
    return gradient_descent(model, initial_params(model, 3), ROWS, CLASSES, learning_rate=1e4,
                            max_steps=50)
