"""The ``lecture`` command (also ``python -m scenes.lecture``): build the lecture, list
scenes, print the narration.

    lecture build [--quality l|m|h|p|k] [--jobs N] [--only CHAPTER[.Scene] ...] [--force]
                  [--resolution W,H] [--fps N] [--out media/lecture] [--voice NAME]
                  [--scheduler tcp://HOST:PORT]
    lecture scenes                    every scene of every chapter, with its description
    lecture script [CHAPTER ...] [--out FILE]   what each scene says, beat by beat (Markdown)

``make lecture QUALITY=h`` runs ``lecture build --quality h``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Callable, TextIO

from . import media, sidecars
from .catalog import Chapter, discover
from .handout import write_handout
from .index import clock, render_command, write_index
from .plan import Job, load_manifest, plan_jobs, render_settings, save_manifest, schedule
from .cluster import SchedulerLost, open_client, total_threads
from .remote import ManimRenderer
from .run import QUALITIES, Renderer, Result, run_jobs
from .slides import write_deck
from .subtitles import embed_track

__all__ = ["main", "build", "script", "list_scenes", "choose_voice", "default_voice"]

LECTURE = "lecture.mp4"
SLIDES = "slides"  # the deck's folder inside the build


def _root() -> Path:
    """The repository: the folder holding ``scenes/`` (this file is scenes/lecture/cli.py)."""
    return Path(__file__).resolve().parents[2]


def list_scenes(chapters: list[Chapter], quality: str = "l", out: TextIO = sys.stdout) -> None:
    """Print every chapter in lecture order and each of its scenes with its description."""
    for number, chapter in enumerate(chapters, 1):
        out.write(f"{number}. {chapter.title}  (scenes/{chapter.path.name})\n")
        if chapter.error:
            out.write(f"   {chapter.error}\n")
        width = max((len(s.name) for s in chapter.scenes), default=0)
        for scene in chapter.scenes:
            out.write(f"   {scene.name:<{width}}  {scene.description}\n")
        out.write("\n")
    out.write(f"Render one alone: {render_command(chapters[0], chapters[0].scenes[0].name, quality)}\n"
              if chapters and chapters[0].scenes else "")


def default_voice() -> str:
    """The voice when none is named: LECTURE_VOICE if set, else ``default``."""
    return os.environ.get("LECTURE_VOICE", "").strip() or "default"


def choose_voice(name: str | None) -> str:
    """The voice called ``name`` (None: :func:`default_voice`) as the renders get it: checked
    by :func:`scenes.common.voice.resolve` (a VoiceError says what is wrong), ``default``
    named by its engine, and a ``recordings:`` folder made absolute."""
    from scenes.common.voice import VoiceError, check_recordings, resolve

    name = (name or default_voice()).strip()
    if name.lower().startswith("recordings:"):
        folder = name.split(":", 1)[1].strip()
        if not folder:
            raise VoiceError("--voice recordings: needs a folder: recordings:/path/to/folder "
                             "with one <beat id>.wav per beat")
        name = f"recordings:{Path(folder).expanduser().resolve()}"
    chosen = resolve(name)
    if chosen.recordings is not None:  # a damaged take stops the build before any render
        check_recordings(chosen.recordings)
    return chosen.name


def _selected(job: Job, only: list[str]) -> bool:
    return not only or job.scene.chapter in only or job.key in only


def build(root: Path, out_dir: Path, quality: str = "l", workers: int | None = None,
          only: list[str] | None = None, force: bool = False, resolution: str | None = None,
          fps: float | None = None, out: TextIO = sys.stdout,
          render: Callable[[Job], Result] | Renderer | None = None, voice: str | None = None,
          scheduler: str | None = None) -> int:
    """Render what changed, then join the clips, caption the lecture and write the index.
    Returns the exit code: 0 when every scene has its clip, 1 when any scene (or chapter
    file) failed, 2 for an unknown scene or voice, or a Dask scheduler that cannot be
    reached or goes away. ``voice``: see :func:`choose_voice`. ``scheduler``:
    ``tcp://HOST:PORT`` of a Dask cluster to render on (None: a local cluster of
    ``workers`` threads, every core by default); on a cluster ``workers`` defaults to its
    threads. ``render``: instead of manim, a function of a job (run on the local cluster's
    threads, in this process) or a :class:`~.run.Renderer`."""
    from scenes.common.voice import VoiceError

    started = time.monotonic()
    root, out_dir = Path(root), Path(out_dir)
    try:
        voice = choose_voice(voice)
    except VoiceError as err:
        out.write(f"lecture: {' '.join(str(err).split())}\n")
        return 2
    chapters = discover(root / "scenes")
    only = list(only or [])
    known = {c.name for c in chapters} | {s.key for c in chapters for s in c.scenes}
    unknown = [name for name in only if name not in known]
    if unknown:
        out.write(f"lecture: unknown chapter or scene: {', '.join(unknown)} (see: lecture scenes)\n")
        return 2
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = load_manifest(out_dir)
    settings = {"quality": quality, "resolution": resolution, "fps": fps}
    jobs = plan_jobs(root, chapters, settings, manifest, out_dir, force, voice)
    jobs = [j if _selected(j, only) else replace(j, skip=True) for j in jobs]
    todo = schedule(jobs, manifest)
    failed: dict[str, str] = {c.name: c.error for c in chapters if c.error}

    def record(r: Result) -> None:  # saved after every scene: an interrupted build keeps its work
        if r.ok:
            manifest[r.job.key] = {"fingerprint": r.job.fingerprint,
                                   "base_fingerprint": r.job.base_fingerprint,
                                   "clip": r.job.clip, "still": r.job.still, "duration": r.duration,
                                   "render_seconds": round(r.seconds, 2),
                                   **sidecars.describe(out_dir, r.job.clip)}
        else:
            manifest.pop(r.job.key, None)
            failed[r.job.key] = r.error + (f"\n(full log: {out_dir / r.log})" if r.log else "")
        save_manifest(out_dir, manifest)

    renderer = render or ManimRenderer(root, out_dir, quality, render_settings(settings), voice,
                                       resolution, fps, shares_disk=scheduler is None)
    try:
        with ExitStack() as stack:
            client = None
            if scheduler is None:
                workers = workers or os.cpu_count() or 1
                client = stack.enter_context(open_client(None, workers)) if todo else None
            elif todo:
                client = stack.enter_context(open_client(scheduler, workers or 1))
                workers = workers or total_threads(client)
            where = f"on the Dask cluster at {scheduler}" if scheduler else "on this machine"
            out.write(f"{len(jobs)} scenes in {len(chapters)} chapters: {len(jobs) - len(todo)} "
                      f"unchanged or not asked for, {len(todo)} to render, "
                      f"{min(workers or 1, max(len(todo), 1))} at a time {where} "
                      f"(quality {quality}, voice {voice})\n")
            for job in jobs:
                if job.skip and _selected(job, only) and job.key in manifest:
                    out.write(f"  {job.key}  unchanged "
                              f"({manifest[job.key]['duration']:.1f} s of video)\n")
            run_jobs(todo, renderer, workers or 1, out, on_result=record, client=client)
    except SchedulerLost as err:
        out.write(f"lecture: {err}\n")
        return 2
    current = {j.key for j in jobs}
    manifest = {k: v for k, v in manifest.items() if k in current}
    ready = [j for j in jobs if j.key in manifest and (out_dir / manifest[j.key]["clip"]).exists()]
    for job in ready:  # entries of builds before captions existed
        if "has_audio" not in manifest[job.key]:
            manifest[job.key].update(sidecars.describe(out_dir, manifest[job.key]["clip"]))
    save_manifest(out_dir, manifest)
    _remove_stale(out_dir, chapters, manifest)

    lecture, total = _publish(out_dir, chapters, ready, manifest, quality, voice, failed)
    out.write(f"done in {time.monotonic() - started:.0f} s: {len(ready)} of {len(jobs)} clips, "
              f"lecture {clock(total)} -> {out_dir / LECTURE if lecture else '(none)'}; "
              f"index: {out_dir / 'index.html'}\n")
    missing = [k for j in ready for k in manifest[j.key].get("missing_recordings") or []]
    if missing:
        out.write(f"{len(missing)} beats have no teacher recording and were spoken by the "
                  f"synthetic voice instead: {', '.join(missing)}\n")
    if failed:
        out.write(f"\n{len(failed)} failed:\n")
        for key, reason in failed.items():
            out.write(f"--- {key}\n{reason}\n")
        return 1
    return 0


def _publish(out_dir: Path, chapters: list[Chapter], ready: list[Job], manifest: dict,
             quality: str, voice: str, failed: dict) -> tuple[str | None, float]:
    """Join the ready clips into the lecture, caption it, write lecture.json and the index.
    Returns the lecture's file name (None when nothing could be joined) and its seconds."""
    lecture, joined = None, None
    if ready:
        try:
            joined = media.concatenate([out_dir / manifest[j.key]["clip"] for j in ready],
                                       out_dir / LECTURE, _marks(ready, chapters))
            lecture = LECTURE
        except Exception as err:  # noqa: BLE001 - clips of another quality, a broken file...
            failed["lecture"] = f"joining the clips failed: {type(err).__name__}: {err}"
    starts = dict(zip((j.key for j in ready), joined.starts)) if joined else {}
    placed = [(manifest[k].get("narration"), start) for k, start in starts.items()]
    captions = sidecars.write_lecture_captions(out_dir, placed)
    marks = media.chapters_of(out_dir / LECTURE) if lecture else []
    chapter_file = sidecars.write_chapter_marks(out_dir, marks)
    subtitles = 0
    if lecture:
        try:
            subtitles = embed_track(out_dir / LECTURE, sidecars.lecture_cues(out_dir, placed))
        except Exception as err:  # noqa: BLE001 - the video stays as joined, without the track
            failed["lecture subtitles"] = f"adding the subtitle track failed: {type(err).__name__}: {err}"
    total = joined.seconds if joined else 0.0
    whole = {"file": lecture, "duration": total, "captions": captions, "voice": voice,
             "audio": joined.audio if joined else "none", "starts": starts,
             "subtitle_cues": subtitles, "chapter_file": chapter_file, "chapters": [
                 {"start": a, "end": b, "title": t} for a, b, t in marks]}
    _write_summary(out_dir, chapters, manifest, quality, whole, failed)
    handout_page = deck_page = None
    if lecture:
        try:
            write_handout(out_dir)
            handout_page = "handout.html"
        except Exception as err:  # noqa: BLE001 - the lecture stands without its handout
            failed["handout"] = f"writing the handout failed: {type(err).__name__}: {err}"
        try:
            write_deck(out_dir, out_dir / SLIDES)
            deck_page = f"{SLIDES}/index.html"
        except Exception as err:  # noqa: BLE001 - the lecture stands without its slides
            failed["slides"] = f"writing the slides failed: {type(err).__name__}: {err}"
    write_index(out_dir / "index.html", chapters, manifest, quality, lecture, total, failed,
                captions=captions, marks=marks, chapter_file=chapter_file, handout=handout_page,
                slides=deck_page)
    return lecture, total


