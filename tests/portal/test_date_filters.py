"""champions_portal/templatetags/govuk_dates.py: the date filters every template has without {% load %}."""

import datetime

import pytest
from django.template import Context, Template, engines
from django.utils import translation

UTC = datetime.UTC


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_it_is_a_builtin_of_the_template_engine():
    assert "champions_portal.templatetags.govuk_dates" in engines["django"].engine.builtins


def test_it_needs_no_load_tag():
    day = datetime.date(2013, 4, 7)
    assert _render("{{ day|govuk_date }}", day=day) == "7 April 2013"
    assert _render("{{ day|govuk_weekday_date }}", day=day) == "Sunday 7 April 2013"


def test_it_writes_times_and_datetimes_in_london():
    moment = datetime.datetime(2013, 10, 14, 11, 0, tzinfo=UTC)
    assert _render("{{ m|govuk_time }}", m=moment) == "midday"
    assert _render("{{ m|govuk_datetime }}", m=moment) == "14 October 2013 at midday"
    assert _render("{{ m|govuk_date }}", m=datetime.datetime(2013, 4, 7, 23, 30, tzinfo=UTC)) == "8 April 2013"


def test_it_writes_a_date_range():
    html = _render("{{ a|govuk_date_range:b }}", a=datetime.date(2013, 4, 1), b=datetime.date(2014, 3, 31))
    assert html == "1 April 2013 to 31 March 2014"


@pytest.mark.parametrize("empty", [None, "", "not a date", 3])
def test_it_prints_nothing_for_an_empty_or_wrong_value_so_default_works(empty):
    for name in ("govuk_date", "govuk_weekday_date", "govuk_time", "govuk_datetime"):
        assert _render(f"{{{{ v|{name} }}}}", v=empty) == ""
        assert _render(f'{{{{ v|{name}|default:"Not known" }}}}', v=empty) == "Not known"
    assert _render("{{ v|govuk_date_range:v }}", v=empty) == ""


def test_it_prints_no_time_for_a_plain_date():
    assert _render("{{ d|govuk_time }}{{ d|govuk_datetime }}", d=datetime.date(2013, 4, 7)) == ""


def test_it_prints_what_djangos_date_filter_printed_for_every_day_of_a_year():
    """The templates swapped |date, |date:"j F Y" and |date:"l j F Y" for these: nothing may change."""
    old = Template('{{ d|date }}|{{ d|date:"j F Y" }}|{{ d|date:"l j F Y" }}')
    new = Template("{{ d|govuk_date }}|{{ d|govuk_date }}|{{ d|govuk_weekday_date }}")
    day = datetime.date(2013, 4, 1)
    with translation.override("en-gb"):
        while day < datetime.date(2014, 4, 1):
            assert new.render(Context({"d": day})) == old.render(Context({"d": day})), day
            day += datetime.timedelta(days=1)


def test_it_prints_what_djangos_date_filter_printed_for_aware_times_across_the_clock_changes():
    old, new = (
        Template('{{ m|date }}|{{ m|date:"l j F Y" }}'),
        Template("{{ m|govuk_date }}|{{ m|govuk_weekday_date }}"),
    )
    moment = datetime.datetime(2013, 3, 30, 20, 0, tzinfo=UTC)
    with translation.override("en-gb"):
        while moment < datetime.datetime(2013, 10, 28, 4, 0, tzinfo=UTC):
            assert new.render(Context({"m": moment})) == old.render(Context({"m": moment})), moment
            moment += datetime.timedelta(minutes=30) if moment.month in (3, 10) else datetime.timedelta(hours=7)
