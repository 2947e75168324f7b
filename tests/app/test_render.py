"""The fit video: a real tiny render (frames counted, decoded, coloured), the scene's
numbers all from the trace file, and the refusal to draw a diverged run."""

import av
import numpy as np
import pytest
from manim import SingleStringMathTex, Text, tempconfig

import nnmath
from app import fit_scene
from app.render import JSON_NAME, render_fit
from nnmath.fit import fit
from scenes.common.numbers import fmt
from scenes.common.style import PALETTE

PACE = "0.1"


def colour_pixels(frame, hex_colour, tol=50):
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int(np.all(np.abs(frame.astype(int) - rgb) <= tol, axis=-1).sum())


def test_render_writes_the_trace_and_a_video_with_every_planned_frame(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTURE_PACE", PACE)
    trace = fit([0, 1, 2], [0, 1, 2], max_iterations=60, seed=3)
    seen = []
    result = render_fit(trace, tmp_path, "l", lambda done, total: seen.append((done, total)),
                        size=(320, 180))
    total = fit_scene.planned_frames(15)
    assert result.frames == total and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert nnmath.load(result.trace_json) == trace and nnmath.load(result.trace_csv) == trace
    with av.open(str(result.video)) as video:
        frames = [f.to_ndarray(format="rgb24") for f in video.decode(video=0)]
    assert len(frames) == total and frames[0].shape == (180, 320, 3)
    middle, last = frames[len(frames) // 2], frames[-1]
    assert np.mean(last) > 200  # white background with drawing on it
    assert colour_pixels(middle, PALETTE.squiggle) > 30  # the squiggle moves mid-run
    assert colour_pixels(last, PALETTE.tangent) > 4  # the SSR curve and its readout
    assert not list(tmp_path.glob(".media-*"))  # the working folder is cleaned up


def test_a_diverged_run_is_not_drawn(tmp_path):
    trace = fit([0, 0.5, 1], [0, 1, 0], learning_rate=100, seed=13)
    assert trace.stopped_because == "diverged"
    # the advice was tried first: a tenth of the rate (the old unchecked advice) diverges too
    assert fit([0, 0.5, 1], [0, 1, 0], learning_rate=10, seed=13).stopped_because == "diverged"
    with pytest.raises(nnmath.SettingError, match=r"try a learning rate of 0.1 \(a trial run at 0.1"):
        render_fit(trace, tmp_path)
    assert not list(tmp_path.iterdir())


def test_a_run_that_learned_nothing_is_not_drawn(tmp_path):
    trace = fit([0, 0.5, 1], [0, 1, 0], learning_rate=1e-4, seed=13)
    with pytest.raises(nnmath.SettingError, match="learned almost nothing"):
        render_fit(trace, tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("hidden", [3])  # 2 hidden nodes: the real render above
def test_every_number_on_screen_comes_from_the_trace_file(tmp_path, monkeypatch, hidden):
    trace = fit([0, 0.5, 1, 1.5], [0, 1, 0.2, 1], hidden=hidden, max_iterations=40, seed=4)
    nnmath.save(trace, tmp_path / JSON_NAME)
    monkeypatch.setenv(fit_scene.TRACE_ENV, str(tmp_path / JSON_NAME))
    written = []
    with tempconfig({"dry_run": True, "media_dir": str(tmp_path / "media"), "disable_caching": True,
                     "quality": "low_quality", "progress_bar": "none", "verbosity": "ERROR"}):
        scene = fit_scene.FitVideo()
        scene.renderer._original_skipping_status = True  # end states only, as manim -s
        scene.render()
        for mob in scene.mobjects:
            for part in mob.get_family():
                if isinstance(part, Text) and not getattr(part, "is_tick", False):
                    written.append(part.text)
                elif isinstance(part, SingleStringMathTex):
                    written.append(part.tex_string)
        readout = next(m for m in scene.mobjects if isinstance(m, fit_scene.Readout))
    shown = readout.shown_values()
    assert shown["Step"] == trace.n_steps
    for name, value in trace.final().items():
        assert shown[name] == pytest.approx(float(fmt(value)), abs=0.006)
    assert shown["SSR"] == pytest.approx(trace.final_loss, abs=0.006)
    assert trace.report().message.replace(" ", "") in "".join(written).replace(" ", "")


def test_without_a_trace_file_the_scene_says_how_to_give_one(monkeypatch):
    monkeypatch.delenv(fit_scene.TRACE_ENV, raising=False)
    with pytest.raises(nnmath.NNMathError, match="set NNMATH_FIT_TRACE"):
        fit_scene.load_trace()