def _marks(ready: list[Job], chapters: list[Chapter]) -> list[tuple[int, str]]:
    """(index of the first clip of each chapter, its title) for the joined video."""
    marks, seen = [], set()
    for i, job in enumerate(ready):
        if job.scene.chapter not in seen:
            seen.add(job.scene.chapter)
            marks.append((i, next(c.title for c in chapters if c.name == job.scene.chapter)))
    return marks


#: per-scene fields of the manifest that lecture.json repeats
_SCENE_FIELDS = ("clip", "still", "duration", "captions", "narration", "has_audio", "voice",
                 "missing_recordings")


def _remove_stale(out_dir: Path, chapters: list[Chapter], manifest: dict) -> None:
    """Delete clips, stills, captions and narration records of scenes that are no longer
    in the build (renamed, moved, or failed)."""
    keep = {v["clip"][:-len(".mp4")] for v in manifest.values()}
    for chapter in chapters:
        folder = out_dir / chapter.name
        for f in folder.glob("*") if folder.is_dir() else ():
            if (f.name.endswith((".mp4", *sidecars.SUFFIXES))
                    and f"{chapter.name}/{f.name.split('.')[0]}" not in keep):
                f.unlink()


def _write_summary(out_dir: Path, chapters, manifest, quality, whole: dict, failed) -> None:
    """``lecture.json``: the joined lecture (file, duration, captions, voice, audio) and every
    chapter and scene with its clip, still, duration, captions, sound, status and where it
    starts in the lecture (``lecture_start``, seconds)."""
    data = {"quality": quality, "lecture": whole["file"], "duration": whole["duration"],
            "captions": whole["captions"], "voice": whole["voice"], "audio": whole["audio"],
            "subtitle_cues": whole["subtitle_cues"], "chapter_file": whole["chapter_file"],
            "chapter_marks": whole["chapters"],
            "chapters": [
        {"name": c.name, "title": c.title, "file": f"scenes/{c.path.name}", "error": c.error,
         "scenes": [dict({"name": s.name, "description": s.description,
                          "command": render_command(c, s.name, quality),
                          "failed": failed.get(s.key, "")},
                         **{k: manifest[s.key].get(k) for k in _SCENE_FIELDS if s.key in manifest},
                         **({"lecture_start": whole["starts"][s.key]}
                            if s.key in whole["starts"] else {})) for s in c.scenes]}
        for c in chapters]}
    tmp = out_dir / "lecture.json.tmp"
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    tmp.replace(out_dir / "lecture.json")


