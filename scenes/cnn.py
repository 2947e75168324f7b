"""Chapter: convolutional neural networks (presets ``cnn-x-vs-o`` and ``cnn-forward``).

Why a filter instead of one weight per pixel; a 3x3 filter sliding over the X cell by
cell (the nine products, their sum, the bias, the value dropping into the feature map);
ReLU on the feature map, 2x2 max pooling (and mean pooling for contrast); the pooled
values flattened into a small dense network whose SoftMax says X or O, also for the X
shifted one pixel; and the filter being learned by backpropagation while the cross
entropy goes down.

    manim -pql scenes/cnn.py SlidingFilter
"""

from __future__ import annotations

import numpy as np
from manim import (Arrow, Circle, Create, FadeIn, FadeOut, Line, ReplacementTransform, Scene,
                   SurroundingRectangle, Transform, VGroup, Write, DOWN, LEFT, RIGHT, UP)

import nnmath
from nnmath.cnn import weight_counts
from nnmath.conv import mean_pool
from scenes.common.dense_diagram import DenseDiagram
from scenes.common.grids import ValueGrid, signed_style, window_frame
from scenes.common.numbers import fmt, fmt_small
from scenes.common.plots import curve, nice_range, plot_axes
from scenes.common.readout import sample_steps
from scenes.common.style import PALETTE, SIZES
from scenes.common.text import label, stacked, title
from scenes.common.timing import timing

TRAINING = "cnn-x-vs-o"
FORWARD = "cnn-forward"
X_ROW, SHIFTED_ROW = 0, 1  # rows of the forward preset: the X, the shifted X (then the O)
DETAILED = 2  # feature-map cells worked out in full before the filter speeds up
BIG_IMAGE = 100  # side of the "what would a real photo cost" image
LEARNING_FRAMES = 24  # training steps shown while the filter is learned
POOL_COLOURS = ("#1F6FD1", "#F28A14", "#1E9E3A", "#7B3FBF")

__all__ = ["WhyFilters", "SlidingFilter", "ReluAndPooling", "FlattenAndClassify",
           "LearningTheFilter"]


def forward_trace() -> tuple[nnmath.Trace, object]:
    """The forward preset and its forward pass (every intermediate)."""
    trace = nnmath.build(FORWARD)
    return trace, trace.forward()


def caption(text: str) -> VGroup:
    """A one-line sentence at the bottom edge."""
    return label(text, size=SIZES.small).to_edge(DOWN, buff=0.35)


def titled(grid: ValueGrid, text: str) -> VGroup:
    """A grid with its name above it."""
    return VGroup(grid, label(text, size=SIZES.small).next_to(grid, UP, buff=0.2))


