"""The Atom feed of new publications in the library: the 20 newest published case studies and
resources, each with its title, link, summary, date and themes."""

import datetime
import xml.etree.ElementTree as ET

from django.urls import reverse

from case_studies.models import CaseStudy
from tests.case_studies.library_factories import PUBLISHED_AT, case_study, make_case_study, make_resource

URL = reverse("case_studies:library_feed")
ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client) -> ET.Element:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 (our own response, in a test)


def _titles(feed: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def _when(element: ET.Element, tag: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(element.findtext(f"{ATOM}{tag}"))


def _hours_after(hours: int) -> datetime.datetime:
    return PUBLISHED_AT + datetime.timedelta(hours=hours)


def test_it_is_an_atom_feed_of_the_library(client, champion_staff, programme_staff):
    study = make_case_study(
        by=champion_staff,
        title="Wigan single pathway",
        summary="One assessment for each family.",
        themes=["coordinated-assessment-ehc-plans", "engagement"],
        published_at=_hours_after(2),
    )
    tool = make_resource(
        by=programme_staff,
        title="National tool",
        description="The principles of emerging practice.",
        themes=["local-offer"],
        published_at=_hours_after(1),
    )

    feed = _feed(client)

    assert feed.tag == f"{ATOM}feed"
    # What RFC 4287 requires: the feed and each entry have one id, title and updated; each entry a link.
    for element in (feed, *feed.findall(f"{ATOM}entry")):
        assert [len(element.findall(f"{ATOM}{tag}")) for tag in ("id", "title", "updated")] == [1, 1, 1]
    assert all(entry.find(f"{ATOM}link[@rel='alternate']") is not None for entry in feed.findall(f"{ATOM}entry"))
    assert feed.findtext(f"{ATOM}title") == "Good practice library: SEND pathfinder champions"
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://testserver/library/"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/library/feed/"
    assert _when(feed, "updated") == _hours_after(2)  # the newest entry
    first, second = feed.findall(f"{ATOM}entry")
    assert first.findtext(f"{ATOM}title") == "Wigan single pathway"
    assert first.find(f"{ATOM}link").get("href") == f"http://testserver{study.get_absolute_url()}"
    assert first.findtext(f"{ATOM}id") == f"http://testserver{study.get_absolute_url()}"
    assert first.findtext(f"{ATOM}summary") == "One assessment for each family."
    assert _when(first, "published") == _when(first, "updated") == _hours_after(2)
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "Greater Manchester Group (Wigan, Trafford and Manchester)"
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == [
        "Co-ordinated assessment and Education, Health and Care plans",
        "Engagement with children and young people and parents/carers",
    ]
    assert second.findtext(f"{ATOM}title") == "National tool"
    assert second.find(f"{ATOM}link").get("href") == f"http://testserver{tool.get_download_url()}"
    assert second.findtext(f"{ATOM}summary") == "The principles of emerging practice."
    assert _when(second, "published") == _hours_after(1)
    assert second.findtext(f"{ATOM}author/{ATOM}name") == "SEND pathfinder champions programme"
    assert [c.get("term") for c in second.findall(f"{ATOM}category")] == ["Local offer"]


def test_it_lists_only_the_20_newest_publications(client, champion_staff, programme_staff):
    CaseStudy.objects.bulk_create(
        case_study(by=champion_staff, title=f"Study {n}", published_at=_hours_after(2 * n)) for n in range(12)
    )
    for n in range(12):
        make_resource(by=programme_staff, title=f"Resource {n}", published_at=_hours_after(2 * n + 1))

    titles = _titles(_feed(client))

    newest = [f"{kind} {n}" for n in range(11, -1, -1) for kind in ("Resource", "Study")][:20]
    assert titles == newest


def test_it_never_lists_what_is_not_published(client, champion_staff, programme_staff):
    make_case_study(by=champion_staff, title="Published")
    for status in ("draft", "submitted", "returned", "approved"):
        make_case_study(by=champion_staff, title=f"Secret {status}", status=status)
    make_resource(by=programme_staff, title="Secret removed", removed_at=_hours_after(1))
    assert _titles(_feed(client)) == ["Published"]


def test_it_is_a_valid_feed_when_nothing_is_published(client, reference_data):
    feed = _feed(client)
    assert feed.tag == f"{ATOM}feed"
    assert _titles(feed) == []


def test_it_is_linked_from_the_library(client, reference_data):
    html = client.get(reverse("case_studies:library")).content.decode()
    assert f'href="{URL}" type="application/atom+xml">' in html


def _publish(n: int, champion_staff, programme_staff) -> None:
    """n case studies and n resources, published in turn."""
    CaseStudy.objects.bulk_create(
        case_study(by=champion_staff, title=f"Study {i}", published_at=_hours_after(2 * i)) for i in range(n)
    )
    for i in range(n):
        make_resource(by=programme_staff, title=f"Resource {i}", published_at=_hours_after(2 * i + 1))


def test_it_runs_the_same_number_of_queries_for_5_or_200_publications(
    client, champion_staff, programme_staff, query_count
):
    _publish(5, champion_staff, programme_staff)
    few = query_count(lambda: client.get(URL))
    _publish(195, champion_staff, programme_staff)
    many = query_count(lambda: client.get(URL))
    assert len(_titles(_feed(client))) == 20
    assert few == many
    assert many <= 5
