"""Turn a fitted trace into the files a person downloads: trace.json, trace.csv, fit.mp4.

Shared by the page's worker process and ``nnmath fit --render``, so both make the same
video from the same trace. Manim runs in the calling process through its Python API;
the scene reads the trace from the JSON file just written (see :mod:`app.fit_scene`).
Only paths built here are used: nothing a person typed becomes part of a path.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import nnmath
from nnmath import export

__all__ = ["QUALITIES", "RenderedFit", "save_trace", "save_trace_to_show", "render_video", "render_scene",
           "render_narrated", "render_fit", "check_quality", "voice_cache", "VOICE_CACHE_ENV"]

#: quality letter -> (manim quality name, pixel width, pixel height, frames per second)
QUALITIES = {
    "l": ("low_quality", 854, 480, 15),
    "m": ("medium_quality", 1280, 720, 30),
    "h": ("high_quality", 1920, 1080, 60),
}
VIDEO_NAME, JSON_NAME, CSV_NAME = "fit.mp4", "trace.json", "trace.csv"
CAPTIONS_NAME = "fit.vtt"  # a narrated video's captions (WebVTT), when its renderer writes them

VOICE_CACHE_ENV = "LECTURE_VOICE_CACHE"  # where the voice keeps its clips (scenes.common.voice)

Progress = Callable[[int, int], None]  # (frames done, frames total)


@dataclass(frozen=True)
class RenderedFit:
    """The files of one fit and how many frames the video has."""

    video: Path
    trace_json: Path
    trace_csv: Path
    frames: int


def check_quality(value: str) -> str:
    """'l', 'm' or 'h' (also 'low', 'medium', 'high'); otherwise a one-line error."""
    letter = _QUALITY_NAMES.get(str(value).strip().lower())
    if letter is None:
        raise nnmath.SettingError(f"the video quality is {value!r}; choose l (low, 480p), "
                                  "m (medium, 720p) or h (high, 1080p)")
    return letter


_QUALITY_NAMES = {"l": "l", "low": "l", "m": "m", "medium": "m", "h": "h", "high": "h"}


def save_trace(trace: nnmath.Trace, folder: Path) -> tuple[Path, Path]:
    """Write trace.json and trace.csv into ``folder``."""
    folder = Path(folder)
    return (export.save(trace, folder / JSON_NAME, "json"),
            export.save(trace, folder / CSV_NAME, "csv"))


def save_trace_to_show(trace: nnmath.Trace, folder) -> tuple[Path, Path, Path]:
    """(folder, trace.json, trace.csv) once the trace is written into ``folder``, for a run
    with a video to show. A diverged or stalled run raises a SettingError with the run's
    verdict, a folder that does not exist an NNMathError, before anything is written."""
    from .worker import NO_VIDEO

    report = trace.report()
    if report.behaviour in NO_VIDEO:
        raise nnmath.SettingError(report.message)
    folder = Path(folder)
    if not folder.is_dir():
        raise nnmath.NNMathError(f"cannot write into {folder}: the folder does not exist")
    return (folder, *save_trace(trace, folder))


def render_video(trace_json: Path, video: Path, quality: str = "l",
                 progress: Progress | None = None, tex_dir: Path | None = None,
                 size: tuple[int, int] | None = None) -> int:
    """Render the fit video of ``trace_json`` into ``video``; returns the frames written.

    ``progress(done, total)`` is called after every frame. ``size`` (width, height)
    overrides the quality's resolution (tests render tiny videos). LaTeX snippets are
    kept in ``tex_dir`` when given, so later renders reuse them.
    """
    from app import fit_scene

    return render_scene(fit_scene.FitVideo, {fit_scene.TRACE_ENV: str(Path(trace_json).resolve())},
                        video, fit_scene.planned_frames, quality, progress, tex_dir, size)


def render_scene(scene_cls, env: dict[str, str], video: Path, planned: Callable[[int], int],
                 quality: str = "l", progress: Progress | None = None, tex_dir: Path | None = None,
                 size: tuple[int, int] | None = None, captions: Path | None = None) -> int:
    """Render the scene class ``scene_cls`` into ``video`` with the environment variables
    ``env`` set while it is built (its trace file, ...); returns the frames written.

    ``planned(frame_rate)`` is the number of frames the video will have, for ``progress``
    (called with ``env`` in force).
    ``captions``: where the scene's WebVTT captions go (a narrated scene writes them).
    """
    from manim import tempconfig  # heavy: only when a video is really made

    from scenes.common import encoding

    encoding.install()  # held frames written once, as in the lecture's scenes
    name, width, height, fps = QUALITIES[check_quality(quality)]
    if size is not None:
        width, height = size
    Path(video).parent.mkdir(parents=True, exist_ok=True)
    media = Path(tempfile.mkdtemp(prefix=".media-", dir=Path(video).parent))
    tex = Path(tex_dir) if tex_dir else media / "Tex"
    tex.mkdir(parents=True, exist_ok=True)
    done = 0
    old = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        total = planned(fps)  # with the scene's environment in force
        with tempconfig({"media_dir": str(media), "tex_dir": str(tex),
                         "quality": name, "pixel_width": width, "pixel_height": height,
                         "frame_rate": fps, "disable_caching": True, "progress_bar": "none",
                         "verbosity": "ERROR", "write_to_movie": True, "output_file": "fit",
                         "background_color": "WHITE"}):
            scene = scene_cls()
            writer = scene.renderer.file_writer
            write_frame = writer.write_frame

            def counting(pixels, *, repeat: int = 1):
                nonlocal done
                write_frame(pixels, repeat=repeat)
                done += repeat
                if progress is not None:
                    progress(min(done, total), total)

            writer.write_frame = counting
            scene.render()
            movie = Path(writer.movie_file_path)
        os.replace(movie, video)
        if captions is not None and movie.with_suffix(".vtt").is_file():
            os.replace(movie.with_suffix(".vtt"), captions)
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(media, ignore_errors=True)
    if progress is not None:
        progress(total, total)
    return done


@contextmanager
def voice_cache(folder: Path, tex_dir: Path | None) -> Iterator[dict[str, str]]:
    """The environment naming where a narrated video's voice clips are cached, for the
    length of a ``with`` block: LECTURE_VOICE_CACHE when it is set; else the folder
    ``<tex_dir>-voice`` beside the LaTeX snippets (kept, so later renders reuse the clips;
    not inside ``tex_dir``: manim deletes every entry there that is not a .svg or .tex
    after each snippet); else a scratch folder in ``folder``, removed after the block."""
    if os.environ.get(VOICE_CACHE_ENV):
        yield {}
    elif tex_dir:
        tex = Path(tex_dir)
        yield {VOICE_CACHE_ENV: str(tex.with_name(tex.name + "-voice"))}
    else:
        scratch = tempfile.mkdtemp(prefix=".voice-", dir=folder)
        try:
            yield {VOICE_CACHE_ENV: scratch}
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def render_narrated(scene_cls, env: dict[str, str], folder: Path, planned: Callable[[int, object], int],
                    quality: str = "l", progress: Progress | None = None, tex_dir: Path | None = None,
                    size: tuple[int, int] | None = None) -> int:
    """Render a narrated scene (see :func:`render_scene`) as fit.mp4 with its captions
    fit.vtt into ``folder``, its sentences spoken by the lecture's voice in force
    (``LECTURE_VOICE``; ``none``: captions only), the clips cached by :func:`voice_cache`;
    returns the frames written. ``planned(frame_rate, voice)`` is the video's number of
    frames with that voice (its clips made then, and reused by the render). A voice that
    cannot be used raises an NNMathError with one sentence, before any frame is drawn."""
    from scenes.common.voice import VoiceError, resolve

    def plan(frame_rate: int) -> int:
        try:
            return planned(frame_rate, resolve())
        except VoiceError as err:
            raise nnmath.NNMathError(f"lecture voice: {err}") from None

    folder = Path(folder)
    with voice_cache(folder, tex_dir) as cache:
        return render_scene(scene_cls, {**env, **cache}, folder / VIDEO_NAME, plan, quality, progress,
                            tex_dir, size, captions=folder / CAPTIONS_NAME)


def render_fit(trace: nnmath.Trace, folder, quality: str = "l",
               progress: Progress | None = None, size: tuple[int, int] | None = None,
               tex_dir: Path | None = None) -> RenderedFit:
    """Save the trace (JSON and CSV) and its video into ``folder``.

    A diverged or stalled run has no video to show: it raises a SettingError with the
    run's verdict (and a checked suggestion).
    """
    folder, json_path, csv_path = save_trace_to_show(trace, folder)
    frames = render_video(json_path, folder / VIDEO_NAME, quality, progress, tex_dir, size)
    return RenderedFit(folder / VIDEO_NAME, json_path, csv_path, frames)
