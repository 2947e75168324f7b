"""Chapter: convolutional neural networks (presets ``cnn-x-vs-o`` and ``cnn-forward``).

Why a filter instead of one weight per pixel; the trained 3x3 filter sliding over the X
(the first position worked out in full: nine products, their sum, the bias), and where
the feature map is largest; ReLU on the feature map and 2x2 max pooling; the pooled
values flattened into a small dense network whose SoftMax says X for the X, O for the O
and X for the X shifted one pixel; and the filter being learned by backpropagation while
the cross entropy goes down.

    manim -pql scenes/cnn.py SlidingFilter
"""

from __future__ import annotations

import numpy as np
from manim import (AnimationGroup, Arrow, BackgroundRectangle, Circle, Circumscribe, Create, Dot, FadeIn, FadeOut,
                   ImageMobject, Indicate, Line, MoveAlongPath, Rectangle, Scene, Succession, SurroundingRectangle,
                   VGroup, Wait, Write, DOWN, LEFT, RIGHT, UP)
from manim.constants import RESAMPLING_ALGORITHMS

import nnmath
from nnmath.cnn import weight_counts
from scenes.common.beats import Beat, Shows, play_beats, showing
from scenes.common.callout import callout, show_callout
from scenes.common.head_diagram import HeadDiagram
from scenes.common.grid_changes import current, swap_cell, swap_values
from scenes.common.grids import ValueGrid, signed_style, window_frame
from scenes.common.narration import SILENT, Value, count, num, say
from scenes.common.numbers import fmt, fmt_signed, rounded, shown, written_sum_is
from scenes.common.panels import activation_panel
from scenes.common.plots import curve, plot_axes
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import equation, label, swap, title
from scenes.common.timing import timing

TRAINING = "cnn-x-vs-o"
FORWARD = "cnn-forward"
X_ROW, SHIFTED_ROW, O_ROW = 0, 1, 2  # rows of the forward preset
TRAIN_O, TRAIN_X = 0, 1  # rows of the training preset
BIG_IMAGE = 100  # side of the "what would a real photo cost" image
FIRST_STEPS = 4  # training steps shown one by one; by then the loss is already small
POOL_COLOURS = ("#1F6FD1", "#F28A14", "#1E9E3A", "#7B3FBF")

__all__ = ["WhyFilters", "SlidingFilter", "ReluAndPooling", "FlattenAndClassify",
           "LearningTheFilter", "traces", "extra_values"]


def traces() -> list[nnmath.Trace]:
    """The training run (the forward preset runs the same trained network on the X, the
    shifted X and the O; its values are in :func:`extra_values`)."""
    return [nnmath.build(TRAINING)]


def extra_values() -> np.ndarray:
    """Numbers nnmath computes outside the training trace: the forward pass of the X, the
    shifted X and the O, the weight counts, how each feature-map cell of the X is made, and
    the feature maps during the first training steps."""
    training, forward = nnmath.build(TRAINING), nnmath.build(FORWARD)
    values: list[float] = [*forward.final_params, *forward.inputs.ravel()]
    for part in forward.forward().as_dict().values():
        values += list(np.ravel(np.asarray(part, dtype=float)))
    values += weight_count_values() + cell_values()
    for s in range(FIRST_STEPS + 1):
        values += list(training.forward(k=s).feature_map.ravel())
    return np.asarray(values, dtype=float)


def weight_count_values() -> list[float]:
    """How many weights one hidden node needs for the small and the big image, and how many
    numbers a filter has (nnmath.weight_counts)."""
    model = nnmath.build(FORWARD).model()
    return [v for side in (model.image_size, BIG_IMAGE)
            for v in weight_counts(side, model.filter_size).values()]


def cell_values() -> list[float]:
    """How each feature-map cell of the X is made: pixel x filter value, their sum, + bias."""
    forward = nnmath.build(FORWARD)
    model, values = forward.model(), []
    for i, j in np.ndindex(model.map_size, model.map_size):
        story = model.cell_story(forward.final_params, forward.inputs[X_ROW], i, j)
        values += [*story["products"].ravel(), story["sum"], story["value"]]
    return values


def prob(p: float) -> Value:
    """A probability as this chapter writes it: three decimals (0.999, not 1.00)."""
    return Value(float(p), lambda v: fmt(v, 3))


def named(grid, text: str, buff: float = 0.2) -> VGroup:
    """A grid's name above it."""
    return label(text, size=SIZES.small).next_to(grid, UP, buff=buff)


def written_sum(terms, total) -> str:
    """'a + b + c = total' with '=' only when the written terms add up to the written total."""
    parts = [fmt(v) for v in terms]
    rel = "=" if written_sum_is(fmt(total), *parts) else "\u2248"
    body = " ".join([parts[0]] + [f"- {p[1:]}" if p.startswith("-") else f"+ {p}" for p in parts[1:]])
    return f"{body} {rel} {fmt(total)}"


def weighted_sum(xs, ws, bias, total, size: int = SIZES.small, color: str = PALETTE.text):
    """'x1 × w1 + ... + bias = total' as one line: two decimals, or three when only then the
    written numbers give the written total; '≈' when neither does (rounded factors, such as
    7.66 for 7.657, are multiplied, so their rounding grows)."""
    def check(p):
        got = sum((shown(x, p) * shown(w, p) for x, w in zip(xs, ws)), shown(bias, p))
        return rounded(got, p) == shown(total, p)
    places = next((p for p in (2, 3) if check(p)), 2)
    rel = "=" if check(places) else "\u2248"
    def f(v):
        text = fmt(v, places)
        return f"({text})" if text.startswith("-") else text
    terms = [f"{f(x)}\u00d7{f(w)}" for x, w in zip(xs, ws)]
    return label(" + ".join(terms) + f" {fmt_signed(bias, places)} {rel} {fmt(total, places)}", size=size, color=color)


