"""TrackerSnapshot moved from programme to tracker: the migration keeps every snapshot already taken."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("programme", "0004_trackersnapshot"), ("tracker", None)]


def _migrate(targets):
    """Migrate to `targets` and return the models as they are there (every other app at its latest)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    named = {app for app, _ in targets}
    nodes = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in named]
    return executor.loader.project_state(nodes + [t for t in targets if t[1] is not None]).apps


def _programme(model):
    """A programme (of the model as it is at that migration) beside the real one."""
    return model.objects.create(
        slug="migration-test",
        name="2013-14",
        starts_on=datetime.date(2013, 4, 1),
        ends_on=datetime.date(2014, 3, 31),
        national_funding=600_000,
        funding_base_per_champion=30_000,
    )


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_snapshots_taken_before_the_tracker_had_its_own_app():
    old = _migrate(BEFORE)
    programme = _programme(old.get_model("programme", "Programme"))
    as_at = timezone.make_aware(datetime.datetime(2013, 6, 30, 23, 59, 59))
    figures = {"champions": {}, "totals": {"las_delivered": 7}}
    old.get_model("programme", "TrackerSnapshot").objects.create(
        programme=programme, kind="quarter", occasion="Q1", as_at=as_at, taken_at=as_at, figures=figures
    )
    content_types = old.get_model("contenttypes", "ContentType").objects
    content_types.get_or_create(app_label="programme", model="trackersnapshot")

    new = _migrate(_latest())

    snapshot = new.get_model("tracker", "TrackerSnapshot").objects.get()
    assert (snapshot.programme_id, snapshot.occasion, snapshot.as_at, snapshot.figures) == (
        programme.pk,
        "Q1",
        as_at,
        figures,
    )
    assert "tracker_trackersnapshot" in connection.introspection.table_names()
    assert "programme_trackersnapshot" not in connection.introspection.table_names()
    content_types = new.get_model("contenttypes", "ContentType").objects
    assert content_types.filter(app_label="tracker", model="trackersnapshot").count() == 1
    assert not content_types.filter(app_label="programme", model="trackersnapshot").exists()


@pytest.mark.django_db(transaction=True)
def test_it_can_be_reversed_with_the_snapshots_kept():
    _migrate(_latest())
    from programme.models import Programme
    from tracker.models import TrackerSnapshot

    programme = _programme(Programme)
    now = timezone.now()
    TrackerSnapshot.objects.create(
        programme=programme, kind="week", occasion="2013-W42", as_at=now, taken_at=now, figures={}
    )

    old = _migrate(BEFORE)
    assert old.get_model("programme", "TrackerSnapshot").objects.get().occasion == "2013-W42"
    _migrate(_latest())
