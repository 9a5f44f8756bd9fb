"""Organisers (champion staff, LA officers) ask Mott MacDonald to secure a champion representative to speak
at their event; programme staff answer (secured, with whom, or not possible, with why); the asker sees the
state, and may withdraw the request while it is waiting or secured (seed 000: "Mott MacDonald will also be
able to assist in securing pathfinder champion representatives to speak at events")."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Role, User
from audit.models import AuditEntry
from events.models import Event, SpeakerRequest
from events.speakers import SpeakerRequestRefused, speaker_request_answer, speaker_request_withdraw
from events.views.speakers import PER_PAGE
from notifications.models import OutboxMessage
from programme.models import Theme
from regions.models import Champion
from tests.accounts.pages import error_summary, links
from tests.conftest import PASSWORD
from tests.events.factories import make_event
from tests.events.speaker_factories import make_speaker_request, speaker_request

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 9, 2, 9, 0, tzinfo=LONDON)
ON = datetime.date(2013, 10, 14)
LIST = reverse("events:speaker_request_list")
NEW = reverse("events:speaker_request_create")
Status = SpeakerRequest.Status


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _detail(request: SpeakerRequest) -> str:
    return reverse("events:speaker_request_detail", args=[request.pk])


def _answer(request: SpeakerRequest) -> str:
    return reverse("events:speaker_request_answer", args=[request.pk])


def _withdraw(request: SpeakerRequest) -> str:
    return reverse("events:speaker_request_withdraw", args=[request.pk])


def _date(on: datetime.date) -> dict:
    return {f"date_{i}": str(part) for i, part in enumerate((on.day, on.month, on.year))}


def _form(**overrides) -> dict:
    """What an organiser fills in: an in-person conference on 14 October 2013."""
    data = {
        "event_title": "Bolton SEND conference",
        **_date(ON),
        "format": "in_person",
        "location": "Bolton Town Hall, Victoria Square",
        "audience": "About 80 SENCOs and parent carer forum members",
        "theme": Theme.objects.get(slug="personal-budgets").pk,
        "topic": "How personal budgets were introduced in a pathfinder area",
        "preferred_champion": "",
    }
    return {**data, **overrides}


def _ask(client, django_capture_on_commit_callbacks, data: dict):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(NEW, data)


def _html(response) -> str:
    return response.content.decode()


# --- Asking ------------------------------------------------------------------------------------


def test_it_shows_an_la_officer_the_form_without_portal_events(signed_in, la_officer):
    response = signed_in(la_officer).get(NEW)

    assert response.status_code == 200
    form = response.context["form"]
    assert "event" not in form.fields
    assert form.fields["theme"].queryset.count() == 6
    assert form.fields["preferred_champion"].queryset.count() == 9
    html = _html(response)
    assert 'name="date_0"' in html and 'name="date_1"' in html and 'name="date_2"' in html
    assert "novalidate" in html
    assert error_summary(response) == []


def test_it_lets_an_la_officer_ask_for_a_speaker(signed_in, la_officer, mailoutbox, django_capture_on_commit_callbacks):
    hartlepool = Champion.objects.get(slug="hartlepool")

    response = _ask(signed_in(la_officer), django_capture_on_commit_callbacks, _form(preferred_champion=hartlepool.pk))

    [request] = SpeakerRequest.objects.all()
    assert response.status_code == 302
    assert response["Location"] == _detail(request)
    assert request.requested_by == la_officer
    assert request.local_authority == la_officer.local_authority
    assert request.champion is None
    assert request.event is None
    assert request.event_title == "Bolton SEND conference"
    assert request.date == ON
    assert request.format == Event.Format.IN_PERSON
    assert request.location == "Bolton Town Hall, Victoria Square"
    assert request.audience == "About 80 SENCOs and parent carer forum members"
    assert request.theme.slug == "personal-budgets"
    assert request.topic == "How personal budgets were introduced in a pathfinder area"
    assert request.preferred_champion == hartlepool
    assert request.status == Status.REQUESTED
    assert request.created_at == NOW
    assert (request.answered_by, request.answered_at, request.secured_champion) == (None, None, None)
    [message] = mailoutbox
    assert message.to == [settings.PROGRAMME_TEAM_EMAIL]
    assert message.subject == "Speaker request: Bolton SEND conference, 14 October 2013"
    body = " ".join(message.body.split())
    assert "Lee of Bolton asks for a champion representative to speak" in body
    assert "Monday 14 October 2013" in body
    assert "Personal budgets" in body and "How personal budgets were introduced" in body
    assert "Hartlepool" in body
    assert f"http://testserver{_detail(request)}" in body
    assert f"http://testserver{_detail(request)}" in message.alternatives[0][0]
    [row] = OutboxMessage.objects.all()
    assert row.key == f"speaker_request_made:{request.pk}"
    [entry] = AuditEntry.objects.filter(action="speaker_request.created")
    assert entry.actor == la_officer and entry.object_id == str(request.pk)
    assert entry.changes["event_title"] == [None, "Bolton SEND conference"]


def test_it_confirms_the_request_on_its_page(signed_in, la_officer, django_capture_on_commit_callbacks):
    client = signed_in(la_officer)
    response = _ask(client, django_capture_on_commit_callbacks, _form())

    page = client.get(response["Location"])

    html = _html(page)
    assert "Your request is sent. Mott MacDonald will email you when they have an answer." in html
    assert "Requested" in html and "govuk-tag--yellow" in html
    assert "Monday 14 October 2013" in html
    assert "Bolton Town Hall, Victoria Square" in html
    assert _withdraw(SpeakerRequest.objects.get()) in links(page)
    assert _answer(SpeakerRequest.objects.get()) not in links(page)


def test_it_lets_champion_staff_choose_one_of_their_champions_upcoming_events(
    signed_in, champion_staff, other_champion_staff, mailoutbox, django_capture_on_commit_callbacks
):
    starts = datetime.datetime(2013, 11, 5, 10, 0, tzinfo=LONDON)
    ours = make_event(created_by=champion_staff, title="Local offer day", starts_at=starts)
    draft = make_event(created_by=champion_staff, title="Draft day", status=Event.Status.DRAFT)
    make_event(created_by=champion_staff, title="Cancelled day", status=Event.Status.CANCELLED)
    make_event(created_by=champion_staff, title="Held day", starts_at=NOW - datetime.timedelta(days=3))
    make_event(
        created_by=other_champion_staff, champion=Champion.objects.get(slug="hartlepool"), title="Hartlepool's day"
    )
    client = signed_in(champion_staff)

    choices = client.get(NEW).context["form"].fields["event"].queryset
    assert sorted(e.title for e in choices) == ["Draft day", "Local offer day"]

    # Title and date left blank: the event's are used.
    data = _form(event=ours.pk, event_title="", date_0="", date_1="", date_2="", format="online", location="")
    response = _ask(client, django_capture_on_commit_callbacks, data)

    assert response.status_code == 302, error_summary(response)
    [request] = SpeakerRequest.objects.all()
    assert (request.event, request.event_title, request.date) == (ours, "Local offer day", datetime.date(2013, 11, 5))
    assert request.champion == champion_staff.champion
    assert request.local_authority is None
    assert request.format == Event.Format.ONLINE
    assert f"Chris of {champion_staff.champion.name} asks" in " ".join(mailoutbox[0].body.split())
    assert draft.pk != ours.pk


def test_it_refuses_another_champions_event(signed_in, champion_staff, other_champion_staff, mailoutbox):
    theirs = make_event(created_by=other_champion_staff, champion=Champion.objects.get(slug="hartlepool"))

    response = signed_in(champion_staff).post(NEW, _form(event=theirs.pk))

    assert response.status_code == 200
    assert error_summary(response) == ["Select one of your champion's events from the list"]
    assert not SpeakerRequest.objects.exists()
    assert mailoutbox == []


def test_it_ignores_an_event_an_la_officer_sends(
    signed_in, la_officer, champion_staff, django_capture_on_commit_callbacks
):
    event = make_event(created_by=champion_staff)

    _ask(signed_in(la_officer), django_capture_on_commit_callbacks, _form(event=event.pk))

    assert SpeakerRequest.objects.get().event is None


@pytest.mark.parametrize(
    ("overrides", "messages"),
    [
        (
            None,
            [
                "Enter the title of the event",
                "Enter the date of the event",
                "Select whether the event is in person or online",
                "Enter who will be at the event",
                "Select the theme the speaker should cover",
                "Enter what you would like the speaker to talk about",
            ],
        ),
        (_date(NOW.date()), ["The date of the event must be in the future"]),
        (_date(datetime.date(2013, 8, 1)), ["The date of the event must be in the future"]),
        ({"date_0": "31", "date_1": "2", "date_2": "2014"}, ["Date of the event must be a real date"]),
        ({"date_0": "14", "date_1": "", "date_2": "2013"}, ["Date of the event must include a day, month and year"]),
        ({"location": "  "}, ["Enter where the event is"]),
        ({"event_title": "x" * 201}, ["Title of the event must be 200 characters or fewer"]),
        ({"topic": "x" * 2001}, ["What the speaker should talk about must be 2,000 characters or fewer"]),
        ({"theme": "999999"}, ["Select the theme the speaker should cover"]),
        ({"preferred_champion": "nope"}, ["Select a champion from the list"]),
        ({"format": "by-carrier-pigeon"}, ["Select whether the event is in person or online"]),
    ],
)
def test_it_shows_the_errors_and_saves_nothing(signed_in, la_officer, mailoutbox, overrides, messages):
    data = {} if overrides is None else _form(**overrides)

    response = signed_in(la_officer).post(NEW, data)

    assert response.status_code == 200
    assert _html(response).count("<title>Error: ") == 1
    assert error_summary(response) == messages
    assert not SpeakerRequest.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="speaker_request").exists()
    assert mailoutbox == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_sends_anonymous_visitors_to_sign_in(client, reference_data, method):
    response = getattr(client, method)(NEW, _form() if method == "post" else None)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not SpeakerRequest.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_programme_staff_the_form(signed_in, programme_staff, mailoutbox, method):
    client = signed_in(programme_staff)

    response = client.get(NEW) if method == "get" else client.post(NEW, _form())

    assert response.status_code == 403
    assert not SpeakerRequest.objects.exists()
    assert mailoutbox == []


# --- Lists -------------------------------------------------------------------------------------


def _titles(response) -> list[str]:
    return [r.event_title for r in response.context["speaker_requests"]]


@pytest.fixture
def asked(la_officer, other_la_officer, champion_staff, other_champion_staff, programme_staff):
    """Five requests: two of Bolton's (one answered), Sunderland's, and one from each champion."""
    bolton_colleague = User.objects.create_user(
        "kim@bolton.example",
        PASSWORD,
        full_name="Kim",
        role=Role.LA_OFFICER,
        local_authority=la_officer.local_authority,
    )
    return {
        "bolton": make_speaker_request(by=la_officer, event_title="Bolton A", date=datetime.date(2013, 12, 1)),
        "bolton answered": make_speaker_request(
            by=bolton_colleague,
            event_title="Bolton B",
            status=Status.SECURED,
            secured_champion=Champion.objects.get(slug="hartlepool"),
            speaker_name="Jo Bloggs, Hartlepool's SEND lead",
            answered_by=programme_staff,
            answered_at=NOW,
        ),
        "sunderland": make_speaker_request(by=other_la_officer, event_title="Sunderland"),
        "gm": make_speaker_request(by=champion_staff, event_title="GM", date=datetime.date(2013, 10, 1)),
        "hartlepool": make_speaker_request(by=other_champion_staff, event_title="Hartlepool"),
    }


def test_it_lists_an_la_officer_the_requests_of_their_local_authority(signed_in, la_officer, asked):
    response = signed_in(la_officer).get(LIST)

    assert response.status_code == 200
    assert _titles(response) == ["Bolton A", "Bolton B"]
    html = _html(response)
    assert 'govuk-tag--yellow">Requested' in html
    assert 'govuk-tag--green">Speaker secured' in html
    assert "Jo Bloggs, Hartlepool&#x27;s SEND lead" in html
    assert "Sunderland" not in html and "Hartlepool</a>" not in html
    assert NEW in links(response)
    assert "1 December 2013" in html


def test_it_lists_champion_staff_their_champions_requests(signed_in, champion_staff, asked):
    response = signed_in(champion_staff).get(LIST)

    assert _titles(response) == ["GM"]
    assert NEW in links(response)


def test_it_lists_programme_staff_every_request_waiting_first(signed_in, programme_staff, asked):
    response = signed_in(programme_staff).get(LIST)

    # Waiting ones first, the soonest event first (then in the order asked); then the answered ones.
    assert _titles(response) == ["GM", "Sunderland", "Hartlepool", "Bolton A", "Bolton B"]
    assert response.context["waiting_count"] == 4
    assert "4 requests are waiting for an answer" in _html(response)
    assert NEW not in links(response)
    assert _answer(asked["gm"]) in links(response)


def test_it_counts_the_waiting_requests(asked):
    assert SpeakerRequest.objects.waiting().count() == 4
    asked["gm"].status = Status.WITHDRAWN
    asked["gm"].save()
    assert SpeakerRequest.objects.waiting().count() == 3


def test_it_sends_anonymous_visitors_from_the_list_to_sign_in(client, reference_data):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("person", ["programme_staff", "la_officer", "champion_staff"])
def test_it_lists_in_a_constant_number_of_queries(signed_in, request, query_count, person):
    user = request.getfixturevalue(person)
    asker = user if not user.is_programme_staff else request.getfixturevalue("la_officer")
    hartlepool = Champion.objects.get(slug="hartlepool")
    client = signed_in(user)
    counts = {}
    for total in (3, 60):
        SpeakerRequest.objects.bulk_create(
            speaker_request(
                by=asker,
                preferred_champion=hartlepool,
                status=Status.SECURED if n % 2 else Status.REQUESTED,
                secured_champion=hartlepool if n % 2 else None,
                answered_by=user if n % 2 else None,
            )
            for n in range(total - SpeakerRequest.objects.count())
        )
        counts[total] = query_count(lambda: client.get(LIST))
        assert len(client.get(LIST).context["speaker_requests"]) == min(total, PER_PAGE)  # a page at a time
    assert counts[3] == counts[60], counts


@pytest.mark.parametrize("person", ["programme_staff", "la_officer"])
def test_it_lists_a_page_at_a_time_at_the_same_size(signed_in, request, query_count, person):
    user = request.getfixturevalue(person)
    asker = request.getfixturevalue("la_officer")
    client = signed_in(user)
    sizes, counts = {}, {}
    for total in (PER_PAGE + 10, 3 * PER_PAGE):
        SpeakerRequest.objects.bulk_create(
            speaker_request(by=asker, event_title=f"Event {n:04}") for n in range(SpeakerRequest.objects.count(), total)
        )
        counts[total] = query_count(lambda: client.get(LIST))
        sizes[total] = len(client.get(LIST).content)
    assert counts[PER_PAGE + 10] == counts[3 * PER_PAGE], counts
    assert abs(sizes[3 * PER_PAGE] - sizes[PER_PAGE + 10]) < 0.02 * sizes[PER_PAGE + 10], sizes
    last = client.get(LIST, {"page": 3})
    assert len(last.context["speaker_requests"]) == PER_PAGE and "Previous" in last.content.decode()
    if user.is_programme_staff:
        assert last.context["waiting_count"] == 3 * PER_PAGE  # every waiting request, not only those shown


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", ""])
def test_it_answers_a_bad_page_with_a_page_not_an_error(signed_in, la_officer, page):
    SpeakerRequest.objects.bulk_create(speaker_request(by=la_officer) for _ in range(PER_PAGE + 2))
    response = signed_in(la_officer).get(LIST, {"page": page})
    assert response.status_code == 200 and response.context["page"].number in (1, 2)


# --- A request's page --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "target", "status"),
    [
        ("la_officer", "bolton", 200),
        ("la_officer", "bolton answered", 200),  # a colleague's, of the same LA
        ("programme_staff", "bolton", 200),
        ("champion_staff", "gm", 200),
        ("other_la_officer", "bolton", 404),
        ("champion_staff", "bolton", 404),
        ("la_officer", "gm", 404),
        ("other_champion_staff", "gm", 404),
    ],
)
def test_it_shows_a_request_only_to_its_side_and_programme_staff(signed_in, request, asked, person, target, status):
    response = signed_in(request.getfixturevalue(person)).get(_detail(asked[target]))

    assert response.status_code == status


def test_it_answers_404_for_a_request_that_does_not_exist_as_for_one_hidden(signed_in, other_la_officer, asked):
    client = signed_in(other_la_officer)

    hidden = client.get(_detail(asked["bolton"]))
    missing = client.get(reverse("events:speaker_request_detail", args=[999999]))

    assert hidden.status_code == missing.status_code == 404
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert csrf.sub("", _html(hidden)) == csrf.sub("", _html(missing))


def test_it_shows_the_asker_who_was_secured(signed_in, la_officer, asked):
    html = _html(signed_in(la_officer).get(_detail(asked["bolton answered"])))

    assert "Speaker secured" in html
    assert "Jo Bloggs, Hartlepool&#x27;s SEND lead" in html
    assert "Hartlepool (North East)" in html


# --- Answering ---------------------------------------------------------------------------------


def test_it_shows_programme_staff_the_answer_form(signed_in, programme_staff, asked):
    client = signed_in(programme_staff)

    detail = client.get(_detail(asked["bolton"]))
    response = client.get(_answer(asked["bolton"]))

    assert _answer(asked["bolton"]) in links(detail)
    assert _withdraw(asked["bolton"]) not in links(detail)
    assert response.status_code == 200
    assert response.context["form"].fields["champion"].queryset.count() == 9
    assert error_summary(response) == []


def test_it_records_a_secured_speaker_and_emails_the_asker(
    signed_in, programme_staff, la_officer, asked, mailoutbox, django_capture_on_commit_callbacks
):
    target = asked["bolton"]
    hartlepool = Champion.objects.get(slug="hartlepool")
    data = {"outcome": "secured", "champion": hartlepool.pk, "speaker_name": "Jo Bloggs", "notes": "Jo will call you"}

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(programme_staff).post(_answer(target), data, follow=True)

    assert response.redirect_chain[-1][0] == _detail(target)
    assert "Bolton A: speaker secured. We have emailed Lee." in _html(response)
    target.refresh_from_db()
    assert target.status == Status.SECURED
    assert (target.secured_champion, target.speaker_name, target.answer) == (
        hartlepool,
        "Jo Bloggs",
        "Jo will call you",
    )
    assert (target.answered_by, target.answered_at) == (programme_staff, NOW)
    [message] = mailoutbox
    assert message.to == [la_officer.email]
    assert message.subject == "Champion speaker secured: Bolton A"
    body = " ".join(message.body.split())
    assert "Jo Bloggs from Hartlepool will speak at Bolton A on Sunday 1 December 2013." in body
    assert "Jo will call you" in body
    assert f"http://testserver{_detail(target)}" in body
    assert OutboxMessage.objects.get().key == f"speaker_request_answered:{target.pk}"
    [entry] = AuditEntry.objects.filter(action="speaker_request.answered")
    assert entry.actor == programme_staff
    assert entry.changes["status"] == ["requested", "secured"]
    assert entry.changes["secured_champion"] == [None, "Hartlepool"]


def test_it_records_why_it_is_not_possible_and_emails_the_asker(
    signed_in, programme_staff, champion_staff, asked, mailoutbox, django_capture_on_commit_callbacks
):
    target = asked["gm"]
    data = {"outcome": "not_possible", "reason": "No champion is free on 1 October", "champion": "", "speaker_name": ""}

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(programme_staff).post(_answer(target), data)

    target.refresh_from_db()
    assert (target.status, target.answer, target.secured_champion, target.speaker_name) == (
        Status.NOT_POSSIBLE,
        "No champion is free on 1 October",
        None,
        "",
    )
    [message] = mailoutbox
    assert message.to == [champion_staff.email]
    assert message.subject == "Champion speaker not possible: GM"
    assert "No champion is free on 1 October" in message.body
    assert AuditEntry.objects.filter(action="speaker_request.answered").count() == 1


def test_it_keeps_only_the_answer_that_applies(signed_in, programme_staff, asked, django_capture_on_commit_callbacks):
    target = asked["bolton"]
    data = {"outcome": "not_possible", "reason": "Nobody free", "champion": Champion.objects.first().pk}
    data["speaker_name"] = "Someone"

    signed_in(programme_staff).post(_answer(target), data)

    target.refresh_from_db()
    assert (target.secured_champion, target.speaker_name, target.answer) == (None, "", "Nobody free")


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({}, ["Select whether a speaker is secured"]),
        ({"outcome": "secured"}, ["Select the champion the speaker is from", "Enter the name of the speaker"]),
        (
            {"outcome": "secured", "champion": "999999", "speaker_name": "Jo"},
            ["Select the champion the speaker is from"],
        ),
        ({"outcome": "not_possible", "reason": "   "}, ["Enter why it is not possible"]),
        ({"outcome": "maybe"}, ["Select whether a speaker is secured"]),
    ],
)
def test_it_shows_the_answer_errors_and_changes_nothing(signed_in, programme_staff, asked, mailoutbox, data, messages):
    target = asked["bolton"]

    response = signed_in(programme_staff).post(_answer(target), data)

    assert response.status_code == 200
    assert "<title>Error: " in _html(response)
    assert error_summary(response) == messages
    target.refresh_from_db()
    assert (target.status, target.answered_at) == (Status.REQUESTED, None)
    assert mailoutbox == []


@pytest.mark.parametrize("person", ["la_officer", "other_la_officer", "champion_staff", "other_champion_staff"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_anyone_but_programme_staff_the_answer(signed_in, request, asked, mailoutbox, person, method):
    target = asked["bolton"]
    client = signed_in(request.getfixturevalue(person))
    data = {"outcome": "secured", "champion": Champion.objects.first().pk, "speaker_name": "Me"}

    response = client.get(_answer(target)) if method == "get" else client.post(_answer(target), data)

    assert response.status_code == 403
    target.refresh_from_db()
    assert target.status == Status.REQUESTED
    assert mailoutbox == []


def test_it_sends_anonymous_visitors_from_the_answer_to_sign_in(client, asked):
    response = client.post(_answer(asked["bolton"]), {"outcome": "not_possible", "reason": "x"})

    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert SpeakerRequest.objects.get(pk=asked["bolton"].pk).status == Status.REQUESTED


def test_it_will_not_answer_twice(signed_in, programme_staff, asked, mailoutbox, django_capture_on_commit_callbacks):
    target = asked["bolton answered"]

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(programme_staff).post(
            _answer(target), {"outcome": "not_possible", "reason": "Changed my mind"}, follow=True
        )

    assert response.redirect_chain[-1][0] == _detail(target)
    assert "This request has already been answered. Nothing changed." in _html(response)
    target.refresh_from_db()
    assert (target.status, target.answer) == (Status.SECURED, "")
    assert mailoutbox == []


def test_it_refuses_a_second_answer_in_the_service_too(asked, programme_staff):
    """The page checks first; the service checks again under the row lock, for two answers at once."""
    target = asked["bolton answered"]

    with pytest.raises(SpeakerRequestRefused, match="already been answered"):
        speaker_request_answer(
            speaker_request=target,
            secured=False,
            champion=None,
            speaker_name="",
            answer="No",
            by=programme_staff,
            now=NOW,
        )

    target.refresh_from_db()
    assert (target.status, target.answer) == (Status.SECURED, "")
    assert not OutboxMessage.objects.exists()
    assert not AuditEntry.objects.filter(action="speaker_request.answered").exists()


def test_it_refuses_to_answer_a_withdrawn_request(signed_in, programme_staff, asked, mailoutbox):
    target = asked["bolton"]
    SpeakerRequest.objects.filter(pk=target.pk).update(status=Status.WITHDRAWN, withdrawn_at=NOW)

    response = signed_in(programme_staff).post(_answer(target), {"outcome": "not_possible", "reason": "x"}, follow=True)

    assert "This request was withdrawn, so it needs no answer. Nothing changed." in _html(response)
    assert SpeakerRequest.objects.get(pk=target.pk).answer == ""
    assert mailoutbox == []
    with pytest.raises(SpeakerRequestRefused, match="withdrawn"):
        speaker_request_answer(
            speaker_request=target,
            secured=False,
            champion=None,
            speaker_name="",
            answer="x",
            by=programme_staff,
            now=NOW,
        )


# --- Withdrawing -------------------------------------------------------------------------------


def test_it_lets_the_asker_withdraw_a_waiting_request(
    signed_in, la_officer, asked, mailoutbox, django_capture_on_commit_callbacks
):
    target = asked["bolton"]
    client = signed_in(la_officer)

    page = client.get(_withdraw(target))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_withdraw(target), follow=True)

    assert page.status_code == 200 and "Withdraw your request" in _html(page)
    assert response.redirect_chain[-1][0] == _detail(target)
    assert "Your request is withdrawn. We have told Mott MacDonald." in _html(response)
    target.refresh_from_db()
    assert (target.status, target.withdrawn_at) == (Status.WITHDRAWN, NOW)
    [message] = mailoutbox
    assert message.to == [settings.PROGRAMME_TEAM_EMAIL]
    assert message.subject == "Speaker request withdrawn: Bolton A"
    assert OutboxMessage.objects.get().key == f"speaker_request_withdrawn:{target.pk}"
    assert AuditEntry.objects.filter(action="speaker_request.withdrawn", object_id=str(target.pk)).count() == 1

    # Again: nothing more happens.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(_withdraw(target), follow=True)
    assert "This request was already withdrawn. Nothing changed." in _html(again)
    assert len(mailoutbox) == 1
    assert AuditEntry.objects.filter(action="speaker_request.withdrawn").count() == 1


def test_it_lets_a_colleague_withdraw_a_secured_request(
    signed_in, la_officer, asked, mailoutbox, django_capture_on_commit_callbacks
):
    target = asked["bolton answered"]

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(la_officer).post(_withdraw(target))

    target.refresh_from_db()
    assert target.status == Status.WITHDRAWN
    assert "Jo Bloggs" in mailoutbox[0].body  # so the programme team can tell the speaker


def test_it_will_not_withdraw_a_request_that_was_not_possible(signed_in, champion_staff, asked, mailoutbox):
    target = asked["gm"]
    SpeakerRequest.objects.filter(pk=target.pk).update(status=Status.NOT_POSSIBLE, answer="No")

    response = signed_in(champion_staff).post(_withdraw(target), follow=True)

    assert "This request was answered as not possible, so there is nothing to withdraw." in _html(response)
    assert SpeakerRequest.objects.get(pk=target.pk).status == Status.NOT_POSSIBLE
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("person", "status"),
    [("programme_staff", 403), ("other_la_officer", 404), ("champion_staff", 404), ("other_champion_staff", 404)],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_to_let_others_withdraw(signed_in, request, asked, mailoutbox, person, status, method):
    target = asked["bolton"]
    client = signed_in(request.getfixturevalue(person))

    response = getattr(client, method)(_withdraw(target))

    assert response.status_code == status
    target.refresh_from_db()
    assert target.status == Status.REQUESTED
    assert mailoutbox == []
    assert not AuditEntry.objects.filter(action__startswith="speaker_request").exists()


def test_it_refuses_to_withdraw_a_request_that_was_not_possible_in_the_service_too(asked):
    target = asked["gm"]
    SpeakerRequest.objects.filter(pk=target.pk).update(status=Status.NOT_POSSIBLE)

    with pytest.raises(SpeakerRequestRefused, match="not possible"):
        speaker_request_withdraw(speaker_request=target, now=NOW)

    assert SpeakerRequest.objects.get(pk=target.pk).status == Status.NOT_POSSIBLE
    assert not OutboxMessage.objects.exists()


# --- Where organisers find it ------------------------------------------------------------------


def test_it_is_linked_from_champion_staffs_events(signed_in, champion_staff):
    response = signed_in(champion_staff).get(reverse("events:event_manage_list"))

    assert NEW in links(response)
    assert "Ask for a champion speaker" in _html(response)


def test_it_is_not_offered_to_programme_staff_on_the_events_list(signed_in, programme_staff):
    response = signed_in(programme_staff).get(reverse("events:event_manage_list"))

    assert NEW not in links(response)
    assert LIST in links(response)
