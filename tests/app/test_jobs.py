"""The job queue: first come first served in worker processes, a time limit, a cache
keyed on the inputs, shared identical jobs, and no submission lost."""

import threading

import pytest

from app.form import DEFAULTS, check_form
from app.jobs import JobQueue, QueueFull
from tests.app import fake_workers


def request(seed=1, **changes):
    values = dict(max_iterations=10, act="softplus", hidden=2, learning_rate=0.1, seed=seed,
                  quality="l")
    values.update(changes)
    return check_form([[0, 0], [1, 1]], values["max_iterations"], values["act"], values["hidden"],
                      values["learning_rate"], values["seed"], values["quality"])


@pytest.fixture
def runs(tmp_path, monkeypatch):
    folder = tmp_path / "runs"
    folder.mkdir()
    monkeypatch.setenv("FAKE_RUNS_DIR", str(folder))
    return folder


def test_a_job_runs_in_a_process_and_lands_in_the_cache(tmp_path, runs):
    jobs = JobQueue(tmp_path / "cache", target=fake_workers.quick_job)
    status = jobs.submit(request()).wait(30)
    assert status.state == "done" and not status.cached
    assert status.summary == {"n_steps": 7, "seed": 1}
    assert status.frames_done == 3 and status.frames_total == 3
    files = status.files()
    assert all(path.read_text() == path.name for path in files.values())
    assert status.folder.parent == tmp_path / "cache"
    assert len(list(runs.iterdir())) == 1
    # the same inputs again: served from the cache, the worker does not run again
    again = jobs.submit(request())
    assert again.snapshot().state == "done" and again.snapshot().cached
    assert again.snapshot().files() == files
    assert len(list(runs.iterdir())) == 1
    # other inputs run again; no temporary folders are left behind
    assert jobs.submit(request(seed=2)).wait(30).state == "done"
    assert len(list(runs.iterdir())) == 2
    assert not [p for p in (tmp_path / "cache").iterdir() if p.name.startswith(".job")]
    jobs.close()


def test_concurrent_submissions_are_queued_and_all_finish(tmp_path, runs):
    jobs = JobQueue(tmp_path / "cache", target=fake_workers.quick_job)
    submitted = []
    threads = [threading.Thread(target=lambda s=s: submitted.append(jobs.submit(request(seed=s))))
               for s in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert max(job.snapshot().ahead for job in submitted) >= 1  # some waited their turn
    results = [job.wait(60) for job in submitted]
    assert [r.state for r in results] == ["done"] * 5
    assert sorted(r.summary["seed"] for r in results) == [0, 1, 2, 3, 4]  # each got its own
    assert len(list(runs.iterdir())) == 5
    jobs.close()


def test_identical_requests_share_one_job(tmp_path, runs):
    jobs = JobQueue(tmp_path / "cache", target=fake_workers.quick_job)
    first, second = jobs.submit(request()), jobs.submit(request())
    assert first is second
    assert first.wait(30).state == "done"
    assert len(list(runs.iterdir())) == 1
    jobs.close()


def test_a_job_past_the_time_limit_is_killed_and_the_next_one_runs(tmp_path, runs):
    jobs = JobQueue(tmp_path / "cache", target=fake_workers.slow_job, time_limit=1.5)
    status = jobs.submit(request()).wait(30)
    assert status.state == "failed"
    assert "longer than the limit of 1.5 seconds" in status.error
    jobs.target = fake_workers.quick_job
    jobs.time_limit = 60  # starting a process alone can take 1.5 s on a busy machine
    assert jobs.submit(request(seed=5)).wait(60).state == "done"
    jobs.close()


def test_a_crashed_worker_is_reported_in_one_line(tmp_path):
    jobs = JobQueue(tmp_path / "cache", target=fake_workers.crash_job)
    status = jobs.submit(request()).wait(30)
    assert status.state == "failed" and "exit code 3" in status.error
    assert "\n" not in status.error
    jobs.close()


def test_an_error_names_its_field_and_is_not_cached(tmp_path):
    jobs = JobQueue(tmp_path / "cache", target=fake_workers.error_job)
    status = jobs.submit(request()).wait(30)
    assert (status.state, status.error_field) == ("failed", "learning_rate")
    assert jobs.submit(request()).snapshot().state == "queued"  # tried again, not cached
    jobs.close()


def test_a_full_queue_refuses_with_a_message(tmp_path, runs):
    jobs = JobQueue(tmp_path / "cache", target=fake_workers.slow_job, max_waiting=1, time_limit=2)
    jobs.submit(request(seed=1))  # taken by the worker
    import time
    time.sleep(0.5)
    jobs.submit(request(seed=2))  # waits
    with pytest.raises(QueueFull, match="already waiting"):
        jobs.submit(request(seed=3))
    jobs.close()


def test_the_key_depends_on_every_value_and_on_the_render_settings(tmp_path):
    base = request()
    keys = {base.key(), request(seed=2).key(), request(max_iterations=11).key(),
            request(act="relu").key(), request(hidden=3).key(), request(learning_rate=0.2).key(),
            request(quality="m").key()}
    assert len(keys) == 7
    assert request().key() == base.key()
    small = JobQueue(tmp_path / "a", size=(320, 180))
    full = JobQueue(tmp_path / "b")
    assert small.key(base) != full.key(base)
    small.close(), full.close()


def test_defaults_are_the_dosage_data():
    assert DEFAULTS["inputs"] == (0.0, 0.5, 1.0) and DEFAULTS["outputs"] == (0.0, 1.0, 0.0)
    assert DEFAULTS["hidden"] == 2
