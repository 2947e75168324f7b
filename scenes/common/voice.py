"""The lecture's voice: one sentence in, one WAV file out, offline.

Pick a voice with the environment variable ``LECTURE_VOICE`` (or ``resolve(name)``):

- unset or empty: the best installed engine (:data:`DEFAULT`), or silence when it is missing;
- ``none``: no voice (captions only);
- ``default``, or a name in :data:`ENGINES`: that synthetic voice (Debian packages, no
  model downloaded at run time);
- ``recordings:DIR``: a teacher's own recordings, ``DIR/<beat id>.wav`` (for example
  ``DIR/TopNodeSlice_03.wav``); a beat with no recording is spoken by :data:`DEFAULT` and
  its id is listed in ``voice.missing``.

Every clip is converted to one format, :data:`RATE` Hz mono 16-bit PCM, with the engine's
leading and trailing silence trimmed to :data:`MARGIN` seconds and its loudness levelled,
so clips from any voice mix cleanly. Synthetic clips are cached in ``LECTURE_VOICE_CACHE``
(default ``media/voice``) under a hash of the engine, its settings and the text; files are
written atomically, so several renders may share the cache.

``python -m bench.voices`` measures the engines (intelligibility by an offline recogniser,
speaking rate, speed); its figures chose the order of :data:`ENGINES`.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unicodedata
import warnings
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.io import wavfile
from scipy.signal import resample_poly

__all__ = ["Speech", "Voice", "VoiceError", "Engine", "SPECS", "ENGINES", "DEFAULT", "RATE",
           "MARGIN", "resolve", "synthesize", "to_common", "check_recordings"]

#: sample rate of every clip (Hz), mono, 16-bit PCM
RATE = 44100
#: silence kept before and after the speech of a synthetic clip (seconds)
MARGIN = 0.05
#: level of the speech in a synthetic clip (RMS of its voiced part, dBFS), and its peak cap
LEVEL_DB = -20.0
PEAK = 0.89
#: seconds an engine may take for one sentence
TIMEOUT = 60.0
#: bump when the conversion changes, so cached clips are made again
FORMAT = 1

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$")


class VoiceError(ValueError):
    """A voice that cannot be used or a clip that cannot be made; the message says how to fix it."""


@dataclass(frozen=True)
class Speech:
    """A spoken sentence: its WAV file, its length, and what spoke it."""

    path: Path
    seconds: float
    source: str


@dataclass(frozen=True)
class Engine:
    """An offline synthesiser run as a program: ``argv`` with ``{text}`` (a UTF-8 text file)
    and ``{out}`` (the WAV it writes) filled in; ``needs`` are files that must exist
    (its voice data); ``packages`` are the Debian packages that install it."""

    name: str
    argv: tuple[str, ...]
    packages: tuple[str, ...]
    needs: tuple[str, ...] = ()
    ascii_only: bool = False
    known_for: str = ""

    @property
    def installed(self) -> bool:
        return shutil.which(self.argv[0]) is not None and all(Path(p).exists() for p in self.needs)

    @property
    def install_hint(self) -> str:
        return "sudo apt-get install " + " ".join(self.packages)


_SLT_HTS = "/usr/share/festival/voices/us/cmu_us_slt_arctic_hts"

#: every supported engine, by name
SPECS: dict[str, Engine] = {
    e.name: e
    for e in (
        Engine("flite", ("flite", "-voice", "kal16", "-f", "{text}", "-o", "{out}"),
               ("flite",), ascii_only=True,
               known_for="Festival-lite's 'kal16' diphone voice (male, US, 16 kHz): clear "
                         "numbers, small and very fast, flat intonation, brisk (~190 wpm)"),
        Engine("festival",
               ("text2wave", "-eval", "(voice_cmu_us_slt_arctic_hts)", "{text}", "-o", "{out}"),
               ("festival", "festvox-us-slt-hts"), needs=(_SLT_HTS,), ascii_only=True,
               known_for="Festival with the CMU ARCTIC 'slt' HMM voice (female, US, 32 kHz): "
                         "smoother, more natural prosody, a little muffled"),
        Engine("espeak-ng", ("espeak-ng", "-v", "en-us", "-f", "{text}", "-w", "{out}"),
               ("espeak-ng",),
               known_for="formant synthesis: tiny, very fast, many languages, robotic"),
    )
}
#: the synthetic voices, best first (by the figures of bench/voices.py)
ENGINES: tuple[str, ...] = ("flite", "festival", "espeak-ng")
#: the best offline engine by those figures
DEFAULT: str = ENGINES[0]


def _plain(text: str, ascii_only: bool) -> str:
    """The sentence as an engine can read it: one line, typographic marks made plain."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate({0x2212: "-", 0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"',
                           0x2013: "-", 0x2014: ", "})
    if ascii_only:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(text.split())


