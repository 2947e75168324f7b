"""The narrated video of a network learning classes from two inputs, drawn from a trace file.

The scene reads the trace from the file named by ``NNMATH_CLASSES_TRACE`` (JSON, CSV or NPZ
of a dense network with SoftMax outputs and cross entropy, as ``nnmath fit-classes``
writes) and follows the training row numbered by ``NNMATH_CLASSES_ROW`` (0 = the first;
default 0)::

    NNMATH_CLASSES_TRACE=trace.json manim -ql app/classes_scene.py ClassesVideo

It shows the winning-class map over the two inputs (:func:`nnmath.class_map.class_map`,
drawn as an image of the grid: each point the pale colour of the class that wins there)
with the training rows on it, the cross entropy going down, and the SoftMax probabilities
of the followed row; then the result. Every number on screen and in the narration is
formatted from the trace or from nnmath's class map. The story is data (:func:`script`),
so the length of the video is known before rendering (:func:`planned_frames`).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np
from manim import (Animation, Circle, Circumscribe, Create, Dot, FadeIn, FadeOut, Group, ImageMobject, Rectangle,
                   RegularPolygon, Scene, Square, Triangle, VGroup, VMobject, Write, linear, DOWN, LEFT, RIGHT, UP)

import nnmath
from nnmath.class_map import ClassMap, check_classifier, class_map, row_hits
from scenes.common.beats import Beat, Shows, planned_beat, play_beats
from scenes.common.beats import planned_frames as planned_beat_frames
from scenes.common.narration import SILENT, Say, Value, count, num, say
from scenes.common.numbers import fmt, fmt_input
from scenes.common.pacing import change_schedule, frame_at
from scenes.common.plots import plot_axes, scene_points, x_axis_at
from scenes.common.readout import growing_path, sample_steps, show_upto
from scenes.common.style import PALETTE, SIZES
from scenes.common.tabular_number import TabularNumber
from scenes.common.text import label, title
from scenes.common.timing import Timing, timing

__all__ = ["ClassesVideo", "TRACE_ENV", "ROW_ENV", "FRAMES", "MAP_SIZE", "Moment", "script",
           "planned_frames", "load_trace", "followed_row", "check_row", "class_colours",
           "region_pixels", "map_steps"]

TRACE_ENV = "NNMATH_CLASSES_TRACE"
ROW_ENV = "NNMATH_CLASSES_ROW"
FRAMES = 80  # at most this many sampled steps are drawn, whatever the run's length
MAP_SIZE = 160  # grid points along each input of the class map
TINT = 0.38  # a region's colour: this share of its class's colour, the rest white
BAR = 2.2  # frame units of a probability bar at probability 1
TEX_PER_TEXT = 0.608 / 0.415  # a MathTex font size per Text font size of the same height
GAP = 0.2  # frame units between a word and its number
RIM, WRONG_RIM, WRONG_SCALE = 2, 6, 1.3  # a point's rim; a row classified wrong: its rim, its size
SCENE_NAME = "ClassesVideo"


def class_colours(n: int) -> list[str]:
    """One colour per class: the lecture's species colours, then the top node's blue."""
    return [*PALETTE.species, PALETTE.top][:n]


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def region_pixels(winner: np.ndarray, colours: list[str]) -> np.ndarray:
    """The picture of one step's map: (size, size, 3) uint8, each grid point the pale colour
    of its winning class, the top row the largest second input (as the map is drawn)."""
    tints = np.array([np.round(255 - TINT * (255 - _rgb(c))) for c in colours], dtype=np.uint8)
    return np.ascontiguousarray(tints[np.asarray(winner)[::-1]])


def load_trace() -> nnmath.Trace:
    """The trace named by NNMATH_CLASSES_TRACE, or a one-line error saying how to give one."""
    path = os.environ.get(TRACE_ENV)
    if not path:
        raise nnmath.NNMathError(f"set {TRACE_ENV} to a trace file written by 'nnmath fit-classes'")
    trace = nnmath.load(path)
    check_classifier(trace)
    return trace


def check_row(trace: nnmath.Trace, row) -> int:
    """The followed row as an index into the training rows, or a one-line SettingError."""
    n = len(trace.inputs)
    try:
        index = int(row)
    except (TypeError, ValueError):
        index = -1
    if isinstance(row, bool) or str(index) != str(row).strip() or not 0 <= index < n:
        raise nnmath.SettingError(f"the row to follow is {row!r}; choose a row from 1 to {n} "
                                  f"(0 to {n - 1} counting from 0)")
    return index


def followed_row(trace: nnmath.Trace) -> int:
    """NNMATH_CLASSES_ROW (default 0), checked against the trace's rows."""
    return check_row(trace, os.environ.get(ROW_ENV, "0"))


