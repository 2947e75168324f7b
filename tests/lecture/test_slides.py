"""Slides: every spoken beat cut out of its clip (packets copied, sound kept), a reveal.js
deck that opens offline in Debian's Chromium (driven by Playwright) and plays each beat
with its sound and its words as speaker notes, the same as a PowerPoint file, and the index
page's caption tracks loading in the browser."""

from __future__ import annotations

import functools
import http.server
import io
import threading
from pathlib import Path

import av
import numpy as np
import pytest

from scenes.common.captions import Cue
from scenes.lecture import media, reveal
from scenes.lecture.cli import slides
from scenes.lecture.slides import cut_clip, slide_spans
from tests.lecture.conftest import narrated_renderer

COLOURS = [(220, 30, 30), (30, 200, 30), (30, 30, 220)]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--autoplay-policy=no-user-gesture-required"]


def cue(key, text, start, end):
    return Cue(key, text, start, end, 0.1, "captions" if text else "")


def test_silent_beats_play_before_the_spoken_beat_after_them():
    cues = [cue("A_01", "One.", 0, 1), cue("A_02", "", 1, 1.5), cue("A_03", "Two.", 1.5, 3),
            cue("A_04", "", 3, 3.2)]
    assert slide_spans(cues, 3.4) == [(0, 1, "One.", ("A_01",)),
                                      (1, 3.4, "Two.", ("A_02", "A_03", "A_04"))]


def beat_clip(path, fps=10, seconds=(1.0, 1.5, 0.8)):
    """Red, green, blue pieces, a keyframe where each starts (as manim starts one at every
    animation), B-frames as manim's encoder makes them, and a tone under the green piece."""
    with av.open(str(path), "w") as box:
        stream = box.add_stream("libx264", rate=fps, options={"bf": "2"})
        stream.width, stream.height, stream.pix_fmt = 64, 36, "yuv420p"
        audio = box.add_stream("aac", rate=48000)
        audio.layout = "mono"
        n = 0
        for colour, length in zip(COLOURS, seconds):
            image = np.zeros((36, 64, 3), dtype=np.uint8) + np.array(colour, dtype=np.uint8)
            for k in range(int(round(length * fps))):
                frame = av.VideoFrame.from_ndarray(image, format="rgb24")
                frame.pts = n
                if k == 0:
                    frame.pict_type = av.video.frame.PictureType.I
                box.mux(stream.encode(frame))
                n += 1
        box.mux(stream.encode())
        total = n / fps
        wave = np.zeros(int(total * 48000), dtype=np.float32)
        wave[int(1.2 * 48000):int(2.2 * 48000)] = 0.5
        for k in range(0, wave.size, 1024):
            frame = av.AudioFrame.from_ndarray(wave[None, k:k + 1024], format="fltp", layout="mono")
            frame.sample_rate, frame.pts = 48000, k
            box.mux(audio.encode(frame))
        box.mux(audio.encode())
    return path


def first_colour(clip):
    with av.open(str(clip)) as box:
        pixel = next(box.decode(video=0)).to_ndarray(format="rgb24")[18, 32].astype(int)
    return int(np.argmax(pixel))


def test_a_clip_is_cut_at_its_beats_without_losing_picture_or_sound(tmp_path):
    clip = beat_clip(tmp_path / "A.mp4")
    pieces = cut_clip(clip, [0.0, 1.0, 2.5], tmp_path / "cut", "A")
    assert [p.name for p in pieces] == ["A_01.mp4", "A_02.mp4", "A_03.mp4"]
    assert [round(media.duration(p), 2) for p in pieces] == [1.0, 1.5, 0.8]
    assert [first_colour(p) for p in pieces] == [0, 1, 2]  # each starts on its own beat
    assert sum(media.duration(p) for p in pieces) == pytest.approx(media.duration(clip), abs=0.01)
    assert all(media.has_audio(p) for p in pieces)
    with av.open(str(pieces[1])) as box:  # the tone (1.2 s to 2.2 s) sits 0.2 s into piece 2
        sound = np.concatenate([f.to_ndarray()[0] for f in box.decode(audio=0)])
    loud = np.nonzero(np.abs(sound) > 0.1)[0] / 48000
    assert loud[0] == pytest.approx(0.2, abs=0.03) and loud[-1] == pytest.approx(1.2, abs=0.03)


def test_a_beat_without_a_keyframe_of_its_own_joins_the_slide_before(tmp_path):
    from scenes.lecture.slides import _on_keyframes, keyframe_times

    clip = beat_clip(tmp_path / "A.mp4")
    assert keyframe_times(clip) == pytest.approx([0.0, 1.0, 2.5])
    spans = [(0.0, 1.0, "One.", ("A_01",)), (1.0, 1.7, "Two.", ("A_02",)),
             (1.7, 2.5, "Three.", ("A_03",)), (2.5, 3.3, "Four.", ("A_04",))]
    merged = [(round(a, 3), b, note, beats) for a, b, note, beats in _on_keyframes(spans, keyframe_times(clip))]
    assert merged == [(0.0, 1.0, "One.", ("A_01",)), (1.0, 2.5, "Two. Three.", ("A_02", "A_03")),
                      (2.5, 3.3, "Four.", ("A_04",))]


