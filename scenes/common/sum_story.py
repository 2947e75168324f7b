"""How the two scaled node curves become the network's output, in narrated beats.

The network stays on screen (top left). Blue plus orange is shown as an addition: at each
data dosage the orange height is stacked on the blue one and the sum is written out (at
the precision where the shown numbers add up); more sums are stacked across the dosages
and the sum curve is drawn through them, the parts staying on screen. Then b3 moves every
point by the same amount (arrows), an output activation (ReLU in the ReLU chapter) clips
what is below 0, and the picture zooms to the scale of the data.
"""

from __future__ import annotations

from functools import partial

from manim import (Create, DashedVMobject, FadeIn, FadeOut, ReplacementTransform, Succession,
                   VGroup, Write, DOWN, LEFT, RIGHT, UP)

import nnmath

from .addition import faded, shift_arrows, spaced, stacked_heights, sum_dots
from .beats import Beat
from .clip_story import clip_beats
from .narration import SILENT, Value, plain, say
from .node_story import corner_network, dosage_grid
from .numbers import fmt, fmt_input, fmt_signed, sum_places
from .plots import curve, data_points, dosage_axes, fitted_axes, nice_range
from .style import PALETTE, SIZES
from .text import equation, label, stacked, title
from .timing import Timing

__all__ = ["sum_story"]