def map_steps(trace: nnmath.Trace) -> np.ndarray:
    """The steps the run draws (at most FRAMES, the final parameters last)."""
    return sample_steps(trace.n_steps, FRAMES)


def sampled_predictions(trace: nnmath.Trace, steps) -> np.ndarray:
    """Every row's SoftMax probabilities at the sampled ``steps``: (steps, rows, classes)."""
    return np.concatenate([np.reshape(trace.predictions, (trace.n_steps, *trace.final_predictions.shape)),
                           trace.final_predictions[None]])[np.asarray(steps)]


def run_schedule(trace: nnmath.Trace, steps) -> np.ndarray:
    """When (0 to 1, a share of the run beat) each sampled step comes on screen: slow where
    the rows' probabilities and the cross entropy change much, quick where they barely move
    (:func:`scenes.common.pacing.change_schedule`)."""
    losses = np.append(trace.loss, trace.final_loss)
    return change_schedule(sampled_predictions(trace, steps), losses[np.asarray(steps)])


def flip(right: np.ndarray, row: int) -> tuple[int, int] | None:
    """The row that turns from wrong to right on screen, and the sampled step at which it does
    (the followed row's last such turn if it has one, else the last turn of any row that
    stays right to the end), or None when no row turns right."""
    turns = ~right[:-1] & right[1:]
    if turns[:, row].any():
        return row, int(np.flatnonzero(turns[:, row])[-1]) + 1
    staying = turns & right[-1]
    if not staying.any():
        return None
    j, i = np.argwhere(staying)[-1]
    return int(i), int(j) + 1


def _words(text: str) -> str:
    """A name typed by a person, safe inside a sentence template."""
    return str(text).replace("{", "{{").replace("}", "}}")


def _p(value: float) -> Value:
    return num(value)


@dataclass(frozen=True)
class Moment:
    """One beat of the story as data: its name (which animations the scene plays), its
    animations' seconds, its rest, what is said and which step's values it shows (None:
    the final parameters)."""

    name: str
    run_time: float
    pause: float
    say: Say
    step: int | None


