"""Classes from two inputs: a person's own rows of (input 1, input 2, class), checked, and a
dense network with SoftMax outputs fitted to them by cross entropy.

The network is the lecture's Iris network grown or shrunk: two inputs, ``hidden`` nodes
``h1..hN`` with ReLU (or softplus, sigmoid), one output per class with SoftMax, the cross
entropy summed over the rows as its loss. Its weights start from a standard normal seeded
with ``seed``, its biases at 0 (:func:`nnmath.descent.initial_params`), and gradient
descent moves every weight and bias by the lecture's rule.

The cross entropy is a sum over the rows, so its derivatives grow with the number of rows
and a good learning rate shrinks as rows are added: the defaults (learning rate 0.01, 5000
iterations, seed 35) fit the lecture's three rows; the full Iris data takes ``IRIS_SETTINGS``
(learning rate 0.005), with which any two of its measurements fit, and petal width with
sepal width classifies 143 of the 150 rows right (95.3 %) in 670 iterations. With seed 35
no hidden node dies on any of these.

With ReLU a hidden node can end up 0 for every row (:func:`dead_nodes`): it no longer takes
part, and when every node is dead each row gets the same probabilities. Another seed or a
smaller learning rate usually avoids it.

Checks (:func:`check_class_rows`) give one sentence naming the row or name at fault:

- rows: at most ``MAX_ROWS``; wholly empty rows are left out, a row missing a value or its
  class is refused; every value a finite number no larger than ``MAX_INPUT`` in size;
- classes: from 2 to ``MAX_CLASSES``; a class is named by its first spelling, and later rows
  may spell it with other capitals or spaces ("Setosa", " setosa"); a class name may not
  contain ``[ ] - > ,`` (they name the network's outputs) nor be an input's name;
- input names: two, not empty, not the same.

A CSV file (:func:`read_class_csv`) has a header line naming the two inputs (the third
column's header names the class column and is not used) and one row per line::

    petal width,sepal width,species
    0.04,0.42,setosa
    1.00,0.54,virginica

The full Iris data set comes from scikit-learn (:func:`iris_rows`), each measurement scaled
to 0..1 by its minimum and maximum and rounded to two decimals, as the lecture shows it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .arrays import frozen
from .dense import DenseNetwork
from .descent import gradient_descent, initial_params
from .errors import DataError, SettingError, UnknownNameError
from .fit import HIDDEN_ACTIVATIONS, MAX_HIDDEN, check_hidden
from .reference import IRIS_TRAINING
from .trace import Trace
from .validate import MAX_POINTS, as_number, check_max_steps, check_seed, is_blank

__all__ = [
    "ClassData", "MAX_ROWS", "MAX_CLASSES", "MAX_NAME", "MAX_INPUT", "MAX_FILE_BYTES", "DEFAULTS",
    "IRIS_MEASUREMENTS", "IRIS_CLASSES", "IRIS_SETTINGS", "LECTURE_INPUTS", "network",
    "check_input_names", "check_class_rows", "check_class_names", "check_row", "fit_classes",
    "accuracy", "predicted", "dead_nodes", "read_class_csv", "class_csv", "split_rows",
    "names_inputs", "iris_rows", "iris_data", "lecture_rows", "lecture_data",
]

#: at most this many rows (the dense network's limit on data points)
MAX_ROWS = MAX_POINTS
#: from 2 to this many classes (one output node each)
MAX_CLASSES = 4
#: at most this many characters in an input or class name (it is written on the video)
MAX_NAME = 24
#: inputs beyond this size make the first steps blow up: rescale them (e.g. to 0..1)
MAX_INPUT = 1e6
#: a CSV file larger than this is refused before it is read
MAX_FILE_BYTES = 1_000_000
#: settings that fit both the lecture's three rows and the full Iris data
DEFAULTS = {"hidden": 2, "activation": "relu", "learning_rate": 0.01, "max_iterations": 5000,
            "tolerance": 0.001, "seed": 35}
#: the settings that differ for the full Iris data (150 rows: a smaller learning rate)
IRIS_SETTINGS = {"learning_rate": 0.005}

#: scikit-learn's Iris measurements (in centimetres), by the names used here
IRIS_MEASUREMENTS = ("sepal length", "sepal width", "petal length", "petal width")
IRIS_CLASSES = ("setosa", "versicolor", "virginica")
#: the lecture's inputs
LECTURE_INPUTS = ("petal width", "sepal width")

_FORBIDDEN = "[]->,"


@dataclass(frozen=True, eq=False)
class ClassData:
    """Checked rows of two inputs and a class.

    Attributes:
        inputs: (rows, 2) floats, read-only.
        labels: each row's class name (as in ``class_names``).
        input_names: the two inputs' names.
        class_names: the classes, in the order first seen (or as given).
    """

    inputs: np.ndarray
    labels: tuple[str, ...]
    input_names: tuple[str, str]
    class_names: tuple[str, ...]

    @property
    def n_rows(self) -> int:
        return len(self.labels)

    def class_indices(self) -> np.ndarray:
        """Each row's class as its index in ``class_names``."""
        return np.array([self.class_names.index(c) for c in self.labels], dtype=int)

    def rows(self) -> list[tuple[float, float, str]]:
        """The rows as (input 1, input 2, class)."""
        return [(float(a), float(b), c) for (a, b), c in zip(self.inputs, self.labels)]


