"""The build's logic with a fake renderer: fingerprints, skip-when-unchanged, scheduling,
several scenes at once, failure isolation, the manifest, the joined video and the index."""

import io
import shutil
import threading
import time

import pytest

from scenes.lecture import media
from scenes.lecture.catalog import discover
from scenes.lecture.cli import build
from scenes.lecture.plan import load_manifest, plan_jobs, schedule
from scenes.lecture.run import Result, run_jobs
from tests.lecture.conftest import tiny_clip

SETTINGS = {"quality": "l", "resolution": None, "fps": None}


def plan(repo, out, manifest=None, settings=SETTINGS, force=False):
    return plan_jobs(repo, discover(repo / "scenes"), settings, manifest or {}, out, force)


def test_fingerprint_follows_the_chapter_shared_code_and_quality(repo, tmp_path):
    out = tmp_path / "out"
    base = {j.key: j.fingerprint for j in plan(repo, out)}
    assert base["neurons.NeuronA"] == base["neurons.NeuronB"] != base["relu.ReluA"]
    (repo / "scenes" / "relu.py").write_text((repo / "scenes" / "relu.py").read_text() + "\n# edit\n")
    after = {j.key: j.fingerprint for j in plan(repo, out)}
    assert after["relu.ReluA"] != base["relu.ReluA"] and after["neurons.NeuronA"] == base["neurons.NeuronA"]
    for shared in ("scenes/common/style.py", "nnmath/core.py"):
        (repo / shared).write_text((repo / shared).read_text() + "# edit\n")
        again = {j.key: j.fingerprint for j in plan(repo, out)}
        assert all(again[k] != after[k] for k in after), shared
        after = again
    other = {j.key: j.fingerprint for j in plan(repo, out, settings=dict(SETTINGS, quality="h"))}
    assert all(other[k] != after[k] for k in after)


def test_pace_changes_the_fingerprint(repo, tmp_path, monkeypatch):
    before = plan(repo, tmp_path)[0].fingerprint
    monkeypatch.setenv("LECTURE_PACE", "1.5")
    assert plan(repo, tmp_path)[0].fingerprint != before


def test_skip_only_when_fingerprint_clip_and_still_all_match(repo, tmp_path):
    out = tmp_path / "out"
    jobs = plan(repo, out)
    job = jobs[0]
    manifest = {job.key: {"fingerprint": job.fingerprint, "clip": job.clip, "still": job.still}}
    assert not plan(repo, out, manifest)[0].skip  # clip and still missing
    (out / job.clip).parent.mkdir(parents=True)
    (out / job.clip).write_bytes(b"x")
    (out / job.still).write_bytes(b"x")
    again = plan(repo, out, manifest)
    assert again[0].skip and not any(j.skip for j in again[1:])
    assert not plan(repo, out, manifest, force=True)[0].skip
    stale = {job.key: dict(manifest[job.key], fingerprint="old")}
    assert not plan(repo, out, stale)[0].skip


def test_schedule_starts_untimed_then_longest(repo, tmp_path):
    jobs = plan(repo, tmp_path)
    keys = [j.key for j in jobs]
    assert keys == ["neurons.NeuronA", "neurons.NeuronB", "relu.ReluA", "relu.ReluB", "appendix.Extra"]
    times = {"neurons.NeuronA": {"render_seconds": 5}, "neurons.NeuronB": {"render_seconds": 50},
             "relu.ReluA": {"render_seconds": 20}, "appendix.Extra": {"render_seconds": 50}}
    order = [j.key for j in schedule(jobs, times)]
    assert order == ["relu.ReluB", "neurons.NeuronB", "appendix.Extra", "relu.ReluA", "neurons.NeuronA"]
    from dataclasses import replace
    skipped = [replace(j, skip=True) if j.key == "relu.ReluB" else j for j in jobs]
    assert "relu.ReluB" not in [j.key for j in schedule(skipped, times)]


def test_scenes_render_at_the_same_time(repo, tmp_path):
    jobs = plan(repo, tmp_path)[:4]
    barrier = threading.Barrier(2, timeout=10)  # passes only if two renders overlap
    running, most = [0], [0]
    lock = threading.Lock()

    def render(job):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        barrier.wait()
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return Result(job, True, duration=1.0, seconds=0.05)

    out = io.StringIO()
    results = run_jobs(jobs, render, workers=2, out=out)
    assert most[0] == 2 and all(r.ok for r in results)
    lines = out.getvalue().splitlines()
    assert len(lines) == 4 and all("rendered" in line for line in lines)  # a line per scene
    assert [r.job.key for r in results] == [j.key for j in jobs]


