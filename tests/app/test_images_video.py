"""The images video: the scene built headless passes the lecture's guards and shows the
trace's own numbers at the end of the run; one tiny real render has every planned frame
and its captions; runs with nothing to show are refused in one sentence."""

import av
import numpy as np
import pytest

import nnmath
from app import images_scene
from app.commands import render_images_command
from app.render import CAPTIONS_NAME, JSON_NAME
from app.render_images import render_images
from nnmath.cnn import ConvNetwork
from nnmath.conv import shift
from nnmath.conv_frames import conv_frames
from nnmath.descent import initial_params
from nnmath.presets import CNN_O, CNN_X
from scenes.common.numbers import fmt
from scenes.common.script import build_headless
from tests.scenes.guards import play_guarded, problems_of

PACE = "0.1"


def image_run(n: int, classes=("X", "O"), rate: float = 0.1, steps: int = 30, seed: int = 5):
    """A convolutional network fitted to ``n`` shifted copies of the X and the O (and a plus)."""
    plus = np.zeros((6, 6))
    plus[2:4, :] = plus[:, 2:4] = 1
    base = {"X": np.array(CNN_X, float), "O": np.array(CNN_O, float), "plus": plus}
    labels = [classes[i % len(classes)] for i in range(n)]
    images = [shift(base[c], rows=(i // len(classes)) % 2, cols=-((i // len(classes)) % 3 == 2))
              for i, c in enumerate(labels)]
    net = ConvNetwork(outputs=tuple(classes))
    return nnmath.gradient_descent(net, initial_params(net, seed), images, labels,
                                   learning_rate=rate, max_steps=steps)


@pytest.fixture
def trace_file(tmp_path, monkeypatch):
    def use(trace):
        nnmath.save(trace, tmp_path / JSON_NAME)
        monkeypatch.setenv(images_scene.TRACE_ENV, str(tmp_path / JSON_NAME))
        return nnmath.load(tmp_path / JSON_NAME)
    return use


@pytest.mark.parametrize("n, classes", [(2, ("O", "X")), (12, ("X", "O", "plus"))])
def test_the_scene_passes_the_guards_and_ends_on_the_traces_numbers(trace_file, n, classes):
    trace = trace_file(nnmath.build("cnn-x-vs-o") if n == 2 else image_run(n, classes))
    records, total, _ = play_guarded(images_scene.ImagesVideo)
    problems = problems_of(records, total, images_scene.ImagesVideo.shows)
    assert problems == {k: [] for k in problems}
    assert len(records) == len(images_scene.script(trace, conv_frames(trace, [0, trace.n_steps]),
                                                   tuple(range(n))))

    scene = build_headless(images_scene.ImagesVideo)
    parts, last = scene.parts, conv_frames(trace, [trace.n_steps])
    kernel, bias, _ = trace.model().split(trace.final_params)
    assert np.array_equal(parts["filter"].shown_values(), kernel)
    assert parts["bias"].get_value() == pytest.approx(bias)
    assert parts["step"].get_value() == trace.n_steps
    assert parts["loss"].get_value() == pytest.approx(trace.final_loss)
    assert parts["right"].get_value() == last.right()
    shown = parts["layout"].shown
    assert len(shown) == len(parts["tiles"]) <= n and len(set(trace.outputs[list(shown)])) == len(classes)
    for tile in parts["tiles"]:
        i = tile.index
        assert [num.get_value() for num in tile.bars.numbers] == pytest.approx(trace.final_predictions[i])
        if tile.pooled.numbers:
            assert np.allclose(tile.pooled.shown_values(), trace.forward().pooled[i], atol=1e-12)
    if len(shown) < n:  # the screen says how many it shows, and so does the narration
        said = " ".join(r.cue.text for r in records)
        assert f"room on screen for {len(shown)} of the {n}" in said


def test_the_layout_fits_one_to_twelve_images_and_every_class_shows():
    for n in range(1, 13):
        labels = [i % 3 for i in range(n)]
        plan = images_scene.layout(labels, pooled_size=2, n_classes=3)
        assert 1 <= len(plan.shown) <= n and plan.pitch >= images_scene.MIN_PITCH - 1e-9
        assert plan.pitch * len(plan.shown) <= images_scene.TILES_RIGHT - images_scene.TILES_LEFT + 1e-9
        assert {labels[i] for i in plan.shown} == set(labels)
        assert plan.side > 0.5
    assert images_scene.shown_images([0] * 9 + [1], 3) == (0, 1, 9)  # the lone 1 is shown


def test_a_real_render_has_every_planned_frame_and_its_captions(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTURE_PACE", PACE)
    monkeypatch.setenv("LECTURE_VOICE", "none")  # captions only (tests/app/test_voiced_videos.py: a voice)
    trace = nnmath.build("cnn-x-vs-o")
    seen = []
    result = render_images(trace, tmp_path, "l", lambda done, total: seen.append((done, total)),
                           size=(192, 108))
    total = images_scene.planned_frames(trace, 15)
    assert result.frames == total and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert nnmath.load(result.trace_json) == trace and nnmath.load(result.trace_csv) == trace
    with av.open(str(result.video)) as video:
        stream = video.streams.video[0]
        seconds = float(stream.duration * stream.time_base)
        frame = next(video.decode(video=0)).to_ndarray(format="rgb24")
    assert seconds == pytest.approx(total / 15, abs=0.1) and frame.shape == (108, 192, 3)
    captions = (tmp_path / CAPTIONS_NAME).read_text()
    assert captions.startswith("WEBVTT") and captions.count("-->") >= 7
    assert f"the cross entropy is {fmt(trace.final_loss, 3)}" in captions.replace("\n", " ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fit.mp4", "fit.vtt", "trace.csv", "trace.json"]


def test_a_diverged_run_is_refused_in_one_sentence(tmp_path):
    trace = image_run(4, rate=500.0, steps=50)
    assert trace.report().behaviour == "diverged"
    with pytest.raises(nnmath.SettingError) as err:
        render_images(trace, tmp_path)
    message = str(err.value)
    assert "\n" not in message and message == trace.report().message
    assert not list(tmp_path.iterdir())


def test_a_trace_of_another_network_is_refused(tmp_path):
    with pytest.raises(nnmath.NNMathError, match="needs a convolutional network's trace"):
        render_images(nnmath.build("main-ideas"), tmp_path)


def test_the_command_makes_the_folder_and_says_what_it_wrote(tmp_path, monkeypatch):
    calls = []

    def fake(trace, folder, quality, progress):
        calls.append((folder, quality))
        progress(5, 10)
        return images_scene_result(folder)

    def images_scene_result(folder):
        from app.render import RenderedFit
        return RenderedFit(folder / "fit.mp4", folder / "trace.json", folder / "trace.csv", 10)

    monkeypatch.setattr("app.render_images.render_images", fake)
    trace = nnmath.build("cnn-x-vs-o")
    line = render_images_command(trace, str(tmp_path / "out"), "l")
    assert calls == [(tmp_path / "out", "l")] and (tmp_path / "out").is_dir()
    assert "(10 frames, captions in" in line and trace.report().message in line
    (tmp_path / "file").write_text("x")
    with pytest.raises(nnmath.NNMathError, match="is a file; with --render give a folder"):
        render_images_command(trace, str(tmp_path / "file"), "l")


def test_the_run_is_paced_by_change_and_starts_as_watch_is_said():
    trace = nnmath.build("cnn-x-vs-o")
    frames = conv_frames(trace, images_scene.run_steps(trace))
    starts = images_scene.run_schedule(frames)
    assert starts[0] == 0 and np.all(np.diff(starts) > 0) and starts[-1] < 1
    # the steps in which the cross entropy falls by 90% get at least half of the run's time,
    # though they are a small share of the steps
    drop = frames.loss[0] - frames.loss
    busy = int(np.argmax(drop >= 0.9 * drop[-1]))
    assert busy / len(starts) < 0.25 and starts[busy] >= 0.5
    moments = images_scene.script(trace, frames, (0, 1))
    names = [m.name for m in moments]
    assert names.index("watch") == names.index("run") - 1
    assert moments[names.index("watch")].say.text.startswith("Now gradient descent")
    assert moments[names.index("watch")].run_time > 0  # the picture does not stand still meanwhile
    # "Watch" is said as the run starts (the run beat's animation starts with its sentence)
    run = moments[names.index("run")]
    assert run.say.text.startswith("Watch the filter") and run.run_time > 0
    # no sentence points at a frame that may be gone by the time it is said
    assert not any("red frame" in m.say.text for m in moments)


def test_each_pooled_value_sits_under_its_block_and_the_filter_slides_over_the_first_image(trace_file):
    trace = trace_file(nnmath.build("cnn-x-vs-o"))
    model = trace.model()
    scene = build_headless(images_scene.ImagesVideo)
    plan, size = scene.parts["layout"], model.pool_size
    assert plan.beside and plan.side >= 1.2  # two images: large, map beside its image
    for tile in scene.parts["tiles"]:
        for u, v in np.ndindex(model.pooled_size, model.pooled_size):
            block = [tile.map.cells[u * size + a][v * size + b] for a, b in np.ndindex(size, size)]
            middle = np.mean([c.get_x() for c in block])
            assert tile.pooled.cells[u][v].get_x() == pytest.approx(middle, abs=1e-6)
            assert tile.pooled.cells[u][v].width == pytest.approx(size * block[0].width, abs=1e-6)
        assert tile.pooled.get_top()[1] < tile.map.get_bottom()[1]
    names = [m.name for m in images_scene.script(trace, conv_frames(trace, [0]), plan.shown)]
    assert names.index("slide") < names.index("feature") < names.index("pooled")


def test_the_feature_map_shows_negatives_red_until_relu_turns_them_white():
    trace = nnmath.build("cnn-x-vs-o")
    frames = conv_frames(trace, [0, trace.n_steps])
    plan = images_scene.layout(frames.labels, 2, 2, 4, 2)
    largest = float(np.max(frames.feature_maps))
    tile = images_scene.Tile(frames, 0, plan, largest, trace.inputs)
    raw = frames.raw_maps[0, 0]
    negative = list(zip(*np.nonzero(raw < 0)))
    assert negative  # the O's map has negative cells before ReLU
    red = np.array([int(images_scene.PALETTE.residual[i:i + 2], 16) for i in (1, 3, 5)])

    def fill(i, j):
        return np.array([int(tile.map.cells[i][j].get_fill_color().to_hex()[k:k + 2], 16) for k in (1, 3, 5)])

    for i, j in negative:  # plainly red: well off white, towards the palette's red
        colour = fill(i, j)
        assert np.abs(colour - 255).max() >= 0.2 * np.abs(red - 255).max() - 1
        assert np.argmin(colour) == np.argmin(red)
    animation = images_scene._relu(tile, frames, 1.0)
    animation.begin()
    animation.interpolate(1.0)
    for i, j in negative:
        assert tuple(fill(i, j)) == (255, 255, 255)  # 0 after ReLU: white
    for i, j in zip(*np.nonzero(raw >= 0)):  # the rest keep their tint
        assert tile.map.cells[i][j].get_fill_color().to_hex().upper() == tile.map.tint(raw[i, j]).upper()
    names = [m.name for m in images_scene.script(trace, frames, (0, 1))]
    assert names.index("slide") < names.index("feature") < names.index("relu") < names.index("pooled")
    said = images_scene.script(trace, frames, (0, 1))[names.index("relu")].say.text
    assert said.startswith("ReLU turns every negative value into zero")


def test_one_cell_is_written_as_its_products_and_bias_adding_up_to_its_value(trace_file):
    trace = trace_file(nnmath.build("cnn-x-vs-o"))
    scene = build_headless(images_scene.ImagesVideo)
    cell, shown = scene.parts["cell"], scene.parts["layout"].shown
    first = conv_frames(trace, [0])
    assert cell.value == pytest.approx(first.raw_maps[0, shown[0], 0, 0], abs=1e-12)
    words = [m.text for m in scene.parts["sum"] if m.text not in ("+",)]
    places = cell.places()
    numbers = [fmt(v, places) for v in cell.products.ravel()]
    assert words == numbers + [f"+bias{fmt(cell.bias, places)}", f"={fmt(cell.value, places)}"]  # Text drops spaces
    written = sum(float(w) for w in numbers) + float(fmt(cell.bias, places))
    assert fmt(written, places) == fmt(cell.value, places)  # the sum adds up as written
    moments = images_scene.script(trace, first, shown)
    names = [m.name for m in moments]
    assert names.index("window") == names.index("slide") - 1
    said = moments[names.index("window")].say.text
    assert f"add up to {fmt(cell.value, places)}, one cell of the feature map." in said
    # the rest of the slide: at least half a second at each place, said while it moves
    slide = moments[names.index("slide")]
    assert slide.run_time / (trace.model().map_size ** 2 - 1) >= 0.5 and slide.say.text.startswith("Then it moves")


@pytest.mark.parametrize("n", [2, 12])
def test_nothing_at_the_end_comes_near_the_frames_sides(trace_file, n):
    trace_file(nnmath.build("cnn-x-vs-o") if n == 2 else image_run(n, ("X", "O", "plus")))
    scene = build_headless(images_scene.ImagesVideo)
    half = scene.camera.frame_width / 2
    for mob in scene.mobjects:
        for part in mob.get_family():
            if part.has_points():
                assert -half + 0.3 <= part.get_left()[0] and part.get_right()[0] <= half - 0.3, part


def test_the_pooled_pattern_that_tells_the_classes_apart_is_read_out_and_pointed_at(trace_file):
    trace = trace_file(nnmath.build("cnn-x-vs-o"))
    frames = conv_frames(trace, [0, trace.n_steps])
    moments = images_scene.script(trace, frames, (0, 1))
    said = next(m for m in moments if m.name == "pattern").say.text
    for i, name in enumerate(frames.class_names):  # each image's four pooled values at the end
        listed = [fmt(v) for v in trace.forward().pooled[i].ravel()] if i < 2 else []
        assert f"the {name} image gives {', '.join(listed[:-1])} and {listed[-1]}" in said
    records, total, _ = play_guarded(images_scene.ImagesVideo)
    assert problems_of(records, total, images_scene.ImagesVideo.shows)["narration"] == []
    # many images, pooled values not written: the sentence cites none
    many = image_run(12, ("X", "O", "plus"))
    plan = images_scene.layout(many.outputs, 2, 3, 4, 2)
    text = [m for m in images_scene.script(many, conv_frames(many, [0, many.n_steps]), plan.shown)
            if m.name == "pattern"][0].say.text
    assert plan.pooled_numbers or not any(ch.isdigit() for ch in text)
    assert images_scene.pattern_images(conv_frames(many, [0]), plan.shown) == sorted(
        {int(many.outputs[i]): int(i) for i in reversed(plan.shown)}.values(), key=lambda i: many.outputs[i])
