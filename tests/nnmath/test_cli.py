"""The nnmath command line: output, files, and one-line errors with exit code 2."""

import json
import os
import subprocess
import sys

import pytest

from nnmath import PRESETS, build, fit, load
from nnmath.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_presets_lists_every_name(capsys):
    code, out, _ = run(capsys, "presets")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == list(PRESETS)


def test_trace_to_stdout_is_the_json_trace(capsys):
    code, out, _ = run(capsys, "trace", "main-ideas")
    assert code == 0
    doc = json.loads(out)
    assert doc["preset"] == "main-ideas"
    assert doc["final"]["params"]["b3"] == build("main-ideas").final()["b3"]


@pytest.mark.parametrize("fmt", ["json", "csv", "npz"])
def test_trace_to_file_round_trips(capsys, tmp_path, fmt):
    out_file = tmp_path / f"trace.{fmt}"
    code, out, _ = run(capsys, "trace", "details-w3-w4-b3", "--format", fmt, "--out", str(out_file))
    assert code == 0 and str(out_file) in out
    assert load(out_file) == build("details-w3-w4-b3")


def test_trace_overrides(capsys, tmp_path):
    out_file = tmp_path / "t.csv"  # format taken from the extension
    code, _, _ = run(capsys, "trace", "main-ideas", "--max-steps", "4", "--learning-rate", "0.05",
                     "--tolerance", "0.0001", "--out", str(out_file))
    assert code == 0
    trace = load(out_file)
    assert trace.n_steps == 4 and trace.settings["learning_rate"] == 0.05
    assert out_file.read_text().startswith("# nnmath trace")


