"""An event can name the local or regional network it is part of (seed 000: workshops "should be aligned to
broader local and regional collaborative networks and events"): chosen by organisers, shown on the event's
page and in the organisers' list, and a filter of the public event finder. Programme staff manage the
networks in the Django admin; the seeds name none, so the reference data ships none."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEntry
from champions_portal import public_cache
from events.models import Event, Network, Registration
from regions.models import Champion, Region
from tests.accounts.pages import error_summary
from tests.events.factories import event, event_form_data, make_event, registration
from tests.events.speaker_factories import make_network

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 9, 2, 9, 0, tzinfo=LONDON)
FINDER = reverse("events:event_list")
CREATE = reverse("events:event_create")


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def networks(reference_data):
    north_west = Region.objects.get(slug="north-west")
    return {
        "gm": make_network("Greater Manchester SEND network", region=north_west),
        "forums": make_network("North West parent carer forums network", region=north_west),
        "national": make_network("SEND reform leads network"),
    }


def _upcoming(response) -> list[str]:
    return [e.title for e in response.context["upcoming"]]


def _html(response) -> str:
    return response.content.decode()


# --- The model and the reference data ----------------------------------------------------------


def test_it_ships_no_networks_in_the_reference_data(reference_data):
    assert Network.objects.count() == 0


def test_it_keeps_network_names_unique(networks):
    with pytest.raises(IntegrityError), transaction.atomic():
        Network.objects.create(name="Greater Manchester SEND network", slug="another-slug")


def test_it_names_a_network_with_its_region(networks):
    assert networks["gm"].label == "Greater Manchester SEND network (North West)"
    assert networks["national"].label == "SEND reform leads network"
    assert str(networks["gm"]) == "Greater Manchester SEND network"


def test_it_lets_programme_staff_add_a_network_in_the_admin(signed_in, programme_staff):
    client = signed_in(programme_staff)
    data = {"name": "Tees Valley SEND network", "slug": "tees-valley-send-network"}
    data["region"] = Region.objects.get(slug="north-east").pk

    response = client.post("/admin/events/network/add/", data)

    assert response.status_code == 302
    network = Network.objects.get()
    assert (network.name, network.region.slug) == ("Tees Valley SEND network", "north-east")
    assert client.get("/admin/events/network/").status_code == 200


@pytest.mark.parametrize("person", ["champion_staff", "la_officer"])
def test_it_keeps_everyone_else_out_of_the_networks_admin(signed_in, request, person):
    client = signed_in(request.getfixturevalue(person))

    response = client.post("/admin/events/network/add/", {"name": "Mine", "slug": "mine"})

    assert response.status_code in (302, 403)
    assert not Network.objects.exists()


# --- Organisers choose it ----------------------------------------------------------------------


def test_it_offers_every_network_on_the_event_form(signed_in, champion_staff, networks):
    response = signed_in(champion_staff).get(CREATE)

    field = response.context["form"].fields["network"]
    assert field.required is False
    assert [field.label_from_instance(n) for n in field.queryset] == [
        "Greater Manchester SEND network (North West)",
        "North West parent carer forums network (North West)",
        "SEND reform leads network",
    ]
    assert "Not part of a network" in _html(response)


def test_it_saves_the_network_chosen_for_an_event(signed_in, champion_staff, networks):
    client = signed_in(champion_staff)

    response = client.post(CREATE, event_form_data(network=networks["gm"].pk))

    assert response.status_code == 302, error_summary(response)
    created = Event.objects.get()
    assert created.network == networks["gm"]
    assert AuditEntry.objects.get(action="event.created").changes["network"] == [None, networks["gm"].name]


def test_it_changes_and_clears_an_events_network(signed_in, champion_staff, networks):
    workshop = make_event(created_by=champion_staff, network=networks["gm"])
    client = signed_in(champion_staff)
    url = reverse("events:event_edit", args=[workshop.pk])

    assert client.get(url).context["form"].initial["network"] == networks["gm"].pk
    client.post(url, event_form_data(network=networks["forums"].pk))
    workshop.refresh_from_db()
    assert workshop.network == networks["forums"]
    change = AuditEntry.objects.get(action="event.updated").changes["network"]
    assert change == [networks["gm"].name, networks["forums"].name]

    client.post(url, event_form_data(network=""))
    workshop.refresh_from_db()
    assert workshop.network is None


def test_it_refuses_a_network_that_does_not_exist(signed_in, champion_staff, networks):
    response = signed_in(champion_staff).post(CREATE, event_form_data(network="999999"))

    assert response.status_code == 200
    assert error_summary(response) == ["Select a network from the list"]
    assert not Event.objects.exists()


def test_it_refuses_other_champions_staff_and_la_officers_the_choice(
    signed_in, champion_staff, other_champion_staff, la_officer, networks
):
    workshop = make_event(created_by=champion_staff)
    url = reverse("events:event_edit", args=[workshop.pk])

    assert signed_in(other_champion_staff).post(url, event_form_data(network=networks["gm"].pk)).status_code == 403
    assert signed_in(la_officer).post(url, event_form_data(network=networks["gm"].pk)).status_code == 403
    workshop.refresh_from_db()
    assert workshop.network is None


def test_it_shows_the_network_in_the_organisers_list(signed_in, champion_staff, networks):
    make_event(created_by=champion_staff, title="In a network", network=networks["gm"])
    make_event(created_by=champion_staff, title="On its own")

    html = _html(signed_in(champion_staff).get(reverse("events:event_manage_list")))

    assert "Network: Greater Manchester SEND network" in html
    assert html.count("Network: ") == 1


def test_it_lists_organisers_events_with_networks_in_a_constant_number_of_queries(
    signed_in, programme_staff, networks, query_count
):
    client = signed_in(programme_staff)
    counts = {}
    for total in (4, 60):
        Event.objects.bulk_create(
            event(created_by=programme_staff, network=list(networks.values())[n % 3])
            for n in range(total - Event.objects.count())
        )
        counts[total] = query_count(lambda: client.get(reverse("events:event_manage_list")))
    assert counts[4] == counts[60], counts


# --- The public see it -------------------------------------------------------------------------


def test_it_shows_the_network_on_the_events_page(client, champion_staff, networks):
    workshop = make_event(created_by=champion_staff, network=networks["gm"])
    alone = make_event(created_by=champion_staff)

    html = _html(client.get(workshop.get_absolute_url()))

    assert '<dt class="govuk-summary-list__key">Network</dt>' in html
    assert "Greater Manchester SEND network, North West" in html
    assert "Network</dt>" not in _html(client.get(alone.get_absolute_url()))


def test_it_shows_the_event_page_with_its_network_in_a_fixed_number_of_queries(
    client, champion_staff, networks, query_count
):
    alone = make_event(created_by=champion_staff)
    workshop = make_event(created_by=champion_staff, network=networks["gm"])

    assert query_count(lambda: client.get(workshop.get_absolute_url())) == query_count(
        lambda: client.get(alone.get_absolute_url())
    )


# --- The event finder's filter -----------------------------------------------------------------


@pytest.fixture
def finder_events(champion_staff, networks):
    """GM network: an upcoming and a past event; forums network: only a draft and a cancelled one;
    national network: only a past one; one upcoming event in no network."""
    past = NOW - datetime.timedelta(days=10)
    make_event(created_by=champion_staff, title="GM upcoming", network=networks["gm"])
    make_event(created_by=champion_staff, title="GM past", network=networks["gm"], starts_at=past)
    make_event(created_by=champion_staff, title="Forums draft", network=networks["forums"], status="draft")
    make_event(created_by=champion_staff, title="Forums cancelled", network=networks["forums"], status="cancelled")
    make_event(created_by=champion_staff, title="National past", network=networks["national"], starts_at=past)
    make_event(created_by=champion_staff, title="No network")


def test_it_offers_only_networks_with_upcoming_published_events(client, finder_events):
    response = client.get(FINDER)

    field = response.context["form"].fields["network"]
    assert [n.slug for n in field.queryset] == ["greater-manchester-send-network"]
    html = _html(response)
    assert '<option value="greater-manchester-send-network">' in html
    assert "All networks" in html
    assert "North West parent carer forums network" not in html


def test_it_filters_the_finder_by_network(client, finder_events):
    response = client.get(FINDER, {"network": "greater-manchester-send-network"})

    assert response.status_code == 200
    assert _upcoming(response) == ["GM upcoming"]
    assert [e.title for e in response.context["past"]] == ["GM past"]
    assert "Part of Greater Manchester SEND network" in _html(response)


def test_it_combines_the_network_with_the_other_filters(client, finder_events):
    response = client.get(FINDER, {"network": "greater-manchester-send-network", "region": "north-east"})

    assert _upcoming(response) == []


@pytest.mark.parametrize("value", ["no-such-network", "north-west-parent-carer-forums-network", "%00", "x" * 300])
def test_it_says_an_unknown_network_is_not_in_the_list_and_shows_every_event(client, finder_events, value):
    response = client.get(FINDER, {"network": value})

    assert response.status_code == 200
    assert error_summary(response) == ["Select a network from the list"]
    assert _upcoming(response) == ["GM upcoming", "No network"]


def _bulk(n: int, created_by, networks) -> None:
    champions = list(Champion.objects.all())
    made = Event.objects.bulk_create(
        event(
            created_by=created_by,
            champion=champions[i % len(champions)],
            title=f"Event {i}",
            starts_at=NOW + datetime.timedelta(days=(i + 1) * (1 if i % 2 else -1)),
            network=list(networks.values())[i % 3],
        )
        for i in range(n)
    )
    Registration.objects.bulk_create(registration(e) for e in made for _ in range(3))


@pytest.mark.parametrize("filters", [{}, {"network": "greater-manchester-send-network"}])
def test_it_filters_by_network_in_the_same_number_of_queries_for_6_or_200_events(
    client, champion_staff, networks, query_count, filters
):
    _bulk(6, champion_staff, networks)
    few = query_count(lambda: client.get(FINDER, filters))
    _bulk(194, champion_staff, networks)
    public_cache.changed("events")  # bulk_create sends no signals: a bulk load must say so itself
    many = query_count(lambda: client.get(FINDER, filters))
    public_cache.changed("events")

    assert len(client.get(FINDER, filters).context["upcoming"]) > 6
    assert few == many
    assert many <= 11  # as the finder's own test counts them, with one look-up for the network