def _read_samples(path: Path, fix: str = "record it again or delete it"
                  ) -> tuple[int, np.ndarray]:
    """Rate and mono float samples in [-1, 1] of a WAV file; VoiceError (ending with ``fix``)
    if it cannot be read."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", wavfile.WavFileWarning)
            rate, data = wavfile.read(path)
        if any("prematurely" in str(w.message) for w in caught):
            raise EOFError("cut short")
    except (ValueError, OSError, EOFError, IndexError, struct.error) as err:
        raise VoiceError(f"{path} is not a readable WAV file ({err}); {fix}") from None
    data = np.asarray(data)
    if data.ndim == 2:
        data = data.mean(axis=1) if data.dtype.kind == "f" else data.astype(np.float64).mean(axis=1)
    if data.dtype.kind == "f":
        samples = data.astype(np.float64)
    elif data.dtype == np.uint8:
        samples = (data.astype(np.float64) - 128.0) / 128.0
    else:
        samples = data.astype(np.float64) / float(2 ** (8 * data.dtype.itemsize - 1))
    if samples.size == 0 or rate <= 0:
        raise VoiceError(f"{path} holds no sound; {fix}")
    return int(rate), samples


def _trim(samples: np.ndarray, rate: int) -> np.ndarray:
    """Cut silence before and after the speech, keeping MARGIN seconds each side.
    Silence: 10 ms windows more than 40 dB below the loudest one."""
    n = max(1, rate // 100)
    frames = samples[: samples.size // n * n].reshape(-1, n)
    if frames.size == 0:
        return samples
    power = (frames ** 2).mean(axis=1)
    loud = np.nonzero(power > power.max() * 1e-4)[0]
    if loud.size == 0:
        return samples
    keep = int(MARGIN * rate)
    start = max(0, loud[0] * n - keep)
    stop = min(samples.size, (loud[-1] + 1) * n + keep)
    return samples[start:stop]


def _level(samples: np.ndarray, rate: int) -> np.ndarray:
    """Scale so the voiced part has LEVEL_DB RMS, with peaks at most PEAK."""
    n = max(1, rate // 100)
    frames = samples[: samples.size // n * n].reshape(-1, n)
    power = (frames ** 2).mean(axis=1) if frames.size else np.array([0.0])
    voiced = power[power > power.max() * 1e-3]
    rms = float(np.sqrt(voiced.mean())) if voiced.size else 0.0
    peak = float(np.abs(samples).max()) if samples.size else 0.0
    if rms <= 0.0 or peak <= 0.0:
        return samples
    gain = min(10 ** (LEVEL_DB / 20) / rms, PEAK / peak)
    return samples * gain


def to_common(samples: np.ndarray, rate: int, *, trim: bool = True) -> np.ndarray:
    """Float samples at ``rate`` -> int16 samples at RATE (trimmed and levelled if ``trim``)."""
    if trim:
        samples = _level(_trim(samples, rate), rate)
    if rate != RATE:
        g = np.gcd(rate, RATE)
        samples = resample_poly(samples, RATE // g, rate // g)
    return np.round(np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")


def _write_atomic(path: Path, samples: np.ndarray) -> None:
    """Write a mono 16-bit WAV at RATE so that readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh, wave.open(fh, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(samples.astype("<i2").tobytes())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _seconds(path: Path) -> float:
    """Length of a WAV file from its header (frames / rate)."""
    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes() / float(w.getframerate())
    except (wave.Error, EOFError, OSError) as err:
        raise VoiceError(f"{path} is not a readable WAV file ({err}); delete it") from None


def synthesize(engine: Engine, text: str, timeout: float = TIMEOUT) -> tuple[int, np.ndarray]:
    """Run ``engine`` on ``text``; its raw output as (rate, float samples)."""
    with tempfile.TemporaryDirectory(prefix="voice-") as tmp:
        text_file, out = Path(tmp) / "say.txt", Path(tmp) / "out.wav"
        text_file.write_text(_plain(text, engine.ascii_only) + "\n", encoding="utf-8")
        argv = [a.format(text=text_file, out=out) for a in engine.argv]
        try:
            done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=timeout, check=False)
        except FileNotFoundError:
            raise VoiceError(f"{engine.name} is not installed; install it with: "
                             f"{engine.install_hint}") from None
        except subprocess.TimeoutExpired:
            raise VoiceError(f"{engine.name} took more than {timeout:.0f} s to say "
                             f"{text[:40]!r}; shorten the sentence or set LECTURE_VOICE=none"
                             ) from None
        if done.returncode != 0 or not out.exists() or out.stat().st_size <= 44:
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            why = said[-1] if said else f"exit code {done.returncode}"
            raise VoiceError(f"{engine.name} could not say {text[:40]!r} ({why}); "
                             f"reinstall it with: {engine.install_hint}")
        return _read_samples(out, f"reinstall {engine.name} with: {engine.install_hint}")


def _check_key(key: str) -> None:
    if not _KEY.match(key):
        raise VoiceError(f"beat id {key!r} cannot name a file; use letters, digits, '_', '-', '.'")


