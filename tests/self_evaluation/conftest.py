"""Quarters, an open window and a pathfinder LA's officer for the self-evaluation tests."""

import datetime

import pytest

from accounts.models import Role, User
from programme.models import Quarter
from regions.models import LocalAuthority
from self_evaluation import services
from self_evaluation.models import ReturnsWindow
from tests.conftest import PASSWORD

OPENED = datetime.datetime(2013, 10, 7, 9, 0, tzinfo=datetime.UTC)
DEADLINE = datetime.date(2013, 10, 14)


@pytest.fixture
def q1(reference_data) -> Quarter:
    return Quarter.objects.get(number=1)


@pytest.fixture
def q2(reference_data) -> Quarter:
    return Quarter.objects.get(number=2)


@pytest.fixture
def open_q2(q2, programme_staff) -> ReturnsWindow:
    return services.window_open(quarter=q2, deadline=DEADLINE, by=programme_staff, now=OPENED)


@pytest.fixture
def trafford_officer(reference_data) -> User:
    """An officer of Trafford, a pathfinder LA in the North West."""
    trafford = LocalAuthority.objects.get(slug="trafford")
    return User.objects.create_user(
        "tess@trafford.example", PASSWORD, full_name="Tess", role=Role.LA_OFFICER, local_authority=trafford
    )
