"""The page's answers to hostile input, without a browser: typed values are never changed
silently, values that are there are never called empty, data too large for floating
point is blamed on the data, one progress indicator,
stale job folders are swept. Each case failed before issue 23's changes."""

import os

import pytest

from app import results
from app.form import FieldError, check_form
from app.cache import ResultCache
from app.jobs import JobStatus

GOOD = dict(max_iterations="1000", activation="softplus", hidden="2", learning_rate="0.1",
            seed="13", quality="l")
TABLE = [["0", "0"], ["0.5", "1"], ["1", "0"]]


def form(table=TABLE, **changes):
    v = {**GOOD, **changes}
    return check_form(table, v["max_iterations"], v["activation"], v["hidden"], v["learning_rate"],
                      v["seed"], v["quality"])


@pytest.mark.parametrize("changes,field,message", [
    (dict(max_iterations="2.5"), "max_iterations", "is 2.5; it must be a whole number"),
    (dict(max_iterations="150.7"), "max_iterations", "whole number"),
    (dict(hidden="2.5"), "hidden", "choose a whole number"),
    (dict(seed="13.2"), "seed", "whole number"),
    (dict(learning_rate="0,5"), "learning_rate", "write decimals with a point: 0.5"),
    (dict(learning_rate="1e-400"), "learning_rate", "too close to 0"),
    (dict(max_iterations="1e999"), "max_iterations", "too large for floating point"),
    (dict(seed="thirteen"), "seed", "'thirteen', which is not a number"),
])
def test_a_typed_value_is_taken_as_typed_or_refused_with_the_reason(changes, field, message):
    with pytest.raises(FieldError, match=message) as err:
        form(**changes)
    assert err.value.field == field and "empty" not in err.value.message


def test_text_the_browser_cannot_read_as_a_number_is_never_called_empty():
    for typed in ("1,5", "½", "0x10", "--1", "1 000", "١٠"):
        try:
            form(learning_rate=typed)
        except FieldError as err:
            assert "empty" not in err.message and err.field == "learning_rate"


@pytest.mark.parametrize("table", [[["0", "0"], ["0.5", "1e200"], ["1", "0"]],
                                   [["1e160", "0"], ["0", "1"]],
                                   [["0", "1e-400"], ["1", "1"]]])
def test_data_that_floating_point_cannot_hold_is_blamed_on_the_data(table):
    with pytest.raises(FieldError) as err:
        form(table=table)
    assert err.value.field == "data" and "learning rate" not in err.value.message


def test_stale_job_folders_are_swept_at_start(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    dead = cache / ".job-999999999-abcdef12-xyz"  # no such process
    old_style = cache / ".job-abcdef12-xyz"
    mine = cache / f".job-{os.getpid()}-abcdef12-xyz"  # an earlier process with this id
    for folder in (dead, old_style, mine):
        folder.mkdir()
        (folder / "trace.json").write_text("half")
    keep = cache / "0123abcd"  # a finished result stays
    keep.mkdir()
    ResultCache(cache)
    assert sorted(p.name for p in cache.iterdir()) == ["0123abcd"]


def test_one_progress_indicator_and_a_true_verdict_in_the_status():
    rendering = JobStatus("rendering", steps=321, frames_done=50, frames_total=100)
    assert results.progress_html(rendering).count("<progress") == 1
    assert results.progress_html(JobStatus("done")) == ""
    clean = JobStatus("done", summary={"n_steps": 321, "behaviour": "converged",
                                       "message": "converged after 321 steps: SSR 4.1 -> 0.0007"})
    assert results.status_text(clean).startswith("Done")
    crawl = JobStatus("done", summary={"n_steps": 50, "behaviour": "unfinished",
                                       "message": "still moving after 50 steps"})
    assert not results.status_text(crawl).startswith("Done")
    assert "still moving after 50 steps" in results.status_text(crawl)


def test_the_page_draws_no_progress_of_its_own_over_the_outputs():
    import inspect

    from app import page

    source = inspect.getsource(page)
    assert "gr.Progress" not in source and 'show_progress="hidden"' in source
    assert "gr.Number" not in source  # a browser number input rounds or drops what was typed


def test_a_fit_that_learned_nothing_gets_no_video_and_its_verdict_under_the_rate(tmp_path):
    import multiprocessing as mp

    from app.worker import run_job

    request = form(learning_rate="1e-4").as_dict()
    messages = mp.get_context("spawn").Queue()
    run_job(request, str(tmp_path), messages)
    got = [messages.get(timeout=10) for _ in range(3)]
    assert got[-1][0] == "error" and got[-1][1] == "learning_rate"
    assert got[-1][2].startswith("learned almost nothing") and "a trial run at" in got[-1][2]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", [["--max-waiting", "-5"], ["--max-waiting", "0"],
                                  ["--max-waiting", "many"]])
def test_the_page_server_refuses_a_queue_that_could_hold_nothing(argv, capsys):
    from app.server import parse_args

    with pytest.raises(SystemExit) as done:
        parse_args(argv)
    err = capsys.readouterr().err
    assert done.value.code == 2 and err.count("\n") == 1 and "from 1 to 1000" in err


def test_results_cached_before_the_true_verdicts_are_not_served(tmp_path):
    # a result cached with the old untrue verdict ("converged after 1 steps") is keyed on
    # the old cache version, so the same inputs are fitted and judged again
    import hashlib
    import json

    from app.form import CACHE_VERSION

    request = form(learning_rate="1e-4")
    old = hashlib.sha256(json.dumps(["fit-video-1", request.as_dict()], sort_keys=True)
                         .encode()).hexdigest()[:32]
    assert CACHE_VERSION != "fit-video-1" and request.key() != old
