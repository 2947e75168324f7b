"""How well the offline voices of Debian 12 say a lecture: every candidate engine speaks
the same lecture-style sentences full of numbers, an offline speech recogniser
(pocketsphinx, whose en-US model ships inside its PyPI wheel) writes down what it hears,
and the script counts the errors. Also: speaking rate, synthesis time per second of
speech, the silence each engine adds, its native sample rate and installed size.
Prints a table and writes bench/results/voices.json; it asserts nothing.

    .venv/bin/python -m pip install pocketsphinx     (the recogniser; not a project dependency)
    .venv/bin/python bench/voices.py

Measures:
- WER: word error rate of the recogniser's transcript against the sentence as the engine
  should say it ("2.14" -> "two point one four"), with the recogniser's general English
  language model (open vocabulary). Lower is better. A weak recogniser errs on every voice
  (about the same words: "node's" -> "notes"), so compare engines, not absolute values.
  The interval resamples the sentences (bootstrap, 90 %); "WER - best" is the paired
  difference from the best engine on the same resampled sentences.
- numbers heard: share of the numbers (with their "minus") found word for word in the
  transcript: what a student must not mishear.
- PER: phone error rate of the recogniser's phone decoder (the wheel's phonetic language
  model, no words) against the dictionary phones of the sentence: a check on the ranking
  with little help from word context.
- wpm: words per minute over the clip as the lecture plays it (silence trimmed).
- synth s/s: seconds of synthesis per second of speech (median; lower is faster).
- MiB: what installing the engine's Debian packages adds (with the dependencies nothing
  else on this machine needs).

The recogniser learnt from recordings of people: it rewards voices made of recorded
speech (diphone voices) and punishes a formant synthesiser such as espeak-ng far more
than a listener would. Its figures rank intelligibility to a machine, a proxy for a
student's ear, not a listening test.
"""

from __future__ import annotations

import datetime as _dt
import json
import platform
import re
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scenes.common.voice import (  # noqa: E402
    MARGIN,
    SPECS,
    Engine,
    VoiceError,
    _level,
    _trim,
    synthesize,
)

__all__ = ["SENTENCES", "CANDIDATES", "words", "numbers", "wer", "freed_by_removing", "main"]

#: silence added before and after each clip for the recogniser (seconds)
PAD = 0.3
RESULTS = Path(__file__).resolve().parent / "results" / "voices.json"

SENTENCES: tuple[str, ...] = (
    "The top node's weight is minus 34.40 and its bias is 2.14.",
    "The sum of the squared residuals is 20.42.",
    "The step size is minus 5.73 times 0.1, which is minus 0.57.",
    "The bottom node's weight is minus 2.52 and its bias is 1.29.",
    "The new bias is 0.00 minus minus 0.57, which is 0.57.",
    "When the dosage is 0.5, the predicted effectiveness is 1.03.",
    "The derivative with respect to the final bias is minus 15.70.",
    "The softplus of 2.14 is 2.25.",
    "We multiply the y axis coordinates by 1.22 and then add 0.61.",
    "The learning rate is 0.1, so each step is small.",
    "After 12 steps the loss is 0.04, and we stop.",
    "The rectified linear unit turns minus 0.73 into 0.",
    "The cross entropy for this flower is 0.46.",
    "The filter adds 3 to every pixel it covers, and the bias is minus 2.",
    "The residual is the observed value, 1, minus the predicted value, 0.86, which is 0.14.",
    "The green squiggle now fits the data much better than before.",
    "We plug in 0.25 for the dosage and get an output of 0.77.",
    "The slope of the curve at this point is minus 1.30.",
    "The chain rule says we multiply minus 2 times the residual by the derivative of the "
    "prediction.",
    "Gradient descent takes 45 steps to find the optimal value, 2.61.",
)


_FESTIVAL_DIR = "/usr/share/festival/voices"
_SLOWER = '(set! hts_engine_params (append hts_engine_params (list (list "-r" {r}))))'


def _festival(name: str, voice: str, package: str, folder: str, known: str,
              *evals: str) -> Engine:
    argv = ("text2wave", "-eval", f"(voice_{voice})",
            *(x for e in evals for x in ("-eval", e)), "{text}", "-o", "{out}")
    return Engine(name, argv, ("festival", package), (f"{_FESTIVAL_DIR}/{folder}",),
                  ascii_only=True, known_for=known)


def _flite(name: str, voice: str, known: str, *settings: str) -> Engine:
    argv = ("flite", "-voice", voice, *(x for s in settings for x in ("--setf", s)),
            "-f", "{text}", "-o", "{out}")
    return Engine(name, argv, ("flite",), ascii_only=True, known_for=known)


