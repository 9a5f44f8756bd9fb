"""One of every kind of object a portal URL names, for the tests that walk every URL
(test_refusals, test_malformed_urls). `tests/portal/conftest.py` builds it once per module."""

import datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AccountRequest
from notifications.models import OutboxMessage
from programme.models import Quarter, Theme
from regions.models import Champion, ChampionContact
from self_evaluation.models import Element, Level
from tests.case_studies import library_factories
from tests.case_studies.factories import PDF, make_case_study, make_resource
from tests.events.factories import event_form_data, make_event, make_registration
from tests.events.speaker_factories import make_speaker_request
from tests.self_evaluation import builders
from tests.support_days.factories import make_offer, make_support_day

NOW = datetime.datetime(2013, 10, 10, 9, 0, tzinfo=ZoneInfo("Europe/London"))


def world_build(*, programme_staff, champion_staff, la_officer, **others) -> dict:
    """Each target: (its URL arguments, the arguments of one that does not exist, the POST data that would
    change it for someone allowed). All Greater Manchester Group's, Bolton's or the North West's."""
    bolton, gm = la_officer.local_authority, champion_staff.champion
    published_event = make_event(created_by=champion_staff, starts_at=NOW - datetime.timedelta(hours=1))
    registration = make_registration(published_event)
    draft_event = make_event(created_by=champion_staff, status="draft", published_at=None)
    make_registration(draft_event)
    offer = make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 29))
    booked_offer = make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 21))
    days = {
        "booked": make_support_day(local_authority=bolton, requested_by=la_officer, offer=booked_offer),
        "requested": make_support_day(local_authority=bolton, requested_by=la_officer, status="requested"),
        "delivered": make_support_day(
            local_authority=bolton, requested_by=la_officer, status="delivered", date=datetime.date(2013, 9, 23)
        ),
    }
    draft_study = make_case_study(created_by=champion_staff)
    published_study = library_factories.make_case_study(by=champion_staff)
    failed_email = OutboxMessage.objects.create(
        key="refusals:failed",
        to="x@example.com",
        subject="S",
        state="failed",
        created_at=NOW,
        next_attempt_at=NOW,
        champion=gm,
    )
    contact = ChampionContact.objects.create(champion=gm, name="Grace Hopper", role="Lead", email="grace@gm.example")
    ChampionContact.objects.create(champion=gm, name="Ada Lovelace", role="Officer", email="ada@gm.example", order=1)
    bolton_speaker_request = make_speaker_request(by=la_officer)
    gm_speaker_request = make_speaker_request(by=champion_staff)
    quarter_2 = Quarter.objects.get(programme__slug="2013-14", number=2)
    builders.open_window(quarter_2, programme_staff)
    trafford_officer = builders.officer_of("trafford")
    bolton_return = builders.start(la_officer, quarter_2)
    theme = [Theme.objects.get(slug="local-offer").pk]
    on = datetime.date(2013, 11, 1)
    date = lambda name: {f"{name}_{i}": part for i, part in enumerate((on.day, on.month, on.year))}  # noqa: E731
    study_data = {
        "quarter": quarter_2.pk,
        "title": "Changed by someone else",
        "themes": theme,
        **dict.fromkeys(("summary", "problem", "approach", "impact", "lessons"), "Changed"),
        "consent_confirmed": "on",
    }
    change = {
        "reason": "Changed by someone else",
        "comments": "Changed",
        "decision": "approve",
        "attendees": "Someone else",
        "themes": theme,
        "context": "Let me in",
        "usefulness": "5",
        "offer": offer.pk,
        "date_choice": days["requested"].preferred_dates[0],
        "format": "online",
        "champion": Champion.objects.get(slug="hartlepool").pk,
        "new_password1": "a-new-long-password-1",
        "new_password2": "a-new-long-password-1",
        "shown": [registration.pk],
        "did_not_attend": [registration.pk],
        "assessment": ["none"],
        "planning": ["none"],
        "grant_received": "1000",
        "file": lambda: SimpleUploadedFile("plan.pdf", PDF),
        **{f"level_{element.slug}": Level.FULL for element in Element.objects.all()},
        **date("deadline"),
        "name": "Alex Parent",
        "email": "alex@example.com",
        "organisation": "Bolton Parent Carer Forum",
        "partner_type": "parent_carer_forum",
        "privacy": "on",
        "outcome": "not_possible",
        "speaker_name": "Someone else",
        "role": "Changed",
        "direction": "down",
    }
    return {
        "users": {
            "programme_staff": programme_staff,
            "champion_staff": champion_staff,
            "la_officer": la_officer,
            **others,
            "trafford_officer": trafford_officer,
        },
        "data": change,
        "event data": event_form_data(title="Changed by someone else"),
        "study data": study_data,
        "guessed reset": (["Zm9v", "not-a-token"], ["MQ", "not-a-token"]),
        "guessed token": (["not-a-real-token"], ["another-made-up-token"]),
        "north west": (["north-west"], ["no-such-region"]),
        "greater manchester": ([gm.slug], ["no-such-champion"]),
        "greater manchester's contact": ([gm.slug, contact.pk], [gm.slug, 999999]),
        "bolton": ([bolton.slug], ["no-such-authority"]),
        "programme": (["2013-14"], ["1999-00"]),
        "greater manchester's tracker": (["2013-14", gm.slug], ["2013-14", "no-such-champion"]),
        "north west's tracker": (["2013-14", "north-west"], ["2013-14", "no-such-region"]),
        "published event": ([published_event.pk], [999999]),
        "draft event": ([draft_event.pk], [999999]),
        "offer": ([offer.pk], [999999]),
        **{f"{status} day": ([day.pk], [999999]) for status, day in days.items()},
        "draft case study": ([draft_study.pk], [999999]),
        "published case study": ([published_study.pk], [999999]),
        "draft attachment": ([library_factories.make_attachment(draft_study).pk], [999999]),
        "published attachment": ([library_factories.make_attachment(published_study).pk], [999999]),
        "resource": ([make_resource(published_by=champion_staff).pk], [999999]),
        "removed resource": ([make_resource(published_by=champion_staff, removed_at=NOW).pk], [999999]),
        "quarter 2": ([quarter_2.pk], [999999]),
        "failed email": ([failed_email.pk], [999999]),
        "bolton's speaker request": ([bolton_speaker_request.pk], [999999]),
        "greater manchester's speaker request": ([gm_speaker_request.pk], [999999]),
        "bolton's return": ([bolton_return.pk], [999999]),
        "trafford's return": ([builders.start(trafford_officer, quarter_2).pk], [999999]),
        "account request": ([_account_request(bolton).pk], [999999]),
    }


def _account_request(local_authority) -> AccountRequest:
    """A waiting request for an account as one of the LA's officers (its champion's staff decide it)."""
    return AccountRequest.objects.create(
        full_name="Robin Asker",
        email="robin@bolton.example",
        organisation="Bolton Council",
        role="la_officer",
        local_authority=local_authority,
        created_at=NOW,
    )
