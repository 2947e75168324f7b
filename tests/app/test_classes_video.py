"""The classes video: the scene built headless passes the lecture's guards, every number it
shows and says is the trace's, the map it draws is nnmath's class map, a real tiny render
has the planned length and its captions, and a run with nothing to show is refused."""

import av
import numpy as np
import pytest
from manim import ImageMobject

import nnmath
from app import classes_scene
from app.commands import render_classes_command
from app.render import CAPTIONS_NAME, JSON_NAME
from app.render_classes import render_classes
from nnmath.class_map import class_map, row_hits
from nnmath.cli import renderer
from scenes.common.numbers import fmt
from scenes.common.style import PALETTE
from scenes.common.script import build_headless
from nnmath.descent import gradient_descent, initial_params
from tests.nnmath.classes_trace import CLASSES, ROWS, diverged, learned, network
from tests.scenes.guards import all_problems

ROW = 4  # a versicolor row: (0.6, 0.2)


@pytest.fixture
def trace_file(tmp_path, monkeypatch):
    trace = learned()
    nnmath.save(trace, tmp_path / JSON_NAME)
    monkeypatch.setenv(classes_scene.TRACE_ENV, str(tmp_path / JSON_NAME))
    monkeypatch.setenv(classes_scene.ROW_ENV, str(ROW))
    return trace


@pytest.fixture
def built(trace_file):
    return build_headless(classes_scene.ClassesVideo)


def test_the_scene_passes_every_guard_of_the_lecture(trace_file):
    problems = all_problems(classes_scene.ClassesVideo)
    assert problems == {k: [] for k in ("layout", "size", "morph", "pacing", "narration", "numbers")}


def many_rows() -> nnmath.Trace:
    """108 rows (the nine, twelve times): a cross entropy above 100 at the start and a count
    of rows right that grows from two digits (60) to three (108)."""
    model = network()
    return gradient_descent(model, initial_params(model, 3), ROWS * 12, CLASSES * 12,
                            learning_rate=0.05 / 12, max_steps=300)


def test_three_digit_numbers_stay_in_their_slots_and_inside_the_frame(tmp_path, monkeypatch):
    from manim import DecimalNumber, Text, config

    trace = many_rows()
    hits = row_hits(trace, [0, trace.n_steps]).sum(axis=1)
    assert hits[0] < 100 <= hits[1] and trace.loss[0] >= 100  # the case the readout must hold
    nnmath.save(trace, tmp_path / JSON_NAME)
    monkeypatch.setenv(classes_scene.TRACE_ENV, str(tmp_path / JSON_NAME))
    monkeypatch.setenv(classes_scene.ROW_ENV, "0")
    assert all_problems(classes_scene.ClassesVideo)["layout"] == []  # at every beat's end
    scene = build_headless(classes_scene.ClassesVideo)
    family = scene.get_mobject_family_members()
    of = next(m for m in family if isinstance(m, Text) and m.original_text == f"of {len(trace.inputs)}")
    count = next(m for m in family if isinstance(m, DecimalNumber) and m.get_value() == hits[1]
                 and abs(m.get_y() - of.get_y()) < 0.2)
    loss = next(m for m in family if isinstance(m, DecimalNumber) and m.get_value() == trace.final_loss)
    for value in (hits[0], hits[1], len(trace.inputs)):
        count.set_value(int(value))
        assert count.get_right()[0] < of.get_left()[0] - 0.05  # a gap before "of", never over it
    loss.set_value(float(np.max(trace.loss)))  # the widest cross entropy shown, at the start
    assert loss.get_right()[0] <= config.frame_width / 2 - 0.1
    assert of.get_right()[0] <= config.frame_width / 2 - 0.1


def test_the_followed_row_and_its_ring_are_drawn_above_every_other_row(trace_file, built):
    from manim import Circle
    from manim.utils.family import extract_mobject_family_members

    order = extract_mobject_family_members(built.mobjects, use_z_index=True, only_those_with_points=True)
    ring, followed = order[-1], order[-2]  # the camera draws in this order: last on top
    assert isinstance(ring, Circle) and ring.get_stroke_color().to_hex().upper() == PALETTE.callout
    assert np.allclose(followed.get_center(), ring.get_center())
    colour = classes_scene.class_colours(3)[int(trace_file.outputs[ROW])]
    assert followed.get_fill_color().to_hex().upper() == colour.upper()