class WhyFilters(Scene):
    """A 6x6 image is 36 input nodes, one weight each per hidden node; a 100x100 photo
    would need 10,000, a 3x3 filter needs 9 weights and a bias."""

    def construct(self):
        t = timing()
        trace, _ = forward_trace()
        image = trace.inputs[X_ROW]
        side = image.shape[0]
        small = weight_counts(side, trace.model().filter_size)
        big = weight_counts(BIG_IMAGE, trace.model().filter_size)
        self.add(title("Why convolutional networks?").to_edge(UP, buff=0.3))

        grid = ValueGrid(image, cell=0.5, integers=True, size=SIZES.small - 6).move_to([-5.0, 0.2, 0])
        self.play(FadeIn(titled(grid, f"{side} x {side} image")), run_time=t.write)
        nodes = VGroup(*[Circle(radius=0.055, color=PALETTE.text, stroke_width=2) for _ in range(small["pixels"])])
        nodes.arrange(DOWN, buff=0.05).move_to([-1.6, -0.25, 0])
        hidden = Circle(radius=0.35, color=PALETTE.top, stroke_width=SIZES.curve).move_to([1.2, -0.15, 0])
        lines = VGroup(*[Line(n.get_right(), hidden.get_left(), stroke_width=1, color=PALETTE.muted)
                         for n in nodes])
        pixels = VGroup(*[grid.squares[i][j] for i in range(side) for j in range(side)])
        self.play(ReplacementTransform(pixels.copy(), nodes), run_time=t.move)
        self.play(Create(lines), FadeIn(hidden), run_time=t.draw)
        one = label(f"{small['dense_per_node']} weights", size=SIZES.label).next_to(hidden, RIGHT, buff=0.3)
        note = label("for one hidden node", size=SIZES.small).next_to(one, DOWN, buff=0.15, aligned_edge=LEFT)
        self.play(Write(one), Write(note), run_time=t.write)
        self.wait(t.pause)

        self.play(*[FadeOut(m) for m in self.mobjects[1:]], run_time=t.short_pause)
        photo = label(f"{BIG_IMAGE} x {BIG_IMAGE} image", size=SIZES.label).move_to([-3.4, 1.6, 0])
        photo_cost = label(f"{big['dense_per_node']:,} weights per hidden node", size=SIZES.label,
                           color=PALETTE.residual).next_to(photo, DOWN, buff=0.3)
        kernel, _, _ = trace.model().split(nnmath.get_preset(TRAINING).start)  # the random start
        fgrid = ValueGrid(kernel, cell=0.85).move_to([3.4, 0.9, 0])
        f_cost = label(f"{big['filter_weights']} weights + 1 bias = {big['filter_total']}",
                       size=SIZES.label, color=PALETTE.top).next_to(fgrid, DOWN, buff=0.35)
        self.play(Write(photo), run_time=t.write)
        self.play(Write(photo_cost), run_time=t.write)
        self.play(FadeIn(titled(fgrid, "a 3 x 3 filter")), Write(f_cost), run_time=t.write)
        self.play(Write(caption("The same small filter slides over the whole image, whatever its size.")),
                  run_time=t.write)
        self.wait(t.pause)


