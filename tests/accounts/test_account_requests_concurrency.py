"""One decision per account request under real parallel transactions on PostgreSQL: deciders who click at
once send one invitation, or one refusal, never both and never two."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from accounts.models import AccountRequest, Invitation, Role, User
from accounts.services import (
    AccountRequestDecided,
    account_request_approve,
    account_request_create,
    account_request_refuse,
)
from notifications.models import OutboxMessage

NOW = datetime.datetime(2013, 10, 10, 9, 0, tzinfo=ZoneInfo("Europe/London"))
DECIDERS = 8


def _in_parallel(deciders: list[User], decide) -> tuple[list, list, list]:
    """Each decider calls decide(user) at the same moment: (what came back, who found it decided, errors)."""
    barrier = threading.Barrier(len(deciders))
    results, decided, errors = [], [], []

    def run(user: User) -> None:
        try:
            barrier.wait()
            results.append(decide(user))
        except AccountRequestDecided:
            decided.append(user)
        except Exception as error:  # any other error fails the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, decided, errors


@pytest.fixture
def deciders(committed_reference_data) -> list[User]:
    return [
        User.objects.create_user(f"pat{i}@dfe.example", "x", full_name=f"Pat {i}", role=Role.PROGRAMME_STAFF)
        for i in range(DECIDERS)
    ]


@pytest.fixture
def waiting(deciders) -> AccountRequest:
    return account_request_create(
        full_name="Nia Newcomer",
        email="nia@dfe.example",
        organisation="DfE",
        role=Role.PROGRAMME_STAFF,
        champion=None,
        local_authority=None,
        now=NOW,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_sends_one_invitation_when_deciders_approve_at_once(deciders, waiting):
    results, decided, errors = _in_parallel(
        deciders, lambda user: account_request_approve(account_request=waiting, by=user, now=NOW)
    )

    assert errors == []
    assert len(results) == 1
    assert len(decided) == DECIDERS - 1
    [invitation] = Invitation.objects.all()
    waiting.refresh_from_db()
    assert (waiting.status, waiting.invitation) == (AccountRequest.Status.APPROVED, invitation)
    assert waiting.decided_by == invitation.invited_by
    assert OutboxMessage.objects.filter(template="invitation").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_takes_one_decision_when_some_approve_and_others_refuse_at_once(deciders, waiting):
    def decide(user: User):
        if user.pk % 2:
            return account_request_approve(account_request=waiting, by=user, now=NOW)
        return account_request_refuse(account_request=waiting, by=user, reason="Not known", now=NOW)

    results, decided, errors = _in_parallel(deciders, decide)

    assert errors == []
    assert len(results) == 1
    assert len(decided) == DECIDERS - 1
    waiting.refresh_from_db()
    if waiting.status == AccountRequest.Status.APPROVED:
        assert Invitation.objects.count() == 1
        assert list(
            OutboxMessage.objects.exclude(template="account_request_received").values_list("template", flat=True)
        ) == ["invitation"]
    else:
        assert waiting.status == AccountRequest.Status.REFUSED
        assert Invitation.objects.count() == 0
        assert list(
            OutboxMessage.objects.exclude(template="account_request_received").values_list("template", flat=True)
        ) == ["account_request_refused"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_makes_one_request_when_the_same_address_asks_many_times_at_once(deciders):
    def ask(user: User):
        return account_request_create(
            full_name="Nia Newcomer",
            email="NIA@dfe.example",
            organisation="DfE",
            role=Role.PROGRAMME_STAFF,
            champion=None,
            local_authority=None,
            now=NOW,
        )

    results, decided, errors = _in_parallel(deciders, ask)

    assert errors == [] and decided == []
    assert len([r for r in results if r is not None]) == 1
    assert AccountRequest.objects.filter(email="nia@dfe.example").count() == 1
    # Each decider is emailed once about it.
    assert OutboxMessage.objects.filter(template="account_request_received").count() == DECIDERS
