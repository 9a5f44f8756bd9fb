"""Anyone may ask for an account from the sign-in page; the staff of the champion it concerns (or programme
staff) approve it, which sends the invitation, or refuse it with a reason."""

import re

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.test import Client
from django.utils import timezone

from accounts.models import AccountRequest, Invitation, Role, User
from accounts.services import (
    AccountRequestNotAllowed,
    InvitationNotAllowed,
    account_request_approve,
    account_request_create,
    invitation_create,
)
from accounts.views import ACCOUNT_REQUESTS_PER_PAGE
from audit.models import AuditEntry
from notifications.models import OutboxMessage
from regions.models import Champion, LocalAuthority
from regions.services import local_authority_assign_champion
from tests.accounts.pages import error_summary, links
from tests.conftest import PASSWORD

NEW_PASSWORD = "a-fresh-long-passphrase-2013"
CONFIRMATION = "We have sent your request to"


def _data(role: str = Role.LA_OFFICER, **overrides) -> dict:
    """What someone fills in to ask for an account with `role`."""
    data = {
        "full_name": "Nia Newcomer",
        "email": "nia.newcomer@bolton.example",
        "organisation": "Bolton Council, SEND team",
        "role": role,
    }
    if role == Role.LA_OFFICER:
        data["local_authority"] = LocalAuthority.objects.get(slug="bolton").pk
    if role == Role.CHAMPION_STAFF:
        data["champion"] = Champion.objects.get(slug="greater-manchester-group").pk
    return {**data, **overrides}


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """ask(role, address=..., **fields) -> the response to the public form, its emails sent."""

    def post(role: str = Role.LA_OFFICER, address: str = "192.0.2.1", follow: bool = False, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/account-requests/new/", _data(role, **fields), REMOTE_ADDR=address, follow=follow)

    return post


def _request(role: str = Role.LA_OFFICER, **fields) -> AccountRequest:
    """A waiting request made through the service, as the public form makes it."""
    data = _data(role, **fields)
    return account_request_create(
        full_name=data["full_name"],
        email=data["email"],
        organisation=data["organisation"],
        role=role,
        champion=Champion.objects.filter(pk=data.get("champion")).first(),
        local_authority=LocalAuthority.objects.filter(pk=data.get("local_authority")).first(),
        now=timezone.now(),
    )


def _without_address(response) -> str:
    """The page's text, with the address it names (the one typed) taken out."""
    return re.sub(r"\S+@bolton\.example", "ADDRESS", " ".join(response.content.decode().split()))


def _sent_to(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


# --- Asking for an account ---------------------------------------------------------------------


def test_it_links_to_the_request_form_from_the_sign_in_page(client, reference_data):
    response = client.get("/sign-in/")

    assert "/account-requests/new/" in links(response)
    assert "Request an account" in response.content.decode()


def test_it_shows_the_request_form_to_anyone(client, reference_data):
    response = client.get("/account-requests/new/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Request an account" in html
    for role in Role:
        assert f'value="{role.value}"' in html
    form = response.context["form"]
    assert form.fields["champion"].queryset.count() == 9
    assert form.fields["local_authority"].queryset.count() == 152
    assert "Hartlepool (North East)" in html
    assert "novalidate" in html
    assert error_summary(response) == []


def test_it_sends_an_la_officers_request_to_the_staff_of_the_las_assigned_champion(
    ask, client, champion_staff, other_champion_staff, programme_staff, mailoutbox
):
    now = timezone.now()

    with time_machine.travel(now, tick=False):
        response = ask(Role.LA_OFFICER, email="Nia.Newcomer@Bolton.example")

    assert response.status_code == 302
    assert response["Location"] == "/account-requests/sent/"
    [account_request] = AccountRequest.objects.all()
    assert account_request.full_name == "Nia Newcomer"
    assert account_request.email == "nia.newcomer@bolton.example"
    assert account_request.organisation == "Bolton Council, SEND team"
    assert account_request.role == Role.LA_OFFICER
    assert account_request.local_authority.slug == "bolton"
    assert account_request.champion is None
    assert account_request.status == AccountRequest.Status.WAITING
    assert account_request.created_at == now
    assert (account_request.decided_by, account_request.decided_at, account_request.invitation) == (None, None, None)
    assert account_request.refusal_reason == ""
    # Only the staff of Greater Manchester Group, Bolton's champion, are told; nobody else, not the requester.
    assert _sent_to(mailoutbox) == ["chris@gm.example"]
    [message] = mailoutbox
    assert message.subject == "New request for a Champions Portal account"
    link = f"http://testserver/account-requests/{account_request.pk}/"
    assert link in message.body
    assert link in message.alternatives[0][0]
    body = " ".join(message.body.split())
    assert "as local authority officer for Bolton" in body
    assert "Bolton Council, SEND team" in body
    [row] = OutboxMessage.objects.all()
    assert row.key == f"account-request:{account_request.pk}:to:{champion_staff.pk}"
    [entry] = AuditEntry.objects.filter(action="account_request.created")
    assert entry.object_id == str(account_request.pk)
    assert entry.changes == {"email": [None, "nia.newcomer@bolton.example"], "role": [None, "la_officer"]}

    page = client.get(response["Location"])
    text = " ".join(page.content.decode().split())
    assert "We have sent your request to the staff of Greater Manchester Group" in text
    assert "nia.newcomer@bolton.example" in text


def test_it_follows_the_champion_an_la_is_assigned_to(ask, champion_staff, other_champion_staff, programme_staff):
    bolton = LocalAuthority.objects.get(slug="bolton")
    local_authority_assign_champion(
        local_authority=bolton,
        champion=other_champion_staff.champion,
        reason="Capacity",
        by=programme_staff,
        now=timezone.now(),
    )

    response = ask(Role.LA_OFFICER)

    assert response.status_code == 302
    assert [m.to for m in OutboxMessage.objects.all()] == ["harper@hartlepool.example"]


def test_it_sends_a_champion_staff_request_to_that_champions_staff(
    ask, champion_staff, other_champion_staff, programme_staff, mailoutbox
):
    colleague = User.objects.create_user(
        "casey@gm.example", PASSWORD, full_name="Casey", role=Role.CHAMPION_STAFF, champion=champion_staff.champion
    )
    User.objects.create_user(
        "gone@gm.example",
        PASSWORD,
        full_name="Gone",
        role=Role.CHAMPION_STAFF,
        champion=champion_staff.champion,
        is_active=False,
    )

    ask(Role.CHAMPION_STAFF, local_authority=LocalAuthority.objects.get(slug="sunderland").pk)

    account_request = AccountRequest.objects.get()
    assert (account_request.role, account_request.champion, account_request.local_authority) == (
        Role.CHAMPION_STAFF,
        champion_staff.champion,
        None,
    )
    assert _sent_to(mailoutbox) == sorted([champion_staff.email, colleague.email])


def test_it_sends_a_programme_staff_request_to_programme_staff(
    ask, client, champion_staff, programme_staff, mailoutbox
):
    response = ask(Role.PROGRAMME_STAFF, champion=champion_staff.champion.pk)

    account_request = AccountRequest.objects.get()
    assert (account_request.role, account_request.champion, account_request.local_authority) == (
        Role.PROGRAMME_STAFF,
        None,
        None,
    )
    assert _sent_to(mailoutbox) == ["pat@dfe.example"]
    text = " ".join(client.get(response["Location"]).content.decode().split())
    assert "We have sent your request to the programme team" in text


def test_it_sends_to_programme_staff_when_the_champion_has_no_active_staff(ask, programme_staff, mailoutbox):
    ask(Role.LA_OFFICER)

    assert AccountRequest.objects.count() == 1
    assert _sent_to(mailoutbox) == ["pat@dfe.example"]


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"full_name": "", "email": "", "organisation": "", "role": ""},
            [
                "Enter your full name",
                "Enter your work email address",
                "Enter the name of your organisation",
                "Select what you will do in the portal",
            ],
        ),
        ({"email": "nia-at-bolton.example"}, ["Enter an email address in the correct format, like name@example.com"]),
        ({"local_authority": ""}, ["Select the local authority you work for"]),
        ({"role": Role.CHAMPION_STAFF, "champion": ""}, ["Select the champion you work for"]),
        ({"role": "superuser"}, ["Select what you will do in the portal"]),
        ({"local_authority": "999999"}, ["Select the local authority you work for"]),
        ({"full_name": "N" * 151}, ["Full name must be 150 characters or fewer"]),
    ],
    ids=["missing", "bad-email", "no-la", "no-champion", "bad-role", "unknown-la", "long-name"],
)
def test_it_refuses_bad_input_and_saves_nothing(ask, champion_staff, programme_staff, mailoutbox, fields, errors):
    role = fields.pop("role", Role.LA_OFFICER)

    response = ask(role, **fields)

    assert response.status_code == 200
    assert error_summary(response) == errors
    assert "<title>Error: Request an account" in response.content.decode()
    assert AccountRequest.objects.count() == 0
    assert mailoutbox == []


