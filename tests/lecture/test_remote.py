"""The two halves of a render on a cluster, without manim: what the build sends a worker
(the task, a teacher's recordings with it), the worker's check of its project's version,
and the filing of what comes back into the build folder."""

import fcntl
import json
import os
import time
from pathlib import Path

from scenes.lecture import media
from scenes.lecture.catalog import discover
from scenes.lecture.plan import load_manifest, plan_jobs, render_settings
from scenes.lecture.remote import (WORK_MAX_AGE, Rendered, file_rendered, project_root, render_scene,
                                   scene_task, sweep_old_work)
from tests.lecture.conftest import tiny_clip

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = {"quality": "l", "resolution": None, "fps": None}


def _jobs(repo, out):
    return {j.key: j for j in plan_jobs(repo, discover(repo / "scenes"), SETTINGS, {}, out)}


def test_a_worker_renders_from_the_builds_folder_or_its_installed_project(repo, tmp_path):
    assert project_root(repo, "relu.py") == repo
    assert project_root(tmp_path / "elsewhere", "relu.py") == ROOT


def test_a_worker_refuses_a_project_of_another_version(repo, tmp_path):
    job = _jobs(repo, tmp_path)["relu.ReluA"]
    task = scene_task(job, repo, render_settings(SETTINGS), "none", quality="l")
    (repo / "nnmath" / "core.py").write_text("X = 2\n")  # the worker's copy differs
    done = render_scene(task)
    assert not done.ok and not done.files
    assert "is not the build's version" in done.error and "install the same version" in done.error
    extra = _jobs(repo, tmp_path)["appendix.Extra"]  # a chapter the installed project has not
    missing = scene_task(extra, tmp_path / "nowhere", render_settings(SETTINGS), "none", quality="l")
    assert "has no scenes/appendix.py" in render_scene(missing).error


def test_recordings_travel_with_the_task_only_to_another_machine(repo, tmp_path):
    takes = tmp_path / "takes"
    takes.mkdir()
    for name in ("ReluA_01.wav", "ReluA_02.wav", "ReluB_01.wav", "ReluA_notes.wav"):
        (takes / name).write_bytes(name.encode())
    job = _jobs(repo, tmp_path)["relu.ReluA"]
    away = scene_task(job, repo, SETTINGS, f"recordings:{takes}", quality="l")
    assert away.recordings == ((("ReluA_01.wav", b"ReluA_01.wav"), ("ReluA_02.wav", b"ReluA_02.wav")))
    here = scene_task(job, repo, SETTINGS, f"recordings:{takes}", quality="l", build_dir=tmp_path)
    assert here.recordings == () and here.build_dir == str(tmp_path.resolve())


def test_what_comes_back_is_filed_where_the_build_keeps_it(repo, tmp_path):
    out = tmp_path / "lecture"
    job = _jobs(repo, out)["neurons.NeuronA"]
    clip = tiny_clip(tmp_path / "worker" / "NeuronA.mp4", seconds=1.0)
    record = {"scene": "NeuronA", "voice": "flite", "missing_recordings": [],
              "beats": [{"key": "NeuronA_01", "text": "A circle.", "start": 0.0, "end": 1.0,
                         "needed": 0.6, "source": "flite"}]}
    files = ((".mp4", clip.read_bytes()), (".png", b"\x89PNG still"),
             (".srt", b"1\n00:00:00,000 --> 00:00:01,000\nA circle.\n"),
             (".vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nA circle.\n"),
             (".narration.json", json.dumps(record).encode()))
    sent = Rendered(True, 2.5, "$ python -m manim ...\n(worker tcp://10.0.0.2:4000)\n", duration=1.0,
                    files=files, voice=(("flite-abc.wav", b"RIFF"),), worker="worker tcp://10.0.0.2:4000")
    result = file_rendered(out, job, sent)
    assert result.ok and result.seconds == 2.5 and result.log == "logs/neurons.NeuronA.log"
    assert media.duration(out / job.clip) == media.duration(clip)
    assert (out / job.still).read_bytes() == b"\x89PNG still"
    stem = out / job.clip[:-len(".mp4")]
    assert "A circle." in Path(f"{stem}.srt").read_text() and Path(f"{stem}.vtt").exists()
    assert json.loads(Path(f"{stem}.narration.json").read_text())["voice"] == "flite"
    assert (out / ".voice" / "flite-abc.wav").read_bytes() == b"RIFF"
    assert "tcp://10.0.0.2:4000" in (out / result.log).read_text()
    assert not list(out.glob(".incoming-*"))  # nothing left half-filed

    failed = file_rendered(out, _jobs(repo, out)["relu.ReluA"],
                           Rendered(False, 1.0, "$ python -m manim ...\nValueError: no", "ValueError: no"))
    assert not failed.ok and failed.error == "ValueError: no"
    assert "ValueError" in (out / failed.log).read_text()
    assert not load_manifest(out) and not (out / "relu").exists()


def test_a_workers_old_scene_folders_are_swept_but_not_one_in_use(tmp_path):
    old, fresh, busy = (tmp_path / name for name in ("old", "fresh", "busy"))
    for folder in (old, fresh, busy):
        (folder / "Tex").mkdir(parents=True)
        (folder / "Tex" / "a.svg").write_text("<svg/>")
    (tmp_path / "a-file").write_text("not a scene folder")
    long_ago = time.time() - WORK_MAX_AGE - 60
    for folder in (old, busy):
        os.utime(folder, (long_ago, long_ago))
    with open(busy / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a render holds it
        assert sweep_old_work(tmp_path) == [old]
    assert not old.exists() and (fresh / "Tex" / "a.svg").exists() and (busy / "Tex" / "a.svg").exists()
    assert (tmp_path / "a-file").exists()
    assert sweep_old_work(tmp_path / "missing") == []
