from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sample_data import services


class Command(BaseCommand):
    help = "Delete the sample activity that load_sample_activity made, and nothing else. Safe to repeat."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Sample activity is for development only: there is none to remove in production.")
        deleted = services.sample_activity_remove()
        if not deleted:
            self.stdout.write("No sample activity is loaded: nothing to remove.")
            return
        self.stdout.write("Removed the sample activity:")
        for label, n in sorted(deleted.items()):
            self.stdout.write(f"  {n:>6} {label}")
