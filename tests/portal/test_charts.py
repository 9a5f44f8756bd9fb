"""champions_portal/charts.py: a bar's width as a share of a whole."""

from decimal import Decimal

import pytest

from champions_portal.charts import percent


def test_it_gives_the_share_as_a_whole_percentage():
    assert percent(1, 4) == 25
    assert percent(1, 3) == 33
    assert percent(2, 3) == 67
    assert percent(4, 4) == 100


@pytest.mark.parametrize("whole", [0, None])
def test_it_gives_0_when_there_is_no_whole(whole):
    assert percent(0, whole) == 0
    assert percent(5, whole) == 0


def test_it_rounds_halves_to_even_as_the_pages_always_did():
    assert percent(1, 40) == 2  # 2.5
    assert percent(3, 40) == 8  # 7.5
    assert percent(1, 200) == 0  # 0.5


def test_it_caps_at_100_by_default():
    assert percent(3, 2) == 100


def test_it_takes_another_cap_or_none():
    assert percent(3, 2, cap=120) == 120
    assert percent(3, 2, cap=None) == 150


def test_it_works_with_decimal_amounts_and_returns_an_int():
    share = percent(Decimal("12500.00"), Decimal("50000.00"))
    assert share == 25
    assert isinstance(share, int)
    assert percent(Decimal("65000"), Decimal("50000"), cap=None) == 130
