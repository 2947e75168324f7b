"""The voice in the build: it is checked up front, it is part of every fingerprint, each
clip's captions and narration record are filed beside it and recorded, the lecture gets
captions shifted to each clip's start, and the index links them."""

import io
import json
import os

import pytest

from scenes.common.captions import timestamp
from scenes.lecture import media
from scenes.lecture.catalog import discover
from scenes.lecture.cli import build, choose_voice, main
from scenes.lecture.plan import load_manifest, plan_jobs
from scenes.lecture.run import voice_env
from scenes.lecture.subtitles import read_track
from tests.lecture.conftest import narrated_renderer

SETTINGS = {"quality": "l", "resolution": None, "fps": None}


def prints(repo, out, voice, manifest=None):
    jobs = plan_jobs(repo, discover(repo / "scenes"), SETTINGS, manifest or {}, out, voice=voice)
    return {j.key: j.fingerprint for j in jobs}


def test_the_voice_is_part_of_the_fingerprint(repo, tmp_path):
    out = tmp_path / "out"
    none, flite = prints(repo, out, "none"), prints(repo, out, "flite")
    assert all(none[k] != flite[k] for k in none)
    assert prints(repo, out, "none") == none


def test_recordings_change_only_their_own_scene(repo, tmp_path):
    folder = tmp_path / "takes"
    folder.mkdir()
    voice = f"recordings:{folder}"
    before = prints(repo, tmp_path, voice)
    (folder / "NeuronA_01.wav").write_bytes(b"RIFF....")
    after = prints(repo, tmp_path, voice)
    assert after["neurons.NeuronA"] != before["neurons.NeuronA"]
    assert {k: v for k, v in after.items() if k != "neurons.NeuronA"} == \
        {k: v for k, v in before.items() if k != "neurons.NeuronA"}
    (folder / "NeuronA_01.wav").write_bytes(b"RIFF.....longer")
    assert prints(repo, tmp_path, voice)["neurons.NeuronA"] != after["neurons.NeuronA"]


def test_an_unknown_voice_is_one_line_and_exit_2(repo, tmp_path, capsys):
    log = io.StringIO()
    assert build(repo, tmp_path / "out", out=log, voice="shakespeare", render=lambda j: None) == 2
    text = log.getvalue()
    assert text.count("\n") == 1 and "shakespeare" in text and "recordings:DIR" in text
    assert not (tmp_path / "out").exists()
    assert main(["build", "--voice", "recordings:" + str(tmp_path / "nowhere"),
                 "--out", str(tmp_path / "o2")]) == 2
    said = capsys.readouterr()
    assert said.out.count("\n") == 1 and "nowhere" in said.out and "Traceback" not in said.err


def test_choosing_a_voice(monkeypatch, tmp_path):
    assert choose_voice("none") == "none"
    monkeypatch.setenv("LECTURE_VOICE", "none")
    assert choose_voice(None) == "none"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "takes").mkdir()
    assert choose_voice("recordings:takes") == f"recordings:{tmp_path / 'takes'}"  # absolute
    env = voice_env(tmp_path / "build", "none")
    assert env["LECTURE_VOICE"] == "none"
    assert env["LECTURE_VOICE_CACHE"] == str(tmp_path / "build" / ".voice")
    assert os.path.isabs(env["LECTURE_VOICE_CACHE"])


SAID = {"neurons.NeuronA": ["A circle appears.", "", "It is blue."],
        "relu.ReluB": ["A square appears."],
        "appendix.Extra": ["", ""]}  # beats, but nothing said