# --- checks ------------------------------------------------------------------------------
def _key(name: str) -> str:
    """Two spellings of one class ("Setosa", " setosa ") have the same key."""
    return " ".join(name.split()).casefold()


def _name_problem(name: str) -> str | None:
    """Why ``name`` cannot name an input or a class, or None."""
    bad = sorted({c for c in name if c in _FORBIDDEN})
    if bad:
        fixed = " ".join(re.sub(r"[\[\]\->,]+", " ", name).split())
        return (f"contains {' and '.join(repr(c) for c in bad)}, which a name cannot hold "
                f"(it labels a node of the network); write it as {fixed!r}")
    if len(name) > MAX_NAME:
        return f"is {len(name)} characters long; keep it to {MAX_NAME} so the video can show it"
    return None


def check_input_names(names) -> tuple[str, str]:
    """The two inputs' names: both typed, different, at most MAX_NAME characters."""
    if isinstance(names, str) or names is None:
        raise DataError("give the two inputs' names, e.g. petal width and sepal width")
    items = [("" if is_blank(n) else " ".join(str(n).split())) for n in list(names)]
    if len(items) != 2:
        raise DataError(f"there are {len(items)} input names; give two (a network of this kind "
                        "takes two inputs)")
    for which, name in zip(("first", "second"), items):
        if not name:
            raise DataError(f"the {which} input has no name; type one, e.g. petal width")
        problem = _name_problem(name)
        if problem:
            raise DataError(f"the {which} input's name {name!r} {problem}")
    if _key(items[0]) == _key(items[1]):
        raise DataError(f"both inputs are named {items[0]!r}; give the second input another name")
    return items[0], items[1]


def check_class_names(names, input_names=()) -> tuple[str, ...]:
    """Class names as given: 2 to MAX_CLASSES, each typed once, none an input's name."""
    if isinstance(names, str):
        names = [part for part in re.split(r"[,;\n]+", names)]
    items = [" ".join(str(n).split()) for n in names if not is_blank(n)]
    seen: dict[str, str] = {}
    for name in items:
        _check_class_name(name, "the class name", input_names)
        if _key(name) in seen:
            raise DataError(f"the class {name!r} is named twice (as {seen[_key(name)]!r} and "
                            f"{name!r}); give each class once")
        seen[_key(name)] = name
    _check_count(items)
    return tuple(items)


