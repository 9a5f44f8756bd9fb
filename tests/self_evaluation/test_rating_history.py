"""An LA officer sees each CDF element's rating quarter by quarter, from their own LA's submitted returns."""

from django.urls import reverse

from self_evaluation.models import Element, Level
from tests.self_evaluation.builders import (
    detail_url,
    more_quarters,
    open_window,
    quarter,
    rate,
    start,
    submitted_in_closed_window,
)
from tests.self_evaluation.test_return_pages import _frozen  # noqa: F401

HISTORY = reverse("self_evaluation:rating_history")


def test_it_shows_each_elements_level_in_each_submitted_quarter(
    signed_in, la_officer, other_la_officer, programme_staff
):
    first = submitted_in_closed_window(la_officer, quarter(1), programme_staff, level=Level.EARLY)
    open_window(quarter(2), programme_staff)
    second = start(la_officer, quarter(2), copy_from=first)
    rate(second, la_officer, Level.FULL, elements=Element.objects.filter(slug="governance-structures"))
    submitted_in_closed_window(other_la_officer, quarter(3), programme_staff, level=Level.FULL)

    response = signed_in(la_officer).get(HISTORY)
    assert response.status_code == 200
    assert response.context["returns"] == [first]  # the draft for quarter 2 and Sunderland's return are left out
    html = response.content.decode()
    for theme in ("Organisational engagement and cultural change", "Engaging and involving families"):
        assert theme in html
    assert f'href="{detail_url(first)}">Quarter 1 2013-14</a>' in html and "Quarter 2 2013-14" not in html
    assert html.count('govuk-tag--orange">Early development') == 33 and "Full development" not in html
    row = html.split("Governance structures</th>")[1].split("</tr>")[0]
    assert 'govuk-tag--orange">Early development' in row


def test_it_shows_quarters_in_order_with_a_grey_tag_for_an_element_not_rated(signed_in, la_officer, programme_staff):
    first = submitted_in_closed_window(la_officer, quarter(1), programme_staff, level=Level.EARLY)
    second = submitted_in_closed_window(la_officer, quarter(2), programme_staff, level=Level.FULL)
    first.ratings.filter(element__slug="local-offer").delete()
    response = signed_in(la_officer).get(HISTORY)
    assert response.context["returns"] == [first, second]
    row = response.content.decode().split("The local offer</th>")[1].split("</tr>")[0]
    assert row.index('govuk-tag--grey">Not rated') < row.index('govuk-tag--green">Full development')


def test_it_says_when_nothing_has_been_submitted_yet(signed_in, la_officer):
    response = signed_in(la_officer).get(HISTORY)
    assert response.status_code == 200 and "You have not submitted a return yet" in response.content.decode()


def test_it_shows_the_history_only_to_la_officers(client, signed_in, champion_staff, programme_staff):
    assert client.get(HISTORY).url.startswith(reverse("accounts:login"))
    assert signed_in(champion_staff).get(HISTORY).status_code == 403
    assert signed_in(programme_staff).get(HISTORY).status_code == 403


def test_it_shows_the_history_in_the_same_number_of_queries_however_many_returns(
    signed_in, la_officer, programme_staff, query_count
):
    quarters = more_quarters(8)
    for each in quarters[:2]:
        submitted_in_closed_window(la_officer, each, programme_staff)
    client = signed_in(la_officer)
    few = query_count(lambda: client.get(HISTORY))
    for each in quarters[2:]:
        submitted_in_closed_window(la_officer, each, programme_staff)
    assert len(client.get(HISTORY).context["returns"]) == 8
    assert query_count(lambda: client.get(HISTORY)) == few
