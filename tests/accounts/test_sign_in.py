"""Signing in by email and out again, and the limit on failed attempts."""

import re
import time

from django.conf import settings
from django.test import override_settings

from tests.accounts.pages import error_summary
from tests.conftest import PASSWORD

SIGN_IN_FAILED = "Enter a correct email address and password"


def _sign_in(client, email: str, password: str, **extra):
    return client.post("/sign-in/", {"username": email, "password": password}, **extra)


def _signed_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def _without_per_request_values(response) -> str:
    """The page with its CSRF token and the email the person typed taken out."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'name="username" value="[^"]*"', "", html)


def test_it_shows_the_sign_in_form(client):
    response = client.get("/sign-in/")

    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
    assert 'type="email"' in response.content.decode()
    assert error_summary(response) == []


def test_it_signs_in_by_email_and_lands_on_the_home_page(client, la_officer):
    response = _sign_in(client, "lee@bolton.example", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert _signed_in_user_id(client) == str(la_officer.pk)
    assert client.get("/home/").status_code == 200


def test_it_signs_in_whatever_the_case_of_the_email(client, la_officer):
    # Accounts are stored lower-case (create_user, invitations), the failure counter and password
    # reset ignore case, so people who type "Lee@Bolton.example" must get in too.
    response = _sign_in(client, "Lee@Bolton.Example", PASSWORD)

    assert error_summary(response) == []
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert _signed_in_user_id(client) == str(la_officer.pk)


def test_it_records_when_someone_last_signed_in(client, la_officer):
    assert la_officer.last_login is None

    _sign_in(client, "lee@bolton.example", PASSWORD)

    la_officer.refresh_from_db()
    assert la_officer.last_login is not None


def test_it_goes_to_a_safe_next_page_after_signing_in(client, la_officer):
    response = _sign_in(client, "lee@bolton.example", PASSWORD, QUERY_STRING="next=/regions/")

    assert response["Location"] == "/regions/"


def test_it_ignores_a_next_page_on_another_site(client, la_officer):
    response = _sign_in(client, "lee@bolton.example", PASSWORD, QUERY_STRING="next=https://evil.example/")

    assert response["Location"] == "/home/"


def test_it_sends_someone_already_signed_in_to_their_home_page(signed_in, la_officer):
    response = signed_in(la_officer).get("/sign-in/")

    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_it_gives_the_same_error_for_a_wrong_password_and_an_unknown_email(client, la_officer):
    wrong_password = _sign_in(client, "lee@bolton.example", "not-the-password")
    unknown_email = _sign_in(client, "nobody@bolton.example", PASSWORD)

    for response in (wrong_password, unknown_email):
        assert response.status_code == 200
        assert error_summary(response) == [SIGN_IN_FAILED]
        assert "There is a problem" in response.content.decode()
        assert "<title>Error: Sign in" in response.content.decode()
    # Nothing else on the page hints at which part was wrong.
    assert _without_per_request_values(wrong_password) == _without_per_request_values(unknown_email)
    assert _signed_in_user_id(client) is None


def test_it_refuses_an_inactive_account_with_the_same_error(client, la_officer):
    la_officer.is_active = False
    la_officer.save()

    response = _sign_in(client, "lee@bolton.example", PASSWORD)

    assert response.status_code == 200
    assert error_summary(response) == [SIGN_IN_FAILED]
    assert _signed_in_user_id(client) is None


def test_it_asks_for_the_email_and_the_password_when_both_are_missing(client):
    response = _sign_in(client, "", "")

    assert response.status_code == 200
    assert error_summary(response) == ["Enter your email address", "Enter your password"]


def test_it_asks_for_the_password_when_only_the_email_is_given(client, la_officer):
    response = _sign_in(client, "lee@bolton.example", "")

    assert response.status_code == 200
    assert error_summary(response) == ["Enter your password"]
    assert _signed_in_user_id(client) is None


def test_it_gives_the_same_error_for_something_that_is_not_an_email_address(client):
    response = _sign_in(client, "lee", PASSWORD)

    assert response.status_code == 200
    assert error_summary(response) == [SIGN_IN_FAILED]


def test_it_still_lets_the_right_password_in_just_below_the_failure_limit(client, la_officer):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _sign_in(client, "lee@bolton.example", "not-the-password")

    response = _sign_in(client, "lee@bolton.example", PASSWORD)

    assert response.status_code == 302
    assert _signed_in_user_id(client) == str(la_officer.pk)


def test_it_refuses_even_the_right_password_after_too_many_failures(client, la_officer):
    assert settings.LOGIN_FAILURE_LIMIT == 5
    for _ in range(5):
        assert error_summary(_sign_in(client, "lee@bolton.example", "not-the-password")) == [SIGN_IN_FAILED]

    response = _sign_in(client, "lee@bolton.example", PASSWORD)

    assert response.status_code == 200
    [message] = error_summary(response)
    assert message.startswith("You have tried to sign in too many times.")
    assert "reset your password" in message
    assert _signed_in_user_id(client) is None


def test_it_limits_failures_for_an_email_with_no_account_in_the_same_way(client, la_officer):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(client, "nobody@bolton.example", "not-the-password")

    unknown = _sign_in(client, "nobody@bolton.example", PASSWORD)

    [message] = error_summary(unknown)
    assert message.startswith("You have tried to sign in too many times.")
    assert unknown.status_code == 200


def test_it_does_not_let_a_change_of_case_get_round_the_limit(client, la_officer):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(client, "lee@bolton.example", "not-the-password")

    response = _sign_in(client, "LEE@BOLTON.EXAMPLE", PASSWORD)

    [message] = error_summary(response)
    assert message.startswith("You have tried to sign in too many times.")
    assert _signed_in_user_id(client) is None


def test_it_does_not_limit_other_email_addresses(client, la_officer, other_la_officer):
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 2):
        _sign_in(client, "lee@bolton.example", "not-the-password")

    response = _sign_in(client, "sam@sunderland.example", PASSWORD)

    assert response.status_code == 302
    assert _signed_in_user_id(client) == str(other_la_officer.pk)


# Two seconds, so that five sign-ins on a busy machine still fall inside one window.
@override_settings(LOGIN_FAILURE_WINDOW_SECONDS=2)
def test_it_lets_people_try_again_once_the_window_has_passed(client, la_officer):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(client, "lee@bolton.example", "not-the-password")
    assert "too many times" in error_summary(_sign_in(client, "lee@bolton.example", PASSWORD))[0]

    time.sleep(2.5)  # a real wait: the window is enforced by the cache (Redis in production)
    response = _sign_in(client, "lee@bolton.example", PASSWORD)

    assert response.status_code == 302
    assert _signed_in_user_id(client) == str(la_officer.pk)


def test_it_does_not_sign_out_on_a_get(signed_in, la_officer):
    client = signed_in(la_officer)

    response = client.get("/sign-out/")

    assert response.status_code == 405
    assert _signed_in_user_id(client) == str(la_officer.pk)
    assert client.get("/home/").status_code == 200


def test_it_signs_out_on_a_post_and_ends_the_session(signed_in, la_officer):
    client = signed_in(la_officer)
    old_session_key = client.session.session_key

    response = client.post("/sign-out/")

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    assert _signed_in_user_id(client) is None
    assert client.session.session_key != old_session_key
    home = client.get("/home/")
    assert home.status_code == 302
    assert home["Location"] == "/sign-in/?next=/home/"


def test_it_offers_sign_out_only_as_a_form_that_posts(signed_in, la_officer):
    html = signed_in(la_officer).get("/home/").content.decode()

    assert re.search(r'<form method="post" action="/sign-out/"', html)
    assert 'href="/sign-out/"' not in html


def test_it_does_not_count_a_missing_password_as_a_failure(client, la_officer):
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 1):
        _sign_in(client, "lee@bolton.example", "")

    assert _sign_in(client, "lee@bolton.example", PASSWORD).status_code == 302
