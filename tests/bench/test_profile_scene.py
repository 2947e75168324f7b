"""bench/profile_scene.py splits a cProfile profile into areas and stages."""

import cProfile
import copy

from bench import profile_scene


def test_areas_by_file_and_function():
    assert profile_scene.area_of("/x/site-packages/manim/camera/camera.py", "apply_fill") \
        == "drawing frames (Cairo)"
    assert profile_scene.area_of("~", "<method 'fill_preserve' of 'cairo.Context' objects>") \
        == "drawing frames (Cairo)"
    assert profile_scene.area_of("/x/manim/camera/three_d_camera.py", "z_key") \
        == "3-D: face sorting and shading"
    assert profile_scene.area_of("/work/main/nnmath/dense.py", "forward") \
        == "project scenes and nnmath"
    assert profile_scene.area_of("/x/json/decoder.py", "decode") == profile_scene.OTHER


def test_summary_of_a_real_profile(tmp_path):
    data = [{"k": list(range(50))} for _ in range(200)]
    prof = tmp_path / "p.prof"
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [copy.deepcopy(data) for _ in range(5)])
    profiler.dump_stats(prof)
    s = profile_scene.summarise(prof, top=3)
    assert abs(sum(s["areas"].values()) - s["total"]) < 1e-6 * max(s["total"], 1)
    assert max(s["areas"], key=s["areas"].get) == "copying mobjects"  # copy.py's deepcopy
    assert len(s["by_own"]) == 3 and s["by_own"][0]["own"] >= s["by_own"][1]["own"]
    assert "copy.py" in s["by_own"][0]["function"]
    assert set(s["stages"]) == {name for name, _, _ in profile_scene.STAGES}
