"""Render scenes several at once, one line of progress per scene, failures collected.

:func:`run_jobs` takes the function that renders one job, so the scheduling and the
failure isolation are tested with a fake one; :func:`manim_renderer` is the real one: a
``manim`` process per scene, in a media folder of its own (LaTeX caches are per scene,
so parallel renders never write the same file), speaking with the build's voice, then the
clip, its still, its captions and narration record, and its duration.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence, TextIO

from . import media, sidecars
from .plan import Job

__all__ = ["Result", "run_jobs", "manim_renderer", "manim_args", "rendered_clip", "voice_env",
           "QUALITIES"]

#: manim's quality letters and the folder name manim writes videos into
QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "p": "1440p60", "k": "2160p60"}


@dataclass(frozen=True)
class Result:
    """How one job went: ``ok``, the clip's seconds, the wall-clock seconds it took, and for
    a failure the reason (the last lines of manim's output) and where the full log is."""

    job: Job
    ok: bool
    duration: float = 0.0
    seconds: float = 0.0
    error: str = ""
    log: str = ""


def run_jobs(jobs: Sequence[Job], render: Callable[[Job], Result], workers: int,
             out: TextIO = sys.stdout,
             on_result: Callable[[Result], None] | None = None) -> list[Result]:
    """Render ``jobs`` (already in the order to start them) on ``workers`` threads.

    A job whose render raises or returns a failure is recorded and the others go on.
    Prints one line per job as it finishes and hands each result to ``on_result`` (one
    at a time), so the caller can record it at once. Returns the results in the order
    of ``jobs``.
    """
    total = len(jobs)
    width = max((len(j.key) for j in jobs), default=0)
    lock = threading.Lock()
    finished = [0]

    def one(job: Job) -> Result:
        start = time.monotonic()
        try:
            result = render(job)
        except Exception as err:  # noqa: BLE001 - any failure belongs to this scene only
            result = Result(job, False, seconds=time.monotonic() - start,
                            error=f"{type(err).__name__}: {err}")
        with lock:
            finished[0] += 1
            if result.ok:
                status = f"rendered  {result.duration:6.1f} s of video in {result.seconds:6.1f} s"
            else:
                status = f"FAILED after {result.seconds:.1f} s"
            out.write(f"[{finished[0]:{len(str(total))}d}/{total}] {job.key:<{width}}  {status}\n")
            out.flush()
            if on_result is not None:
                on_result(result)
        return result

    if not jobs:
        return []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, jobs))


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def manim_args(root: Path, media_dir: Path, quality: str, path: Path, scene: str,
               resolution: str | None = None, fps: float | None = None) -> list[str]:
    """The arguments after ``python -m manim`` that render ``scene`` of the chapter file
    ``path`` into ``media_dir``: quiet, no partial-movie cache, the project's manim.cfg."""
    args = ["render", f"-q{quality}", "--progress_bar", "none", "-v", "WARNING",
            "--disable_caching", "--media_dir", str(media_dir), "-o", scene]
    if (Path(root) / "manim.cfg").exists():
        args += ["--config_file", str(Path(root) / "manim.cfg")]
    if resolution:
        args += ["-r", resolution]
    if fps:
        args += ["--fps", str(fps)]
    return args + [str(path), scene]


def rendered_clip(media_dir: Path, scene: str) -> Path | None:
    """The finished clip manim wrote for ``scene`` under ``media_dir`` (not a partial one)."""
    videos = Path(media_dir) / "videos"
    clips = [v for v in videos.rglob(f"{scene}.mp4")
             if "partial_movie_files" not in v.parts] if videos.exists() else []
    return clips[-1] if clips else None


def voice_env(out_dir: Path, voice: str) -> dict[str, str]:
    """The environment of a render: LECTURE_VOICE is ``voice``, and synthesized sentences are
    cached in ``<out_dir>/.voice`` (shared by every render; writes there are atomic)."""
    return dict(os.environ, LECTURE_VOICE=voice,
                LECTURE_VOICE_CACHE=str(Path(out_dir).resolve() / ".voice"))


def manim_renderer(root: Path, out_dir: Path, quality: str, resolution: str | None = None,
                   fps: float | None = None, python: str = sys.executable,
                   voice: str = "none") -> Callable[[Job], Result]:
    """The function that renders one job with manim, speaking with ``voice``, and files its
    clip, still, captions and narration record."""
    root, out_dir = Path(root), Path(out_dir)
    work_root = out_dir / ".work"
    logs = out_dir / "logs"
    env = voice_env(out_dir, voice)

    def render(job: Job) -> Result:
        start = time.monotonic()
        work = work_root / job.key
        shutil.rmtree(work / "videos", ignore_errors=True)  # no stale clip can be taken for new
        work.mkdir(parents=True, exist_ok=True)  # its Tex folder is kept: LaTeX cached per scene
        logs.mkdir(parents=True, exist_ok=True)
        cmd = [python, "-m", "manim", *manim_args(root, work, quality, job.path, job.scene.name,
                                                  resolution, fps)]
        proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=env)
        log = logs / f"{job.key}.log"
        log.write_text(f"$ {' '.join(cmd)}\n\n{proc.stdout}\n{proc.stderr}", encoding="utf-8")
        video = rendered_clip(work, job.scene.name)
        if proc.returncode != 0 or video is None:
            reason = _tail(proc.stderr or proc.stdout) or f"manim exited with {proc.returncode}"
            return Result(job, False, seconds=time.monotonic() - start, error=reason,
                          log=str(log.relative_to(out_dir)))
        clip, still = out_dir / job.clip, out_dir / job.still
        clip.parent.mkdir(parents=True, exist_ok=True)
        tmp = clip.with_suffix(".tmp.mp4")
        shutil.copyfile(video, tmp)
        tmp.replace(clip)
        sidecars.file_beside(video, clip)
        media.last_frame_png(clip, still)
        return Result(job, True, duration=media.duration(clip), seconds=time.monotonic() - start,
                      log=str(log.relative_to(out_dir)))

    return render
