"""One audit log: what each kind of change, sign-in and download records, that nobody can change it,
that programme staff alone can search and download it, and that it is purged after its retention."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.services import invitation_accept, invitation_create
from audit.models import AuditEntry
from audit.services import audit_entries_purge, audit_record
from audit.tasks import audit_entries_purge_task
from events.services import event_update
from regions.models import Champion
from tests.conftest import PASSWORD
from tests.events.factories import event_form_data, make_event
from tests.spreadsheets import xlsx_table

ADDRESS = "198.51.100.23"


def _entries(action: str):
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def _client(user=None) -> Client:
    client = Client(REMOTE_ADDR=ADDRESS)
    if user:
        client.force_login(user)
    return client


def test_it_records_a_sign_in_with_who_their_role_and_address(la_officer):
    assert _client().post("/sign-in/", {"username": "Lee@Bolton.example", "password": PASSWORD}).status_code == 302

    [entry] = _entries("signin.succeeded")
    assert (entry.actor, entry.actor_role, entry.actor_email) == (la_officer, "la_officer", "lee@bolton.example")
    assert (entry.client_address, entry.object_id) == (ADDRESS, str(la_officer.pk))


def test_it_records_failed_sign_ins_and_lockouts_but_never_the_password(la_officer):
    client = _client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post("/sign-in/", {"username": "lee@bolton.example", "password": "my-secret-guess"})
    client.post("/sign-in/", {"username": "lee@bolton.example", "password": PASSWORD})
    client.post("/sign-in/", {"username": "nobody@bolton.example", "password": "x"})

    failed = _entries("signin.failed")
    assert len(failed) == settings.LOGIN_FAILURE_LIMIT + 1
    assert {e.object_id for e in failed[:-1]} == {str(la_officer.pk)} and failed[0].actor is None
    assert failed[-1].changes == {"email": [None, "nobody@bolton.example"]}
    [locked] = _entries("signin.locked_out")
    assert locked.object_id == str(la_officer.pk) and locked.client_address == ADDRESS
    everything = str(list(AuditEntry.objects.values()))
    assert "my-secret-guess" not in everything and PASSWORD not in everything


def test_it_never_records_a_secret_field(db):
    entry = audit_record(
        action="user.updated", changes={"password": ["a", "b"], "backup_code": [None, "123"], "role": ["x", "y"]}
    )
    assert entry.changes == {"role": ["x", "y"]}


def test_it_records_signing_out_everywhere(champion_staff):
    _client(champion_staff).post("/sign-out/everywhere/")

    [entry] = _entries("signout.everywhere")
    assert entry.actor == champion_staff and entry.client_address == ADDRESS


def test_it_records_an_invitation_and_its_acceptance(programme_staff, reference_data):
    now = timezone.now()
    invitation = invitation_create(
        email="New.Person@Example.com",
        full_name="New Person",
        role="programme_staff",
        champion=None,
        local_authority=None,
        invited_by=programme_staff,
        now=now,
    )
    user = invitation_accept(invitation=invitation, password="a-long-enough-passphrase", now=now)

    [created] = _entries("invitation.created")
    assert created.actor == programme_staff
    assert created.changes == {"email": [None, "new.person@example.com"], "role": [None, "programme_staff"]}
    [accepted] = _entries("invitation.accepted")
    assert accepted.actor == user and accepted.object_id == str(user.pk)


def test_it_records_a_role_change_in_the_admin_with_old_and_new_values(programme_staff, la_officer):
    gm = Champion.objects.get(slug="greater-manchester-group")
    data = {
        "full_name": la_officer.full_name,
        "role": "champion_staff",
        "champion": gm.pk,
        "local_authority": "",
        "is_active": "on",
    }
    response = _client(programme_staff).post(f"/admin/accounts/user/{la_officer.pk}/change/", data)
    assert response.status_code == 302

    [entry] = _entries("user.role_changed")
    assert entry.actor == programme_staff and entry.object_id == str(la_officer.pk)
    assert entry.changes["role"] == ["la_officer", "champion_staff"]
    assert entry.changes["champion"] == [None, str(gm)]
    assert entry.changes["local_authority"] == ["Bolton", None]


def test_it_records_an_event_edit_with_the_changed_fields_only(champion_staff):
    event = make_event(created_by=champion_staff, title="Before", capacity=20)
    data = event_form_data(title="After", capacity="25")

    response = _client(champion_staff).post(f"/events/{event.pk}/edit/", data)

    assert response.status_code == 302
    [entry] = _entries("event.updated")
    assert entry.actor == champion_staff and entry.object_repr.startswith("After")
    assert entry.changes["title"] == ["Before", "After"] and entry.changes["capacity"] == [20, 25]
    assert "description" not in entry.changes or entry.changes["description"][0] != entry.changes["description"][1]


def test_it_records_a_change_by_the_system_with_no_person(champion_staff):
    event = make_event(created_by=champion_staff, title="Before")
    event_update(event=event, fields={"title": "By a job"}, themes=event.themes.all(), now=timezone.now())

    [entry] = _entries("event.updated")
    assert entry.actor is None and entry.actor_email == "" and entry.client_address is None


@pytest.mark.parametrize(("fmt", "action"), [("csv", "export.registrations"), ("xlsx", "export.registrations")])
def test_it_records_every_download_of_registrants_details(champion_staff, fmt, action):
    event = make_event(created_by=champion_staff)

    assert _client(champion_staff).get(f"/events/{event.pk}/registrations.{fmt}").status_code == 200
    assert _client(champion_staff).get(f"/events/{event.pk}/attendance-list.{fmt}").status_code == 200

    [entry] = _entries(action)
    assert entry.actor == champion_staff and entry.object_id == str(event.pk)
    assert entry.changes == {"format": [None, fmt]}
    assert len(_entries("export.attendance")) == 1


def test_it_records_moving_an_la_to_another_champion_beside_its_own_history(programme_staff):
    herts = Champion.objects.get(slug="hertfordshire")
    _client(programme_staff).post(
        "/local-authorities/sunderland/champion/", {"champion": herts.pk, "reason": "Capacity"}
    )

    [entry] = _entries("local_authority.champion_changed")
    assert entry.actor == programme_staff and entry.object_repr == "Sunderland"
    assert entry.changes["reason"] == [None, "Capacity"] and entry.changes["champion"][1] == str(herts)


def test_it_lets_nobody_add_change_or_delete_an_entry_in_the_admin(programme_staff):
    entry = audit_record(action="event.updated")
    client = _client(programme_staff)

    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"action": "x"}).status_code == 403
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.action == "event.updated"


# --- The search page ---------------------------------------------------------------------------


def test_it_lets_programme_staff_search_by_person_action_object_and_date(programme_staff, champion_staff):
    event = make_event(created_by=champion_staff, title="Local offer workshop")
    audit_record(action="event.updated", obj=event, actor=champion_staff, at=timezone.now())
    audit_record(action="signin.failed", at=timezone.now() - datetime.timedelta(days=40))
    client = _client(programme_staff)
    today = timezone.localdate()

    def found(**query):
        return [e.action for e in client.get("/audit/", query).context["page"].object_list]

    assert found(person="nobody-like-this") == []
    assert found(person=champion_staff.email[:5], action="event") == ["event.updated"]
    assert found(object="local offer") == ["event.updated"]
    assert "signin.failed" not in found(since_0=today.day, since_1=today.month, since_2=today.year)
    earlier = today - datetime.timedelta(days=40)
    assert found(until_0=earlier.day, until_1=earlier.month, until_2=earlier.year) == ["signin.failed"]


def test_it_shows_an_error_summary_for_dates_the_wrong_way_round(programme_staff):
    response = _client(programme_staff).get(
        "/audit/",
        {"since_0": "10", "since_1": "10", "since_2": "2013", "until_0": "1", "until_1": "10", "until_2": "2013"},
    )

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "The last day must be the same as or after the first day" in response.content.decode()


@pytest.mark.parametrize("person", ["champion_staff", "la_officer"])
def test_it_refuses_the_log_to_everyone_but_programme_staff(request, person):
    client = _client(request.getfixturevalue(person))

    assert client.get("/audit/").status_code == 403
    assert client.get("/audit.csv").status_code == 403
    assert Client().get("/audit/")["Location"].startswith("/sign-in/")


def test_it_lists_the_log_in_a_constant_number_of_queries(
    programme_staff, champion_staff, django_assert_max_num_queries, query_count
):
    event = make_event(created_by=champion_staff)
    client = _client(programme_staff)

    def queries(n: int) -> int:
        for _ in range(n):
            audit_record(action="event.updated", obj=event, actor=champion_staff, changes={"title": ["a", "b"]})
        return query_count(lambda: client.get("/audit/"))

    assert queries(3) == queries(60)


def test_it_downloads_what_was_found_and_records_the_download(programme_staff, champion_staff):
    event = make_event(created_by=champion_staff, title="=HYPERLINK(1)")
    audit_record(action="event.updated", obj=event, actor=champion_staff, changes={"title": ["a", "=b"]})
    client = _client(programme_staff)

    response = client.get("/audit.xlsx", {"action": "event"})

    rows = xlsx_table(response.getvalue())
    assert rows[0][:4] == ("When", "Action", "About", "Person")
    assert [row[1] for row in rows[1:]] == ["event.updated"]
    assert rows[1][2] == "'=HYPERLINK(1)" and rows[1][3] == champion_staff.email
    assert client.get("/audit.csv").status_code == 200
    assert len(_entries("export.audit_log")) == 2


# --- Retention -----------------------------------------------------------------------------------


def test_it_purges_entries_past_their_retention_and_runs_twice_safely(db, time_machine):
    now = timezone.now()
    keep = audit_record(action="event.updated", at=now - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS - 1))
    audit_record(action="event.updated", at=now - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS + 1))

    assert audit_entries_purge(now=now) == 1
    assert audit_entries_purge(now=now) == 0
    time_machine.move_to(now, tick=False)
    audit_entries_purge_task.delay()
    assert list(AuditEntry.objects.all()) == [keep]


def test_it_schedules_the_purge_with_beat():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "audit.tasks.audit_entries_purge_task" in scheduled
    assert settings.AUDIT_RETENTION_DAYS == 730


# --- The other services --------------------------------------------------------------------------


def test_it_records_registering_and_cancelling_against_the_event_with_no_name_or_address(champion_staff):
    from events.services import RegistrationData, registration_cancel, registration_create

    event = make_event(created_by=champion_staff, capacity=5)
    data = RegistrationData(
        name="Alex Parent", email="alex@example.com", organisation="Bolton PCF", partner_type="parent_carer_forum"
    )
    registration = registration_create(event=event, data=data, now=timezone.now())
    registration_cancel(registration=registration, now=timezone.now())

    entries = AuditEntry.objects.filter(object_id=str(event.pk), action__startswith="event.registration")
    assert [e.action for e in entries.order_by("pk")] == ["event.registration_created", "event.registration_cancelled"]
    assert "Alex" not in str(list(entries.values())) and "alex@example.com" not in str(list(entries.values()))


def test_it_records_offers_attendance_resources_case_study_edits_and_emails_sent_again(programme_staff, champion_staff):
    from case_studies.services import case_study_update, resource_publish
    from events.attendance import attendance_mark
    from notifications.services import outbox_message_send_again
    from programme.models import Theme
    from support_days.services import offers_create
    from tests.case_studies.factories import make_case_study
    from tests.events.factories import make_registration
    from tests.notifications.factories import make_message

    now = timezone.now()
    gm = champion_staff.champion
    offers_create(champion=gm, dates=[now.date()], format="online", capacity=1, notes="", by=champion_staff, now=now)
    event = make_event(created_by=champion_staff, starts_at=now - datetime.timedelta(hours=1))
    attendance_mark(event=event, attended=[make_registration(event).pk], now=now)
    themes = Theme.objects.filter(slug="local-offer")
    resource_publish(
        fields={"title": "A checklist", "description": "d", "link": "https://x.example/"},
        themes=themes,
        upload=None,
        by=champion_staff,
        now=now,
    )
    study = make_case_study(created_by=champion_staff, title="Old title")
    case_study_update(case_study=study, fields={"title": "New title"}, themes=themes, local_authorities=[], now=now)
    outbox_message_send_again(message=make_message("failed", state="failed", champion=gm), now=now)

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "support_day.offers_created",
        "event.attendance_marked",
        "resource.published",
        "case_study.updated",
        "email.sent_again",
    } <= actions
    assert AuditEntry.objects.get(action="case_study.updated").changes == {"title": ["Old title", "New title"]}