def _render_options(p: argparse.ArgumentParser, only_help: str) -> None:
    """The options of a command that renders: quality, jobs, selection, force, size, voice."""
    p.add_argument("--quality", "-q", choices=sorted(QUALITIES), default=os.environ.get("QUALITY", "l"),
                   help="manim quality: l 480p15 (default), m 720p30, h 1080p60, p 1440p60, k 2160p60")
    p.add_argument("--jobs", "-j", type=int, default=None,
                   help="scenes rendered at once (default: every core; with --scheduler, every "
                        "thread of the cluster's workers)")
    p.add_argument("--only", nargs="+", default=[], metavar="NAME", help=only_help)
    p.add_argument("--force", action="store_true", help="render even unchanged scenes")
    p.add_argument("--resolution", help="override the quality's size, e.g. 320,180")
    p.add_argument("--fps", type=float, help="override the quality's frame rate")
    p.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                   help="render on this Dask cluster (started with `dask scheduler` and "
                        "`dask worker tcp://HOST:PORT`); default: a local cluster on this machine")
    p.add_argument("--voice", default=None,
                   help="who speaks: none, default, festival, flite, espeak-ng or recordings:DIR "
                        "(DIR/<beat id>.wav); default: $LECTURE_VOICE, else default")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lecture", description="Build the whole lecture video.")
    sub = parser.add_subparsers(dest="command")
    b = sub.add_parser("build", help="render what changed, join the clips, write the index")
    _render_options(b, "render only these chapters (neurons) or scenes (neurons.GoSurfing)")
    b.add_argument("--out", default=None, help="build folder (media/lecture)")
    d = sub.add_parser("slides", help="the lecture as slides, one per beat, for presenting live")
    _render_options(d, "only these chapters (neurons) or scenes (neurons.GoSurfing)")
    d.add_argument("--build", default=None, metavar="DIR",
                   help="the lecture build to render into and cut (media/lecture)")
    d.add_argument("--out", default=None, metavar="DIR",
                   help="the deck's folder (the build's slides/, which every build also writes)")
    d.add_argument("--format", choices=("html", "pptx"), default="html",
                   help="html (a reveal.js deck that opens offline) or pptx (PowerPoint)")
    sub.add_parser("scenes", help="list every scene of every chapter with its description")
    t = sub.add_parser("script", help="print what each scene says, beat by beat (Markdown)")
    t.add_argument("chapters", nargs="*", metavar="CHAPTER", help="these chapters (every one)")
    t.add_argument("--out", default=None, metavar="FILE", help="write to FILE instead")
    t.add_argument("--format", choices=("markdown", "html"), default="markdown",
                   help="markdown (the words, from the chapter files) or html (a handout: each "
                        "beat's picture beside its words, from a lecture build)")
    t.add_argument("--build", default=None, metavar="DIR",
                   help="the lecture build the html handout reads (media/lecture)")
    return parser


