"""Run the guards on a chapter's scenes and print what they find, for whoever writes a scene.

    python -m tests.scenes.check neurons                 # every scene of the chapter
    python -m tests.scenes.check neurons GoSurfing ...   # only these

It prints one line per problem under each scene's name and exits 1 when any were found.
The tests (tests/scenes/test_guards.py) run the same checks on the chapters listed there.
"""

from __future__ import annotations

import importlib
import os
import sys
import time

os.environ.setdefault("LECTURE_VOICE", "none")

from tests.scenes.conftest import scene_classes  # noqa: E402
from tests.scenes.guards import all_problems, chapter_values  # noqa: E402


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2].strip())
        return 2
    module = importlib.import_module(f"scenes.{argv[0]}")
    names = argv[1:] or sorted(scene_classes(module))
    values, found = chapter_values(module), 0
    for name in names:
        start = time.perf_counter()
        problems = all_problems(getattr(module, name), values)
        print(f"== {name} ({time.perf_counter() - start:.1f} s)")
        for guard, items in problems.items():
            for item in items:
                print(f"  [{guard}] {item}")
                found += 1
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