def _check_class_name(name: str, where: str, input_names) -> None:
    problem = _name_problem(name)
    if problem:
        raise DataError(f"{where} {name!r} {problem}")
    if _key(name) in {_key(n) for n in input_names}:
        raise DataError(f"{where} {name!r} is also an input's name; rename the class or the input")
    hidden = {f"h{k + 1}" for k in range(MAX_HIDDEN)}
    if _key(name) in hidden:
        raise DataError(f"{where} {name!r} is the name of a hidden node (h1 to h{MAX_HIDDEN}); "
                        "give the class another name")


def _check_count(classes) -> None:
    if len(classes) < 2:
        only = f"every row is of the class {classes[0]!r}" if classes else "there are no classes"
        raise DataError(f"{only}; give rows of at least two classes")
    if len(classes) > MAX_CLASSES:
        raise DataError(f"there are {len(classes)} classes ({', '.join(classes)}); the limit is "
                        f"{MAX_CLASSES}: leave out the rows of {len(classes) - MAX_CLASSES} of them")


def _table(rows) -> list:
    if rows is None or isinstance(rows, (str, bytes)):
        raise DataError("the rows must be a table of input 1, input 2 and class; "
                        "type at least one row per class")
    if hasattr(rows, "values") and hasattr(rows, "columns"):  # a pandas DataFrame
        rows = rows.values.tolist()
    try:
        return [list(r) if not isinstance(r, (str, bytes)) else [r] for r in rows]
    except TypeError:
        raise DataError("the rows must be a table of input 1, input 2 and class") from None


def check_class_rows(rows, input_names, class_names=None, *, row_word: str = "row",
                     first_row: int = 1) -> ClassData:
    """Rows of [input 1, input 2, class] checked into a :class:`ClassData`.

    ``class_names`` (optional) fixes the classes and their order; otherwise they are the
    classes in the order first seen. Rows are numbered from ``first_row`` in messages and
    called ``row_word`` ("line" for a file). Raises a DataError in one sentence.
    """
    names = check_input_names(input_names)
    table = _table(rows)
    filled = [(n, r) for n, r in enumerate(table, first_row) if not all(is_blank(c) for c in r)]
    if len(filled) > MAX_ROWS:
        raise DataError(f"there are {len(filled)} rows; the limit is {MAX_ROWS}: leave some out")
    if not filled:
        raise DataError("there are no rows; type at least one row for each of two classes")
    given = check_class_names(class_names, names) if class_names is not None else None
    known: dict[str, str] = {_key(c): c for c in given} if given else {}
    values, labels = [], []
    for number, row in filled:
        where = f"{row_word} {number}"
        cells = [c for c in row]
        extra = [c for c in cells[3:] if not is_blank(c)]
        if extra:
            raise DataError(f"{where} has {3 + len(extra)} values; give three: {names[0]}, "
                            f"{names[1]} and the class")
        cells = (cells + [None] * 3)[:3]
        for cell, what in zip(cells, (*names, "class")):
            if is_blank(cell):
                raise DataError(f"{where} has no {what}; fill it in or clear the whole row")
        pair = [as_number(c.strip() if isinstance(c, str) else c, f"{where}'s {what}")
                for c, what in zip(cells[:2], names)]
        for value, what in zip(pair, names):
            if abs(value) > MAX_INPUT:
                raise DataError(f"{where}'s {what} is {value:g}; inputs beyond {MAX_INPUT:g} make "
                                "the network's steps blow up: rescale each input, e.g. to 0..1")
        label = " ".join(str(cells[2]).split())
        if _key(label) not in known:
            if given:
                raise DataError(f"{where}'s class {label!r} is not one of the classes "
                                f"{', '.join(given)}; correct it or add the class")
            _check_class_name(label, f"{where}'s class", names)
            known[_key(label)] = label
        values.append(pair)
        labels.append(known[_key(label)])
    classes = given or tuple(dict.fromkeys(labels))
    _check_count(list(classes))
    missing = [c for c in classes if c not in labels]
    if missing:
        raise DataError(f"no row is of the class {missing[0]!r}; add a row of it or leave the class out")
    return ClassData(inputs=frozen(np.array(values, dtype=float).reshape(-1, 2)),
                     labels=tuple(labels), input_names=names, class_names=tuple(classes))


