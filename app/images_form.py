"""What a teacher draws and sets on the images tab, checked field by field into an
:class:`ImagesRequest`.

The drawing arrives from the page's editor (:mod:`app.images_tab`) as plain JSON::

    {"size": 6, "images": [{"label": 0, "pixels": [[0, 1, ...], ...]}, ...]}

where ``label`` is the index of the image's class among the class names typed in their own
field (so renaming a class keeps every image's choice). Every problem becomes a
:class:`~app.form.FieldError` naming its field (one of FIELDS); the checks themselves are
nnmath's (:mod:`nnmath.images`), so the page and ``nnmath fit-images`` say the same.
Values are only turned into numbers or matched against the typed names: nothing reaches
a shell, ``eval`` or a file path.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from nnmath.errors import NNMathError
from nnmath.fit import MAX_HIDDEN, check_hidden
from nnmath.images import (DEFAULT_SIZE, EXAMPLE_SEED, LEARNING_RATE, MAX_ITERATIONS, MAX_SIZE,
                           MIN_SIZE, ImageData, check_class_names, check_images, example_images,
                           read_images_json)
from nnmath.validate import check_learning_rate, check_seed

from .form import FieldError, check_field, check_iterations
from .render import check_quality

__all__ = ["ImagesRequest", "FIELDS", "DEFAULTS", "check_images_form", "check_drawing", "split_names",
           "example_drawing", "drawing_of", "open_drawing", "resize_drawing", "MAX_HIDDEN"]

CACHE_VERSION = "images-video-1"  # change when the video, the files or the verdict change

#: the tab's fields, in the order they appear
FIELDS = ("classes", "images", "size", "hidden", "learning_rate", "max_iterations", "seed", "quality")

#: the lecture's X/O run: its seed and settings reproduce the lecture's filter
DEFAULTS = {"hidden": 2, "learning_rate": LEARNING_RATE, "max_iterations": MAX_ITERATIONS,
            "seed": EXAMPLE_SEED, "quality": "l", "size": DEFAULT_SIZE}

@dataclass(frozen=True)
class ImagesRequest:
    """Checked input of one images fit: everything the worker needs, nothing else."""

    class_names: tuple[str, ...]
    labels: tuple[str, ...]
    images: tuple[tuple[tuple[int, ...], ...], ...]
    size: int
    hidden: int
    learning_rate: float
    max_iterations: int
    seed: int
    quality: str
    tolerance: float = 0.001

    def as_dict(self) -> dict:
        """Plain JSON-ready values (tuples as lists, nested)."""
        return json.loads(json.dumps(asdict(self)))

    @classmethod
    def from_dict(cls, values: dict) -> ImagesRequest:
        """The request back from :meth:`as_dict` (in the worker process)."""
        return cls(**{k: _tuples(v) for k, v in values.items()})

    def key(self) -> str:
        """The cache key: a hash of every value (floats by their exact repr)."""
        text = json.dumps([CACHE_VERSION, self.as_dict()], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def data(self) -> ImageData:
        """The images as nnmath's checked ImageData."""
        return check_images([[list(row) for row in image] for image in self.images], list(self.labels),
                            list(self.class_names), self.size)


def _tuples(value):
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def split_names(text) -> list[str]:
    """"O, X" -> ["O", "X"]: the class names as typed, separated by commas (an empty text
    gives no names; an empty place between two commas is an empty name, for the check)."""
    if text is None or not str(text).strip():
        return []
    return [part.strip() for part in str(text).split(",")]


def drawing_of(data: ImageData) -> tuple[str, dict]:
    """Checked images as the editor holds them: (class names as typed, drawing)."""
    images = [{"label": int(k), "pixels": [[int(v) for v in row] for row in image]}
              for k, image in zip(data.classes, data.images)]
    return ", ".join(data.class_names), {"size": data.size, "images": images}


