"""A champion's named contacts (issue 16): kept by its own staff (and programme staff), shown on its public
page and on its LAs' support-day pages, with Mott MacDonald's programme team for anyone unsure whom to ask."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from events.models import Event
from regions.models import Champion, ChampionContact, LocalAuthority
from regions.services import local_authority_assign_champion
from tests.accounts.pages import error_summary
from tests.events.factories import make_event
from tests.support_days.factories import make_support_day

GM = "greater-manchester-group"
VALID = {"name": "Ada Lovelace", "role": "Champion lead", "email": "ada@gm.example", "phone": "0161 496 0000"}


def _gm() -> Champion:
    return Champion.objects.get(slug=GM)


def _contact(champion: Champion | None = None, **fields) -> ChampionContact:
    champion = champion or _gm()
    values = {"name": "Grace Hopper", "role": "SEND reforms lead", "email": "grace@gm.example", "phone": ""}
    order = champion.contacts.count()
    return ChampionContact.objects.create(champion=champion, order=order, **{**values, **fields})


def _url(name: str, *args) -> str:
    return reverse(f"regions:champion_contact_{name}", args=[GM, *args])


def _rows() -> list[tuple]:
    return list(
        ChampionContact.objects.order_by("champion", "order", "pk").values_list("name", "role", "email", "phone")
    )


def _names(champion: Champion | None = None) -> list[str]:
    return [contact.name for contact in (champion or _gm()).contacts.all()]


# --- Champion staff keep their contacts --------------------------------------------------------


def test_it_lets_champion_staff_add_a_contact(signed_in, champion_staff):
    client = signed_in(champion_staff)

    response = client.post(_url("add"), VALID, follow=True)

    assert response.redirect_chain[-1][0] == _url("list")
    assert "Ada Lovelace is added to your contacts." in response.content.decode()
    contact = ChampionContact.objects.get()
    assert (contact.champion, contact.name, contact.role, contact.email, contact.phone) == (
        _gm(),
        "Ada Lovelace",
        "Champion lead",
        "ada@gm.example",
        "0161 496 0000",
    )
    entry = AuditEntry.objects.get(action="champion_contact.added")
    assert entry.actor == champion_staff
    assert entry.changes["name"] == [None, "Ada Lovelace"]
    assert entry.changes["champion"] == [None, _gm().name]


def test_it_adds_each_new_contact_after_the_others(signed_in, champion_staff):
    client = signed_in(champion_staff)
    _contact(name="First Person")

    client.post(_url("add"), VALID)
    client.post(_url("add"), {**VALID, "name": "Third Person", "phone": ""})

    assert _names() == ["First Person", "Ada Lovelace", "Third Person"]
    assert ChampionContact.objects.get(name="Third Person").phone == ""


def test_it_lets_programme_staff_keep_any_champions_contacts(signed_in, programme_staff):
    client = signed_in(programme_staff)
    url = reverse("regions:champion_contact_add", args=["hartlepool"])

    client.post(url, VALID)

    assert _names(Champion.objects.get(slug="hartlepool")) == ["Ada Lovelace"]
    assert client.get(reverse("regions:champion_contact_list", args=["hartlepool"])).status_code == 200


def test_it_lists_the_contacts_with_their_actions(signed_in, champion_staff):
    _contact(name="First Person")
    second = _contact(name="Second Person", phone="0161 496 0001")

    response = signed_in(champion_staff).get(_url("list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("First Person") < html.index("Second Person")
    assert "0161 496 0001" in html
    assert _url("edit", second.pk) in html
    assert _url("remove", second.pk) in html
    assert _url("move", second.pk) in html
    assert _url("add") in html


def test_it_lists_the_contacts_in_a_constant_number_of_queries(signed_in, champion_staff, query_count):
    client = signed_in(champion_staff)
    _contact()
    one = query_count(lambda: client.get(_url("list")))
    for n in range(6):
        _contact(name=f"Person {n}")

    assert query_count(lambda: client.get(_url("list"))) == one


def test_it_offers_to_add_the_first_contact_when_there_are_none(signed_in, champion_staff):
    response = signed_in(champion_staff).get(_url("list"))

    html = response.content.decode()
    assert "You have not added any contacts yet." in html
    assert _url("add") in html


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {},
            [
                "Enter the contact's full name",
                "Enter the contact's role or job title",
                "Enter the contact's email address",
            ],
        ),
        (
            {**VALID, "email": "ada-at-gm.example"},
            ["Enter an email address in the correct format, like name@example.com"],
        ),
        (
            {**VALID, "phone": "call me"},
            ["Enter a telephone number, like 01632 960 001 or +44 808 157 0192"],
        ),
        ({**VALID, "phone": "123"}, ["Enter a telephone number, like 01632 960 001 or +44 808 157 0192"]),
        ({**VALID, "name": "A" * 151}, ["Full name must be 150 characters or fewer"]),
        ({**VALID, "role": "   "}, ["Enter the contact's role or job title"]),
    ],
)
def test_it_shows_the_error_summary_and_adds_nothing_for_bad_input(signed_in, champion_staff, data, errors):
    response = signed_in(champion_staff).post(_url("add"), data)

    assert response.status_code == 200
    assert error_summary(response) == errors
    assert response.content.decode().count("Error: Add a contact") == 1
    assert not ChampionContact.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="champion_contact").exists()


def test_it_edits_a_contact(signed_in, champion_staff):
    contact = _contact()
    client = signed_in(champion_staff)
    form = client.get(_url("edit", contact.pk))
    assert form.status_code == 200
    assert 'value="Grace Hopper"' in form.content.decode()

    response = client.post(_url("edit", contact.pk), {**VALID, "name": "Grace Hopper", "role": "Programme manager"})

    assert response.status_code == 302
    assert _rows() == [("Grace Hopper", "Programme manager", "ada@gm.example", "0161 496 0000")]
    entry = AuditEntry.objects.get(action="champion_contact.changed")
    assert entry.changes == {
        "email": ["grace@gm.example", "ada@gm.example"],
        "phone": ["", "0161 496 0000"],
        "role": ["SEND reforms lead", "Programme manager"],
    }


def test_it_changes_nothing_on_an_edit_with_bad_input(signed_in, champion_staff):
    contact = _contact()
    before = _rows()

    response = signed_in(champion_staff).post(_url("edit", contact.pk), {**VALID, "email": ""})

    assert response.status_code == 200
    assert error_summary(response) == ["Enter the contact's email address"]
    assert _rows() == before
    assert not AuditEntry.objects.filter(action__startswith="champion_contact").exists()


def test_it_removes_a_contact_after_asking(signed_in, champion_staff):
    contact = _contact()
    keep = _contact(name="Kept Person")
    event = make_event(created_by=champion_staff, contact=contact)
    client = signed_in(champion_staff)

    page = client.get(_url("remove", contact.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Remove Grace Hopper from your contacts?" in html
    assert "1 event names Grace Hopper as its contact" in html
    assert _names() == ["Grace Hopper", "Kept Person"]

    response = client.post(_url("remove", contact.pk), follow=True)

    assert response.redirect_chain[-1][0] == _url("list")
    assert "Grace Hopper is removed from your contacts." in response.content.decode()
    assert _names() == ["Kept Person"]
    event.refresh_from_db()
    assert event.contact is None
    assert Event.objects.get(pk=event.pk).organiser_contact == keep
    entry = AuditEntry.objects.get(action="champion_contact.removed")
    assert entry.object_repr == f"Grace Hopper, {_gm().name}"
    assert entry.changes["name"] == ["Grace Hopper", None]


def test_it_moves_a_contact_up_and_down(signed_in, champion_staff):
    for name in ("One", "Two", "Three"):
        _contact(name=name)
    client = signed_in(champion_staff)
    three = ChampionContact.objects.get(name="Three")

    response = client.post(_url("move", three.pk), {"direction": "up"})

    assert response.status_code == 302
    assert _names() == ["One", "Three", "Two"]
    client.post(_url("move", three.pk), {"direction": "up"})
    assert _names() == ["Three", "One", "Two"]
    client.post(_url("move", ChampionContact.objects.get(name="One").pk), {"direction": "down"})
    assert _names() == ["Three", "Two", "One"]
    assert list(_gm().contacts.values_list("order", flat=True)) == [0, 1, 2]
    moves = AuditEntry.objects.filter(action="champion_contact.moved").order_by("pk")
    assert [entry.changes["position"] for entry in moves] == [[3, 2], [2, 1], [2, 3]]


@pytest.mark.parametrize(("name", "direction"), [("One", "up"), ("Two", "down"), ("One", "sideways"), ("One", "")])
def test_it_changes_nothing_on_a_move_it_cannot_make(signed_in, champion_staff, name, direction):
    _contact(name="One")
    _contact(name="Two")

    response = signed_in(champion_staff).post(
        _url("move", ChampionContact.objects.get(name=name).pk), {"direction": direction}
    )

    assert response.status_code == 302
    assert _names() == ["One", "Two"]
    assert not AuditEntry.objects.filter(action="champion_contact.moved").exists()


# --- Nobody else may change them ---------------------------------------------------------------


def _every_request(contact: ChampionContact) -> list[tuple[str, str, dict]]:
    return [
        ("get", _url("list"), {}),
        ("get", _url("add"), {}),
        ("post", _url("add"), VALID),
        ("get", _url("edit", contact.pk), {}),
        ("post", _url("edit", contact.pk), VALID),
        ("get", _url("remove", contact.pk), {}),
        ("post", _url("remove", contact.pk), {}),
        ("post", _url("move", contact.pk), {"direction": "up"}),
    ]


@pytest.mark.parametrize("person", ["other_champion_staff", "la_officer", "other_la_officer"])
def test_it_refuses_everyone_but_the_champions_staff_and_programme_staff(request, client, reference_data, person):
    _contact(name="First")
    contact = _contact()
    before = _rows()
    client.force_login(request.getfixturevalue(person))

    for method, url, data in _every_request(contact):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, (method, url)

    assert _rows() == before
    assert not AuditEntry.objects.filter(action__startswith="champion_contact").exists()


def test_it_sends_anonymous_visitors_to_sign_in(client, reference_data):
    contact = _contact()
    before = _rows()

    for method, url, data in _every_request(contact):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    assert _rows() == before


def test_it_answers_404_for_a_contact_of_another_champion(signed_in, programme_staff):
    theirs = _contact(Champion.objects.get(slug="hartlepool"))
    client = signed_in(programme_staff)
    before = _rows()

    for method, url, data in _every_request(theirs)[3:]:
        assert getattr(client, method)(url, data).status_code == 404, (method, url)

    assert client.get(reverse("regions:champion_contact_list", args=["no-such-champion"])).status_code == 404
    assert _rows() == before


# --- Where people see them ---------------------------------------------------------------------


def test_it_shows_the_contacts_on_the_champions_public_page(client, reference_data):
    _contact(name="Grace Hopper", phone="0161 496 0002")
    _contact(name="Ada Lovelace", role="Champion lead", email="ada@gm.example")

    html = client.get(_gm().get_absolute_url()).content.decode()

    assert f"Contacts at {_gm().name}" in html
    assert html.index("Grace Hopper") < html.index("Ada Lovelace")
    assert "SEND reforms lead" in html
    assert 'href="mailto:grace@gm.example"' in html
    assert "0161 496 0002" in html
    assert settings.PROGRAMME_TEAM_EMAIL in html
    assert settings.PROGRAMME_TEAM_PHONE in html
    assert _url("list") not in html


def test_it_gives_the_programme_team_when_a_champion_has_no_contacts(client, reference_data):
    html = client.get(_gm().get_absolute_url()).content.decode()

    assert f"{_gm().name} has not named any contacts yet." in html
    assert f'href="mailto:{settings.PROGRAMME_TEAM_EMAIL}"' in html
    assert settings.PROGRAMME_TEAM_PHONE in html


@pytest.mark.parametrize(
    ("person", "sees_link"),
    [("champion_staff", True), ("programme_staff", True), ("other_champion_staff", False), ("la_officer", False)],
)
def test_it_links_the_champion_page_to_the_contacts_for_those_who_keep_them(request, client, person, sees_link):
    client.force_login(request.getfixturevalue(person))

    html = client.get(_gm().get_absolute_url()).content.decode()

    assert (_url("list") in html) is sees_link


def test_it_shows_the_champion_page_in_a_constant_number_of_queries(client, reference_data, query_count):
    _contact()
    one = query_count(lambda: client.get(_gm().get_absolute_url()))
    for n in range(6):
        _contact(name=f"Person {n}")

    assert query_count(lambda: client.get(_gm().get_absolute_url())) == one


def test_it_shows_the_assigned_champions_contacts_on_the_la_officers_support_days_page(signed_in, la_officer):
    _contact(name="Grace Hopper", phone="0161 496 0002")
    _contact(Champion.objects.get(slug="hartlepool"), name="Not Theirs")

    html = signed_in(la_officer).get(reverse("support_days:support_day_list")).content.decode()

    assert f"Contacts at {_gm().name}" in html
    assert "Grace Hopper" in html
    assert 'href="mailto:grace@gm.example"' in html
    assert "0161 496 0002" in html
    assert "Not Theirs" not in html
    assert settings.PROGRAMME_TEAM_EMAIL in html


def test_it_follows_the_la_when_it_is_assigned_to_another_champion(signed_in, la_officer, programme_staff):
    _contact(name="Grace Hopper")
    herts = Champion.objects.get(slug="hertfordshire")
    _contact(herts, name="Herts Person", email="herts@herts.example")
    local_authority_assign_champion(
        local_authority=LocalAuthority.objects.get(slug="bolton"),
        champion=herts,
        reason="Capacity",
        by=programme_staff,
        now=timezone.now(),
    )

    html = signed_in(la_officer).get(reverse("support_days:support_day_list")).content.decode()

    assert "Herts Person" in html
    assert "Grace Hopper" not in html


def test_it_shows_the_contacts_on_the_la_officers_support_day_page(signed_in, la_officer, champion_staff):
    _contact(name="Grace Hopper")
    day = make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer)

    la_page = signed_in(la_officer).get(day.get_absolute_url()).content.decode()

    assert f"Contacts at {_gm().name}" in la_page
    assert 'href="mailto:grace@gm.example"' in la_page


def test_it_says_so_on_the_support_days_page_when_the_champion_has_no_contacts(signed_in, la_officer):
    html = signed_in(la_officer).get(reverse("support_days:support_day_list")).content.decode()

    assert f"{_gm().name} has not named any contacts yet." in html
    assert settings.PROGRAMME_TEAM_PHONE in html


def test_it_shows_the_support_days_pages_in_a_constant_number_of_queries(signed_in, la_officer, query_count):
    client = signed_in(la_officer)
    _contact()
    day = make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer)
    urls = [reverse("support_days:support_day_list"), day.get_absolute_url()]
    few = [query_count(lambda url=url: client.get(url)) for url in urls]
    for n in range(6):
        _contact(name=f"Person {n}")
    for _ in range(3):
        make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, status="requested")

    assert [query_count(lambda url=url: client.get(url)) for url in urls] == few


def test_it_shows_the_contacts_inline_in_the_admin(signed_in, programme_staff):
    _contact()

    response = signed_in(programme_staff).get(f"/admin/regions/champion/{_gm().pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Grace Hopper" in html
    assert "contacts-TOTAL_FORMS" in html


def test_it_gives_the_demo_champion_one_invented_contact_clearly_marked_demo(reference_data):
    for _ in range(2):
        call_command("create_demo_accounts", stdout=StringIO())

    [contact] = ChampionContact.objects.all()
    assert (contact.champion, contact.email) == (_gm(), "champion.staff@example.com")
    assert "(demo)" in contact.name and "demo" in contact.role
