"""Turn a convolutional network's trace into the files a person downloads: trace.json,
trace.csv, fit.mp4 and its captions fit.vtt (the video of :mod:`app.images_scene`).

Shared by the page's images job and ``nnmath fit-images --render``. Manim runs in the
calling process; the scene reads the trace from the JSON file just written. The video is
captioned from the narration (no voice speaks: its length is known before it starts).
Only paths built here are used: nothing a person typed becomes part of a path.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import nnmath

from .render import CAPTIONS_NAME, QUALITIES, VIDEO_NAME, Progress, RenderedFit, check_quality, save_trace

__all__ = ["render_images", "render_images_video"]


class _Env:
    """Environment variables set for the length of a ``with`` block, then put back."""

    def __init__(self, **values: str):
        self.values, self.old = values, {}

    def __enter__(self):
        for name, value in self.values.items():
            self.old[name] = os.environ.get(name)
            os.environ[name] = value

    def __exit__(self, *_):
        for name, value in self.old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def render_images_video(trace_json: Path, folder: Path, quality: str = "l",
                        progress: Progress | None = None, tex_dir: Path | None = None,
                        size: tuple[int, int] | None = None) -> int:
    """Render the images video of ``trace_json`` as fit.mp4 with fit.vtt into ``folder``;
    returns the frames written. ``progress(done, total)`` is called after every frame;
    ``size`` (width, height) overrides the quality's resolution."""
    from manim import tempconfig  # heavy: only when a video is really made

    from app import images_scene
    from scenes.common import encoding

    encoding.install()
    name, width, height, fps = QUALITIES[check_quality(quality)]
    if size is not None:
        width, height = size
    folder = Path(folder)
    media = Path(tempfile.mkdtemp(prefix=".media-", dir=folder))
    tex = Path(tex_dir) if tex_dir else media / "Tex"
    tex.mkdir(parents=True, exist_ok=True)
    done = 0
    try:
        with _Env(**{images_scene.TRACE_ENV: str(Path(trace_json).resolve()), "LECTURE_VOICE": "none"}):
            total = images_scene.planned_frames(nnmath.load(trace_json), fps)
            with tempconfig({"media_dir": str(media), "tex_dir": str(tex),
                             "quality": name, "pixel_width": width, "pixel_height": height,
                             "frame_rate": fps, "disable_caching": True, "progress_bar": "none",
                             "verbosity": "ERROR", "write_to_movie": True, "output_file": "fit",
                             "background_color": "WHITE"}):
                scene = images_scene.ImagesVideo()
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
        os.replace(movie, folder / VIDEO_NAME)
        os.replace(movie.with_suffix(".vtt"), folder / CAPTIONS_NAME)
    finally:
        shutil.rmtree(media, ignore_errors=True)
    if progress is not None:
        progress(total, total)
    return done


def render_images(trace: nnmath.Trace, folder, quality: str = "l", progress: Progress | None = None,
                  *, size: tuple[int, int] | None = None, tex_dir: Path | None = None) -> RenderedFit:
    """Save the trace (JSON and CSV), its video and the video's captions into ``folder``.

    A run that is not a convolutional network's, or that diverged or stalled, has no video
    to show: it raises an NNMathError with one sentence saying why.
    """
    from .worker import NO_VIDEO

    if trace.kind != "cnn":
        raise nnmath.DataError(f"this trace is of a {trace.kind} network; the images video needs "
                               "a convolutional network's trace (nnmath fit-images)")
    report = trace.report()
    if report.behaviour in NO_VIDEO:
        raise nnmath.SettingError(report.message)
    folder = Path(folder)
    if not folder.is_dir():
        raise nnmath.NNMathError(f"cannot write into {folder}: the folder does not exist")
    json_path, csv_path = save_trace(trace, folder)
    frames = render_images_video(json_path, folder, quality, progress, tex_dir, size)
    return RenderedFit(folder / VIDEO_NAME, json_path, csv_path, frames)
