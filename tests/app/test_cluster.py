"""The page on an existing Dask cluster: a scheduler and a worker started here as
``dask scheduler`` and ``dask worker`` on 127.0.0.1 run a job whose files come back
through the cluster; a scheduler that goes away is one sentence, for the job in flight and
for the next submission; addresses that are wrong or unreachable are one line."""

from __future__ import annotations

import functools
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import results
from app.cluster import ClusterError, check_address, connect
from app.jobs import JobQueue
from tests.app import fake_workers
from tests.app.test_jobs import recorded, request, wait_until

DASK = str(Path(sys.executable).parent / "dask")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def scheduler(runs, tmp_path_factory):
    """tcp://127.0.0.1:PORT of a scheduler and one worker process started for this module."""
    port, logs = free_port(), tmp_path_factory.mktemp("dask-logs")
    address = f"tcp://127.0.0.1:{port}"
    started = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                 "--no-dashboard"], stdout=subprocess.DEVNULL,
                                stderr=open(logs / "scheduler.log", "w"), start_new_session=True)]
    # the worker imports the fake jobs from this checkout's tests package
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    started.append(subprocess.Popen([DASK, "worker", address, "--nthreads", "1", "--no-dashboard",
                                     "--host", "127.0.0.1"], stdout=subprocess.DEVNULL, env=env,
                                    stderr=open(logs / "worker.log", "w"), start_new_session=True))
    yield address, started[0]
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def test_a_job_runs_on_an_existing_cluster_and_its_files_come_back(tmp_path, scheduler, runs):
    address, _ = scheduler
    deadline = time.monotonic() + 60
    while True:  # the scheduler takes a moment to listen
        try:
            cluster = connect(address, timeout=5)
            break
        except ClusterError:
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.5)
    cluster.client.wait_for_workers(1, timeout=60)
    jobs = JobQueue(tmp_path / "cache", cluster=cluster, target=fake_workers.quick_job)
    status = jobs.submit(request(seed=1001)).wait(60)
    assert status.state == "done" and status.files()["video"].read_text() == "fit.mp4 1001"
    assert len(recorded(runs, 1001)) == 1

    # the scheduler goes away mid-job: that job and the next submission get one sentence
    jobs.target = fake_workers.slow_job
    running = jobs.submit(request(seed=1002))
    wait_until(lambda: running.snapshot().state == "fitting")
    scheduler[1].kill()
    lost = running.wait(30)
    assert lost.state == "failed" and "\n" not in lost.error
    assert lost.error.startswith(f"The Dask scheduler at {address} has gone away")
    assert results.status_text(lost) == f"Failed: {lost.error}"  # the page's status line
    with pytest.raises(ClusterError, match="has gone away") as refused:
        jobs.submit(request(seed=1003))
    assert "\n" not in str(refused.value)
    cluster.close()


@pytest.mark.parametrize("text", ["127.0.0.1", "http://127.0.0.1:8786", "tcp://host:99999",
                                  "tcp://bad host:1", "tcp://127.0.0.1:8786; rm -rf /"])
def test_a_wrong_scheduler_address_is_one_line(text):
    with pytest.raises(ClusterError, match="write it as tcp://HOST:PORT"):
        check_address(text)


def test_an_unreachable_scheduler_is_one_line_and_the_page_exits_with_code_2(capsys, monkeypatch):
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler") as err:
        connect(address, timeout=1)
    assert "\n" not in str(err.value)
    from app.server import main

    monkeypatch.setattr("app.jobs.connect", functools.partial(connect, timeout=1))
    assert main(["--scheduler", address, "--port", str(free_port())]) == 2
    printed = capsys.readouterr().err
    assert printed.count("\n") == 1 and "cannot reach the Dask scheduler" in printed
