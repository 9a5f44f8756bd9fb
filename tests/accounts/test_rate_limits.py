"""Sign-in and password reset limits per client address and per target: a 429 page beyond them, and
nobody's guesses from elsewhere lock someone else out."""

import pytest
from django.conf import settings
from django.test import Client

from notifications.models import OutboxMessage
from tests.accounts.pages import error_summary
from tests.conftest import PASSWORD

ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"


def _sign_in(client, email: str, password: str, address: str = ATTACKER):
    return client.post("/sign-in/", {"username": email, "password": password}, REMOTE_ADDR=address)


def _too_many(response) -> bool:
    return any("too many times" in message for message in error_summary(response))


def test_it_does_not_let_an_empty_password_reset_the_failure_count(client, la_officer):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _sign_in(client, "lee@bolton.example", "not-the-password")
    _sign_in(client, "lee@bolton.example", "")
    _sign_in(client, "lee@bolton.example", "not-the-password")

    assert _too_many(_sign_in(client, "lee@bolton.example", PASSWORD))


def test_it_lets_the_owner_in_from_their_own_address_while_someone_elsewhere_is_locked_out(client, la_officer):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(client, "lee@bolton.example", "not-the-password", ATTACKER)
    assert _too_many(_sign_in(client, "lee@bolton.example", PASSWORD, ATTACKER))

    owner = Client()
    response = _sign_in(owner, "lee@bolton.example", PASSWORD, OWNER)

    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(la_officer.pk)


def test_it_answers_429_to_a_client_that_fails_too_often_across_addresses(client, la_officer, settings):
    settings.SIGN_IN_FAILURES_PER_CLIENT = 6
    for n in range(6):
        assert _sign_in(client, f"guess{n}@bolton.example", "not-the-password").status_code == 200

    refused = _sign_in(client, "lee@bolton.example", PASSWORD)

    assert refused.status_code == 429
    assert refused["Retry-After"] == str(settings.LOGIN_FAILURE_WINDOW_SECONDS)
    assert '<h1 class="govuk-heading-l">Too many attempts</h1>' in refused.content.decode()
    assert "_auth_user_id" not in client.session
    la_officer.refresh_from_db()
    assert la_officer.last_login is None
    assert _sign_in(Client(), "lee@bolton.example", PASSWORD, OWNER).status_code == 302


def test_it_takes_the_client_address_from_the_trusted_proxy(la_officer, settings):
    settings.SIGN_IN_FAILURES_PER_CLIENT = 3
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client()
    for n in range(3):
        client.post(
            "/sign-in/",
            {"username": f"guess{n}@bolton.example", "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, {ATTACKER}",  # what the client wrote, then what the proxy saw
        )

    behind_same_proxy = Client().post(
        "/sign-in/",
        {"username": "lee@bolton.example", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=OWNER,
    )
    same_attacker = Client().post(
        "/sign-in/",
        {"username": "lee@bolton.example", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=f"9.9.9.9, {ATTACKER}",
    )

    assert behind_same_proxy.status_code == 302
    assert same_attacker.status_code == 429


@pytest.fixture
def reset(client, django_capture_on_commit_callbacks):
    def request(email: str, address: str = ATTACKER):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/password-reset/", {"email": email}, REMOTE_ADDR=address)

    return request


def test_it_sends_at_most_the_limit_of_reset_emails_to_one_address(reset, la_officer, mailoutbox, settings):
    assert settings.PASSWORD_RESETS_PER_EMAIL == 3
    for n in range(3):
        assert reset("LEE@bolton.example", f"192.0.2.{n}").status_code == 302
    # One email per reset link: requests a second apart may share one, so count what was there before.
    before = OutboxMessage.objects.filter(to="lee@bolton.example").count()

    refused = reset("lee@bolton.example", "192.0.2.99")

    assert refused.status_code == 429
    assert OutboxMessage.objects.filter(to="lee@bolton.example").count() == len(mailoutbox) == before >= 1


def test_it_refuses_a_client_asking_for_too_many_resets(reset, la_officer, other_la_officer, mailoutbox, settings):
    settings.PASSWORD_RESETS_PER_CLIENT = 2
    reset("nobody@example.com")
    reset("lee@bolton.example")

    refused = reset("sam@sunderland.example")

    assert refused.status_code == 429
    assert [m.to for m in mailoutbox] == [["lee@bolton.example"]]
    assert reset("sam@sunderland.example", OWNER).status_code == 302