class SlidingFilter(Scene):
    """The filter over the X, cell by cell: nine products, their sum, + bias, the value
    dropping into the feature map; the first cells in full, the rest faster."""

    def construct(self):
        t = timing()
        trace, fw = forward_trace()
        model = trace.model()
        params = trace.final_params
        image = trace.inputs[X_ROW]
        kernel, bias, _ = model.split(params)
        k, n = model.filter_size, model.map_size
        self.add(title("A filter sliding over the image").to_edge(UP, buff=0.3))

        img = ValueGrid(image, cell=0.55, integers=True).move_to([-4.9, -0.5, 0])
        filt = ValueGrid(kernel, cell=0.8).move_to([-0.5, 1.6, 0])
        self.filter_grid = filt
        fmap = ValueGrid(fw.feature_map[X_ROW], cell=0.8).move_to([4.7, -0.5, 0])
        fmap_values = fmap.copy()
        fmap.blank()
        bias_text = label(f"bias = {fmt(bias)}", size=SIZES.small).next_to(filt, RIGHT, buff=0.3)
        filt_name = label("filter", size=SIZES.small).next_to(filt, LEFT, buff=0.3)
        self.play(FadeIn(titled(img, "image: the X")), FadeIn(VGroup(filt, filt_name)),
                  Write(bias_text), run_time=t.write)
        self.play(FadeIn(titled(fmap, "feature map")), run_time=t.write)

        window = window_frame(img, 0, 0, k, PALETTE.window)
        target = window_frame(fmap, 0, 0, 1, PALETTE.window, width=6)
        self.play(Create(window), Create(target), run_time=t.short_pause)
        for c in range(n * n):
            i, j = divmod(c, n)
            moves = [window.animate.move_to(window_frame(img, i, j, k, PALETTE.window)),
                     target.animate.move_to(window_frame(fmap, i, j, 1, PALETTE.window))]
            if c:
                self.play(*moves, run_time=t.short_pause if c < DETAILED else 0.25)
            if c < DETAILED:
                self.work_out_cell(model, params, image, i, j, img, fmap_values, t)
            else:
                self.play(FadeIn(fmap_values.cell_at(i, j)), run_time=0.2)
            fmap.add(fmap_values.cell_at(i, j))
        self.play(FadeOut(window), FadeOut(target), run_time=t.short_pause)
        self.play(Write(caption("Large values: where the image looks most like the filter.")),
                  run_time=t.write)
        self.wait(t.pause)

    def work_out_cell(self, model, params, image, i, j, img, fmap_values, t):
        """The filter laid on the window (shrunk to the image's cells, see-through), the
        nine products, their sum, + bias, the value dropping into the feature map."""
        story = model.cell_story(params, image, i, j)
        prods = ValueGrid(story["products"], cell=0.8,
                          style=signed_style(np.abs(story["filter"]).max())).move_to([-0.5, -1.05, 0])
        head = stacked(label("pixel", size=SIZES.small), label("x filter", size=SIZES.small),
                       buff=0.1).next_to(prods, LEFT, buff=0.3)
        overlay = self.filter_grid.copy().set_opacity(0.65)
        spot = window_frame(img, i, j, len(overlay.squares), PALETTE.window)
        self.play(overlay.animate.scale(img.cell / overlay.cell).move_to(spot), run_time=t.move)
        self.play(FadeOut(overlay), FadeIn(head), FadeIn(prods), run_time=t.move / 2)
        total = label(f"sum = {fmt(story['sum'])}", size=SIZES.small).next_to(prods, DOWN, buff=0.25)
        plus = label(f"+ bias {fmt(story['bias'])} = {fmt(story['value'])}", size=SIZES.small)
        plus.next_to(total, RIGHT, buff=0.25)
        VGroup(total, plus).next_to(prods, DOWN, buff=0.25)
        self.play(Write(total), run_time=t.write)
        self.play(Write(plus), run_time=t.write)
        self.play(ReplacementTransform(plus.copy(), fmap_values.cell_at(i, j)), run_time=t.move)
        self.wait(t.short_pause)
        self.play(FadeOut(VGroup(prods, head, total, plus)), run_time=t.short_pause)


class ReluAndPooling(Scene):
    """ReLU turns the feature map's negative values into 0; 2x2 max pooling keeps each
    window's largest value (and remembers where it was); mean pooling averages instead."""

    def construct(self):
        t = timing()
        trace, fw = forward_trace()
        fmap, rect = fw.feature_map[X_ROW], fw.rectified[X_ROW]
        pooled, where = fw.pooled[X_ROW], fw.where[X_ROW]
        means = mean_pool(rect)
        size = trace.model().pool_size
        self.add(title("ReLU, then pooling").to_edge(UP, buff=0.3))

        grid = ValueGrid(fmap, cell=0.85).move_to([-4.4, -0.3, 0])
        name = label("feature map", size=SIZES.small).next_to(grid, UP, buff=0.2)
        self.play(FadeIn(grid), FadeIn(name), run_time=t.write)
        relu_name = label("after ReLU: max(0, x)", size=SIZES.small).move_to(name)
        clipped = [grid.restyled(i, j, rect[i, j]) for i, j in np.ndindex(rect.shape)]
        changes = [Transform(grid.cell_at(i, j), new)
                   for (i, j), new in zip(np.ndindex(rect.shape), clipped) if fmap[i, j] < 0]
        self.play(Transform(name, relu_name), *changes, run_time=t.move)
        self.wait(t.short_pause)

        maxed = ValueGrid(pooled, cell=0.95).move_to([0.6, -0.3, 0]).blank()
        meaned = ValueGrid(means, cell=0.95).move_to([4.7, -0.3, 0]).blank()
        max_values, mean_values = ValueGrid(pooled, cell=0.95).move_to(maxed), ValueGrid(means, cell=0.95).move_to(meaned)
        self.play(FadeIn(titled(maxed, "max pooling")), FadeIn(titled(meaned, "mean pooling")),
                  run_time=t.write)
        for w, (u, v) in enumerate(np.ndindex(pooled.shape)):
            colour = POOL_COLOURS[w % len(POOL_COLOURS)]
            frame = window_frame(grid, u * size, v * size, size, colour, width=7)
            r, c = where[u, v]
            best = SurroundingRectangle(grid.squares[r][c], color=colour, buff=-0.06, stroke_width=5)
            self.play(Create(frame), run_time=t.short_pause)
            self.play(Create(best), ReplacementTransform(grid.numbers[r][c].copy(), max_values.cell_at(u, v)),
                      FadeIn(window_frame(maxed, u, v, 1, colour, width=6)), run_time=t.move / 2)
            self.play(FadeIn(mean_values.cell_at(u, v)), FadeIn(window_frame(meaned, u, v, 1, colour, width=6)),
                      run_time=t.short_pause)
        self.play(Write(caption("Max pooling keeps the best match in each window; mean pooling averages it.")),
                  run_time=t.write)
        self.wait(t.pause)


