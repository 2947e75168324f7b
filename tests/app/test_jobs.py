"""The page's jobs on a local Dask cluster (two worker processes): first come first served,
a time limit that kills the render, a cache keyed on the inputs, shared identical jobs,
results to the right submitter, the fit's pictures before the video, and a worker killed
mid-job survived."""

import json
import os
import threading
import time

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


def recorded(runs, seed=None) -> list[dict]:
    """The runs the fake jobs recorded (of one seed, if given)."""
    found = [json.loads(p.read_text()) for p in runs.glob("*.json")]
    return [r for r in found if seed is None or r["seed"] == seed]


def wait_until(check, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def queue(tmp_path, cluster):
    jobs = JobQueue(tmp_path / "cache", cluster=cluster, target=fake_workers.quick_job)
    yield jobs
    jobs.close()


def test_a_job_runs_on_a_worker_and_its_files_come_back_into_the_cache(tmp_path, queue, runs):
    status = queue.submit(request(seed=101)).wait(60)
    assert status.state == "done" and not status.cached
    assert status.summary["seed"] == 101 and status.steps == 7
    assert (status.frames_done, status.frames_total) == (3, 3)
    files = status.files()
    # the bytes were written on the worker and travelled back as the task's result
    assert {p.read_text() for p in files.values()} == {f"{p.name} 101" for p in files.values()}
    assert status.folder.parent == tmp_path / "cache"
    assert [r["worker_pid"] != os.getpid() for r in recorded(runs, 101)] == [True]
    # the same inputs again: served from the cache, nothing runs again
    again = queue.submit(request(seed=101)).snapshot()
    assert again.state == "done" and again.cached and again.files() == files
    assert again.summary["seed"] == 101
    assert len(recorded(runs, 101)) == 1
    # other inputs run again; no half-written folders are left behind
    assert queue.submit(request(seed=102)).wait(60).state == "done"
    assert len(recorded(runs, 102)) == 1
    assert not [p for p in (tmp_path / "cache").iterdir() if p.name.startswith(".job")]


def test_concurrent_submissions_each_get_their_own_result(queue, runs, cluster):
    submitted = {}
    threads = [threading.Thread(target=lambda s=s: submitted.__setitem__(s, queue.submit(request(seed=s))))
               for s in range(200, 206)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert max(job.snapshot().ahead for job in submitted.values()) >= 2  # some waited their turn
    results = {seed: job.wait(90) for seed, job in submitted.items()}
    assert all(r.state == "done" for r in results.values())
    for seed, status in results.items():  # each submitter gets the result of its own request
        assert status.summary["seed"] == seed
        assert status.files()["json"].read_text() == f"trace.json {seed}"
        assert len(recorded(runs, seed)) == 1
    assert len({r["worker_pid"] for s in submitted for r in recorded(runs, s)}) == 2  # both workers
    assert {r.worker for r in results.values()} == set(cluster.client.scheduler_info()["workers"])


def test_identical_requests_share_one_job(queue, runs):
    first, second = queue.submit(request(seed=301)), queue.submit(request(seed=301))
    assert first is second
    assert first.wait(60).state == "done"
    assert len(recorded(runs, 301)) == 1


def test_jobs_start_in_the_order_they_were_submitted(tmp_path, cluster, runs):
    jobs = JobQueue(tmp_path / "cache", cluster=cluster, target=fake_workers.quick_job)
    seeds = list(range(350, 358))
    submitted = [jobs.submit(request(seed=s)) for s in seeds]
    assert [job.snapshot().ahead for job in submitted][2:] == list(range(2, 8))
    assert all(job.wait(90).state == "done" for job in submitted)
    started = sorted((p.stat().st_mtime_ns, json.loads(p.read_text())["seed"])
                     for p in runs.glob("*.json") if json.loads(p.read_text())["seed"] in seeds)
    order = [seed for _, seed in started]
    # two workers take them two at a time, in order: none starts before an earlier pair
    assert all(abs(order.index(s) - i) <= 1 for i, s in enumerate(seeds))
    jobs.close()


def test_a_worker_holds_only_the_job_it_runs_and_the_rest_wait_on_the_scheduler(tmp_path, cluster):
    # a job waiting on a worker would die with that worker's running job (and would not
    # be started by another worker that frees up first)
    jobs = JobQueue(tmp_path / "cache", cluster=cluster, target=fake_workers.held_job)
    submitted = [jobs.submit(request(seed=s)) for s in (451, 452, 453, 454)]
    wait_until(lambda: sum(job.snapshot().state != "queued" for job in submitted) == 2, 60)

    def held(dask_scheduler):
        return ([len(w.processing) for w in dask_scheduler.workers.values()],
                len(dask_scheduler.queued))

    per_worker, queued = cluster.client.run_on_scheduler(held)
    assert sorted(per_worker) == [1, 1] and queued == 2
    assert all(job.wait(90).state == "done" for job in submitted)
    jobs.close()


def test_the_fit_is_on_show_before_the_video(tmp_path, cluster):
    jobs = JobQueue(tmp_path / "cache", cluster=cluster, target=fake_workers.paused_job)
    job = jobs.submit(request(seed=401))
    wait_until(lambda: job.snapshot().summary is not None)
    early = job.snapshot()
    assert early.state == "rendering" and early.frames_done == 0 and early.steps == 7
    assert early.summary["curve"] == {"x": [0, 1], "y": [0, 1]} and early.summary["seed"] == 401
    assert job.wait(60).state == "done"
    jobs.close()


def test_a_job_past_the_time_limit_is_killed_on_its_worker_and_the_next_one_runs(tmp_path, cluster, runs):
    jobs = JobQueue(tmp_path / "cache", cluster=cluster, target=fake_workers.slow_job, time_limit=3)
    status = jobs.submit(request(seed=501)).wait(60)
    assert status.state == "failed" and "\n" not in status.error
    assert "longer than the limit of 3 seconds" in status.error
    # the render process was really stopped
    [run] = recorded(runs, 501)
    with pytest.raises(ProcessLookupError):
        os.kill(run["pid"], 0)
    jobs.target = fake_workers.quick_job
    jobs.time_limit = 60
    assert jobs.submit(request(seed=502)).wait(60).state == "done"
    jobs.close()


def test_a_crashed_render_is_reported_in_one_line(tmp_path, cluster):
    jobs = JobQueue(tmp_path / "cache", cluster=cluster, target=fake_workers.crash_job)
    status = jobs.submit(request(seed=601)).wait(60)
    assert status.state == "failed" and "exit code 3" in status.error
    assert "\n" not in status.error
    jobs.close()


def test_an_error_names_its_field_and_is_not_cached(tmp_path, cluster):
    jobs = JobQueue(tmp_path / "cache", cluster=cluster, target=fake_workers.error_job)
    status = jobs.submit(request(seed=701)).wait(60)
    assert (status.state, status.error_field) == ("failed", "learning_rate")
    again = jobs.submit(request(seed=701))  # tried again, not served from the cache
    assert not again.snapshot().finished or not again.snapshot().cached
    assert again.wait(60).state == "failed"
    jobs.close()


def test_a_full_queue_refuses_with_a_message_and_positions_count_the_running_fits(tmp_path, cluster):
    from app import results

    jobs = JobQueue(tmp_path / "cache", cluster=cluster, target=fake_workers.slow_job,
                    max_waiting=2, time_limit=8)
    running = [jobs.submit(request(seed=s)) for s in (801, 802)]  # one on each worker
    wait_until(lambda: all(job.snapshot().state != "queued" for job in running))
    waiting = [jobs.submit(request(seed=s)) for s in (803, 804)]
    assert [job.snapshot().ahead for job in waiting] == [2, 3]
    assert results.status_text(waiting[0].snapshot()).startswith(
        "Waiting in the queue: 2 fits are ahead of yours")
    with pytest.raises(QueueFull, match="2 fits are already waiting"):
        jobs.submit(request(seed=805))
    jobs.close()


def test_a_worker_killed_mid_job_is_survived_on_another_worker(tmp_path, cluster, runs):
    jobs = JobQueue(tmp_path / "cache", cluster=cluster, target=fake_workers.die_once_job)
    status = jobs.submit(request(seed=901)).wait(120)
    assert status.state == "done" and status.summary["seed"] == 901
    assert status.attempt == 2
    first, second = sorted(recorded(runs, 901), key=lambda r: not r.get("killed"))
    assert first["killed"] and first["worker_pid"] != second["worker_pid"]
    jobs.close()


def test_a_job_whose_worker_dies_twice_is_reported_to_its_submitter(tmp_path, cluster):
    jobs = JobQueue(tmp_path / "cache", cluster=cluster, target=fake_workers.die_always_job)
    other = JobQueue(tmp_path / "other", cluster=cluster, target=fake_workers.quick_job)
    dying, fine = jobs.submit(request(seed=951)), other.submit(request(seed=952))
    status = dying.wait(240)  # two worker restarts: slow on a busy machine
    assert status.state == "failed" and "stopped twice" in status.error
    assert "\n" not in status.error
    assert fine.wait(240).state == "done" and fine.snapshot().summary["seed"] == 952
    jobs.close(), other.close()


def test_the_key_depends_on_every_value_and_on_the_render_settings(tmp_path, cluster):
    base = request()
    keys = {base.key(), request(seed=2).key(), request(max_iterations=11).key(),
            request(act="relu").key(), request(hidden=3).key(), request(learning_rate=0.2).key(),
            request(quality="m").key()}
    assert len(keys) == 7
    assert request().key() == base.key()
    small = JobQueue(tmp_path / "a", cluster=cluster, size=(320, 180))
    full = JobQueue(tmp_path / "b", cluster=cluster)
    assert small.key(base) != full.key(base)
    small.close(), full.close()


def test_a_worker_on_another_version_of_the_project_refuses_in_one_sentence():
    from app.task import project_version, run_fit

    outcome = run_fit(request().as_dict(), topic="t", job="j", time_limit=5, version="0.0.1-old")
    assert outcome["state"] == "failed" and "\n" not in outcome["error"]
    assert f"runs nnmath-lecture {project_version()}, the page 0.0.1-old" in outcome["error"]


def test_defaults_are_the_dosage_data():
    assert DEFAULTS["inputs"] == (0.0, 0.5, 1.0) and DEFAULTS["outputs"] == (0.0, 1.0, 0.0)
    assert DEFAULTS["hidden"] == 2
