"""Fit the convolutional network to a person's own small black-and-white images.

A teacher draws a few images (6 x 6 by default, each pixel 0 for white or 1 for black),
gives each a class (2 to 4 classes; X and O are the lecture's example) and
:func:`fit_images` trains the lecture's network on them: one 3 x 3 filter and its bias,
ReLU, 2 x 2 max pooling and a dense head with SoftMax and cross entropy
(:class:`nnmath.cnn.ConvNetwork`), every weight from a seeded random start.

:func:`shift_report` then moves every training image one pixel up, down, left and right
(the pixels that fall off are lost, the new edge is white) and asks the trained network,
by its own forward pass, which class each shifted image is: the lecture's point that a
filter and pooling tolerate small shifts, checked on the teacher's own images.

Images travel as JSON (read by :func:`read_images_json`, written by :func:`images_json`)::

    {"classes": ["X", "O"],
     "images": [{"class": "X", "pixels": [[1, 0, 0, 0, 0, 1], [0, 1, 0, 0, 1, 0], ...]},
                {"class": "O", "pixels": [[0, 0, 1, 1, 0, 0], ...]}]}

``classes`` names the classes in order; each image has its ``class`` (one of them) and
its ``pixels``, one list per row, all images the same size (SIZES: 5 to 10 pixels a side).
Limits: MIN_CLASSES to MAX_CLASSES classes, at least one image per class, at most
MAX_IMAGES images.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence, cast

import numpy as np

from .arrays import frozen
from .cnn import ConvNetwork
from .conv import shift
from .descent import gradient_descent, initial_params
from .errors import DataError, NNMathError
from .fit import check_hidden
from .presets import CNN_MODEL, get_preset
from .trace import Trace
from .validate import check_max_steps, check_seed

__all__ = ["ImageData", "ShiftReport", "check_class_names", "check_images", "fit_images",
           "shift_report", "read_images_json", "images_json", "example_images", "DIRECTIONS",
           "MAX_IMAGES", "MIN_CLASSES", "MAX_CLASSES", "MIN_SIZE", "MAX_SIZE", "DEFAULT_SIZE",
           "MAX_NAME", "LEARNING_RATE", "MAX_ITERATIONS", "EXAMPLE_SEED"]

#: at most this many images (each one is drawn in the video)
MAX_IMAGES = 12
MIN_CLASSES, MAX_CLASSES = 2, 4
#: the side of an image, in pixels: a 3 x 3 filter and 2 x 2 pooling need at least 5
MIN_SIZE, MAX_SIZE, DEFAULT_SIZE = 5, 10, 6
#: the longest class name (it is written in the video and on the page)
MAX_NAME = 16
LEARNING_RATE = 0.1
MAX_ITERATIONS = 2000
#: the seed of the lecture's X/O run (nnmath.presets.CNN_SEED): its start reproduces it
EXAMPLE_SEED = 31
#: (name, rows, columns) of each one-pixel shift, in the order the report lists them
DIRECTIONS = (("up", -1, 0), ("down", 1, 0), ("left", 0, -1), ("right", 0, 1))

_NAME_CHARS = re.compile(r"[\w \-]+")
_RESERVED = re.compile(r"[ph]\d+")  # the network's own node names: p1.. (pooled), h1.. (hidden)


@dataclass(frozen=True, eq=False)
class ImageData:
    """Checked images and their classes.

    images: (n, size, size) floats, 0 (white) or 1 (black), read-only.
    labels: each image's class name.
    class_names: the classes, in order (the network's outputs).
    size: the side of every image.
    """

    images: np.ndarray
    labels: tuple[str, ...]
    class_names: tuple[str, ...]
    size: int = DEFAULT_SIZE

    @property
    def classes(self) -> np.ndarray:
        """Each image's class as its index in class_names."""
        return np.array([self.class_names.index(label) for label in self.labels], dtype=int)

    def __eq__(self, other) -> bool:
        if not isinstance(other, ImageData):
            return NotImplemented
        return (self.labels == other.labels and self.class_names == other.class_names
                and self.size == other.size and np.array_equal(self.images, other.images))

    __hash__ = None  # type: ignore[assignment]


def check_class_names(names) -> tuple[str, ...]:
    """The class names, stripped: MIN_CLASSES to MAX_CLASSES of them, none empty, none
    repeated, each at most MAX_NAME letters, digits, spaces, - or _."""
    if isinstance(names, (str, bytes)) or not isinstance(names, Sequence):
        raise DataError(f"the classes must be a list of names such as [\"X\", \"O\"], not {_shown(names)}")
    if len(names) < MIN_CLASSES:
        raise DataError(f"there {'is' if len(names) == 1 else 'are'} {len(names)} "
                        f"class{'' if len(names) == 1 else 'es'}; give at least {MIN_CLASSES} "
                        "(for example X and O)")
    if len(names) > MAX_CLASSES:
        raise DataError(f"there are {len(names)} classes; the limit is {MAX_CLASSES}, so remove "
                        f"{len(names) - MAX_CLASSES}")
    checked: list[str] = []
    for number, name in enumerate(names, 1):
        if not isinstance(name, str):
            raise DataError(f"class {number} is {_shown(name)}; a class name is text such as \"X\"")
        text = name.strip()
        if not text:
            raise DataError(f"class {number} has no name; type a name such as X or O")
        if len(text) > MAX_NAME:
            raise DataError(f"the name of class {number} ({_shown(text)}) is {len(text)} characters "
                            f"long; shorten it to at most {MAX_NAME}")
        if not _NAME_CHARS.fullmatch(text):
            raise DataError(f"the name of class {number} ({_shown(text)}) has a character other than "
                            "letters, digits, spaces, - and _; use only those")
        if _RESERVED.fullmatch(text):
            raise DataError(f"the name of class {number} ({_shown(text)}) is also the name of a node "
                            "inside the network (p1, p2, ... and h1, h2, ...); choose another name")
        if text.casefold() in (c.casefold() for c in checked):
            raise DataError(f"the class name {_shown(text)} is given twice; give each class its own name")
        checked.append(text)
    return tuple(checked)


def check_images(images, labels, class_names, size: int | None = None) -> ImageData:
    """Images and their classes checked one by one, into :class:`ImageData`.

    ``images``: grids of 0/1 pixels (lists of rows); ``labels``: each image's class name;
    ``class_names``: the classes in order; ``size``: the side every image must have (None:
    the first image's). Each problem raises a DataError naming the image and the fix.
    """
    names = check_class_names(class_names)
    if isinstance(images, (str, bytes)) or not isinstance(images, (Sequence, np.ndarray)):
        raise DataError(f"the images must be a list of pixel grids, not {_shown(images)}")
    if isinstance(labels, (str, bytes)) or not isinstance(labels, (Sequence, np.ndarray)):
        raise DataError(f"the classes of the images must be a list of names, not {_shown(labels)}")
    if len(images) == 0:
        raise DataError("there are no images; draw at least one image for each class")
    if len(images) > MAX_IMAGES:
        raise DataError(f"there are {len(images)} images; the limit is {MAX_IMAGES}, so remove "
                        f"{len(images) - MAX_IMAGES}")
    if len(labels) != len(images):
        raise DataError(f"there are {len(images)} images but {len(labels)} classes for them; "
                        "give every image one class")
    side = _check_size(size, "the image size") if size is not None else \
        _check_size(_side(images[0]), "image 1's number of rows")
    grids = [_check_grid(grid, number, side) for number, grid in enumerate(images, 1)]
    tags = tuple(_check_label(label, number, names) for number, label in enumerate(labels, 1))
    for name in names:
        if name not in tags:
            raise DataError(f"the class {_shown(name)} has no image; draw at least one {name} "
                            "(or remove the class)")
    return ImageData(images=frozen(np.array(grids, dtype=float)), labels=tags, class_names=names,
                     size=side)


def _side(grid) -> int:
    """The number of rows of a grid (what its size is said to be before it is checked)."""
    try:
        return len(grid)
    except TypeError:
        raise DataError(f"image 1 is {_shown(grid)}; an image is a list of rows of 0s and 1s") from None


def _check_size(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or \
            not MIN_SIZE <= value <= MAX_SIZE:
        raise DataError(f"{what} is {_shown(value)}; draw images {MIN_SIZE} to {MAX_SIZE} pixels a "
                        f"side ({DEFAULT_SIZE} is the lecture's)")
    return int(value)


def _check_grid(grid, number: int, side: int) -> list[list[float]]:
    """One image as rows of 0.0/1.0; a DataError naming the image, row and column."""
    if isinstance(grid, (str, bytes)) or not isinstance(grid, (Sequence, np.ndarray)):
        raise DataError(f"image {number} is {_shown(grid)}; an image is a list of rows of 0s and 1s")
    rows = list(grid)
    if len(rows) != side:
        raise DataError(f"image {number} has {len(rows)} rows; every image must be {side}x{side} "
                        f"like image 1, so give it {side} rows")
    out = []
    for r, row in enumerate(rows, 1):
        if isinstance(row, (str, bytes)) or not isinstance(row, (Sequence, np.ndarray)):
            raise DataError(f"row {r} of image {number} is {_shown(row)}; a row is a list of "
                            f"{side} pixels, each 0 or 1")
        if len(row) != side:
            raise DataError(f"row {r} of image {number} has {len(row)} pixels; every image must be "
                            f"{side}x{side} like image 1, so give each row {side} pixels")
        values = []
        for c, value in enumerate(row, 1):
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)) \
                    or value not in (0, 1):
                raise DataError(f"image {number}, row {r}, column {c} is {_shown(value)}; each pixel "
                                "must be 0 (white) or 1 (black)")
            values.append(float(value))
        out.append(values)
    return out


