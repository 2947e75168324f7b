"""Errors raised for bad input.

Every error is a ``ValueError`` subclass whose message is one sentence a student can act
on: what is wrong and how to fix it. The command line prints that sentence and exits 2.
"""

from __future__ import annotations

__all__ = ["NNMathError", "DataError", "SettingError", "UnknownNameError", "TraceFormatError"]


class NNMathError(ValueError):
    """Base class of every input error nnmath raises."""


class DataError(NNMathError):
    """The training data is unusable (lengths differ, empty, NaN, text, too many points)."""


class SettingError(NNMathError):
    """A setting is out of range (learning rate, iterations, tolerance, batch size...)."""


class UnknownNameError(NNMathError):
    """A preset, activation or parameter name that does not exist."""


class TraceFormatError(NNMathError):
    """A trace file that cannot be read back (wrong format, wrong schema version)."""