def script(trace: nnmath.Trace, row: int, t: Timing | None = None) -> list[Moment]:
    """The beats of the video for ``trace`` following ``row``, with every number said
    formatted from the trace (its losses, its recorded probabilities, row_hits)."""
    t = t or timing()
    model = trace.model()
    names, inputs = model.output_labels, model.input_labels
    own = int(trace.outputs[row])
    right = row_hits(trace, [0, trace.n_steps])
    hits, wrong = right.sum(axis=1), (~right).sum(axis=1)
    first = np.asarray(trace.predictions[0] if trace.n_steps else trace.final_predictions)[row]
    last = np.asarray(trace.final_predictions)[row]
    picked, started = int(np.argmax(last)), int(np.argmax(first))
    cls, n, r = _words(names[own]), count(len(trace.inputs)), count(row + 1)
    verdict = "right" if picked == own else "wrong"
    steps = map_steps(trace)
    shown = row_hits(trace, steps)
    stacked = len(np.unique(np.asarray(trace.inputs), axis=0)) < len(trace.inputs)
    return [
        Moment("data", t.draw, t.short_pause, say(
            f"Each dot is one of your training rows, placed by its {_words(inputs[0])} and its "
            f"{_words(inputs[1])}. Its shape and colour show its class." + (
                f" Rows with the same {_words(inputs[0])} and {_words(inputs[1])} sit on top of "
                "each other." if stacked else "")), 0),
        Moment("regions", t.draw, t.short_pause, say(
            "The coloured regions show the class the network picks at every point: the class "
            "with the largest SoftMax probability."), 0),
        Moment("count", t.draw, t.short_pause, say(
            "With its starting weights it gets {hits} of {n} rows right." + (
                " The rows it gets wrong have a thick black rim." if wrong[0] else ""),
            hits=count(hits[0]), n=n), 0),
        Moment("loss", t.draw, t.short_pause, say(
            "On the right is the cross entropy of all the rows: {ce} now.",
            ce=num(trace.loss[0] if trace.n_steps else trace.final_loss)), 0),
        Moment("probabilities", t.draw, t.short_pause, say(
            f"Below it are the SoftMax probabilities of row {{r}}, whose class is {cls}: {{p}} "
            f"for {cls}." + ("" if started == own else
                             f" The network picks {_words(names[started])}, with {{q}}, so row {{r}} "
                             "starts wrong."), r=r, p=_p(first[own]),
            **({} if started == own else {"q": _p(first[started])})), 0),
        Moment("descent", t.write, t.short_pause, say(
            "Now gradient descent changes every weight and bias, step by step. The run slows down "
            "where much changes and hurries where little does."), 0),
        *_run_moments(trace, steps, shown, row, t),
        Moment("result", t.write, t.pause, say(
            "After {steps} steps the cross entropy is {ce}, and the network gets {hits} of {n} "
            "training rows right." + _still_wrong(int(wrong[1])), steps=count(trace.n_steps),
            ce=num(trace.final_loss), hits=count(hits[1]), n=n, **(
                {"wrong": count(wrong[1])} if wrong[1] > 1 else {})), None),
        Moment("row", t.write, t.pause * 2, say(
            f"Row {{r}} started at {{p0}} for {cls} and now gets {{p}}, so the network calls it "
            f"{_words(names[picked])}: {verdict}.", r=r, p0=_p(first[own]), p=_p(last[own])), None),
    ]


def _run_moments(trace: nnmath.Trace, steps, right: np.ndarray, row: int, t: Timing) -> list[Moment]:
    """The run, paced by how much changes: up to the step where a row turns right ("run"),
    a held beat pointing at that row ("turn"), then the rest ("rest"); without such a row,
    the whole run in one beat. A count of rows right that peaks and falls back is said."""
    names, hits, whole = trace.model().output_labels, right.sum(axis=1), t.draw * 8
    watch = ("Watch the regions move to the dots of their own class while the cross entropy goes "
             "down.")
    peak = int(np.argmax(hits))
    back = (" On the way the count of rows right goes higher than where it ends: a step that lowers "
            "the cross entropy of all the rows can still push one back over a border."
            if hits[peak] > hits[-1] else "")
    turned = flip(right, row)
    if turned is None:
        return [Moment("run", whole, t.short_pause, say(watch + back), None)]
    i, j = turned
    share = float(run_schedule(trace, steps)[j])
    who = "row {turned}, in the red ring" if i == row else "the row circled"
    return [
        Moment("run", max(whole * share, t.draw * 3), 0.0, say(watch), int(steps[j])),  # long enough to watch
        Moment("turn", t.write, t.short_pause, say(
            f"At step {{at}} the {_words(names[int(trace.outputs[i])])} region reaches {who}: the "
            "network gets it right now, and its thick rim goes.",
            at=count(int(steps[j])), **({"turned": count(i + 1)} if i == row else {})), int(steps[j])),
        Moment("rest", whole * (1 - share), t.short_pause, say(back[1:]) if back else SILENT, None),
    ]


def _still_wrong(wrong: int) -> str:
    """The sentence saying how many rows are still wrong at the end (none: nothing); the
    rims show which."""
    if wrong == 0:
        return ""
    if wrong == 1:
        return " One row is still wrong: it keeps its thick black rim."
    return " {wrong} rows are still wrong: they keep their thick black rims."


def planned_frames(trace: nnmath.Trace, row: int, frame_rate: float, voice=None,
                   t: Timing | None = None) -> int:
    """How many frames the video has at ``frame_rate``: each beat's animations and its
    held picture (as play_beats paces them and manim counts their frames), the sentences timed by ``voice`` when it
    speaks (the clips it makes are cached, so the render reuses them), else by reading."""
    return planned_beat_frames(SCENE_NAME, [planned_beat(m.run_time, m.pause, m.say) for m in script(trace, row, t)],
                               frame_rate, voice)


