"""Every preset's trace, exported to JSON, is the same to the last bit as the committed
golden copy: the numbers do not move when the code under them is reorganised.

Small exports are kept whole in ``golden/NAME.json`` (a difference is then shown field by
field); every export, large or small, has its SHA-256 in ``golden/sha256.json``.
Rewrite the golden files only on purpose, when a change of the numbers is intended:

    python -m tests.nnmath.test_golden_traces
"""

import hashlib
import json
from pathlib import Path

import pytest

from nnmath import PRESETS, Line, build, fit, gradient_descent
from nnmath.export import to_json

GOLDEN = Path(__file__).with_name("golden")
#: exports up to this many characters are kept whole
WHOLE_LIMIT = 25_000

TRACES = {name: (lambda n=name: build(n)) for name in PRESETS}
TRACES |= {
    # the page's fits: the dosage network (2 hidden nodes) and a dense one (3), and a
    # mini-batch run with a shrinking rate, so every descent path is pinned too
    "fit-dosage": lambda: fit([0, 0.5, 1, 1.5], [0, 1, 0.5, 0], max_iterations=60, seed=3),
    "fit-dense-3": lambda: fit([0, 0.5, 1, 1.5], [0, 1, 0.5, 0], hidden=3, activation="sigmoid",
                               max_iterations=60, seed=5),
    "line-minibatch": lambda: gradient_descent(
        Line(), dict(intercept=0.0, slope=1.0), [0.5, 2.3, 2.9], [1.4, 1.9, 3.2],
        learning_rate=0.01, batch_size=2, max_steps=40, schedule="exponential:0.9"),
}


def export(name: str) -> str:
    return to_json(TRACES[name]())


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_every_preset_is_pinned():
    assert set(PRESETS) <= set(json.loads((GOLDEN / "sha256.json").read_text()))


@pytest.mark.parametrize("name", list(TRACES))
def test_export_is_bit_identical(name):
    text = export(name)
    whole = GOLDEN / f"{name}.json"
    if whole.exists():  # field by field first: a failure then names what moved
        assert json.loads(text) == json.loads(whole.read_text())
        assert text == whole.read_text()
    assert digest(text) == json.loads((GOLDEN / "sha256.json").read_text())[name]


def write_golden() -> None:
    hashes = {}
    for name in TRACES:
        text = export(name)
        hashes[name] = digest(text)
        if len(text) <= WHOLE_LIMIT:
            (GOLDEN / f"{name}.json").write_text(text)
    (GOLDEN / "sha256.json").write_text(json.dumps(hashes, indent=1) + "\n")


if __name__ == "__main__":
    write_golden()
