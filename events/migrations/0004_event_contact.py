import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_registration_groups"),
        ("regions", "0003_champion_contact"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="contact",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="events",
                to="regions.championcontact",
            ),
        ),
    ]
