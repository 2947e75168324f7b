"""The lecture build on a Dask cluster started here (a scheduler and two workers on
127.0.0.1, separate processes with temporary folders of their own): two short scenes of the
lecture rendered there and filed into the build folder; a teacher's recordings sent with a
scene; a worker killed mid-render, or dying every time; the scheduler unreachable or going
away; Ctrl-C, here and on the local cluster."""

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

import numpy as np
import psutil
import pytest
from PIL import Image

from scenes.lecture import cluster as cluster_module
from scenes.lecture import media
from scenes.lecture.catalog import discover
from scenes.lecture.cli import build
from scenes.lecture.plan import load_manifest
from tests.lecture.loopback_cluster import TaskRenderer, die, loopback_cluster, sleep
from tests.lecture.test_real_build import NARRATED

ROOT = Path(__file__).resolve().parents[2]
SHORT = ["black_box.TheFittedNetwork", "relu.ReluNetwork"]  # two of the quickest to render
TINY = {"quality": "l", "resolution": "320,180", "fps": 5, "voice": "none"}


@pytest.fixture(scope="module")
def loopback(tmp_path_factory):
    with loopback_cluster(tmp_path_factory.mktemp("cluster"), workers=2) as running:
        yield running


def _worker_of(log: Path) -> str:
    line = next(x for x in log.read_text().splitlines() if x.startswith("(worker "))
    return line[len("(worker "):-1]


def test_two_scenes_render_on_two_workers_and_land_in_the_build(loopback, tmp_path):
    out_dir = tmp_path / "lecture"
    log = io.StringIO()
    code = build(ROOT, out_dir, only=SHORT, out=log, scheduler=loopback.address, **TINY)
    text = log.getvalue()
    assert code == 0, text
    assert f"2 to render, 2 at a time on the Dask cluster at {loopback.address}" in text
    assert sum(" rendered " in line for line in text.splitlines()) == 2
    manifest = load_manifest(out_dir)
    workers = set()
    for key in SHORT:
        entry = manifest[key]
        assert media.duration(out_dir / entry["clip"]) > 5
        still = np.asarray(Image.open(out_dir / entry["still"]).convert("RGB"))
        assert still.shape == (180, 320, 3) and (still < 200).any()
        assert entry["captions"] and (out_dir / entry["captions"]["vtt"]).read_text().startswith("WEBVTT")
        assert (out_dir / entry["narration"]).exists()
        workers.add(_worker_of(out_dir / "logs" / f"{key}.log"))
    assert len(workers) == 2  # one scene on each worker
    assert not (out_dir / ".work").exists()  # rendered in the workers' folders, not here
    kept = list(loopback.folder.glob("worker*/nnmath-lecture-work/*"))
    assert {p.name for p in kept} == set(SHORT)  # each scene's text and LaTeX caches stay there
    assert all(not (p / "videos").exists() and (p / "texts").is_dir() for p in kept)  # clip sent
    titles = [c.title for c in discover(ROOT / "scenes") if c.name in ("black_box", "relu")]
    assert [t for _, _, t in media.chapters_of(out_dir / "lecture.mp4")] == titles

    log = io.StringIO()
    assert build(ROOT, out_dir, only=SHORT, out=log, scheduler=loopback.address, **TINY) == 0
    assert "0 to render" in log.getvalue()


def _take(path: Path, seconds: float = 1.0, rate: int = 16000) -> None:
    """A teacher's recording: a tone, 16 kHz mono (the voice converts it to its own rate)."""
    tone = (np.sin(np.arange(int(seconds * rate)) * 0.1) * 12000).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(tone.tobytes())


def test_a_teachers_recordings_travel_to_the_worker_and_the_voice_comes_back(loopback, tmp_path):
    root = tmp_path / "repo"
    (root / "scenes").mkdir(parents=True)
    (root / "scenes" / "common").symlink_to(ROOT / "scenes" / "common", target_is_directory=True)
    (root / "scenes" / "relu.py").write_text(NARRATED)
    (root / "manim.cfg").write_text("[CLI]\nbackground_color = WHITE\n")
    takes = tmp_path / "takes"
    takes.mkdir()
    _take(takes / "Squares_01.wav")
    out_dir = tmp_path / "lecture"
    log = io.StringIO()
    code = build(root, out_dir, quality="l", resolution="320,180", fps=5, out=log,
                 voice=f"recordings:{takes}", scheduler=loopback.address)
    assert code == 0, log.getvalue()
    record = json.loads((out_dir / "relu" / "01_Squares.narration.json").read_text())
    assert record["voice"] == f"recordings:{takes}"  # the build's folder, not the worker's copy
    assert record["beats"][0]["source"] == "recording" and not record["missing_recordings"]
    assert media.has_audio(out_dir / "relu" / "01_Squares.mp4")
    assert [p.name.split("-")[:2] for p in (out_dir / ".voice").glob("*.wav")] == [
        ["recording", "Squares_01"]]  # the converted take, sent back with the clip
    assert "tcp://127.0.0.1:" in (out_dir / "logs" / "relu.Squares.log").read_text()


def _kill_when_rendering(address: str, caught: dict) -> None:
    """Kill (SIGKILL) the worker process whose manim render has run for two seconds."""
    from distributed import Client

    with Client(address, timeout=30) as client:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            for worker, keys in client.processing().items():
                if not keys:
                    continue
                pid = client.run(os.getpid, workers=[worker]).get(worker)
                if pid is None:
                    continue
                renders = [p for p in psutil.Process(pid).children(recursive=True)
                           if "manim" in p.cmdline()]
                if renders and time.time() - renders[0].create_time() > 2:
                    caught.update(worker=worker, renders=renders)
                    os.kill(pid, signal.SIGKILL)
                    return
            time.sleep(0.2)


