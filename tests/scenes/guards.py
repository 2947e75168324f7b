"""Guards that keep narrated chapters teachable, checked at the end state of every beat.

A scene is built headless (see scenes.common.script.build_headless) with a hook on every
beat; the hook records what is on screen when the beat starts and ends. The checks:

- layout: no two texts overlap or touch (a 2 px gap at least); every text lies inside the
  frame with a margin;
- size: no text is shorter than 16 px at 480p (axis tick labels 12 px);
- motion: no Transform morphs one string into a different string (a fade in or out of a
  text is not a morph);
- pacing: every beat lasts at least as long as its narration takes to say or read, and
  the scene plays nothing outside its beats;
- narration: every beat says something or is marked silent; every number said is one of
  the values its sentence declares, and each number said is written on screen when the
  beat ends;
- numbers: every number a beat puts on screen and every value it says is a value of what
  the beat declares it shows (its trace's step and rows, see
  :class:`scenes.common.beats.Shows` and tests/scenes/beat_values.py), and that allowed
  set is narrow enough to catch a wrong number (it accepts at most half of the
  two-decimal numbers from 0 to the largest number the beat shows).

Each check returns a list of problems (strings); an empty list is a pass.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

import nnmath
from manim import (DL, UR, DecimalNumber, Mobject, Scene, SingleStringMathTex, Text, Transform,
                   config)

from manim.mobject.text.tex_mobject import MathTexPart

from scenes.common.beats import BEAT_HOOKS, Shows, narrator_of
from scenes.common.narration import NUMBER
from scenes.common.script import build_headless
from tests.scenes.beat_values import WIDEST, accepts, coverage, scope_values, written_forms

#: px per unit of font_size, measured at 480p: capital letters and digits of Text, digits of MathTex
TEXT_PX, TEX_PX = 0.608, 0.415
MIN_PX, MIN_TICK_PX = 16.0, 12.0
MARGIN = 0.1  # frame units (6 px at 480p) between any text and the frame's edge
GAP = 0.03  # frame units (2 px at 480p) that must separate any two texts' boxes


@dataclass(frozen=True)
class Shown:
    """A text on screen: its string, bounding box (x0, y0, x1, y1), height in px at 480p."""

    text: str
    box: tuple[float, float, float, float]
    px: float
    tick: bool


@dataclass
class BeatRecord:
    """One beat as played: its cue, the texts on screen at its end (``fresh``: those that
    were not on screen, or said something else, when the beat before it ended), the scene
    time it took, the problems found in its animations, and the beat itself."""

    beat: object
    cue: object
    start_time: float
    end_time: float = 0.0
    shown: list[Shown] = field(default_factory=list)
    morphs: list[str] = field(default_factory=list)
    fresh: list[Shown] = field(default_factory=list)


def _string(mob) -> str | None:
    if isinstance(mob, DecimalNumber):  # a bound number: its digits are one text
        return f"{mob.get_value():.{mob.num_decimal_places}f}"
    if isinstance(mob, Text):
        return getattr(mob, "original_text", mob.text)
    if isinstance(mob, (SingleStringMathTex, MathTexPart)):
        return mob.tex_string
    return None


def _visible(mob: Mobject) -> bool:
    return any(max(float(np.max(m.get_fill_opacity())), float(np.max(m.get_stroke_opacity()))) > 0.05
               for m in mob.family_members_with_points()) if mob.family_members_with_points() else False


def texts_on_screen(scene: Scene) -> list[Shown]:
    """Every visible Text and MathTex on screen (outermost ones: a MathTex counts once)."""
    return [s for _, s in _texts_by_id(scene)]


def _texts_by_id(scene: Scene) -> list[tuple[int, Shown]]:
    """:func:`texts_on_screen`, each with the id of its mobject."""
    found: list[tuple[int, Shown]] = []

    def walk(mob):
        text = _string(mob)
        if isinstance(mob, MathTexPart):  # reached alone: its MathTex is not on screen
            raise AssertionError(f"a part of an equation ({text!r}) is on screen without its "
                                 "equation: its size cannot be checked; show whole equations")
        if text is not None:
            if _visible(mob) and mob.width > 0:
                lo, hi = mob.get_corner(DL), mob.get_corner(UR)
                # font_size follows every scaling; the frame is 8 units tall at any quality
                size = float(getattr(mob, "font_size", 0.0))
                px = size * (TEXT_PX if isinstance(mob, Text) else TEX_PX)
                found.append((id(mob), Shown(text, (lo[0], lo[1], hi[0], hi[1]), px,
                                             bool(getattr(mob, "is_tick", False)))))
            return
        for sub in mob.submobjects:
            walk(sub)

    for mob in scene.mobjects:
        walk(mob)
    return found


def string_morphs(animations) -> list[str]:
    """Transforms among ``animations`` whose start and target hold different strings."""
    bad = []
    for anim in animations:
        parts = getattr(anim, "animations", None)
        if parts:
            bad += string_morphs(parts)
            continue
        if not isinstance(anim, Transform):
            continue
        target = getattr(anim, "target_mobject", None)
        if target is None:
            continue
        before = sorted(s for s in (_string(m) for m in anim.mobject.get_family()) if s)
        after = sorted(s for s in (_string(m) for m in target.get_family()) if s)
        if before and after and before != after:
            bad.append(f"{type(anim).__name__}: {before} -> {after}")
    return bad


def play_guarded(scene_cls) -> tuple[list[BeatRecord], float, object]:
    """Build ``scene_cls`` headless, recording every beat. Returns (records, the scene's
    total time, its narrator)."""
    records: list[BeatRecord] = []
    before: set[tuple[int, str]] = set()  # (mobject, string) on screen when the last beat ended

    def hook(scene, beat, cue, phase):
        nonlocal before
        if phase == "start":
            records.append(BeatRecord(beat, cue, float(scene.renderer.time),
                                      morphs=string_morphs(beat.animations)))
        else:
            texts = _texts_by_id(scene)
            records[-1].end_time = float(scene.renderer.time)
            records[-1].shown = [s for _, s in texts]
            records[-1].fresh = [s for i, s in texts if (i, s.text) not in before]
            before = {(i, s.text) for i, s in texts}

    BEAT_HOOKS.append(hook)
    try:
        scene = build_headless(scene_cls)
    finally:
        BEAT_HOOKS.remove(hook)
    return records, float(scene.renderer.time), narrator_of(scene)


def _touch(a, b) -> bool:
    return a[0] < b[2] + GAP and b[0] < a[2] + GAP and a[1] < b[3] + GAP and b[1] < a[3] + GAP


def layout_problems(records: list[BeatRecord]) -> list[str]:
    """Texts that overlap each other or leave the frame, beat by beat."""
    w, h = config.frame_width / 2 - MARGIN, config.frame_height / 2 - MARGIN
    bad = []
    for r in records:
        for i, a in enumerate(r.shown):
            x0, y0, x1, y1 = a.box
            if x0 < -w or x1 > w or y0 < -h or y1 > h:
                bad.append(f"{r.cue.key}: {a.text!r} is outside the frame")
            for b in r.shown[i + 1:]:
                if _touch(a.box, b.box):
                    bad.append(f"{r.cue.key}: {a.text!r} overlaps {b.text!r}")
    return sorted(set(bad))


def size_problems(records: list[BeatRecord]) -> list[str]:
    """Texts shorter than 16 px at 480p (tick labels: 12 px)."""
    bad = set()
    for r in records:
        for s in r.shown:
            least = MIN_TICK_PX if s.tick else MIN_PX
            if s.px < least - 1e-6:
                bad.add(f"{r.cue.key}: {s.text!r} is {s.px:.1f} px tall (at least {least:.0f})")
    return sorted(bad)


def morph_problems(records: list[BeatRecord]) -> list[str]:
    return [f"{r.cue.key}: {m}" for r in records for m in r.morphs]


def pacing_problems(records: list[BeatRecord], total: float) -> list[str]:
    """Beats shorter than their narration; scene time spent outside the beats."""
    bad = [f"{r.cue.key}: lasts {r.end_time - r.start_time:.2f} s, its narration needs "
           f"{r.cue.needed:.2f} s" for r in records if r.end_time - r.start_time < r.cue.needed - 1e-6]
    inside = sum(r.end_time - r.start_time for r in records)
    if abs(total - inside) > 1e-6:
        bad.append(f"{total - inside:.2f} s of the scene are played outside its beats")
    return bad


def _same(a: str, b: str) -> bool:
    return a.replace("\u2212", "-") == b.replace("\u2212", "-")


def narration_problems(records: list[BeatRecord]) -> list[str]:
    """Silent-by-omission beats; numbers said that the beat did not declare; counts that
    are not whole; numbers said that are not on screen at the beat's end (whether a value
    said is one the beat shows is :func:`number_problems`'s)."""
    bad = []
    for r in records:
        say = r.beat.say
        if say is None:
            bad.append(f"{r.cue.key}: no narration and not marked silent")
            continue
        declared = say.numbers
        written = {v.text for v in declared.values()}
        for token in NUMBER.findall(say.text):
            if token not in written:
                bad.append(f"{r.cue.key}: says {token}, which is not one of its values")
        for name, v in declared.items():
            if v.kind == "count" and v.value != int(v.value):
                bad.append(f"{r.cue.key}: count {name} = {v.value} is not a whole number")
        on_screen = [s.text.replace("\u2212", "-") for s in r.shown]
        for token in set(NUMBER.findall(say.text)):
            bare = token.lstrip("-")
            if not any(bare in numbers_in(t) for t in on_screen):
                bad.append(f"{r.cue.key}: says {token} but it is not on screen")
    return bad


