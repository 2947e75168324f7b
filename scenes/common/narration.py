"""What is said during a beat: one or two plain sentences, numbers formatted from trace values.

A :class:`Say` is a template with named values, each a trace value and the formatter the
screen uses for it, so the caption, the voice and the picture write a number the same way::

    say("The top node's weight is {w1} and its bias is {b1}.",
        w1=params["w1"], b1=params["b1"])

``Say.text`` is what the captions and the script show (numbers in digits, as on screen);
``Say.spoken`` is the same sentence for a voice ("minus 34.40" instead of "-34.40").
A beat with nothing to say carries :data:`SILENT` (a pure transition), never ``None``.

Templates hold words only: a digit typed into a template is a number that did not come
from a trace, and the guards in the test suite reject it.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Callable

from .numbers import fmt, fmt_input, fmt_signed, fmt_small

__all__ = ["Value", "Say", "say", "SILENT", "num", "small", "plain", "count", "signed",
           "spoken", "reading_seconds", "NUMBER", "WORDS_PER_MINUTE"]

#: reading speed used for captions when no voice speaks (about 150 words a minute)
WORDS_PER_MINUTE = 150.0
#: the shortest time a caption stays up, however short its sentence
MIN_CAPTION = 1.6

#: a number as written in a caption: not part of a name such as b3 or w1
NUMBER = re.compile(r"(?<![A-Za-z0-9_.])-?\d+(?:\.\d+)?(?![A-Za-z0-9_])")


@dataclass(frozen=True)
class Value:
    """A number the narration talks about: the trace value, how it is written, and whether
    it is a trace value (``"trace"``) or a count of things (``"count"``: step 4, 3 dosages)."""

    value: float
    formatter: Callable[[float], str] = fmt
    kind: str = "trace"

    @property
    def text(self) -> str:
        return self.formatter(self.value)


def num(value: float) -> Value:
    """A trace value written with two decimals, as the screen writes it (``-1.30``)."""
    return Value(float(value), fmt)


def small(value: float) -> Value:
    """A slope or step size: two significant figures when it is tiny (``-0.0093``)."""
    return Value(float(value), fmt_small)


def plain(value: float) -> Value:
    """A data input or a setting as typed (``0.5``, ``0.1``, ``0.001``)."""
    return Value(float(value), fmt_input)


def signed(value: float) -> Value:
    """A value written after another term (``+ 2.14``, ``- 0.58``)."""
    return Value(float(value), fmt_signed)


def count(n: int) -> Value:
    """A whole number of things: a step number, how many data points."""
    return Value(float(int(n)), lambda v: str(int(v)), kind="count")


@dataclass(frozen=True)
class Say:
    """A sentence template and the values plugged into it (see the module docstring)."""

    template: str
    values: tuple[tuple[str, Value], ...] = ()

    @property
    def silent(self) -> bool:
        """True for a pure transition: nothing is said."""
        return not self.template.strip()

    @property
    def text(self) -> str:
        """The sentence as captions show it: numbers in digits, as on screen."""
        return self.template.format(**{k: v.text for k, v in self.values})

    @property
    def spoken(self) -> str:
        """The sentence as a voice says it (see :func:`spoken`)."""
        return spoken(self.text)

    @property
    def numbers(self) -> dict[str, Value]:
        return dict(self.values)


#: the narration of a beat that is a pure transition
SILENT = Say("")


def say(template: str, **values: float | Value) -> Say:
    """A :class:`Say`; plain floats are written with :func:`fmt` (two decimals)."""
    fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    missing = fields - set(values)
    if missing:
        raise KeyError(f"narration names {sorted(missing)} but no value was given for them")
    unused = set(values) - fields
    if unused:
        raise KeyError(f"values {sorted(unused)} are not used in the sentence {template!r}")
    packed = tuple((k, v if isinstance(v, Value) else num(v)) for k, v in values.items())
    return Say(template, packed)


_SPOKEN = (
    (re.compile(r"(?<![A-Za-z0-9])-\s?(?=\d)"), "minus "),
    (re.compile(r"(?<=\s)\+\s(?=\d)"), "plus "),
    (re.compile(r"\u00d7"), " times "),
    (re.compile(r"(?<=\s)=(?=\s)"), " equals "),
    (re.compile(r"\bSSR\b"), "S.S.R."),
)


def spoken(text: str) -> str:
    """``text`` as a voice should read it: a minus sign before a number is "minus", "+"
    between terms "plus", "x" "times", SSR spelled out. Digits stay digits; every voice
    reads "2.14" as "two point one four"."""
    for pattern, words in _SPOKEN:
        text = pattern.sub(words, text)
    return re.sub(r"\s+", " ", text).strip()


def reading_seconds(text: str) -> float:
    """How long a caption takes to read at :data:`WORDS_PER_MINUTE`; a number counts as
    as many words as it takes to say ("minus 34.40": minus, thirty-four, point, four, zero)."""
    if not text.strip():
        return 0.0
    words = 0.0
    for token in spoken(text).split():
        digits = sum(ch.isdigit() for ch in token)
        words += max(1.0, digits * 0.75 + ("." in token)) if digits else 1.0
    return max(MIN_CAPTION, words * 60.0 / WORDS_PER_MINUTE)
