"""The registrations table's rows, written in Python (events/templatetags/registration_rows.py): every cell as the
template wrote it, each value escaped, needs with their line breaks, erased people said to be erased."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from events import services
from regions.models import LocalAuthority
from tests.events.factories import make_event, make_registration

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 14, 15, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def event(champion_staff):
    return make_event(created_by=champion_staff, starts_at=NOW - datetime.timedelta(hours=5), capacity=2)


def _rows(client, event, shown="confirmed") -> list[list[str]]:
    html = client.get(reverse("events:registration_list", args=[event.pk]), {"list": shown}).content.decode()
    body = html.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in body.split("</tr>")[:-1]]


def test_it_escapes_every_value_and_keeps_the_line_breaks_in_needs(signed_in, champion_staff, event):
    make_registration(
        event,
        name="<script>alert(1)</script>",
        email="a&b@example.com",
        organisation='"Quotes" & <tags>',
        partner_type="school",
        local_authority=LocalAuthority.objects.get(slug="bolton"),
        access_needs="Step-free access\r\n<b>and</b> a hearing loop",
        dietary_needs="Vegan",
        attendance="attended",
    )
    [row] = _rows(signed_in(champion_staff), event)
    assert row == [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "a&amp;b@example.com",
        "Themselves",
        "&quot;Quotes&quot; &amp; &lt;tags&gt;",
        "School",
        "Bolton",
        "Step-free access<br>&lt;b&gt;and&lt;/b&gt; a hearing loop",
        "Vegan",
        "Attended",
    ]


def test_it_says_who_was_erased_and_who_booked_for_whom(signed_in, champion_staff, event):
    make_registration(event, name="", email="", organisation="", had_access_needs=True, had_dietary_needs=False)
    make_registration(event, name="Ann Ode", email="coordinator@example.com", booked_by_name="Cora Coordinator")
    rows = _rows(signed_in(champion_staff), event)
    assert rows[0][:4] == ["Erased", "Erased", "Erased", "Erased"]
    assert rows[0][5:8] == ["Not given", "Erased", "None"]
    assert rows[1][:3] == ["Ann Ode", "coordinator@example.com", "Cora Coordinator"]


def test_it_numbers_the_waiting_list_and_dates_the_cancelled(signed_in, champion_staff, event):
    for name in ("First", "Second"):
        make_registration(event, name=name, status="waitlisted")
    make_registration(event, name="Went", status="cancelled", cancelled_at=NOW - datetime.timedelta(days=2))
    make_registration(event, name="Long ago", status="cancelled", cancelled_at=None)
    client = signed_in(champion_staff)
    assert [row[:2] for row in _rows(client, event, "waiting")] == [["1", "First"], ["2", "Second"]]
    cancelled = {row[0]: row[-1] for row in _rows(client, event, "cancelled")}
    assert cancelled == {"Went": "12 October 2013", "Long ago": "Not known"}


def test_it_writes_the_search_form_as_the_gov_uk_text_input_and_its_error(signed_in, champion_staff, event):
    make_registration(event, name="Zara Khan", status="waitlisted")
    url = reverse("events:registration_list", args=[event.pk])
    html = signed_in(champion_staff).get(url, {"list": "waiting", "q": '<"Zara">'}).content.decode()
    form = html.split('<form novalidate method="get">')[1].split("</form>")[0]
    assert '<input type="hidden" name="list" value="waiting" id="id_list">' in form
    assert '<label for="id_q" class="govuk-label">Search by name</label>' in form
    assert 'name="q" value="&lt;&quot;Zara&quot;&gt;" maxlength="150"' in form
    assert "govuk-form-group--error" not in form and "aria-invalid" not in form

    too_long = signed_in(champion_staff).get(url, {"list": "waiting", "q": "x" * 151}).content.decode()
    form = too_long.split('<form novalidate method="get">')[1].split("</form>")[0]
    assert 'class="govuk-form-group govuk-form-group--error"' in form
    assert (
        '<span id="id_q_1_error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> '
        "Name must be 150 characters or fewer</span>"
    ) in form
    assert 'class="govuk-input govuk-input--width-20 govuk-input--error" aria-describedby="id_q_1_error"' in form
    assert '<li><a href="#id_q">Name must be 150 characters or fewer</a></li>' in too_long  # the summary's link
    assert too_long.count('id="id_q"') == 1


def _list_links(html: str) -> str:
    return " ".join(html.split('aria-label="Registrations by status"')[1].split("</nav>")[0].split())


def test_it_keeps_the_list_sizes_until_someone_registers_or_cancels(
    signed_in, champion_staff, event, django_assert_max_num_queries
):
    first = make_registration(event, name="First")
    make_registration(event, name="Second")
    client = signed_in(champion_staff)
    url = reverse("events:registration_list", args=[event.pk])
    assert "Confirmed places (2)" in _list_links(client.get(url).content.decode())
    with django_assert_max_num_queries(5):  # session, person, event, the page's rows, its themes: no counting
        client.get(url)
    services.registration_cancel(registration=first, now=NOW)
    links = _list_links(client.get(url).content.decode())
    assert "Confirmed places (1)" in links and "Cancelled registrations (1)" in links
