"""Programme staff invite people by email; the invitee accepts by choosing a password."""

import datetime
import re
import secrets

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core import signing
from django.utils import dateformat, timezone

from accounts.models import Invitation, Role, User
from accounts.services import invitation_create, invitation_email_queue
from accounts.views import INVITATIONS_PER_PAGE
from notifications.models import OutboxMessage
from notifications.tasks import outbox_message_send_task
from regions.models import Champion, LocalAuthority
from tests.accounts.pages import error_summary

NEW_PASSWORD = "a-fresh-long-passphrase-2013"


def _form(role: str, **overrides) -> dict:
    """What programme staff fill in to invite someone with `role`."""
    data = {"full_name": "Nia Newcomer", "email": "nia.newcomer@example.org", "role": role}
    if role == Role.CHAMPION_STAFF:
        data["champion"] = Champion.objects.get(slug="hartlepool").pk
    if role == Role.LA_OFFICER:
        data["local_authority"] = LocalAuthority.objects.get(slug="wigan").pk
    return {**data, **overrides}


def _invitation(programme_staff, role: str = Role.LA_OFFICER, now=None) -> Invitation:
    """An invitation made through the service, as the view makes it."""
    return invitation_create(
        email="nia.newcomer@example.org",
        full_name="Nia Newcomer",
        role=role,
        champion=Champion.objects.get(slug="hartlepool") if role == Role.CHAMPION_STAFF else None,
        local_authority=LocalAuthority.objects.get(slug="wigan") if role == Role.LA_OFFICER else None,
        invited_by=programme_staff,
        now=now or timezone.now(),
    )


def _accept_path(invitation: Invitation) -> str:
    return f"/invitations/accept/{invitation.token()}/"


def _accept(client, invitation: Invitation, one: str = NEW_PASSWORD, two: str | None = None):
    return client.post(_accept_path(invitation), {"new_password1": one, "new_password2": one if two is None else two})


# --- Sending an invitation ---------------------------------------------------------------------


def test_it_shows_the_invitation_form_with_every_role_champion_and_local_authority(signed_in, programme_staff):
    response = signed_in(programme_staff).get("/invitations/new/")

    assert response.status_code == 200
    html = response.content.decode()
    for role in Role:
        assert f'value="{role.value}"' in html
    form = response.context["form"]
    assert form.fields["champion"].queryset.count() == 9
    assert form.fields["local_authority"].queryset.count() == 152
    assert error_summary(response) == []


@pytest.mark.parametrize(
    ("role", "champion", "local_authority"),
    [
        (Role.PROGRAMME_STAFF, None, None),
        (Role.CHAMPION_STAFF, "hartlepool", None),
        (Role.LA_OFFICER, None, "wigan"),
    ],
)
def test_it_invites_each_role(
    signed_in, programme_staff, mailoutbox, django_capture_on_commit_callbacks, role, champion, local_authority
):
    client = signed_in(programme_staff)
    now = timezone.now()

    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/invitations/new/", _form(role, email="Nia.Newcomer@Example.org"))

    assert response.status_code == 302
    assert response["Location"] == "/invitations/"
    [invitation] = Invitation.objects.all()
    assert invitation.email == "nia.newcomer@example.org"
    assert invitation.full_name == "Nia Newcomer"
    assert invitation.role == role
    assert (invitation.champion.slug if invitation.champion else None) == champion
    assert (invitation.local_authority.slug if invitation.local_authority else None) == local_authority
    assert invitation.invited_by == programme_staff
    assert invitation.created_at == now
    assert invitation.expires_at == now + datetime.timedelta(days=7)
    assert invitation.accepted_at is None
    assert invitation.user is None
    # At least 128 random bits, and it must fit its column (PostgreSQL refuses a longer value).
    assert re.fullmatch(r"[0-9a-f]{32,}", invitation.nonce)
    assert len(invitation.nonce) <= Invitation._meta.get_field("nonce").max_length
    assert User.objects.filter(email="nia.newcomer@example.org").count() == 0
    [message] = mailoutbox
    assert message.to == ["nia.newcomer@example.org"]
    assert message.subject == "Create your Champions Portal account"
    with time_machine.travel(now, tick=False):  # the signed link carries the moment it was made
        link = invitation.accept_url()
    assert link in message.body
    assert link in message.alternatives[0][0]
    assert link.startswith("http://testserver/invitations/accept/")
    [row] = OutboxMessage.objects.all()
    assert row.key == f"invitation:{invitation.pk}"
    assert row.to == "nia.newcomer@example.org"
    assert row.state == OutboxMessage.State.SENT


