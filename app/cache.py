"""Finished fits kept on the page's machine, one folder per request: ``<cache>/<key>/``
holds fit.mp4, trace.json, trace.csv and summary.json.

The files arrive as bytes from the cluster; they are written into a fresh hidden folder
that is renamed to the key's folder only when complete, so a half-written result is never
served. The least recently used folders beyond ``max_cached`` are removed.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from .render import CAPTIONS_NAME, CSV_NAME, JSON_NAME, VIDEO_NAME

__all__ = ["SUMMARY_NAME", "ResultCache", "default_cache_dir", "sweep_stale"]

SUMMARY_NAME = "summary.json"
_FILES = (VIDEO_NAME, JSON_NAME, CSV_NAME)
_OPTIONAL = (CAPTIONS_NAME,)  # kept when the job brought them
_JOB_PREFIX = ".job-"


def default_cache_dir() -> Path:
    """$NNMATH_APP_CACHE, else $XDG_CACHE_HOME/nnmath-app, else ~/.cache/nnmath-app."""
    if os.environ.get("NNMATH_APP_CACHE"):
        return Path(os.environ["NNMATH_APP_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nnmath-app"


def sweep_stale(cache_dir: Path, max_age: float) -> list[Path]:
    """Remove half-written folders a crashed or killed page left in ``cache_dir``: those of
    a process that no longer runs (or of an earlier process with this one's id), and any
    older than ``max_age`` seconds. Returns what was removed."""
    removed = []
    now = time.time()
    for folder in Path(cache_dir).glob(f"{_JOB_PREFIX}*"):
        owner = folder.name[len(_JOB_PREFIX):].split("-")[0]
        try:
            old = now - folder.stat().st_mtime > max_age + 60
        except OSError:
            continue
        if old or not owner.isdigit() or int(owner) == os.getpid() or not _alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError, ValueError):
        return False
    except OSError:  # e.g. another user's process: it runs
        return True
    return True


class ResultCache:
    """The folder of finished fits."""

    def __init__(self, folder: Path | str, max_cached: int = 200, max_age: float = 600.0):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.max_cached = int(max_cached)
        sweep_stale(self.folder, max_age)

    def lookup(self, key: str) -> tuple[Path, dict] | None:
        """(folder, summary) of a complete result for ``key``, else None."""
        folder = self.folder / key
        try:
            info = json.loads((folder / SUMMARY_NAME).read_text())
        except (OSError, ValueError):
            return None
        if not all((folder / name).is_file() for name in _FILES):
            return None
        os.utime(folder)  # recently used: evicted last
        return folder, info

    def store(self, key: str, files: dict[str, bytes], summary: dict) -> Path:
        """Write a finished job's files (name -> bytes) and summary under ``key``."""
        work = Path(tempfile.mkdtemp(prefix=f"{_JOB_PREFIX}{os.getpid()}-{key[:8]}-",
                                     dir=self.folder))
        try:
            for name in _FILES:
                (work / name).write_bytes(files[name])
            for name in _OPTIONAL:
                if name in files:
                    (work / name).write_bytes(files[name])
            (work / SUMMARY_NAME).write_text(json.dumps(summary))
            folder = self.folder / key
            if folder.exists():  # the same inputs finished already
                shutil.rmtree(work, ignore_errors=True)
            else:
                os.replace(work, folder)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        self._evict()
        return folder

    def _evict(self) -> None:
        entries = [p for p in self.folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
        if len(entries) <= self.max_cached:
            return
        entries.sort(key=lambda p: p.stat().st_mtime)
        for old in entries[: len(entries) - self.max_cached]:
            shutil.rmtree(old, ignore_errors=True)