def _espeak(name: str, known: str, *options: str) -> Engine:
    return Engine(name, ("espeak-ng", "-v", "en-us", *options, "-f", "{text}", "-w", "{out}"),
                  ("espeak-ng",), known_for=known)


#: every engine measured: the Debian 12 voices for US English, some at a slower rate
CANDIDATES: tuple[Engine, ...] = (
    _festival("festival slt-hts", "cmu_us_slt_arctic_hts", "festvox-us-slt-hts",
              "us/cmu_us_slt_arctic_hts", "female, HMM (HTS) statistical parametric, 32 kHz"),
    _festival("festival slt-hts r0.9", "cmu_us_slt_arctic_hts", "festvox-us-slt-hts",
              "us/cmu_us_slt_arctic_hts", "the same, speech rate 0.9",
              _SLOWER.format(r=0.9)),
    _festival("festival kal", "kal_diphone", "festvox-kallpc16k", "english/kal_diphone",
              "male, diphone concatenation (residual LPC), 16 kHz"),
    _festival("festival ked", "ked_diphone", "festvox-kdlpc16k", "english/ked_diphone",
              "male, diphone concatenation (residual LPC), 16 kHz"),
    _flite("flite slt", "slt", "female, clustergen statistical parametric, 16 kHz"),
    _flite("flite rms", "rms", "male, clustergen statistical parametric, 16 kHz"),
    _flite("flite awb", "awb", "Scottish male, clustergen statistical parametric, 16 kHz"),
    _flite("flite kal16", "kal16", "male, diphone concatenation, 16 kHz (the kal voice)"),
    _flite("flite kal16 x1.25", "kal16", "the same, durations stretched 1.25",
           "duration_stretch=1.25"),
    _espeak("espeak-ng", "formant synthesis, 175 words a minute"),
    _espeak("espeak-ng s150", "formant synthesis, 150 words a minute", "-s", "150"),
)


def supported_as(engine: Engine) -> str:
    """The LECTURE_VOICE name that runs exactly this command, or ''."""
    return next((n for n, e in SPECS.items() if e.argv == engine.argv), "")


