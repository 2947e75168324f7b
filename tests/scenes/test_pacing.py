"""A run paced by how much changes (scenes/common/pacing.py)."""

import numpy as np

from scenes.common.pacing import change_schedule, frame_at


def test_a_step_is_held_as_long_as_its_change_is_large():
    values = np.array([0.0, 10.0, 10.5, 11.0, 11.5])  # one big step, then three small ones
    starts = change_schedule(values, values[:, None] * [1.0, 2.0])
    held = np.diff(np.append(starts, 1.0))
    assert starts[0] == 0 and np.all(np.diff(starts) > 0)
    assert held[1] > 5 * held[2] and np.allclose(held[2:], held[2])  # the big change into step 1
    assert [frame_at(starts, a) for a in (0.0, starts[1], starts[1] - 1e-6, 1.0)] == [0, 1, 0, 4]


def test_a_run_with_no_change_passes_evenly_and_one_step_stays():
    starts = change_schedule(np.ones((4, 3)))
    assert np.allclose(np.diff(np.append(starts, 1.0)), 0.25)
    assert list(change_schedule(np.ones(1))) == [0.0] and frame_at(np.zeros(1), 0.7) == 0
