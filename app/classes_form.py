"""What a person types on the page's classes tab, checked field by field into a
:class:`ClassesRequest`.

Every problem becomes an :class:`app.form.FieldError` naming the box it belongs to (one of
``FIELDS``), so the page shows the one-sentence message under that box. The rows and names
are checked by :mod:`nnmath.classes`, the settings by the same checks as the curve fit.
Values only become numbers or fixed choices; class and input names are kept as text and
written on the page as text, never as markup.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from nnmath import classes
from nnmath.errors import NNMathError
from nnmath.fit import check_hidden
from nnmath.validate import check_learning_rate, check_seed

from .form import SETTING_NAMES, FieldError, check_activation, check_field, check_iterations
from .render import check_quality

__all__ = ["ClassesRequest", "FIELDS", "DEFAULTS", "check_classes_form", "table_rows",
           "paste_to_rows", "example_rows", "CACHE_VERSION"]

CACHE_VERSION = "classes-video-1"  # change when the video, the files or the summary change

#: the tab's boxes that can hold an error, in page order
FIELDS = ("rows", "paste", "example", "names", "max_iterations", "learning_rate", "activation",
          "hidden", "seed", "row", "quality")

#: the tab starts with the lecture's three rows and these settings
DEFAULTS = {**{k: v for k, v in classes.DEFAULTS.items() if k != "tolerance"}, "row": 1,
            "quality": "l", "names": classes.LECTURE_INPUTS}

_NAMES = {**SETTING_NAMES, "row": "the row to follow"}


@dataclass(frozen=True)
class ClassesRequest:
    """Checked input of one classes fit: everything the worker needs, nothing else."""

    rows: tuple[tuple[float, float, str], ...]
    input_names: tuple[str, str]
    class_names: tuple[str, ...]
    hidden: int
    activation: str
    learning_rate: float
    max_iterations: int
    seed: int
    row: int  # the followed row, from 0
    quality: str
    tolerance: float = 0.001

    def as_dict(self) -> dict:
        """Plain JSON-ready values (tuples as lists)."""
        return json.loads(json.dumps(asdict(self)))

    @classmethod
    def from_dict(cls, values: dict) -> ClassesRequest:
        """The request back from :meth:`as_dict` (in the worker process)."""
        v = dict(values)
        v["rows"] = tuple((float(a), float(b), str(c)) for a, b, c in v["rows"])
        v["input_names"] = tuple(v["input_names"])
        v["class_names"] = tuple(v["class_names"])
        return cls(**v)

    def data(self) -> classes.ClassData:
        """The rows as nnmath's checked data."""
        return classes.check_class_rows(self.rows, self.input_names, self.class_names)

    def key(self) -> str:
        """The cache key: a hash of every value (floats by their exact repr)."""
        text = json.dumps([CACHE_VERSION, self.as_dict()], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def table_rows(table) -> list[list]:
    """The table's rows as lists of cells (a pandas DataFrame or a list of lists)."""
    if table is None:
        return []
    if hasattr(table, "values") and hasattr(table, "columns"):
        table = table.values.tolist()
    return [list(r) for r in table]


def paste_to_rows(text) -> tuple[list[list[str]], tuple[str, str] | None]:
    """Pasted lines of "input 1, input 2, class" (comma, semicolon or tab between them) as
    table rows, and the two input names when the first line names them (a CSV header).
    Checked like the table; a problem is a FieldError of the paste box."""
    lines = [line for line in str(text or "").splitlines() if line.strip()]
    if not lines:
        raise FieldError("paste", "the paste box is empty; paste one row a line, e.g. 0.04, 0.42, setosa")
    try:
        table = classes.split_rows(lines)
        names = (table[0][0], table[0][1]) if classes.names_inputs(table[0]) else None
        table = table[1:] if names else table
        classes.check_class_rows(table, names or ("input 1", "input 2"), row_word="line",
                                 first_row=2 if names else 1)
    except NNMathError as err:
        raise FieldError("paste", str(err)) from None
    return [row[:3] for row in table], names


def example_rows(which: str, x: str = "petal width", y: str = "sepal width"):
    """(rows, input names, settings) of an example: "lecture" (its three rows) or "iris"
    (the 150 rows, two measurements); a bad measurement is a FieldError of the example."""
    if which == "lecture":
        return ([_cells(r) for r in classes.lecture_rows()], classes.LECTURE_INPUTS,
                {"learning_rate": classes.DEFAULTS["learning_rate"]})
    try:
        data = classes.iris_data(x, y)
    except NNMathError as err:
        raise FieldError("example", str(err)) from None
    return [_cells(r) for r in data.rows()], data.input_names, dict(classes.IRIS_SETTINGS)


def _cells(row) -> list[str]:
    return [f"{row[0]:g}", f"{row[1]:g}", row[2]]


def _check(field: str, check, value):
    return check_field(field, check, value, DEFAULTS, _NAMES)


def check_classes_form(table, first_name, second_name, max_iterations, learning_rate, activation,
                       hidden, seed, row, quality) -> ClassesRequest:
    """Every box checked in page order; the first problem raises its FieldError."""
    try:
        names = classes.check_input_names((first_name, second_name))
    except NNMathError as err:
        raise FieldError("names", str(err)) from None
    try:
        data = classes.check_class_rows(table_rows(table), names)
    except NNMathError as err:
        raise FieldError("rows", str(err)) from None
    return ClassesRequest(
        rows=tuple(data.rows()), input_names=data.input_names, class_names=data.class_names,
        max_iterations=_check("max_iterations", check_iterations, max_iterations),
        learning_rate=_check("learning_rate", check_learning_rate, learning_rate),
        activation=_check("activation", check_activation, activation),
        hidden=_check("hidden", check_hidden, hidden),
        seed=_check("seed", check_seed, seed),
        row=_check("row", lambda v: classes.check_row(v, data.n_rows), row),
        quality=_check("quality", check_quality, quality),
    )