def numbers_in(text: str) -> set[str]:
    """The numbers written in a text (minus signs dropped: "- 0.58" and "-0.58" agree)."""
    return {n.lstrip("-") for n in NUMBER.findall(text.replace("{", " ").replace("}", " "))}


def trace_floats(trace: nnmath.Trace) -> np.ndarray:
    """Every value a trace records, exactly (floats, not formatted text): parameters at
    every step and at the end, losses, gradients, step sizes, predictions, the data, the
    settings, the forward pass on the data and every chain-rule factor at every step."""
    values = [trace.params, trace.final_params, trace.loss, trace.gradients, trace.step_sizes,
              trace.predictions, trace.inputs, trace.outputs, trace.learning_rates,
              [trace.settings.get("tolerance", 0.001)], [trace.final_loss]]
    forward = trace.forward()  # a network's parts, or a line's predictions (an array)
    values += list(forward.as_dict().values()) if hasattr(forward, "as_dict") else [forward]
    if np.size(trace.outputs):  # a trace without targets (forward passes only) has no residuals
        values += list(nnmath.loss.residuals(trace.outputs, trace.predictions).ravel()[None, :])
    for k in [*range(trace.n_steps), None]:
        chain = trace.chain(k)  # the dosage network's named factors, or a dense network's parts
        parts = chain.factors if hasattr(chain, "factors") else chain.as_dict()
        values += [np.ravel(np.asarray(v, dtype=float)) for v in parts.values()
                   if np.asarray(v).dtype.kind in "fiu"]
    return np.concatenate([np.ravel(np.asarray(v, dtype=float)) for v in values])


