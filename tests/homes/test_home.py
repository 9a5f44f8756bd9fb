"""Each person's home page: what they see after signing in, and where its links go."""

import pytest

from accounts.models import Role, User
from regions.models import Champion, LocalAuthority
from tests.accounts.pages import links

PEOPLE = ["programme_staff", "champion_staff", "la_officer"]


def test_it_sends_anonymous_people_to_sign_in(client):
    response = client.get("/home/")

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/home/"


def test_it_shows_the_start_page_to_anonymous_people(client, reference_data):
    response = client.get("/")

    assert response.status_code == 200
    assert 'href="/sign-in/"' in response.content.decode()


def test_it_sends_people_who_are_signed_in_from_the_start_page_to_their_home(signed_in, la_officer):
    response = signed_in(la_officer).get("/")

    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_it_shows_an_la_officer_their_local_authority_and_champion(signed_in, la_officer):
    response = signed_in(la_officer).get("/home/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Local authority officer" in html
    assert "Bolton" in html
    assert "North West" in html
    assert "Not a pathfinder" in html
    assert "Greater Manchester Group (Wigan, Trafford and Manchester)" in html
    assert 'href="/local-authorities/bolton/"' in html
    assert 'href="/champions/greater-manchester-group/"' in html


def test_it_shows_an_la_officer_the_champion_assigned_from_another_region(signed_in, la_officer):
    bolton = LocalAuthority.objects.get(slug="bolton")
    bolton.champion_override = Champion.objects.get(slug="hartlepool")
    bolton.save()

    html = signed_in(la_officer).get("/home/").content.decode()

    assert 'href="/champions/hartlepool/"' in html
    assert "(North East)" in html
    assert 'href="/champions/greater-manchester-group/"' not in html


def test_it_shows_an_la_officer_of_a_pathfinder_their_pathfinder(signed_in, reference_data):
    officer = User.objects.create_user(
        "wren@wigan.example",
        "whatever-long-password",
        full_name="Wren",
        role=Role.LA_OFFICER,
        local_authority=LocalAuthority.objects.get(slug="wigan"),
    )

    html = signed_in(officer).get("/home/").content.decode()

    assert "Not a pathfinder" not in html
    assert LocalAuthority.objects.get(slug="wigan").pathfinder.name in html


def test_it_shows_champion_staff_their_champion_and_how_many_las_it_supports(signed_in, champion_staff):
    response = signed_in(champion_staff).get("/home/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Champion staff" in html
    assert "Greater Manchester Group (Wigan, Trafford and Manchester)" in html
    assert "North West" in html
    # The North West has 18 non-pathfinder LAs (seed 004).
    assert response.context["assigned_count"] == 18
    assert 'href="/champions/greater-manchester-group/"' in html
    assert 'href="/regions/north-west/"' in html


def test_it_counts_an_la_moved_to_another_champion_for_that_champion(signed_in, champion_staff, other_champion_staff):
    bolton = LocalAuthority.objects.get(slug="bolton")
    bolton.champion_override = Champion.objects.get(slug="hartlepool")
    bolton.save()

    assert signed_in(champion_staff).get("/home/").context["assigned_count"] == 17
    # The North East has 9 non-pathfinder LAs; Bolton makes 10.
    assert signed_in(other_champion_staff).get("/home/").context["assigned_count"] == 10


def test_it_shows_programme_staff_links_to_invite_and_to_the_admin(signed_in, programme_staff):
    response = signed_in(programme_staff).get("/home/")

    assert response.status_code == 200
    hrefs = links(response)
    assert "/invitations/new/" in hrefs
    assert "/invitations/" in hrefs
    assert "/admin/" in hrefs
    assert "/champions/" in hrefs


def test_it_shows_la_officers_no_links_to_invite_or_to_the_admin(signed_in, la_officer):
    hrefs = links(signed_in(la_officer).get("/home/"))

    assert not [href for href in hrefs if href.startswith(("/invitations/", "/admin/"))]


def test_it_shows_champion_staff_a_link_to_invite_but_none_to_the_admin(signed_in, champion_staff):
    hrefs = links(signed_in(champion_staff).get("/home/"))

    assert "/invitations/new/" in hrefs and "/invitations/" in hrefs
    assert not [href for href in hrefs if href.startswith("/admin/")]


@pytest.mark.parametrize("person", PEOPLE)
def test_it_has_no_dead_links(signed_in, request, person):
    client = signed_in(request.getfixturevalue(person))
    hrefs = {href for href in links(client.get("/home/")) if href.startswith("/") and not href.startswith("//")}
    assert len(hrefs) > 5

    dead = {}
    for href in sorted(hrefs):
        response = client.get(href, follow=True)
        if response.status_code != 200:
            dead[href] = response.status_code

    assert dead == {}
