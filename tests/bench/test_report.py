"""bench/RESULTS.md is written from the saved figures: totals, ratios, targets flagged."""

from bench import report


def _scenes(seconds):
    return {"date": "2026-11-22", "cores": 2, "jobs": 2, "latex": "cold (empty)", "commit": "abc",
            "wall": sum(seconds.values()) / 2,
            "scenes": {k: {"seconds": v, "duration": 10.0} for k, v in seconds.items()}}


def test_results_from_saved_figures(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(report, "RESULTS_MD", tmp_path / "RESULTS.md")
    report.save("before-scenes-l", _scenes({"a.Slow": 40.0, "a.Fast": 5.0}))
    report.save("nnmath", dict(report.machine(), presets={
        "p": {"steps": 3, "nnmath_ms": 60.0, "loops_ms": 30.0}}))
    report.save("scenes-l", _scenes({"a.Slow": 20.0, "a.Fast": 4.0}))
    text = (tmp_path / "RESULTS.md").read_text()
    assert "| before (abc) | cold | 20 s | 22 s | 1.12 | 45 s | 2.25 | a.Slow 4.00 |" in text
    assert "| now | cold | 20 s | 12 s | 0.60 | 24 s | 1.20 | a.Slow 2.00 |" in text
    assert "| a.Slow | 10.0 | 20.0 | 2.00 | 40.0 | 4.00 |" in text
    assert "| p | 3 | 60.00 **over target** | 30.00 | 0.5 |" in text
    assert text.index("a.Slow |") < text.index("a.Fast |")  # slowest first
    totals = report.lecture_totals(_scenes({"x.A": 30.0}))
    assert totals["ratio"] == 1.5 and totals["busy_ratio"] == 3.0


def test_profile_section_lists_areas_and_stages(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(report, "RESULTS_MD", tmp_path / "RESULTS.md")
    report.save("profile-a.Slow-l", dict(
        report.machine(), scene="a.Slow", quality="l", wall=10.5, total=10.0,
        areas={"drawing frames (Cairo)": 6.0, "numpy": 4.0, "tiny": 0.01},
        stages={"drawing frames": 8.0, "compiling LaTeX": 0.0},
        by_own=[{"function": "manim/camera/camera.py:1(draw)", "calls": 3, "own": 5.0,
                 "cum": 6.0, "area": "drawing frames (Cairo)"}], by_cum=[]))
    text = (tmp_path / "RESULTS.md").read_text()
    assert "### a.Slow at low (480p15) quality" in text
    assert "| drawing frames (Cairo) | 6.00 | 60% | drawing frames | 8.00 | 80% |" in text
    assert "| numpy | 4.00 | 40% |  |  |  |" in text
    assert "tiny" not in text and "compiling LaTeX" not in text  # under half a percent
    assert "`camera.py:1(draw)` 5.00 s" in text


def test_cluster_section_compares_the_two_builds(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(report, "RESULTS_MD", tmp_path / "RESULTS.md")
    run = {"where": "local", "code": 0, "wall": 41.6, "cpu": 13.0, "load_before": 13.2,
           "cpu_parts": {"build": 3.0, "renders": 10.0},
           "load_after": 14.16, "scenes": {"a.One": {"seconds": 32.0, "duration": 76.2}}}
    remote = dict(run, where="two-workers", wall=81.8, cpu=26.2, cluster_start=9.5,
                  cpu_parts={"build": 2.0, "renders": 10.2, "dask processes": 14.0})
    report.save("cluster-build", dict(report.machine(), runs=[run, remote], options={
        "only": ["a.One"], "quality": "l", "resolution": "320,180", "fps": 5, "voice": "none"}))
    text = (tmp_path / "RESULTS.md").read_text()
    assert "## The lecture build on a local cluster and on two workers" in text
    assert "| local | 41.6 | 13.0 | build 3.0, renders 10.0 | 13.20 -> 14.16 | a.One 32.0 |" in text
    assert ("| two-workers | 81.8 (cluster start 9.5) | 26.2 | build 2.0, renders 10.2, "
            "dask processes 14.0 |") in text



def test_students_section_shows_both_clusters(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(report, "RESULTS_MD", tmp_path / "RESULTS.md")
    run = {"cluster": "local cluster, one per core worker processes", "workers": 2,
           "students": 30, "spread_s": 60.0, "quality": "l", "size": None, "completed": 30,
           "wrong_data": [], "wait_p50_s": 300.2, "wait_p95_s": 590.0, "queued_p95_s": 550.5,
           "total_s": 640.0, "children_cpu_s": 1200.0, "wait_max_s": 610.0, "cores": 2, "load_before": [3.0, 2.0, 1.0],
           "load_after": [4.0, 3.0, 2.0], "when": "2026-12-02 06:30 UTC", "commit": "abc"}
    report.save("load-students-local", run)
    report.save("load-students-loopback", dict(
        run, cluster="dask scheduler + dask worker --nworkers 2 on 127.0.0.1", completed=29,
        wrong_data=[3], fit_shown_after_start_p50_s=4.25))
    text = (tmp_path / "RESULTS.md").read_text()
    assert "## The page under a class: thirty students within a minute" in text
    assert ("| local, 2 workers | 2026-12-02 06:30 UTC at abc | 30 of 30 | 300.2 | 590.0 | "
            "550.5 | - | 640.0 | 1200.0 | 3.00 -> 4.00 |") in text
    assert ("| loopback, 2 workers | 2026-12-02 06:30 UTC at abc | 29 of 30, 1 with others' data "
            "| 300.2 | 590.0 | 550.5 | 4.2 |") in text
    assert ("40.0 CPU s per student; with 2 workers on an idle machine of 2 cores the last of 30 "
            "would wait about 600 s (CPU over workers), against the measured 610 s") in text
    assert "quality low (480p15), through" in text