# --- the fit -----------------------------------------------------------------------------
def _activation(value) -> str:
    name = str(value).strip().lower()
    if name not in HIDDEN_ACTIVATIONS:
        raise UnknownNameError(f"the activation is {value!r}; choose one of: "
                               f"{', '.join(HIDDEN_ACTIVATIONS)}")
    return name


def network(data: ClassData, hidden: int = 2, activation: str = "relu") -> DenseNetwork:
    """The dense network for ``data``: its inputs, ``hidden`` nodes h1..hN, one SoftMax
    output per class, cross entropy."""
    return DenseNetwork(inputs=data.input_names, hidden=tuple(f"h{k + 1}" for k in range(hidden)),
                        outputs=data.class_names, activation=activation, output="softmax",
                        loss="cross-entropy")


def fit_classes(data: ClassData, *, hidden: int = 2, activation: str = "relu",
                learning_rate: float = 0.01, max_iterations: int = 5000,
                tolerance: float = 0.001, seed: int = 35) -> Trace:
    """Fit the dense network (:func:`network`) to ``data`` from seeded weights by gradient
    descent; the trace's model outputs are ``data.class_names``, its inputs
    ``data.input_names``."""
    if not isinstance(data, ClassData):
        raise DataError("fit_classes needs checked rows: build them with check_class_rows")
    model = network(data, check_hidden(hidden), _activation(activation))
    max_iterations = check_max_steps(max_iterations, "the maximum number of iterations")
    start = initial_params(model, check_seed(seed))
    y = data.class_indices()
    return gradient_descent(model, start, data.inputs, y, learning_rate=learning_rate,
                            tolerance=tolerance, max_steps=max_iterations, seed=seed)


def check_row(value, n_rows: int) -> int:
    """The row a video follows, typed counting from 1: its index (from 0)."""
    try:
        number = as_number(value, "the row to follow")
    except DataError as err:
        raise SettingError(str(err)) from None
    if number != int(number) or not 1 <= number <= n_rows:
        raise SettingError(f"the row to follow is {value!r}; choose a whole number from 1 to "
                           f"{n_rows} (there are {n_rows} rows)")
    return int(number) - 1


def predicted(trace: Trace) -> np.ndarray:
    """Each row's winning class (index) after the last step."""
    return np.argmax(np.asarray(trace.final_predictions), axis=-1)


def accuracy(trace: Trace) -> float:
    """The share of the trace's own rows whose winning class is their class."""
    if trace.outputs.size == 0:
        raise DataError("the trace has no observed classes to compare with")
    return float(np.mean(predicted(trace) == np.asarray(trace.outputs).astype(int)))


def dead_nodes(trace: Trace) -> tuple[str, ...]:
    """Hidden nodes that are 0 for every row after the last step (a ReLU that never
    switches on): they take no part in the classification any more."""
    hidden = np.asarray(trace.forward().hidden)
    names = tuple(trace.model_settings["hidden"])
    return tuple(n for n, col in zip(names, hidden.T) if np.all(col == 0))