def test_captions_are_filed_recorded_and_joined(repo, tmp_path):
    out_dir = tmp_path / "lecture"
    calls = []
    render = narrated_renderer(out_dir, calls, SAID, voiced={"neurons.NeuronA"},
                               missing={"neurons.NeuronA": ["NeuronA_03"]})
    log = io.StringIO()
    assert build(repo, out_dir, workers=2, out=log, render=render) == 0
    assert log.getvalue().rstrip().endswith(
        "1 beats have no teacher recording and were spoken by the synthetic voice instead: NeuronA_03")

    files = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if ".work" not in p.parts}
    for stem in ("neurons/01_NeuronA", "relu/02_ReluB"):
        assert {f"{stem}.srt", f"{stem}.vtt", f"{stem}.narration.json"} <= files
    assert "appendix/01_Extra.narration.json" in files          # a record of its beats,
    assert not {"appendix/01_Extra.srt", "appendix/01_Extra.vtt"} & files  # but no captions
    assert not any(f.startswith("neurons/02_NeuronB.") and not f.endswith((".mp4", ".png"))
                   for f in files)

    entry = load_manifest(out_dir)["neurons.NeuronA"]
    assert entry["captions"] == {"srt": "neurons/01_NeuronA.srt", "vtt": "neurons/01_NeuronA.vtt"}
    assert entry["narration"] == "neurons/01_NeuronA.narration.json"
    assert entry["has_audio"] and entry["voice"] == "flite" and entry["speaks"]
    assert entry["missing_recordings"] == ["NeuronA_03"]

    summary = json.loads((out_dir / "lecture.json").read_text())
    scenes = {s["name"]: s for c in summary["chapters"] for s in c["scenes"]}
    assert scenes["NeuronB"]["captions"] is None and scenes["NeuronB"]["narration"] is None
    assert scenes["NeuronB"]["has_audio"] is False and scenes["NeuronB"]["voice"] is None
    assert scenes["Extra"]["captions"] is None and scenes["Extra"]["voice"] is None
    assert scenes["Extra"]["narration"] == "appendix/01_Extra.narration.json"
    assert scenes["ReluB"]["captions"]["vtt"] == "relu/02_ReluB.vtt"
    assert summary["captions"] == {"srt": "lecture.srt", "vtt": "lecture.vtt"}
    assert summary["voice"] == "none" and summary["audio"] == "mixed"
    assert media.has_audio(out_dir / "lecture.mp4")

    assert scenes["NeuronA"]["lecture_start"] == 0.0
    relu_b = scenes["ReluB"]["lecture_start"]  # after NeuronA (2.5 s), NeuronB and ReluA (1 s)
    assert relu_b == pytest.approx(2.5 + 1.0 + 1.0)
    srt = (out_dir / "lecture.srt").read_text()
    blocks = [b.splitlines() for b in srt.strip().split("\n\n")]
    assert [b[0] for b in blocks] == ["1", "2", "3"]  # numbered through the whole lecture
    assert [b[2] for b in blocks] == ["A circle appears.", "It is blue.", "A square appears."]
    assert blocks[1][1].startswith(timestamp(1.0, ","))  # NeuronA's third beat, 1.0 s in
    assert blocks[2][1].startswith(timestamp(relu_b, ","))  # ReluB's first beat
    vtt = (out_dir / "lecture.vtt").read_text()
    assert vtt.startswith("WEBVTT") and f"ReluB_01\n{timestamp(relu_b)} --> " in vtt

    # the joined video carries the same cues as a subtitle track, at the same times
    track = read_track(out_dir / "lecture.mp4")
    assert [text for _, _, text in track] == [b[2] for b in blocks]
    assert summary["subtitle_cues"] == 3
    assert track[2][0] == pytest.approx(relu_b, abs=0.001)
    assert track[0][0] == 0.0 and track[0][1] <= track[1][0] == pytest.approx(1.0, abs=0.001)
    assert media.chapters_of(out_dir / "lecture.mp4")  # the chapter marks survive the rewrite
    assert media.has_audio(out_dir / "lecture.mp4")

    # a WebVTT chapters file beside it, one cue per chapter mark
    chapters = (out_dir / summary["chapter_file"]).read_text()
    marks = media.chapters_of(out_dir / "lecture.mp4")
    assert chapters.startswith("WEBVTT")
    assert [t for _, _, t in marks] == [line for line in chapters.splitlines()
                                        if line and not line.startswith(("WEBVTT", "chapter-"))
                                        and "-->" not in line]
    assert f"{timestamp(marks[1][0])} --> {timestamp(marks[1][1])}" in chapters

    page = (out_dir / "index.html").read_text()
    assert "<track kind='captions' src='lecture.vtt'" in page
    assert "<track kind='chapters' src='lecture.chapters.vtt'" in page
    assert "href='neurons/01_NeuronA.vtt'" in page and "href='neurons/01_NeuronA.srt'" in page
    assert ("src='neurons/01_NeuronA.mp4' title='NeuronA'><track kind='captions' "
            "src='neurons/01_NeuronA.vtt'") in page  # each clip plays with its captions on
    assert "01_NeuronB.vtt" not in page
    assert f"data-start='{marks[1][0]:.3f}'" in page  # the chapter list jumps the video


def test_voice_changes_rerender_only_scenes_that_speak(repo, tmp_path):
    out_dir = tmp_path / "lecture"
    calls = []
    render = narrated_renderer(out_dir, calls, SAID)
    build(repo, out_dir, workers=2, out=io.StringIO(), render=render, voice="none")
    assert len(calls) == 5
    calls.clear()
    build(repo, out_dir, workers=2, out=io.StringIO(), render=render, voice="none")
    assert calls == []
    calls.clear()
    build(repo, out_dir, workers=2, out=io.StringIO(), render=render,
          voice=f"recordings:{tmp_path}")
    assert sorted(calls) == ["neurons.NeuronA", "relu.ReluB"]  # the others say nothing


