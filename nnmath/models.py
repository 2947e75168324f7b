"""Rebuild a model from the ``kind`` and settings stored in a trace.

Every :class:`~nnmath.model.Model` subclass with a ``kind`` registers itself when it is
defined; importing this module defines the lecture's four kinds.
"""

from __future__ import annotations

from typing import Mapping

from . import cnn, dense, dosage, line  # noqa: F401 - defining the kinds registers them
from .errors import UnknownNameError
from .model import KINDS, Model

__all__ = ["make_model", "MODEL_KINDS"]

#: kind name -> model class (every kind defined so far)
MODEL_KINDS = KINDS


def make_model(kind: str, settings: Mapping | None = None) -> Model:
    """A model of a registered ``kind`` ("dosage", "line", "dense", "cnn", ...) built with
    ``settings``."""
    try:
        cls = MODEL_KINDS[kind]
    except (KeyError, TypeError):
        raise UnknownNameError(f"unknown model kind {kind!r}; known: {', '.join(MODEL_KINDS)}") from None
    return cls(**dict(settings or {}))