class _Run(Animation):
    """The run played through its sampled steps: ``follow(position)`` at every frame."""

    def __init__(self, group, follow, end: float, start: float = 0.0, **kwargs):
        super().__init__(group, rate_func=linear, **kwargs)
        self.follow, self.start, self.end = follow, start, end

    def interpolate_mobject(self, alpha: float) -> None:
        self.follow(self.start + alpha * (self.end - self.start))


def _marker(k: int, colour: str, size: float = 0.24) -> VMobject:
    """Class k's point shape: circle, square, triangle, diamond; its colour, black rim."""
    shapes = (lambda: Circle(radius=size / 2), lambda: Square(side_length=size * 0.85),
              lambda: Triangle().scale_to_fit_width(size * 1.1),
              lambda: RegularPolygon(4).scale_to_fit_width(size * 1.15))
    shape = shapes[k % len(shapes)]()
    return shape.set_fill(colour, opacity=1.0).set_stroke(PALETTE.data, width=RIM)


def _ring(radius: float) -> Circle:
    """The followed row's ring: red on a white halo, so it reads over markers of any colour."""
    ring = Circle(radius=radius, color=PALETTE.callout, stroke_width=SIZES.thin * 1.5)
    return ring.set_stroke(PALETTE.background, width=SIZES.thin * 3, background=True)


def _axis_top(value: float) -> float:
    """The cross entropy axis's top: ``value`` rounded up to two significant figures."""
    if not np.isfinite(value) or value <= 0:
        return 1.0
    unit = 10.0 ** (math.floor(math.log10(value)) - 1)
    return float(round(math.ceil(value / unit - 1e-9) * unit, 12))


def _tick_range(lo: float, hi: float) -> tuple[float, float, float]:
    return lo, hi, (hi - lo) / 2


class _LabelNumber(TabularNumber):
    """A TabularNumber in the labels' font (each character a :func:`label` glyph at ``size``),
    so a number reads as a word of its line. Its ``font_size`` is counted as manim counts a
    number's (MathTex) size: the one whose digits are as tall as these."""

    def __init__(self, number: float = 0, *, size: int, **kwargs):
        self._label_size = size
        super().__init__(number, font_size=size * TEX_PER_TEXT, digit_buff_per_font_unit=0.0, **kwargs)

    def _string_to_mob(self, string: str, mob_class=None, **kwargs) -> VMobject:
        return label(string, size=self._label_size)

    def _place(self, text: str) -> list[tuple[float, float]]:
        """As TabularNumber places them, with room on both sides of the decimal point (its
        glyph box alone sets it against the digits)."""
        pad, shift, corners = 0.3 * self._digit_width(), 0.0, []
        for c, (x, y) in zip(text, super()._place(text)):
            corners.append((x + shift + (pad / 2 if c == "." else 0.0), y))
            shift += pad if c == "." else 0.0
        return corners


def _slot_width(number: TabularNumber, values) -> float:
    """The width ``number`` takes at the widest of ``values`` (its value is kept)."""
    now = number.get_value()
    widths = []
    for v in np.atleast_1d(values):
        number.set_value(v)
        widths.append(number.width)
    number.set_value(now)
    return max(widths)


