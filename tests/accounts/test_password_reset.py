"""Resetting a forgotten password by email."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.test import Client
from django.utils import timezone

from notifications.models import OutboxMessage
from tests.accounts.pages import error_summary
from tests.conftest import PASSWORD

NEW_PASSWORD = "a-fresh-long-passphrase-2013"


@pytest.fixture
def request_reset(client, django_capture_on_commit_callbacks):
    """request_reset(email) -> the response; the email is sent when the request's transaction commits."""

    def request(email: str):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/password-reset/", {"email": email})

    return request


def _reset_path(message) -> str:
    [path] = re.findall(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)", message.body)
    return path


def _open_link(client, path: str) -> str:
    """Follow the emailed link; Django moves the token into the session and redirects. Returns the form's path."""
    response = client.get(path)
    assert response.status_code == 302
    return response["Location"]


def test_it_emails_a_reset_link_for_a_known_email(request_reset, la_officer, mailoutbox):
    response = request_reset("lee@bolton.example")

    assert response.status_code == 302
    assert response["Location"] == "/password-reset/sent/"
    [message] = mailoutbox
    assert message.to == ["lee@bolton.example"]
    assert message.subject == "Reset your Champions Portal password"
    path = _reset_path(message)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f"http://testserver{path}" in html
    assert "Dear Lee" in message.body


def test_it_records_the_message_it_sent(request_reset, la_officer, mailoutbox):
    request_reset("lee@bolton.example")

    [row] = OutboxMessage.objects.all()
    assert row.key.startswith(f"password-reset:{la_officer.pk}:")
    assert row.to == "lee@bolton.example"
    assert row.subject == "Reset your Champions Portal password"
    assert row.state == OutboxMessage.State.SENT


def test_it_finds_the_account_whatever_the_case_of_the_email(request_reset, la_officer, mailoutbox):
    request_reset("LEE@Bolton.Example")

    [message] = mailoutbox
    assert message.to == ["lee@bolton.example"]


def test_it_shows_check_your_email_after_a_request(client, la_officer):
    response = client.post("/password-reset/", {"email": "lee@bolton.example"}, follow=True)

    assert response.status_code == 200
    assert "Check your email" in response.content.decode()


def test_it_shows_the_same_page_for_an_unknown_email_and_sends_nothing(request_reset, la_officer, mailoutbox):
    known = request_reset("lee@bolton.example")
    unknown = request_reset("nobody@bolton.example")

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == "/password-reset/sent/"
    assert [m.to for m in mailoutbox] == [["lee@bolton.example"]]
    assert OutboxMessage.objects.filter(to="nobody@bolton.example").count() == 0


def test_it_sends_nothing_to_an_inactive_account(request_reset, la_officer, mailoutbox):
    la_officer.is_active = False
    la_officer.save()

    response = request_reset("lee@bolton.example")

    assert response["Location"] == "/password-reset/sent/"
    assert mailoutbox == []
    assert OutboxMessage.objects.count() == 0


def test_it_asks_for_an_email_address(request_reset, mailoutbox):
    response = request_reset("")

    assert response.status_code == 200
    assert error_summary(response) == ["Enter your email address"]
    assert mailoutbox == []


def test_it_asks_for_an_email_address_in_the_right_format(request_reset, mailoutbox):
    response = request_reset("lee-at-bolton")

    assert response.status_code == 200
    assert error_summary(response) == ["Enter an email address in the correct format, like name@example.com"]
    assert mailoutbox == []


def test_it_sends_once_when_the_form_is_submitted_twice_at_once(request_reset, la_officer, mailoutbox):
    with time_machine.travel(timezone.now(), tick=False):
        request_reset("lee@bolton.example")
        request_reset("lee@bolton.example")

    assert len(mailoutbox) == 1
    assert OutboxMessage.objects.count() == 1


