"""The guards on every scene of the second half of the lecture's chapters (the first half
and the guards' own tests are in test_guards.py); a file of its own so that both halves
are built at once, one per core."""

from __future__ import annotations

from tests.scenes.guard_cases import LATE, guard_tests

test_scene_passes_guard, test_every_scene_opens_and_ends_with_words = guard_tests(LATE)