def _readout(largest, first, size: int) -> tuple[VGroup, tuple[TabularNumber, ...], float]:
    """The lines "Step k", "Cross entropy c", "Rows right r of n": each number left-aligned
    in a slot as wide as it ever gets (``largest``: the last step, every cross entropy
    shown, the row count), so a count that gains a digit never runs into "of n". Returns
    the lines, their three numbers and the widest line's width at its widest."""
    n_steps, shown_losses, n_rows = largest
    step_no = _LabelNumber(first[0], size=size, whole=True, color=PALETTE.text, group_with_commas=False)
    ce_no = _LabelNumber(first[1], size=size, num_decimal_places=2, color=PALETTE.tangent)
    right_no = _LabelNumber(first[2], size=size, whole=True, color=PALETTE.text)
    slots = [_slot_width(step_no, [n_steps]), _slot_width(ce_no, shown_losses), _slot_width(right_no, [n_rows])]
    lines = VGroup(VGroup(label("Step", size=size), step_no),
                   VGroup(label("Cross entropy", size=size, color=PALETTE.tangent), ce_no),
                   VGroup(label("Rows right", size=size), right_no, label(f"of {n_rows}", size=size)))
    for line, slot in zip(lines, slots):  # on the baseline of the words: their first letter's foot
        line[1].next_to(line[0], RIGHT, buff=GAP).align_to(line[0][0], DOWN)
        if len(line) > 2:
            line[2].next_to(line[0], RIGHT, buff=GAP + slot + GAP).align_to(line[0][0], DOWN)
            line[2].shift(UP * (line[0][0].get_bottom()[1] - line[2][0].get_bottom()[1]))
    lines.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
    widest = max(line[0].width + GAP + slot + (GAP + line[2].width if len(line) > 2 else 0.0)
                 for line, slot in zip(lines, slots))
    return lines, (step_no, ce_no, right_no), widest


def _inside_frame(group, width: float, margin: float = 0.5) -> None:
    """Move ``group`` left as far as needed for it, at its widest (``width`` from its left
    edge), to end ``margin`` inside the frame's right edge."""
    from manim import config

    over = group.get_left()[0] + width + margin - config.frame_width / 2
    if over > 0:
        group.shift(LEFT * over)


class _Map:
    """The map panel: axes over the grid, the region image, the training rows."""

    def __init__(self, trace: nnmath.Trace, cmap: ClassMap, colours: list[str], row: int,
                 width: float = 3.9):
        half_x, half_y = (cmap.xs[1] - cmap.xs[0]) / 2, (cmap.ys[1] - cmap.ys[0]) / 2
        x_lo, x_hi = float(cmap.xs[0] - half_x), float(cmap.xs[-1] + half_x)
        y_lo, y_hi = float(cmap.ys[0] - half_y), float(cmap.ys[-1] + half_y)
        x, y = trace.inputs[:, 0], trace.inputs[:, 1]
        self.axes = plot_axes(_tick_range(x_lo, x_hi), _tick_range(y_lo, y_hi), width, width,
                              x_label=cmap.input_names[0], y_label=cmap.input_names[1],
                              x_ticks=sorted({float(x.min()), float(x.max())}),
                              y_ticks=sorted({float(y.min()), float(y.max())}))
        kept = int(np.sum(cmap.ys - half_y >= x_axis_at(y_lo, y_hi) - 1e-9))  # the rows above the x axis
        self.pictures = [region_pixels(w, colours)[:kept] for w in cmap.winner]
        self.image = ImageMobject(self.pictures[0], image_mode="RGB")
        self.image.set_resampling_algorithm(2)  # bilinear: smooth edges between grid points
        low, high = self.axes.c2p(x_lo, float(cmap.ys[-kept] - half_y)), self.axes.c2p(x_hi, y_hi)
        self.image.stretch_to_fit_width(high[0] - low[0]).stretch_to_fit_height(high[1] - low[1])
        self.image.move_to((low + high) / 2).set_z_index(-1)  # under the axis lines
        self.points = VGroup(*[_marker(int(c), colours[int(c)]).move_to(self.axes.c2p(a, b))
                               for a, b, c in zip(x, y, trace.outputs)])
        self.points.set_z_index(2)
        self.points[row].set_z_index(2.5)  # the followed row above rows at the same place
        self.ring = _ring(0.3).move_to(self.points[row]).set_z_index(3)

        self.row = row
        self.marked = np.zeros(len(self.points), dtype=bool)

    def show(self, j: int) -> None:
        self.image.pixel_array[:, :, :3] = self.pictures[j]

    def mark(self, wrong: np.ndarray) -> None:
        """Draw the rows in ``wrong`` larger with a thick black rim, above the rows classified
        right (the followed row stays on top); the others as they were."""
        for i in np.flatnonzero(np.asarray(wrong, dtype=bool) != self.marked):
            point, now = self.points[i], bool(wrong[i])
            point.scale(WRONG_SCALE if now else 1 / WRONG_SCALE)
            point.set_stroke(width=WRONG_RIM if now else RIM)
            if i != self.row:
                point.set_z_index(2.4 if now else 2)
            self.marked[i] = now