def example_drawing() -> tuple[str, dict]:
    """The X/O example as the editor holds it: (class names as typed, drawing)."""
    return drawing_of(example_images())


def open_drawing(path) -> tuple[str, dict]:
    """An images file (the JSON of ``nnmath fit-images``) as the editor holds it; a file
    that cannot be read or checked is a FieldError("images")."""
    try:
        return drawing_of(read_images_json(path))
    except NNMathError as err:
        raise FieldError("images", f"the file was not opened: {err}") from None


def resize_drawing(drawing, size) -> dict:
    """The drawing at another image size: blank rows and columns added at the bottom and
    right, or taken away there when they are blank. Taking away a black pixel would lose
    what was drawn: that raises a FieldError("size") naming the image."""
    new = _check("size", _size, size)
    images = _images(drawing)
    out = []
    for number, image in enumerate(images, 1):
        pixels = [list(row) for row in image.get("pixels", [])]
        lost = any(v for row in pixels[new:] for v in row) or any(v for row in pixels for v in row[new:])
        if lost:
            raise FieldError("size", f"image {number} has black pixels outside {new}x{new}; clear its "
                                     "last rows and columns first, or keep the larger size")
        pixels = [row[:new] + [0] * (new - len(row[:new])) for row in pixels[:new]]
        pixels += [[0] * new for _ in range(new - len(pixels))]
        out.append({"label": image.get("label", 0), "pixels": pixels})
    return {"size": new, "images": out}


def _size(value) -> int:
    try:
        number = float(str(value).strip())
    except ValueError:
        number = -1.0
    if number != int(number) or not MIN_SIZE <= number <= MAX_SIZE:
        raise NNMathError(f"the image size is {value!r}; choose a whole number from {MIN_SIZE} to "
                          f"{MAX_SIZE} ({DEFAULT_SIZE} is the lecture's)")
    return int(number)


def _images(drawing) -> list[dict]:
    """The editor's list of images; a FieldError when the drawing is not the editor's."""
    if isinstance(drawing, str):
        try:
            drawing = json.loads(drawing)
        except ValueError:
            drawing = None
    images = drawing.get("images") if isinstance(drawing, dict) else None
    if not isinstance(images, list) or not all(isinstance(i, dict) for i in images):
        raise FieldError("images", "the drawing could not be read; reload the page or press "
                                   "the X/O example to start again")
    return images


def _check(field: str, check, value):
    return check_field(field, check, value, DEFAULTS)


def check_drawing(class_names, drawing, size) -> ImageData:
    """The class names, the drawing and its size checked (fields "classes", "images" and
    "size"), as nnmath's ImageData."""
    try:
        names = check_class_names(split_names(class_names))
    except NNMathError as err:
        raise FieldError("classes", str(err)) from None
    side = _check("size", _size, size)
    images = _images(drawing)
    labels = []
    for number, image in enumerate(images, 1):
        k = image.get("label")
        if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k < len(names):
            raise FieldError("images", f"image {number} has no class (its class was taken away); "
                                       f"choose one of: {', '.join(names)}")
        labels.append(names[k])
    try:
        return check_images([image.get("pixels") for image in images], labels, names, side)
    except NNMathError as err:
        raise FieldError("images", str(err)) from None


def check_images_form(class_names, drawing, size, hidden, learning_rate, max_iterations, seed,
                      quality) -> ImagesRequest:
    """Every field checked in page order; the first problem raises its FieldError."""
    data = check_drawing(class_names, drawing, size)
    return ImagesRequest(
        class_names=data.class_names, labels=data.labels,
        images=tuple(tuple(tuple(int(v) for v in row) for row in image) for image in data.images),
        size=data.size,
        hidden=_check("hidden", check_hidden, hidden),
        learning_rate=_check("learning_rate", check_learning_rate, learning_rate),
        max_iterations=_check("max_iterations", check_iterations, max_iterations),
        seed=_check("seed", check_seed, seed),
        quality=_check("quality", check_quality, quality),
    )