def chapter_values(module) -> np.ndarray:
    """Every value a chapter may say: those of the traces it reads (``module.traces()``
    when it defines one, else its one ``PRESET``), plus ``module.extra_values()`` for numbers
    nnmath computes outside a trace (the surfing perceptron's, for example)."""
    traces = module.traces() if hasattr(module, "traces") else [nnmath.build(module.PRESET)]
    values = [trace_floats(t) for t in traces]
    if hasattr(module, "extra_values"):
        values.append(np.ravel(np.asarray(module.extra_values(), dtype=float)))
    return np.concatenate(values)


def _described(shows: Shows) -> str:
    source = shows.trace if isinstance(shows.trace, str) else (
        getattr(shows.trace, "preset", None) or getattr(shows.trace, "__name__", "a trace"))
    where = []
    if source:
        where.append(f"step {shows.step}" if shows.step is not None else "final values")
    if shows.rows is not None:
        where.append(f"rows {list(shows.rows)}")
    if shows.values is not None:
        where.append("its own values")
    return f"{source} {', '.join(where)}".strip()


@functools.lru_cache(maxsize=None)
def _forms(shows: Shows) -> frozenset[str]:
    return written_forms(scope_values(shows))


def numbers_shown(record: BeatRecord) -> set[str]:
    """The decimal numbers a beat puts on screen (signs dropped, axis ticks left out)."""
    return {n for s in record.fresh if not s.tick
            for n in numbers_in(s.text.replace("\u2212", "-")) if "." in n}