def test_it_lets_the_link_set_a_new_password(client, request_reset, la_officer, mailoutbox):
    request_reset("lee@bolton.example")
    form_path = _open_link(client, _reset_path(mailoutbox[0]))

    page = client.get(form_path)
    assert page.status_code == 200
    assert "Choose a new password" in page.content.decode()
    response = client.post(form_path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/password-reset/complete/"
    assert "Your password has been changed" in client.get("/password-reset/complete/").content.decode()
    assert authenticate(email="lee@bolton.example", password=PASSWORD) is None
    assert authenticate(email="lee@bolton.example", password=NEW_PASSWORD) == la_officer


def test_it_signs_in_with_the_new_password_and_not_the_old_one(client, request_reset, la_officer, mailoutbox):
    request_reset("lee@bolton.example")
    form_path = _open_link(client, _reset_path(mailoutbox[0]))
    client.post(form_path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    old = client.post("/sign-in/", {"username": "lee@bolton.example", "password": PASSWORD})
    assert old.status_code == 200
    assert error_summary(old) == ["Enter a correct email address and password"]
    new = client.post("/sign-in/", {"username": "lee@bolton.example", "password": NEW_PASSWORD})
    assert new.status_code == 302
    assert new["Location"] == "/home/"


def test_it_refuses_passwords_that_do_not_match_and_changes_nothing(client, request_reset, la_officer, mailoutbox):
    request_reset("lee@bolton.example")
    form_path = _open_link(client, _reset_path(mailoutbox[0]))

    response = client.post(form_path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})

    assert response.status_code == 200
    assert error_summary(response) == ["The passwords do not match"]
    la_officer.refresh_from_db()
    assert la_officer.check_password(PASSWORD)


def test_it_refuses_a_password_that_is_too_short_and_changes_nothing(client, request_reset, la_officer, mailoutbox):
    request_reset("lee@bolton.example")
    form_path = _open_link(client, _reset_path(mailoutbox[0]))

    response = client.post(form_path, {"new_password1": "short-pw", "new_password2": "short-pw"})

    assert response.status_code == 200
    [message] = error_summary(response)
    assert "too short" in message
    assert "12 characters" in message
    la_officer.refresh_from_db()
    assert la_officer.check_password(PASSWORD)


def test_it_asks_for_both_new_passwords(client, request_reset, la_officer, mailoutbox):
    request_reset("lee@bolton.example")
    form_path = _open_link(client, _reset_path(mailoutbox[0]))

    response = client.post(form_path, {"new_password1": "", "new_password2": ""})

    assert response.status_code == 200
    assert error_summary(response) == ["Enter a new password", "Confirm your new password"]
    la_officer.refresh_from_db()
    assert la_officer.check_password(PASSWORD)


def test_it_lets_the_link_work_only_once(client, request_reset, la_officer, mailoutbox):
    request_reset("lee@bolton.example")
    link = _reset_path(mailoutbox[0])
    form_path = _open_link(client, link)
    client.post(form_path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True)
    assert "This link has expired" in again.content.decode()
    assert 'name="new_password1"' not in again.content.decode()
    replay = client.post(
        form_path, {"new_password1": "another-long-passphrase", "new_password2": "another-long-passphrase"}
    )
    assert replay.status_code == 200
    assert "This link has expired" in replay.content.decode()
    la_officer.refresh_from_db()
    assert la_officer.check_password(NEW_PASSWORD)


def test_it_refuses_the_link_in_another_browser_after_it_was_used(client, request_reset, la_officer, mailoutbox):
    request_reset("lee@bolton.example")
    link = _reset_path(mailoutbox[0])
    client.post(_open_link(client, link), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = Client().get(link, follow=True)

    assert "This link has expired" in response.content.decode()


def test_it_refuses_the_link_after_24_hours(client, request_reset, la_officer, mailoutbox):
    request_reset("lee@bolton.example")
    link = _reset_path(mailoutbox[0])

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=24, minutes=1)):
        response = client.get(link, follow=True)

    assert "This link has expired" in response.content.decode()
    la_officer.refresh_from_db()
    assert la_officer.check_password(PASSWORD)


def test_it_refuses_a_tampered_link(client, request_reset, la_officer, mailoutbox):
    request_reset("lee@bolton.example")
    link = _reset_path(mailoutbox[0])
    tampered = link[:-2] + ("a" if link[-2] != "a" else "b") + "/"

    response = client.get(tampered, follow=True)

    assert response.status_code == 200
    assert "This link has expired" in response.content.decode()
