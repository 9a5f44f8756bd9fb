"""The regions and champions pages come from the shared cache (champions_portal/public_cache.py): a second
request reads no database, and the next request after a change to a champion, its contacts, an LA's assigned
champion or the programme shows it, here and on the event pages that name the champion's contact."""

import pytest
from django.urls import reverse

from programme.models import Programme
from regions.models import Champion, ChampionContact, Region
from tests.events.factories import make_event

GM = "greater-manchester-group"
CHAMPION = reverse("regions:champion_detail", args=[GM])


def _gm() -> Champion:
    return Champion.objects.get(slug=GM)


def _contact(name: str, order: int) -> ChampionContact:
    return ChampionContact.objects.create(
        champion=_gm(), order=order, name=name, role="SEND lead", email=f"{name.split()[0].lower()}@gm.example"
    )


def _page(client, url) -> str:
    return client.get(url).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("regions:region_list"),
        reverse("regions:region_detail", args=["north-west"]),
        reverse("regions:champion_list"),
        CHAMPION,
    ],
)
def test_it_serves_a_page_a_second_time_without_the_database(client, reference_data, query_count, url):
    first = query_count(lambda: client.get(url))
    assert first >= 1
    assert query_count(lambda: client.get(url)) == 0
    assert client.get(url).content == client.get(url).content


def test_it_shows_a_contact_edited_through_its_page_here_and_on_the_events(client, signed_in, champion_staff):
    contact = _contact("Grace Hopper", 0)
    event = make_event(created_by=champion_staff, title="Local offer workshop")
    assert "Grace Hopper" in _page(client, CHAMPION)
    assert "Contact Grace Hopper" in _page(client, event.get_absolute_url())

    staff = signed_in(champion_staff)
    edit = reverse("regions:champion_contact_edit", args=[GM, contact.pk])
    data = {"name": "Ada Lovelace", "role": "Champion lead", "email": "ada@gm.example", "phone": ""}
    assert staff.post(edit, data).status_code == 302
    staff.logout()

    assert "Ada Lovelace" in _page(client, CHAMPION)
    assert "Grace Hopper" not in _page(client, CHAMPION)
    assert "Contact Ada Lovelace" in _page(client, event.get_absolute_url())


def test_it_shows_contacts_moved_with_one_update_of_many_rows(client, signed_in, champion_staff):
    _contact("Grace Hopper", 0)
    second = _contact("Ada Lovelace", 1)
    event = make_event(created_by=champion_staff, title="Local offer workshop")
    assert "Contact Grace Hopper" in _page(client, event.get_absolute_url())

    staff = signed_in(champion_staff)
    move = reverse("regions:champion_contact_move", args=[GM, second.pk])
    assert staff.post(move, {"direction": "up"}).status_code == 302
    staff.logout()

    html = _page(client, CHAMPION)
    assert html.index("Ada Lovelace") < html.index("Grace Hopper")
    assert "Contact Ada Lovelace" in _page(client, event.get_absolute_url())


def test_it_shows_a_local_authority_moved_to_another_champion(client, signed_in, programme_staff):
    north_east = reverse("regions:region_detail", args=["north-east"])
    hartlepool = reverse("regions:champion_detail", args=["hartlepool"])
    assert "Northumberland" not in _page(client, CHAMPION)
    assert "Northumberland" in _page(client, hartlepool)
    assert "Also supported by" not in _page(client, reverse("regions:region_detail", args=["north-west"]))
    _page(client, north_east)

    staff = signed_in(programme_staff)
    assign = reverse("regions:local_authority_assign", args=["northumberland"])
    assert staff.post(assign, {"champion": _gm().pk, "reason": "More capacity"}).status_code == 302
    staff.logout()

    html = _page(client, CHAMPION)
    assert "Northumberland</a></td>" in html
    assert "Neighbouring region" in html
    assert "Northumberland" not in _page(client, hartlepool)
    assert "Northumberland</a> (North East)" in _page(client, reverse("regions:region_detail", args=["north-west"]))


def test_it_shows_a_new_funding_figure_once_the_programme_changes(client, reference_data):
    before = _page(client, CHAMPION)
    programme = Programme.objects.get()
    programme.national_funding += 90_000
    programme.save()  # as the admin does
    assert _page(client, CHAMPION) != before


def test_it_keeps_the_contacts_link_out_of_the_cache(client, signed_in, champion_staff, other_champion_staff):
    link = reverse("regions:champion_contact_list", args=[GM])
    assert link not in _page(client, CHAMPION)
    assert link in _page(signed_in(champion_staff), CHAMPION)
    assert link not in _page(signed_in(other_champion_staff), CHAMPION)


def test_it_shows_a_region_renamed_in_the_django_admin(client, signed_in, programme_staff, champion_staff):
    event = make_event(created_by=champion_staff, title="Local offer workshop")
    assert "Manchester), North West" in _page(client, reverse("events:event_list"))
    assert "North West" in _page(client, reverse("regions:region_list"))

    region = Region.objects.get(slug="north-west")
    admin = signed_in(programme_staff)
    change = reverse("admin:regions_region_change", args=[region.pk])
    data = {"name": "North West England", "slug": "north-west", "position": region.position}
    assert admin.post(change, data).status_code == 302
    admin.logout()

    assert "Manchester), North West England" in _page(client, reverse("events:event_list"))
    assert "North West England" in _page(client, reverse("regions:region_list"))
    assert "North West England" in _page(client, event.get_absolute_url())
