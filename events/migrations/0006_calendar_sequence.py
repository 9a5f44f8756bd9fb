from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_networks_and_speaker_requests"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="calendar_sequence",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]
