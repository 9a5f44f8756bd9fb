"""The menu: at most seven items for each role, home first, each a different page; everything it no longer
holds is linked from the home page."""

import re

import pytest

from tests.accounts.pages import links

PEOPLE = ["programme_staff", "champion_staff", "la_officer"]


def _menu(response) -> list[str]:
    """Each menu item's text, in order (the sign-out button included)."""
    html = response.content.decode()
    menu = re.search(r'<ul class="govuk-service-navigation__list" id="navigation">(.*?)</ul>', html, re.S).group(1)
    items = re.findall(r'<li class="govuk-service-navigation__item[^"]*">(.*?)</li>', menu, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def _menu_links(response) -> list[str]:
    html = response.content.decode()
    menu = re.search(r'<ul class="govuk-service-navigation__list" id="navigation">(.*?)</ul>', html, re.S).group(1)
    return re.findall(r'href="([^"]+)"', menu)


@pytest.mark.parametrize(
    ("person", "items"),
    [
        (
            "programme_staff",
            ["Home", "Programme", "Events", "Case studies", "Support days", "Self-evaluation", "Sign out"],
        ),
        ("champion_staff", ["Home", "Programme", "Events", "Case studies", "Support days", "Readiness", "Sign out"]),
        ("la_officer", ["Home", "Support days", "Self-evaluation", "Events", "Good practice", "Sign out"]),
    ],
)
def test_it_gives_each_role_at_most_seven_items_with_home_first(signed_in, request, person, items):
    response = signed_in(request.getfixturevalue(person)).get("/home/")

    assert _menu(response) == items
    assert len(items) <= 7
    hrefs = _menu_links(response)
    assert hrefs[0] == "/home/"
    assert len(hrefs) == len(set(hrefs))


def test_it_gives_people_who_are_not_signed_in_the_public_pages(client, reference_data):
    response = client.get("/events/")

    assert _menu(response) == ["Regions", "Champions", "Pathfinders", "Programme", "Events", "Good practice", "Sign in"]


def test_it_marks_the_home_item_as_the_current_page(signed_in, champion_staff):
    html = signed_in(champion_staff).get("/home/").content.decode()

    assert '<a class="govuk-service-navigation__link" href="/home/" aria-current="page">' in html


@pytest.mark.parametrize("person", PEOPLE)
def test_it_links_from_home_to_every_page_the_menu_used_to_hold(signed_in, request, person):
    """Before the menu was grouped, signed-in people had 10 to 14 items; each of those pages is one click
    from home (or in the menu)."""
    used_to_hold = {
        "programme_staff": ["/regions/", "/champions/", "/pathfinders/", "/library/", "/invitations/new/", "/admin/"],
        "champion_staff": [
            "/regions/north-west/",
            "/champions/greater-manchester-group/",
            "/library/",
            "/invitations/new/",
        ],
        "la_officer": ["/champions/greater-manchester-group/", "/library/", "/support-days/", "/self-evaluation/"],
    }[person]
    response = signed_in(request.getfixturevalue(person)).get("/home/")

    reachable = set(links(response))
    assert [href for href in used_to_hold if href not in reachable] == []
