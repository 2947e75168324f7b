"""The lecture's voice: choosing it, real synthesis, the cache, a teacher's recordings."""

from __future__ import annotations

import threading
import wave
from pathlib import Path

import numpy as np
import pytest

from scenes.common import voice
from scenes.common.voice import DEFAULT, ENGINES, RATE, SPECS, Engine, VoiceError, resolve

SHORT = "The sum of the squared residuals is 20.42."
LONG = ("The top node's weight is minus 34.40 and its bias is 2.14, "
        "so the step size is minus 5.73 times 0.1, which is minus 0.57.")


def need(name: str) -> None:
    """Fail (never skip) when an engine the project relies on is not installed."""
    engine = SPECS[name]
    if not engine.installed:
        pytest.fail(f"the voice {name} is not installed; run `make setup`, or: "
                    f"{engine.install_hint}")


def samples_of(path: Path) -> tuple[wave._wave_params, np.ndarray]:
    with wave.open(str(path), "rb") as w:
        params = w.getparams()
        data = np.frombuffer(w.readframes(params.nframes), dtype="<i2")
    return params, data


def write_wav(path: Path, seconds: float, rate: int = RATE, channels: int = 1) -> None:
    """A 440 Hz sine, 16-bit PCM."""
    t = np.arange(int(seconds * rate)) / rate
    tone = np.round(0.3 * 32767 * np.sin(2 * np.pi * 440 * t)).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.repeat(tone, channels).tobytes())


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture(autouse=True)
def no_voice_env(monkeypatch):
    monkeypatch.delenv("LECTURE_VOICE", raising=False)
    monkeypatch.delenv("LECTURE_VOICE_CACHE", raising=False)


# --- choosing a voice -------------------------------------------------------------------

def test_none_speaks_nothing(cache):
    v = resolve("none", cache)
    assert v.name == "none" and not v.speaks
    assert v.speak(SHORT, "Scene_01") is None
    assert not cache.exists()


def test_engines_list_the_default_first():
    assert DEFAULT == ENGINES[0]
    assert set(ENGINES) == set(SPECS)


@pytest.mark.parametrize("name", ["shakespeare", "festival-kal", "recordings", "espeak"])
def test_unknown_name_is_a_one_line_error(name, cache):
    with pytest.raises(VoiceError) as err:
        resolve(name, cache)
    message = str(err.value)
    assert "\n" not in message
    assert name in message and "none" in message and DEFAULT in message


def test_environment_chooses_the_voice(monkeypatch, cache):
    monkeypatch.setenv("LECTURE_VOICE", "none")
    assert resolve(cache_dir=cache).name == "none"
    monkeypatch.setenv("LECTURE_VOICE", "nonsense")
    with pytest.raises(VoiceError):
        resolve(cache_dir=cache)
    monkeypatch.setenv("LECTURE_VOICE_CACHE", str(cache / "from-env"))
    monkeypatch.setenv("LECTURE_VOICE", "none")
    assert resolve().cache_dir == cache / "from-env"


def test_unset_means_the_default_engine(cache):
    need(DEFAULT)
    for name in (None, "", "default", "  Default "):
        v = resolve(name, cache)
        assert v.name == DEFAULT and v.speaks


def test_a_missing_engine_is_named_with_its_install_command(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # no program can be found
    for name in ENGINES:
        with pytest.raises(VoiceError, match="apt-get install") as err:
            resolve(name, tmp_path)
        assert "\n" not in str(err.value)
    v = resolve(None, tmp_path)  # unset: silence, with one warning line
    assert v.name == "none" and not v.speaks
    warning = capsys.readouterr().err.strip()
    assert warning.count("\n") == 0 and "apt-get install" in warning


@pytest.mark.parametrize("folder", ["nowhere", ""])
def test_recordings_folder_must_exist(tmp_path, folder):
    with pytest.raises(VoiceError, match="does not exist"):
        resolve(f"recordings:{tmp_path / folder if folder else ''}", tmp_path)


def test_beat_id_must_name_a_file(cache):
    need(DEFAULT)
    with pytest.raises(VoiceError, match="beat id"):
        resolve(DEFAULT, cache).speak(SHORT, "../escape")


# --- real synthesis ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ENGINES)
def test_engine_speaks_a_wav_that_grows_with_the_text(name, cache):
    need(name)
    v = resolve(name, cache)
    short, long = v.speak(SHORT, "Scene_01"), v.speak(LONG, "Scene_02")
    for speech in (short, long):
        params, data = samples_of(speech.path)
        assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, RATE)
        assert speech.seconds == pytest.approx(params.nframes / RATE, abs=1e-9)
        assert speech.source == name
        rms = np.sqrt(np.mean(data.astype(float) ** 2)) / 32768
        assert rms > 0.02, f"{name} produced near silence (RMS {rms:.4f})"
        # silence trimmed: the first and last 0.2 s are not all quiet padding
        edge = int(0.2 * RATE)
        assert np.abs(data[:edge]).max() > 300 and np.abs(data[-edge:]).max() > 300
    assert 1.0 < short.seconds < long.seconds < 20.0
    assert long.seconds > 1.8 * short.seconds


