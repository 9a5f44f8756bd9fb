"""No double booking under real parallel transactions on PostgreSQL."""

import threading

import pytest
from django.db import connection

from accounts.models import Role, User
from regions.models import Champion, LocalAuthority
from support_days.models import SupportDay
from support_days.services import DateTaken, offers_create, support_day_book
from tests.support_days.test_services import NOW, TUESDAY_15

BOOKERS = 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_gives_a_one_place_date_to_exactly_one_of_many_las_booking_at_once(committed_reference_data):
    champion = Champion.objects.get(slug="greater-manchester-group")
    staff = User.objects.create_user("c@gm.example", "x", full_name="C", role=Role.CHAMPION_STAFF, champion=champion)
    (offer,) = offers_create(
        champion=champion, dates=[TUESDAY_15], format="online", capacity=1, notes="", by=staff, now=NOW
    )
    las = list(LocalAuthority.objects.assigned_to(champion).non_pathfinder()[:BOOKERS])
    officers = [
        User.objects.create_user(f"o{i}@example.com", "x", full_name=f"O{i}", role=Role.LA_OFFICER, local_authority=la)
        for i, la in enumerate(las)
    ]
    barrier = threading.Barrier(len(officers))
    booked, taken, errors = [], [], []

    def book(officer: User) -> None:
        try:
            barrier.wait()
            booked.append(
                support_day_book(
                    offer=offer, local_authority=officer.local_authority, themes=[], context="", by=officer, now=NOW
                )
            )
        except DateTaken:
            taken.append(officer)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(booked) == 1
    assert len(taken) == BOOKERS - 1
    assert SupportDay.objects.filter(offer=offer, status="booked").count() == 1
