"""Organisers create and change events through one GOV.UK form; bad input saves nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from events.models import Event, Registration
from regions.models import Champion
from tests.events.factories import edit_form_data, event_form_data, make_event, make_registration

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 9, 2, 9, 0, tzinfo=LONDON)
CREATE = reverse("events:event_create")


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _edit_url(event: Event) -> str:
    return reverse("events:event_edit", args=[event.pk])


def _errors(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    return html.split('govuk-error-summary__list">')[1].split("</ul>")[0]


def test_it_creates_a_draft_for_the_champion_staffs_own_champion(signed_in, champion_staff):
    data = event_form_data(on=datetime.date(2013, 10, 14))
    response = signed_in(champion_staff).post(CREATE, data, follow=True)
    event = Event.objects.get()
    assert response.redirect_chain[-1][0] == reverse("events:registration_list", args=[event.pk])
    assert "Local offer clinic is saved as a draft" in response.content.decode()
    assert (event.champion.slug, event.status, event.created_by) == (
        "greater-manchester-group",
        "draft",
        champion_staff,
    )
    assert (event.kind, event.format, event.capacity) == ("workshop", "in_person", 30)
    assert event.venue_address.startswith("Bolton Town Hall")
    assert [t.slug for t in event.themes.all()] == ["local-offer"]
    # 14 October 2013 is British Summer Time: 10:00 in London is 09:00 UTC.
    assert event.starts_at == datetime.datetime(2013, 10, 14, 9, 0, tzinfo=datetime.UTC)
    assert event.ends_at == datetime.datetime(2013, 10, 14, 12, 0, tzinfo=datetime.UTC)
    assert event.registration_opens_at == datetime.datetime(2013, 9, 2, 9, 0, tzinfo=LONDON)
    assert event.registration_closes_at == datetime.datetime(2013, 10, 13, 17, 0, tzinfo=LONDON)
    assert event.created_at == NOW


def test_it_reads_winter_times_as_greenwich_mean_time(signed_in, champion_staff):
    data = event_form_data(on=datetime.date(2014, 1, 14), start_time="9.30am", end_time="midday")
    signed_in(champion_staff).post(CREATE, data)
    event = Event.objects.get()
    assert event.starts_at == datetime.datetime(2014, 1, 14, 9, 30, tzinfo=datetime.UTC)
    assert event.ends_at == datetime.datetime(2014, 1, 14, 12, 0, tzinfo=datetime.UTC)


def test_it_lets_programme_staff_choose_the_champion(signed_in, programme_staff):
    hartlepool = Champion.objects.get(slug="hartlepool")
    page = signed_in(programme_staff).get(CREATE).content.decode()
    assert "Which champion is running it?" in page
    signed_in(programme_staff).post(CREATE, event_form_data(champion=hartlepool.pk))
    assert Event.objects.get().champion == hartlepool


def test_it_never_lets_champion_staff_choose_another_champion(signed_in, champion_staff):
    client = signed_in(champion_staff)
    assert "Which champion is running it?" not in client.get(CREATE).content.decode()
    client.post(CREATE, event_form_data(champion=Champion.objects.get(slug="hartlepool").pk))
    assert Event.objects.get().champion.slug == "greater-manchester-group"


def test_it_requires_programme_staff_to_choose_a_champion(signed_in, programme_staff):
    errors = _errors(signed_in(programme_staff).post(CREATE, event_form_data()))
    assert "Select the champion running the event" in errors
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "overrides,error",
    [
        ({"kind": ""}, "Select the kind of event"),
        ({"kind": "party"}, "Select a valid choice"),
        ({"title": ""}, "Enter the title"),
        ({"title": "x" * 201}, "Title must be 200 characters or fewer"),
        ({"description": ""}, "Enter a description"),
        ({"themes": []}, "Select at least one theme"),
        ({"date_0": "", "date_1": "", "date_2": ""}, "Enter the date of the event"),
        ({"date_0": "31", "date_1": "2", "date_2": "2014"}, "Date of the event must be a real date"),
        ({"date_0": "x", "date_1": "10", "date_2": "2013"}, "Date of the event must be a real date"),
        ({"date_2": "13"}, "Date of the event must be a real date"),
        ({"date_1": "99999999999999999999"}, "Date of the event must be a real date"),  # was a 500
        ({"date_0": "1", "date_1": "9", "date_2": "2013"}, "The event must start in the future"),
        ({"start_time": ""}, "Enter the start time"),
        ({"start_time": "25:00"}, "Start time must be a real time, like 09:30 or 2pm"),
        ({"end_time": "13pm"}, "End time must be a real time"),
        ({"end_time": "9:00"}, "The end time must be after the start time"),
        ({"end_time": "10:00"}, "The end time must be after the start time"),
        ({"format": ""}, "Select whether the event is in person or online"),
        ({"venue_address": ""}, "Enter the venue address"),
        ({"format": "online", "joining_details": ""}, "Enter the joining details for the online event"),
        ({"capacity": ""}, "Enter the number of places"),
        ({"capacity": "0"}, "Number of places must be 1 or more"),
        ({"capacity": "2.5"}, "Number of places must be a whole number, like 30"),
        ({"capacity": "lots"}, "Number of places must be a whole number, like 30"),
        ({"registration_opens_time": ""}, "Enter the time registration opens"),
        ({"registration_closes_date_0": ""}, "Enter the date registration closes"),
        ({"registration_closes_time": "11:00"}, "Registration must close no later than the start of the event"),
        ({"registration_opens_date_0": "14", "registration_opens_date_1": "10"}, "Registration must close after"),
    ],
)
def test_it_rejects_bad_input_and_saves_nothing(signed_in, champion_staff, overrides, error):
    if "registration_closes_time" in overrides:  # closing on the event's own day, after it starts
        overrides |= {"registration_closes_date_0": "12", "registration_closes_date_1": "10"}
    data = event_form_data(on=datetime.date(2013, 10, 12), **overrides)
    response = signed_in(champion_staff).post(CREATE, data)
    assert error in _errors(response)
    assert "govuk-error-summary" in response.content.decode()
    assert not Event.objects.exists()


def test_it_shows_every_missing_answer_for_an_empty_post(signed_in, champion_staff):
    errors = _errors(signed_in(champion_staff).post(CREATE, {}))
    for message in ("Select the kind of event", "Enter the title", "Select at least one theme", "Enter the date"):
        assert message in errors
    # Radios and checkboxes link to their first input; the date input to its day.
    assert 'href="#id_kind_1"' in errors and 'href="#id_themes_1"' in errors and 'href="#id_date_0"' in errors
    assert not Event.objects.exists()


def test_it_prefills_the_edit_form_in_uk_time(signed_in, champion_staff):
    starts = datetime.datetime(2013, 10, 14, 10, 30, tzinfo=LONDON)
    event = make_event(created_by=champion_staff, starts_at=starts, themes=["local-offer", "engagement"])
    form = signed_in(champion_staff).get(_edit_url(event)).context["form"]
    assert form["date"].value() == datetime.date(2013, 10, 14)
    assert form["start_time"].value() == datetime.time(10, 30)
    assert form["end_time"].value() == datetime.time(13, 30)
    assert sorted(form["themes"].value()) == sorted(event.themes.values_list("pk", flat=True))
    assert 'value="10:30"' in str(form["start_time"])


def test_it_saves_changes_to_an_event(signed_in, champion_staff):
    event = make_event(created_by=champion_staff, status=Event.Status.DRAFT)
    data = event_form_data(title="Personal budgets: next steps", capacity="25", on=datetime.date(2013, 11, 5))
    response = signed_in(champion_staff).post(_edit_url(event), data, follow=True)
    assert "Your changes are saved" in response.content.decode()
    event.refresh_from_db()
    assert (event.title, event.capacity, event.format) == ("Personal budgets: next steps", 25, "in_person")
    assert event.starts_at == datetime.datetime(2013, 11, 5, 10, 0, tzinfo=LONDON)
    assert [t.slug for t in event.themes.all()] == ["local-offer"]
    assert event.status == "draft"


def test_it_keeps_a_past_start_that_is_not_changed(signed_in, champion_staff):
    starts = NOW - datetime.timedelta(days=1)
    event = make_event(created_by=champion_staff, starts_at=starts)
    data = event_form_data(on=starts.date(), start_time=starts.strftime("%H:%M"), end_time="23:00", title="Renamed")
    data |= {"registration_closes_date_0": "31", "registration_closes_date_1": "8", "registration_closes_time": "9am"}
    data |= {"registration_opens_date_0": "1", "registration_opens_date_1": "8"}
    signed_in(champion_staff).post(_edit_url(event), data)
    event.refresh_from_db()
    assert event.title == "Renamed"


def test_it_refuses_capacity_below_the_confirmed_count(signed_in, champion_staff):
    event = make_event(created_by=champion_staff, capacity=20)
    for _ in range(12):
        make_registration(event)
    response = signed_in(champion_staff).post(_edit_url(event), event_form_data(capacity="11", title="Changed"))
    assert "Capacity cannot be less than the 12 people already confirmed" in _errors(response)
    assert 'href="#id_capacity"' in response.content.decode()
    event.refresh_from_db()
    assert (event.capacity, event.title) == (20, "Personal budgets in practice")


def test_it_promotes_from_the_waiting_list_when_capacity_rises(
    signed_in, champion_staff, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(created_by=champion_staff, capacity=2)
    make_registration(event), make_registration(event)
    first, second, third = (make_registration(event, status=Registration.Status.WAITLISTED) for _ in range(3))
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(champion_staff).post(_edit_url(event), edit_form_data(event, capacity="4"), follow=True)
    assert "2 people on the waiting list now have a place and are emailed" in response.content.decode()
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert [statuses[r.pk] for r in (first, second, third)] == ["confirmed", "confirmed", "waitlisted"]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([first.email, second.email])
    assert {m.subject for m in mailoutbox} == {"A place has come up for you: Personal budgets in practice"}


def test_it_will_not_edit_a_cancelled_event(signed_in, champion_staff):
    event = make_event(created_by=champion_staff, status=Event.Status.CANCELLED)
    client = signed_in(champion_staff)
    for response in (
        client.get(_edit_url(event), follow=True),
        client.post(_edit_url(event), event_form_data(), follow=True),
    ):
        assert "This event has been cancelled, so it cannot be changed" in response.content.decode()
    event.refresh_from_db()
    assert event.title == "Personal budgets in practice"
