"""A run's pace set by how much changes: slow where much moves, quick where little does."""

from __future__ import annotations

import numpy as np

__all__ = ["change_schedule", "frame_at"]


def change_schedule(*series) -> np.ndarray:
    """When (0 to 1, a share of the run's time) each sampled step comes on screen. Each
    array in ``series`` holds one value or a block of values per sampled step (its first
    axis); each step is held for as long as the change into it is large (each series's
    change as a share of its whole change over the run, averaged over the series), with a
    fifth of the time shared evenly so quiet stretches still pass visibly."""
    count = len(np.asarray(series[0]))
    if count < 2:
        return np.zeros(1)

    def share(values) -> np.ndarray:
        flat = np.asarray(values, dtype=float).reshape(count, -1)
        moves = np.abs(np.diff(flat, axis=0)).sum(axis=1)
        total = moves.sum()
        return moves / total if total > 0 else np.full(count - 1, 1 / (count - 1))

    change = sum(share(values) for values in series) / len(series)
    held = 0.8 * np.concatenate([[np.mean(change)], change]) + 0.2 / count
    return np.concatenate([[0.0], np.cumsum(held / held.sum())[:-1]])


def frame_at(starts: np.ndarray, alpha: float) -> int:
    """The sampled step on screen at ``alpha`` (0 to 1) of a run paced by ``starts``."""
    return int(np.clip(np.searchsorted(starts, alpha + 1e-9, side="right") - 1, 0, len(starts) - 1))
