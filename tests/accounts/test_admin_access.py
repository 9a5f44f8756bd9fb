"""Only programme staff may use the Django admin, where reference data and accounts are managed."""

import pytest

from accounts.models import Role, User

CHANGELIST = "/admin/regions/localauthority/"


def test_it_lets_programme_staff_open_the_admin(signed_in, programme_staff):
    response = signed_in(programme_staff).get("/admin/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/admin/regions/localauthority/"' in html
    assert 'href="/admin/accounts/user/"' in html


def test_it_lets_programme_staff_open_the_local_authority_changelist(signed_in, programme_staff):
    response = signed_in(programme_staff).get(CHANGELIST)

    assert response.status_code == 200
    assert response.context["cl"].result_count == 152
    assert "Bolton" in response.content.decode()


def test_it_lets_programme_staff_open_the_accounts_and_invitations(signed_in, programme_staff, la_officer):
    client = signed_in(programme_staff)

    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get(f"/admin/accounts/user/{la_officer.pk}/change/").status_code == 200
    assert client.get("/admin/accounts/invitation/").status_code == 200


def test_it_does_not_let_programme_staff_add_invitations_in_the_admin(signed_in, programme_staff):
    # Invitations are made in the portal, which emails the link.
    response = signed_in(programme_staff).get("/admin/accounts/invitation/add/")

    assert response.status_code == 403


@pytest.mark.parametrize("person", ["champion_staff", "other_champion_staff", "la_officer", "other_la_officer"])
@pytest.mark.parametrize("path", ["/admin/", CHANGELIST, "/admin/accounts/user/"])
def test_it_refuses_champion_staff_and_la_officers(signed_in, request, person, path):
    response = signed_in(request.getfixturevalue(person)).get(path)

    assert response.status_code != 200
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith("/admin/login/")


def test_it_sends_anonymous_people_to_the_admin_sign_in(client, reference_data):
    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_it_refuses_a_second_account_for_the_same_email_in_another_case(signed_in, programme_staff, la_officer):
    # Sign-in, invitations and password reset treat "LEE@Bolton.example" as lee@bolton.example;
    # a second account for it would get every reset email and could never be told apart.
    data = {
        "email": "LEE@Bolton.example",
        "full_name": "Lee Again",
        "role": Role.PROGRAMME_STAFF,
        "is_active": "on",
        "date_joined_0": "14/10/2013",
        "date_joined_1": "09:30:00",
    }

    response = signed_in(programme_staff).post("/admin/accounts/user/add/", data)

    # Accounts are made by invitation only; the admin refuses to add one at all.
    assert response.status_code == 403
    assert User.objects.filter(email__iexact="lee@bolton.example").count() == 1


def test_it_keeps_emails_unique_ignoring_case_in_the_database(la_officer):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="LEE@Bolton.example", full_name="Lee Again", role=Role.PROGRAMME_STAFF)
