"""champions_portal/forms.py TimeOfDayField: a time typed the way people write it."""

import datetime

import pytest
from django import forms

from champions_portal.forms import TIME_HINT, TimeOfDayField


def _field(**kwargs) -> TimeOfDayField:
    return TimeOfDayField(what="the start time", **kwargs)


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("09:30", (9, 30)),
        ("9:30", (9, 30)),
        ("14:00", (14, 0)),
        ("0:00", (0, 0)),
        ("23:59", (23, 59)),
        ("9.30am", (9, 30)),
        ("9.30 a.m.", (9, 30)),
        ("2pm", (14, 0)),
        ("2 PM", (14, 0)),
        ("2:45p.m.", (14, 45)),
        ("12am", (0, 0)),
        ("12:30am", (0, 30)),
        ("12pm", (12, 0)),
        ("midday", (12, 0)),
        (" Noon ", (12, 0)),
        ("12 noon", (12, 0)),
        ("14", (14, 0)),
    ],
)
def test_it_reads_a_time_as_people_type_it(typed, expected):
    assert _field().clean(typed) == datetime.time(*expected)


@pytest.mark.parametrize(
    "typed", ["25:00", "24:00", "9:60", "13pm", "0am", "9:5", "half past nine", "9:30:00", "-1:00", "midnightish"]
)
def test_it_refuses_a_time_that_is_not_real(typed):
    with pytest.raises(forms.ValidationError) as error:
        _field().clean(typed)
    assert error.value.messages == ["Start time must be a real time, like 09:30 or 2pm"]


@pytest.mark.parametrize("empty", ["", None])
def test_it_asks_for_the_time_when_it_is_required_and_empty(empty):
    with pytest.raises(forms.ValidationError) as error:
        _field().clean(empty)
    assert error.value.messages == ["Enter the start time"]


def test_it_gives_none_when_optional_and_empty():
    assert _field(required=False).clean("") is None


def test_it_keeps_a_time_it_is_given():
    assert _field().clean(datetime.time(9, 30)) == datetime.time(9, 30)


def test_it_shows_a_hint_and_a_24_hour_value_in_its_input():
    field = _field()
    assert field.help_text == TIME_HINT
    html = field.widget.render("start_time", datetime.time(9, 5))
    assert 'value="09:05"' in html
    assert 'autocomplete="off"' in html


def test_it_keeps_a_hint_it_is_given():
    assert _field(help_text="When the doors open").help_text == "When the doors open"
