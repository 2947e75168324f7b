"""Real low-resolution renders, one per chapter, whose frames are decoded and checked.

These do not use manim's frames_comparison (which skips on Debian 12's Cairo 1.16): the
video is really written, decoded with PyAV, and its pixels inspected, so a failure to
render fails the test instead of skipping it.
"""

import av
import numpy as np
import pytest
from manim import tempconfig

from scenes import (backprop_details, backprop_main_ideas, black_box, cnn, gradient_descent,
                    multiple_inputs, relu)
from scenes.common.style import PALETTE

FPS = 5


def rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])


def pixels_near(frame: np.ndarray, hex_colour: str, tol: int = 45) -> int:
    return int(np.all(np.abs(frame.astype(int) - rgb(hex_colour)) <= tol, axis=-1).sum())


def render(scene_cls, tmp_path, monkeypatch):
    """Render to an MP4 at 320x180, 5 fps, sped up, and return (frames, seconds played)."""
    monkeypatch.setenv("LECTURE_PACE", "0.4")
    with tempconfig({"media_dir": str(tmp_path), "pixel_width": 320, "pixel_height": 180,
                     "frame_rate": FPS, "disable_caching": True, "progress_bar": "none",
                     "verbosity": "ERROR", "write_to_movie": True}):
        scene = scene_cls()
        scene.render()
        path = scene.renderer.file_writer.movie_file_path
        played = scene.renderer.time
    with av.open(str(path)) as video:
        frames = [f.to_ndarray(format="rgb24") for f in video.decode(video=0)]
    return frames, played


# (scene, {colour: least mean number of pixels of that colour per frame at 320x180})
@pytest.mark.parametrize("scene_cls,colours", [
    (black_box.TopNodeSlice, {PALETTE.top: 20}),
    (backprop_main_ideas.GradientDescentOnB3, {PALETTE.squiggle: 20, PALETTE.tangent: 4}),
    (relu.ReluSumAndClip, {PALETTE.squiggle: 20}),
    (gradient_descent.DescentOnIntercept, {PALETTE.squiggle: 20, PALETTE.tangent: 4}),
    # thin blue/orange node lines lose their chroma at 320x180 (4:2:0 video), so this
    # scene is checked by its thick green squiggle and red SSR curve
    (backprop_details.LearningAllSeven, {PALETTE.squiggle: 8, PALETTE.tangent: 4}),
    # 3-D surfaces in the three species' colours (the map from above in its last frames)
    (multiple_inputs.ThreeOutputSurfaces, {PALETTE.species[1]: 100, PALETTE.species[2]: 100}),
    # the X's black pixels, and the filter's green window sliding over them
    (cnn.SlidingFilter, {"#222222": 150, PALETTE.window: 4}),
], ids=lambda v: v.__module__.split(".")[-1] + "." + v.__name__ if isinstance(v, type) else "")
def test_render_has_the_expected_content(tmp_path, monkeypatch, scene_cls, colours):
    frames, played = render(scene_cls, tmp_path, monkeypatch)
    assert played > 2
    assert len(frames) >= 0.8 * played * FPS, (len(frames), played)
    assert frames[0].shape == (180, 320, 3)
    # the background is white and something is drawn on it
    assert pixels_near(frames[0], PALETTE.background, tol=10) > 0.5 * 180 * 320
    last = frames[-1]
    assert (np.abs(last.astype(int) - 255).sum(axis=-1) > 60).mean() > 0.02
    for colour, least in colours.items():  # each key colour is on screen most of the time
        mean = sum(pixels_near(f, colour) for f in frames) / len(frames)
        assert mean >= least, (colour, mean)
    assert not np.array_equal(frames[1], last), "nothing moved"