def _check_label(label, number: int, names: tuple[str, ...]) -> str:
    text = label.strip() if isinstance(label, str) else label
    if text not in names:
        if isinstance(text, str) and not text:
            raise DataError(f"image {number} has no class; give it one of: {', '.join(names)}")
        raise DataError(f"the class of image {number} is {_shown(label)}, which is not one of the "
                        f"classes ({', '.join(names)}); pick one of them or add that class")
    return text


def _shown(value, limit: int = 30) -> str:
    text = " ".join(repr(value).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- fitting -----------------------------------------------------------------------------
def model_for(data: ImageData, hidden: int = 2) -> ConvNetwork:
    """The lecture's network (3 x 3 filter, ReLU, 2 x 2 max pooling, ReLU head, SoftMax)
    for ``data``'s image size and classes, with ``hidden`` hidden nodes."""
    settings: dict[str, Any] = {**CNN_MODEL, "image_size": data.size, "outputs": data.class_names,
                "hidden": tuple(f"h{k + 1}" for k in range(check_hidden(hidden)))}
    return ConvNetwork(**settings)


def fit_images(data: ImageData, *, hidden: int = 2, learning_rate: float = LEARNING_RATE,
               max_iterations: int = MAX_ITERATIONS, tolerance: float = 0.001,
               seed: int = 0) -> Trace:
    """Train every filter value, the filter's bias and the dense head on ``data`` by
    gradient descent, from weights drawn from a standard normal seeded with ``seed``
    (biases 0); stops by the lecture's rule (every step size <= ``tolerance``, or
    ``max_iterations`` steps). With the X/O example, ``hidden`` 2, the learning rate 0.1
    and seed EXAMPLE_SEED this is the lecture's own run (preset ``cnn-x-vs-o``)."""
    if not isinstance(data, ImageData):
        raise DataError("fit_images needs ImageData; make it with check_images or read_images_json")
    model = model_for(data, hidden)
    limit = check_max_steps(max_iterations, "the maximum number of iterations")
    start = initial_params(model, check_seed(seed))
    return gradient_descent(model, start, data.images, data.classes.tolist(),
                            learning_rate=learning_rate, tolerance=tolerance, max_steps=limit,
                            seed=seed)


def example_images() -> ImageData:
    """The lecture's example: its O and its X (the ``cnn-x-vs-o`` preset's data and classes)."""
    preset = get_preset("cnn-x-vs-o")
    images, labels = preset.data
    classes = cast(Sequence[str], preset.model_settings["outputs"])
    return check_images([[list(row) for row in image] for image in images], list(labels), list(classes))


# --- shifted by one pixel ----------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class ShiftReport:
    """Every training image moved one pixel in each direction, classified by the trained
    network (its forward pass at the trace's final parameters).

    directions: names of the shifts (see DIRECTIONS), the second axis below.
    class_names, labels: the classes and each training image's class.
    own: (n, classes) the probabilities of the unshifted images; own_right (n,) whether
        each unshifted image comes out as its own class.
    shifted: (n, 4, size, size) the shifted images.
    probabilities: (n, 4, classes) SoftMax's probabilities of each shifted image.
    predicted: (n, 4) the winning class's index; right: (n, 4) whether it is the image's class.
    blank: (n, 4) whether the shift moved every black pixel out of the image.
    """

    directions: tuple[str, ...]
    class_names: tuple[str, ...]
    labels: tuple[str, ...]
    own: np.ndarray
    own_right: np.ndarray
    shifted: np.ndarray
    probabilities: np.ndarray
    predicted: np.ndarray
    right: np.ndarray
    blank: np.ndarray

    @property
    def total(self) -> int:
        """How many shifted images there are."""
        return int(self.right.size)

    @property
    def right_count(self) -> int:
        """How many shifted images still come out as their own class."""
        return int(self.right.sum())

    def per_image(self) -> list[int]:
        """For each training image, how many of its shifts still come out right."""
        return [int(v) for v in self.right.sum(axis=1)]

    def message(self) -> str:
        """The report in one sentence, with the unshifted images' own result beside it."""
        n = len(self.labels)
        own = int(self.own_right.sum())
        base = (f"the {n} training images themselves all come out right" if own == n else
                f"only {own} of the {n} training images themselves come out right")
        return f"{self.right_count} of {self.total} shifted images still come out right; {base}"

    def lines(self) -> list[str]:
        """One line per training image: each direction's verdict and winning class."""
        out = []
        for i, label in enumerate(self.labels):
            parts = []
            for d, name in enumerate(self.directions):
                won = self.class_names[int(self.predicted[i, d])]
                p = float(self.probabilities[i, d, int(self.predicted[i, d])])
                verdict = "right" if self.right[i, d] else "wrong"
                blank = ", blank" if self.blank[i, d] else ""
                parts.append(f"{name} {verdict} ({won} {p:.2f}{blank})")
            out.append(f"image {i + 1} ({label}): {self.per_image()[i]} of {len(self.directions)} "
                       f"right: {'; '.join(parts)}")
        return out

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON values: the counts, the sentence and every shifted image's result."""
        return {
            "directions": list(self.directions), "class_names": list(self.class_names),
            "labels": list(self.labels), "right_count": self.right_count, "total": self.total,
            "per_image": self.per_image(), "message": self.message(),
            "own": self.own.tolist(), "own_right": self.own_right.tolist(),
            "probabilities": self.probabilities.tolist(), "predicted": self.predicted.tolist(),
            "right": self.right.tolist(), "blank": self.blank.tolist(),
            "shifted": self.shifted.astype(int).tolist(),
        }


def shift_report(trace: Trace) -> ShiftReport:
    """Each training image of ``trace`` (a convolutional network's) shifted one pixel up,
    down, left and right, classified by the network at the trace's final parameters."""
    model = trace.model()
    if not isinstance(model, ConvNetwork):
        raise NNMathError(f"the shift report needs a convolutional network's trace, not a {trace.kind!r} one")
    images = np.asarray(trace.inputs, dtype=float)
    classes = np.asarray(trace.outputs, dtype=int)
    shifted = np.stack([shift(images, rows, cols) for _, rows, cols in DIRECTIONS], axis=1)
    probabilities = model.predict(trace.final_params, shifted)
    own = model.predict(trace.final_params, images)
    predicted = np.argmax(probabilities, axis=-1)
    return ShiftReport(
        directions=tuple(name for name, _, _ in DIRECTIONS),
        class_names=tuple(model.output_labels),
        labels=tuple(model.output_labels[c] for c in classes),
        own=frozen(own), own_right=frozen(np.argmax(own, axis=-1) == classes),
        shifted=frozen(shifted), probabilities=frozen(probabilities),
        predicted=frozen(predicted, dtype=np.int64), right=frozen(predicted == classes[:, None]),
        blank=frozen(~shifted.any(axis=(-2, -1))),
    )


# --- files -------------------------------------------------------------------------------
#: an images file larger than this is refused before it is read
MAX_FILE_BYTES = 1_000_000


def images_json(data: ImageData) -> str:
    """``data`` in the JSON shape :func:`read_images_json` reads (one image row a line)."""
    rows = []
    for image, label in zip(data.images, data.labels):
        pixels = ",\n      ".join(json.dumps([int(v) for v in row]) for row in image)
        rows.append(f'    {{"class": {json.dumps(label)}, "pixels": [\n      {pixels}]}}')
    return ('{"classes": ' + json.dumps(list(data.class_names)) + ',\n "images": [\n'
            + ",\n".join(rows) + "\n ]}\n")


def parse_images_json(text: str) -> ImageData:
    """Images from JSON text (the shape in this module's docstring), checked."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataError(f"the images file is not valid JSON ({err.msg} at line {err.lineno}, "
                        f"column {err.colno}); see the README for its shape") from None
    except RecursionError:
        raise DataError("the images file is nested too deeply; see the README for its shape") from None
    if not isinstance(doc, dict) or "classes" not in doc or "images" not in doc:
        raise DataError('the images file must be one JSON object with "classes" and "images", '
                        'e.g. {"classes": ["X", "O"], "images": [{"class": "X", "pixels": [[0, 1, ...], ...]}]}')
    entries = doc["images"]
    if not isinstance(entries, list):
        raise DataError(f'"images" is {_shown(entries)}; make it a list of {{"class": ..., "pixels": ...}}')
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or "class" not in entry or "pixels" not in entry:
            raise DataError(f'image {number} is {_shown(entry)}; write each image as '
                            '{"class": NAME, "pixels": [[0, 1, ...], ...]}')
    if len(entries) > MAX_IMAGES:
        raise DataError(f"there are {len(entries)} images; the limit is {MAX_IMAGES}, so remove "
                        f"{len(entries) - MAX_IMAGES}")
    return check_images([e["pixels"] for e in entries], [e["class"] for e in entries], doc["classes"])


def read_images_json(path) -> ImageData:
    """Images from a JSON file (the shape in this module's docstring), checked; a file
    that cannot be read or checked raises a one-sentence NNMathError."""
    where = Path(path)
    try:
        if not where.is_file():
            what = "it is a folder" if where.is_dir() else "there is no such file"
            raise NNMathError(f"cannot read the images file {_shown(str(path), 60)}: {what}")
        if where.stat().st_size > MAX_FILE_BYTES:
            raise NNMathError(f"the images file {_shown(str(path), 60)} is larger than {MAX_FILE_BYTES} "
                              f"bytes; {MAX_IMAGES} images of {MAX_SIZE}x{MAX_SIZE} need far less")
        text = where.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    except OSError as err:
        raise NNMathError(f"cannot read the images file {_shown(str(path), 60)}: "
                          f"{err.strerror or err}") from None
    return parse_images_json(text)
