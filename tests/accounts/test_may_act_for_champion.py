"""User.may_act_for_champion: programme staff, or staff of this champion; the one place that rule is written."""

import pytest

from regions.models import Champion


@pytest.fixture
def gm(reference_data) -> Champion:
    return Champion.objects.get(slug="greater-manchester-group")


@pytest.fixture
def hartlepool(reference_data) -> Champion:
    return Champion.objects.get(slug="hartlepool")


def test_it_lets_programme_staff_act_for_any_champion_and_for_none(programme_staff):
    for champion in Champion.objects.all():
        assert programme_staff.may_act_for_champion(champion.pk)
    assert programme_staff.may_act_for_champion(None)


def test_it_lets_champion_staff_act_only_for_their_own_champion(champion_staff, gm, hartlepool):
    assert champion_staff.may_act_for_champion(gm.pk)
    assert not champion_staff.may_act_for_champion(hartlepool.pk)
    assert [c.slug for c in Champion.objects.all() if champion_staff.may_act_for_champion(c.pk)] == [gm.slug]


def test_it_never_lets_champion_staff_act_for_no_champion(champion_staff, other_champion_staff):
    assert not champion_staff.may_act_for_champion(None)
    assert not other_champion_staff.may_act_for_champion(None)


def test_it_never_lets_la_officers_act_for_a_champion(la_officer, other_la_officer, gm, hartlepool):
    # Bolton's assigned champion is Greater Manchester Group: being supported by it is not acting for it.
    assert la_officer.local_authority.assigned_champion == gm
    for officer in (la_officer, other_la_officer):
        for champion_id in (gm.pk, hartlepool.pk, None):
            assert not officer.may_act_for_champion(champion_id)


@pytest.mark.parametrize("person", ["programme_staff", "champion_staff"])
def test_it_refuses_people_whose_account_is_deactivated(request, gm, person):
    user = request.getfixturevalue(person)
    user.is_active = False
    user.save()
    assert not user.may_act_for_champion(gm.pk)
    assert not user.may_act_for_champion(None)


def test_it_refuses_a_superuser_without_the_programme_staff_role(champion_staff, hartlepool):
    champion_staff.is_superuser = True
    assert not champion_staff.may_act_for_champion(hartlepool.pk)