def script(root: Path, names: list[str], out: TextIO = sys.stdout, path: Path | None = None,
           err: TextIO | None = None) -> int:
    """``lecture script``: the narration of the chapters ``names`` (every one when empty) as
    Markdown, to ``out`` or to the file ``path``. Returns 2 for an unknown chapter (one line
    on ``err``, default stderr), 1 when a scene could not be built, else 0."""
    from .script import write_script

    chapters = discover(Path(root) / "scenes")
    valid = [c.name for c in chapters]
    unknown = [n for n in names if n not in valid]
    if unknown:
        (err or sys.stderr).write(f"lecture script: unknown chapter {', '.join(unknown)}; "
                                  f"choose from: {', '.join(valid)}\n")
        return 2
    chosen = [c for c in chapters if c.name in names] if names else chapters
    if path is None:
        return write_script(chosen, out)
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        code = write_script(chosen, fh)
    tmp.replace(path)
    out.write(f"lecture script: {len(chosen)} chapter{'s' if len(chosen) != 1 else ''} -> {path}\n")
    return code


def slides(root: Path, build_dir: Path, deck_dir: Path, fmt: str = "html", quality: str = "l",
           workers: int | None = None, only: list[str] | None = None, force: bool = False,
           resolution: str | None = None, fps: float | None = None, out: TextIO = sys.stdout,
           render: Callable[[Job], Result] | Renderer | None = None, voice: str | None = None,
           scheduler: str | None = None) -> int:
    """``lecture slides``: bring the build in ``build_dir`` up to date for ``only`` (every
    scene when empty), then write its deck to ``deck_dir``: one slide per spoken beat.
    Returns the build's code when it is 2 (nothing usable), else 1 when a scene failed or
    the deck could not be written, else 0."""
    from .pptx_deck import write_pptx

    code = build(root, build_dir, quality, workers, only, force, resolution, fps, out=out,
                 render=render, voice=voice, scheduler=scheduler)
    if code == 2:
        return code
    try:
        if fmt == "pptx":
            made = write_pptx(Path(build_dir), Path(deck_dir) / "lecture.pptx", only or [])
            where = Path(deck_dir) / "lecture.pptx"
        else:
            made = write_deck(Path(build_dir), Path(deck_dir), only or [])
            where = Path(deck_dir) / "index.html"
    except (OSError, ValueError) as err:
        out.write(f"lecture slides: {err}\n")
        return 1
    if not made:
        out.write("lecture slides: no rendered scene to make slides of\n")
        return 1
    speak = sum(1 for s in made if s.note)
    out.write(f"lecture slides: {len(made)} slides ({speak} with narration as speaker notes) -> {where}"
              + ("; open it in a browser, press the right arrow for the next beat and S for the "
                 "speaker notes\n" if fmt == "html" else "\n"))
    return code


