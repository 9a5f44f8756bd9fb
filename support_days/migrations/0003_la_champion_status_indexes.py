from django.db import migrations, models


class Migration(migrations.Migration):
    """Indexes for choosing each LA's best support day in the database (support_days/coverage.py) and for the
    days waiting for a champion (SupportDayQuerySet.waiting_for)."""

    dependencies = [
        ("support_days", "0002_calendar_sequence"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="supportday",
            index=models.Index(
                fields=["local_authority", "champion", "status", "date"], name="support_day_la_champ_status"
            ),
        ),
        migrations.AddIndex(
            model_name="supportday",
            index=models.Index(fields=["champion", "status", "date"], name="support_day_champ_status"),
        ),
    ]
