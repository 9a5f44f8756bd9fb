"""Programme staff change which champion supports an LA; nobody else can."""

import pytest
from django.urls import reverse

from programme.funding import programme_allocations
from programme.models import Programme
from regions.models import AssignmentChange, Champion, LocalAuthority

URL = reverse("regions:local_authority_assign", args=["sunderland"])


def _sunderland() -> LocalAuthority:
    return LocalAuthority.objects.with_assigned_champion().get(slug="sunderland")


def test_it_assigns_an_la_to_a_neighbouring_champion(signed_in, programme_staff):
    client = signed_in(programme_staff)
    herts = Champion.objects.get(slug="hertfordshire")
    response = client.post(URL, {"champion": herts.pk, "reason": "Hertfordshire has more capacity"}, follow=True)
    assert response.status_code == 200
    assert "Sunderland is now supported by Hertfordshire" in response.content.decode()
    assert _sunderland().assigned_champion == herts
    change = AssignmentChange.objects.get()
    assert (change.from_champion.slug, change.to_champion.slug) == ("hartlepool", "hertfordshire")
    assert change.changed_by == programme_staff
    assert change.reason == "Hertfordshire has more capacity"


def test_it_shows_the_change_on_the_la_and_both_champion_pages(signed_in, programme_staff, client):
    herts = Champion.objects.get(slug="hertfordshire")
    signed_in(programme_staff).post(URL, {"champion": herts.pk, "reason": "Capacity"})
    la_page = client.get(reverse("regions:local_authority_detail", args=["sunderland"])).content.decode()
    assert "From East of England" in la_page
    assert "Capacity" in la_page
    herts_page = client.get(reverse("regions:champion_detail", args=["hertfordshire"]))
    assert "Sunderland" in [la.name for la in herts_page.context["assigned_non_pathfinder"]]
    assert "Neighbouring region" in herts_page.content.decode()
    hartlepool_page = client.get(reverse("regions:champion_detail", args=["hartlepool"]))
    assert "Sunderland" not in [la.name for la in hartlepool_page.context["assigned_non_pathfinder"]]
    region_page = client.get(reverse("regions:region_detail", args=["east-of-england"])).content.decode()
    assert "Also supported by Hertfordshire" in region_page


@pytest.mark.parametrize("person", [None, "champion_staff", "other_champion_staff", "la_officer", "other_la_officer"])
def test_it_shows_who_moved_an_la_and_why_to_programme_staff_only(request, client, programme_staff, person):
    herts = Champion.objects.get(slug="hertfordshire")
    programme_staff.full_name = "Jordan Quillfeather"
    programme_staff.save()
    client.force_login(programme_staff)
    client.post(URL, {"champion": herts.pk, "reason": "Their lead is off sick"})
    la_url = reverse("regions:local_authority_detail", args=["sunderland"])
    assert "Jordan Quillfeather" in client.get(la_url).content.decode()
    client.logout()
    if person:
        client.force_login(request.getfixturevalue(person))

    page = client.get(la_url).content.decode()

    assert "Their lead is off sick" not in page
    assert "Jordan Quillfeather" not in page
    assert "Changes to its champion" not in page
    assert "Hertfordshire" in page  # the current champion is public


def test_it_moves_the_funding_with_the_la(signed_in, programme_staff):
    programme = Programme.objects.get()
    before = {a.key.slug: a for a in programme_allocations(programme)}
    signed_in(programme_staff).post(URL, {"champion": Champion.objects.get(slug="hertfordshire").pk, "reason": "x"})
    after = {a.key.slug: a for a in programme_allocations(programme)}
    assert after["hertfordshire"].non_pathfinder_las == before["hertfordshire"].non_pathfinder_las + 1
    assert after["hartlepool"].non_pathfinder_las == before["hartlepool"].non_pathfinder_las - 1
    assert sum(a.amount for a in after.values()) == 600_000


def test_it_clears_the_override_when_assigned_back_to_its_own_region(signed_in, programme_staff):
    client = signed_in(programme_staff)
    client.post(URL, {"champion": Champion.objects.get(slug="hertfordshire").pk, "reason": "Capacity"})
    client.post(URL, {"champion": Champion.objects.get(slug="hartlepool").pk, "reason": "Back home"})
    assert LocalAuthority.objects.get(slug="sunderland").champion_override is None
    assert AssignmentChange.objects.count() == 2


def test_it_records_nothing_when_the_champion_does_not_change(signed_in, programme_staff):
    response = signed_in(programme_staff).post(
        URL, {"champion": Champion.objects.get(slug="hartlepool").pk, "reason": "No change"}, follow=True
    )
    assert "Nothing changed" in response.content.decode()
    assert not AssignmentChange.objects.exists()


@pytest.mark.parametrize(
    "data,error",
    [
        ({}, "Select the champion that will support this local authority"),
        ({"champion": "", "reason": "x"}, "Select the champion that will support this local authority"),
        ({"champion": "999999", "reason": "x"}, "Select a valid choice"),
        ({"champion": "hartlepool", "reason": "x"}, "Select a valid choice"),
        ({"champion": "__champion__", "reason": ""}, "Enter why the assigned champion is changing"),
        ({"champion": "__champion__", "reason": "x" * 1001}, "Ensure this value has at most 1000 characters"),
    ],
)
def test_it_rejects_bad_input_and_changes_nothing(signed_in, programme_staff, data, error):
    data = {
        k: str(Champion.objects.get(slug="hertfordshire").pk) if v == "__champion__" else v for k, v in data.items()
    }
    response = signed_in(programme_staff).post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert error in html
    assert "<title>Error: " in html
    assert _sunderland().champion_override is None
    assert not AssignmentChange.objects.exists()


def test_it_redirects_anonymous_visitors_to_sign_in(client, reference_data):
    for response in (client.get(URL), client.post(URL, {"champion": 1, "reason": "x"})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert _sunderland().champion_override is None


@pytest.mark.parametrize("person", ["champion_staff", "other_champion_staff", "la_officer", "other_la_officer"])
def test_it_refuses_everyone_but_programme_staff(request, signed_in, person):
    client = signed_in(request.getfixturevalue(person))
    herts = Champion.objects.get(slug="hertfordshire")
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"champion": herts.pk, "reason": "x"}).status_code == 403
    assert _sunderland().champion_override is None
    assert not AssignmentChange.objects.exists()


def test_it_gives_404_for_an_unknown_la(signed_in, programme_staff):
    assert (
        signed_in(programme_staff).get(reverse("regions:local_authority_assign", args=["nowhere"])).status_code == 404
    )


def test_it_offers_the_change_link_to_programme_staff_only(signed_in, programme_staff, champion_staff):
    page = reverse("regions:local_authority_detail", args=["sunderland"])
    assert URL in signed_in(programme_staff).get(page).content.decode()
    assert URL not in signed_in(champion_staff).get(page).content.decode()