def test_it_keeps_no_organisation_for_a_role_that_has_none(ask, programme_staff):
    ask(
        Role.PROGRAMME_STAFF,
        champion=Champion.objects.get(slug="hartlepool").pk,
        local_authority=LocalAuthority.objects.get(slug="wigan").pk,
    )

    account_request = AccountRequest.objects.get()
    assert (account_request.champion, account_request.local_authority) == (None, None)


@pytest.mark.parametrize("email", ["lee@bolton.example", "LEE@Bolton.Example"])
def test_it_emails_someone_who_already_has_an_account_and_says_the_same_on_the_page(
    ask, client, la_officer, champion_staff, mailoutbox, email
):
    new = ask(Role.LA_OFFICER, follow=True)
    mailoutbox.clear()

    response = ask(Role.LA_OFFICER, email=email, full_name="Lee", follow=True)

    # The page reads as for anyone else: it never says who has an account.
    assert response.status_code == 200
    assert response.redirect_chain == [("/account-requests/sent/", 302)]
    assert _without_address(response) == _without_address(new)
    assert AccountRequest.objects.filter(email="lee@bolton.example").count() == 0
    # Only the account's owner is emailed, with a way back in.
    [message] = mailoutbox
    assert message.to == ["lee@bolton.example"]
    assert message.subject == "You already have a Champions Portal account"
    match = re.search(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    assert match[0] in message.alternatives[0][0]
    reset = Client().get(match[1], follow=True)
    assert reset.context["validlink"] is True


def test_it_sends_the_already_has_an_account_email_at_most_once_a_day(ask, la_officer, mailoutbox):
    for n in range(3):
        ask(Role.LA_OFFICER, email="lee@bolton.example", address=f"192.0.2.{n}")

    assert _sent_to(mailoutbox) == ["lee@bolton.example"]


def test_it_routes_a_request_from_a_deactivated_account_like_any_other(ask, la_officer, champion_staff, mailoutbox):
    la_officer.is_active = False
    la_officer.save()

    ask(Role.LA_OFFICER, email="lee@bolton.example")

    assert AccountRequest.objects.filter(email="lee@bolton.example").count() == 1
    assert _sent_to(mailoutbox) == ["chris@gm.example"]


def test_it_does_not_make_a_second_waiting_request_for_the_same_address(ask, client, champion_staff, mailoutbox):
    first = ask(Role.LA_OFFICER, follow=True)

    again = ask(Role.CHAMPION_STAFF, email="NIA.newcomer@bolton.example", full_name="Nia N", follow=True)

    assert first.status_code == again.status_code == 200
    assert again.redirect_chain == [("/account-requests/sent/", 302)]
    assert CONFIRMATION in again.content.decode()
    [account_request] = AccountRequest.objects.all()
    assert (account_request.full_name, account_request.role) == ("Nia Newcomer", Role.LA_OFFICER)
    assert len(mailoutbox) == 1
    assert AuditEntry.objects.filter(action="account_request.created").count() == 1


def test_it_takes_a_new_request_once_the_last_was_decided(ask, champion_staff, mailoutbox):
    ask(Role.LA_OFFICER)
    first = AccountRequest.objects.get()
    decider = Client()
    decider.force_login(champion_staff)
    decider.post(f"/account-requests/{first.pk}/refuse/", {"reason": "Not known to us"})

    ask(Role.LA_OFFICER)

    assert AccountRequest.objects.filter(status="waiting").count() == 1
    assert AccountRequest.objects.count() == 2


def test_it_answers_429_to_a_client_asking_too_often(ask, champion_staff, mailoutbox, settings):
    settings.ACCOUNT_REQUESTS_PER_CLIENT = 2
    ask(email="one@bolton.example")
    ask(email="two@bolton.example")

    refused = ask(email="three@bolton.example")

    assert refused.status_code == 429
    assert refused["Retry-After"] == str(settings.RATE_LIMIT_WINDOW_SECONDS)
    assert "Too many attempts" in refused.content.decode()
    assert sorted(AccountRequest.objects.values_list("email", flat=True)) == [
        "one@bolton.example",
        "two@bolton.example",
    ]
    assert len(mailoutbox) == 2
    assert ask(email="three@bolton.example", address="198.51.100.7").status_code == 302


def test_it_answers_429_to_too_many_requests_for_one_address(ask, la_officer, mailoutbox, settings):
    assert settings.ACCOUNT_REQUESTS_PER_EMAIL == 3
    for n in range(3):
        assert ask(email="LEE@bolton.example", address=f"192.0.2.{n}").status_code == 302

    refused = ask(email="lee@bolton.example", address="192.0.2.99")

    assert refused.status_code == 429
    assert len(mailoutbox) == 1


def test_it_does_not_count_bad_input_against_the_address(ask, champion_staff, settings):
    settings.ACCOUNT_REQUESTS_PER_EMAIL = 1
    ask(organisation="")

    assert ask().status_code == 302


# --- Who decides -------------------------------------------------------------------------------


@pytest.fixture
def requests_of_every_kind(reference_data):
    """Waiting requests: Bolton's officer and Greater Manchester Group's staff (the North West champion's),
    Sunderland's officer and Hartlepool's staff (the North East's), and programme staff."""
    return {
        "bolton": _request(Role.LA_OFFICER, email="bo@bolton.example"),
        "gm": _request(Role.CHAMPION_STAFF, email="gm@gm.example"),
        "sunderland": _request(
            Role.LA_OFFICER,
            email="su@sunderland.example",
            local_authority=LocalAuthority.objects.get(slug="sunderland").pk,
        ),
        "hartlepool": _request(
            Role.CHAMPION_STAFF, email="ha@hartlepool.example", champion=Champion.objects.get(slug="hartlepool").pk
        ),
        "programme": _request(Role.PROGRAMME_STAFF, email="pp@dfe.example"),
    }


def test_it_gives_each_decider_the_waiting_requests_they_may_decide(
    requests_of_every_kind, programme_staff, champion_staff, other_champion_staff, la_officer
):
    r = requests_of_every_kind

    assert set(AccountRequest.objects.waiting_for(programme_staff)) == set(r.values())
    assert set(AccountRequest.objects.waiting_for(champion_staff)) == {r["bolton"], r["gm"]}
    assert set(AccountRequest.objects.waiting_for(other_champion_staff)) == {r["sunderland"], r["hartlepool"]}
    assert list(AccountRequest.objects.waiting_for(la_officer)) == []
    champion_staff.is_active = False
    assert list(AccountRequest.objects.waiting_for(champion_staff)) == []


def test_it_lists_waiting_and_recently_decided_requests_for_programme_staff(
    requests_of_every_kind, signed_in, programme_staff
):
    client = signed_in(programme_staff)
    client.post(f"/account-requests/{requests_of_every_kind['gm'].pk}/refuse/", {"reason": "Unknown"})

    response = client.get("/account-requests/")

    assert response.status_code == 200
    assert len(response.context["waiting"]) == 4
    assert [r.email for r in response.context["decided"]] == ["gm@gm.example"]
    html = response.content.decode()
    for r in requests_of_every_kind.values():
        assert f'href="/account-requests/{r.pk}/"' in html
    assert "Refused" in html


def test_it_lists_only_their_own_champions_requests_for_champion_staff(
    requests_of_every_kind, signed_in, champion_staff
):
    response = signed_in(champion_staff).get("/account-requests/")

    assert response.status_code == 200
    assert {r.email for r in response.context["waiting"]} == {"bo@bolton.example", "gm@gm.example"}
    html = response.content.decode()
    assert "su@sunderland.example" not in html
    assert "pp@dfe.example" not in html


@pytest.mark.parametrize("person", ["programme_staff", "champion_staff"])
def test_it_lists_requests_in_a_fixed_number_of_queries(request, signed_in, reference_data, query_count, person):
    client = signed_in(request.getfixturevalue(person))
    local_authorities = list(LocalAuthority.objects.assigned_to(Champion.objects.get(slug="greater-manchester-group")))
    decider = request.getfixturevalue("programme_staff")

    def make(n: int) -> None:
        AccountRequest.objects.all().delete()
        for i in range(n):
            status = ["waiting", "refused"][i % 2]
            AccountRequest.objects.create(
                full_name=f"Person {i}",
                email=f"person{i}@example.org",
                organisation="Council",
                role=Role.LA_OFFICER,
                local_authority=local_authorities[i % len(local_authorities)],
                created_at=timezone.now(),
                status=status,
                refusal_reason="No" if status == "refused" else "",
                decided_at=timezone.now() if status == "refused" else None,
                decided_by=decider if status == "refused" else None,
            )

    def page():
        response = client.get("/account-requests/")
        assert response.status_code == 200
        return response

    make(2)
    page()  # warm the session
    few = query_count(page)
    make(20)
    many = query_count(page)

    assert few == many
    assert page().content.decode().count("person19@example.org") == 1


def test_it_shows_a_request_with_approve_and_refuse(requests_of_every_kind, signed_in, champion_staff):
    account_request = requests_of_every_kind["bolton"]

    response = signed_in(champion_staff).get(f"/account-requests/{account_request.pk}/")

    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    for shown in (
        "Nia Newcomer",
        "bo@bolton.example",
        "Bolton Council, SEND team",
        "Local authority officer",
        "Bolton",
    ):
        assert shown in text
    assert f'action="/account-requests/{account_request.pk}/approve/"' in text
    assert f"/account-requests/{account_request.pk}/refuse/" in links(response)


@pytest.mark.parametrize("person", ["anonymous", "la_officer", "other_la_officer"])
@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/account-requests/"), ("get", "{}"), ("post", "{}approve/"), ("get", "{}refuse/"), ("post", "{}refuse/")],
)
def test_it_refuses_everyone_but_programme_and_champion_staff(
    client, request, requests_of_every_kind, mailoutbox, django_capture_on_commit_callbacks, person, method, path
):
    if person != "anonymous":
        client.force_login(request.getfixturevalue(person))
    path = path.format(f"/account-requests/{requests_of_every_kind['bolton'].pk}/")

    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, method)(path, {"reason": "No"} if method == "post" else None)

    if person == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"/sign-in/?next={path}"
    else:
        assert response.status_code == 403
    assert AccountRequest.objects.filter(status="waiting").count() == 5
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("person", "target"),
    [
        ("other_champion_staff", "bolton"),
        ("other_champion_staff", "gm"),
        ("champion_staff", "sunderland"),
        ("champion_staff", "hartlepool"),
        ("champion_staff", "programme"),
    ],
)
@pytest.mark.parametrize(
    ("method", "path"), [("get", ""), ("post", "approve/"), ("get", "refuse/"), ("post", "refuse/")]
)
def test_it_hides_from_champion_staff_the_requests_of_others(
    signed_in,
    request,
    requests_of_every_kind,
    mailoutbox,
    django_capture_on_commit_callbacks,
    person,
    target,
    method,
    path,
):
    client = signed_in(request.getfixturevalue(person))
    url = f"/account-requests/{requests_of_every_kind[target].pk}/{path}"

    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, method)(url, {"reason": "No"} if method == "post" else None)

    assert response.status_code == 404
    assert AccountRequest.objects.filter(status="waiting").count() == 5
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


