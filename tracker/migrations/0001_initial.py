"""TrackerSnapshot moves here from programme (programme.0005 forgets it). Its rows stay: the table is
taken over as it is, then renamed, and its content type follows it so permissions and admin history stay."""

import django.db.models.deletion
from django.db import migrations, models


def _move_content_type(app_label_from: str, app_label_to: str):
    def move(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType").objects
        if not content_types.filter(app_label=app_label_to, model="trackersnapshot").exists():
            content_types.filter(app_label=app_label_from, model="trackersnapshot").update(app_label=app_label_to)

    return move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("programme", "0004_trackersnapshot"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TrackerSnapshot",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("quarter", "Quarter end"), ("week", "Weekly")], max_length=10)),
                        ("occasion", models.CharField(max_length=20)),
                        ("as_at", models.DateTimeField()),
                        ("taken_at", models.DateTimeField()),
                        ("figures", models.JSONField()),
                        (
                            "programme",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="snapshots",
                                to="programme.programme",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["as_at"],
                        "db_table": "programme_trackersnapshot",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("programme", "kind", "occasion"), name="snapshot_once_per_occasion"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="trackersnapshot", table=None),
        migrations.RunPython(
            _move_content_type("programme", "tracker"), _move_content_type("tracker", "programme"), elidable=True
        ),
    ]