class FlattenAndClassify(Scene):
    """The pooled values, flattened, are the inputs of a small dense network; SoftMax
    says X. The X shifted one pixel to the right is still an X."""

    def construct(self):
        t = timing()
        trace, fw = forward_trace()
        model = trace.model()
        head = model.head
        _, _, head_params = model.split(trace.final_params)
        named = dict(zip(head.param_names, head_params))
        self.add(title("Flatten, then a dense network").to_edge(UP, buff=0.3))

        net = DenseDiagram(named, head.input_labels, head.hidden_labels, head.output_labels,
                           activation="relu", width=6.8, height=5.6,
                           output_colours=PALETTE.classes).move_to([0.9, -0.35, 0])
        for name in head.param_names:  # eight first-layer weights would cover each other
            if name.startswith("w[p"):
                net.numbers[name].set_opacity(0)
        self.play(FadeIn(net), run_time=t.write)
        for row, text in ((X_ROW, "the X"), (SHIFTED_ROW, "the X shifted one pixel right")):
            shown = self.classify(trace, fw, row, net, text, t)
            self.wait(t.pause)
            if row == X_ROW:
                self.play(FadeOut(shown), FadeIn(net.icons), run_time=t.short_pause)

    def classify(self, trace, fw, row, net, text, t) -> VGroup:
        """The image, its pooled map flattened into the input nodes, the values through
        the network, the probabilities and the winning class."""
        pooled = ValueGrid(fw.pooled[row], cell=0.75).move_to([-5.6, -1.6, 0])
        image = ValueGrid(trace.inputs[row], cell=0.33, integers=True, numbers=False).move_to([-5.6, 1.4, 0])
        name = label(text, size=SIZES.small).next_to(image, UP, buff=0.15)
        if name.get_left()[0] < -7.0:
            name.shift(RIGHT * (-6.9 - name.get_left()[0]))
        arrow = Arrow(image.get_bottom(), pooled.get_top(), buff=0.25, color=PALETTE.muted)
        self.play(FadeIn(image), FadeIn(name), run_time=t.write)
        self.play(FadeIn(arrow), FadeIn(pooled), run_time=t.short_pause)
        flat = fw.flattened[row]
        inputs = VGroup(*[label(fmt(v), size=SIZES.small - 4).move_to(c) for v, c in zip(flat, net.inputs)])
        cells = VGroup(*[pooled.numbers[i][j] for i, j in np.ndindex(fw.pooled[row].shape)])
        self.play(ReplacementTransform(cells.copy(), inputs), run_time=t.move)
        hidden = VGroup(*[label(fmt(v), size=SIZES.small - 4).move_to(c)
                          for v, c in zip(fw.head.hidden[row], net.hidden)])
        self.play(FadeOut(net.icons), FadeIn(hidden), run_time=t.short_pause)
        raw = VGroup(*[label(fmt(v), size=SIZES.small - 4).move_to(c) for v, c in zip(fw.raw[row], net.outputs)])
        self.play(FadeIn(raw), run_time=t.short_pause)
        probs = fw.outputs[row]
        soft = VGroup(*[label(f"p = {fmt(p)}", size=SIZES.small, color=c).next_to(o, DOWN, buff=0.12)
                        for p, c, o in zip(probs, PALETTE.classes, net.output_names)])
        winner = int(fw.choice[row])
        box = SurroundingRectangle(VGroup(net.output_names[winner], soft[winner]), color=PALETTE.window,
                                   buff=0.1, stroke_width=5)
        verdict = caption(f"SoftMax: {trace.model().output_labels[winner]}, with probability {fmt(probs[winner])}")
        self.play(FadeIn(soft), run_time=t.write)
        self.play(Create(box), Write(verdict), run_time=t.write)
        return VGroup(image, name, arrow, pooled, inputs, hidden, raw, soft, box, verdict)


