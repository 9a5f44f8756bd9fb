"""Champion staff invite their own colleagues and officers of the LAs they support, and nobody else."""

import pytest

from accounts.models import Invitation, Role
from regions.models import Champion, LocalAuthority
from tests.accounts.pages import error_summary


def _post(client, **fields):
    data = {"full_name": "Nia Newcomer", "email": "nia.newcomer@example.org", **fields}
    return client.post("/invitations/new/", data)


def test_it_offers_champion_staff_only_their_champion_and_its_las(signed_in, champion_staff):
    response = signed_in(champion_staff).get("/invitations/new/")

    form = response.context["form"]
    assert [value for value, _ in form.fields["role"].choices] == ["champion_staff", "la_officer"]
    assert list(form.fields["champion"].queryset) == [champion_staff.champion]
    offered = set(form.fields["local_authority"].queryset)
    assert offered == set(champion_staff.champion.assigned_local_authorities())
    assert LocalAuthority.objects.get(slug="bolton") in offered
    assert 'value="programme_staff"' not in response.content.decode()


def test_it_lets_champion_staff_invite_an_officer_of_an_la_they_support(
    signed_in, champion_staff, mailoutbox, django_capture_on_commit_callbacks
):
    bolton = LocalAuthority.objects.get(slug="bolton")

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(signed_in(champion_staff), role=Role.LA_OFFICER, local_authority=bolton.pk)

    assert response["Location"] == "/invitations/"
    [invitation] = Invitation.objects.all()
    assert (invitation.role, invitation.local_authority, invitation.invited_by) == (
        "la_officer",
        bolton,
        champion_staff,
    )
    assert [m.to for m in mailoutbox] == [["nia.newcomer@example.org"]]


def test_it_lets_champion_staff_invite_a_colleague(signed_in, champion_staff):
    response = _post(signed_in(champion_staff), role=Role.CHAMPION_STAFF, champion=champion_staff.champion.pk)

    assert response.status_code == 302
    assert Invitation.objects.get().champion == champion_staff.champion


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"role": Role.PROGRAMME_STAFF}, "Select a valid choice"),
        ({"role": Role.CHAMPION_STAFF, "champion": "hartlepool"}, "Select a valid choice"),
        ({"role": Role.LA_OFFICER, "local_authority": "hartlepool"}, "Select a valid choice"),
    ],
    ids=["programme staff", "another champion's staff", "another champion's LA"],
)
def test_it_refuses_champion_staff_anyone_else_and_creates_nothing(
    signed_in, champion_staff, mailoutbox, fields, error
):
    fields = dict(fields)
    if fields.get("champion") == "hartlepool":
        fields["champion"] = Champion.objects.get(slug="hartlepool").pk
    if fields.get("local_authority") == "hartlepool":
        fields["local_authority"] = LocalAuthority.objects.get(slug="hartlepool").pk

    response = _post(signed_in(champion_staff), **fields)

    assert response.status_code == 200
    assert any(message.startswith(error) for message in error_summary(response))
    assert Invitation.objects.count() == 0 and mailoutbox == []


def test_it_shows_champion_staff_only_their_own_champions_invitations(signed_in, champion_staff, programme_staff):
    client = signed_in(programme_staff)
    _post(client, role=Role.LA_OFFICER, local_authority=LocalAuthority.objects.get(slug="bolton").pk)
    _post(
        client, email="other@example.org", role=Role.CHAMPION_STAFF, champion=Champion.objects.get(slug="hartlepool").pk
    )

    listed = signed_in(champion_staff).get("/invitations/").context["invitations"]

    assert [invitation.email for invitation in listed] == ["nia.newcomer@example.org"]
