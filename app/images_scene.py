"""The video of a convolutional network learning a person's own images, from a trace file.

The scene reads the trace from the file named by the environment variable
``NNMATH_IMAGES_TRACE`` (as written by ``nnmath fit-images``); every number on screen and
in the narration is taken from nnmath (:func:`nnmath.conv_frames.conv_frames`), nothing is
recomputed here::

    NNMATH_IMAGES_TRACE=trace.json manim -ql app/images_scene.py ImagesVideo

It shows the training images with their classes, the filter's nine values and its bias,
each image's feature map (negative cells red, then white when ReLU turns them to 0), its
pooled values and its probabilities (bars with numbers, framed green when the image's own
class wins), and the cross entropy going down;
then the run plays, and the result is said. The sentences are spoken by the lecture's voice
in force (``LECTURE_VOICE``, see :mod:`scenes.common.voice`; ``none`` for captions only).
The script is data (:func:`script`), so the number of frames is known before rendering
starts (:func:`planned_frames`, with the voice's clips).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from manim import (AnimationGroup, Circumscribe, Create, Dot, FadeIn, FadeOut, Indicate, Rectangle, Succession,
                   Text, Scene, SurroundingRectangle, UpdateFromAlphaFunc, VGroup, Wait, Write, DOWN, LEFT, RIGHT,
                   UP, linear)

import nnmath
from nnmath.conv_frames import CellSum, ConvFrames, cell_sum, conv_frames
from scenes.common.beats import Beat, Shows, planned_beat, play_beats
from scenes.common.beats import planned_frames as planned_beat_frames
from scenes.common.narration import SILENT, Say, Value, count, num, say
from scenes.common.numbers import fmt
from scenes.common.plots import plot_axes, scene_points
from scenes.common.grids import window_frame
from scenes.common.pacing import change_schedule, frame_at
from scenes.common.readout import growing_path, sample_steps, show_upto
from scenes.common.style import PALETTE, SIZES
from scenes.common.tabular_number import TabularNumber
from scenes.common.text import label, title
from scenes.common.timing import Timing, timing

__all__ = ["ImagesVideo", "TRACE_ENV", "SCENE_NAME", "RUN_FRAMES", "Moment", "Layout", "layout", "shown_images",
           "script", "planned_frames", "load_trace", "CLASS_COLOURS"]

TRACE_ENV = "NNMATH_IMAGES_TRACE"
SCENE_NAME = "ImagesVideo"  # the beat ids of its clips (ImagesVideo_01, ...: a teacher's recordings)
#: the kinds of trace value on screen: the filter and bias, the loss, the pooled values and
#: probabilities (see tests/scenes/beat_values.py)
SHOWN_PARTS = ("params", "loss", "forward", "predictions")
RUN_FRAMES = 90  # at most this many sampled steps are drawn, whatever the run's length
CLASS_COLOURS = (*PALETTE.classes, PALETTE.bottom, PALETTE.species[2])
RIGHT_COLOUR, WRONG_COLOUR = PALETTE.squiggle, PALETTE.residual
POOL_COLOURS = (PALETTE.top, PALETTE.bottom, PALETTE.squiggle, PALETTE.species[0])  # a colour per block
NUMBER_FONT = 40  # a TabularNumber's digits 16.6 px tall at 480p
POOLED_FONT = NUMBER_FONT  # at least 16 px tall at 480p: a pooled value 0.7 wide
PROB_PLACES, LOSS_PLACES = 3, 3

# the frame's regions (frame units; the frame is 14.2 x 8)
LABEL_WIDTH = 2.4  # the column of row names left of the tiles
EDGE = 6.75  # nothing nearer the frame's side than 14.2 / 2 - EDGE (about 22 px at 480p)
TILES_LEFT = -EDGE + LABEL_WIDTH
TILES_RIGHT = EDGE
TILES_TOP, TILES_BOTTOM = 0.4, -3.7
BESIDE_TOP = 0.7  # wide tiles start higher: no "showing k of n" line above them
MIN_PITCH = 1.9  # the narrowest tile: a bar and a probability side by side
MAX_PITCH = 4.6  # the widest tile (few images: they grow into the room)
BESIDE_PITCH = 3.4  # tiles at least this wide show the feature map beside its image
BESIDE_GAP = 0.5  # between an image and its feature map side by side
MAX_SIDE = 1.9  # the largest image and feature map
NUMBER_CELL = (0.8, 0.45)  # the smallest pooled cell with its number written in it
FILTER_CELL = (1.12, 0.8)  # the filter's cells, each with its value written in it
PROB_ROW = 0.45
SUM_LEFT, SUM_TOP = -1.6, 2.9  # one cell's arithmetic, where the counters come later


@dataclass(frozen=True)
class Layout:
    """Where the image tiles go: ``shown`` images (indices into the trace's images), the
    distance between tile centres, the side of an image and of a feature map, the size of
    a pooled cell (as wide as a pooling block of the map, so each pooled value sits under
    its block) and whether the pooled values are written in their cells; ``beside``: the
    feature map stands right of its image (wide tiles), else under it."""

    shown: tuple[int, ...]
    pitch: float
    side: float
    pooled_cell: tuple[float, float]
    pooled_numbers: bool
    beside: bool = False


def shown_images(labels, room: int) -> tuple[int, ...]:
    """At most ``room`` image indices, taking the classes in turn so each class shows."""
    labels = [int(v) for v in labels]
    if len(labels) <= room:
        return tuple(range(len(labels)))
    queues = {c: [i for i, v in enumerate(labels) if v == c] for c in dict.fromkeys(labels)}
    picked: list[int] = []
    while len(picked) < room:
        for queue in queues.values():
            if queue and len(picked) < room:
                picked.append(queue.pop(0))
    return tuple(sorted(picked))


def layout(labels, pooled_size: int, n_classes: int, map_size: int | None = None,
           pool_size: int | None = None) -> Layout:
    """The tiles' layout for images with these classes (see :class:`Layout`); a pooled cell
    is ``pool_size`` cells of the ``map_size``-wide feature map wide (default: the map cut
    evenly into ``pooled_size`` blocks)."""
    width = TILES_RIGHT - TILES_LEFT
    room = max(1, int(width / MIN_PITCH + 1e-9))
    shown = shown_images(labels, room)
    pitch = min(width / len(shown), MAX_PITCH)
    block = (pool_size or 1) / (map_size or pooled_size)  # a pooled cell's share of the map's side
    beside = pitch >= BESIDE_PITCH
    height = (BESIDE_TOP if beside else TILES_TOP) - TILES_BOTTOM - (0.35 + 4 * 0.15 + n_classes * PROB_ROW)
    if beside:
        widest = min(MAX_SIDE, (pitch * 0.92 - BESIDE_GAP) / 2)
        side = min(widest, height - pooled_size * NUMBER_CELL[1])  # pooled values written in
        numbers = side * block >= NUMBER_CELL[0]
        if not numbers:  # tints only: the pooled grid is as tall as its blocks
            side = min(widest, height / (1 + pooled_size * block))
    else:
        side = min(0.95, pitch * 0.8, height / 3)
        numbers = False
    cell = (side * block, NUMBER_CELL[1] if numbers else side * block)
    return Layout(shown, pitch, side, cell, numbers, beside)


@dataclass(frozen=True)
class Moment:
    """One beat of the script: its name, animation time, rest and what is said."""

    name: str
    run_time: float
    pause: float
    say: Say


def prob(p: float) -> Value:
    """A probability or a cross entropy as this video writes it: three decimals."""
    return Value(float(p), lambda v: fmt(v, PROB_PLACES))


def _words(name: str) -> str:
    """A class name typed by a person, safe inside a sentence template."""
    return str(name).replace("{", "{{").replace("}", "}}")


def _weakest(frames: ConvFrames, shown) -> int:
    """The shown image whose own class gets the lowest final probability."""
    own = [frames.probabilities[-1, i, frames.labels[i]] for i in shown]
    return int(shown[int(np.argmin(own))])


def pattern_images(frames: ConvFrames, shown) -> list[int]:
    """One shown image of each class (its first), at most three: the images whose pooled
    values the video points at when it says what tells the classes apart."""
    first: dict[int, int] = {}
    for i in shown:
        first.setdefault(int(frames.labels[i]), int(i))
    return [first[c] for c in sorted(first)][:3]


def _pattern(frames: ConvFrames, shown, written: bool) -> Say:
    """What tells the classes apart: the pattern of pooled values at the end, read out for
    one image of each class when they are written on screen (at most four each)."""
    picked = pattern_images(frames, shown)
    text = ("What tells them apart is the pattern of pooled values, where the filter matched and where "
            "it did not")
    values: dict[str, Value] = {}
    if written and frames.pooled.shape[-1] ** 2 <= 4:
        parts = []
        for n, i in enumerate(picked):
            keys = [f"v{n}_{m}" for m in range(frames.pooled.shape[-1] ** 2)]
            values.update(zip(keys, (num(v) for v in frames.pooled[-1, i].ravel())))
            listed = ", ".join("{" + k + "}" for k in keys[:-1]) + " and {" + keys[-1] + "}"
            parts.append(f"the {_words(frames.class_names[frames.labels[i]])} image gives {listed}")
        text += ": " + "; ".join(parts)
    return say(text + ". The dense network has learned to tell these patterns apart.", **values)


def run_schedule(frames: ConvFrames) -> np.ndarray:
    """When (0 to 1, a share of the run beat) each sampled step comes on screen, paced by how
    much the probabilities, the filter and the cross entropy change (see
    :func:`scenes.common.pacing.change_schedule`)."""
    return change_schedule(frames.probabilities, frames.filters, frames.loss)


def script(trace: nnmath.Trace, frames: ConvFrames, shown, t: Timing | None = None) -> list[Moment]:
    """Every beat of the video in order: name, run time, rest and sentence. ``frames`` are
    the run's values at the sampled steps (the first is step 0, the last the end)."""
    t = t or timing()
    model = trace.model()
    n, k = frames.n_images, model.filter_size
    room = "" if len(shown) == n else " There is room on screen for {k} of the {n}."
    pool = "the largest" if model.pool == "max" else "the average"
    weakest = _weakest(frames, shown)
    cell = cell_sum(trace, int(frames.steps[0]), int(shown[0]))
    places = cell.places()

    def written(v: float) -> str:
        return fmt(v, places)
    own = frames.probabilities[-1, weakest, frames.labels[weakest]]
    pattern = _pattern(frames, shown, layout(frames.labels, model.pooled_size, len(frames.class_names),
                                             model.map_size, model.pool_size).pooled_numbers)
    return [
        Moment("images", t.write, t.short_pause,
               say("Here are your training images, each with its class." + room,
                   **({"k": count(len(shown)), "n": count(n)} if room else {}))),
        Moment("filter", t.write, t.short_pause,
               say("The network looks at them through one {k} by {k} filter: a weight in every "
                   "cell, and a bias that starts at {b}. They start from random values; blue cells are "
                   "positive, red ones negative.", k=count(k), b=num(frames.biases[0]))),
        Moment("window", t.write * 2, t.short_pause,
               say("The filter slides over each image; here over the first one. At its first place, "
                   "each pixel under it is multiplied by the filter value on top of it; these products "
                   "and the bias add up to {v}, one cell of the feature map.", v=Value(cell.value, written))),
        Moment("slide", t.fast_step * 2 * (model.map_size ** 2 - 1), t.short_pause,
               say("Then it moves on one pixel at a time, and each place gives the next cell: blue where "
                   "the sum is positive, red where it is negative.")),
        Moment("feature", t.write, t.short_pause,
               say("The same for every image. Red cells are negative: there the image looks unlike "
                   "the filter.")),
        Moment("relu", t.write * 1.5, t.short_pause,
               say("ReLU turns every negative value into zero: white. After ReLU, a feature map is dark "
                   "where the image looks like the filter, and white where it does not.")),
        Moment("pooled", t.write * 2, t.short_pause,
               say(f"Pooling keeps {pool} value of each block of the feature map: whether the "
                   "filter matched in that part of the image, not exactly where.")),
        Moment("probabilities", t.draw, t.short_pause,
               say("A small dense network turns the pooled values into a probability for each "
                   "class; a green frame means the image's own class wins.")),
        Moment("start", t.draw, t.short_pause,
               say("At the start the cross entropy is {l}, and the network gets {r} of {n} images right.",
                   l=prob(frames.loss[0]), r=count(frames.right(0)), n=count(n))),
        Moment("watch", t.write, t.short_pause,
               say("Now gradient descent nudges the filter, its bias and the dense weights a "
                   "little at every step, for {s} steps.", s=count(trace.n_steps))),
        Moment("run", t.draw * 10, t.short_pause,
               say("Watch the filter, the feature maps and the bars: the run slows down where much "
                   "changes and hurries where little does.")),
        Moment("result", t.write * 2, t.pause,
               say("After {s} steps the cross entropy is {l}, and the network gets {r} of {n} images "
                   "right.", s=count(trace.n_steps), l=prob(frames.loss[-1]), r=count(frames.right()),
                   n=count(n))),
        Moment("pattern", t.write, t.pause, pattern),
        Moment("lowest", t.write, t.pause,
               say("The lowest probability an image gives its own class is {p}.", p=prob(own))),
        Moment("end", 0.0, t.pause * 2, SILENT),
    ]


def run_steps(trace: nnmath.Trace) -> np.ndarray:
    """The steps the video draws: all of a short run, a sample of a long one (dense at the
    start, where a run changes most), always step 0 and the end."""
    return sample_steps(trace.n_steps, RUN_FRAMES)


def planned_frames(trace: nnmath.Trace, frame_rate: float, voice=None, t: Timing | None = None) -> int:
    """How many frames the video of ``trace`` has at ``frame_rate``, its sentences timed
    by ``voice`` when it speaks (the clips it makes are cached for the render), else by
    reading (see :func:`scenes.common.beats.planned_frames`)."""
    frames = conv_frames(trace, run_steps(trace))
    model = trace.model()
    plan = layout(frames.labels, model.pooled_size, len(frames.class_names), model.map_size, model.pool_size)
    return planned_beat_frames(SCENE_NAME, [planned_beat(m.run_time, m.pause, m.say)
                                            for m in script(trace, frames, plan.shown, t)],
                               frame_rate, voice)


def load_trace() -> nnmath.Trace:
    """The trace named by NNMATH_IMAGES_TRACE, or a one-line error saying how to give one."""
    path = os.environ.get(TRACE_ENV)
    if not path:
        raise nnmath.NNMathError(f"set {TRACE_ENV} to a trace file written by 'nnmath fit-images'")
    return nnmath.load(path)


# --- pictures -------------------------------------------------------------------------

def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def _tint(share: float, colour: str) -> str:
    """White mixed towards ``colour`` by ``share`` (0..1), as a hex colour."""
    rgb = 255.0 + min(max(float(share), 0.0), 1.0) * (_rgb(colour) - 255.0)
    return "#" + "".join(f"{int(round(v)):02X}" for v in rgb)


def _pixel(value: float) -> str:
    """An image pixel: 1 black, 0 white."""
    return "#222222" if value >= 0.5 else "#FFFFFF"


def _heat(largest: float):
    """A feature map's values: 0 and up from white to dark blue (``largest`` the darkest);
    below 0 (before ReLU) red, plainly red however small, darker the more negative."""
    def tint(v: float) -> str:
        if v < 0:
            return _tint(0.2 + 0.65 * min(-v / max(largest, 1e-9), 1.0), PALETTE.residual)
        return _tint(v / max(largest, 1e-9) * 0.85, PALETTE.top)
    return tint


def _relu(tile: "Tile", frames: "ConvFrames", run_time: float):
    """ReLU on ``tile``'s feature map at the first step: each negative cell turns white (0)."""
    raw = frames.raw_maps[0, tile.index]
    after = frames.feature_maps[0, tile.index]
    turned = [tile.map.cells[i][j].animate.set_fill(tile.map.tint(after[i, j]), opacity=1.0).build()
              for i, j in zip(*np.nonzero(raw < 0))]
    return AnimationGroup(*turned, run_time=run_time) if turned else Wait(run_time)


def _fill(value: float, largest: float) -> str:
    """A filter value's tint: blue above 0, red below."""
    return _tint(abs(value) / max(largest, 1e-9) * 0.55, PALETTE.top if value > 0 else PALETTE.residual)


def _number(value: float, places: int, colour: str = PALETTE.text, whole: bool = False,
            font: int = NUMBER_FONT) -> TabularNumber:
    return TabularNumber(value, num_decimal_places=places, whole=whole, font_size=font,
                         color=colour)


def _short(name: str, width: float, size: int = SIZES.small):
    """A label of ``name`` cut (with an ellipsis) to fit ``width``."""
    text = str(name)
    mob = label(text, size=size)
    while mob.width > width and len(text) > 1:
        text = text[:-1]
        mob = label(text.rstrip() + "\u2026", size=size)
    return mob


class NumberCells(VGroup):
    """A rows x cols block of cells tinted by value, each with its number written in it (or
    tints only), changed in place by :meth:`show` (no glyph morphs)."""

    def __init__(self, values, cell: tuple[float, float], tint, places: int = 2, numbers: bool = True,
                 stroke: float = 2.0, font: int = NUMBER_FONT):
        super().__init__()
        values = np.asarray(values, dtype=float)
        self.tint = tint
        rows, cols = values.shape
        self.cells = [[Rectangle(width=cell[0], height=cell[1], stroke_color=PALETTE.muted, stroke_width=stroke,
                                 fill_opacity=1.0).move_to([(j - (cols - 1) / 2) * cell[0],
                                                            ((rows - 1) / 2 - i) * cell[1], 0])
                       for j in range(cols)] for i in range(rows)]
        self.add(*[c for row in self.cells for c in row])
        self.squares = self.cells  # as a ValueGrid names them (for window_frame)
        self.numbers = []
        if numbers:
            self.numbers = [[_number(values[i, j], places, font=font).move_to(self.cells[i][j]) for j in range(cols)]
                            for i in range(rows)]
            self.add(*[n for row in self.numbers for n in row])
        self.show(values)

    def show(self, values) -> None:
        for (i, j), v in np.ndenumerate(np.asarray(values, dtype=float)):
            self.cells[i][j].set_fill(self.tint(v), opacity=1.0)
            if self.numbers:
                number = self.numbers[i][j]
                centre = self.cells[i][j].get_center()
                number.set_value(v)
                number.move_to(centre)

    def shown_values(self) -> np.ndarray:
        return np.array([[n.get_value() for n in row] for row in self.numbers])


class ProbabilityBars(VGroup):
    """One row per class: a bar as long as the probability (in the class's colour) and the
    probability written after it; a frame around them, green when the image's own class
    wins and red when it does not."""

    def __init__(self, probs, own: int, bar_width: float):
        super().__init__()
        self.own, self.bar_width = own, bar_width
        self.bars, self.numbers = [], []
        for c, p in enumerate(probs):
            y = -c * PROB_ROW
            track = Rectangle(width=bar_width, height=PROB_ROW * 0.62, stroke_color=PALETTE.muted,
                              stroke_width=1.5).move_to([bar_width / 2, y, 0])
            bar = Rectangle(width=bar_width, height=PROB_ROW * 0.62, stroke_width=0, fill_opacity=1.0,
                            fill_color=CLASS_COLOURS[c % len(CLASS_COLOURS)])
            bar.move_to(track.get_left(), LEFT)
            number = _number(p, PROB_PLACES).next_to(track, RIGHT, buff=0.1)
            self.bars.append(bar)
            self.numbers.append(number)
            self.add(track, bar, number)
        self.frame = SurroundingRectangle(VGroup(*self.submobjects), buff=0.06, stroke_width=4)
        self.add(self.frame)
        self.show(probs)

    def show(self, probs) -> None:
        for bar, number, p in zip(self.bars, self.numbers, probs):
            left = bar.get_left()
            bar.stretch_to_fit_width(max(float(p), 1e-3) * self.bar_width).move_to(left, LEFT)
            number.set_value(float(p))
        right = int(np.argmax(probs)) == self.own
        self.frame.set_stroke(RIGHT_COLOUR if right else WRONG_COLOUR)


class Tile(VGroup):
    """One training image down a column: its class, the image, its feature map after ReLU,
    its pooled values and its probabilities."""

    def __init__(self, frames: ConvFrames, index: int, plan: Layout, largest: float, images):
        super().__init__()
        own = int(frames.labels[index])
        self.name = _short(frames.class_names[own], plan.pitch - 0.1)
        self.name.set_color(CLASS_COLOURS[own % len(CLASS_COLOURS)])
        image = np.asarray(images[index])
        self.image = NumberCells(image, (plan.side / len(image),) * 2, _pixel, numbers=False)
        self.index = index
        fmap = frames.raw_maps[0, index]  # before ReLU (see _relu)
        self.map = NumberCells(fmap, (plan.side / len(fmap),) * 2, _heat(largest), numbers=False)
        self.pooled = NumberCells(frames.pooled[0, index], plan.pooled_cell,
                                  lambda v: _fill(v, largest), numbers=plan.pooled_numbers, font=POOLED_FONT)
        bar_width = plan.pitch - 0.25 - _number(0.5, PROB_PLACES).width - 0.1
        self.bars = ProbabilityBars(frames.probabilities[0, index], own, bar_width)
        self.add(self.name, self.image, self.map, self.pooled, self.bars)

    def place(self, x: float, ys: dict[str, float], plan: Layout) -> "Tile":
        """Put the tile's column at ``x``: the image (with its class above it), the feature
        map right of it or under it, the pooled values under the map, their left and top
        edges on the map's (each pooled value under its block), the bars under them."""
        shift = (plan.side + BESIDE_GAP) / 2 if plan.beside else 0.0
        self.image.move_to([x - shift, ys["image"], 0])
        self.name.move_to([x - shift, ys["name"], 0])
        self.map.move_to([x + shift, ys["map"], 0])
        self.pooled.next_to(self.map, DOWN, buff=0.15).align_to(self.map, LEFT)
        self.bars.move_to([x, 0, 0]).align_to([0, ys["bars"], 0], UP)
        return self

    def show(self, frames: ConvFrames, j: int) -> None:
        """Show the values of the ``j``-th sampled step."""
        self.map.show(frames.feature_maps[j, self.index])
        self.pooled.show(frames.pooled[j, self.index])
        self.bars.show(frames.probabilities[j, self.index])


def _rows_y(plan: Layout, n_classes: int, pooled_rows: int) -> dict[str, float]:
    """The y of each row of the tiles (centres; the bars' top)."""
    y = (BESIDE_TOP if plan.beside else TILES_TOP) - 0.175
    ys = {"name": y}
    y -= 0.175 + 0.15 + plan.side / 2
    ys["image"] = y
    if not plan.beside:
        y -= plan.side + 0.15
    ys["map"] = y
    y -= plan.side / 2 + 0.15 + pooled_rows * plan.pooled_cell[1] / 2
    ys["pooled"] = y
    ys["bars"] = y - pooled_rows * plan.pooled_cell[1] / 2 - 0.15
    return ys


def _sliding(tile: Tile, kernel, tint, k: int, run_time: float):
    """The filter's window sliding over ``tile``'s image, one place after another, a copy of
    the filter's tints laid on it, while the feature map's cell for each place fills in:
    (window, laid filter, map cell frame, its first place appearing, the moves to the rest,
    ``run_time`` long)."""
    image, fmap = tile.image, tile.map
    window = window_frame(image, 0, 0, k, PALETTE.window, width=6).set_z_index(3)
    pixel = image.cells[0][0].width
    laid = NumberCells(kernel, (pixel, pixel), tint, numbers=False, stroke=1).move_to(window).set_z_index(2)
    for row in laid.cells:
        for cell in row:
            cell.set_fill(opacity=0.6)
    target = window_frame(fmap, 0, 0, 1, PALETTE.window, width=6).set_z_index(3)
    places = list(np.ndindex(len(fmap.cells), len(fmap.cells[0])))
    each = run_time / max(len(places) - 1, 1)
    first = AnimationGroup(FadeIn(window), FadeIn(laid), FadeIn(target), FadeIn(fmap.cells[0][0]))
    moves = []
    for i, j in places[1:]:
        here = window_frame(image, i, j, k, PALETTE.window)
        moves.append(AnimationGroup(window.animate.move_to(here).build(), laid.animate.move_to(here).build(),
                                    target.animate.move_to(fmap.cells[i][j]).build(), FadeIn(fmap.cells[i][j]),
                                    run_time=each))
    return window, laid, target, first, Succession(*moves) if moves else Wait(run_time)


def _sum_lines(cell: CellSum, colour: str) -> VGroup:
    """One feature-map cell's arithmetic, written as the filter lies on the image: a row of
    products per row of the window, added up, then the bias and the cell's value (in
    ``colour``, the colour of the frame round the cell), at the fewest decimals at which the
    sum is right as written."""
    places = cell.places()
    k = len(cell.products)
    terms = [[label(fmt(v, places), size=SIZES.small) for v in row] for row in cell.products]
    column = max(t.width for row in terms for t in row)
    plus = label("+", size=SIZES.small)
    pitch, space = plus.height * 2.2, plus.width + 0.4  # between lines; between two columns
    lines = VGroup()
    for r, row in enumerate(terms):
        y = -r * pitch
        if r:
            lines.add(label("+", size=SIZES.small).move_to([-space / 2, y, 0]))
        for c, term in enumerate(row):
            right_edge = c * (column + space) + column
            lines.add(term.move_to([right_edge, y, 0], aligned_edge=RIGHT))
            if c < k - 1:
                lines.add(label("+", size=SIZES.small).move_to([right_edge + space / 2, y, 0]))
    y = -k * pitch
    bias = label(f"+ bias {fmt(cell.bias, places)}", size=SIZES.small)
    bias.move_to([-space / 2 - plus.width / 2, y, 0], aligned_edge=LEFT)
    value = label(f"= {fmt(cell.value, places)}", size=SIZES.small, color=colour, weight="BOLD")
    lines.add(bias, value.next_to(bias, RIGHT, buff=0.3))
    return lines


def _blocks(tile: Tile, size: int) -> VGroup:
    """Each pooling block of ``tile``'s feature map and its pooled cell outlined in the same
    colour, a colour per block."""
    rows, cols = len(tile.pooled.cells), len(tile.pooled.cells[0])
    found = VGroup()
    for w, (u, v) in enumerate(np.ndindex(rows, cols)):
        colour = POOL_COLOURS[w % len(POOL_COLOURS)]
        found.add(window_frame(tile.map, u * size, v * size, size, colour, width=5),
                  window_frame(tile.pooled, u, v, 1, colour, width=5))
    return found


class ImagesVideo(Scene):
    """A convolutional network learning the person's images, sampled from the trace file."""

    shows = Shows(load_trace, step=0)

    def construct(self):
        t, trace = timing(), load_trace()
        steps = run_steps(trace)
        frames = conv_frames(trace, steps)
        model = trace.model()
        names = frames.class_names
        plan = layout(frames.labels, model.pooled_size, len(names), model.map_size, model.pool_size)
        moments = {m.name: m for m in script(trace, frames, plan.shown, t)}
        largest = float(np.max(frames.feature_maps[:, list(plan.shown)])) or 1.0
        ys = _rows_y(plan, len(names), model.pooled_size)

        first = TILES_LEFT + (TILES_RIGHT - TILES_LEFT - plan.pitch * len(plan.shown)) / 2
        tiles = [Tile(frames, i, plan, largest, trace.inputs).place(first + plan.pitch * (n + 0.5), ys, plan)
                 for n, i in enumerate(plan.shown)]
        row_names = {key: label(text, size=SIZES.small).move_to([-EDGE, ys[key], 0], aligned_edge=LEFT)
                     for key, text in (("image", "image"), ("map", "feature map"), ("pooled", "pooled"))}
        if plan.beside:  # the feature map is named above each map, as the class above its image
            row_names["map"] = VGroup(*[label("feature map", size=SIZES.small)
                                        .move_to([tile.map.get_x(), ys["name"], 0]) for tile in tiles])
        bar_rows = tiles[0].bars.numbers
        class_names = VGroup(*[
            _short(f"p({name})", LABEL_WIDTH - 0.2).set_color(CLASS_COLOURS[c % len(CLASS_COLOURS)])
            .move_to([-EDGE, bar_rows[c].get_y(), 0], aligned_edge=LEFT) for c, name in enumerate(names)])

        # the filter and its bias, top left
        top_abs = float(np.max(np.abs(frames.filters))) or 1.0
        k = model.filter_size
        scale = min(1.0, 3 / k)  # a bigger filter: smaller cells, tints only
        filt = NumberCells(frames.filters[0], (FILTER_CELL[0] * scale, FILTER_CELL[1] * scale),
                           lambda v: _fill(v, top_abs), numbers=scale == 1.0)
        filt.move_to([-EDGE, 3.0, 0], aligned_edge=LEFT + UP)
        filt_name = label(f"{k} x {k} filter", size=SIZES.small).next_to(filt, UP, buff=0.15)
        bias_name = label("bias", size=SIZES.small).next_to(filt, RIGHT, buff=0.3).align_to(filt, UP)
        bias_name.shift(DOWN * 0.5)
        bias = _number(frames.biases[0], 2).next_to(bias_name, DOWN, buff=0.2).align_to(bias_name, LEFT)
        filter_group = VGroup(filt, filt_name, bias_name, bias)

        # counters, top middle
        n = frames.n_images
        step_name = label("step", size=SIZES.small)
        step = _number(0, 0, whole=True)
        loss_name = label("cross entropy", size=SIZES.small)
        loss = _number(frames.loss[0], LOSS_PLACES, PALETTE.tangent)
        right = _number(n, 0, whole=True)  # laid out as wide as it may grow, then set
        right_name = label(f"of {n} images right", size=SIZES.small)
        rows = VGroup(VGroup(step_name, step), VGroup(loss_name, loss), VGroup(right, right_name))
        for row in rows:  # each number on its label's baseline (the bottom of its first letter)
            row.arrange(RIGHT, buff=0.2)
            words = row[0] if isinstance(row[0], Text) else row[1]
            number = row[1] if words is row[0] else row[0]
            number.align_to(words[0], DOWN)
        right.set_value(frames.right(0))  # its left edge stays: the words after it have room
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.3).move_to([SUM_LEFT, 1.9, 0], aligned_edge=LEFT)
        room = (label(f"showing {len(plan.shown)} of {n} images", size=SIZES.small)
                .next_to(rows, DOWN, buff=0.15).align_to(rows, LEFT) if len(plan.shown) < n else VGroup())

        # the cross entropy over the steps, top right
        losses = np.append(trace.loss, trace.final_loss)
        top = float(np.max(losses))
        axes = plot_axes((0, max(trace.n_steps, 1), max(trace.n_steps, 1)), (0, top * 1.05, top), 2.9, 1.6,
                         x_ticks=[0, trace.n_steps], y_ticks=[0, float(fmt(top, 2))])
        axes.move_to([EDGE, 1.9, 0], aligned_edge=RIGHT)  # its steps are counted under "step"
        axes_name = label("cross entropy", size=SIZES.small, color=PALETTE.tangent)
        axes_name.next_to(axes, UP, buff=0.25).align_to(axes, RIGHT)
        foot = axes.c2p(max(trace.n_steps, 1) / 2, 0)  # between the 0 and the last step's number
        axes_name = VGroup(axes_name, label("step", size=SIZES.small).next_to(foot, DOWN, buff=0.12))
        points = scene_points(axes, np.arange(trace.n_steps + 1), losses)
        path = growing_path(points, PALETTE.tangent, SIZES.thin)
        dot = Dot(points[0], radius=SIZES.dot, color=PALETTE.tangent)

        moving = VGroup(*[p for tile in tiles for p in (tile.map, tile.pooled, tile.bars)],
                       filt, bias, step, loss, right, path, dot)

        starts = run_schedule(frames)

        def follow(_, alpha: float) -> None:
            j = frame_at(starts, alpha)
            if getattr(moving, "shown", -1) == j:
                return
            moving.shown = j
            filt.show(frames.filters[j])
            bias.set_value(frames.biases[j])
            step.set_value(int(steps[j]))
            loss.set_value(frames.loss[j])
            right.set_value(frames.right(j))
            for tile in tiles:
                tile.show(frames, j)
            show_upto(path, points, int(steps[j]))
            dot.move_to(points[int(steps[j])])

        weakest = _weakest(frames, plan.shown)
        pointer = SurroundingRectangle(tiles[plan.shown.index(weakest)].bars.numbers[int(frames.labels[weakest])],
                                       color=PALETTE.text, buff=0.05, stroke_width=6)
        window, overlay, target, appear, slide = _sliding(tiles[0], frames.filters[0],
                                                         lambda v: _fill(v, top_abs), k, moments["slide"].run_time)
        cell = cell_sum(trace, int(steps[0]), plan.shown[0])
        arithmetic = _sum_lines(cell, PALETTE.window)
        arithmetic.move_to([SUM_LEFT, SUM_TOP, 0], aligned_edge=LEFT + UP)
        #: what the video shows, by name (read by the tests)
        self.parts = {"filter": filt, "bias": bias, "step": step, "loss": loss, "right": right,
                      "tiles": tiles, "frames": frames, "layout": plan, "sum": arithmetic, "cell": cell}
        blocks = [_blocks(tile, model.pool_size) for tile in tiles]
        first_name = row_names["map"][0] if plan.beside else row_names["map"]
        other_names = list(row_names["map"][1:]) if plan.beside else []
        anims = {
            "images": (Write(title("Learning a filter")), FadeIn(row_names["image"]),
                       *([FadeIn(room)] if len(room) else []),
                       *[FadeIn(VGroup(tile.name, tile.image)) for tile in tiles]),
            "filter": (FadeIn(filter_group),),
            # a map's name comes with its map: the first one's with its first cell, the others' later
            "window": (Succession(AnimationGroup(FadeIn(first_name), appear), FadeIn(arithmetic, lag_ratio=0.1)),),
            "slide": (slide,),
            "feature": (FadeOut(VGroup(window, overlay, target, arithmetic)), *[FadeIn(m) for m in other_names],
                        *[FadeIn(tile.map) for tile in tiles[1:]]),
            "relu": tuple(_relu(tile, frames, moments["relu"].run_time) for tile in tiles),
            "pooled": (FadeIn(row_names["pooled"]),
                       *[Succession(Create(outlines, lag_ratio=0.2), FadeIn(tile.pooled, shift=DOWN * 0.2))
                         for tile, outlines in zip(tiles, blocks)]),
            "probabilities": (FadeOut(VGroup(*blocks)), FadeIn(class_names), *[FadeIn(tile.bars) for tile in tiles]),
            "start": (Create(axes), FadeIn(axes_name), FadeIn(rows), FadeIn(path), FadeIn(dot)),
            "watch": (Indicate(filter_group, color=PALETTE.callout, scale_factor=1.05),),
            "run": (UpdateFromAlphaFunc(moving, follow, rate_func=linear),),
            "result": (Circumscribe(rows, color=PALETTE.text, fade_out=True, buff=0.1),),
            "pattern": tuple(Create(SurroundingRectangle(tiles[plan.shown.index(i)].pooled, color=PALETTE.text,
                                                         buff=0.05, stroke_width=5))
                             for i in pattern_images(frames, plan.shown)),
            "lowest": (Create(pointer),),
            "end": (),
        }
        shows = self.shows.at(rows=plan.shown, parts=SHOWN_PARTS)
        summed = shows.at(rows=(plan.shown[0],), parts=("params",),
                          values=lambda: np.append(cell.products.ravel(), [cell.bias, cell.value]))
        drawn = ("params", "predictions") + (("forward",) if plan.pooled_numbers else ())  # pooled values
        declared = {"filter": shows.at(parts=("params",)), "probabilities": shows.at(parts=drawn),
                    "window": summed, "slide": summed, "feature": summed,
                    "watch": shows, "run": shows.at(step=None),
                    "result": shows.at(step=None), "pattern": shows.at(step=None), "lowest": shows.at(step=None),
                    "end": shows.at(step=None)}
        play_beats(self, [Beat(anims[name], m.run_time, m.pause, m.say, shows=declared.get(name, shows))
                          for name, m in moments.items()])