def test_a_failing_scene_does_not_stop_the_others(repo, tmp_path):
    jobs = plan(repo, tmp_path)

    def render(job):
        if job.key == "neurons.NeuronB":
            raise RuntimeError("LaTeX exploded")
        if job.key == "relu.ReluA":
            return Result(job, False, seconds=0.1, error="manim exited with 1")
        return Result(job, True, duration=1.0, seconds=0.1)

    out = io.StringIO()
    results = run_jobs(jobs, render, workers=2, out=out)
    by_key = {r.job.key: r for r in results}
    assert len(results) == len(jobs)
    assert not by_key["neurons.NeuronB"].ok and "LaTeX exploded" in by_key["neurons.NeuronB"].error
    assert not by_key["relu.ReluA"].ok
    assert sum(r.ok for r in results) == len(jobs) - 2
    assert out.getvalue().count("FAILED") == 2


def fake_renderer(out_dir, calls, fail=()):
    """Writes a tiny real clip and still for each job, except the keys in ``fail``."""
    def render(job):
        calls.append(job.key)
        if job.key in fail:
            return Result(job, False, seconds=0.01, error="Traceback ...\nValueError: broken scene")
        clip = tiny_clip(out_dir / job.clip)
        media.last_frame_png(clip, out_dir / job.still)
        return Result(job, True, duration=media.duration(clip), seconds=0.01)
    return render


def test_build_skips_unchanged_scenes_and_reports_failures_at_the_end(repo, tmp_path):
    out_dir = tmp_path / "lecture"
    calls, log = [], io.StringIO()
    code = build(repo, out_dir, workers=2, out=log,
                 render=fake_renderer(out_dir, calls, fail={"relu.ReluA"}))
    text = log.getvalue()
    assert code == 1 and len(calls) == 5
    assert text.rstrip().endswith("ValueError: broken scene")  # the failure is reported last
    assert "1 failed" in text and "--- relu.ReluA" in text
    manifest = load_manifest(out_dir)
    assert set(manifest) == {"neurons.NeuronA", "neurons.NeuronB", "relu.ReluB", "appendix.Extra"}
    # the lecture joins the four clips in lecture order, one chapter mark per chapter
    chapters = media.chapters_of(out_dir / "lecture.mp4")
    assert [t for _, _, t in chapters] == ["Neurons", "Relu", "Appendix"]
    assert media.duration(out_dir / "lecture.mp4") == pytest.approx(4.0, abs=0.3)
    page = (out_dir / "index.html").read_text()
    assert page.index("Neurons") < page.index("Relu") < page.index("Appendix")
    assert "manim -pql scenes/relu.py ReluA" in page and "broken scene" in page
    assert "neurons/01_NeuronA.png" in page

    calls.clear()
    log = io.StringIO()
    assert build(repo, out_dir, workers=2, out=log, render=fake_renderer(out_dir, calls)) == 0
    assert calls == ["relu.ReluA"]  # only the scene that failed; the rest are unchanged
    assert log.getvalue().count("  unchanged (") == 4  # one line per skipped scene

    calls.clear()
    (repo / "scenes" / "relu.py").write_text((repo / "scenes" / "relu.py").read_text() + "# edit\n")
    build(repo, out_dir, workers=2, out=io.StringIO(), render=fake_renderer(out_dir, calls))
    assert sorted(calls) == ["relu.ReluA", "relu.ReluB"]

    calls.clear()
    build(repo, out_dir, workers=2, out=io.StringIO(), render=fake_renderer(out_dir, calls),
          only=["neurons.NeuronA"], force=True)
    assert calls == ["neurons.NeuronA"]
    assert len(media.chapters_of(out_dir / "lecture.mp4")) == 3  # the others still joined


def test_removed_scenes_leave_no_clips_behind(repo, tmp_path):
    out_dir = tmp_path / "lecture"
    build(repo, out_dir, out=io.StringIO(), render=fake_renderer(out_dir, []))
    assert (out_dir / "relu" / "02_ReluB.mp4").exists()
    shutil.copy(repo / "scenes" / "appendix.py", repo / "scenes" / "relu.py")
    build(repo, out_dir, out=io.StringIO(), render=fake_renderer(out_dir, []))
    assert not (out_dir / "relu" / "02_ReluB.mp4").exists()
    assert "relu.ReluB" not in load_manifest(out_dir)


def test_unknown_names_for_only(repo, tmp_path):
    log = io.StringIO()
    assert build(repo, tmp_path, out=log, only=["nope"], render=lambda j: None) == 2
    assert "unknown chapter or scene: nope" in log.getvalue()