def photo(side: int, height: float) -> ImageMobject:
    """A side x side black-and-white picture of an X, drawn pixel by pixel (a picture only,
    no number on it)."""
    i, j = np.indices((side, side))
    stroke = max(1, side // 12)
    dark = (np.abs(i - j) < stroke) | (np.abs(i + j - (side - 1)) < stroke)
    grey = np.where(dark, 34, 255).astype(np.uint8)
    rgba = np.stack([grey, grey, grey, np.full_like(grey, 255)], axis=-1)
    image = ImageMobject(rgba)
    image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    return image.scale_to_fit_height(height)


class WhyFilters(Scene):
    """A 6x6 image fed to a dense layer needs one weight per pixel for each hidden node, a
    100x100 photo 10000; a 3x3 filter needs 9 weights and a bias, whatever the image's size,
    because it uses the same ones at every position."""

    shows = Shows(FORWARD, step=None, values=weight_count_values)

    def construct(self):
        t = timing()
        trace = nnmath.build(FORWARD)
        model = trace.model()
        side, k = model.image_size, model.filter_size
        small, big = weight_counts(side, k), weight_counts(BIG_IMAGE, k)
        kernel, bias, _ = model.split(trace.final_params)

        grid = ValueGrid(trace.inputs[X_ROW], cell=0.4, integers=True, numbers=False).move_to([-5.0, 1.1, 0])
        grid_name = named(grid, f"{side} x {side} image")
        node = Circle(radius=0.32, color=PALETTE.top, stroke_width=SIZES.curve).move_to([-5.0, -1.35, 0])
        wires = VGroup(*[Line(sq.get_center(), node.get_top(), stroke_width=1.6, color=PALETTE.top)
                         for row in grid.squares for sq in row]).set_z_index(-1)  # behind the pixels
        dots = VGroup(*[Dot(sq.get_center(), radius=0.045, color=PALETTE.top) for row in grid.squares for sq in row])
        cost = label(f"{small['dense_per_node']} weights", size=SIZES.label,
                     color=PALETTE.top).next_to(node, DOWN, buff=0.25)
        per = label("for one hidden node", size=SIZES.small).next_to(cost, DOWN, buff=0.12)

        pic = photo(BIG_IMAGE, 2.4).move_to([0.4, 1.1, 0])
        frame = Rectangle(width=2.4, height=2.4, stroke_color=PALETTE.axis, stroke_width=2).move_to(pic)
        pic_name = named(frame, f"{BIG_IMAGE} x {BIG_IMAGE} image")
        big_node = node.copy().set_color(PALETTE.residual).move_to([0.4, -1.35, 0])
        lattice = np.linspace(-1.1, 1.1, 10)
        fan = VGroup(*[Line(pic.get_center() + np.array([x, y, 0]), big_node.get_top(), stroke_width=1,
                            color=PALETTE.residual, stroke_opacity=0.6)
                       for x in lattice for y in lattice]).set_z_index(-1)
        big_cost = label(f"{big['dense_per_node']} weights", size=SIZES.label,
                         color=PALETTE.residual).next_to(big_node, DOWN, buff=0.25)
        big_per = per.copy().next_to(big_cost, DOWN, buff=0.12)
        pixels = label(f"{big['pixels']} pixels", size=SIZES.small).next_to(frame, DOWN, buff=0.12)
        pixels.add_to_back(BackgroundRectangle(pixels, color=PALETTE.background, fill_opacity=1, buff=0.04))
        o_pic = ValueGrid(trace.inputs[O_ROW], cell=0.22, integers=True, numbers=False).move_to([-2.3, 1.1, 0])
        o_name = label("or an O?", size=SIZES.small).next_to(o_pic, UP, buff=0.15)

        filt = ValueGrid(kernel, cell=1.0, room=0.95).move_to([5.0, 0.8, 0])
        filt_name = named(filt, f"a {k} x {k} filter")
        f_bias = label(f"bias = {fmt(bias)}", size=SIZES.small).next_to(filt, DOWN, buff=0.15)
        f_cost = label(f"{big['filter_weights']} weights + bias", size=SIZES.label,
                       color=PALETTE.squiggle).move_to([5.0, -1.5, 0])
        f_total = label(f"= {big['filter_total']} numbers", size=SIZES.label,
                        color=PALETTE.squiggle).next_to(f_cost, DOWN, buff=0.15)
        f_any = label("for any image size", size=SIZES.small).next_to(f_total, DOWN, buff=0.15)
        window = window_frame(grid, 0, 0, k, PALETTE.squiggle, width=7)
        n = model.map_size
        slide = Succession(*[window.animate(run_time=0.6).move_to(window_frame(grid, i, j, k, PALETTE.window)).build()
                             for i, j in np.ndindex(n, n) if (i, j) != (0, 0)])

        play_beats(self, [
            Beat((Write(title("Why convolutional networks?")), FadeIn(grid), FadeIn(grid_name)), t.write,
                 t.short_pause,
                 say("So far, our networks read a few numbers, like a dosage. Now the input is a "
                     "picture: this {s} by {s} image of an X, made of black and white pixels.",
                     s=count(side))),
            Beat((FadeIn(o_pic), FadeIn(o_name)), t.write, t.short_pause,
                 say("Our task: tell an X from an O. The network must say which one each picture shows.")),
            Beat((FadeOut(o_pic), FadeOut(o_name), FadeIn(dots), Create(wires), FadeIn(node)), t.draw, t.short_pause,
                 say("A dense network like the ones we've seen would connect every pixel to every "
                     "hidden node, each connection with its own weight.")),
            Beat((Write(cost), FadeIn(per)), t.write, t.short_pause,
                 say("That's {n} weights for just one hidden node.", n=count(small["dense_per_node"]))),
            Beat((FadeIn(pic), Create(frame), FadeIn(pic_name), FadeIn(pixels)), t.write, t.short_pause,
                 say("A real photo is much bigger. This {s} by {s} image has {p} pixels.",
                     s=count(BIG_IMAGE), p=count(big["pixels"]))),
            Beat((Create(fan), FadeIn(big_node), Write(big_cost), FadeIn(big_per)), t.draw, t.short_pause,
                 say("Connected the same way, it would need {n} weights for every hidden node.",
                     n=count(big["dense_per_node"]))),
            Beat((FadeIn(filt), FadeIn(filt_name), FadeIn(f_bias)), t.write, t.short_pause,
                 say("A convolutional network uses a filter instead: a small {k} by {k} grid of "
                     "weights, plus a bias, {b}. These are the values our network learned; we'll watch "
                     "them being learned at the end.", k=count(k), b=num(bias))),
            Beat((Write(f_cost), Write(f_total)), t.write, t.short_pause,
                 say("That's {w} weights and one bias: {n} numbers.", w=count(big["filter_weights"]),
                     n=count(big["filter_total"]))),
            Beat((Create(window),), t.short_pause, 0.0, SILENT),
            Beat((slide, FadeIn(f_any)), 0.6 * (n * n - 1), t.short_pause,
                 say("The filter slides over the image and uses the same {n} numbers at every "
                     "position. So it needs no more of them for a bigger image.",
                     n=count(big["filter_total"]))),
            Beat((Indicate(f_total, color=PALETTE.squiggle), Indicate(big_cost, color=PALETTE.residual)),
                 t.write, t.pause,
                 say("{f} numbers per filter instead of {n} weights per hidden node. Next, let's see what the "
                     "filter computes.", f=count(big["filter_total"]), n=count(big["dense_per_node"]))),
        ])


class SlidingFilter(Scene):
    """The trained filter over the X: the first position in full (nine products, their sum,
    + bias, the value dropping into the feature map), the second quicker, the rest fast;
    then where the largest and the smallest values came from."""

    shows = Shows(FORWARD, step=None, rows=(X_ROW,), values=cell_values)

    def construct(self):
        t = timing()
        trace = nnmath.build(FORWARD)
        fw, model, params = trace.forward(), trace.model(), trace.final_params
        image = trace.inputs[X_ROW]
        kernel, bias, _ = model.split(params)
        k, n = model.filter_size, model.map_size
        values = fw.feature_map[X_ROW]

        img = ValueGrid(image, cell=0.55, integers=True).move_to([-4.95, -0.65, 0])
        img_name = named(img, "1 = black, 0 = white")
        filt = ValueGrid(kernel, cell=1.0, room=0.95).move_to([-1.2, 1.45, 0])
        filt_name = label(f"trained {k} x {k} filter", size=SIZES.small).next_to(filt, LEFT, buff=0.25)
        filt_name.align_to(filt, UP)
        bias_text = label(f"bias = {fmt(bias)}", size=SIZES.small).next_to(filt_name, DOWN, buff=0.2,
                                                                           aligned_edge=RIGHT)
        fmap = ValueGrid(values, cell=1.0, room=0.95).move_to([4.6, 0.2, 0])
        fmap_name = named(fmap, f"{n} x {n} feature map")
        filled = fmap.copy()
        fmap.blank()
        window = window_frame(img, 0, 0, k, PALETTE.window)
        target = window_frame(fmap, 0, 0, 1, PALETTE.window, width=6).set_z_index(5)  # above cells filled later

        def story(i, j):
            return model.cell_story(params, image, i, j)

        def products_grid(s):
            grid = ValueGrid(s["products"], cell=1.0, room=0.95, style=signed_style(np.abs(kernel).max()))
            return grid.move_to([-1.2, -1.7, 0])

        def worked(s):
            """The products grid, its sum written as a sum, and + bias."""
            grid = products_grid(s)
            head = label("pixel x filter", size=SIZES.small).next_to(grid, DOWN, buff=0.15)
            kept = [p for p, x in zip(s["products"].ravel(), s["pixels"].ravel()) if x]
            total = label(written_sum(kept, s["sum"]), size=SIZES.small).move_to([0.6, -2.1, 0], aligned_edge=LEFT)
            plus = label(written_sum([s["sum"], s["bias"]], s["value"]), size=SIZES.small)
            plus.next_to(total, DOWN, buff=0.25, aligned_edge=LEFT)
            return grid, head, total, plus

        def result_of(plus, value):
            """The value at the end of '... = value', on its own, to fly into the map."""
            return label(fmt(value), size=SIZES.small).align_to(plus, RIGHT).match_y(plus)

        first = story(0, 0)
        grid0, head0, total0, plus0 = worked(first)
        overlay = filt.copy()
        for row in overlay.numbers:
            for number in row:
                number.set_opacity(0)
        for row in overlay.squares:
            for sq in row:
                sq.set_fill(opacity=0.55)
        laid = overlay.copy().scale(img.cell / filt.cell).move_to(window)
        black = [(a, b) for a, b in np.ndindex(k, k) if first["pixels"][a, b]]
        kept = [first["products"][a, b] for a, b in black]
        marks = VGroup(*[SurroundingRectangle(grid0.squares[a][b], color=PALETTE.callout, buff=0,
                                              stroke_width=5) for a, b in black])
        fly0 = result_of(plus0, first["value"])

        def trio(a, b):
            """The pixel, the filter value on it and their product, boxed together."""
            return VGroup(*[SurroundingRectangle(g.squares[a][b], color=PALETTE.callout, buff=0, stroke_width=6)
                            for g in (img, filt, grid0)])

        white = next((a, b) for a, b in np.ndindex(k, k) if not first["pixels"][a, b])
        black0 = black[0]
        trio_black, trio_white = trio(*black0), trio(*white)

        second = story(0, 1)
        grid1, head1, total1, plus1 = worked(second)
        fly1 = result_of(plus1, second["value"])
        rest = [(i, j) for i, j in np.ndindex(n, n) if (i, j) not in ((0, 0), (0, 1))]
        fast = Succession(*[AnimationGroup(window.animate.move_to(window_frame(img, i, j, k, PALETTE.window)).build(),
                                           target.animate.move_to(window_frame(fmap, i, j, 1, PALETTE.window)).build(),
                                           FadeIn(filled.cell_at(i, j)), run_time=0.7) for i, j in rest])

        hi = np.unravel_index(np.argmax(values), values.shape)
        lo = np.unravel_index(np.argmin(values), values.shape)
        hi_win = window_frame(img, hi[0], hi[1], k, PALETTE.window)
        lo_win = window_frame(img, lo[0], lo[1], k, PALETTE.residual)
        hi_cell = SurroundingRectangle(fmap.squares[hi[0]][hi[1]], color=PALETTE.window, buff=0, stroke_width=8)
        lo_cell = SurroundingRectangle(fmap.squares[lo[0]][lo[1]], color=PALETTE.residual, buff=0, stroke_width=8)
        hi_laid = laid.copy().move_to(hi_win)
        lo_laid = laid.copy().move_to(lo_win)
        hi_note = label(f"green: the largest, {fmt(values[hi])}", size=SIZES.small,
                        color=PALETTE.window).next_to(fmap, DOWN, buff=0.3)
        lo_note = label(f"red: the smallest, {fmt(values[lo])}", size=SIZES.small,
                        color=PALETTE.residual).next_to(hi_note, DOWN, buff=0.2)

        def patch_sum(cell, colour, y):
            """The filter values on the patch's black pixels plus the bias, written as a sum."""
            st = story(*cell)
            on = [p for p, x in zip(st["products"].ravel(), st["pixels"].ravel()) if x]
            return label(written_sum([*on, st["bias"]], st["value"]), size=SIZES.small,
                         color=colour).move_to([-6.6, y, 0], aligned_edge=LEFT)

        hi_sum, lo_sum = patch_sum(hi, PALETTE.window, -3.35), patch_sum(lo, PALETTE.residual, -3.75)

        play_beats(self, [
            Beat((Write(title("A filter sliding over the image")), FadeIn(img), FadeIn(img_name)), t.write,
                 t.short_pause,
                 say("Here is the X again. Each pixel is now a number: one for black, zero for white.")),
            Beat((FadeIn(filt), FadeIn(filt_name), FadeIn(bias_text)), t.write, t.short_pause,
                 say("Here is the trained filter from before, with its bias, {b}.", b=num(bias))),
            Beat((FadeIn(fmap), FadeIn(fmap_name)), t.write, t.short_pause,
                 say("The filter will turn the image into this {n} by {n} grid, called a feature map.",
                     n=count(n))),
            Beat((Create(window), Create(target)), t.write, t.short_pause,
                 say("We start with the filter over the top-left {k} by {k} corner of the image. Its "
                     "result goes in the top-left cell of the feature map.", k=count(k))),
            Beat((Succession(FadeIn(overlay.move_to(filt)),
                             overlay.animate.scale(img.cell / filt.cell).move_to(window).build()),),
                 t.move, t.short_pause,
                 say("We lay the filter on those nine pixels: blue squares are positive filter values, "
                     "red ones negative.")),
            Beat((FadeOut(overlay), FadeIn(grid0), FadeIn(head0)), t.move, t.short_pause,
                 say("Then we multiply each pixel by the filter value on top of it, and write the nine "
                     "products here.")),
            Beat((Create(trio_black),), t.write, t.short_pause,
                 say("This pixel is black, {x}. Times the filter's {f}, it gives {p}: a black pixel gives "
                     "the filter value itself.", x=count(image[black0]), f=num(kernel[black0]),
                     p=num(first["products"][black0]))),
            Beat((FadeOut(trio_black), Create(trio_white)), t.write, t.short_pause,
                 say("This one is white, {x}. Times {f}, it gives {p}: a white pixel always gives zero.",
                     x=count(image[white]), f=num(kernel[white]), p=num(first["products"][white]))),
            Beat((FadeOut(trio_white), Create(marks), Write(total0)), t.write, t.short_pause,
                 say("Adding up the nine products, only the three black pixels count: {a} plus {b} plus "
                     "{c} is {s}.", a=num(kept[0]), b=num(kept[1]), c=num(kept[2]), s=num(first["sum"]))),
            Beat((Write(plus0),), t.write, t.short_pause,
                 say("Then we add the bias: {s} plus {b} is {v}.", s=num(first["sum"]), b=num(bias),
                     v=num(first["value"]))),
            Beat((Succession(fly0.animate(run_time=t.move * 0.7).move_to(fmap.squares[0][0]).build(),
                             AnimationGroup(FadeOut(fly0), FadeIn(filled.cell_at(0, 0)), run_time=t.move * 0.3)),),
                 t.move, t.short_pause,
                 say("That's the first value of the feature map: {v}.", v=num(first["value"]))),
            Beat((FadeOut(VGroup(grid0, head0, total0, plus0, marks)),
                  window.animate.move_to(window_frame(img, 0, 1, k, PALETTE.window)).build(),
                  target.animate.move_to(window_frame(fmap, 0, 1, 1, PALETTE.window)).build()), t.move, 0.0,
                 say("Now the filter slides one pixel to the right.")),
            Beat((FadeIn(grid1), FadeIn(head1), FadeIn(total1), FadeIn(plus1)), t.write, t.short_pause,
                 say("New pixels under it, new products: they add up to {s}, and with the bias, {v}.",
                     s=num(second["sum"]), v=num(second["value"]))),
            Beat((Succession(fly1.animate(run_time=t.move * 0.7).move_to(fmap.squares[0][1]).build(),
                             AnimationGroup(FadeOut(fly1), FadeIn(filled.cell_at(0, 1)), run_time=t.move * 0.3)),
                  FadeOut(VGroup(grid1, head1, total1, plus1))), t.move, 0.0, SILENT),
            Beat((fast,), 0.7 * len(rest), t.short_pause,
                 say("It keeps sliding, one pixel at a time, row by row, and does the same at every "
                     "position. It fits in {n} places across and {n} down, so the feature map is {n} by "
                     "{n}.", n=count(n))),
            Beat((FadeOut(window), FadeOut(target), Create(hi_cell), Create(hi_win), FadeIn(hi_note)),
                 t.write, t.short_pause,
                 say("The largest value, {v}, comes from this patch of the image.",
                     v=num(values[hi]))),
            Beat((FadeIn(hi_laid), Write(hi_sum)), t.write, t.pause,
                 say("There the black pixels lie under the filter's blue, positive values, and both red, "
                     "negative values lie on white pixels: the patch looks like the filter. Its black "
                     "pixels' filter values and the bias add up to about {v}.", v=num(values[hi]))),
            Beat((FadeOut(hi_laid), hi_win.animate.set_stroke(opacity=0.25).build(),
                  Create(lo_cell), Create(lo_win), FadeIn(lo_note), FadeIn(lo_laid), Write(lo_sum)),
                 t.write, t.pause,
                 say("The smallest value, {v}, comes from a patch where black pixels lie under both red, "
                     "negative values.", v=num(values[lo]))),
            Beat((FadeOut(lo_laid),), t.short_pause, t.pause,
                 say("So the feature map is large where the image looks like the filter, and small "
                     "where it does not.")),
        ])


class ReluAndPooling(Scene):
    """ReLU turns each negative value of the feature map into 0 (each one pointed at), then
    2x2 max pooling keeps the largest value of each block."""

    shows = Shows(FORWARD, step=None, rows=(X_ROW,))

    def construct(self):
        t = timing()
        trace = nnmath.build(FORWARD)
        fw, model = trace.forward(), trace.model()
        fmap, rect = fw.feature_map[X_ROW], fw.rectified[X_ROW]
        pooled, where = fw.pooled[X_ROW], fw.where[X_ROW]
        size = model.pool_size

        grid = ValueGrid(fmap, cell=1.0, room=0.95).move_to([-4.4, -0.6, 0])
        name = named(grid, "feature map of the X")
        after = named(grid, "after ReLU")
        relu = equation(model.activations()["feature map"].tex_definition()).move_to([1.0, 1.9, 0])
        panel = activation_panel("relu", -2.0, 2.0, width=3.4, height=1.9, color=PALETTE.text).move_to([4.9, 1.3, 0])
        negatives = [(i, j) for i, j in np.ndindex(fmap.shape) if fmap[i, j] < 0]

        def zeroing(i, j, others):
            box = SurroundingRectangle(grid.squares[i][j], color=PALETTE.callout, buff=0, stroke_width=7)
            note = callout(box, f"{fmt(fmap[i, j])} is negative: becomes 0",
                           avoid=[grid, name, relu, *others], directions=(RIGHT, DOWN + RIGHT, UP + RIGHT))
            return box, note

        marks = []
        for i, j in negatives:
            marks.append(zeroing(i, j, [m[1] for m in marks]))
        neg_beats = []
        on_graph = VGroup(*[Dot(panel.c2p(fmap[i, j], rect[i, j]), radius=SIZES.dot, color=PALETTE.callout)
                            for i, j in negatives])
        for (i, j), (box, note), spot in zip(negatives, marks, on_graph):
            neg_beats.append(Beat(
                (Create(box), show_callout(note), FadeIn(spot, scale=2),
                 Succession(Wait(t.write), AnimationGroup(*swap_cell(grid, i, j, rect[i, j]),
                                                                             run_time=t.move))),
                t.write + t.move, t.short_pause,
                say("{v} is negative, so ReLU turns it into zero: on the graph, its dot sits on the flat "
                    "part.", v=num(fmap[i, j]))))

        blocks = [(u, v) for u, v in np.ndindex(pooled.shape)]
        frames = [window_frame(grid, u * size, v * size, size, POOL_COLOURS[w % len(POOL_COLOURS)], width=8)
                  for w, (u, v) in enumerate(blocks)]
        pool_grid = ValueGrid(pooled, cell=1.1, room=0.95).move_to([2.6, -0.6, 0])
        pool_name = named(pool_grid, "max of each 2 x 2 block".replace("2 x 2", f"{size} x {size}"))
        filled = pool_grid.copy()
        pool_grid.blank()

        bests = []

        def pick(w, named_cells: bool = False):
            """The block (its frame is already drawn); with ``named_cells`` its four values flashed one after another
            (as they are named); then its largest value boxed and written into the pooled grid
            in the block's colour (no copy flies across the other cells)."""
            u, v = blocks[w]
            r, c = where[u, v]
            colour = POOL_COLOURS[w % len(POOL_COLOURS)]
            best = SurroundingRectangle(grid.squares[r][c], color=colour, buff=-0.08, stroke_width=6)
            bests.append(best)
            out = window_frame(pool_grid, u, v, 1, colour, width=7)
            look = ([Indicate(grid.numbers[u * size + a][v * size + b], color=colour, run_time=0.9)
                     for a, b in np.ndindex(size, size)] if named_cells else [Wait(0.3)])
            return [Succession(*look, Create(best, run_time=0.4),
                               Indicate(grid.numbers[r][c], color=colour, run_time=0.6),
                               AnimationGroup(FadeIn(filled.cell_at(u, v), shift=RIGHT * 0.3), Create(out),
                                              run_time=0.5))]

        first_block = [rect[r, c] for r, c in np.ndindex(size, size)]
        play_beats(self, [
            Beat((Write(title("ReLU, then max pooling")), FadeIn(grid), FadeIn(name)), t.write, t.short_pause,
                 say("Here is the feature map of the X that the filter just made.")),
            Beat((Write(relu), Create(panel)), t.write, t.short_pause,
                 say("Next, just like a hidden node, it goes through ReLU: positive values stay as they "
                     "are, and negative values become zero.")),
            *neg_beats,
            Beat((FadeOut(VGroup(*[m[1] for m in marks])), *swap(name, after)), t.write, t.short_pause,
                 say("Every other value is positive, so it passes through unchanged.")),
            Beat((Succession(AnimationGroup(FadeOut(VGroup(*[m[0] for m in marks])), FadeOut(relu), FadeOut(panel),
                                            FadeOut(on_graph)),
                             AnimationGroup(FadeIn(pool_grid), FadeIn(pool_name)),
                             AnimationGroup(*[Create(f) for f in frames], lag_ratio=0.3)),),
                 t.write * 2, t.short_pause,
                 say("Then max pooling: we cut the map into blocks of {s} by {s} cells, and from each block "
                     "we keep only the largest value.", s=count(size))),
            Beat(tuple(pick(0, named_cells=True)), 0.9 * size * size + 1.5, t.short_pause,
                 say("In the top-left block, the largest of {a}, {b}, {c} and {d} is {m}.",
                     a=num(first_block[0]), b=num(first_block[1]), c=num(first_block[2]),
                     d=num(first_block[3]), m=num(pooled[0, 0]))),
            Beat((Succession(*[AnimationGroup(*pick(w), run_time=1.8) for w in range(1, len(blocks))]),),
                 1.8 * (len(blocks) - 1), t.short_pause,
                 say("The same for the other blocks: {a}, {b} and {c}.", a=num(pooled[0, 1]),
                     b=num(pooled[1, 0]), c=num(pooled[1, 1]))),
            Beat((Circumscribe(pool_grid, color=PALETTE.callout),
                  Succession(Wait(t.write * 5), FadeOut(VGroup(current(grid), after, *frames, *bests),
                                                        run_time=t.write * 1.5))),
                 t.write * 6.5, t.pause,
                 say("So the feature map shrinks to one value per block: how strongly the filter matched "
                     "somewhere in that part of the image. Exactly where it matched is dropped.")),
        ])


class FlattenAndClassify(Scene):
    """The pooled values, flattened, are the inputs of a small dense network with SoftMax:
    the X comes out X, the O comes out O, and the X shifted one pixel is still an X."""

    shows = Shows(FORWARD, step=None, rows=(X_ROW,))

    def construct(self):
        t = timing()
        trace = nnmath.build(FORWARD)
        fw, model = trace.forward(), trace.model()
        head = model.head
        _, _, head_params = model.split(trace.final_params)
        weights = dict(zip(head.param_names, head_params))
        self.classes = model.output_labels

        net = HeadDiagram(weights, head.layout(), output_colours=PALETTE.classes, xs=(-3.0, -0.2, 3.0),
                          in_where=0.42).shift(DOWN * 0.4)
        self.into = net.into
        self.net, self.fw, self.trace, self.t = net, fw, trace, t
        self.shown = VGroup()

        x_beats = self.image_beats(X_ROW, "the X")
        o_beats = self.image_beats(O_ROW, "the O")
        s_beats = self.image_beats(SHIFTED_ROW, "shifted X")
        h = fw.head.hidden
        sums = fw.head.hidden_sums
        hidden_names = head.hidden_labels
        layout = head.layout()

        def lit(h, colour, width):
            return [net.edges[layout.weight(p, h)].animate.set_stroke(colour, width=width).build()
                    for p in head.input_labels]

        ins, outs = head.input_labels, head.output_labels

        def line(kind, row, j, y):
            if kind == "hidden":
                h_name = hidden_names[j]
                text = weighted_sum(fw.flattened[row], [weights[layout.weight(p, h_name)] for p in ins],
                                    weights[layout.bias(h_name)], sums[row, j], color=(PALETTE.top, PALETTE.bottom)[j])
            else:
                o_name = outs[j]
                text = weighted_sum(h[row], [weights[layout.weight(q, o_name)] for q in hidden_names],
                                    weights[layout.bias(o_name)], fw.raw[row, j], color=PALETTE.classes[j])
            return text.move_to([0.0, y, 0])

        top_sum, bottom_sum = line("hidden", X_ROW, 0, -3.35), line("hidden", X_ROW, 1, -3.35)
        out_sums = VGroup(line("output", X_ROW, 0, -3.05), line("output", X_ROW, 1, -3.55))
        out_edges = [net.edges[layout.weight(q, o)] for q in hidden_names for o in outs]
        approx = any("\u2248" in m.text for m in out_sums)
        play_beats(self, [
            Beat((Write(title("Flatten, then a dense network")), *x_beats["show"][0].animations),
                 x_beats["show"][0].run_time, t.short_pause,
                 say("Here is the X's pooled map, the small grid we just made. Now the last part: flatten "
                     "it, then classify it with a small dense network.")),
            Beat((FadeIn(net),), t.write, t.short_pause,
                 say("The pooled values become the inputs of a small dense network, like the ones we've "
                     "seen: two hidden nodes with ReLU, and two outputs, one for O and one for X.")),
            *x_beats["flatten"],
            Beat((FadeIn(self.into[hidden_names[0]]), *lit(hidden_names[0], PALETTE.top, 6), Write(top_sum)),
                 t.write, t.short_pause,
                 say("The top hidden node multiplies the four inputs by its own four weights and adds "
                     "them and its bias: the sum is {s}.", s=num(sums[X_ROW, 0]))),
            Beat((x_beats["hidden"][0],), t.write, t.short_pause,
                 say("It is positive, so ReLU keeps it: {h}.", h=num(h[X_ROW, 0]))
                 if sums[X_ROW, 0] >= 0 else
                 say("It is negative, so ReLU gives {h}.", h=num(h[X_ROW, 0]))),
            Beat((FadeOut(self.into[hidden_names[0]]), FadeIn(self.into[hidden_names[1]]), FadeOut(top_sum),
                  *lit(hidden_names[0], PALETTE.axis, 2), *lit(hidden_names[1], PALETTE.bottom, 6),
                  Write(bottom_sum)), t.write, t.short_pause,
                 say("The bottom node does the same with its own four weights. Its sum is {s}.",
                     s=num(sums[X_ROW, 1]))),
            Beat((x_beats["hidden"][1],), t.write, t.short_pause,
                 say("It is negative, so ReLU gives {h}.", h=num(h[X_ROW, 1]))
                 if sums[X_ROW, 1] < 0 else
                 say("It is positive, so ReLU keeps it: {h}.", h=num(h[X_ROW, 1]))),
            Beat((FadeOut(self.into[hidden_names[1]]), FadeOut(bottom_sum), *lit(hidden_names[1], PALETTE.axis, 2),
                  *[e.animate.set_stroke(PALETTE.text, width=5).build() for e in out_edges],
                  Write(out_sums), x_beats["raw"]), t.write, t.short_pause,
                 say("Each output multiplies the two hidden values by its weights and adds its bias: {o} "
                     "for O and {x} for X."
                     + (" The written numbers are rounded, hence the wavy equals sign." if approx else ""),
                     o=num(fw.raw[X_ROW, 0]), x=num(fw.raw[X_ROW, 1]))),
            Beat((FadeOut(out_sums), *[e.animate.set_stroke(PALETTE.axis, width=2).build() for e in out_edges]),
                 t.short_pause, 0.0, SILENT),
            *x_beats["softmax"],
            *o_beats["show"], *o_beats["flatten"],
            Beat((AnimationGroup(*o_beats["hidden"]), o_beats["raw"]), t.write, t.short_pause,
                 say("Through the same network, the hidden nodes give {a} and {b}, and the outputs "
                     "{o} for O and {x} for X.", a=num(h[O_ROW, 0]), b=num(h[O_ROW, 1]),
                     o=num(fw.raw[O_ROW, 0]), x=num(fw.raw[O_ROW, 1])),
                 shows=self.shows.at(rows=(O_ROW,))),
            *o_beats["softmax"],
            *s_beats["show"], *s_beats["flatten"],
            Beat((AnimationGroup(*s_beats["hidden"]), s_beats["raw"]), t.write, t.short_pause,
                 say("The hidden nodes give {a} and {b}, and the outputs {o} for O and {x} for X.",
                     a=num(h[SHIFTED_ROW, 0]), b=num(h[SHIFTED_ROW, 1]),
                     o=num(fw.raw[SHIFTED_ROW, 0]), x=num(fw.raw[SHIFTED_ROW, 1])),
                 shows=self.shows.at(rows=(SHIFTED_ROW,))),
            *s_beats["softmax"],
            Beat((Circumscribe(s_beats["image"], color=PALETTE.classes[1]),), t.write, t.pause,
                 say("The filter finds the same strokes wherever they are, so the moved X is still an X, "
                     "if a little less surely. Next: where the filter's values came from.")),
        ])

    def image_beats(self, row: int, text: str) -> dict:
        """The beats of one image going through: shown with its pooled map, flattened into
        the input nodes, the hidden values, the outputs, SoftMax and the verdict."""
        net, fw, trace, t = self.net, self.fw, self.trace, self.t
        pooled = ValueGrid(fw.pooled[row], cell=1.0, room=0.95).move_to([-5.75, -1.35, 0])
        pooled_name = named(pooled, "pooled", buff=0.15)
        image = ValueGrid(trace.inputs[row], cell=0.33, integers=True, numbers=False).move_to([-5.75, 1.45, 0])
        name = label(text, size=SIZES.small).next_to(image, UP, buff=0.15)
        flat = fw.flattened[row]
        inputs = VGroup(*[label(fmt(v), size=SIZES.small).move_to(c) for v, c in zip(flat, net.inputs)])
        cells = [pooled.numbers[i][j].copy() for i, j in np.ndindex(fw.pooled[row].shape)]
        ratios = [inp.height / c.height for c, inp in zip(cells, inputs)]
        for c in cells:  # on a white patch, so a value flying over the grid stays readable
            c.add_to_back(BackgroundRectangle(c, color=PALETTE.background, fill_opacity=1, buff=0.04))
        hidden = [label(fmt(v), size=SIZES.small).move_to(c) for v, c in zip(fw.head.hidden[row], net.hidden)]
        raw = VGroup(*[label(fmt(v), size=SIZES.small).move_to(c) for v, c in zip(fw.raw[row], net.outputs)])
        probs = fw.outputs[row]
        soft = VGroup(*[label(f"p({name}) = {fmt(p, 3)}", size=SIZES.small, color=c)
                        .next_to(net.output_names[j], DOWN, buff=0.2, aligned_edge=LEFT)
                        for j, (p, c, name) in enumerate(zip(probs, PALETTE.classes, self.classes))])
        win = int(fw.choice[row])
        box = SurroundingRectangle(soft[win], color=PALETTE.window, buff=0.1, stroke_width=5)
        own = VGroup(image, name, pooled, pooled_name, inputs, *hidden, raw, soft, box)
        leaving = self.shown
        self.shown = own
        hidden_anims = [FadeIn(hv) for hv in hidden]
        if row == X_ROW:
            hidden_anims = [AnimationGroup(FadeOut(net.icons[0]), FadeIn(hidden[0])),
                            AnimationGroup(FadeOut(net.icons[1]), FadeIn(hidden[1]))]
        first = row == X_ROW
        show_say = (say("Here is the X's pooled map, the small grid we just made.") if first else
                    say("Now the O goes through the same filter, ReLU and pooling, and gives its own "
                        "pooled map.") if row == O_ROW else
                    say("Last, the X moved one pixel to the right; its two right-hand corners fall off "
                        "the image. Its pooled map still has {a} and {b}, now in other places.",
                        a=num(fw.pooled[row].max()), b=num(np.sort(fw.pooled[row].ravel())[-2])))
        verdict = self.classes[win]
        compare = []
        if row == SHIFTED_ROW:  # the X's pooled values in a row, the ones that reappear circled in both
            x_flat = fw.pooled[X_ROW].reshape(1, -1)
            before = ValueGrid(x_flat, cell=0.95, room=0.95).move_to([-3.4, -3.45, 0])
            before_name = label("the X's:", size=SIZES.small).next_to(before, LEFT, buff=0.2)
            top_two = np.sort(fw.pooled[row].ravel())[-2:]
            pairs = [(np.argwhere(np.isclose(x_flat, v))[0], np.argwhere(np.isclose(fw.pooled[row], v))[0])
                     for v in top_two]
            rings = VGroup(*[SurroundingRectangle(g.squares[a][b], color=PALETTE.callout, buff=0, stroke_width=6)
                             for (i0, i1) in pairs for g, (a, b) in ((before, i0), (pooled, i1))])
            own.add(before, before_name, rings)
            compare = [Succession(Wait(t.write), FadeIn(before), FadeIn(before_name), Create(rings, lag_ratio=0.3))]
        out = {
            "image": image,
            "show": [Beat((Succession(*([FadeOut(leaving, run_time=t.short_pause)] if len(leaving) else []),
                                      AnimationGroup(FadeIn(image), FadeIn(name), FadeIn(pooled), FadeIn(pooled_name),
                                                     run_time=t.write)),),
                          t.write + (t.short_pause if len(leaving) else 0.0), t.short_pause, show_say)]
                    if not compare else
                    [Beat((Succession(FadeOut(leaving, run_time=t.short_pause),
                                      AnimationGroup(FadeIn(image), FadeIn(name), FadeIn(pooled), FadeIn(pooled_name),
                                                     run_time=t.write)), *compare),
                          t.write * 3, t.short_pause, show_say)],
            "flatten": [Beat((Succession(*[c.animate(run_time=t.move / 2).move_to(inp).scale(r).build()
                                           for c, inp, r in zip(cells, inputs, ratios)]),),
                             t.move * 2, 0.0,
                             say("We flatten it: the four values, row by row, go into the four inputs.")
                             if first else SILENT),
                        Beat((FadeOut(VGroup(*cells)), FadeIn(inputs)), t.short_pause, 0.0, SILENT)],
            "hidden": hidden_anims,
            "raw": FadeIn(raw),
            "softmax": [
                Beat((FadeIn(soft),), t.write, t.short_pause,
                     say("SoftMax turns the outputs into probabilities: {o} for O and {x} for X.",
                         o=prob(probs[0]), x=prob(probs[1]))),
                Beat((Create(box),), t.write, t.pause,
                     say("So the network says {c}, with probability {p}.".replace("{c}", verdict),
                         p=prob(probs[win]))),
            ],
        }
        shows = self.shows.at(rows=tuple(sorted({row, X_ROW})))  # the shifted X is compared with the X
        for part in ("show", "flatten", "softmax"):
            out[part] = showing(shows, out[part])
        return out


class LearningTheFilter(Scene):
    """The filter (nine values and a bias) from its random start through the first training
    steps, with the X's feature map, each image's probability of its own class and the cross
    entropy; then the remaining steps at once, which only refine it."""

    shows = Shows(TRAINING, step=0)

    def construct(self):
        t = timing()
        trace = nnmath.build(TRAINING)
        model = trace.model()
        k, last = model.filter_size, trace.n_steps
        losses = np.append(trace.loss, trace.final_loss)
        probs = np.concatenate([trace.predictions, trace.final_predictions[None]])

        def filt_at(s):
            kernel, bias, _ = model.split(trace.params[s] if s < last else trace.final_params)
            return kernel, bias

        def fmap_at(s):
            return trace.forward(k=s).feature_map[TRAIN_X]

        k0, b0 = filt_at(0)
        style = signed_style(max(np.abs(k0).max(), np.abs(filt_at(last)[0]).max()))
        grid = ValueGrid(k0, cell=1.0, room=0.95, style=style).move_to([-5.2, 0.6, 0])
        step_name = label("filter, step 0", size=SIZES.small).next_to(grid, UP, buff=0.2)
        bias_text = label(f"bias = {fmt(b0)}", size=SIZES.small).next_to(grid, DOWN, buff=0.2)
        fm0 = fmap_at(0)
        fmap = ValueGrid(fm0, cell=1.0, room=0.95,
                         style=signed_style(np.abs(fmap_at(last)).max())).move_to([-1.3, 0.4, 0])
        fmap_name = label("feature map of the X", size=SIZES.small).next_to(fmap, UP, buff=0.2)

        axes = plot_axes((0, last, last), (0.0, 1.5, 0.5), 4.2, 3.0, x_label="step",
                         y_label="cross entropy", x_ticks=[0, last], y_ticks=[0.0, 0.5, 1.0, 1.5])
        axes.move_to([4.0, 0.6, 0])
        dot = Dot(axes.c2p(0, losses[0]), radius=0.09, color=PALETTE.text)

        def lines(s):
            return VGroup(
                label(f"cross entropy = {fmt(losses[s], 3)}", size=SIZES.small),
                label(f"p(O) for the O = {fmt(probs[s, TRAIN_O, 0], 3)}", size=SIZES.small, color=PALETTE.classes[0]),
                label(f"p(X) for the X = {fmt(probs[s, TRAIN_X, 1], 3)}", size=SIZES.small, color=PALETTE.classes[1]),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.14).to_edge(LEFT, buff=0.3).set_y(-2.75)

        shown = {"rows": lines(0), "name": step_name, "bias": bias_text}
        box = SurroundingRectangle(VGroup(grid, bias_text), color=PALETTE.callout, buff=0.12, stroke_width=6)
        back_name = label("learned by backpropagation", size=SIZES.small, color=PALETTE.callout)
        back_name.next_to(fmap, DOWN, buff=0.5).set_x(fmap.get_left()[0] + 1.3, LEFT)
        back = VGroup(box, Arrow(back_name.get_left(), box.get_corner(DOWN + RIGHT), buff=0.08, color=PALETTE.callout,
                                 stroke_width=SIZES.thin * 1.5, max_tip_length_to_length_ratio=0.35), back_name)

        def step_to(s):
            """Animations from what is shown to step s: the filter, its bias, the X's feature
            map, the readout and the dot on the loss curve."""
            kernel, bias = filt_at(s)
            new_rows = lines(s)
            anims = [*swap_values(grid, kernel), *swap_values(fmap, fmap_at(s))]
            for a, b in zip(shown["rows"], new_rows):
                if a.text != b.text:
                    anims += swap(a, b)
                else:
                    anims += [FadeOut(a), FadeIn(b)]
            new_name = label(f"filter, step {s}", size=SIZES.small).move_to(shown["name"])
            new_bias = label(f"bias = {fmt(bias)}", size=SIZES.small).move_to(shown["bias"])
            anims += [*swap(shown["name"], new_name)]
            if new_bias.text != shown["bias"].text:
                anims += [*swap(shown["bias"], new_bias)]
            else:
                new_bias = shown["bias"]
            shown.update(rows=new_rows, name=new_name, bias=new_bias)
            return AnimationGroup(*anims, run_time=2.0)

        rows0 = shown["rows"]
        thumbs = VGroup(*[ValueGrid(trace.inputs[r], cell=0.13, integers=True, numbers=False)
                          for r in (TRAIN_O, TRAIN_X)]).arrange(RIGHT, buff=0.3)
        thumbs.next_to(rows0, RIGHT, buff=0.5).align_to(rows0, DOWN)
        thumbs.add(*[SurroundingRectangle(g, color=c, buff=0.04, stroke_width=4)
                     for g, c in zip(thumbs, PALETTE.classes)])
        chain = label("filter \u2192 ReLU \u2192 pooling \u2192 dense \u2192 SoftMax \u2192 cross entropy",
                      size=SIZES.small).move_to([-6.8, -2.75, 0], aligned_edge=LEFT)
        backwards = Arrow(chain.get_right() + DOWN * 0.45, chain.get_left() + DOWN * 0.45, buff=0,
                          color=PALETTE.callout, stroke_width=SIZES.thin * 1.5, max_tip_length_to_length_ratio=0.04)
        backwards_name = label("the gradient goes back", size=SIZES.small, color=PALETTE.callout)
        backwards_name.next_to(backwards, DOWN, buff=0.1)
        strip = VGroup(chain, backwards, backwards_name)

        def segment(a, b):
            return curve(axes, np.arange(a, b + 1), losses[a:b + 1], PALETTE.tangent, SIZES.curve)


        start = ValueGrid(k0, cell=1.0, room=0.95, style=style)
        start_name = label("filter, step 0", size=SIZES.small)
        diag = [(r, k - 1 - r) for r in range(k)]
        kf, bf = filt_at(last)

        def boxes(*squares):
            return VGroup(*[SurroundingRectangle(sq, color=PALETTE.callout, buff=0, stroke_width=6) for sq in squares])

        lean = boxes(*[grid.squares[r][c] for r, c in diag])
        top = boxes(fmap.squares[int(np.argmax(fm0)) // fm0.shape[1]][int(np.argmax(fm0)) % fm0.shape[1]])
        beats = [
            Beat((Write(title("Learning the filter")), FadeIn(grid), FadeIn(step_name), FadeIn(bias_text),
                  Succession(Wait(t.write), Create(lean))),
                 t.write * 1.5, t.short_pause,
                 say("Last question: where did the filter come from? Training starts from random values: "
                     "here is the starting filter, with bias {b}. By chance, its diagonal from bottom left "
                     "to top right is already positive: {a}, {m} and {c}.", b=num(b0),
                     a=num(k0[diag[2]]), m=num(k0[diag[1]]), c=num(k0[diag[0]]))),
            Beat((FadeOut(lean), FadeIn(fmap), FadeIn(fmap_name), Succession(Wait(t.write), Create(top))),
                 t.write * 1.5, t.short_pause,
                 say("It makes this feature map from the X. Its largest value is {m}.", m=num(fm0.max()))),
            Beat((FadeOut(top), Create(axes), FadeIn(dot), FadeIn(shown["rows"]), FadeIn(thumbs)),
                 t.draw, t.short_pause,
                 say("With it, and random dense weights, the cross entropy over the O and the X is {l}. "
                     "The O is an O with probability {po}, the X an X with probability {px}.",
                     l=prob(losses[0]), po=prob(probs[0, TRAIN_O, 0]), px=prob(probs[0, TRAIN_X, 1]))),
            Beat((Create(back[0]), show_callout(back[1:]), FadeOut(rows0), FadeOut(thumbs), FadeIn(chain),
                  Succession(Wait(t.write), Create(backwards), FadeIn(backwards_name))), t.draw * 2, t.short_pause,
                 say("Backpropagation sends the cross entropy's gradient back through SoftMax, the dense "
                     "network, pooling and ReLU, to the nine filter values and its bias.")),
            Beat((FadeOut(back), FadeOut(strip), FadeIn(rows0), FadeIn(thumbs)), t.short_pause, t.short_pause,
                 say("Each step of gradient descent nudges all of them, and the dense weights too.")),
        ]
        notes = {
            1: lambda: say("Step {s}: the filter has barely changed yet; the dense weights do most of the "
                           "early work. The X's probability of being an X already rises to {px}, while the "
                           "O's, for now, falls to {po}. The cross entropy drops to {l}.", s=count(1),
                           px=prob(probs[1, TRAIN_X, 1]), po=prob(probs[1, TRAIN_O, 0]), l=prob(losses[1])),
            2: lambda: say("Step {s}: now the corners move. The top-right value grows to {a}, the "
                           "bottom-left to {b}. The cross entropy is {l}.", s=count(2),
                           a=num(filt_at(2)[0][0, k - 1]), b=num(filt_at(2)[0][k - 1, 0]), l=prob(losses[2])),
            3: lambda: say("Step {s}: the X's largest feature-map value grows to {m}, and the cross "
                           "entropy falls to {l}.", s=count(3), m=num(fmap_at(3).max()), l=prob(losses[3])),
            4: lambda: say("Step {s}: both images get their right class, with probabilities {po} and "
                           "{px}. The cross entropy, {l}, is already small.", s=count(4),
                           po=prob(probs[4, TRAIN_O, 0]), px=prob(probs[4, TRAIN_X, 1]), l=prob(losses[4])),
        }
        def marked(s):
            """What the step's sentence names, boxed once the new values are in and held
            through the sentence."""
            if s == 2:
                return [grid.squares[0][k - 1], grid.squares[k - 1][0]]
            if s == 3:
                i, j = np.unravel_index(np.argmax(fmap_at(3)), fmap_at(3).shape)
                return [fmap.squares[i][j]]
            return []

        held = VGroup()
        for s in range(1, FIRST_STEPS + 1):
            unbox = (FadeOut(held),) if len(held) else ()
            change = step_to(s)
            held = boxes(*marked(s))
            moves = (Succession(change, Create(held)) if len(held) else change,)
            beats.append(Beat((*unbox, *moves, Create(segment(s - 1, s)),
                               dot.animate.move_to(axes.c2p(s, losses[s])).build()),
                              t.step * (1.6 if len(held) else 1.0), t.short_pause,
                              notes[s]() if s in notes else SILENT,
                              shows=self.shows.at(step=s)))
        rest = segment(FIRST_STEPS, last)
        beats += [
            Beat((step_to(last), Create(rest), MoveAlongPath(dot, rest)), t.move * 1.5,
                 t.short_pause,
                 say("The remaining steps only refine this. By step {n}, the cross entropy is {l}, and the "
                     "filter has moved a little further.", n=count(last), l=prob(losses[last])),
                 shows=self.shows.at(step=None)),
        ]
        start.move_to([-1.3, 0.6, 0])
        start_name.next_to(start, UP, buff=0.2)
        marks = VGroup(*[SurroundingRectangle(grid.squares[r][c], color=PALETTE.callout, buff=0, stroke_width=6)
                         for r, c in diag])
        start_marks = VGroup(*[SurroundingRectangle(start.squares[r][c], color=PALETTE.callout, buff=0, stroke_width=5)
                               for r, c in diag])
        still = (boxes(grid.squares[1][0]),) if k0[1, 0] == kf[1, 0] else ()
        beats += [
            Beat((FadeOut(current(fmap)), FadeOut(fmap_name)), t.short_pause, 0.0, SILENT),
            Beat((FadeIn(start), FadeIn(start_name), Create(marks), Create(start_marks),
                  *[Succession(Wait(t.write), Create(b)) for b in still]), t.write * 1.5, t.pause,
                 say("Compared with the random start, the diagonal from bottom left to top right grew: "
                     "{a} became {A}, {b} became {B}, and {c} became {C}.",
                     a=num(k0[diag[2]]), A=num(kf[diag[2]]), b=num(k0[diag[1]]), B=num(kf[diag[1]]),
                     c=num(k0[diag[0]]), C=num(kf[diag[0]]))
                 if k0[1, 0] != kf[1, 0] else
                 say("Compared with the random start, the diagonal from bottom left to top right grew: "
                     "{a} became {A}, {b} became {B}, and {c} became {C}. The middle-left {m} never moved: "
                     "no gradient reached it.",
                     a=num(k0[diag[2]]), A=num(kf[diag[2]]), b=num(k0[diag[1]]), B=num(kf[diag[1]]),
                     c=num(k0[diag[0]]), C=num(kf[diag[0]]), m=num(kf[1, 0])),
                 shows=self.shows.at(step=(0, None))),
            Beat((Circumscribe(current(grid), color=PALETTE.callout),), t.write, t.pause,
                 say("So training found filter values that, together with the dense weights, tell the X "
                     "from the O, and backpropagation learned them just as it learns every other weight.")),
            Beat((FadeOut(marks), FadeOut(start_marks), *[FadeOut(b) for b in still],
                  Succession(Wait(t.write * 2), Circumscribe(axes, color=PALETTE.callout, run_time=t.write),
                             Circumscribe(shown["rows"], color=PALETTE.callout, run_time=t.write),
                             Circumscribe(current(grid), color=PALETTE.callout, run_time=t.write))),
                 t.write * 5, t.pause,
                 say("And that's the lecture: weights and biases bend activation functions into a fit, "
                     "backpropagation and gradient descent learn them, SoftMax and cross entropy handle "
                     "classes, and a filter lets the same ideas read pictures.")),
        ]
        play_beats(self, beats)
