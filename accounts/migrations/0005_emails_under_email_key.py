"""Store every account's and invitation's address under email_key (NFKC, case folded), the form
sign-in, password reset and invitations now match on. Addresses were stored lower-cased before, so
for plain ASCII addresses nothing changes."""

import unicodedata

from django.db import migrations


def _email_key(value: str) -> str:  # a copy: migrations must not import code that may change
    return unicodedata.normalize("NFKC", value).casefold().strip()


def forwards(apps, schema_editor):
    for model_name in ("User", "Invitation"):
        model = apps.get_model("accounts", model_name)
        for pk, email in model.objects.values_list("pk", "email").iterator():
            if _email_key(email) != email:
                model.objects.filter(pk=pk).update(email=_email_key(email))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_user_wants_weekly_digest")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
