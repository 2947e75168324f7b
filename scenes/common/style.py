"""The StatQuest look: white background, bold coloured lines, big black labels.

Top hidden node blue, bottom node orange, the network's output (the "green squiggle")
green, data points black. Sizes are chosen to stay readable at 480p.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Palette", "PALETTE", "Sizes", "SIZES"]


@dataclass(frozen=True)
class Palette:
    """Colours by role (hex strings, so pixel tests can look for them)."""

    top: str = "#1F6FD1"
    bottom: str = "#F28A14"
    squiggle: str = "#1E9E3A"
    data: str = "#000000"
    text: str = "#000000"
    residual: str = "#D62728"
    tangent: str = "#D62728"
    axis: str = "#444444"
    muted: str = "#A0A0A0"
    background: str = "#FFFFFF"
    callout: str = "#D62728"  # arrows and labels that point at what changes
    faded: str = "#C8C8C8"  # the parts of a diagram not talked about now
    # the three Iris species (outputs) in output order: Setosa, Versicolor, Virginica
    species: tuple[str, ...] = ("#7B3FBF", "#0E9AA7", "#C2185B")
    # the convolutional network's two classes in output order: O, X
    classes: tuple[str, ...] = ("#7B3FBF", "#0E9AA7")
    window: str = "#1E9E3A"  # the filter's window sliding over an image


@dataclass(frozen=True)
class Sizes:
    """Font sizes and stroke widths."""

    title: int = 44
    label: int = 32  # 19 px tall capitals at 480p
    small: int = 28  # 17 px: the smallest text that is not a tick label
    tick: int = 24  # axis numbers (15 px)
    equation: int = 44  # MathTex draws smaller than Text at the same size (18 px digits)
    curve: float = 8.0
    thin: float = 4.0
    dot: float = 0.12
    highlight: float = 12.0  # a connection while it is talked about


PALETTE = Palette()
SIZES = Sizes()
