from django.db import migrations, models


class Migration(migrations.Migration):
    """An index for the organisers' registrations list: one status of one event, a page at a time in order."""

    dependencies = [
        ("events", "0006_calendar_sequence"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="registration",
            index=models.Index(fields=["event", "status", "id"], name="registration_event_status"),
        ),
    ]