def test_a_worker_killed_mid_render_is_survived(loopback, tmp_path):
    loopback.wait_for_workers(2)
    out_dir = tmp_path / "lecture"
    caught: dict = {}
    killer = threading.Thread(target=_kill_when_rendering, args=(loopback.address, caught))
    killer.start()
    log = io.StringIO()
    code = build(ROOT, out_dir, only=SHORT[:1], out=log, scheduler=loopback.address, **TINY)
    killer.join()
    assert caught, "no render was caught running"
    assert code == 0, log.getvalue()
    assert (out_dir / load_manifest(out_dir)[SHORT[0]]["clip"]).exists()
    assert _worker_of(out_dir / "logs" / f"{SHORT[0]}.log") != caught["worker"]
    # the render of the killed worker stopped with it (it does not run on, orphaned)
    _, alive = psutil.wait_procs(caught["renders"], timeout=10)
    assert not alive


def test_a_scene_whose_workers_keep_dying_is_reported_by_name(loopback, repo, tmp_path):
    loopback.wait_for_workers(2)
    log = io.StringIO()
    code = build(repo, tmp_path / "lecture", only=["neurons.NeuronA"], out=log,
                 render=TaskRenderer(die), scheduler=loopback.address)
    text = log.getvalue()
    assert code == 1, text
    assert "neurons.NeuronA  FAILED" in text
    assert "--- neurons.NeuronA\nthe Dask worker rendering it died" in text
    loopback.wait_for_workers(2)  # the nannies start new workers


def test_the_scheduler_going_away_is_one_sentence_and_code_2(repo, tmp_path, capfd):
    with loopback_cluster(tmp_path / "cluster", workers=1) as own:
        def stop_scheduler():
            from distributed import Client

            with Client(own.address, timeout=30) as client:
                while not any(client.processing().values()):
                    time.sleep(0.1)
            own.scheduler.kill()

        stopper = threading.Thread(target=stop_scheduler)
        stopper.start()
        log = io.StringIO()
        code = build(repo, tmp_path / "lecture", only=["neurons.NeuronA"], out=log,
                     render=TaskRenderer(sleep), scheduler=own.address)
        stopper.join()
    lines = log.getvalue().splitlines()
    assert code == 2
    assert lines[-1] == ("lecture: the Dask scheduler went away during the build; the scenes "
                         "rendered so far are kept, run the build again for the rest")
    assert len(lines) == 2  # the plan, then that sentence
    assert "Traceback" not in capfd.readouterr().err


def test_an_unreachable_scheduler_is_one_sentence_and_code_2(repo, tmp_path, monkeypatch):
    monkeypatch.setattr(cluster_module, "CONNECT_SECONDS", 1)
    log = io.StringIO()
    code = build(repo, tmp_path / "lecture", out=log, render=TaskRenderer(die),
                 scheduler="tcp://127.0.0.1:9")
    text = log.getvalue()
    assert code == 2 and text.count("\n") == 1
    assert text.startswith("lecture: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (")
    assert text.endswith("start one with `dask scheduler` and its workers with "
                         "`dask worker tcp://127.0.0.1:9`\n")


@pytest.mark.parametrize("text", ["127.0.0.1:8786", "tcp://host:99999", "http://127.0.0.1:8786"])
def test_a_wrong_scheduler_address_is_one_sentence_and_code_2(repo, tmp_path, text):
    log = io.StringIO()
    code = build(repo, tmp_path / "lecture", out=log, render=TaskRenderer(die), scheduler=text)
    assert code == 2 and log.getvalue() == (f"lecture: the scheduler address is {text!r}; write it "
                                            "as tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786\n")


def _renders_of(pids) -> list[psutil.Process]:
    """The manim processes started by the processes ``pids``."""
    return [p for pid in pids for p in psutil.Process(pid).children(recursive=True)
            if "manim" in p.cmdline()]


def _worker_pids(address: str) -> list[int]:
    from distributed import Client

    with Client(address, timeout=30) as client:
        return list(client.run(os.getpid).values())


@pytest.mark.parametrize("where", ["local", "cluster"])
def test_ctrl_c_stops_the_renders_at_once(where, request, tmp_path):
    """Ctrl-C (SIGINT to the build alone) stops both renders within seconds, not when they
    end (each takes more than 15 s), on the local cluster and on the workers."""
    cmd = [sys.executable, "-m", "scenes.lecture", "build", "--out", str(tmp_path / "lecture"),
           "--only", *SHORT, "--resolution", "320,180", "--fps", "5", "--voice", "none"]
    if where == "cluster":
        loopback = request.getfixturevalue("loopback")
        loopback.wait_for_workers(2)
        cmd += ["--scheduler", loopback.address]
    build_proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
    try:
        deadline = time.monotonic() + 120
        renders: list[psutil.Process] = []
        while len(renders) < 2 and time.monotonic() < deadline and build_proc.poll() is None:
            time.sleep(0.5)
            parents = [build_proc.pid] if where == "local" else _worker_pids(loopback.address)
            renders = _renders_of(parents)
        assert len(renders) == 2, build_proc.communicate()
        time.sleep(2)  # well into the render
        build_proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        _, err = build_proc.communicate(timeout=60)
        took = time.monotonic() - sent
        _, alive = psutil.wait_procs(renders, timeout=10)
    finally:
        if build_proc.poll() is None:
            build_proc.kill()
            build_proc.wait()
    assert build_proc.returncode == 130 and err.strip() == "lecture: interrupted", err
    assert took < 8  # the build did not wait for the renders to end
    assert not alive  # stopped, not left rendering for nobody
    assert not load_manifest(tmp_path / "lecture")  # neither render got to its end