# --- files and examples ------------------------------------------------------------------
def read_class_csv(path) -> ClassData:
    """Rows from a CSV file whose first line names the two inputs (and the class column);
    comma, semicolon or tab separated. A damaged file is one DataError sentence."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(f"{name} is {size / 1e6:.1f} MB; a file of at most {MAX_ROWS} rows "
                            f"is far smaller (the limit is {MAX_FILE_BYTES / 1e6:g} MB)")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise DataError(f"{name} is a folder; give a CSV file") from None
    except FileNotFoundError:
        raise DataError(f"there is no file {str(path)!r}; check the name") from None
    except OSError as err:
        raise DataError(f"cannot read {str(path)!r}: {err.strerror or err}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{name} is not a UTF-8 text file; save it as CSV (UTF-8)") from None
    if "\x00" in text:
        raise DataError(f"{name} is not a text file; save it as CSV (UTF-8)")
    lines = text.splitlines()
    first = next((k for k, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise DataError(f"{name} is empty; its first line names the two inputs and the class, "
                        "e.g. petal width,sepal width,species")
    try:
        table = split_rows(lines[first:])
    except DataError as err:
        raise DataError(f"{name}: {err}") from None
    header = table[0]
    if len([h for h in header if h]) < 2 or not names_inputs(header):
        raise DataError(f"the first line of {name} must name the two inputs and the class, "
                        f"e.g. petal width,sepal width,species (it is {lines[first].strip()[:40]!r})")
    if len([h for h in header[3:] if h]):
        raise DataError(f"the first line of {name} names {len(header)} columns; give three: "
                        "two inputs and the class")
    try:
        return check_class_rows(table[1:], header[:2], row_word="line", first_row=first + 2)
    except DataError as err:
        raise DataError(f"{name}: {err}") from None


def class_csv(data: ClassData, class_column: str = "class") -> str:
    """The rows as the CSV text :func:`read_class_csv` reads: a header line, then one row a
    line (numbers as Python writes them, so they read back exactly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*data.input_names, class_column])
    writer.writerows([repr(a), repr(b), c] for a, b, c in data.rows())
    return out.getvalue()


def split_rows(lines) -> list[list[str]]:
    """Lines of text as rows of stripped cells, split at commas, semicolons or tabs (whichever
    the first line has most of); quoted cells as CSV quotes them."""
    lines = list(lines)
    delimiter = max(",;\t", key=lines[0].count) if lines else ","
    try:
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO("\n".join(lines)),
                                                                 delimiter=delimiter)]
    except csv.Error as err:
        raise DataError(f"the rows cannot be read as CSV ({err}); save them again as CSV") from None


def names_inputs(cells) -> bool:
    """Whether a first row names the inputs (a header): its first two cells are not numbers."""
    try:
        [float(c) for c in cells[:2]]
    except ValueError:
        return len(cells) >= 2
    return False


def _measurement(value, which: str) -> str:
    name = " ".join(str(value).lower().replace("(cm)", "").replace("_", " ").split())
    if name not in IRIS_MEASUREMENTS:
        raise UnknownNameError(f"the {which} measurement {value!r} is not an Iris measurement; "
                               f"choose one of: {', '.join(IRIS_MEASUREMENTS)}")
    return name


def iris_rows(x: str = "petal width", y: str = "sepal width") -> list[tuple[float, float, str]]:
    """The 150 rows of the Iris data set (scikit-learn's copy) as (x, y, species), each
    measurement scaled to 0..1 by its minimum and maximum and rounded to two decimals."""
    a, b = _measurement(x, "first"), _measurement(y, "second")
    if a == b:
        raise SettingError(f"both measurements are {a}; choose two different ones")
    from sklearn.datasets import load_iris  # type: ignore[import-untyped]  # only when asked for

    iris = load_iris()
    table = iris.data[:, [IRIS_MEASUREMENTS.index(a), IRIS_MEASUREMENTS.index(b)]]
    low, high = table.min(axis=0), table.max(axis=0)
    scaled = np.round((table - low) / (high - low), 2)
    species = [str(iris.target_names[t]) for t in iris.target]
    return [(float(p), float(q), s) for (p, q), s in zip(scaled, species)]


def iris_data(x: str = "petal width", y: str = "sepal width") -> ClassData:
    """:func:`iris_rows` checked, with the measurements as the input names."""
    rows = iris_rows(x, y)
    return check_class_rows(rows, (_measurement(x, "first"), _measurement(y, "second")),
                            IRIS_CLASSES)


def lecture_rows() -> list[tuple[float, float, str]]:
    """The lecture's three training rows: (petal width, sepal width, species)."""
    inputs, species = IRIS_TRAINING
    return [(float(p), float(s), c) for (p, s), c in zip(inputs, species)]


def lecture_data() -> ClassData:
    """The lecture's three rows, the classes in the lecture's order."""
    return check_class_rows(lecture_rows(), LECTURE_INPUTS, IRIS_CLASSES)
