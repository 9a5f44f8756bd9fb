"""tests/session_rows.py: after a transactional test, the database holds exactly the rows the session began with."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from accounts.models import Role, User
from programme.models import Programme, Theme
from regions.models import Champion, LocalAuthority
from tests.session_rows import _session_rows_put_back

pytestmark = pytest.mark.postgres


def _snapshot() -> dict:
    return {
        "las": sorted(LocalAuthority.objects.values_list("pk", "slug", "champion_override_id")),
        "programmes": sorted(Programme.objects.values_list("pk", "slug")),
        "themes": Theme.objects.count(),
        "content_types": ContentType.objects.count(),
        "users": User.objects.count(),
    }


def test_it_puts_back_the_session_rows_and_removes_the_rest(committed_reference_data):
    before = _snapshot()
    bolton = LocalAuthority.objects.get(slug="bolton")
    bolton.champion_override = Champion.objects.get(slug="hartlepool")
    bolton.save()
    Theme.objects.all().delete()
    User.objects.create_user("someone@example.com", "pw-for-a-test", full_name="Someone", role=Role.PROGRAMME_STAFF)

    _session_rows_put_back(connection.alias)

    assert _snapshot() == before
    assert LocalAuthority.objects.get(slug="bolton").assigned_champion.slug != "hartlepool"
    # New rows still get ids the kept rows do not hold.
    User.objects.create_user("another@example.com", "pw-for-a-test", full_name="Another", role=Role.PROGRAMME_STAFF)
