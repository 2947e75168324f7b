"""Hostile input: true verdicts, checked advice, one-line errors, files left intact.

Every case here failed (a false "converged", an unchecked or absurd suggestion, a
traceback, a file mode of 0600, a damaged trace accepted or answered with a foreign
error) before issue 23's changes.
"""

import io
import json
import os
import stat
import zipfile

import numpy as np
import pytest

import nnmath
from nnmath import DataError, NNMathError, TraceFormatError, build, fit, load, save
from nnmath.cli import main

DOSAGE = ([0, 0.5, 1], [0, 1, 0])


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- verdicts ------------------------------------------------------------------------
@pytest.mark.parametrize("hidden,rate", [(2, 1e-4), (3, 1e-4), (2, 1e-320), (4, 1e-9)])
def test_a_fit_that_learned_nothing_is_not_converged(hidden, rate):
    trace = fit(*DOSAGE, seed=13, learning_rate=rate, hidden=hidden)
    assert trace.stopped_because == "step-size" and trace.n_steps == 1
    report = trace.report()
    assert report.behaviour == "stalled" and "converged" not in report.message
    assert report.message.startswith("learned almost nothing")
    # the suggestion was checked: fitting at it really lowers the SSR meaningfully
    again = fit(*DOSAGE, seed=13, learning_rate=report.suggested_rate, hidden=hidden)
    assert again.stopped_because != "diverged"
    assert again.final_loss < 0.99 * again.loss[0]
    assert f"{again.final_loss:.4g}" in report.message


def test_a_start_at_the_minimum_is_still_converged():
    # a line started on its least-squares fit: no larger rate gets lower, so it converged
    trace = nnmath.gradient_descent(nnmath.Line(), dict(intercept=0.0, slope=1.0), [0, 1, 2],
                                    [0, 1, 2], learning_rate=0.1)
    assert trace.report().behaviour == "converged"


@pytest.mark.parametrize("rate", [1e300, 1e6, 50.0])
def test_divergence_advice_is_checked_and_never_absurd(rate):
    trace = fit(*DOSAGE, seed=13, learning_rate=rate)
    report = trace.report()
    assert report.behaviour == "diverged"
    assert report.suggested_rate <= 1 and report.suggested_rate < rate
    assert fit(*DOSAGE, seed=13, learning_rate=report.suggested_rate).stopped_because != "diverged"
    assert f"a trial run at {report.suggested_rate:g}" in report.message


def test_crawling_and_oscillating_advice_is_checked_too():
    crawl = build("gradient-descent-intercept", learning_rate=0.001).report()
    zigzag = build("gradient-descent-intercept", learning_rate=0.3).report()
    assert crawl.behaviour == "crawling" and zigzag.behaviour == "oscillating"
    better = build("gradient-descent-intercept", learning_rate=crawl.suggested_rate)
    assert better.final_loss < build("gradient-descent-intercept", learning_rate=0.001).final_loss
    smooth = build("gradient-descent-intercept", learning_rate=zigzag.suggested_rate).report()
    assert smooth.behaviour == "converged"


# --- data that floating point cannot hold ------------------------------------------------
@pytest.mark.parametrize("inputs,outputs", [([0, 0.5, 1], [0, 1e200, 0]), ([1e160, 0], [0, 1]),
                                            ([0, 1], [-1e300, 1])])
def test_data_too_large_is_caught_before_fitting_with_a_message_on_the_data(inputs, outputs):
    with pytest.raises(DataError, match="the data is too large") as err:
        fit(inputs, outputs)
    assert "learning rate" not in str(err.value) and "rescale the data" in str(err.value)
    from nnmath.fit import check_scale  # what the page checks before queuing a fit

    with pytest.raises(DataError):
        check_scale(inputs, outputs)


def test_a_zero_step_divergence_is_not_called_a_forward_pass():
    trace = nnmath.gradient_descent(nnmath.Line(), dict(intercept=1e200, slope=1e200), [1e200],
                                    [0], learning_rate=0.1)
    assert trace.n_steps == 0 and trace.stopped_because == "diverged"
    assert trace.report().behaviour == "diverged"
    assert "forward pass" not in trace.report().message


# --- the command line -------------------------------------------------------------------
def test_cli_warns_about_a_fit_that_learned_nothing(capsys, tmp_path):
    code, out, err = run(capsys, "fit", "--inputs", "0", "0.5", "1", "--outputs", "0", "1", "0",
                         "--seed", "13", "--learning-rate", "1e-4", "--out", str(tmp_path / "t.json"))
    assert code == 0 and "converged" not in out
    assert err.startswith("nnmath: warning: learned almost nothing") and err.count("\n") == 1
    assert "try a learning rate of" in err