def _points(scene, n: int):
    """The group of the n training rows' markers."""
    from manim import VGroup
    return next(m for m in scene.get_mobject_family_members()
                if isinstance(m, VGroup) and len(m) == n and all(p.z_index >= 2 for p in m))


def test_the_rows_classified_wrong_have_a_thick_rim_and_are_named(tmp_path, monkeypatch):
    trace = learned(20)  # 8 of 9 right at the end
    wrong = ~row_hits(trace, [trace.n_steps])[0]
    assert wrong.sum() == 1
    nnmath.save(trace, tmp_path / JSON_NAME)
    monkeypatch.setenv(classes_scene.TRACE_ENV, str(tmp_path / JSON_NAME))
    monkeypatch.setenv(classes_scene.ROW_ENV, "0")
    scene = build_headless(classes_scene.ClassesVideo)
    points = _points(scene, len(trace.inputs))
    rims = np.array([p.get_stroke_width() for p in points])
    assert np.array_equal(rims == classes_scene.WRONG_RIM, wrong)
    assert np.all(rims[~wrong] == classes_scene.RIM)
    said = {m.name: m.say.text for m in classes_scene.script(trace, 0)}
    assert said["result"].endswith("One row is still wrong: it keeps its thick black rim.")
    assert "classified wrong" in _texts(scene)


def test_the_readout_numbers_are_in_the_words_font_on_their_baseline(trace_file, built):
    from manim import DecimalNumber, Text

    n = len(trace_file.inputs)
    family = built.get_mobject_family_members()
    of = next(m for m in family if isinstance(m, Text) and m.original_text == f"of {n}")
    count = next(m for m in family if isinstance(m, DecimalNumber) and m.get_value() == n
                 and abs(m.get_y() - of.get_y()) < 0.2)
    digit, same = count.submobjects[0], of.submobjects[-1]  # both the glyph of the digit n
    assert digit.height == pytest.approx(same.height, rel=0.02)
    assert digit.width == pytest.approx(same.width, rel=0.02)  # the same font, not LaTeX's
    assert digit.get_bottom()[1] == pytest.approx(same.get_bottom()[1], abs=0.02)
    assert of.get_left()[0] - count.get_right()[0] >= 0.15  # a gap on both sides
    rows_right = next(m for m in family if isinstance(m, Text) and m.original_text == "Rows right")
    assert count.get_left()[0] - rows_right.get_right()[0] >= 0.15


def _texts(scene) -> list[str]:
    from tests.scenes.guards import texts_on_screen
    return [s.text for s in texts_on_screen(scene) if not s.tick]


def test_the_numbers_at_the_end_are_the_traces(trace_file, built):
    trace = trace_file
    texts = _texts(built)
    last = trace.final_predictions[ROW]
    probabilities = [t for t in texts if t in {fmt(p) for p in last}]
    assert sorted(probabilities) == sorted(fmt(p) for p in last)  # one bar number per class
    assert fmt(trace.final_loss) in texts and str(trace.n_steps) in texts
    right = int(row_hits(trace, [trace.n_steps]).sum())
    assert f"of {len(trace.inputs)}" in texts and str(right) in texts
    assert not any(t.startswith("Accuracy") for t in texts)  # the readout's rows right says it once
    assert "SoftMax" in texts
    assert "\u2190 picked" in texts and "Row 5, class versicolor" in texts
    assert "petal width 0.6, sepal width 0.2" in texts