def sum_story(trace: nnmath.Trace, t: Timing) -> list[Beat]:
    """Beats from the two scaled node curves to the output curve, at the data's scale."""
    grid = dosage_grid(trace)
    fw = trace.forward(grid)
    at_data = trace.forward()
    params = trace.final()
    layout = trace.model().layout()
    (last,) = layout.layers[-1]
    into_output = [name for name, (_, target) in layout.weights.items() if target == last]
    output = trace.model().activations()["output"].name
    clipped = output != "identity"
    values = [*trace.outputs]
    for arr in (fw.scaled1, fw.scaled2, fw.total, fw.raw):
        values += [float(arr.min()), float(arr.max())]
    lo, hi, _ = nice_range(values, step=1.0)
    axes = dosage_axes(list(trace.inputs), (lo, hi, 1.0), width=5.4, height=3.0,
                       y_ticks=[lo, 0.0, hi] if lo < 0 < hi else [lo, hi], pad=0.2,
                       y_label="Output")
    axes.to_corner(DOWN + LEFT, buff=0.35).shift(RIGHT * 0.6)
    dots = data_points(axes, trace.inputs, trace.outputs)
    net = corner_network(trace)
    heading = title("Add the curves, b3, then " + output if clipped else
                    "Add the curves, then b3").to_edge(RIGHT, buff=0.5)
    top = curve(axes, grid, fw.scaled1, PALETTE.top)
    bottom = curve(axes, grid, fw.scaled2, PALETTE.bottom)
    total = curve(axes, grid, fw.total, PALETTE.squiggle)
    shifted = curve(axes, grid, fw.raw, PALETTE.squiggle)

    colors = (PALETTE.top, PALETTE.bottom)
    bars = [stacked_heights(axes, x, a, b, colors)
            for x, a, b in zip(trace.inputs, at_data.scaled1, at_data.scaled2)]
    sums = []
    for i, x in enumerate(trace.inputs):
        p = sum_places([at_data.scaled1[i], at_data.scaled2[i]], at_data.total[i])
        f = partial(fmt, places=p)
        sums.append((p, equation(rf"{fmt_input(x)}:\ ", rf"{f(at_data.scaled1[i])}", "+",
                                 rf"{f(at_data.scaled2[i])}", "=", rf"{f(at_data.total[i])}",
                                 size=SIZES.equation - 4)))
    for _, eq in sums:
        eq[1].set_color(PALETTE.top)
        eq[3].set_color(PALETTE.bottom)
        eq[5].set_color(PALETTE.squiggle)
    header = label("Dosage: blue + orange = sum", size=SIZES.small)
    table = stacked(header, *[eq for _, eq in sums], buff=0.3)
    table.to_edge(RIGHT, buff=0.5).next_to(heading, DOWN, buff=0.6, coor_mask=UP)
    if table.get_left()[0] < net.get_right()[0] + 0.2:  # below the network's output label
        table.shift(DOWN * (table.get_top()[1] - net.output.get_bottom()[1] + 0.2))
    more = spaced(grid, 11)
    more_bars = VGroup(*[stacked_heights(axes, grid[k], fw.scaled1[k], fw.scaled2[k], colors)
                         for k in more])

    beats = [
        Beat((FadeIn(net), Write(heading), Create(axes), FadeIn(dots)), t.draw, t.short_pause,
             say("Now we add the two curves together, and then add the last bias, b3.")),
        Beat(tuple(net.focus(*into_output)) + (Create(top), Create(bottom)), t.draw, t.short_pause,
             say("Here are the top node's blue curve and the bottom node's orange curve, "
                 "each already multiplied by its weight.")),
        Beat((FadeIn(header),), t.write, 0.0, SILENT),
    ]
    moved_tips = []  # the first addition's bar labels, faded when the other sums arrive
    # the slow example is the first dosage where both bars can be seen; the table keeps its
    # rows in dosage order whatever order they are written in
    span = hi - lo
    visible = [i for i in range(len(trace.inputs))
               if min(abs(at_data.scaled1[i]), abs(at_data.scaled2[i])) > 0.05 * span]
    first = visible[0] if visible else 0
    order = [first] + [i for i in range(len(trace.inputs)) if i != first]
    for i in order:
        x, bar, (p, eq) = trace.inputs[i], bars[i], sums[i]
        f = partial(fmt, places=p)
        a, b, summed = (Value(v[i], f) for v in (at_data.scaled1, at_data.scaled2, at_data.total))
        if i == first:  # the first addition slowly: blue, then orange stacked on its tip
            tip = label(f(at_data.scaled1[i]), size=SIZES.small, color=PALETTE.top)
            tip.next_to(bar[0], RIGHT, buff=0.25).align_to(bar[0], DOWN)
            top_tip = label(f(at_data.scaled2[i]), size=SIZES.small, color=PALETTE.bottom)
            top_tip.next_to(bar[1], RIGHT, buff=0.25)
            if top_tip.get_bottom()[1] < tip.get_top()[1] + 0.08:  # equal heights: one above
                top_tip.next_to(tip, UP, buff=0.1).align_to(tip, LEFT)
            moved_tips += [tip, top_tip]
            # the orange bar first stands on 0, under the orange curve, then moves onto the
            # blue bar's tip
            lift = axes.c2p(x, 0.0) - axes.c2p(x, at_data.scaled1[i])
            home = bar[1].copy().shift(lift)
            home_tip = top_tip.copy().shift(lift)
            beats += [
                Beat((Create(bar[0]), FadeIn(tip)), t.move, t.short_pause,
                     say("At dosage {d}, the blue curve is {a}: this blue bar.", d=plain(x), a=a)),
                Beat((Create(home), FadeIn(home_tip)), t.move, t.short_pause,
                     say("The orange curve is {b}: this orange bar.", b=b)),
                Beat((ReplacementTransform(home, bar[1]), ReplacementTransform(home_tip, top_tip)),
                     t.move * 2, t.short_pause,
                     say("To add them, we stack the orange bar on top of the blue one.")),
                Beat((FadeIn(bar[2]), Write(eq)), t.write, t.short_pause,
                     say("It ends at {s}: the sum, the green point.", s=summed)),
            ]
        else:
            beats.append(Beat((Succession(Create(bar[0]), Create(bar[1]), FadeIn(bar[2])),
                               Write(eq)), t.move * 1.5, t.short_pause,
                              say("At dosage {d}: {a} plus {b} is {s}.", d=plain(x), a=a, b=b,
                                  s=summed)))
    beats += [
        Beat((FadeIn(more_bars), *[FadeOut(m) for m in moved_tips]), t.move, t.short_pause,
             say("Doing the same at every dosage gives a green point for each sum.")),
        Beat((Create(total), FadeOut(more_bars), *[FadeOut(VGroup(b[0], b[1])) for b in bars]),
             t.draw, t.short_pause,
             say("Connecting the points draws the sum of the blue and orange curves.")),
    ]
    b3 = params[layout.bias(last)]
    arrows = shift_arrows(axes, trace.inputs, at_data.total, at_data.raw)
    before = DashedVMobject(faded(total, 0.6), num_dashes=50)
    moved = sum_dots(axes, trace.inputs, at_data.raw)
    bias = equation(rf"+\ b_3:\ \text{{every point}} {fmt_signed(b3)}", color=PALETTE.squiggle,
                    size=SIZES.equation - 4)
    bias.next_to(table, DOWN, buff=0.4).align_to(table, LEFT)
    now = equation(r"\text{now: }" + r",\ ".join(f"{{{fmt(v)}}}" for v in at_data.raw),
                   color=PALETTE.squiggle, size=SIZES.equation - 4)
    now.next_to(bias, DOWN, buff=0.25).align_to(bias, LEFT)
    beats += [
        Beat(tuple(net.focus(layout.bias(last))) + (Write(bias),), t.write, t.short_pause,
             say("The output node adds the bias b3, which is {b3}.", b3=b3)),
        Beat((FadeIn(before), Create(arrows), *[FadeOut(b[2]) for b in bars], FadeIn(moved),
              ReplacementTransform(total, shifted)), t.move, t.short_pause,
             say("Adding {b3} moves every point of the green curve by the same amount, "
                 "so the whole curve slides " + ("down" if b3 < 0 else "up") + "; the dotted "
                 "line shows where it was.", b3=b3)),
        Beat((Write(now),), t.write, t.short_pause,
             say("At the three dosages it is now {y0}, {y1} and {y2}.",
                 **{f"y{i}": v for i, v in enumerate(at_data.raw)})),
    ]
    if clipped:
        old = VGroup(axes, top, bottom, before, arrows, moved, dots, shifted, table, bias, now,
                     heading)
        return beats + clip_beats(trace, t, net, axes, old, grid, fw, at_data)
    finish = shifted
    # one picture after the other (two sets of axes faded across each other garble): the
    # working leaves, and the result is drawn large at the data's scale, read off at the data
    near, near_dots = fitted_axes(trace.inputs, trace.outputs, fw.predicted, step=0.5,
                                  width=6.6, height=3.9, pad=0.08)
    VGroup(near, near_dots).to_corner(DOWN + RIGHT, buff=0.5)
    near_curve = curve(near, grid, fw.predicted, PALETTE.squiggle)
    read = VGroup()
    for x, y in zip(trace.inputs, at_data.predicted):
        read.add(label(fmt(y), size=SIZES.small, color=PALETTE.squiggle)
                 .next_to(near.c2p(x, y), UP + (LEFT if x == trace.inputs.max() else RIGHT),
                          buff=0.12))
    bam = stacked(label("The green squiggle.", color=PALETTE.squiggle),
                  label("BAM!", color=PALETTE.squiggle), buff=0.2)
    bam.next_to(net, DOWN, buff=0.8).align_to(net, LEFT)
    gone = VGroup(axes, top, bottom, moved, dots, table, bias, now, finish, arrows, before)
    beats += [
        Beat((FadeOut(gone), FadeOut(heading)), t.short_pause, 0.0, SILENT),
        Beat((FadeIn(near), FadeIn(near_dots), Create(near_curve)), t.move * 1.5, t.short_pause,
             say("Redrawn large, at the scale of the data, with its own numbers on the axes, "
                 "here is the result.")),
        Beat((FadeIn(read),), t.write, t.short_pause,
             say("At the three dosages it predicts {p0}, {p1} and {p2}; the data are the "
                 "black dots.", **{f"p{i}": v for i, v in enumerate(at_data.predicted)})),
        Beat((FadeIn(bam),) + tuple(net.reset()), t.write, t.pause,
             say("This is the green squiggle: the network's prediction for every dosage. BAM!")),
    ]
    return beats
