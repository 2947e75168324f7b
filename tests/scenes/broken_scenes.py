"""Scenes broken on purpose, one fault each: every guard in guards.py must catch its fault.
The value 2.14 is b1 of the ``black-box`` preset (a trace value); every scene here declares
that it shows that preset's values unless it says otherwise."""

import nnmath
from manim import Scene, Transform, Write, LEFT, RIGHT

from scenes import backprop_details, neurons
from scenes.common.beats import Beat, Shows, play_beats
from scenes.common.narration import SILENT, say
from scenes.common.text import label
from tests.scenes.guards import chapter_values

TRACE_VALUE = 2.14
BLACK_BOX = Shows("black-box", step=None)


class Declared(Scene):
    """A scene showing the ``black-box`` preset's values."""

    shows = BLACK_BOX


class OverlappingTexts(Declared):
    def construct(self):
        play_beats(self, [Beat((Write(label("first")), Write(label("second"))), 0.5, 0, SILENT)])


class OffTheFrame(Declared):
    def construct(self):
        play_beats(self, [Beat((Write(label("far right").shift(RIGHT * 7)),), 0.5, 0, SILENT)])


class TinyText(Declared):
    def construct(self):
        play_beats(self, [Beat((Write(label("tiny", size=14)),), 0.5, 0, SILENT)])


class StringMorph(Declared):
    def construct(self):
        old = label("before").shift(LEFT * 3)
        play_beats(self, [Beat((Write(old),), 0.5, 0, SILENT),
                          Beat((Transform(old, label("after").shift(LEFT * 3)),), 0.5, 0, SILENT)])


class Unnarrated(Declared):
    def construct(self):
        play_beats(self, [Beat((Write(label("nothing said")),), 0.5)])


class TypedNumber(Declared):
    def construct(self):
        play_beats(self, [Beat((Write(label("3.50")),), 0.5, 0, say("The weight is 3.50."))])


class NotATraceValue(Declared):
    def construct(self):
        play_beats(self, [Beat((Write(label("3.14")),), 0.5, 0, say("It is {w}.", w=3.14159))])


class SaidNotShown(Declared):
    def construct(self):
        play_beats(self, [Beat((Write(label("the bias")),), 0.5, 0,
                               say("The bias is {b}.", b=TRACE_VALUE))])


class PlayedOutsideBeats(Declared):
    def construct(self):
        self.play(Write(label("sneaked in")), run_time=0.5)
        play_beats(self, [Beat((), 0.5, 0, say("Nothing else happens here."))])


class Fine(Declared):
    def construct(self):
        shown = label(f"b1 = {TRACE_VALUE:.2f}")
        play_beats(self, [Beat((Write(shown),), 0.5, 0, say("The bias is {b}.", b=TRACE_VALUE))])


def first_step_of_w3(scene: Scene, after: int) -> None:
    """The backpropagation chapter's first step for all seven, told for w3: it goes from
    its start to its value after step ``after`` (1 is right)."""
    trace = nnmath.build(backprop_details.PART2)
    old, new = trace.params_at(0)["w3"], trace.params_at(after)["w3"]
    shown = label(f"w3: {old:.2f} \u2192 {new:.2f}")
    play_beats(scene, [Beat((Write(shown),), 0.5, 0,
                            say("w3 goes from {a} to {b}.", a=old, b=new))])


class FirstStep(Scene):
    """The first step of ``details-all`` told right."""

    shows = Shows(backprop_details.PART2, step=0)

    def construct(self):
        first_step_of_w3(self, 1)


class WrongStep(Scene):
    """The first step of ``details-all`` told with w3's value after the second step, a
    value the trace holds: the chapter-wide check lets it through."""

    shows = Shows(backprop_details.PART2, step=0)

    def construct(self):
        first_step_of_w3(self, 2)


def _whole_chapter():
    return chapter_values(backprop_details)


class TooWide(Scene):
    """The first step of ``details-all`` told right, but declared as showing any value of
    the chapter: a check that allows that much cannot fail."""

    shows = Shows(values=_whole_chapter)

    def construct(self):
        first_step_of_w3(self, 1)


def day_output(scene: Scene, day: int) -> None:
    """The network's answer for day 1 of the ``neurons`` preset, told with day ``day``'s."""
    go = nnmath.build(neurons.PRESET).forward(k=0).outputs[day][0]
    play_beats(scene, [Beat((Write(label(f"Day 1: go = {go:.2f}")),), 0.5, 0,
                            say("On day one the network says {go}.", go=go))])


class WrongRow(Scene):
    """Day 1's answer told with day 2's output, a value of the same step of the trace: the
    chapter-wide check lets it through; the beat declares day 1's row."""

    shows = Shows(neurons.PRESET, step=0, rows=(0,))

    def construct(self):
        day_output(self, 1)