def test_sidecars_go_when_their_scene_goes_or_stops_speaking(repo, tmp_path):
    out_dir = tmp_path / "lecture"
    build(repo, out_dir, out=io.StringIO(), render=narrated_renderer(out_dir, [], SAID))
    assert (out_dir / "relu" / "02_ReluB.srt").exists()
    (repo / "scenes" / "relu.py").write_text((repo / "scenes" / "appendix.py").read_text())
    (repo / "scenes" / "neurons.py").write_text((repo / "scenes" / "neurons.py").read_text() + "#\n")
    quiet = {"neurons.NeuronA": ["", ""]}  # re-rendered: now it says nothing
    build(repo, out_dir, out=io.StringIO(), render=narrated_renderer(out_dir, [], quiet))
    assert not list((out_dir / "relu").glob("02_ReluB*"))
    assert not (out_dir / "neurons" / "01_NeuronA.srt").exists()
    assert not (out_dir / "neurons" / "01_NeuronA.vtt").exists()
    assert (out_dir / "neurons" / "01_NeuronA.narration.json").exists()
    assert not (out_dir / "lecture.srt").exists() and not (out_dir / "lecture.vtt").exists()
    assert json.loads((out_dir / "lecture.json").read_text())["captions"] is None
    assert read_track(out_dir / "lecture.mp4") == []  # nothing said: no subtitle track
    assert json.loads((out_dir / "lecture.json").read_text())["subtitle_cues"] == 0


def test_the_build_says_which_voice(repo, tmp_path):
    log = io.StringIO()
    build(repo, tmp_path / "lecture", out=log, render=narrated_renderer(tmp_path / "lecture", []))
    assert log.getvalue().splitlines()[0].endswith("(quality l, voice none)")  # $LECTURE_VOICE


def test_lecture_captions_shift_each_clip_and_never_overlap(tmp_path):
    from dataclasses import asdict

    from scenes.common.captions import Cue
    from scenes.lecture.sidecars import write_lecture_captions

    def record(name, beats):
        path = tmp_path / f"{name}.narration.json"
        path.write_text(json.dumps({"scene": name, "voice": "none", "missing_recordings": [],
                                    "beats": [asdict(Cue(*b)) for b in beats]}))
        return path.name

    first = record("A", [("A_01", "One.", 0.0, 2.08, 1.6, "captions"),  # ends after A_02 starts
                         ("A_02", "Two.", 2.0, 4.0, 1.6, "captions")])
    second = record("B", [("B_01", "", 0.0, 1.0, 0.0, ""), ("B_02", "Three.", 1.0, 3.0, 1.6, "captions")])
    assert write_lecture_captions(tmp_path, [(first, 0.0), (None, 4.0), (second, 6.5)]) == \
        {"srt": "lecture.srt", "vtt": "lecture.vtt"}
    srt = (tmp_path / "lecture.srt").read_text()
    assert srt.startswith("1\n00:00:00,000 --> 00:00:01,950\nOne.\n\n2\n00:00:02,000 --> ")
    assert "3\n00:00:07,500 --> 00:00:09,450\nThree.\n" in srt
    assert "B_02\n00:00:07.500 --> 00:00:09.450\nThree." in (tmp_path / "lecture.vtt").read_text()
    assert write_lecture_captions(tmp_path, [(None, 0.0)]) is None
    assert not (tmp_path / "lecture.srt").exists()


def test_a_damaged_recording_stops_the_build_before_any_render(repo, tmp_path):
    folder = tmp_path / "takes"
    folder.mkdir()
    (folder / "NeuronA_01.wav").write_text("not a sound")
    rendered = []
    log = io.StringIO()
    code = build(repo, tmp_path / "out", out=log, voice=f"recordings:{folder}",
                 render=lambda job: rendered.append(job))
    assert code == 2 and not rendered
    text = log.getvalue()
    assert text.count("\n") == 1 and "NeuronA_01.wav" in text and "record it again" in text


def test_a_long_sentence_is_captioned_in_parts_that_share_its_time():
    from scenes.common.captions import CAPTION_CHARS, Cue, display_cues

    said = ("At dosage 1, the blue curve is -34.68: this blue bar. The orange curve is 34.02, "
            "and stacking it on the blue bar ends at -0.66, the sum, drawn as the green point.")
    parts = display_cues([Cue("S_01", said, 2.0, 12.0, 9.0, "flite"), Cue("S_02", "", 12, 13, 0, "")])
    assert len(parts) > 1 and all(len(p.text) <= CAPTION_CHARS for p in parts)
    assert " ".join(p.text for p in parts) == said  # every word, in order
    assert parts[0].start == 2.0 and parts[-1].end == 12.0
    assert all(a.end == b.start for a, b in zip(parts, parts[1:]))  # back to back
    assert parts[0].text.endswith(".")  # cut at a sentence's end
    assert [p.key for p in parts] == [f"S_01.{n}" for n in range(1, len(parts) + 1)]
