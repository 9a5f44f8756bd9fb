import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    """Group registrations (issue 16): one address may hold places for several people, one per name."""

    dependencies = [
        ("events", "0002_registration_personal_data_erasure"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="booked_by_name",
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.AddField(
            model_name="registration",
            name="group_token",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.RemoveConstraint(
            model_name="registration",
            name="registration_one_active_per_email",
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.UniqueConstraint(
                models.F("event"),
                django.db.models.functions.text.Lower("email"),
                condition=models.Q(
                    models.Q(("status", "cancelled"), _negated=True),
                    models.Q(("email", ""), _negated=True),
                    ("booked_by_name", ""),
                ),
                name="registration_one_self_booking_per_email",
            ),
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.UniqueConstraint(
                models.F("event"),
                django.db.models.functions.text.Lower("email"),
                django.db.models.functions.text.Lower("name"),
                condition=models.Q(
                    models.Q(("status", "cancelled"), _negated=True), models.Q(("email", ""), _negated=True)
                ),
                name="registration_one_active_per_person",
            ),
        ),
    ]
