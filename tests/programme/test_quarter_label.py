"""Quarter.label: "Quarter 2 2013-14 (July to September 2013)"."""

import datetime

from programme.models import Programme, Quarter


def _quarter(number: int, starts_on: datetime.date, ends_on: datetime.date) -> Quarter:
    return Quarter(programme=Programme(slug="2013-14"), number=number, starts_on=starts_on, ends_on=ends_on)


def test_it_names_the_quarter_its_year_and_its_months():
    quarter = _quarter(2, datetime.date(2013, 7, 1), datetime.date(2013, 9, 30))
    assert quarter.label == "Quarter 2 2013-14 (July to September 2013)"


def test_it_names_the_last_quarter_of_a_programme_year_in_the_new_calendar_year():
    quarter = _quarter(4, datetime.date(2014, 1, 1), datetime.date(2014, 3, 31))
    assert quarter.label == "Quarter 4 2013-14 (January to March 2014)"
