from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("support_days", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="supportday",
            name="calendar_sequence",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]
