"""One scene rendered on a Dask worker and filed by the build, sharing nothing but bytes.

:func:`render_scene` runs on a worker. It finds the chapter in the worker's copy of the
project (the build's own folder when the worker can see it, else the installed project),
checks that this copy is the version the build planned with (the scene's fingerprint),
runs ``manim`` in a folder of the worker's own, and returns a :class:`Rendered`: the clip,
its still, its captions and narration record, the sentences the voice synthesized and
manim's output, all as bytes. :func:`file_rendered` runs in the build and puts them where
the build keeps them (``<chapter>/NN_<Scene>.*``, ``logs/``, ``.voice/``).

A worker on the build's own machine (the local cluster) is given the build folder: it keeps
each scene's LaTeX cache in ``<build>/.work`` and the voice cache in ``<build>/.voice`` as
before. A remote worker keeps the LaTeX cache in its temporary folder and synthesizes into
a folder of the render's own, whose sentences come back with the clip; a teacher's
recordings go to it with the task.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import media, sidecars
from .plan import Job, fingerprint, shared_hash
from .run import Result, manim_args, rendered_clip, voice_env

__all__ = ["SceneTask", "Rendered", "ManimRenderer", "scene_task", "render_scene", "file_rendered",
           "project_root"]

#: a clip's files as they come back: manim's suffixes (the still's is the build's)
SUFFIXES = (".mp4", ".png", ".srt", ".vtt", ".narration.json")
#: a worker's scratch folder of a scene (its LaTeX cache) unused this long is removed
WORK_MAX_AGE = 7 * 24 * 3600.0

# run as `python -c _DIE_WITH_PARENT -m manim ...`: ask Linux to stop the render when the
# worker that started it dies (killed), then become `python -m manim ...`
_DIE_WITH_PARENT = (
    "import ctypes, os, signal, sys\n"
    "try:\n"
    "    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG\n"
    "except (OSError, AttributeError):\n"
    "    pass\n"
    "if os.getppid() == int(os.environ.pop('LECTURE_RENDER_PARENT', os.getppid())):\n"
    "    os.execv(sys.executable, [sys.executable] + sys.argv[1:])\n"
)


@dataclass(frozen=True)
class SceneTask:
    """Everything a worker needs to render one scene, without reading the build's disk:
    where the build's project is (used when the worker sees it), the chapter file's name,
    the scene, the render settings and the fingerprint they were planned with, the voice
    (with a teacher's recordings of this scene as bytes), LECTURE_PACE, the build folder
    when the worker shares the build's machine, and the name of the Dask Event that is set
    when the build is interrupted."""

    key: str
    root: str
    chapter_file: str
    scene: str
    quality: str
    resolution: str | None
    fps: float | None
    settings: dict
    base_fingerprint: str
    voice: str
    pace: str | None = None
    build_dir: str | None = None
    recordings: tuple[tuple[str, bytes], ...] = ()
    stop: str | None = None


@dataclass(frozen=True)
class Rendered:
    """What came back from a worker: ``ok``, seconds it took there, manim's command and
    output (``log``), the reason of a failure, the clip's seconds, its files ({suffix:
    bytes}), the sentences synthesized ({file name: bytes}) and which worker it was."""

    ok: bool
    seconds: float
    log: str = ""
    error: str = ""
    duration: float = 0.0
    files: tuple[tuple[str, bytes], ...] = ()
    voice: tuple[tuple[str, bytes], ...] = ()
    worker: str = ""


def scene_task(job: Job, root: Path, settings: dict, voice: str, *, quality: str,
               resolution: str | None = None, fps: float | None = None,
               build_dir: Path | None = None, stop: str | None = None) -> SceneTask:
    """The task of ``job``. ``build_dir``: the build folder, for a worker on this machine
    (None: the worker shares no folder with the build, so recordings travel with the task)."""
    recordings: tuple[tuple[str, bytes], ...] = ()
    if build_dir is None and voice.lower().startswith("recordings:"):
        folder = Path(voice.split(":", 1)[1])
        mine = re.compile(re.escape(job.scene.name) + r"_\d+\.wav")
        recordings = tuple((f.name, f.read_bytes()) for f in sorted(folder.glob("*.wav"))
                           if mine.fullmatch(f.name))
    return SceneTask(job.key, str(Path(root).resolve()), Path(job.path).name, job.scene.name,
                     quality, resolution, fps, dict(settings), job.base_fingerprint, voice,
                     os.environ.get("LECTURE_PACE"),
                     str(Path(build_dir).resolve()) if build_dir is not None else None,
                     recordings, stop)


def project_root(root: Path, chapter_file: str) -> Path:
    """The project a worker renders from: ``root`` when it holds the chapter file, else the
    project this module is installed from."""
    if (Path(root) / "scenes" / chapter_file).is_file():
        return Path(root)
    return Path(__file__).resolve().parents[2]


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return f"worker {get_worker().address}"
    except ValueError:  # not running on a Dask worker
        return "this machine"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold ``folder`` (created) for one render at a time on this machine."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sweep_old_work(parent: Path, max_age: float = WORK_MAX_AGE) -> list[Path]:
    """Remove the scene folders under ``parent`` unused for ``max_age`` seconds (none being
    rendered: a folder whose lock is held is left alone); returns those removed."""
    removed: list[Path] = []
    now = time.time()
    for folder in sorted(parent.iterdir()) if parent.is_dir() else ():
        try:
            if not folder.is_dir() or now - folder.stat().st_mtime < max_age:
                continue
            with open(folder / ".lock", "a") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError when in use
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue
        removed.append(folder)
    return removed


def _stop_flag(name: str | None):
    """A function telling whether the build asked to stop (the Dask Event ``name`` is set)
    or the scheduler cannot be asked any more (closed, gone); always False off a worker or
    without a name."""
    if not name:
        return lambda: False
    try:
        from distributed import Event

        event = Event(name)
    except ValueError:  # no client: not on a worker
        return lambda: False

    def stopped() -> bool:
        try:
            return bool(event.is_set())
        except Exception:  # noqa: BLE001 - the scheduler is gone: nobody can take the clip
            return True

    return stopped


def _run(cmd: list[str], cwd: Path, env: dict, stop_name: str | None) -> tuple[int | None, str, str]:
    """Run ``cmd``; kill it when the build asks to stop. Returns (exit code or None when
    stopped, stdout, stderr)."""
    stopped = _stop_flag(stop_name)
    proc = subprocess.Popen(cmd, cwd=cwd, env=dict(env, LECTURE_RENDER_PARENT=str(os.getpid())),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outs, errs = [], []
    while True:
        try:
            out, err = proc.communicate(timeout=1)
            outs.append(out or "")
            errs.append(err or "")
            return proc.returncode, "".join(outs), "".join(errs)
        except subprocess.TimeoutExpired:
            if stopped():
                proc.kill()
                out, err = proc.communicate()
                return None, "".join(outs) + (out or ""), "".join(errs) + (err or "")


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def render_scene(task: SceneTask) -> Rendered:
    """Render ``task`` here (on a worker) and return the clip and its files as bytes."""
    start = time.monotonic()
    where = _worker_name()
    root = project_root(Path(task.root), task.chapter_file)
    chapter = root / "scenes" / task.chapter_file
    if not chapter.is_file():
        return Rendered(False, time.monotonic() - start, worker=where,
                        error=f"{where} has no scenes/{task.chapter_file} in {root}: install the "
                              f"project there at the build's version")
    if fingerprint(chapter, shared_hash(root), task.settings) != task.base_fingerprint:
        return Rendered(False, time.monotonic() - start, worker=where,
                        error=f"the project on {where} ({root}) is not the build's version "
                              f"(scenes/{task.chapter_file}, scenes/common, nnmath or manim.cfg "
                              f"differ): install the same version on every worker")
    local = Path(task.build_dir) if task.build_dir else None
    scratch = local / ".work" if local else Path(tempfile.gettempdir()) / "nnmath-lecture-work"
    if not local:  # a worker's own scratch space: scenes of old builds do not pile up there
        sweep_old_work(scratch)
    work = scratch / task.key
    with tempfile.TemporaryDirectory(prefix="lecture-render-") as tmp, _locked(work):
        os.utime(work)  # in use: the last to be swept
        shutil.rmtree(work / "videos", ignore_errors=True)  # no stale clip can be taken for new
        voice, voice_dir = task.voice, (local or Path(tmp)) / ".voice"
        if task.recordings:
            folder = Path(tmp) / "recordings"
            folder.mkdir()
            for name, data in task.recordings:
                (folder / Path(name).name).write_bytes(data)
            voice = f"recordings:{folder}"
        env = voice_env(local or Path(tmp), voice)  # the voice cache: <local or tmp>/.voice
        env.pop("LECTURE_PACE", None)
        env.update({"LECTURE_PACE": task.pace} if task.pace is not None else {})
        args = manim_args(root, work, task.quality, chapter, task.scene, task.resolution, task.fps)
        code, stdout, stderr = _run([sys.executable, "-c", _DIE_WITH_PARENT, "-m", "manim", *args],
                                    root, env, task.stop)
        log = f"$ python -m manim {' '.join(args)}\n({where})\n\n{stdout}\n{stderr}"
        video = rendered_clip(work, task.scene)
        if code != 0 or video is None:
            reason = ("stopped: the build was interrupted" if code is None else
                      _tail(stderr or stdout) or f"manim exited with {code}")
            return Rendered(False, time.monotonic() - start, log, reason, worker=where)
        still = Path(tmp) / "still.png"
        media.last_frame_png(video, still)
        found = {".mp4": video, ".png": still, **{p.name[len(video.stem):]: p for p in (
            video.with_suffix(".srt"), video.with_suffix(".vtt"),
            video.with_suffix(".narration.json")) if p.exists()}}
        files = tuple((suffix, path.read_bytes()) for suffix, path in found.items())
        duration = media.duration(video)
        shutil.rmtree(work / "videos", ignore_errors=True)  # sent: only the LaTeX cache stays
        spoken = () if local else tuple((p.name, p.read_bytes())
                                        for p in sorted(voice_dir.glob("*.wav")))
        files = _with_voice_name(files, task.voice) if task.recordings else files
        return Rendered(True, time.monotonic() - start, log, duration=duration, files=files,
                        voice=spoken, worker=where)


def _with_voice_name(files: tuple[tuple[str, bytes], ...], voice: str) -> tuple[tuple[str, bytes], ...]:
    """The narration record names the voice as the build does (``recordings:<the build's
    folder>``), not the worker's copy of the recordings."""
    out = []
    for suffix, data in files:
        if suffix == ".narration.json":
            record = json.loads(data)
            if str(record.get("voice", "")).startswith("recordings:"):
                record["voice"] = voice
            data = json.dumps(record, indent=1).encode()
        out.append((suffix, data))
    return tuple(out)