def test_cli_gives_the_verdict_of_a_clean_run_too(capsys):
    code, _, err = run(capsys, "fit", "--inputs", "0,0.5,1", "--outputs", "0,1,0", "--seed", "13")
    assert code == 0 and err == "nnmath: converged after 321 steps: SSR 4.148 -> 0.0007189\n"


def test_cli_crawling_run_is_warned_about(capsys):
    code, _, err = run(capsys, "trace", "gradient-descent-intercept", "--learning-rate", "0.001")
    assert code == 0 and err.startswith("nnmath: warning: crawled for")


@pytest.mark.parametrize("inputs", [["-1,0,1"], ["-1", "-0.5e-3", "2"], ["-1e3,", "0", "1"],
                                    ["-.5", "0", "1"]])
def test_negative_numbers_right_after_inputs(capsys, tmp_path, inputs):
    out_file = tmp_path / "n.json"
    code, _, err = run(capsys, "fit", "--inputs", *inputs, "--outputs", "-1", "0", "1",
                       "--max-iterations", "20", "--out", str(out_file))
    assert code == 0, err
    assert load(out_file).inputs[0] < 0


def test_a_missing_list_after_inputs_says_what_to_do(capsys):
    code, _, err = run(capsys, "fit", "--inputs", "--outputs", "1")
    assert code == 2 and err.count("\n") == 1
    assert "--inputs -1 0 2.5 or --inputs=-1,0,2.5" in err


@pytest.mark.parametrize("target", ["/proc/t.json", "/proc/self/t.json", ""])
def test_unwritable_output_is_one_line_exit_2(capsys, target):
    code, out, err = run(capsys, "fit", "--inputs", "0", "1", "--outputs", "0", "1",
                         "--max-iterations", "3", "--out", target)
    assert code == 2 and out == ""
    assert err.startswith("nnmath: error: ") and err.count("\n") == 1 and "Traceback" not in err


def test_files_get_the_umask_permissions_and_keep_their_own(tmp_path):
    trace = build("main-ideas")
    old = os.umask(0o022)
    try:
        new = save(trace, tmp_path / "new.json")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        os.umask(0o077)
        assert stat.S_IMODE(save(trace, tmp_path / "private.csv").stat().st_mode) == 0o600
        os.chmod(new, 0o664)
        save(trace, new)
        assert stat.S_IMODE(new.stat().st_mode) == 0o664
    finally:
        os.umask(old)


def test_a_symbolic_link_is_written_through(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    save(build("main-ideas"), link)
    assert link.is_symlink() and load(real) == build("main-ideas")


def test_a_failed_run_leaves_an_existing_file_alone(capsys, tmp_path):
    out_file = tmp_path / "keep.json"
    out_file.write_text("precious")
    code, _, _ = run(capsys, "fit", "--inputs", "0", "1e200", "--outputs", "0", "1",
                     "--out", str(out_file))
    assert code == 2 and out_file.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.json"]


# --- loading damaged or inconsistent traces ---------------------------------------------------
def _json(name="details-w3-w4-b3") -> dict:
    return json.loads(nnmath.export.to_json(build(name)))


def _npz_parts(trace) -> dict:
    with np.load(io.BytesIO(nnmath.export.to_npz_bytes(trace))) as npz:
        return {k: npz[k] for k in npz.files}


def _npz(parts) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **parts)
    return buf.getvalue()


def _edit(change):
    doc = _json()
    change(doc)
    return json.dumps(doc).encode()