def test_cache_reuses_the_file_for_the_same_text(cache):
    need(DEFAULT)
    v = resolve(DEFAULT, cache)
    first = v.speak(SHORT, "Scene_01")
    stamp = first.path.stat().st_mtime_ns
    again = resolve(DEFAULT, cache).speak(SHORT, "Other_07")  # the key does not matter
    assert again.path == first.path and again.path.stat().st_mtime_ns == stamp
    other = v.speak(SHORT.replace("20.42", "20.43"), "Scene_01")
    assert other.path != first.path and other.path.parent == cache
    assert sorted(p.name for p in cache.iterdir()) == sorted([first.path.name, other.path.name])


def test_two_speakers_share_the_cache(cache):
    need(DEFAULT)
    results: list = []

    def speak() -> None:
        results.append(resolve(DEFAULT, cache).speak(LONG, "Scene_01"))

    threads = [threading.Thread(target=speak) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({r.path for r in results}) == 1
    assert not [p for p in cache.iterdir() if p.suffix != ".wav"]  # no temp file left
    assert samples_of(results[0].path)[0].nframes > RATE


def test_a_failing_engine_becomes_a_voice_error(tmp_path):
    broken = Engine("broken", ("false", "{text}", "{out}"), ("nothing",))
    with pytest.raises(VoiceError, match="broken could not say"):
        voice.synthesize(broken, SHORT)
    with pytest.raises(VoiceError):
        voice.Voice("broken", broken, tmp_path).speak(SHORT, "Scene_01")


# --- a teacher's recordings ---------------------------------------------------------------

def test_a_present_recording_is_used(tmp_path, cache):
    folder = tmp_path / "takes"
    folder.mkdir()
    write_wav(folder / "Scene_01.wav", 1.5)
    v = resolve(f"recordings:{folder}", cache)
    assert v.speaks and v.name == f"recordings:{folder}"
    speech = v.speak("anything at all", "Scene_01")
    assert speech.path == folder / "Scene_01.wav"
    assert speech.source == "recording" and speech.seconds == pytest.approx(1.5)
    assert v.missing == []


def test_a_recording_in_another_format_is_converted(tmp_path, cache):
    folder = tmp_path / "takes"
    folder.mkdir()
    write_wav(folder / "Scene_02.wav", 2.0, rate=48000, channels=2)
    speech = resolve(f"recordings:{folder}", cache).speak("anything", "Scene_02")
    params, data = samples_of(speech.path)
    assert speech.path.parent == cache and speech.source == "recording"
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, RATE)
    assert speech.seconds == pytest.approx(2.0, abs=0.01)
    assert np.abs(data).max() > 0.25 * 32767


def test_a_missing_recording_falls_back_and_is_listed(tmp_path, cache):
    need(DEFAULT)
    folder = tmp_path / "takes"
    folder.mkdir()
    write_wav(folder / "Scene_01.wav", 1.0)
    v = resolve(f"recordings:{folder}", cache)
    speech = v.speak(SHORT, "Scene_02")
    assert speech.source == f"{DEFAULT} (fallback: no recording)"
    assert speech.path.parent == cache and speech.seconds > 1.0
    v.speak(SHORT, "Scene_02")
    v.speak(SHORT, "Scene_01")
    assert v.missing == ["Scene_02"]


@pytest.mark.parametrize("damage", ["empty", "text", "header only", "cut short"])
def test_a_damaged_recording_is_named(tmp_path, cache, damage):
    folder = tmp_path / "takes"
    folder.mkdir()
    bad = folder / "Scene_03.wav"
    write_wav(bad, 1.0)
    whole = bad.read_bytes()
    bad.write_bytes({"empty": b"", "text": b"not a wav at all", "header only": whole[:16],
                     "cut short": whole[: len(whole) // 2]}[damage])
    v = resolve(f"recordings:{folder}", cache)
    with pytest.raises(VoiceError) as err:
        v.speak(SHORT, "Scene_03")
    assert str(bad) in str(err.value) and "\n" not in str(err.value)


def test_recordings_without_the_default_engine(monkeypatch, tmp_path):
    folder = tmp_path / "takes"
    folder.mkdir()
    write_wav(folder / "Scene_01.wav", 1.0)
    monkeypatch.setenv("PATH", str(tmp_path))
    v = resolve(f"recordings:{folder}", tmp_path / "cache")
    assert v.speak("hello", "Scene_01").source == "recording"
    with pytest.raises(VoiceError, match="missing"):
        v.speak("hello", "Scene_02")
    assert v.missing == ["Scene_02"]