class _Bars(VGroup):
    """One row per class: its shape, its name, a bar as long as the followed row's
    probability, and the probability."""

    def __init__(self, probabilities: np.ndarray, names, colours: list[str]):
        super().__init__()
        self.values = np.asarray(probabilities, dtype=float)  # (steps, classes)
        rows, self.bars, self.numbers = [], [], []
        for k, (name, colour) in enumerate(zip(names, colours)):
            icon = _marker(k, colour, 0.26)
            text = label(str(name), size=SIZES.small)
            bar = Rectangle(width=BAR, height=0.32, fill_color=colour, fill_opacity=1.0,
                            stroke_width=0)
            number = _LabelNumber(self.values[0, k], size=SIZES.small, num_decimal_places=2,
                                  color=PALETTE.text)
            rows.append(VGroup(icon, text, bar, number))
            self.bars.append(bar)
            self.numbers.append(number)
        names_col = VGroup(*[r[1] for r in rows])
        for i, r in enumerate(rows):
            r[0].move_to(DOWN * 0.5 * i)
            r[1].next_to(r[0], RIGHT, buff=0.15).set_y(r[0].get_y())
        left = names_col.get_right()[0] + 0.25
        for r in rows:
            r[2].move_to([left + BAR / 2, r[0].get_y(), 0])
            r[3].move_to([left + BAR + 0.2 + r[3].width / 2, r[0].get_y(), 0])
        self.add(*rows)
        self.legend = VGroup(*[VGroup(r[0], r[1]) for r in rows])  # shapes and names
        self.meters = VGroup(*[VGroup(r[2], r[3]) for r in rows])  # bars and numbers
        self.shown = -1
        self.show(0)

    def show(self, j: int) -> None:
        if j == self.shown:
            return
        self.shown = j
        for bar, number, p in zip(self.bars, self.numbers, self.values[j]):
            left = bar.get_left()  # the bar grows and shrinks from its left end
            bar.stretch_to_fit_width(max(float(p) * BAR, 0.01))
            bar.move_to(left, aligned_edge=LEFT)
            number.set_value(float(p))


