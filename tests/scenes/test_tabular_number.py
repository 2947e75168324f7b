"""TabularNumber: a number whose digits change by swapping cached outlines into fixed slots."""

import numpy as np
import pytest
from manim import DecimalNumber

from scenes.common.tabular_number import TabularNumber


def _outline_shape(slot) -> np.ndarray:
    points = slot.points
    return (points - points.min(axis=0)) / np.ptp(points[:, 1])


def test_it_writes_what_decimalnumber_writes_and_returns_the_value():
    for value in (0.0, 1.234, -0.004, -12.5, 1234.5, 9.999):
        number = TabularNumber(value, num_decimal_places=2)
        reference = DecimalNumber(value, num_decimal_places=2)
        text = reference._get_num_string(value)
        assert number._text == text and len(number.submobjects) == len(text)
        assert number.get_value() == value
        for slot, glyph in zip(number.submobjects, reference.submobjects):  # each character's outline
            assert np.allclose(_outline_shape(slot), _outline_shape(glyph.family_members_with_points()[0]),
                               atol=1e-6)
    counter = TabularNumber(3, whole=True)
    counter.set_value(41.6)
    assert counter.get_value() == 42 and counter._text == "42"


def test_a_changed_value_lands_where_a_fresh_number_puts_it_after_scaling_and_moving():
    number = TabularNumber(1.23, num_decimal_places=2, font_size=30, color="#ff0000")
    number.scale(0.6).shift([2.0, -1.0, 0.0])
    slot_centres = [s.get_center()[0] for s in number.submobjects]
    for value in (4.56, 7.08, 0.91, 1.23):
        number.set_value(value)
        fresh = TabularNumber(value, num_decimal_places=2, font_size=30).scale(0.6)
        # the point, slot 1, is the same character in both: line them up on it
        fresh.shift(number.submobjects[1].get_center() - fresh.submobjects[1].get_center())
        for mine, theirs in zip(number.submobjects, fresh.submobjects):
            assert np.allclose(mine.points, theirs.points, atol=1e-9)
        # digits stay centred in their slots (no jitter), in the colour the number has
        assert [s.get_center()[0] for s in number.submobjects] == pytest.approx(slot_centres, abs=1e-9)
        assert all(s.get_fill_color().to_hex().lower() == "#ff0000" for s in number.submobjects)


def test_a_new_length_or_sign_rebuilds_keeping_the_left_edge_and_size():
    number = TabularNumber(9.5, num_decimal_places=2, font_size=30).shift([1.0, 2.0, 0.0])
    left, height = number.get_left(), number.submobjects[0].height
    number.set_value(-10.25)
    assert number._text == "-10.25" and len(number.submobjects) == 6
    assert np.allclose(number.get_left(), left, atol=0.05)
    assert number.submobjects[2].height == pytest.approx(height, rel=1e-6)  # a 0 as high as the 9
    number.set_value(3.5)
    assert number._text == "3.50" and len(number.submobjects) == 4
    assert len(number._slots[5].points) == 0  # a slot no longer used draws nothing
    assert number.submobjects[0].height == pytest.approx(height, rel=0.05)


def test_a_slot_moved_by_someone_else_makes_the_number_rebuild_not_misplace():
    number = TabularNumber(1.23, num_decimal_places=2)
    number.submobjects[0].shift([0.5, 0.0, 0.0])  # the layout no longer holds
    assert number._frame() is None
    number.set_value(4.56)
    fresh = TabularNumber(4.56, num_decimal_places=2)
    fresh.shift(number.submobjects[1].get_center() - fresh.submobjects[1].get_center())
    for mine, theirs in zip(number.submobjects, fresh.submobjects):
        assert np.allclose(mine.points, theirs.points, atol=1e-9)