def test_it_says_who_invited_them_as_what_and_until_when(
    signed_in, programme_staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(programme_staff).post("/invitations/new/", _form(Role.CHAMPION_STAFF))

    invitation = Invitation.objects.get()
    body = " ".join(mailoutbox[0].body.split())
    assert "Dear Nia Newcomer," in body
    assert "Pat has invited you to the Champions Portal as champion staff for Hartlepool." in body
    expires = dateformat.format(timezone.localtime(invitation.expires_at), "j F Y")
    assert f"expires on {expires}" in body


def test_it_confirms_the_invitation_was_sent_on_the_list(
    signed_in, programme_staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(programme_staff).post("/invitations/new/", _form(Role.LA_OFFICER), follow=True)

    html = response.content.decode()
    assert "We have emailed an invitation to nia.newcomer@example.org." in html
    assert "Nia Newcomer" in html
    assert "Wigan" in html
    assert "Waiting" in html


def test_it_sends_the_email_only_after_the_transaction_commits(
    signed_in, programme_staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        signed_in(programme_staff).post("/invitations/new/", _form(Role.LA_OFFICER))

    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1


def test_it_sends_nothing_more_when_the_email_is_queued_again(
    signed_in, programme_staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(programme_staff).post("/invitations/new/", _form(Role.LA_OFFICER))
    invitation = Invitation.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        assert invitation_email_queue(invitation=invitation, now=timezone.now()) is False
        assert invitation_email_queue(invitation=invitation, now=timezone.now()) is False

    assert len(mailoutbox) == 1
    assert OutboxMessage.objects.get().state == OutboxMessage.State.SENT


def test_it_sends_nothing_for_an_outbox_message_that_no_longer_exists(db, mailoutbox):
    outbox_message_send_task(123456)

    assert mailoutbox == []


def test_it_ignores_the_organisation_of_a_role_that_has_none(
    signed_in, programme_staff, mailoutbox, django_capture_on_commit_callbacks
):
    data = _form(
        Role.PROGRAMME_STAFF,
        champion=Champion.objects.get(slug="hartlepool").pk,
        local_authority=LocalAuthority.objects.get(slug="wigan").pk,
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(programme_staff).post("/invitations/new/", data)

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.champion is None
    assert invitation.local_authority is None


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {},
            ["Enter the person's full name", "Enter the person's email address", "Select the person's role"],
        ),
        (
            {"full_name": "Nia Newcomer", "email": "nia-at-example.org", "role": Role.PROGRAMME_STAFF},
            ["Enter an email address in the correct format, like name@example.com"],
        ),
        (
            {"full_name": "Nia Newcomer", "email": "nia@example.org", "role": Role.CHAMPION_STAFF},
            ["Select the champion this person works for"],
        ),
        (
            {"full_name": "Nia Newcomer", "email": "nia@example.org", "role": Role.LA_OFFICER},
            ["Select the local authority this person works for"],
        ),
        (
            {"full_name": "Nia Newcomer", "email": "nia@example.org", "role": "superuser"},
            ["Select a valid choice. superuser is not one of the available choices."],
        ),
    ],
    ids=["missing-fields", "bad-email", "champion-staff-without-champion", "la-officer-without-la", "bad-role"],
)
def test_it_refuses_bad_input_and_creates_nothing(
    signed_in, programme_staff, mailoutbox, django_capture_on_commit_callbacks, data, errors
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = signed_in(programme_staff).post("/invitations/new/", data)

    assert response.status_code == 200
    assert error_summary(response) == errors
    assert "<title>Error: Invite someone" in response.content.decode()
    assert Invitation.objects.count() == 0
    assert callbacks == []
    assert mailoutbox == []


@pytest.mark.parametrize("email", ["lee@bolton.example", "LEE@Bolton.Example"])
def test_it_refuses_to_invite_an_email_that_already_has_an_account(
    signed_in, programme_staff, la_officer, mailoutbox, django_capture_on_commit_callbacks, email
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(programme_staff).post("/invitations/new/", _form(Role.LA_OFFICER, email=email))

    assert response.status_code == 200
    assert error_summary(response) == ["There is already an account for this email address"]
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize("person", ["anonymous", "la_officer", "other_la_officer"])
@pytest.mark.parametrize(
    ("method", "path"), [("get", "/invitations/"), ("get", "/invitations/new/"), ("post", "/invitations/new/")]
)
def test_it_refuses_everyone_but_programme_and_champion_staff(
    client, request, reference_data, mailoutbox, django_capture_on_commit_callbacks, person, method, path
):
    if person != "anonymous":
        client.force_login(request.getfixturevalue(person))

    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, method)(path, _form(Role.PROGRAMME_STAFF) if method == "post" else None)

    if person == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"/sign-in/?next={path}"
    else:
        assert response.status_code == 403
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


def test_it_refuses_a_deactivated_programme_staff_member(client, programme_staff, mailoutbox):
    client.force_login(programme_staff)
    programme_staff.is_active = False
    programme_staff.save()

    response = client.post("/invitations/new/", _form(Role.PROGRAMME_STAFF))

    assert response.status_code in (302, 403)
    assert Invitation.objects.count() == 0


# --- The list of invitations -------------------------------------------------------------------


def test_it_lists_invitations_with_their_status(signed_in, programme_staff, la_officer):
    now = timezone.now()
    waiting = _invitation(programme_staff, Role.CHAMPION_STAFF)
    expired = _invitation(programme_staff, Role.LA_OFFICER, now=now - datetime.timedelta(days=8))
    accepted = _invitation(programme_staff, Role.PROGRAMME_STAFF)
    accepted.accepted_at = now
    accepted.save()

    response = signed_in(programme_staff).get("/invitations/")

    assert response.status_code == 200
    statuses = {i.pk: i.current_status for i in response.context["invitations"]}
    assert statuses == {waiting.pk: "Waiting", expired.pk: "Expired", accepted.pk: "Accepted"}
    html = response.content.decode()
    assert "Hartlepool" in html
    assert "Wigan" in html


def test_it_lists_invitations_in_a_fixed_number_of_queries(signed_in, programme_staff, query_count):
    client = signed_in(programme_staff)
    champions = list(Champion.objects.all())
    local_authorities = list(LocalAuthority.objects.all()[:20])

    def make(n: int) -> None:
        Invitation.objects.all().delete()
        for i in range(n):
            role = [Role.PROGRAMME_STAFF, Role.CHAMPION_STAFF, Role.LA_OFFICER][i % 3]
            Invitation.objects.create(
                email=f"person{i}@example.org",
                full_name=f"Person {i}",
                role=role,
                champion=champions[i % 9] if role == Role.CHAMPION_STAFF else None,
                local_authority=local_authorities[i] if role == Role.LA_OFFICER else None,
                invited_by=programme_staff,
                created_at=timezone.now(),
                expires_at=timezone.now() + datetime.timedelta(days=7),
            )

    def page():
        response = client.get("/invitations/")
        assert response.status_code == 200
        return response

    make(2)
    page()  # warm the session
    few = query_count(page)
    make(20)
    many = query_count(page)

    assert few == many
    assert page().content.decode().count("person19@example.org") == 1


# --- Accepting an invitation -------------------------------------------------------------------


def test_it_shows_the_accept_form(client, programme_staff):
    invitation = _invitation(programme_staff, Role.LA_OFFICER)

    response = client.get(_accept_path(invitation))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Create your account" in html
    assert "nia.newcomer@example.org" in html
    assert "Local authority officer, Wigan" in html
    assert 'name="new_password1"' in html
    assert 'name="new_password2"' in html


@pytest.mark.parametrize(
    ("role", "shows"),
    [
        (Role.PROGRAMME_STAFF, ["Invite someone"]),
        (Role.CHAMPION_STAFF, ["Hartlepool", "North East"]),
        (Role.LA_OFFICER, ["Wigan", "Greater Manchester Group (Wigan, Trafford and Manchester)"]),
    ],
)
def test_it_creates_the_account_with_the_invited_role_and_signs_them_in(client, programme_staff, role, shows):
    invitation = _invitation(programme_staff, role)
    now = timezone.now()

    with time_machine.travel(now, tick=False):
        response = _accept(client, invitation)

    assert response.status_code == 302
    assert response["Location"] == "/home/"
    user = User.objects.get(email="nia.newcomer@example.org")
    assert user.full_name == "Nia Newcomer"
    assert user.role == role
    assert user.champion == invitation.champion
    assert user.local_authority == invitation.local_authority
    assert user.is_active
    assert user.date_joined == now
    assert not user.is_superuser
    assert authenticate(email="nia.newcomer@example.org", password=NEW_PASSWORD) == user
    assert client.session["_auth_user_id"] == str(user.pk)
    invitation.refresh_from_db()
    assert invitation.accepted_at == now
    assert invitation.user == user
    home = client.get("/home/")
    assert home.status_code == 200
    for text in shows:
        assert text in home.content.decode()
    assert "Your account is ready. You are signed in." in home.content.decode()


def test_it_lets_the_link_work_only_once(client, programme_staff):
    invitation = _invitation(programme_staff)
    _accept(client, invitation)

    again = client.get(_accept_path(invitation))
    assert again.status_code == 410
    assert "This invitation link cannot be used" in again.content.decode()
    second = _accept(client, invitation, "another-long-passphrase")
    assert second.status_code == 410
    assert User.objects.filter(email="nia.newcomer@example.org").count() == 1
    assert authenticate(email="nia.newcomer@example.org", password=NEW_PASSWORD) is not None


def test_it_refuses_an_expired_invitation(client, programme_staff):
    invitation = _invitation(programme_staff, now=timezone.now() - datetime.timedelta(days=7, seconds=1))

    page = client.get(_accept_path(invitation))
    response = _accept(client, invitation)

    assert page.status_code == 410
    assert "This invitation link cannot be used" in page.content.decode()
    assert response.status_code == 410
    assert User.objects.filter(email="nia.newcomer@example.org").count() == 0
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_it_accepts_an_invitation_until_it_expires(client, programme_staff):
    invitation = _invitation(programme_staff)

    with time_machine.travel(invitation.expires_at - datetime.timedelta(minutes=1)):
        open_page = client.get(_accept_path(invitation))
    with time_machine.travel(invitation.expires_at):
        closed_page = client.get(_accept_path(invitation))

    assert open_page.status_code == 200
    assert closed_page.status_code == 410


def test_it_refuses_a_tampered_token(client, programme_staff):
    invitation = _invitation(programme_staff)
    token = invitation.token()
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    page = client.get(f"/invitations/accept/{tampered}/")
    response = client.post(
        f"/invitations/accept/{tampered}/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert page.status_code == 410
    assert response.status_code == 410
    assert User.objects.filter(email="nia.newcomer@example.org").count() == 0


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        signing.dumps({"id": 1, "nonce": "0" * 32}, salt="some.other.salt"),
    ],
    ids=["garbage", "other-salt"],
)
def test_it_refuses_tokens_it_did_not_issue(client, programme_staff, token):
    _invitation(programme_staff)

    response = client.get(f"/invitations/accept/{token}/")

    assert response.status_code == 410
    assert "This invitation link cannot be used" in response.content.decode()


def test_it_refuses_the_token_of_an_invitation_whose_nonce_changed(client, programme_staff):
    invitation = _invitation(programme_staff)
    old_path = _accept_path(invitation)
    invitation.nonce = secrets.token_hex(16)
    invitation.save()

    assert client.get(old_path).status_code == 410
    assert client.post(old_path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).status_code == 410
    assert User.objects.filter(email="nia.newcomer@example.org").count() == 0
    assert client.get(_accept_path(invitation)).status_code == 200


def test_it_refuses_an_invitation_once_someone_has_an_account_with_that_email(client, programme_staff):
    invitation = _invitation(programme_staff)
    User.objects.create_user(
        "nia.newcomer@example.org",
        "whatever-long-password",
        full_name="Nia",
        role="la_officer",
        local_authority=LocalAuthority.objects.get(slug="bolton"),
    )

    response = _accept(client, invitation)

    assert response.status_code == 410
    assert User.objects.filter(email="nia.newcomer@example.org").count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize(
    ("one", "two", "error"),
    [
        (NEW_PASSWORD, NEW_PASSWORD + "x", "The passwords do not match"),
        ("short-pw", "short-pw", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "password1234", "This password is too common."),
        ("201320132013", "201320132013", "This password is entirely numeric."),
        ("Nia.Newcomer!", "Nia.Newcomer!", "The password is too similar to the email."),
        ("", NEW_PASSWORD, "Enter a new password"),
        (NEW_PASSWORD, "", "Confirm your new password"),
    ],
    ids=["mismatch", "too-short", "common", "numeric", "like-their-name", "first-missing", "second-missing"],
)
def test_it_refuses_weak_or_mismatched_passwords_and_creates_nothing(client, programme_staff, one, two, error):
    invitation = _invitation(programme_staff)

    response = _accept(client, invitation, one, two)

    assert response.status_code == 200
    assert error_summary(response) == [error]
    assert User.objects.filter(email="nia.newcomer@example.org").count() == 0
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert "_auth_user_id" not in client.session


def _invite(n: int, start: int, by) -> None:
    Invitation.objects.bulk_create(
        Invitation(
            email=f"bulk{i}@example.org",
            full_name=f"Bulk {i:04}",
            role=Role.PROGRAMME_STAFF,
            invited_by=by,
            created_at=timezone.now(),
            expires_at=timezone.now() + datetime.timedelta(days=7),
        )
        for i in range(start, start + n)
    )


def test_it_lists_invitations_a_page_at_a_time_at_the_same_cost_and_size(signed_in, programme_staff, query_count):
    client = signed_in(programme_staff)
    _invite(INVITATIONS_PER_PAGE + 10, 0, programme_staff)
    few = (query_count(lambda: client.get("/invitations/")), len(client.get("/invitations/").content))
    _invite(2 * INVITATIONS_PER_PAGE, INVITATIONS_PER_PAGE + 10, programme_staff)
    many = (query_count(lambda: client.get("/invitations/")), len(client.get("/invitations/").content))
    assert few[0] == many[0] and abs(many[1] - few[1]) < 0.02 * few[1], (few, many)
    last = client.get("/invitations/", {"page": 4})
    assert last.status_code == 200 and len(last.context["invitations"]) == 10


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", ""])
def test_it_answers_a_bad_page_of_invitations_with_a_page(signed_in, programme_staff, page):
    _invite(55, 0, programme_staff)
    response = signed_in(programme_staff).get("/invitations/", {"page": page})
    assert response.status_code == 200 and response.context["page"].number in (1, 2)


def test_it_still_refuses_la_officers_the_invitations(signed_in, la_officer):
    assert signed_in(la_officer).get("/invitations/", {"page": "2"}).status_code == 403
