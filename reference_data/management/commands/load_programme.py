from django.core.management.base import BaseCommand

from reference_data.services import REFERENCE_DATA_DIR, programme_load


class Command(BaseCommand):
    help = "Load the real 2013-14 programme data (regions, LAs, champions, themes, CDF elements...). Re-runnable."

    def handle(self, *args, **options):
        counts = programme_load(directory=REFERENCE_DATA_DIR)
        if not counts:
            self.stdout.write("Reference data already up to date: nothing changed.")
        for what, n in sorted(counts.items()):
            self.stdout.write(f"{n} {what}")
