"""TrackerSnapshot now belongs to the tracker app (tracker.0001 takes its table and rows); forget it here
without touching the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0004_trackersnapshot"),
        ("tracker", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="TrackerSnapshot")],
            database_operations=[],
        ),
    ]
