"""champions_portal/dates.py: GOV.UK dates and times, in Europe/London."""

import datetime

import pytest

from champions_portal.dates import (
    govuk_date,
    govuk_date_range,
    govuk_datetime,
    govuk_datetime_range,
    govuk_month_range,
    govuk_time,
)

UTC = datetime.UTC


def test_it_writes_a_date_without_a_leading_zero():
    assert govuk_date(datetime.date(2013, 4, 7)) == "7 April 2013"
    assert govuk_date(datetime.date(2013, 10, 14)) == "14 October 2013"


def test_it_puts_the_weekday_first_when_asked():
    assert govuk_date(datetime.date(2013, 4, 8), with_weekday=True) == "Monday 8 April 2013"
    assert govuk_date(datetime.date(2013, 4, 7), with_weekday=True) == "Sunday 7 April 2013"


def test_it_writes_nothing_for_no_date():
    assert govuk_date(None) == ""
    assert govuk_date(None, with_weekday=True) == ""
    assert govuk_time(None) == ""
    assert govuk_datetime(None) == ""


@pytest.mark.parametrize(
    "hour,minute,expected",
    [
        (0, 0, "midnight"),
        (0, 30, "12:30am"),
        (9, 5, "9:05am"),
        (10, 0, "10am"),
        (11, 59, "11:59am"),
        (12, 0, "midday"),
        (12, 5, "12:05pm"),
        (13, 0, "1pm"),
        (14, 30, "2:30pm"),
        (23, 59, "11:59pm"),
    ],
)
def test_it_writes_times_the_govuk_way(hour, minute, expected):
    assert govuk_time(datetime.time(hour, minute)) == expected
    assert govuk_time(datetime.datetime(2013, 4, 7, hour, minute)) == expected


def test_it_shows_an_aware_time_in_london_in_british_summer_time():
    assert govuk_time(datetime.datetime(2013, 10, 14, 9, 0, tzinfo=UTC)) == "10am"
    assert govuk_time(datetime.datetime(2013, 10, 14, 11, 0, tzinfo=UTC)) == "midday"
    assert govuk_time(datetime.datetime(2013, 10, 13, 23, 0, tzinfo=UTC)) == "midnight"


def test_it_shows_an_aware_time_in_london_in_greenwich_mean_time():
    assert govuk_time(datetime.datetime(2014, 1, 14, 10, 0, tzinfo=UTC)) == "10am"
    assert govuk_time(datetime.datetime(2014, 1, 14, 12, 0, tzinfo=UTC)) == "midday"


def test_it_follows_the_clocks_going_forward_and_back():
    # 31 March 2013: 1am GMT becomes 2am BST.
    assert govuk_time(datetime.datetime(2013, 3, 31, 0, 59, tzinfo=UTC)) == "12:59am"
    assert govuk_time(datetime.datetime(2013, 3, 31, 1, 0, tzinfo=UTC)) == "2am"
    # 27 October 2013: 2am BST becomes 1am GMT, so 1:30am happens twice.
    assert govuk_time(datetime.datetime(2013, 10, 27, 0, 30, tzinfo=UTC)) == "1:30am"
    assert govuk_time(datetime.datetime(2013, 10, 27, 1, 30, tzinfo=UTC)) == "1:30am"
    assert govuk_time(datetime.datetime(2013, 10, 27, 2, 0, tzinfo=UTC)) == "2am"


def test_it_gives_the_london_date_of_an_aware_datetime_near_midnight():
    # 11:30pm UTC is 12:30am the next day in summer, but the same day in winter.
    assert govuk_date(datetime.datetime(2013, 4, 7, 23, 30, tzinfo=UTC)) == "8 April 2013"
    assert govuk_date(datetime.datetime(2013, 1, 7, 23, 30, tzinfo=UTC)) == "7 January 2013"
    assert govuk_datetime(datetime.datetime(2013, 4, 7, 23, 30, tzinfo=UTC)) == "8 April 2013 at 12:30am"


def test_it_leaves_a_naive_datetime_as_it_is():
    assert govuk_datetime(datetime.datetime(2013, 4, 7, 23, 30)) == "7 April 2013 at 11:30pm"


def test_it_joins_date_and_time_with_at():
    assert govuk_datetime(datetime.datetime(2013, 10, 14, 13, 30, tzinfo=UTC)) == "14 October 2013 at 2:30pm"
    assert govuk_datetime(datetime.datetime(2013, 10, 14, 11, 0, tzinfo=UTC)) == "14 October 2013 at midday"


def test_it_writes_a_date_range_with_both_dates_in_full():
    assert govuk_date_range(datetime.date(2013, 4, 1), datetime.date(2014, 3, 31)) == "1 April 2013 to 31 March 2014"
    assert govuk_date_range(datetime.date(2013, 4, 1), datetime.date(2013, 6, 30)) == "1 April 2013 to 30 June 2013"


def test_it_writes_a_month_range_with_one_year_when_both_months_share_it():
    assert govuk_month_range(datetime.date(2013, 7, 1), datetime.date(2013, 9, 30)) == "July to September 2013"
    assert govuk_month_range(datetime.date(2014, 1, 1), datetime.date(2014, 3, 31)) == "January to March 2014"


def test_it_writes_both_years_when_a_month_range_crosses_new_year():
    assert govuk_month_range(datetime.date(2013, 12, 1), datetime.date(2014, 2, 28)) == "December 2013 to February 2014"


def test_it_writes_a_time_range_on_one_day_once():
    starts = datetime.datetime(2013, 10, 14, 9, 0, tzinfo=UTC)
    ends = datetime.datetime(2013, 10, 14, 15, 0, tzinfo=UTC)
    assert govuk_datetime_range(starts, ends) == "Monday 14 October 2013, 10am to 4pm"


def test_it_writes_both_dates_of_a_range_over_several_days():
    starts = datetime.datetime(2013, 10, 14, 11, 0, tzinfo=UTC)
    ends = datetime.datetime(2013, 10, 15, 15, 30, tzinfo=UTC)
    assert govuk_datetime_range(starts, ends) == "Monday 14 October 2013, midday to Tuesday 15 October 2013, 4:30pm"


def test_it_judges_one_day_by_the_london_date_not_the_utc_one():
    # 11pm to 11:30pm UTC on 13 October is midnight to 12:30am on the 14th in London: one day there.
    starts = datetime.datetime(2013, 10, 13, 23, 0, tzinfo=UTC)
    ends = datetime.datetime(2013, 10, 13, 23, 30, tzinfo=UTC)
    assert govuk_datetime_range(starts, ends) == "Monday 14 October 2013, midnight to 12:30am"