def test_the_narration_says_the_traces_numbers(trace_file):
    trace = trace_file
    said = {m.name: m.say for m in classes_scene.script(trace, ROW)}
    assert said["loss"].numbers["ce"].value == trace.loss[0]
    assert said["probabilities"].numbers["p"].value == trace.predictions[0][ROW][1]
    assert said["run"].text.startswith("Watch")  # said as the run starts, before it moves
    assert said["result"].numbers["ce"].value == trace.final_loss
    assert said["result"].numbers["hits"].value == row_hits(trace, [trace.n_steps]).sum()
    assert said["count"].numbers["hits"].value == row_hits(trace, [0]).sum() < len(trace.inputs)
    assert said["count"].text.endswith("The rows it gets wrong have a thick black rim.")
    assert said["result"].text.endswith("training rows right.")  # none is still wrong
    assert said["row"].numbers["p"].value == trace.final_predictions[ROW][1]
    assert said["row"].text.endswith("calls it versicolor: right.")


def test_the_map_drawn_is_the_class_map_of_the_last_step(trace_file, built):
    trace = trace_file
    found = class_map(trace, [trace.n_steps], size=classes_scene.MAP_SIZE)
    image = next(m for m in built.get_mobject_family_members() if isinstance(m, ImageMobject))
    pixels = image.pixel_array[:, :, :3]
    colours = classes_scene.class_colours(3)
    winner = found.winner[0]
    size = classes_scene.MAP_SIZE
    rng = np.random.default_rng(0)
    for j, i in rng.integers(0, size, (50, 2)):  # grid point (xs[i], ys[j]): picture row size-1-j
        pure = np.array([int(colours[winner[j, i]][k:k + 2], 16) for k in (1, 3, 5)])
        tint = 255 - classes_scene.TINT * (255 - pure)
        assert np.allclose(pixels[size - 1 - j, i], tint, atol=0.5)
    assert len(np.unique(winner)) == 3  # every class wins somewhere: the test sees all three colours
    # the picture spans the grid with half a cell beyond its outer points, so each pixel's
    # centre is its grid point
    axes = next(m for m in built.mobjects if hasattr(m, "p2c") and np.allclose(
        m.p2c(image.get_corner(np.array([-1, -1, 0])))[:2],
        [found.xs[0] - (found.xs[1] - found.xs[0]) / 2, found.ys[0] - (found.ys[1] - found.ys[0]) / 2]))
    top = axes.p2c(image.get_corner(np.array([1, 1, 0])))
    assert top[0] == pytest.approx(found.xs[-1] + (found.xs[1] - found.xs[0]) / 2)
    assert top[1] == pytest.approx(found.ys[-1] + (found.ys[1] - found.ys[0]) / 2)


