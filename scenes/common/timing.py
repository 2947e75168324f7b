"""Run times and pauses of every scene, in one place so a lecturer can retime the lecture.

``timing()`` reads the environment variable LECTURE_PACE when a scene is built (not at
import): 1 is normal, 2 plays everything twice as slowly, 0.5 twice as fast.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

__all__ = ["Timing", "timing", "pace"]


@dataclass(frozen=True)
class Timing:
    """Seconds for each kind of moment."""

    write: float = 1.0  # writing a label or an equation
    draw: float = 1.5  # drawing a curve
    move: float = 1.5  # a curve moving, flipping, stretching
    pause: float = 1.0  # a pause to read
    short_pause: float = 0.4
    step: float = 1.2  # one gradient-descent step shown in detail
    fast_step: float = 0.35  # one step of the quick run to the end


def pace() -> float:
    """LECTURE_PACE as a number: 1 by default, and for anything that is not a number
    between 0.05 and 20."""
    raw = os.environ.get("LECTURE_PACE", "1")
    try:
        value = float(raw)
    except ValueError:
        return 1.0
    return value if 0.05 <= value <= 20 else 1.0


def timing() -> Timing:
    """The timing in force, scaled by LECTURE_PACE (default 1)."""
    scale = pace()
    base = Timing()
    return Timing(**{f.name: getattr(base, f.name) * scale for f in fields(Timing)})
