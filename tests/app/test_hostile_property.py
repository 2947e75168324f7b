"""Random malformed values thrown at the page's form checks (hypothesis): every answer is
a FitRequest or one FieldError sentence under a field of the page; a value that is there
is never called empty; an accepted value is the value typed.

NNMATH_SWEEP_LOG=FILE appends each example's answer to FILE (see tests/nnmath's sweep).
"""

from __future__ import annotations

import math
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.form import FIELDS, FieldError, check_form, paste_to_rows
from tests.nnmath.test_hostile_property import kind_of, log

SETTINGS = settings(max_examples=int(os.environ.get("NNMATH_SWEEP_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

TYPED = st.one_of(
    st.none(), st.booleans(), st.integers(-10**25, 10**25), st.floats(),
    st.text(max_size=10),
    st.sampled_from(["", " ", "2.5", "150.7", "1e-400", "1e400", "0,5", "1 000", "1_000", "½",
                     "٣", "-0", "+3", "0x10", "\n", "1\n2", "nan", "-inf", "1e3", "03", ".5",
                     "5.", "0" * 400, "<b>1</b>", "1e-5", "20000", "20001", "softplus", "l"]),
    st.lists(st.integers(), max_size=2),
)
CELL = st.one_of(TYPED, st.floats(allow_nan=True))
TABLE = st.one_of(st.none(), st.lists(st.lists(CELL, max_size=3), max_size=6),
                  st.just([["0", "0"], ["0.5", "1"], ["1", "0"]]),
                  st.lists(st.tuples(CELL, st.sampled_from(["0", "1", "-2.5"])), min_size=1, max_size=5),
                  st.lists(st.tuples(st.sampled_from(["0", "1", "-2.5"]), CELL), min_size=1, max_size=5))


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value))


def field(*good):
    """Mostly a good value as the page sends it, else anything."""
    return st.one_of(st.sampled_from(good), st.sampled_from(good), TYPED)


@SETTINGS
@given(table=TABLE, iterations=field("1000", "50", "20000"),
       activation=field("relu", " Sigmoid ", "softplus"), hidden=field("2", "1", "4"),
       rate=field("0.1", "1e-4", "3"), seed=field("13", "0"), quality=field("l", "m", "high"))
def test_the_form_answers_every_value_in_one_sentence_under_its_field(table, iterations, activation,
                                                                      hidden, rate, seed, quality):
    values = dict(max_iterations=iterations, activation=activation, hidden=hidden,
                  learning_rate=rate, seed=seed, quality=quality)
    try:
        request = check_form(table, iterations, activation, hidden, rate, seed, quality)
    except FieldError as err:
        assert err.field in FIELDS and "\n" not in err.message and len(err.message) < 400
        if "is empty" in err.message and err.field in values:
            assert _blank(values[err.field]), (err.field, values[err.field])
        log("page", f"{err.field}: " + kind_of(err.message))
        return
    # accepted as typed: the whole numbers are the typed numbers, not rounded ones
    for name in ("max_iterations", "hidden", "seed"):
        typed = str(values[name]).strip()
        exact = int(typed) if typed.lstrip("+-").isdigit() and typed.isascii() else float(typed)
        assert exact == getattr(request, name), (name, typed)
    assert float(str(rate).strip()) == request.learning_rate
    log("page", "accepted")


@SETTINGS
@given(inputs=st.one_of(TYPED, st.text(max_size=40)), outputs=st.one_of(TYPED, st.text(max_size=40)))
def test_pasted_lists_are_rows_or_one_sentence(inputs, outputs):
    try:
        rows = paste_to_rows(inputs, outputs)
    except FieldError as err:
        assert err.field == "paste" and "\n" not in err.message
        log("page", "paste: " + kind_of(err.message))
        return
    assert rows and all(len(row) == 2 for row in rows)
    log("page", "paste: accepted")