class ClassesVideo(Scene):
    """A whole classes fit as a narrated video, sampled from the trace file."""

    def construct(self):
        t, trace = timing(), load_trace()
        row = followed_row(trace)
        moments = script(trace, row, t)
        steps = map_steps(trace)
        model = trace.model()
        names = model.output_labels
        colours = class_colours(len(names))
        cmap = class_map(trace, steps, size=MAP_SIZE)
        right = row_hits(trace, steps)
        hits = right.sum(axis=1)
        probs = sampled_predictions(trace, steps)[:, row, :]
        starts = run_schedule(trace, steps)
        turned = flip(right, row)
        split = float(starts[turned[1]]) if turned else 1.0
        losses = np.append(trace.loss, trace.final_loss)

        heading = title("The network learns your classes")
        board = _Map(trace, cmap, colours, row)
        Group(board.axes, board.image, board.points).move_to(LEFT * 4.15 + DOWN * 0.55)
        board.ring.move_to(board.points[row])
        pointer = Circle(radius=0.36, color=PALETTE.callout, stroke_width=SIZES.thin * 2).set_z_index(3)
        pointer.move_to(board.points[turned[0] if turned else row])  # the row that turns right

        n = max(trace.n_steps, 1)
        top = _axis_top(float(np.max(losses)))
        ce_axes = plot_axes((0, n, n / 2), (0, top, top), 2.5, 1.6, x_label="Step",
                            y_label="Cross entropy", x_ticks=[0, trace.n_steps], y_ticks=[0, top])
        ce_axes.move_to(RIGHT * 0.55 + UP * 1.3)
        ce_points = scene_points(ce_axes, np.arange(trace.n_steps + 1), losses)
        ce_line = growing_path(ce_points, PALETTE.tangent, SIZES.thin)
        marker = Dot(ce_points[0], radius=SIZES.dot, color=PALETTE.tangent)

        size = SIZES.small
        lines, (step_no, ce_no, right_no), widest = _readout(
            [int(trace.n_steps), losses[steps], len(trace.inputs)],
            [int(steps[0]), losses[steps[0]], int(hits[0])], size)
        lines.next_to(ce_axes, RIGHT, buff=0.5).align_to(ce_axes, UP)
        _inside_frame(lines, widest)

        x = trace.inputs[row]
        inputs = model.input_labels
        ring_icon = _ring(0.16)
        row_head = VGroup(ring_icon, label(f"Row {row + 1}, class {names[int(trace.outputs[row])]}",
                                           size=size)).arrange(RIGHT, buff=0.15)
        row_inputs = label(f"{inputs[0]} {fmt_input(x[0])}, {inputs[1]} {fmt_input(x[1])}", size=size,
                           color=PALETTE.axis)
        bars = _Bars(probs, names, colours)
        bars_head = label("SoftMax", size=size, color=PALETTE.axis)
        bars_head.next_to(bars.meters, UP, buff=0.15).align_to(bars.meters, LEFT)
        panel = VGroup(row_head, row_inputs, VGroup(bars_head, bars)).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        panel.move_to(UP * -0.55, aligned_edge=UP).set_x(-1.5 + panel.width / 2)

        own = int(trace.outputs[row])
        before = VGroup(label(f"Row {row + 1} at step 0:", size=size, color=PALETTE.axis),
                        label(f"{fmt(probs[0, own])} for {names[own]}", size=size, color=PALETTE.axis))
        before.arrange(DOWN, aligned_edge=LEFT, buff=0.15)  # where the followed row started
        before.next_to(lines, DOWN, buff=0.3).set_x(max(lines.get_left()[0], ce_axes.get_right()[0] + 0.3), LEFT)
        _inside_frame(before, before.width)
        picked = int(np.argmax(trace.final_predictions[row]))
        called = label("\u2190 picked", size=size,  # beside the winning class's probability
                       color=PALETTE.squiggle if picked == int(trace.outputs[row]) else PALETTE.callout)
        called.next_to(bars.numbers[picked], RIGHT, buff=0.3)
        called.set_x(bars.get_right()[0] + 0.3 + called.width / 2)

        wrong_key = VGroup(_marker(0, PALETTE.background).scale(WRONG_SCALE).set_stroke(width=WRONG_RIM),
                           label("classified wrong", size=size)).arrange(RIGHT, buff=0.15)
        wrong_key.to_edge(DOWN, buff=0.3).align_to(board.axes, LEFT)

        def follow(alpha: float) -> None:
            j = frame_at(starts, alpha)
            k = int(steps[j])
            board.show(j)
            board.mark(~right[j])
            bars.show(j)
            show_upto(ce_line, ce_points, k)
            marker.move_to(ce_points[k])
            step_no.set_value(k)
            ce_no.set_value(losses[k])
            right_no.set_value(int(hits[j]))

        moving = Group(board.image, board.points, board.ring, bars, ce_line, marker, step_no, ce_no, right_no)
        def shows(m: Moment) -> Shows:  # the probabilities beat shows the followed row's
            return Shows(trace, step=(0, None) if m.name == "row" else m.step,
                         rows=(row,) if m.name in ("probabilities", "row") else None)

        animations = {
            "data": (Write(heading), FadeIn(board.axes), FadeIn(board.points), FadeIn(bars.legend)),
            "regions": (FadeIn(board.image),),
            "count": (FadeIn(lines[2]), _Run(board.points, lambda _: board.mark(~right[0]), 0),
                      *((FadeIn(wrong_key),) if not right.all() else ())),
            "loss": (FadeIn(ce_axes), FadeIn(marker), FadeIn(lines[1])),
            "probabilities": (FadeIn(row_head), FadeIn(row_inputs), FadeIn(bars_head), FadeIn(bars.meters),
                              Create(board.ring)),
            "descent": (FadeIn(lines[0]),),
            "run": (_Run(moving, follow, split),),
            "turn": (Create(pointer),),
            "rest": (_Run(moving, follow, 1.0, split), FadeOut(pointer)),
            "result": (Circumscribe(lines[1:], color=PALETTE.callout),),
            "row": (FadeIn(called), FadeIn(before)),
        }
        play_beats(self, [Beat(animations[m.name], m.run_time, m.pause, m.say, shows(m))
                          for m in moments])