# --- Approving ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decider", "target", "role", "organisation"),
    [
        ("champion_staff", "bolton", Role.LA_OFFICER, "bolton"),
        ("champion_staff", "gm", Role.CHAMPION_STAFF, "greater-manchester-group"),
        ("programme_staff", "sunderland", Role.LA_OFFICER, "sunderland"),
        ("programme_staff", "programme", Role.PROGRAMME_STAFF, None),
    ],
)
def test_it_approves_a_request_by_sending_the_invitation(
    signed_in,
    request,
    requests_of_every_kind,
    mailoutbox,
    django_capture_on_commit_callbacks,
    decider,
    target,
    role,
    organisation,
):
    decider = request.getfixturevalue(decider)
    account_request = requests_of_every_kind[target]
    client = signed_in(decider)
    now = timezone.now()

    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/account-requests/{account_request.pk}/approve/")

    assert response.status_code == 302
    assert response["Location"] == "/account-requests/"
    account_request.refresh_from_db()
    [invitation] = Invitation.objects.all()
    assert account_request.status == AccountRequest.Status.APPROVED
    assert (account_request.decided_by, account_request.decided_at, account_request.invitation) == (
        decider,
        now,
        invitation,
    )
    assert (invitation.email, invitation.full_name, invitation.role) == (account_request.email, "Nia Newcomer", role)
    assert (invitation.organisation.slug if invitation.organisation else None) == organisation
    assert invitation.invited_by == decider
    assert invitation.created_at == now
    [message] = mailoutbox
    assert message.to == [account_request.email]
    assert message.subject == "Create your Champions Portal account"
    [entry] = AuditEntry.objects.filter(action="account_request.approved")
    assert entry.actor == decider
    assert entry.object_id == str(account_request.pk)
    assert entry.changes == {"invitation": [None, str(invitation)], "status": ["waiting", "approved"]}
    page = client.get("/account-requests/")
    assert f"You approved the request. We have emailed an invitation to {account_request.email}." in (
        page.content.decode()
    )


