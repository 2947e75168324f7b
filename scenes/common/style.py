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
    # the three Iris species (outputs) in output order: Setosa, Versicolor, Virginica
    species: tuple[str, ...] = ("#7B3FBF", "#0E9AA7", "#C2185B")
    # the convolutional network's two classes in output order: O, X
    classes: tuple[str, ...] = ("#7B3FBF", "#0E9AA7")
    window: str = "#1E9E3A"  # the filter's window sliding over an image


@dataclass(frozen=True)
class Sizes:
    """Font sizes and stroke widths."""

    title: int = 40
    label: int = 30
    small: int = 24
    equation: int = 40  # MathTex draws smaller than Text at the same size
    curve: float = 6.0
    thin: float = 3.0
    dot: float = 0.1


PALETTE = Palette()
SIZES = Sizes()
