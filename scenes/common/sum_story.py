"""How the two scaled node curves become the network's output, in beats any chapter plays.

Blue plus orange, then b3 shifts the sum; when the network has an activation on its
output (ReLU in the ReLU chapter), that activation then clips the shifted sum; last, the
picture zooms to the scale of the data. Every curve is the trace's forward pass on a
dense grid of dosages.
"""

from __future__ import annotations

from manim import (Create, DashedVMobject, FadeIn, FadeOut, ReplacementTransform, Transform, VGroup,
                   Write, RIGHT, UP)

import nnmath

from .beats import Beat
from .node_story import dosage_grid
from .numbers import fmt_signed
from .plots import curve, data_points, dosage_axes, fitted_axes, nice_range
from .style import PALETTE
from .text import label, stacked, title
from .timing import Timing

__all__ = ["sum_story"]


def sum_story(trace: nnmath.Trace, t: Timing) -> list[Beat]:
    """Beats from the two scaled node curves to the output curve, at the data's scale."""
    grid = dosage_grid(trace)
    fw = trace.forward(grid)
    output = trace.model_settings.get("output_activation", "identity")
    clipped = output != "identity"
    values = [*trace.outputs]
    for arr in (fw.scaled1, fw.scaled2, fw.total, fw.raw):
        values += [float(arr.min()), float(arr.max())]
    lo, hi, _ = nice_range(values, step=1.0)
    axes = dosage_axes(list(trace.inputs), (lo, hi, 1.0), width=5.0, height=4.6,
                       y_ticks=[lo, 0.0, hi] if lo < 0 < hi else [lo, hi])
    dots = data_points(axes, trace.inputs, trace.outputs)
    VGroup(axes, dots).move_to([-2.6, -0.4, 0])
    top = curve(axes, grid, fw.scaled1, PALETTE.top)
    bottom = curve(axes, grid, fw.scaled2, PALETTE.bottom)
    total = curve(axes, grid, fw.total, PALETTE.squiggle)
    shifted = curve(axes, grid, fw.raw, PALETTE.squiggle)
    b3 = trace.final()["b3"]
    lines = [label("blue + orange"), label(f"then {fmt_signed(b3)} (b3)")]
    if clipped:
        lines.append(label(f"then {output}: below 0 becomes 0", color=PALETTE.squiggle))
    lines.append(label("= the green squiggle", color=PALETTE.squiggle))
    notes = stacked(*lines).to_edge(RIGHT, buff=0.4).shift(UP * 0.5)
    heading = "Add the curves, add b3" + (f", then {output}" if clipped else "")

    beats = [
        Beat((Write(title(heading)), Create(axes), FadeIn(dots)), t.draw),
        Beat((Create(top), Create(bottom)), t.draw, t.short_pause),
        Beat((Write(notes[0]),), t.write),
        Beat((ReplacementTransform(VGroup(top, bottom), total),), t.move, t.pause),
        Beat((Write(notes[1]),), t.write),
        Beat((Transform(total, shifted),), t.move, t.short_pause),
    ]
    if clipped:
        ghost = DashedVMobject(shifted.copy().set_color(PALETTE.muted).set_stroke(width=3))
        beats += [
            Beat((Write(notes[2]), FadeIn(ghost)), t.write),
            Beat((Transform(total, curve(axes, grid, fw.predicted, PALETTE.squiggle)),), t.move, t.pause),
        ]
    # zoom in: the output curve on axes at the scale of the data
    near, near_dots = fitted_axes(trace.inputs, trace.outputs, fw.predicted, step=0.5,
                                  width=5.0, height=3.8)
    VGroup(near, near_dots).move_to(axes)
    near_curve = curve(near, grid, fw.predicted, PALETTE.squiggle)
    if clipped:
        beats.append(Beat((FadeOut(ghost),), t.short_pause))
    # cross-fade the axes (morphing tick labels garbles them); the curve and dots move
    zoom = (FadeOut(axes), FadeIn(near), ReplacementTransform(dots, near_dots),
            ReplacementTransform(total, near_curve))
    beats += [
        Beat(zoom, t.move),
        Beat((Write(notes[-1]),), t.write, t.pause),
    ]
    return beats
