"""Staff sessions end when idle and after an absolute limit; signing out everywhere and a password
change end every session of that person."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from champions_portal import settings as real_settings

NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)
STAFF = ["programme_staff", "champion_staff"]


def _get_home(client, time_machine, at):
    time_machine.move_to(at, tick=False)
    return client.get("/home/")


@pytest.fixture(autouse=True)
def _real_limits(settings):
    """The limits as the portal runs with them (tests/settings.py lengthens them for other tests)."""
    settings.STAFF_SESSION_IDLE_SECONDS = real_settings.STAFF_SESSION_IDLE_SECONDS
    settings.STAFF_SESSION_MAX_SECONDS = real_settings.STAFF_SESSION_MAX_SECONDS


@pytest.fixture
def signed_in_as(request, time_machine):
    time_machine.move_to(NOW, tick=False)

    def sign_in(person: str) -> Client:
        client = Client()
        client.force_login(request.getfixturevalue(person))
        assert client.get("/home/").status_code == 200
        return client

    return sign_in


@pytest.mark.parametrize("person", STAFF)
def test_it_signs_staff_out_after_30_idle_minutes(signed_in_as, time_machine, person):
    assert settings.STAFF_SESSION_IDLE_SECONDS == 30 * 60
    client = signed_in_as(person)
    assert _get_home(client, time_machine, NOW + 29 * MINUTE).status_code == 200
    assert _get_home(client, time_machine, NOW + 58 * MINUTE).status_code == 200

    ended = _get_home(client, time_machine, NOW + 89 * MINUTE)

    assert ended.status_code == 302 and ended["Location"] == "/signed-out/?reason=idle"
    assert "_auth_user_id" not in client.session
    again = client.get("/home/")
    assert again["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("person", STAFF)
def test_it_signs_staff_out_12_hours_after_signing_in_however_active(signed_in_as, time_machine, person):
    client = signed_in_as(person)
    at = NOW
    while at < NOW + datetime.timedelta(hours=12) - 20 * MINUTE:
        at += 20 * MINUTE
        assert _get_home(client, time_machine, at).status_code == 200

    ended = _get_home(client, time_machine, NOW + datetime.timedelta(hours=12) + MINUTE)

    assert ended["Location"] == "/signed-out/?reason=limit"


def test_it_ends_the_stored_staff_session_soon_after_the_absolute_limit(signed_in_as, time_machine):
    client = signed_in_as("champion_staff")
    _get_home(client, time_machine, NOW + 20 * MINUTE)

    expires = client.session.get_expiry_date()

    limits = settings.STAFF_SESSION_MAX_SECONDS + settings.STAFF_SESSION_IDLE_SECONDS
    assert expires == NOW + datetime.timedelta(seconds=limits)


def test_it_leaves_la_officers_signed_in_as_before(signed_in_as, time_machine):
    client = signed_in_as("la_officer")

    assert _get_home(client, time_machine, NOW + datetime.timedelta(hours=13)).status_code == 200


def test_it_counts_stay_signed_in_as_activity(signed_in_as, time_machine):
    client = signed_in_as("programme_staff")
    time_machine.move_to(NOW + 25 * MINUTE, tick=False)

    extended = client.post("/session/extend/", HTTP_ACCEPT="application/json")

    assert extended.status_code == 204
    assert _get_home(client, time_machine, NOW + 50 * MINUTE).status_code == 200


def test_it_accepts_stay_signed_in_only_as_a_post_from_someone_signed_in(signed_in_as):
    client = signed_in_as("programme_staff")

    assert client.post("/session/extend/")["Location"] == "/home/"
    assert client.get("/session/extend/").status_code == 405
    assert Client().post("/session/extend/")["Location"].startswith("/sign-in/")


def test_it_does_not_let_a_stale_page_extend_an_ended_session(signed_in_as, time_machine):
    client = signed_in_as("programme_staff")
    time_machine.move_to(NOW + 31 * MINUTE, tick=False)

    response = client.post("/session/extend/", HTTP_ACCEPT="application/json")

    assert response["Location"] == "/signed-out/?reason=idle"
    assert "_auth_user_id" not in client.session


def test_it_signs_out_every_session_of_that_person_only(signed_in_as, programme_staff):
    laptop, phone = signed_in_as("programme_staff"), signed_in_as("programme_staff")
    colleague = signed_in_as("champion_staff")

    response = laptop.post("/sign-out/everywhere/")

    assert response["Location"] == "/signed-out/?reason=everywhere"
    assert phone.get("/home/")["Location"].startswith("/sign-in/")
    assert laptop.get("/home/")["Location"].startswith("/sign-in/")
    assert colleague.get("/home/").status_code == 200
    programme_staff.refresh_from_db()
    assert programme_staff.session_generation == 1
    assert signed_in_as("programme_staff").get("/home/").status_code == 200  # signing in again works


def test_it_ends_other_sessions_when_the_password_changes(signed_in_as, la_officer):
    other_browser = signed_in_as("la_officer")

    la_officer.set_password("a-brand-new-long-passphrase")
    la_officer.save()

    assert other_browser.get("/home/")["Location"].startswith("/sign-in/")


def test_it_refuses_sign_out_everywhere_by_get(signed_in_as):
    client = signed_in_as("la_officer")

    assert client.get("/sign-out/everywhere/").status_code == 405
    assert client.get("/home/").status_code == 200


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        ("idle", "you had not done anything for 30 minutes"),
        ("limit", "12 hours after you sign in"),
        ("everywhere", "signed out on every device"),
    ],
)
def test_it_says_why_on_the_signed_out_page(client, reason, text):
    page = client.get(f"/signed-out/?reason={reason}").content.decode()

    assert "You have been signed out" in page and text in page
    assert 'href="/sign-in/"' in page


@pytest.mark.parametrize(
    ("person", "warned"), [("programme_staff", True), ("champion_staff", True), ("la_officer", False)]
)
def test_it_puts_the_timeout_warning_on_staff_pages_only(signed_in_as, person, warned):
    page = signed_in_as(person).get("/home/").content.decode()

    assert ('id="session-timeout"' in page) is warned
    assert ('data-idle-seconds="1800"' in page) is warned
    assert "session-timeout.js" not in Client().get("/").content.decode()


def test_it_ends_every_session_of_someone_deactivated_at_once(signed_in_as, la_officer):
    browser = signed_in_as("la_officer")

    la_officer.is_active = False
    la_officer.save()

    assert browser.get("/home/")["Location"].startswith("/sign-in/")
