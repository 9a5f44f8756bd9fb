from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from events.attendance import attendance_counts_rebuild


class Command(BaseCommand):
    help = (
        "Recount every event's attendance per partner type (EventAttendance, which the delivery tracker reads) "
        "from its registrations, in one transaction. Safe to run at any time and to repeat."
    )

    def handle(self, *args, **options):
        n = attendance_counts_rebuild()
        self.stdout.write(f"Recounted the attendance of {n:,} {ngettext('event', 'events', n)}.")
