"""Returns under real parallel transactions on PostgreSQL: one return per LA per quarter however many
start it at once, and an audit log whose every "before" is what the previous change left."""

import threading

import pytest
from django.db import connection

from accounts.models import Role, User
from programme.models import Quarter
from regions.models import LocalAuthority
from self_evaluation import services
from self_evaluation.models import Element, Level, QuarterlyReturn, Rating, ReturnChange, ReturnsWindow
from tests.self_evaluation.conftest import DEADLINE, OPENED

WORKERS = 8


def _run_at_once(fn, args_list) -> list[Exception]:
    barrier = threading.Barrier(len(args_list))
    errors = []

    def run(*args):
        try:
            barrier.wait()
            fn(*args)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _officers(n: int) -> list[User]:
    bolton = LocalAuthority.objects.get(slug="bolton")
    return [
        User.objects.create_user(
            f"o{i}@bolton.example", "x", full_name=f"O{i}", role=Role.LA_OFFICER, local_authority=bolton
        )
        for i in range(n)
    ]


@pytest.fixture
def open_window(committed_reference_data):
    staff = User.objects.create_user("p@dfe.example", "x", full_name="P", role=Role.PROGRAMME_STAFF)
    quarter = Quarter.objects.get(number=2)
    services.window_open(quarter=quarter, deadline=DEADLINE, by=staff, now=OPENED)
    return quarter


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_starts_one_return_when_many_officers_start_it_at_once(open_window):
    officers = _officers(WORKERS)
    started = []

    def start(officer):
        started.append(
            services.return_start(
                local_authority=officer.local_authority, quarter=open_window, by=officer, now=OPENED
            ).pk
        )

    assert _run_at_once(start, [(o,) for o in officers]) == []
    assert QuarterlyReturn.objects.count() == 1
    assert set(started) == {QuarterlyReturn.objects.get().pk}
    assert ReturnChange.objects.filter(action="started").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_logs_a_true_before_and_after_when_officers_save_the_same_rating_at_once(open_window):
    officers = _officers(WORKERS)
    quarterly_return = services.return_start(
        local_authority=officers[0].local_authority, quarter=open_window, by=officers[0], now=OPENED
    )
    governance = Element.objects.get(slug="governance-structures")
    levels = [Level.EARLY, Level.PARTIAL, Level.FULL, Level.NOT_STARTED] * (WORKERS // 4)

    def save(officer, level):
        services.return_ratings_save(
            quarterly_return=quarterly_return, ratings={governance.pk: (level, "")}, by=officer, now=OPENED
        )

    assert _run_at_once(save, list(zip(officers, levels, strict=True))) == []

    chain = [c.changes[0] for c in ReturnChange.objects.filter(action="saved").order_by("pk")]
    assert chain[0]["before"] == "Not rated"
    for earlier, later in zip(chain, chain[1:], strict=False):
        assert later["before"] == earlier["after"]
    assert Level(Rating.objects.get(element=governance).level).label == chain[-1]["after"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_opens_one_window_when_several_staff_open_it_at_once(committed_reference_data):
    quarter = Quarter.objects.get(number=3)
    staff = [
        User.objects.create_user(f"p{i}@dfe.example", "x", full_name=f"P{i}", role=Role.PROGRAMME_STAFF)
        for i in range(WORKERS)
    ]

    def open_window(person):
        services.window_open(quarter=quarter, deadline=DEADLINE, by=person, now=OPENED)

    assert _run_at_once(open_window, [(p,) for p in staff]) == []
    window = ReturnsWindow.objects.get(quarter=quarter)
    assert list(window.history.values_list("action", flat=True)) == ["opened"]