SAID = {"neurons.NeuronA": ["A circle appears.", "", "It is blue."],
        "relu.ReluB": ["A square appears."]}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A lecture build of the tiny repository, NeuronA voiced, and its HTML deck."""
    from tests.lecture.conftest import write_chapter

    root = tmp_path_factory.mktemp("repo")
    (root / "scenes" / "common").mkdir(parents=True)
    (root / "scenes" / "__init__.py").write_text("")
    write_chapter(root, "relu", "ReluA", "ReluB")
    write_chapter(root, "neurons", "NeuronA", "NeuronB")
    out_dir = root / "media" / "lecture"
    deck = out_dir / "slides"
    log = io.StringIO()
    code = slides(root, out_dir, deck, out=log, voice="none",
                  render=narrated_renderer(out_dir, [], SAID, voiced={"neurons.NeuronA"}))
    assert code == 0, log.getvalue()
    return root, out_dir, deck, log.getvalue()


def test_the_deck_has_one_slide_per_spoken_beat_and_everything_it_loads(built):
    _, _, deck, log = built
    assert "lecture slides: 5 slides (3 with narration as speaker notes)" in log
    page = (deck / "index.html").read_text()
    assert page.count("<aside class='notes'>") == 5  # + 2 chapter title slides
    for needed in reveal.FILES:
        assert (deck / "reveal" / needed).is_file()
    assert "http" not in page.replace("https://", "http")  # nothing loaded from elsewhere
    assert page.count("<section data-chapter=") == 2


def test_the_pptx_deck_holds_each_beat_and_its_notes(built, tmp_path):
    from pptx import Presentation
    from scenes.lecture.pptx_deck import write_pptx

    _, out_dir, _, _ = built
    made = write_pptx(out_dir, tmp_path / "lecture.pptx")
    deck = Presentation(str(tmp_path / "lecture.pptx"))
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide]
    assert len(deck.slides) == len(made) + 2
    assert "A circle appears." in notes and "It is blue." in notes and "A square appears." in notes
    movies = [sh for s in deck.slides for sh in s.shapes if sh.shape_type == 16]  # MEDIA
    assert len(movies) == len(made)


@pytest.fixture(scope="module")
def served(built):
    """The media folder on a loopback HTTP server (caption tracks need http, not file://)."""
    root = built[0] / "media"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install chromium"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def offline_page(browser, base):
    """A page whose every request outside ``base`` is refused and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    outside = []

    def route(r):
        if r.request.url.startswith(base):
            return r.continue_()
        outside.append(r.request.url)
        return r.abort()

    context.route("**/*", route)
    return context.new_page(), outside


def test_the_deck_plays_beat_by_beat_offline_in_chromium(browser, served):
    page, outside = offline_page(browser, served)
    page.goto(f"{served}/lecture/slides/index.html")
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    assert page.evaluate("Reveal.getTotalSlides()") == 7
    page.keyboard.press("ArrowRight")  # from the chapter's title to its first beat
    page.wait_for_function("Reveal.getCurrentSlide().querySelector('video').currentTime > 0.3")
    first = page.evaluate("""() => { const s = Reveal.getCurrentSlide(); const v = s.querySelector('video');
        return {note: Reveal.getSlideNotes(s), paused: v.paused, audio: v.webkitAudioDecodedByteCount}; }""")
    assert first["note"] == "A circle appears." and not first["paused"]
    assert first["audio"] > 0  # NeuronA was voiced: its slide has sound
    page.keyboard.press("ArrowRight")
    assert page.evaluate("Reveal.getSlideNotes(Reveal.getCurrentSlide())") == "It is blue."
    page.wait_for_function("Reveal.getCurrentSlide().querySelector('video').ended", timeout=15_000)
    assert page.evaluate("Reveal.getIndices().h") == 2  # it stops on its end state
    assert outside == []
    page.context.close()


def test_the_deck_opens_from_its_folder_without_a_server(browser, built):
    deck = built[2]
    page, outside = offline_page(browser, "file://")
    page.goto((deck / "index.html").as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("Reveal.getCurrentSlide().querySelector('video').currentTime > 0.3")
    assert outside == []
    page.context.close()


def test_the_index_page_plays_with_its_caption_tracks(browser, served):
    page, outside = offline_page(browser, served)
    page.goto(f"{served}/lecture/index.html")
    page.wait_for_function("""() => { const t = document.getElementById('lecture').textTracks[0];
        return t && t.mode === 'showing' && t.cues && t.cues.length > 0; }""")
    cues = page.evaluate("Array.from(document.getElementById('lecture').textTracks[0].cues).map(c => c.text)")
    assert cues == ["A circle appears.", "It is blue.", "A square appears."]
    clip = page.locator("figure video").first
    assert clip.evaluate("v => v.textTracks.length") == 1  # each clip has its captions
    page.click("a[href='slides/index.html']")  # the index links the deck
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    assert outside == []
    page.context.close()


def test_slides_of_an_unknown_chapter_is_one_line(built):
    root, out_dir, deck, _ = built
    log = io.StringIO()
    assert slides(root, out_dir, deck, only=["nope"], out=log, voice="none") == 2
    assert log.getvalue().count("\n") == 1 and "unknown chapter or scene" in log.getvalue()
