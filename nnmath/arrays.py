"""Small helpers that make read-only arrays for immutable traces."""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

import numpy as np

__all__ = ["frozen", "frozen_map", "readonly"]


def frozen(values, dtype=float) -> np.ndarray:
    """A private, read-only copy of ``values`` as a numpy array."""
    arr = np.array(values, dtype=dtype, copy=True)
    arr.setflags(write=False)
    return arr


def frozen_map(mapping: Mapping, dtype=float) -> Mapping[str, np.ndarray]:
    """A read-only mapping of names to read-only arrays."""
    return MappingProxyType({str(k): frozen(v, dtype) for k, v in mapping.items()})


def readonly(arr: np.ndarray) -> np.ndarray:
    """Mark an array that the caller has just computed read-only, without copying it.

    Arrays that view other memory (which may belong to someone else) are copied first.
    """
    if not arr.flags.writeable:
        return arr
    if arr.base is not None or not arr.flags.owndata:
        return frozen(arr, arr.dtype)
    arr.setflags(write=False)
    return arr