def test_a_real_render_has_the_planned_length_and_its_captions(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTURE_PACE", "0.1")
    monkeypatch.setenv("LECTURE_VOICE", "none")
    trace = learned()
    seen = []
    result = render_classes(trace, tmp_path, "l", lambda d, t: seen.append((d, t)), row=ROW, size=(256, 144))
    fps = 15
    total = classes_scene.planned_frames(trace, ROW, fps)
    assert result.frames == total and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert nnmath.load(result.trace_json) == trace and nnmath.load(result.trace_csv) == trace
    with av.open(str(result.video)) as video:
        stream = video.streams.video[0]
        frames = [(float(f.pts * stream.time_base), f.to_ndarray(format="rgb24")) for f in video.decode(video=0)]
        length = float(video.duration) / 1e6
    assert length == pytest.approx(total / fps, abs=0.1)
    assert frames[0][1].shape == (144, 256, 3)
    captions = (tmp_path / CAPTIONS_NAME).read_text()
    said = [m.say.text for m in classes_scene.script(trace, ROW)]
    assert captions.startswith("WEBVTT") and " ".join(said).replace(" ", "") in "".join(
        line for line in captions.splitlines() if line and "-->" not in line and not line.startswith(
            ("WEBVTT", "ClassesVideo"))).replace(" ", "")
    mid = next(f for t, f in frames if t >= length * 0.6)  # during the run
    tints = [255 - classes_scene.TINT * (255 - np.array([int(c[k:k + 2], 16) for k in (1, 3, 5)]))
             for c in classes_scene.class_colours(3)]
    for tint in tints:
        assert np.sum(np.all(np.abs(mid.astype(int) - tint) <= 12, axis=-1)) > 50
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fit.mp4", "fit.vtt", "trace.csv", "trace.json"]


def test_a_diverged_run_is_refused_in_one_sentence_and_nothing_is_written(tmp_path):
    trace = diverged()
    assert trace.stopped_because == "diverged"
    with pytest.raises(nnmath.SettingError) as err:
        render_classes(trace, tmp_path)
    assert str(err.value).startswith("diverged after") and "try a learning rate of" in str(err.value)
    assert "\n" not in str(err.value)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("row", [-1, 9, "two", 1.5, True])
def test_a_row_not_in_the_data_is_refused(tmp_path, row):
    with pytest.raises(nnmath.SettingError, match="choose a row from 1 to 9"):
        render_classes(learned(), tmp_path, row=row)
    assert not list(tmp_path.iterdir())


def test_a_trace_of_another_network_is_refused(tmp_path):
    with pytest.raises(nnmath.SettingError, match="SoftMax outputs"):
        render_classes(nnmath.build("main-ideas"), tmp_path)


def test_nnmath_fit_classes_render_finds_the_command(tmp_path):
    assert renderer("fit-classes") is render_classes_command
    with pytest.raises(nnmath.NNMathError, match="is a file"):
        (tmp_path / "f").write_text("")
        render_classes_command(learned(), str(tmp_path / "f"), "l")


def test_without_a_trace_file_the_scene_says_how_to_give_one(monkeypatch):
    monkeypatch.delenv(classes_scene.TRACE_ENV, raising=False)
    with pytest.raises(nnmath.NNMathError, match="set NNMATH_CLASSES_TRACE"):
        classes_scene.load_trace()


def test_the_run_is_paced_by_change_and_says_which_row_turns_right():
    trace = learned()
    steps = classes_scene.map_steps(trace)
    starts = classes_scene.run_schedule(trace, steps)
    assert starts[0] == 0 and np.all(np.diff(starts) > 0) and starts[-1] < 1
    # the steps in which the cross entropy falls by 90% get far more than their share of time
    losses = np.append(trace.loss, trace.final_loss)[steps]
    drop = losses[0] - losses
    busy = int(np.argmax(drop >= 0.9 * drop[-1]))
    assert starts[busy] > 1.5 * busy / len(steps)
    right = row_hits(trace, steps)
    turned = classes_scene.flip(right, 0)
    assert turned is not None
    i, j = turned
    assert not right[j - 1, i] and right[j, i]
    for followed in (0, i):  # another row is circled; the followed row is named
        moments = {m.name: m for m in classes_scene.script(trace, followed)}
        said = moments["turn"].say
        assert moments["run"].step == moments["turn"].step == said.numbers["at"].value == steps[j]
        assert "rim goes" in said.text and moments["rest"].step is None
        whole = moments["rest"].run_time / (1 - starts[j])
        assert moments["run"].run_time == pytest.approx(max(whole * starts[j], 4.5))
        assert ("turned" in said.numbers) == (followed == i)
        assert ("the row circled" in said.text) == (followed != i)


def test_a_row_that_starts_wrong_is_said_to_and_its_count_peak_is_said():
    right = np.array([[0, 1, 1], [1, 1, 1], [1, 0, 1], [1, 0, 1]], dtype=bool)
    assert classes_scene.flip(right, 0) == (0, 1)  # the followed row first
    assert classes_scene.flip(right, 2) is None or classes_scene.flip(right, 2) == (0, 1)
    trace = learned(20)
    steps = classes_scene.map_steps(trace)
    hits = row_hits(trace, steps)
    first = np.asarray(trace.predictions[0])
    for row in range(len(trace.inputs)):
        said = {m.name: m.say for m in classes_scene.script(trace, row)}
        starts_wrong = int(np.argmax(first[row])) != int(trace.outputs[row])
        assert ("starts wrong" in said["probabilities"].text) == starts_wrong
        if starts_wrong:
            assert said["probabilities"].numbers["q"].value == first[row].max()
        assert said["row"].numbers["p0"].value == first[row][int(trace.outputs[row])]
        peaked = hits.sum(axis=1).max() > hits[-1].sum()
        assert ("peak_step" in said["run"].numbers) == peaked