DAMAGED = {
    "deep nesting": b'{"schema_version": 1, "model": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "deep nesting in data": _edit(lambda d: d["data"].update(inputs=json.loads("[" * 500 + "]" * 500))),
    "truncated npz": nnmath.export.to_npz_bytes(build("main-ideas"))[:300],
    "npz cut in the middle": nnmath.export.to_npz_bytes(build("details-all"))[:-200],
    "zip that is not npz": (lambda b: (zipfile.ZipFile(b, "w").writestr("x.txt", "hi"), b.getvalue())[1])(io.BytesIO()),
    "npz meta not text": _npz({**_npz_parts(build("main-ideas")), "meta": np.arange(3)}),
    "npz params as text": _npz({**_npz_parts(build("main-ideas")), "params": np.array(["a"] * 40)}),
    "npz complex loss": _npz({**_npz_parts(build("main-ideas")),
                              "loss": _npz_parts(build("main-ideas"))["loss"] + 1j}),
    "parameter names of another model": _edit(lambda d: d.update(param_names=["a", "b", "c", "d", "e", "f", "g"])),
    "a parameter renamed everywhere": json.dumps(_json()).replace('"w1"', '"w9"').encode(),
    "csv parameter renamed everywhere": nnmath.export.to_csv(build("main-ideas")).replace(
        '"w1"', '"w9"').replace(":w1,", ":w9,").encode(),
    "npz parameter renamed": _npz({**_npz_parts(build("main-ideas")), "meta": np.array(
        str(_npz_parts(build("main-ideas"))["meta"]).replace('"w1"', '"w9"'))}),
    "unknown kind": _edit(lambda d: d["model"].update(kind="transformer")),
    "unknown model setting": _edit(lambda d: d["model"].update(layers=12)),
    "unknown activation": _edit(lambda d: d["model"].update(activation="tanh")),
    "negative learning rate": _edit(lambda d: d["settings"].update(learning_rate=-0.1)),
    "more steps than allowed": _edit(lambda d: d["settings"].update(max_steps=3)),
    "zero tolerance as text": _edit(lambda d: d["settings"].update(tolerance="a lot")),
    "unknown setting": _edit(lambda d: d["settings"].update(momentum=0.9)),
    "batch larger than data": _edit(lambda d: d["settings"].update(batch_size=50)),
    "impossible schedule": _edit(lambda d: d["settings"].update(schedule="exponential:7")),
    "unknown stop reason": _edit(lambda d: d["final"].update(stopped_because="bored")),
    "forward-only with steps": _edit(lambda d: d["final"].update(stopped_because="forward-only")),
    "final loss changed": _edit(lambda d: d["final"].update(loss=0.0)),
    "a step's parameter changed": _edit(lambda d: d["steps"][5]["params"].update(w3=7.0)),
    "a gradient changed": _edit(lambda d: d["steps"][2]["gradients"].update(b3=1.0)),
    "infinite step loss": _edit(lambda d: d["steps"][1].update(loss="Infinity")),
    "number too large": _edit(lambda d: d["steps"][1].update(loss=10 ** 400)),
    "schema version true": _edit(lambda d: d.update(schema_version=True)),
    "preset a list": _edit(lambda d: d.update(preset=[1, 2])),
    "param names not a list": _edit(lambda d: d.update(param_names="w1")),
    "settings a list": _edit(lambda d: d.update(settings=[1, 2])),
    "data with text": _edit(lambda d: d["data"].update(inputs=["a", 0.5, 1])),
    "data one point short": _edit(lambda d: d["data"].update(inputs=[0, 0.5])),
    "steps not a list": _edit(lambda d: d.update(steps={"a": 1})),
    "huge repr in a value": _edit(lambda d: d["steps"][0].update(loss="x" * 100_000)),
    "csv with a ragged row": nnmath.export.to_csv(build("main-ideas")).replace("\n1,", "\n1,2,", 1).encode(),
    "csv without columns": b"# meta: " + json.dumps(_json("main-ideas")).encode() + b"\n",
    "csv with text in a row": nnmath.export.to_csv(build("main-ideas")).replace("\n3,", "\n3,x", 1).encode(),
    "csv meta of another model": nnmath.export.to_csv(build("main-ideas")).replace('"dosage"', '"line"', 1).encode(),
    "empty file": b"",
    "binary noise": bytes(range(256)) * 4,
    "json null": b"null",
    "json list": b"[1, 2]",
}


@pytest.mark.parametrize("case", list(DAMAGED))
def test_every_damaged_trace_gets_nnmaths_own_one_line_error(tmp_path, case):
    path = tmp_path / "t.trace"
    path.write_bytes(DAMAGED[case])
    with pytest.raises(NNMathError) as err:
        load(path)
    message = str(err.value)
    assert type(err.value) in (TraceFormatError, NNMathError)
    assert "\n" not in message and len(message) < 400, message


def test_an_honest_trace_of_every_kind_still_loads(tmp_path):
    for name in ("neurons", "iris", "cross-entropy-b3", "cnn-x-vs-o", "black-box"):
        for fmt in ("json", "csv", "npz"):
            assert load(save(build(name), tmp_path / f"t.{fmt}")) == build(name)


def test_a_very_large_file_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(nnmath.export, "MAX_FILE_BYTES", 100)
    path = save(build("main-ideas"), tmp_path / "t.json")
    with pytest.raises(NNMathError, match="too large"):
        load(path)


def test_a_pipe_or_folder_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for path in (fifo, tmp_path, tmp_path / "missing.json"):
        with pytest.raises(NNMathError, match="cannot read"):
            load(path)


def test_a_byte_order_mark_from_an_editor_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + nnmath.export.to_json(build("main-ideas")).encode())
    assert load(path) == build("main-ideas")
