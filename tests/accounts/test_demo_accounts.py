"""`create_demo_accounts`: one account per role (and a pathfinder LA's officer) for trying the portal on a laptop."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.management.commands.create_demo_accounts import DEMO_PASSWORD
from accounts.models import Role, User

EMAILS = [
    "programme.staff@example.com",
    "champion.staff@example.com",
    "la.officer@example.com",
    "pathfinder.officer@example.com",
]


def _run() -> str:
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)
    return out.getvalue()


def test_it_creates_one_account_per_role_and_prints_their_emails(reference_data):
    output = _run()

    users = {user.email: user for user in User.objects.select_related("champion", "local_authority")}
    assert sorted(users) == sorted(EMAILS)
    assert users["programme.staff@example.com"].role == Role.PROGRAMME_STAFF
    assert users["champion.staff@example.com"].role == Role.CHAMPION_STAFF
    assert users["champion.staff@example.com"].champion.slug == "greater-manchester-group"
    assert users["la.officer@example.com"].role == Role.LA_OFFICER
    assert users["la.officer@example.com"].local_authority.slug == "bolton"
    assert users["pathfinder.officer@example.com"].local_authority.slug == "trafford"
    for email in EMAILS:
        assert email in output
        assert authenticate(email=email, password=DEMO_PASSWORD) == users[email]
    assert DEMO_PASSWORD in output


def test_it_creates_nothing_more_when_run_twice(reference_data):
    _run()
    first = {user.pk for user in User.objects.all()}

    output = _run()

    assert {user.pk for user in User.objects.all()} == first
    assert len(first) == 4
    for email in EMAILS:
        assert email in output


def test_it_leaves_a_changed_demo_password_alone_when_run_again(reference_data):
    _run()
    user = User.objects.get(email="la.officer@example.com")
    user.set_password("changed-long-passphrase")
    user.save()

    _run()

    user.refresh_from_db()
    assert user.check_password("changed-long-passphrase")


def test_it_asks_for_the_reference_data_first(empty_database):
    with pytest.raises(CommandError, match="load_programme"):
        _run()

    assert User.objects.count() == 0


@override_settings(PRODUCTION=True)
def test_it_refuses_to_run_in_production(reference_data):
    with pytest.raises(CommandError, match="development only"):
        _run()

    assert User.objects.count() == 0


def test_it_lets_each_demo_account_sign_in_and_see_its_home(client, reference_data):
    _run()

    for email, shows in zip(
        EMAILS, ["Invite someone", "Greater Manchester Group", "Bolton", "return your development costs"], strict=True
    ):
        response = client.post("/sign-in/", {"username": email, "password": DEMO_PASSWORD}, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == "/home/"
        assert shows in response.content.decode()
        client.post("/sign-out/")
