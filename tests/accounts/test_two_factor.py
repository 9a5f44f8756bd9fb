"""Two-factor sign-in: staff enrol at their next sign-in and cannot reach any other page before; codes,
replayed codes, backup codes, the admin behind the second step, and reset by programme staff."""

import re

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry
from tests.accounts.pages import error_summary
from tests.conftest import PASSWORD

STAFF = ["programme_staff", "champion_staff"]


@pytest.fixture(autouse=True)
def _second_factor_on(settings):
    settings.SECOND_FACTOR_REQUIRED = True


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def _password(client, user):
    return client.post("/sign-in/", {"username": user.email, "password": PASSWORD})


def _enrol(client) -> list[str]:
    """Set up the app through the pages; the backup codes shown."""
    client.get("/two-factor/set-up/")
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/two-factor/set-up/", {"code": _code(device)})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    return re.findall(r"<li><code>([0-9a-f]{8})</code></li>", page)


@pytest.fixture
def enrolled(request, time_machine):
    """enrolled(person) -> (user, device, backup codes), signed out again."""
    time_machine.move_to("2013-10-01 09:00:00+00:00", tick=False)

    def enrol(person: str):
        user = request.getfixturevalue(person)
        client = Client()
        _password(client, user)
        codes = _enrol(client)
        time_machine.shift(60)  # the app's next code: the one used to enrol cannot be used again
        return user, TOTPDevice.objects.get(user=user, confirmed=True), codes

    return enrol


@pytest.mark.parametrize("person", STAFF)
def test_it_sends_staff_to_set_up_an_app_and_lets_them_reach_nothing_else(request, client, person):
    user = request.getfixturevalue(person)

    response = _password(client, user)

    assert response["Location"] == "/home/"
    for path in ["/home/", "/events/manage/", "/emails/", "/admin/", "/invitations/"]:
        refused = client.get(path)
        assert refused.status_code == 302 and refused["Location"].startswith("/two-factor/set-up/"), path
    post = client.post("/sign-out/everywhere/")
    assert post["Location"] == "/two-factor/set-up/"


def test_it_shows_the_qr_code_and_the_key_written_out(client, champion_staff):
    _password(client, champion_staff)

    page = client.get("/two-factor/set-up/").content.decode()

    device = TOTPDevice.objects.get(user=champion_staff)
    assert "<svg" in page and "Set up an authenticator app" in page
    assert re.search(r"<code>([A-Z2-7]{4} ){7}[A-Z2-7]{4}</code>", page)
    assert client.get("/two-factor/set-up/") and TOTPDevice.objects.get(user=champion_staff) == device  # same key


def test_it_enrols_with_a_code_gives_ten_backup_codes_once_and_opens_the_portal(client, champion_staff, time_machine):
    time_machine.move_to("2013-10-01 09:00:00+00:00", tick=False)
    _password(client, champion_staff)

    codes = _enrol(client)

    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/two-factor/backup-codes/")["Location"] == "/home/"  # not shown again
    assert client.get("/home/").status_code == 200
    assert AuditEntry.objects.filter(action="second_factor.enrolled", object_id=str(champion_staff.pk)).exists()


def test_it_refuses_a_wrong_code_at_enrolment_with_an_error_summary(client, champion_staff):
    _password(client, champion_staff)
    client.get("/two-factor/set-up/")

    response = client.post("/two-factor/set-up/", {"code": "000000"})

    assert response.status_code == 200
    assert error_summary(response) == ["The code is not correct. Enter the code your app shows now"]
    assert not TOTPDevice.objects.filter(user=champion_staff, confirmed=True).exists()
    assert error_summary(client.post("/two-factor/set-up/", {"code": ""})) == [
        "Enter the 6-digit code from your authenticator app"
    ]


def test_it_asks_for_a_code_at_each_sign_in_and_refuses_a_replayed_one(enrolled, time_machine):
    user, device, _ = enrolled("programme_staff")
    client = Client()
    assert _password(client, user).status_code == 302
    assert client.get("/home/")["Location"] == "/two-factor/?next=%2Fhome%2F"
    code = _code(device)

    signed_in = client.post("/two-factor/?next=/invitations/", {"code": code})

    assert signed_in["Location"] == "/invitations/"
    assert client.get("/invitations/").status_code == 200
    replay = Client()
    _password(replay, user)
    refused = replay.post("/two-factor/", {"code": code})
    assert refused.status_code == 200 and "The code is not correct" in error_summary(refused)[0]
    assert replay.get("/home/")["Location"].startswith("/two-factor/")


def test_it_accepts_each_backup_code_once(enrolled):
    user, _, codes = enrolled("champion_staff")
    first, second = Client(), Client()
    _password(first, user)
    _password(second, user)

    assert first.post("/two-factor/", {"code": codes[0].upper()})["Location"] == "/home/"
    assert second.post("/two-factor/", {"code": codes[0]}).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    assert AuditEntry.objects.filter(action="second_factor.backup_code_used").count() == 1
    assert AuditEntry.objects.filter(action="second_factor.failed").count() == 1


def test_it_stops_guessing_codes_after_the_failure_limit(enrolled, settings):
    user, device, _ = enrolled("champion_staff")
    client = Client()
    _password(client, user)
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post("/two-factor/", {"code": "123456"})

    assert client.post("/two-factor/", {"code": _code(device)}).status_code == 429


def test_it_keeps_the_admin_behind_the_second_step(enrolled):
    user, device, _ = enrolled("programme_staff")
    client = Client()
    _password(client, user)

    assert client.get("/admin/")["Location"] == "/two-factor/?next=%2Fadmin%2F"
    client.post("/two-factor/", {"code": _code(device)})
    assert client.get("/admin/").status_code == 200


def test_it_leaves_it_optional_for_la_officers_until_they_set_it_up(client, la_officer):
    _password(client, la_officer)

    assert client.get("/home/").status_code == 200
    _enrol(client)
    again = Client()
    _password(again, la_officer)
    assert again.get("/home/")["Location"].startswith("/two-factor/")


def test_it_lets_programme_staff_reset_a_lost_device_which_ends_that_persons_sessions(enrolled):
    user, device, _ = enrolled("champion_staff")
    admin_user, admin_device, _ = enrolled("programme_staff")
    champion_browser, admin = Client(), Client()
    _password(champion_browser, user)
    champion_browser.post("/two-factor/", {"code": _code(device)})
    _password(admin, admin_user)
    admin.post("/two-factor/", {"code": _code(admin_device)})

    response = admin.post("/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [user.pk]})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert champion_browser.get("/home/")["Location"].startswith("/sign-in/")
    entry = AuditEntry.objects.get(action="user.second_factor_reset")
    assert entry.actor == admin_user and entry.object_id == str(user.pk)
    fresh = Client()
    _password(fresh, user)
    assert fresh.get("/home/")["Location"].startswith("/two-factor/set-up/")


def test_it_refuses_the_second_step_pages_to_anyone_signed_out(client):
    for path in ["/two-factor/", "/two-factor/set-up/", "/two-factor/backup-codes/"]:
        assert client.get(path)["Location"].startswith("/sign-in/")