#: words the recogniser's dictionary lacks, as it spells them
_ALIASES = {"node's": ["nodes"], "softplus": ["soft", "plus"], "oh": ["zero"]}

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _integer(n: int) -> list[str]:
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        return [_TENS[n // 10]] + ([_ONES[n % 10]] if n % 10 else [])
    return [_ONES[int(d)] for d in str(n)]


def _number_words(token: str) -> list[str]:
    whole, _, frac = token.partition(".")
    out = _integer(int(whole))
    if frac:
        out += ["point"] + [_ONES[int(d)] for d in frac]
    return out


def words(text: str) -> list[str]:
    """Lower-case words as spoken, numbers written out ("2.14" -> two point one four)."""
    out: list[str] = []
    for token in re.findall(r"\d+(?:\.\d+)?|[a-z']+", text.lower().replace("-", " ")):
        if token[0].isdigit():
            out += _number_words(token)
        elif token.strip("'"):
            out += _ALIASES.get(token, [token.strip("'")])
    return out


def numbers(text: str) -> list[list[str]]:
    """Each number of the sentence as the words that say it, with its "minus"."""
    found = []
    for m in re.finditer(r"(minus )?(\d+(?:\.\d+)?)", text):
        found.append((["minus"] if m.group(1) else []) + _number_words(m.group(2)))
    return found


def wer(ref: list[str], hyp: list[str]) -> int:
    """Word-level edit distance (substitutions + deletions + insertions)."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def _contains(hyp: list[str], part: list[str]) -> bool:
    return any(hyp[i:i + len(part)] == part for i in range(len(hyp) - len(part) + 1))


class Recogniser:
    """pocketsphinx with the en-US model bundled in its wheel: words (general language
    model) and phones (phonetic language model)."""

    def __init__(self) -> None:
        try:
            from pocketsphinx import Decoder, get_model_path
        except ImportError:
            sys.exit("bench/voices.py needs the offline recogniser pocketsphinx (its model ships "
                     "in the wheel): .venv/bin/python -m pip install pocketsphinx")
        self.lm = Decoder(samprate=16000, loglevel="FATAL")
        phone_lm = Path(get_model_path()) / "en-us" / "en-us-phone.lm.bin"
        self.phone = Decoder(samprate=16000, loglevel="FATAL", lm=None, allphone=str(phone_lm))

    def phones(self, text: str) -> list[str]:
        """Dictionary phones of a sentence (first pronunciation of each word)."""
        return [p for w in words(text) for p in (self.lm.lookup_word(w) or "").split()]

    def hear(self, samples: np.ndarray, rate: int) -> tuple[list[str], list[str]]:
        """(words, phones) the recogniser hears in float samples at ``rate``."""
        g = int(np.gcd(rate, 16000))
        x = resample_poly(samples, 16000 // g, rate // g)
        x = np.pad(x, int(PAD * 16000))  # the silence a recogniser expects around speech
        pcm = np.round(np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()
        for d in (self.lm, self.phone):
            d.start_utt()
            d.process_raw(pcm, full_utt=True)
            d.end_utt()
        hyp = self.lm.hyp()
        said = words(hyp.hypstr) if hyp else []
        phones = [s.word for s in self.phone.seg() if s.word.isalpha() and s.word != "SIL"]
        return said, phones


def _debian_packages() -> dict[str, tuple[int, set[str]]]:
    """Installed Debian packages: name -> (installed KiB, names it depends on, virtual
    names resolved to the installed packages that provide them)."""
    fmt = ("${Package}\t${db:Status-Abbrev}\t${Installed-Size}\t${Pre-Depends}, ${Depends}"
           "\t${Provides}\n")
    out = subprocess.run(["dpkg-query", "-W", "-f", fmt], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    rows, providers = {}, {}
    for line in out.splitlines():
        name, status, size, deps, provides = (line.split("\t") + [""] * 5)[:5]
        if not status.startswith("ii"):
            continue
        names = {re.split(r"[\s(:]", d.strip())[0] for d in re.split(r"[,|]", deps) if d.strip()}
        rows[name] = (int(size or 0), names)
        for v in provides.split(","):
            if v.strip():
                providers.setdefault(re.split(r"[\s(]", v.strip())[0], set()).add(name)
    return {n: (k, {p for d in deps for p in ({d} if d in rows else providers.get(d, ()))})
            for n, (k, deps) in rows.items()}


def freed_by_removing(packages: tuple[str, ...], ignore: set[str] = frozenset()
                      ) -> tuple[int, list[str]] | None:
    """KiB and names of ``packages`` plus the dependencies that nothing else installed
    needs, packages in ``ignore`` counted as absent: what installing them adds to a
    machine that has none of them (what removing them would free)."""
    try:
        installed = _debian_packages()
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    if not all(p in installed for p in packages):
        return None
    closure, todo = set(), list(packages)
    while todo:
        p = todo.pop()
        if p not in closure:
            closure.add(p)
            todo.extend(installed[p][1])
    own = set(packages)
    grew = True
    while grew:
        grew = False
        for p in sorted(closure - own):
            users = {q for q, (_, deps) in installed.items() if p in deps}
            if users and users <= own | ignore:
                own.add(p)
                grew = True
    return sum(installed[p][0] for p in own), sorted(own)


def bootstrap(errors: list[int], sizes: list[int], best: list[int] | None = None,
              seed: int = 0, n: int = 4000) -> tuple[float, float]:
    """90 % interval of the word error rate (%) when the sentences are resampled; with
    ``best``, of the difference from that engine's rate on the same resampled sentences."""
    pick = np.random.default_rng(seed).integers(0, len(errors), size=(n, len(errors)))
    words_drawn = np.asarray(sizes)[pick].sum(axis=1)
    rate = 100 * np.asarray(errors)[pick].sum(axis=1) / words_drawn
    if best is not None:
        rate -= 100 * np.asarray(best)[pick].sum(axis=1) / words_drawn
    low, high = np.percentile(rate, [5, 95])
    return round(float(low), 1), round(float(high), 1)


def measure(engine: Engine, ear: Recogniser) -> dict:
    """Every figure of one engine over SENTENCES."""
    errors, sizes, phone_errors, phone_sizes = [], [], [], []
    num_ok = num_all = 0
    spoken_s = 0.0
    per_s, lead, trail, rates, heard = [], [], [], set(), []
    for sentence in SENTENCES:
        start = time.perf_counter()
        rate, raw = synthesize(engine, sentence)
        took = time.perf_counter() - start
        rates.add(rate)
        trimmed = _level(_trim(raw, rate), rate)
        n = max(1, rate // 100)
        power = (raw[: raw.size // n * n].reshape(-1, n) ** 2).mean(axis=1)
        loud = np.nonzero(power > power.max() * 1e-4)[0]
        lead.append(loud[0] * n / rate)
        trail.append((power.size - 1 - loud[-1]) * n / rate)
        ref, ref_phones = words(sentence), ear.phones(sentence)
        hyp, phones = ear.hear(trimmed, rate)
        heard.append(" ".join(hyp))
        errors.append(wer(ref, hyp))
        sizes.append(len(ref))
        phone_errors.append(wer(ref_phones, phones))
        phone_sizes.append(len(ref_phones))
        for part in numbers(sentence):
            num_all += 1
            num_ok += _contains(hyp, part)
        spoken_s += trimmed.size / rate
        per_s.append(took / (raw.size / rate))
    others = {p for c in CANDIDATES for p in c.packages} - set(engine.packages)
    freed = freed_by_removing(engine.packages, others)
    return {
        "engine": engine.name,
        "lecture_voice": supported_as(engine),
        "command": " ".join(engine.argv),
        "apt_get_install": list(engine.packages),
        "installed_kib": freed[0] if freed else None,
        "installed_packages": freed[1] if freed else None,
        "wer_pct": round(100 * sum(errors) / sum(sizes), 1),
        "wer_90pct_interval": bootstrap(errors, sizes),
        "errors_per_sentence": errors,
        "words_per_sentence": sizes,
        "numbers_heard_pct": round(100 * num_ok / num_all, 1),
        "per_pct": round(100 * sum(phone_errors) / sum(phone_sizes), 1),
        "words_per_minute": round(60 * sum(sizes) / spoken_s, 1),
        "synthesis_s_per_speech_s": round(statistics.median(per_s), 4),
        "native_rate_hz": sorted(rates),
        "lead_silence_s": round(statistics.median(lead), 3),
        "trail_silence_s": round(statistics.median(trail), 3),
        "speech_seconds": round(spoken_s, 1),
        "known_for": engine.known_for,
        "heard": heard,
    }


def _table(rows: list[dict]) -> str:
    head = ("engine", "LECTURE_VOICE", "WER %", "90% interval", "WER - best", "numbers heard %",
            "PER %", "wpm", "synth s/s", "Hz", "lead s", "trail s", "MiB")
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * (len(head) - 2)]
    for r in rows:
        mib = f"{r['installed_kib'] / 1024:.0f}" if r["installed_kib"] else "?"
        low, high = r["wer_90pct_interval"]
        d_low, d_high = r["wer_minus_best_90pct_interval"]
        lines.append("| " + " | ".join((
            r["engine"], r["lecture_voice"], f"{r['wer_pct']:.1f}", f"{low:.1f} to {high:.1f}",
            f"{d_low:+.1f} to {d_high:+.1f}",
            f"{r['numbers_heard_pct']:.0f}", f"{r['per_pct']:.1f}",
            f"{r['words_per_minute']:.0f}", f"{r['synthesis_s_per_speech_s']:.3f}",
            "/".join(map(str, r["native_rate_hz"])), f"{r['lead_silence_s']:.2f}",
            f"{r['trail_silence_s']:.2f}", mib)) + " |")
    return "\n".join(lines)


def main() -> None:
    ear = Recogniser()
    rows, skipped = [], []
    for engine in CANDIDATES:
        if not engine.installed:
            skipped.append(f"{engine.name} (install: {engine.install_hint})")
            continue
        try:
            rows.append(measure(engine, ear))
        except VoiceError as err:
            skipped.append(f"{engine.name} ({err})")
        print(f"measured {engine.name}", file=sys.stderr)
    rows.sort(key=lambda r: (r["wer_pct"], -r["numbers_heard_pct"]))
    for r in rows:
        r["wer_minus_best_90pct_interval"] = bootstrap(
            r["errors_per_sentence"], r["words_per_sentence"], rows[0]["errors_per_sentence"])
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10, cwd=RESULTS.parents[2]).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    result = {
        "measured": _dt.date.today().isoformat(),
        "commit": commit,
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "recogniser": f"pocketsphinx {metadata.version('pocketsphinx')}, its bundled en-us "
                      f"model, 16 kHz, {PAD} s of silence around each clip",
        "sentences": list(SENTENCES),
        "trim_margin_s": MARGIN,
        "skipped": skipped,
        "engines": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    print(_table(rows))
    for s in skipped:
        print("skipped:", s)
    print(f"{len(SENTENCES)} sentences, {sum(len(words(s)) for s in SENTENCES)} words, "
          f"{sum(len(numbers(s)) for s in SENTENCES)} numbers; figures in {RESULTS}")


if __name__ == "__main__":
    main()