def test_fit_accepts_spaces_or_commas(capsys, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run(capsys, "fit", "--inputs", "0", "1", "2", "--outputs", "0", "1", "2",
               "--max-iterations", "500", "--out", str(a))[0] == 0
    assert run(capsys, "fit", "--inputs", "0,1,2", "--outputs", "0, 1, 2",
               "--max-iterations", "500", "--out", str(b))[0] == 0
    ta = load(a)
    assert ta == load(b)
    assert ta.preset is None and ta.n_steps <= 500
    assert ta.final_loss < ta.loss[0]


@pytest.mark.parametrize("argv,message", [
    (["trace", "nope"], "unknown preset 'nope'"),
    (["fit", "--inputs", "0", "1", "2", "--outputs", "0", "1"], "3 inputs but 2 outputs"),
    (["fit", "--inputs", "0", "x", "--outputs", "0", "1"], "input 2 is 'x'"),
    (["fit", "--inputs", "0", "nan", "--outputs", "0", "1"], "finite"),
    (["fit", "--inputs", "0", "1", "--outputs", "0", "1", "--max-iterations", "0"], "at least 1"),
    (["fit", "--inputs", "0", "1", "--outputs", "0", "1", "--max-iterations", "99999999"], "limit"),
    (["fit", "--inputs", "0", "1", "--outputs", "0", "1", "--learning-rate", "-1"], "above 0"),
    (["fit", "--inputs", "0", "1", "--outputs", "0", "1", "--activation", "tanh"], "unknown activation"),
    (["trace", "main-ideas", "--out", "/no/such/folder/t.json"], "does not exist"),
])
def test_bad_input_is_one_line_and_exit_code_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_usage_errors_are_one_line_too():
    proc = subprocess.run([sys.executable, "-m", "nnmath", "trace", "main-ideas", "--format", "xml"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "invalid choice" in proc.stderr


def test_diverging_fit_writes_the_trace_and_warns(capsys, tmp_path):
    out_file = tmp_path / "d.json"
    code, _, err = run(capsys, "fit", "--inputs", "0", "1", "2", "--outputs", "0", "10", "20",
                       "--learning-rate", "5", "--out", str(out_file))
    assert code == 0
    # the advice was checked: a tenth of the rate (0.5, the old unchecked advice) still
    # diverges here, the rate offered converged in a trial run
    assert "diverged after" in err and "try a learning rate of 0.005 (a trial run at 0.005" in err
    assert fit([0, 1, 2], [0, 10, 20], learning_rate=0.5).stopped_because == "diverged"
    assert fit([0, 1, 2], [0, 10, 20], learning_rate=0.005).stopped_because == "step-size"
    assert load(out_file).stopped_because == "diverged"


def test_import_nnmath_does_not_import_manim():
    code = "import sys, nnmath; nnmath.build('details-all'); print('manim' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "False", proc.stderr


def test_trace_takes_a_schedule_and_mini_batches(capsys, tmp_path):
    out_file = tmp_path / "s.json"
    code, _, err = run(capsys, "trace", "gradient-descent-intercept", "--learning-rate", "0.5",
                       "--schedule", "exponential:0.8", "--out", str(out_file))
    assert code == 0 and err == ""
    assert load(out_file).settings["schedule"] == "exponential:0.8"
    code, _, err = run(capsys, "trace", "gradient-descent-intercept-slope", "--batch-size", "1",
                       "--seed", "3", "--out", str(tmp_path / "b.csv"))
    assert code == 0 and "still moving after 1000 steps" in err
    code, _, err = run(capsys, "trace", "gradient-descent-intercept", "--schedule", "cosine")
    assert code == 2 and err.count("\n") == 1 and "unknown learning-rate schedule" in err


def test_oscillating_run_warns_with_the_figures(capsys):
    code, _, err = run(capsys, "trace", "gradient-descent-intercept", "--learning-rate", "0.3",
                       "--format", "csv")
    assert code == 0
    assert "34 of 34 steps reversed" in err and "0.15" in err


def test_fit_with_three_hidden_nodes_writes_a_dense_trace(capsys, tmp_path):
    out_file = tmp_path / "t.json"
    code, _, _ = run(capsys, "fit", "--inputs", "0", "1", "2", "--outputs", "0", "1", "0",
                     "--hidden", "3", "--max-iterations", "50", "--out", str(out_file))
    assert code == 0
    trace = load(out_file)
    assert trace.kind == "dense" and trace.model_settings["hidden"] == ["h1", "h2", "h3"]
    assert trace.n_steps == 50 and len(trace.param_names) == 10


@pytest.mark.parametrize("argv,message", [
    (["--hidden", "9"], "choose a whole number from 1 to 4"),
    (["--render", "--format", "csv"], "--format does not go with --render"),
    (["--render", "--learning-rate", "100", "--max-iterations", "50"], "(a trial run at "),
])
def test_fit_render_errors_are_one_line(capsys, tmp_path, argv, message):
    code, _, err = run(capsys, "fit", "--inputs", "0", "0.5", "1", "--outputs", "0", "1", "0",
                       "--out", str(tmp_path / "out"), *argv)
    assert code == 2 and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_fit_render_writes_the_same_trace_and_a_video(tmp_path):
    """A real render from the terminal, sped up: trace.json, trace.csv and fit.mp4 (nnmath
    imports the renderer from app/ only for --render)."""
    import av

    from nnmath.fit import fit

    out = tmp_path / "video"
    env = {**os.environ, "LECTURE_PACE": "0.1"}
    done = subprocess.run([sys.executable, "-m", "nnmath", "fit", "--inputs", "0,0.5,1",
                           "--outputs", "0,1,0", "--seed", "13", "--max-iterations", "40",
                           "--render", "--quality", "l", "--out", str(out)],
                          capture_output=True, text=True, env=env, timeout=240)
    assert done.returncode == 0, done.stderr
    assert "rendering: frame" in done.stderr and "fit.mp4" in done.stdout
    expected = fit([0, 0.5, 1], [0, 1, 0], seed=13, max_iterations=40)
    assert load(out / "trace.json") == expected and load(out / "trace.csv") == expected
    with av.open(str(out / "fit.mp4")) as video:
        stream = video.streams.video[0]
        assert (stream.width, stream.height) == (854, 480)
        assert sum(1 for _ in video.decode(video=0)) > 10


def test_nnmath_fit_cli_imports_neither_manim_nor_gradio(tmp_path):
    out = str(tmp_path / "trace.json")  # a file of the test's own, never a device of the machine
    code = ("import sys; from nnmath.cli import main; main(['fit', '--inputs', '0', '1', "
            f"'--outputs', '0', '1', '--max-iterations', '3', '--out', {out!r}]); "
            "print(sorted(m for m in ('manim', 'gradio', 'app') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stderr


def _renderers(monkeypatch, *values):
    """nnmath's command line sees only these renderers for 'fit' (module:function)."""
    from importlib.metadata import EntryPoint

    import nnmath.cli as cli

    found = [EntryPoint(name="fit", value=v, group=cli.RENDER_GROUP) for v in values]
    monkeypatch.setattr(cli, "entry_points", lambda group, name: [
        e for e in found if e.group == group and e.name == name])


def render_stand_in(trace, out, quality):
    """A renderer that draws nothing: it records what the command line hands over."""
    render_stand_in.calls.append((trace, out, quality))
    return f"drew {trace.n_steps} steps at quality {quality} into {out}"


render_stand_in.calls = []


def test_the_installed_renderer_for_fit_is_the_pages_command():
    from importlib.metadata import entry_points

    from app.commands import render_fit_command
    from nnmath.cli import RENDER_GROUP, renderer

    assert [e.value for e in entry_points(group=RENDER_GROUP, name="fit")] == [
        "app.commands:render_fit_command"]
    assert renderer("fit") is render_fit_command


def test_render_calls_whatever_renderer_is_registered(capsys, monkeypatch):
    _renderers(monkeypatch, f"{__name__}:render_stand_in")
    render_stand_in.calls.clear()
    code, out, err = run(capsys, "fit", "--inputs", "0", "1", "--outputs", "0", "1",
                         "--max-iterations", "3", "--render", "--quality", "m", "--out", "there")
    assert code == 0 and out == "drew 3 steps at quality m into there\n"
    [(trace, where, quality)] = render_stand_in.calls
    assert trace == fit([0, 1], [0, 1], max_iterations=3) and (where, quality) == ("there", "m")


@pytest.mark.parametrize("values,message", [
    ((), "--render needs a video renderer for 'nnmath fit' and none is installed"),
    (("a.b:c", "d.e:f"), "--render found 2 renderers for 'nnmath fit' (a.b:c, d.e:f)"),
    (("no_such_module_here:render",), "the renderer no_such_module_here:render cannot be loaded"),
    ((f"{__name__}:no_such_function",), "cannot be loaded"),
])
def test_a_missing_or_unclear_renderer_is_one_line_before_any_fit(capsys, monkeypatch, values,
                                                                    message):
    import nnmath.cli as cli

    _renderers(monkeypatch, *values)
    monkeypatch.setattr(cli, "fit", lambda *a, **k: pytest.fail("fitted before the renderer"))
    code, out, err = run(capsys, "fit", "--inputs", "0", "1", "--outputs", "0", "1", "--render")
    assert code == 2 and out == "" and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_render_into_a_file_is_one_line(capsys, tmp_path):
    a_file = tmp_path / "taken"
    a_file.write_text("mine\n")
    code, _, err = run(capsys, "fit", "--inputs", "0", "1", "--outputs", "0", "1",
                       "--max-iterations", "3", "--render", "--out", str(a_file))
    assert code == 2 and f"--out {a_file} is a file; with --render give a folder" in err
    assert err.count("\n") == 1 and a_file.read_text() == "mine\n"
