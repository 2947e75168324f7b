"""Run scenes headless and collect every piece of text they put on screen."""

from __future__ import annotations

import inspect
import os
import re

import pytest
from manim import Scene, SingleStringMathTex, Text

from scenes.common.script import build_headless

DECIMAL = re.compile(r"-?\d+\.\d+")

# scenes built by the tests are paced by reading time and synthesize no speech (the voice
# has tests of its own in test_voice.py)
os.environ["LECTURE_VOICE"] = "none"


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    """One media folder for the session, so LaTeX snippets compile once."""
    return tmp_path_factory.mktemp("media")


class Written:
    """Every Text/MathTex a scene showed: its string, and whether it is an axis tick."""

    def __init__(self):
        self.items: list[tuple[str, bool]] = []
        self._seen: set[int] = set()
        self._kept: list = []  # keeps collected mobjects alive so their ids stay unique

    def collect(self, mob) -> None:
        if mob is None:
            return
        for part in mob.get_family():
            if id(part) in self._seen:
                continue
            self._seen.add(id(part))
            self._kept.append(part)
            if isinstance(part, Text):
                text = getattr(part, "original_text", part.text)
                self.items.append((text, bool(getattr(part, "is_tick", False))))
            elif isinstance(part, SingleStringMathTex):  # MathTex and Tex included
                self.items.append((part.tex_string, False))

    @property
    def strings(self) -> list[str]:
        return [s for s, _ in self.items]

    def decimals(self) -> set[str]:
        """Decimal numbers written on screen, axis tick labels left out."""
        found = set()
        for text, tick in self.items:
            if not tick:
                found.update(m.replace("\u2212", "-") for m in DECIMAL.findall(text))
        return found


@pytest.fixture(scope="session")
def run_scene(media_dir):
    """Build a scene's frames headless (manim's dry_run) and return what it wrote.

    Each scene class is built once per test session; later calls reuse its record.
    """
    done: dict[type, Written] = {}

    def run(scene_cls) -> Written:
        if scene_cls in done:
            return done[scene_cls]
        written = Written()
        original_add, original_play = Scene.add, Scene.play

        def add(self, *mobjects):
            for m in mobjects:
                written.collect(m)
            return original_add(self, *mobjects)

        def play(self, *animations, **kwargs):
            for anim in animations:
                written.collect(getattr(anim, "mobject", None))
                written.collect(getattr(anim, "target_mobject", None))
            return original_play(self, *animations, **kwargs)

        Scene.add, Scene.play = add, play
        try:
            # every animation jumps to its end state (as `manim -s`): construct runs in full
            # at a fraction of the time; real frames are checked in test_renders
            scene = build_headless(scene_cls, media_dir)
            for m in scene.mobjects:
                written.collect(m)
        finally:
            Scene.add, Scene.play = original_add, original_play
        done[scene_cls] = written
        return written

    return run


def scene_classes(module) -> set[str]:
    """Names of the Scene classes a chapter module defines."""
    return {name for name, obj in inspect.getmembers(module, inspect.isclass)
            if obj.__module__ == module.__name__ and issubclass(obj, Scene)}


def assert_only_trace_numbers(written: Written, allowed: set[str]) -> None:
    """The scene wrote something, and every decimal it wrote is an allowed trace value."""
    assert written.strings, "the scene wrote nothing"
    stray = written.decimals() - allowed
    assert not stray, f"numbers on screen that are not trace values: {sorted(stray)}"


def trace_numbers(*traces, extra=()) -> set[str]:
    """Every way a scene may write a value recorded in ``traces`` (steps, final values,
    forward intermediates on the data, settings) or one of ``extra`` (values a test
    took from the trace by another accessor)."""
    from scenes.common.numbers import fmt, fmt_input, fmt_signed, fmt_small

    import numpy as np

    values = list(np.ravel(extra))
    inputs = []
    for trace in traces:
        values += [*trace.params.ravel(), *trace.final_params, *trace.loss,
                   *trace.gradients.ravel(), *trace.step_sizes.ravel(),
                   *trace.predictions.ravel(), trace.final_loss, *trace.final_predictions.ravel(),
                   *trace.learning_rates]
        for arr in trace.forward().as_dict().values() if trace.kind != "line" else ():
            values += list(np.ravel(arr))
        inputs += [*trace.inputs.ravel(), *trace.outputs.ravel(), *trace.learning_rates,
                   trace.settings.get("tolerance", 0.001)]
        if trace.kind != "line" and hasattr(trace.chain(0), "factors") if trace.n_steps else False:
            for k in range(trace.n_steps):  # each factor of the chain rule, step by step
                values += [x for f in trace.chain(k).factors.values() for x in np.ravel(f)]
            values += list(np.ravel(np.asarray(trace.outputs)[None, ...] - trace.predictions))
    # a number may be written with more decimals where shown arithmetic needs them to add up
    allowed = {fmt(v, places) for v in values for places in range(2, 7)} | {fmt_small(v) for v in values}
    allowed |= {fmt_signed(v).replace(" ", "").lstrip("+") for v in values}
    allowed |= {fmt_input(v) for v in inputs}
    return allowed | {a.lstrip("-") for a in allowed}


def assert_network_shows(written: Written, params) -> None:
    """The network diagram wrote every weight as "x w" and every bias as "+ b" / "- b"."""
    from scenes.common.numbers import fmt, fmt_signed

    text = " ".join(written.strings)
    for name in ("w1", "w2", "w3", "w4"):
        assert f"\u00d7 {fmt(params[name])}" in text, name
    for name in ("b1", "b2", "b3"):
        assert fmt_signed(params[name]) in text, name