def number_problems(records: list[BeatRecord], default: Shows | None) -> list[str]:
    """Numbers put on screen or said at a beat that are not values of what the beat
    declares it shows (``beat.shows``, else ``default``: the scene's); beats whose allowed
    set is so wide that it accepts more than :data:`WIDEST` of the two-decimal numbers up
    to the largest number they show (such a check cannot fail)."""
    bad = []
    for r in records:
        shows = r.beat.shows or default
        written = numbers_shown(r)
        said = {} if r.beat.say is None else {
            k: v for k, v in r.beat.say.numbers.items() if v.kind != "count"}
        if not written and not said:
            continue
        if shows is None:
            bad.append(f"{r.cue.key}: shows or says numbers but declares nothing it shows "
                       "(Beat(shows=...) or the scene's shows)")
            continue
        forms, values = _forms(shows), np.abs(scope_values(shows))
        what = _described(shows)
        bad += [f"{r.cue.key}: shows {n}, which is not a value of what it declares ({what})"
                for n in sorted(written) if not accepts(forms, n)]
        bad += [f"{r.cue.key}: says {k} = {v.value!r}, which is not a value of what it "
                f"declares ({what})" for k, v in said.items()
                if not np.any(np.isclose(values, abs(v.value), rtol=1e-12, atol=1e-12))]
        largest = max([float(n) for n in written] + [abs(v.value) for v in said.values()])
        share = coverage(forms, largest)
        if share > WIDEST:
            bad.append(f"{r.cue.key}: what it declares ({what}) is too wide to catch a wrong "
                       f"number: it accepts {share:.0%} of the two-decimal numbers up to "
                       f"{largest:g} (at most {WIDEST:.0%}); declare the step or rows shown")
    return bad


def selectivity(records: list[BeatRecord], default: Shows | None,
                wide: frozenset[str]) -> list[tuple[float, float]]:
    """For every beat that shows or says a number: the share of two-decimal numbers (see
    beat_values.coverage) its declared set accepts, and the share ``wide`` (the forms of a
    chapter-wide set) accepts over the same range."""
    out = []
    for r in records:
        shows = r.beat.shows or default
        written = numbers_shown(r)
        said = [] if r.beat.say is None else [
            abs(v.value) for v in r.beat.say.numbers.values() if v.kind != "count"]
        if shows is None or not (written or said):
            continue
        largest = max([float(n) for n in written] + said)
        out.append((coverage(_forms(shows), largest), coverage(wide, largest)))
    return out


def all_problems(scene_cls, shows: Shows | None = None) -> dict[str, list[str]]:
    """Every guard's problems for ``scene_cls`` (``shows``: the declaration for beats that
    declare nothing; default the scene class's own ``shows``)."""
    records, total, _ = play_guarded(scene_cls)
    return problems_of(records, total, shows or getattr(scene_cls, "shows", None))


def problems_of(records: list[BeatRecord], total: float,
                shows: Shows | None) -> dict[str, list[str]]:
    """Every guard's problems for the beats of one scene already played (:func:`play_guarded`)."""
    return {"layout": layout_problems(records), "size": size_problems(records),
            "morph": morph_problems(records), "pacing": pacing_problems(records, total),
            "narration": narration_problems(records), "numbers": number_problems(records, shows)}