@dataclass
class Voice:
    """A voice in force. ``engine`` is None for 'none'; ``recordings`` is a folder for
    'recordings:DIR' (then ``engine`` speaks the beats that have no recording)."""

    name: str
    engine: Engine | None = None
    cache_dir: Path = Path("media/voice")
    recordings: Path | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def speaks(self) -> bool:
        return self.engine is not None or self.recordings is not None

    def speak(self, text: str, key: str) -> Speech | None:
        """The sentence ``text`` (spoken form) for beat ``key``; None when no voice speaks."""
        if not self.speaks:
            return None
        _check_key(key)
        if self.recordings is not None:
            recorded = self.recordings / f"{key}.wav"
            if recorded.is_file():
                return self._recording(recorded)
            if key not in self.missing:
                self.missing.append(key)
            if self.engine is None or not self.engine.installed:
                fallback = SPECS[DEFAULT]
                raise VoiceError(f"{recorded} is missing and {DEFAULT} is not installed to say it "
                                 f"instead; record it, or install: {fallback.install_hint}")
            speech = self._synthetic(text)
            return Speech(speech.path, speech.seconds,
                          f"{self.engine.name} (fallback: no recording)")
        return self._synthetic(text)

    def _synthetic(self, text: str) -> Speech:
        assert self.engine is not None
        if not text.strip():
            raise VoiceError("the sentence to say is empty; give the beat some narration "
                             "or make it silent")
        digest = hashlib.sha256(repr((FORMAT, RATE, MARGIN, LEVEL_DB, self.engine.name,
                                      self.engine.argv, text)).encode()).hexdigest()[:20]
        path = self.cache_dir / f"{self.engine.name}-{digest}.wav"
        if not path.is_file():
            rate, samples = synthesize(self.engine, text)
            _write_atomic(path, to_common(samples, rate))
        return Speech(path, _seconds(path), self.engine.name)

    def _recording(self, path: Path) -> Speech:
        rate, samples = _read_samples(path)
        try:
            with wave.open(str(path), "rb") as w:
                layout = (w.getnchannels(), w.getsampwidth(), w.getframerate())
        except (wave.Error, EOFError):
            layout = None
        if layout == (1, 2, RATE):
            return Speech(path, _seconds(path), "recording")
        stat = path.stat()
        digest = hashlib.sha256(repr((FORMAT, RATE, str(path.resolve()), stat.st_size,
                                      stat.st_mtime_ns)).encode()).hexdigest()[:20]
        converted = self.cache_dir / f"recording-{path.stem}-{digest}.wav"
        if not converted.is_file():
            _write_atomic(converted, to_common(samples, rate, trim=False))
        return Speech(converted, _seconds(converted), "recording")


def check_recordings(folder: Path) -> int:
    """Read every ``*.wav`` in ``folder`` once, before any render: a damaged one raises a
    VoiceError naming it. Returns how many there are."""
    found = sorted(Path(folder).glob("*.wav"))
    for path in found:
        _read_samples(path)
    return len(found)


def _engine(name: str) -> Engine:
    """The installed engine called ``name``; VoiceError if it is missing."""
    engine = SPECS[name]
    if not engine.installed:
        raise VoiceError(f"LECTURE_VOICE={name}, but {name} is not installed; install it with: "
                         f"{engine.install_hint} (or set LECTURE_VOICE=none)")
    return engine


def resolve(name: str | None = None, cache_dir: Path | None = None) -> Voice:
    """The voice called ``name`` (None: the environment variable LECTURE_VOICE).

    Unset or empty: DEFAULT if installed, else 'none' with one warning line on stderr.
    Accepted: 'none', 'default', a name in ENGINES, 'recordings:DIR'; anything else, or an
    engine that is not installed, raises VoiceError. ``cache_dir`` None: the environment
    variable LECTURE_VOICE_CACHE, else ``media/voice``."""
    if cache_dir is None:
        cache_dir = Path(os.environ.get("LECTURE_VOICE_CACHE") or "media/voice")
    cache_dir = Path(cache_dir)
    raw = os.environ.get("LECTURE_VOICE", "") if name is None else name
    raw = raw.strip()
    if not raw:
        engine = SPECS[DEFAULT]
        if engine.installed:
            return Voice(DEFAULT, engine, cache_dir)
        print(f"lecture voice: {DEFAULT} is not installed, so the lecture is silent (captions "
              f"only); install it with: {engine.install_hint}", file=sys.stderr)
        return Voice("none", None, cache_dir)
    if raw.lower().startswith("recordings:"):
        given = raw.split(":", 1)[1].strip()
        folder = Path(given).expanduser()
        if not given or not folder.is_dir():
            raise VoiceError(f"LECTURE_VOICE={raw}: the folder {folder} does not exist; "
                             f"type recordings:/path/to/folder with one <beat id>.wav per beat")
        engine = SPECS[DEFAULT] if SPECS[DEFAULT].installed else None
        return Voice(f"recordings:{folder}", engine, cache_dir, recordings=folder)
    key = raw.lower()
    if key == "none":
        return Voice("none", None, cache_dir)
    if key == "default":
        key = DEFAULT
    if key not in SPECS:
        choices = ", ".join(("none", "default", *ENGINES, "recordings:DIR"))
        raise VoiceError(f"LECTURE_VOICE={raw} is not a voice; choose one of: {choices}")
    return Voice(key, _engine(key), cache_dir)
