"""Rebuild a model from the ``kind`` and settings stored in a trace."""

from __future__ import annotations

from .cnn import ConvNetwork
from .dense import DenseNetwork
from .dosage import DosageNetwork
from .errors import UnknownNameError
from .line import Line
from .model import Model

__all__ = ["make_model", "MODEL_KINDS"]

MODEL_KINDS = {"dosage": DosageNetwork, "line": Line, "dense": DenseNetwork, "cnn": ConvNetwork}


def make_model(kind: str, settings: dict | None = None) -> Model:
    """A model of ``kind`` ("dosage", "line", "dense" or "cnn") built with ``settings``."""
    try:
        cls = MODEL_KINDS[kind]
    except KeyError:
        raise UnknownNameError(f"unknown model kind {kind!r}; known: {', '.join(MODEL_KINDS)}") from None
    return cls(**dict(settings or {}))