def test_it_lets_the_approved_person_create_their_account(
    ask, signed_in, champion_staff, mailoutbox, django_capture_on_commit_callbacks
):
    ask(Role.LA_OFFICER)
    account_request = AccountRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(champion_staff).post(f"/account-requests/{account_request.pk}/approve/")
    accept = re.search(r"http://testserver(/invitations/accept/\S+/)", mailoutbox[-1].body)[1]

    response = Client().post(accept, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302
    user = authenticate(email="nia.newcomer@bolton.example", password=NEW_PASSWORD)
    assert (user.role, user.local_authority.slug, user.full_name) == (Role.LA_OFFICER, "bolton", "Nia Newcomer")
    assert AccountRequest.objects.get().invitation.user == user


def test_it_sends_one_invitation_when_a_request_is_approved_twice(
    requests_of_every_kind, signed_in, programme_staff, champion_staff, mailoutbox, django_capture_on_commit_callbacks
):
    account_request = requests_of_every_kind["bolton"]
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(champion_staff).post(f"/account-requests/{account_request.pk}/approve/")
        again = signed_in(programme_staff).post(f"/account-requests/{account_request.pk}/approve/", follow=True)
        refuse = signed_in(programme_staff).post(f"/account-requests/{account_request.pk}/refuse/", {"reason": "No"})

    assert again.status_code == 200
    assert "This request has already been decided." in again.content.decode()
    assert refuse.status_code == 302
    assert Invitation.objects.count() == 1
    account_request.refresh_from_db()
    assert (account_request.status, account_request.decided_by) == ("approved", champion_staff)
    assert len(mailoutbox) == 1


def test_it_does_not_approve_a_request_for_an_address_that_now_has_an_account(
    requests_of_every_kind, signed_in, programme_staff, mailoutbox
):
    account_request = requests_of_every_kind["bolton"]
    User.objects.create_user(
        "BO@bolton.example",
        PASSWORD,
        full_name="Bo",
        role=Role.LA_OFFICER,
        local_authority=account_request.local_authority,
    )

    client = signed_in(programme_staff)
    page = client.get(f"/account-requests/{account_request.pk}/")
    response = client.post(f"/account-requests/{account_request.pk}/approve/")

    assert "so this request cannot be approved" in page.content.decode()
    assert "/approve/" not in page.content.decode()
    assert response.status_code == 200
    assert error_summary(response) == ["There is already an account for this email address"]
    account_request.refresh_from_db()
    assert account_request.status == "waiting"
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


def test_it_refuses_champion_staff_a_request_routed_elsewhere_in_the_service_too(
    requests_of_every_kind, champion_staff
):
    for target in ("sunderland", "hartlepool", "programme"):
        with pytest.raises(AccountRequestNotAllowed):
            account_request_approve(
                account_request=requests_of_every_kind[target], by=champion_staff, now=timezone.now()
            )

    assert Invitation.objects.count() == 0
    assert AccountRequest.objects.filter(status="waiting").count() == 5


def test_it_moves_a_request_with_its_la_when_the_la_changes_champion(
    requests_of_every_kind, signed_in, champion_staff, other_champion_staff, programme_staff
):
    account_request = requests_of_every_kind["bolton"]
    local_authority_assign_champion(
        local_authority=account_request.local_authority,
        champion=other_champion_staff.champion,
        reason="Capacity",
        by=programme_staff,
        now=timezone.now(),
    )

    refused = signed_in(champion_staff).post(f"/account-requests/{account_request.pk}/approve/")

    assert refused.status_code == 404
    assert account_request in AccountRequest.objects.waiting_for(other_champion_staff)


# --- Refusing ----------------------------------------------------------------------------------


def test_it_refuses_a_request_with_a_reason_and_tells_the_requester(
    requests_of_every_kind, signed_in, champion_staff, mailoutbox, django_capture_on_commit_callbacks
):
    account_request = requests_of_every_kind["bolton"]
    client = signed_in(champion_staff)
    page = client.get(f"/account-requests/{account_request.pk}/refuse/")
    now = timezone.now()

    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/account-requests/{account_request.pk}/refuse/", {"reason": "We do not know you: ask your manager."}
        )

    assert page.status_code == 200
    assert "Refuse the request" in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == "/account-requests/"
    account_request.refresh_from_db()
    assert account_request.status == AccountRequest.Status.REFUSED
    assert account_request.refusal_reason == "We do not know you: ask your manager."
    assert (account_request.decided_by, account_request.decided_at, account_request.invitation) == (
        champion_staff,
        now,
        None,
    )
    assert Invitation.objects.count() == 0
    [message] = mailoutbox
    assert message.to == ["bo@bolton.example"]
    assert message.subject == "Your request for a Champions Portal account"
    assert "We do not know you: ask your manager." in message.body
    assert "We do not know you: ask your manager." in message.alternatives[0][0]
    assert OutboxMessage.objects.get().key == f"account-request-refused:{account_request.pk}"
    [entry] = AuditEntry.objects.filter(action="account_request.refused")
    assert entry.actor == champion_staff
    assert entry.changes == {
        "status": ["waiting", "refused"],
        "refusal_reason": ["", "We do not know you: ask your manager."],
    }
    listed = client.get("/account-requests/").content.decode()
    assert "You refused the request. We have emailed bo@bolton.example with your reason." in listed


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_needs_a_reason_to_refuse(
    requests_of_every_kind, signed_in, champion_staff, mailoutbox, django_capture_on_commit_callbacks, reason
):
    account_request = requests_of_every_kind["bolton"]

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(champion_staff).post(f"/account-requests/{account_request.pk}/refuse/", {"reason": reason})

    assert response.status_code == 200
    assert error_summary(response) == ["Enter why you are refusing the request"]
    assert "<title>Error: Refuse" in response.content.decode()
    account_request.refresh_from_db()
    assert (account_request.status, account_request.refusal_reason) == ("waiting", "")
    assert mailoutbox == []
    assert not AuditEntry.objects.filter(action="account_request.refused").exists()


