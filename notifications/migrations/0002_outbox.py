from django.db import migrations, models


def sent_rows_keep_their_times(apps, schema_editor):
    """Rows from before the outbox were sent: they keep their key (so nothing is sent again) and time."""
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    OutboxMessage.objects.update(
        state="sent", created_at=models.F("sent_at"), next_attempt_at=models.F("sent_at"), attempts=1
    )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.RenameModel("SentMessage", "OutboxMessage"),
        migrations.AlterModelOptions(name="outboxmessage", options={"ordering": ["-created_at"]}),
        migrations.AlterField("outboxmessage", "sent_at", models.DateTimeField(null=True, blank=True)),
        migrations.AlterField("outboxmessage", "to", models.EmailField(blank=True, max_length=254)),
        migrations.AddField("outboxmessage", "template", models.CharField(blank=True, max_length=100, default=""), preserve_default=False),
        migrations.AddField("outboxmessage", "text_body", models.TextField(blank=True, default=""), preserve_default=False),
        migrations.AddField("outboxmessage", "html_body", models.TextField(blank=True, default=""), preserve_default=False),
        migrations.AddField("outboxmessage", "attachments", models.JSONField(blank=True, default=list)),
        migrations.AddField(
            "outboxmessage",
            "state",
            models.CharField(
                choices=[("pending", "Waiting to send"), ("sending", "Sending"), ("sent", "Sent"), ("failed", "Failed")],
                default="pending",
                max_length=10,
            ),
        ),
        migrations.AddField("outboxmessage", "attempts", models.PositiveIntegerField(default=0)),
        migrations.AddField("outboxmessage", "created_at", models.DateTimeField(null=True)),
        migrations.AddField("outboxmessage", "next_attempt_at", models.DateTimeField(null=True)),
        migrations.AddField("outboxmessage", "lease_expires_at", models.DateTimeField(blank=True, null=True)),
        migrations.AddField("outboxmessage", "last_attempt_at", models.DateTimeField(blank=True, null=True)),
        migrations.AddField("outboxmessage", "last_error", models.TextField(blank=True, default=""), preserve_default=False),
        migrations.AddField("outboxmessage", "server_reply", models.CharField(blank=True, max_length=500, default=""), preserve_default=False),
        migrations.RunPython(sent_rows_keep_their_times, migrations.RunPython.noop),
        migrations.AlterField("outboxmessage", "created_at", models.DateTimeField()),
        migrations.AlterField("outboxmessage", "next_attempt_at", models.DateTimeField()),
        migrations.AddIndex("outboxmessage", models.Index(fields=["state", "next_attempt_at"], name="outbox_state_due")),
    ]
