"""The ``lecture`` command (also ``python -m scenes.lecture``): build the lecture, list scenes.

    lecture build [--quality l|m|h|p|k] [--jobs N] [--only CHAPTER[.Scene] ...] [--force]
                  [--resolution W,H] [--fps N] [--out media/lecture]
    lecture scenes                    every scene of every chapter, with its description

``make lecture QUALITY=h`` runs ``lecture build --quality h``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable, TextIO

from . import media
from .catalog import Chapter, discover
from .index import clock, render_command, write_index
from .plan import Job, load_manifest, plan_jobs, save_manifest, schedule
from .run import QUALITIES, Result, manim_renderer, run_jobs

__all__ = ["main", "build", "list_scenes"]

LECTURE = "lecture.mp4"


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


def _selected(job: Job, only: list[str]) -> bool:
    return not only or job.scene.chapter in only or job.key in only


def build(root: Path, out_dir: Path, quality: str = "l", workers: int | None = None,
          only: list[str] | None = None, force: bool = False, resolution: str | None = None,
          fps: float | None = None, out: TextIO = sys.stdout,
          render: Callable[[Job], Result] | None = None) -> int:
    """Render what changed, then join the clips and write the index. Returns the exit code:
    0 when every scene has its clip, 1 when any scene (or chapter file) failed."""
    started = time.monotonic()
    root, out_dir = Path(root), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    chapters = discover(root / "scenes")
    only = list(only or [])
    known = {c.name for c in chapters} | {s.key for c in chapters for s in c.scenes}
    unknown = [name for name in only if name not in known]
    if unknown:
        out.write(f"lecture: unknown chapter or scene: {', '.join(unknown)} (see: lecture scenes)\n")
        return 2
    manifest = load_manifest(out_dir)
    settings = {"quality": quality, "resolution": resolution, "fps": fps}
    jobs = plan_jobs(root, chapters, settings, manifest, out_dir, force)
    jobs = [j if _selected(j, only) else replace(j, skip=True) for j in jobs]
    todo = schedule(jobs, manifest)
    workers = workers or os.cpu_count() or 1
    out.write(f"{len(jobs)} scenes in {len(chapters)} chapters: {len(jobs) - len(todo)} unchanged or "
              f"not asked for, {len(todo)} to render, {min(workers, max(len(todo), 1))} at a time "
              f"(quality {quality})\n")
    for job in jobs:
        if job.skip and _selected(job, only) and job.key in manifest:
            out.write(f"  {job.key}  unchanged ({manifest[job.key]['duration']:.1f} s of video)\n")
    renderer = render or manim_renderer(root, out_dir, quality, resolution, fps)
    failed: dict[str, str] = {c.name: c.error for c in chapters if c.error}

    def record(r: Result) -> None:  # saved after every scene: an interrupted build keeps its work
        if r.ok:
            manifest[r.job.key] = {"fingerprint": r.job.fingerprint, "clip": r.job.clip,
                                   "still": r.job.still, "duration": r.duration,
                                   "render_seconds": round(r.seconds, 2)}
        else:
            manifest.pop(r.job.key, None)
            failed[r.job.key] = r.error + (f"\n(full log: {out_dir / r.log})" if r.log else "")
        save_manifest(out_dir, manifest)

    run_jobs(todo, renderer, workers, out, on_result=record)
    current = {j.key for j in jobs}
    manifest = {k: v for k, v in manifest.items() if k in current}
    save_manifest(out_dir, manifest)
    _remove_stale(out_dir, chapters, manifest)

    ready = [j for j in jobs if j.key in manifest and (out_dir / manifest[j.key]["clip"]).exists()]
    lecture, total = None, 0.0
    if ready:
        marks, seen = [], set()
        for i, job in enumerate(ready):
            if job.scene.chapter not in seen:
                seen.add(job.scene.chapter)
                title = next(c.title for c in chapters if c.name == job.scene.chapter)
                marks.append((i, title))
        try:
            total = media.concatenate([out_dir / manifest[j.key]["clip"] for j in ready],
                                      out_dir / LECTURE, marks)
            lecture = LECTURE
        except Exception as err:  # noqa: BLE001 - clips of another quality, a broken file...
            failed["lecture"] = f"joining the clips failed: {type(err).__name__}: {err}"
    _write_summary(out_dir, chapters, manifest, quality, lecture, total, failed)
    write_index(out_dir / "index.html", chapters, manifest, quality, lecture, total, failed)

    out.write(f"done in {time.monotonic() - started:.0f} s: {len(ready)} of {len(jobs)} clips, "
              f"lecture {clock(total)} -> {out_dir / LECTURE if lecture else '(none)'}; "
              f"index: {out_dir / 'index.html'}\n")
    if failed:
        out.write(f"\n{len(failed)} failed:\n")
        for key, reason in failed.items():
            out.write(f"--- {key}\n{reason}\n")
        return 1
    return 0


def _remove_stale(out_dir: Path, chapters: list[Chapter], manifest: dict) -> None:
    """Delete clips and stills of scenes that no longer exist (renamed or moved)."""
    keep = {v[k] for v in manifest.values() for k in ("clip", "still")}
    for chapter in chapters:
        folder = out_dir / chapter.name
        for f in folder.glob("*") if folder.is_dir() else ():
            if f.suffix in (".mp4", ".png") and f"{chapter.name}/{f.name}" not in keep:
                f.unlink()


def _write_summary(out_dir: Path, chapters, manifest, quality, lecture, total, failed) -> None:
    """``lecture.json``: every chapter and scene with its clip, still, duration and status."""
    data = {"quality": quality, "lecture": lecture, "duration": total, "chapters": [
        {"name": c.name, "title": c.title, "file": f"scenes/{c.path.name}", "error": c.error,
         "scenes": [dict({"name": s.name, "description": s.description,
                          "command": render_command(c, s.name, quality),
                          "failed": failed.get(s.key, "")},
                         **{k: manifest[s.key][k] for k in ("clip", "still", "duration")
                            if s.key in manifest}) for s in c.scenes]}
        for c in chapters]}
    tmp = out_dir / "lecture.json.tmp"
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    tmp.replace(out_dir / "lecture.json")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lecture", description="Build the whole lecture video.")
    sub = parser.add_subparsers(dest="command")
    b = sub.add_parser("build", help="render what changed, join the clips, write the index")
    b.add_argument("--quality", "-q", choices=sorted(QUALITIES), default=os.environ.get("QUALITY", "l"),
                   help="manim quality: l 480p15 (default), m 720p30, h 1080p60, p 1440p60, k 2160p60")
    b.add_argument("--jobs", "-j", type=int, default=None, help="scenes rendered at once (every core)")
    b.add_argument("--only", nargs="+", default=[], metavar="NAME",
                   help="render only these chapters (neurons) or scenes (neurons.GoSurfing)")
    b.add_argument("--force", action="store_true", help="render even unchanged scenes")
    b.add_argument("--resolution", help="override the quality's size, e.g. 320,180")
    b.add_argument("--fps", type=float, help="override the quality's frame rate")
    b.add_argument("--out", default=None, help="build folder (media/lecture)")
    sub.add_parser("scenes", help="list every scene of every chapter with its description")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``lecture`` and ``python -m scenes.lecture``; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("build", "scenes", "-h", "--help"):
        argv = ["build", *argv]  # plain `python -m scenes.lecture [options]` builds
    args = _parser().parse_args(argv)
    root = _root()
    if args.command == "scenes":
        try:
            list_scenes(discover(root / "scenes"))
        except BrokenPipeError:
            pass
        return 0
    out_dir = Path(args.out) if args.out else root / "media" / "lecture"
    try:
        return build(root, out_dir, args.quality, args.jobs, args.only, args.force,
                     args.resolution, args.fps)
    except KeyboardInterrupt:
        print("lecture: interrupted", file=sys.stderr)
        return 130