def test_it_shows_a_decided_request_without_the_buttons(requests_of_every_kind, signed_in, programme_staff):
    account_request = requests_of_every_kind["programme"]
    client = signed_in(programme_staff)
    client.post(f"/account-requests/{account_request.pk}/refuse/", {"reason": "Use your DfE account"})

    response = client.get(f"/account-requests/{account_request.pk}/")

    text = " ".join(response.content.decode().split())
    assert "Refused" in text
    assert "Use your DfE account" in text
    assert "/approve/" not in text
    assert client.get(f"/account-requests/{account_request.pk}/refuse/").status_code == 302


# --- Where deciders find them ------------------------------------------------------------------


def test_it_links_to_the_requests_from_the_invitation_list_with_the_number_waiting(
    requests_of_every_kind, signed_in, champion_staff
):
    response = signed_in(champion_staff).get("/invitations/")

    assert "/account-requests/" in links(response)
    assert "Account requests (2 waiting)" in " ".join(response.content.decode().split())


def test_it_shows_requests_in_the_admin_only_to_read(requests_of_every_kind, signed_in, programme_staff):
    client = signed_in(programme_staff)
    account_request = requests_of_every_kind["bolton"]
    change = f"/admin/accounts/accountrequest/{account_request.pk}/change/"

    listed = client.get("/admin/accounts/accountrequest/")
    shown = client.get(change)
    added = client.get("/admin/accounts/accountrequest/add/")
    changed = client.post(change, {"status": "approved", "email": "someone@else.example"})

    assert listed.status_code == 200 and listed.context["cl"].result_count == 5
    assert shown.status_code == 200 and "bo@bolton.example" in shown.content.decode()
    assert added.status_code == 403
    assert changed.status_code == 403
    account_request.refresh_from_db()
    assert (account_request.status, account_request.email) == ("waiting", "bo@bolton.example")