def file_rendered(out_dir: Path, job: Job, rendered: Rendered) -> Result:
    """Put what a worker returned for ``job`` into the build folder ``out_dir``: manim's log
    in ``logs/``; for a render that worked, the clip and still at the job's places, its
    captions and narration record beside the clip (as :func:`sidecars.file_beside`
    files them) and the sentences in ``.voice/``."""
    out_dir = Path(out_dir)
    logs = out_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{job.key}.log"
    sidecars.write_text(log, rendered.log)
    where = str(log.relative_to(out_dir))
    if not rendered.ok:
        return Result(job, False, seconds=rendered.seconds, error=rendered.error, log=where)
    files = dict(rendered.files)
    clip, still = out_dir / job.clip, out_dir / job.still
    clip.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".incoming-", dir=out_dir) as tmp:
        video = Path(tmp) / f"{job.scene.name}.mp4"  # as manim named it, its sidecars beside
        for suffix, data in files.items():
            (Path(tmp) / f"{job.scene.name}{suffix}").write_bytes(data)
        os.replace(video, clip)
        os.replace(Path(tmp) / f"{job.scene.name}.png", still)
        sidecars.file_beside(video, clip)
    voice_dir = out_dir / ".voice"
    for name, data in rendered.voice:
        target = voice_dir / Path(name).name
        if not target.exists():
            voice_dir.mkdir(exist_ok=True)
            tmp_file = target.with_name(target.name + ".tmp")
            tmp_file.write_bytes(data)
            os.replace(tmp_file, target)
    return Result(job, True, duration=rendered.duration, seconds=rendered.seconds, log=where)


@dataclass(frozen=True)
class ManimRenderer:
    """The build's :class:`~.run.Renderer`: each job rendered by :func:`render_scene` on a
    worker and filed into ``out_dir`` by :func:`file_rendered`. ``shares_disk``: the workers
    run on this machine (the local cluster) and may keep their caches in ``out_dir``."""

    root: Path
    out_dir: Path
    quality: str
    settings: dict
    voice: str = "none"
    resolution: str | None = None
    fps: float | None = None
    shares_disk: bool = True

    @property
    def remote(self):
        return render_scene

    def task(self, job: Job, stop: str | None = None) -> SceneTask:
        return scene_task(job, self.root, self.settings, self.voice, quality=self.quality,
                          resolution=self.resolution, fps=self.fps,
                          build_dir=self.out_dir if self.shares_disk else None, stop=stop)

    def receive(self, job: Job, rendered: Rendered) -> Result:
        return file_rendered(self.out_dir, job, rendered)