def handout(build_dir: Path, names: list[str], path: Path | None = None,
            out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """``lecture script --format html``: the handout of the build in ``build_dir`` (only the
    chapters ``names`` when given) to ``path`` (default ``build_dir/handout.html``).
    Returns 2 with one line on ``err`` when there is no build or a chapter is unknown."""
    from .handout import write_handout

    summary = Path(build_dir) / "lecture.json"
    if not summary.exists():
        err.write(f"lecture script: no lecture build in {build_dir} (no lecture.json); run "
                  f"`make lecture` first, or name the build folder with --build DIR\n")
        return 2
    built = [c.get("name") for c in json.loads(summary.read_text(encoding="utf-8")).get("chapters", [])]
    unknown = [n for n in names if n not in built]
    if unknown:
        err.write(f"lecture script: unknown chapter {', '.join(unknown)}; choose from: "
                  f"{', '.join(built)}\n")
        return 2
    path = Path(path) if path else Path(build_dir) / "handout.html"
    beats = write_handout(Path(build_dir), path, names)
    out.write(f"lecture script: {beats} beat{'s' if beats != 1 else ''} with their pictures -> {path}\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``lecture`` and ``python -m scenes.lecture``; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("build", "scenes", "script", "slides", "-h", "--help"):
        argv = ["build", *argv]  # plain `python -m scenes.lecture [options]` builds
    args = _parser().parse_args(argv)
    root = _root()
    if args.command == "scenes":
        try:
            list_scenes(discover(root / "scenes"))
        except BrokenPipeError:
            pass
        return 0
    if args.command == "script" and args.format == "html":
        build_dir = Path(args.build) if args.build else root / "media" / "lecture"
        return handout(build_dir, args.chapters, Path(args.out) if args.out else None)
    if args.command == "script":
        try:
            return script(root, args.chapters, out=sys.stdout, path=args.out)
        except BrokenPipeError:
            return 0
    if args.command == "slides":
        build_dir = Path(args.build) if args.build else root / "media" / "lecture"
        deck_dir = Path(args.out) if args.out else build_dir / SLIDES
        try:
            return slides(root, build_dir, deck_dir, args.format, args.quality, args.jobs, args.only,
                          args.force, args.resolution, args.fps, voice=args.voice,
                          scheduler=args.scheduler)
        except KeyboardInterrupt:
            print("lecture: interrupted", file=sys.stderr)
            return 130
    out_dir = Path(args.out) if args.out else root / "media" / "lecture"
    try:
        return build(root, out_dir, args.quality, args.jobs, args.only, args.force,
                     args.resolution, args.fps, out=sys.stdout, voice=args.voice,
                     scheduler=args.scheduler)
    except KeyboardInterrupt:
        print("lecture: interrupted", file=sys.stderr)
        return 130