def test_it_never_lets_invitation_create_offer_what_champion_staff_may_not(reference_data, champion_staff):
    offers = [
        (Role.PROGRAMME_STAFF, None, None),
        (Role.CHAMPION_STAFF, Champion.objects.get(slug="hartlepool"), None),
        (Role.LA_OFFICER, None, LocalAuthority.objects.get(slug="sunderland")),
    ]
    for role, champion, local_authority in offers:
        with pytest.raises(InvitationNotAllowed):
            invitation_create(
                email="nia@example.org",
                full_name="Nia",
                role=role,
                champion=champion,
                local_authority=local_authority,
                invited_by=champion_staff,
                now=timezone.now(),
            )

    assert Invitation.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def _ask(n: int, start: int) -> None:
    bolton = LocalAuthority.objects.get(slug="bolton")
    AccountRequest.objects.bulk_create(
        AccountRequest(
            full_name=f"Asker {i:04}",
            email=f"asker{i}@example.org",
            organisation="Council",
            role=Role.LA_OFFICER,
            local_authority=bolton,
            created_at=timezone.now(),
        )
        for i in range(start, start + n)
    )


def test_it_lists_waiting_requests_a_page_at_a_time_at_the_same_cost_and_size(signed_in, champion_staff, query_count):
    client = signed_in(champion_staff)
    _ask(ACCOUNT_REQUESTS_PER_PAGE + 10, 0)
    few = (query_count(lambda: client.get("/account-requests/")), len(client.get("/account-requests/").content))
    _ask(2 * ACCOUNT_REQUESTS_PER_PAGE, ACCOUNT_REQUESTS_PER_PAGE + 10)
    many = (query_count(lambda: client.get("/account-requests/")), len(client.get("/account-requests/").content))
    assert few[0] == many[0] and abs(many[1] - few[1]) < 0.02 * few[1], (few, many)
    last = client.get("/account-requests/", {"page": 4})
    assert last.status_code == 200 and [r.full_name for r in last.context["waiting"]][-1] == "Asker 0159"


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", ""])
def test_it_answers_a_bad_page_of_requests_with_a_page(signed_in, programme_staff, reference_data, page):
    _ask(55, 0)
    response = signed_in(programme_staff).get("/account-requests/", {"page": page})
    assert response.status_code == 200 and response.context["page"].number in (1, 2)


def test_it_still_refuses_la_officers_the_requests(signed_in, la_officer):
    assert signed_in(la_officer).get("/account-requests/", {"page": "2"}).status_code == 403