class LearningTheFilter(Scene):
    """The filter's values change from random to learned over the training steps while
    the cross entropy goes down."""

    def construct(self):
        t = timing()
        trace = nnmath.build(TRAINING)
        model = trace.model()
        cols = [trace.index(name) for name in model.filter_names]
        table = np.vstack([trace.params, trace.final_params[None, :]])[:, cols]
        losses = np.append(trace.loss, trace.final_loss)
        probs = np.concatenate([trace.predictions, trace.final_predictions[None]])
        k = model.filter_size
        style = signed_style(np.abs(table).max())
        self.add(title("Learning the filter").to_edge(UP, buff=0.3))

        grid = ValueGrid(table[0].reshape(k, k), cell=1.0, style=style).move_to([-4.2, 0.6, 0])
        name = label("filter at step 0", size=SIZES.small).next_to(grid, UP, buff=0.25)
        steps = np.arange(len(losses))
        y_lo, y_hi, y_step = nice_range([0.0, *losses], step=0.5)
        axes = plot_axes((0, steps[-1], max(1, steps[-1] // 4)), (y_lo, y_hi, y_step), 6.0, 4.0,
                         x_label="step", y_label="cross entropy", x_ticks=[0, int(steps[-1])],
                         y_ticks=[y_lo, y_hi]).move_to([3.0, 0.2, 0])
        line = curve(axes, steps, losses, PALETTE.tangent, SIZES.curve)
        dot = Circle(radius=0.09, color=PALETTE.text, fill_opacity=1).move_to(axes.c2p(0, losses[0]))
        readout = self.readout(model, losses, probs, 0)
        self.play(FadeIn(grid), FadeIn(name), Create(axes), run_time=t.write)
        self.play(Create(line), FadeIn(dot), FadeIn(readout), run_time=t.draw)
        for s in sample_steps(trace.n_steps, LEARNING_FRAMES)[1:]:
            values = table[s].reshape(k, k)
            moves = [Transform(grid.cell_at(i, j), grid.restyled(i, j, values[i, j]))
                     for i, j in np.ndindex(k, k)]
            new_name = label(f"filter at step {s}", size=SIZES.small).move_to(name)
            self.play(*moves, Transform(name, new_name), dot.animate.move_to(axes.c2p(s, losses[s])),
                      Transform(readout, self.readout(model, losses, probs, s)), run_time=t.fast_step)
        self.play(Write(caption("Backpropagation changes the filter and the dense weights together.")),
                  run_time=t.write)
        self.wait(t.pause)

    @staticmethod
    def readout(model, losses, probs, s) -> VGroup:
        """Cross entropy and each training image's probability of its own class at step s."""
        lines = [label(f"cross entropy = {fmt_small(losses[s])}", size=SIZES.small)]
        for n, cls in enumerate(model.output_labels):
            lines.append(label(f"p({cls} | the {cls} image) = {fmt(probs[s, n, n])}", size=SIZES.small,
                               color=PALETTE.classes[n]))
        return VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.12).move_to([-4.2, -2.2, 0])
