"""Run the guards on a chapter's scenes and print what they find, for whoever writes a scene.

    python -m tests.scenes.check neurons                 # every scene of the chapter
    python -m tests.scenes.check neurons GoSurfing ...   # only these

It prints one line per problem under each scene's name and exits 1 when any were found,
and how selective the numbers check is there: the share of two-decimal numbers the sets the
beats declare accept (mean and largest over the beats that show numbers), beside the share
the chapter's every trace value would accept over the same ranges.
The tests (tests/scenes/test_guards.py) run the same checks on the chapters listed there.
"""

from __future__ import annotations

import importlib
import os
import sys
import time

os.environ.setdefault("LECTURE_VOICE", "none")

from tests.scenes.conftest import scene_classes  # noqa: E402
from tests.scenes.beat_values import written_forms  # noqa: E402
from tests.scenes.guards import chapter_values, play_guarded, problems_of, selectivity  # noqa: E402


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2].strip())
        return 2
    module = importlib.import_module(f"scenes.{argv[0]}")
    names = argv[1:] or sorted(scene_classes(module))
    found, wide = 0, written_forms(chapter_values(module))
    for name in names:
        start = time.perf_counter()
        scene_cls = getattr(module, name)
        records, total, _ = play_guarded(scene_cls)
        problems = problems_of(records, total, getattr(scene_cls, "shows", None))
        print(f"== {name} ({time.perf_counter() - start:.1f} s)")
        for guard, items in problems.items():
            for item in items:
                print(f"  [{guard}] {item}")
                found += 1
        shares = selectivity(records, getattr(scene_cls, "shows", None), wide)
        if shares:
            new, old = zip(*shares)
            print(f"  numbers checked at {len(shares)} beats: declared sets accept "
                  f"{sum(new) / len(new):.0%} (at most {max(new):.0%}) of two-decimal numbers; "
                  f"the chapter's every value: {sum(old) / len(old):.0%} (at most {max(old):.0%})",
                  flush=True)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
