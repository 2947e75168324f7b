"""How an output activation that clips (ReLU) turns the shifted sum into the network's
output, in narrated beats: the thin strip around zero is boxed on the wide plot and zoomed
into, where the tip of the curve that pokes above zero can be seen; the part below zero is
shown in red, then clipped to zero, and the result is read off at the data.

The curve on the zoomed plot is the trace's own values, drawn only where they fall inside
the plot (the rest lies far below it).
"""

from __future__ import annotations

import math

import numpy as np
from manim import (Create, FadeIn, FadeOut, Rectangle, ReplacementTransform, VGroup, Write,
                   DOWN, LEFT, RIGHT, UP)

import nnmath

from .beats import Beat
from .narration import SILENT, plain, say
from .network import NetworkDiagram
from .numbers import fmt
from .plots import curve, data_points, dosage_axes, nice_range
from .style import PALETTE, SIZES
from .text import label, stacked
from .timing import Timing

__all__ = ["clip_beats", "runs"]

#: how far below zero the zoomed plot reaches (enough to see the curve cross zero)
BELOW = -1.0


def runs(mask) -> list[slice]:
    """The stretches where ``mask`` holds, as slices (each at least two samples long)."""
    found, start = [], None
    for i, on in enumerate([*mask, False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            if i - start >= 2:
                found.append(slice(start, i))
            start = None
    return found


def _pieces(axes, xs, ys, color, width=None) -> VGroup:
    return VGroup(*[curve(axes, xs[r], ys[r], color, *([width] if width else []))
                    for r in runs(np.asarray(ys) >= BELOW)])


def clip_beats(trace: nnmath.Trace, t: Timing, net: NetworkDiagram, wide, old: VGroup,
               grid: np.ndarray, fw, at_data) -> list[Beat]:
    """From the shifted sum on the wide plot ``wide`` (everything in ``old`` leaves) to the
    clipped output on a zoomed plot, read off at the data."""
    output = trace.model().activations()["output"].name
    _, hi, _ = nice_range([*trace.outputs, *fw.predicted], step=0.5)
    ticks = [float(v) for v in range(math.ceil(BELOW), math.floor(hi) + 1)]
    near = dosage_axes(list(trace.inputs), (BELOW, hi, 0.5), width=6.6, height=4.2,
                       y_ticks=ticks, y_label="Output", pad=0.08)
    near.to_corner(DOWN + RIGHT, buff=0.5)
    near_dots = data_points(near, trace.inputs, trace.outputs).set_z_index(2)
    x_lo, x_hi = near.x_range[0], near.x_range[1]
    strip = Rectangle(color=PALETTE.callout, stroke_width=SIZES.thin * 1.5)
    strip.stretch_to_fit_width(wide.c2p(x_hi, 0)[0] - wide.c2p(x_lo, 0)[0])
    strip.stretch_to_fit_height(max(wide.c2p(0, hi)[1] - wide.c2p(0, BELOW)[1], 0.12))
    strip.move_to((wide.c2p(x_lo, BELOW) + wide.c2p(x_hi, hi)) / 2)
    frame = Rectangle(color=PALETTE.callout, stroke_width=SIZES.thin * 1.5)
    frame.stretch_to_fit_width(near.c2p(x_hi, 0)[0] - near.c2p(x_lo, 0)[0])
    frame.stretch_to_fit_height(near.c2p(0, hi)[1] - near.c2p(0, BELOW)[1])
    frame.move_to((near.c2p(x_lo, BELOW) + near.c2p(x_hi, hi)) / 2)

    shifted = _pieces(near, grid, fw.raw, PALETTE.squiggle)
    below = VGroup(*[curve(near, grid[r], fw.raw[r], PALETTE.callout, SIZES.highlight)
                     for r in runs((fw.raw < 0) & (fw.raw >= BELOW))])
    clipped = curve(near, grid, fw.predicted, PALETTE.squiggle)
    peak = int(np.argmax(at_data.predicted))
    d_peak, y_peak = trace.inputs[peak], at_data.predicted[peak]
    read = VGroup(*[label(fmt(y), size=SIZES.small, color=PALETTE.squiggle)
                    .next_to(near.c2p(x, y), UP + (LEFT if x == trace.inputs.max() else RIGHT),
                             buff=0.12)
                    for x, y in zip(trace.inputs, at_data.predicted)])
    note = label(f"{output}: below 0 becomes 0", size=SIZES.small, color=PALETTE.squiggle)
    note.next_to(net, DOWN, buff=0.6).align_to(net, LEFT)
    bam = stacked(label("The green squiggle.", color=PALETTE.squiggle),
                  label("BAM!", color=PALETTE.squiggle), buff=0.2)
    bam.next_to(note, DOWN, buff=0.6).align_to(note, LEFT)
    on_bend = abs(at_data.x1[peak]) < 1e-12
    return [
        Beat((Create(strip),), t.draw, t.short_pause,
             say(f"Next comes {output}, and what it does happens in this thin strip around "
                 "zero, too thin to see at this scale. Let's zoom in on it.")),
        Beat((FadeOut(old), ReplacementTransform(strip, frame)), t.move, 0.0, SILENT),
        Beat((FadeIn(near), FadeIn(near_dots), FadeOut(frame), Create(shifted)), t.move,
             t.short_pause,
             say("Zoomed in, only the tip of the green curve, around dosage {d}, pokes above "
                 "zero. Everywhere else it plunges far below.", d=plain(d_peak))),
        Beat(tuple(net.focus("output")) + (Create(below),), t.draw, t.short_pause,
             say(f"The output node's {output} turns everything below zero, here in red, ...")),
        Beat((FadeOut(below), ReplacementTransform(shifted, clipped), Write(note)), t.move * 2,
             t.pause, say("... into zero.")),
        Beat((FadeIn(read),), t.write, t.pause,
             say("Only the tip stays: {y} at dosage {d}" + (", exactly where the top node's "
                 "bend was" if on_bend else "") + ". At dosages {d0} and {d2} the output is "
                 "{p0} and {p2}.", y=y_peak, d=plain(d_peak), d0=plain(trace.inputs[0]),
                 d2=plain(trace.inputs[-1]), p0=at_data.predicted[0],
                 p2=at_data.predicted[-1])),
        Beat((FadeIn(bam),) + tuple(net.reset()), t.write, t.pause,
             say("This is the green squiggle: the network's prediction for every dosage, "
                 "with a sharp peak where the data has its one. BAM!")),
    ]
