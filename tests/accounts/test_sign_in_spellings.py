"""No spelling of an address gets more sign-in tries than another, and the address people type is
matched to their account on one normalised form (NFKC, then case folded)."""

import pytest
from django.conf import settings

from accounts.models import User, email_key
from tests.accounts.pages import error_summary
from tests.conftest import PASSWORD

# other_la_officer's address is sam@sunderland.example. Each of these folds to it.
OWNER = "sam@sunderland.example"
SPELLINGS = [
    pytest.param("\u017fam@sunderland.example", id="long-s"),  # PostgreSQL's upper() folds it to S
    pytest.param("\uff53am@sunderland.example", id="full-width-s"),
    pytest.param("SAM@SUNDERLAND.EXAMPLE", id="upper-case"),
]


def _sign_in(client, email: str, password: str):
    return client.post("/sign-in/", {"username": email, "password": password})


def _too_many(response) -> bool:
    return any("too many times" in message for message in error_summary(response))


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("\u017fam@\u017funderland.example", "sam@sunderland.example"),
        ("\u212aate@example.com", "kate@example.com"),  # the Kelvin sign
        ("\uff2c\uff45\uff45@example.com", "lee@example.com"),  # full-width letters
        ("Stra\u00dfe@example.com", "strasse@example.com"),
        ("  lee@bolton.example ", "lee@bolton.example"),
    ],
)
def test_it_folds_every_spelling_of_an_address_to_one_key(typed, key):
    assert email_key(typed) == key


@pytest.mark.parametrize("typed", SPELLINGS)
def test_it_gives_no_spelling_of_an_address_more_tries(client, other_la_officer, typed):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(client, OWNER, "not-the-password")

    response = _sign_in(client, typed, PASSWORD)

    assert _too_many(response)
    assert client.session.get("_auth_user_id") is None


@pytest.mark.parametrize("typed", SPELLINGS)
def test_it_counts_failures_typed_in_any_spelling_against_the_account(client, other_la_officer, typed):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(client, typed, "not-the-password")

    assert _too_many(_sign_in(client, OWNER, PASSWORD))


@pytest.mark.parametrize("typed", ["\u017fam@sunderland.example", "\uff53am@sunderland.example"])
def test_it_signs_in_the_owner_who_types_another_spelling(client, other_la_officer, typed):
    response = _sign_in(client, typed, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other_la_officer.pk)


def test_it_does_not_match_a_look_alike_letter_from_another_alphabet(client, other_la_officer):
    response = _sign_in(client, "sam@sund\u0435rland.example", PASSWORD)  # a Cyrillic e

    assert response.status_code == 200
    assert client.session.get("_auth_user_id") is None


def test_it_stores_new_accounts_under_the_normalised_address(db):
    user = User.objects.create_user("\uff2aO@Example.COM", PASSWORD, full_name="Jo", role="programme_staff")

    assert user.email == "jo@example.com"
    assert User.objects.get_by_natural_key("JO@EXAMPLE.COM") == user
