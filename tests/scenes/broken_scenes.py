"""Scenes broken on purpose, one fault each: every guard in guards.py must catch its fault.
The value 2.14 is b1 of the ``black-box`` preset (a trace value)."""

from manim import Scene, Transform, Write, LEFT, RIGHT

from scenes.common.beats import Beat, play_beats
from scenes.common.narration import SILENT, say
from scenes.common.text import label

TRACE_VALUE = 2.14


class OverlappingTexts(Scene):
    def construct(self):
        play_beats(self, [Beat((Write(label("first")), Write(label("second"))), 0.5, 0, SILENT)])


class OffTheFrame(Scene):
    def construct(self):
        play_beats(self, [Beat((Write(label("far right").shift(RIGHT * 7)),), 0.5, 0, SILENT)])


class TinyText(Scene):
    def construct(self):
        play_beats(self, [Beat((Write(label("tiny", size=14)),), 0.5, 0, SILENT)])


class StringMorph(Scene):
    def construct(self):
        old = label("before").shift(LEFT * 3)
        play_beats(self, [Beat((Write(old),), 0.5, 0, SILENT),
                          Beat((Transform(old, label("after").shift(LEFT * 3)),), 0.5, 0, SILENT)])


class Unnarrated(Scene):
    def construct(self):
        play_beats(self, [Beat((Write(label("nothing said")),), 0.5)])


class TypedNumber(Scene):
    def construct(self):
        play_beats(self, [Beat((Write(label("3.50")),), 0.5, 0, say("The weight is 3.50."))])


class NotATraceValue(Scene):
    def construct(self):
        play_beats(self, [Beat((Write(label("3.14")),), 0.5, 0, say("It is {w}.", w=3.14159))])


class SaidNotShown(Scene):
    def construct(self):
        play_beats(self, [Beat((Write(label("the bias")),), 0.5, 0,
                               say("The bias is {b}.", b=TRACE_VALUE))])


class PlayedOutsideBeats(Scene):
    def construct(self):
        self.play(Write(label("sneaked in")), run_time=0.5)
        play_beats(self, [Beat((), 0.5, 0, say("Nothing else happens here."))])


class Fine(Scene):
    def construct(self):
        shown = label(f"b1 = {TRACE_VALUE:.2f}")
        play_beats(self, [Beat((Write(shown),), 0.5, 0, say("The bias is {b}.", b=TRACE_VALUE))])
