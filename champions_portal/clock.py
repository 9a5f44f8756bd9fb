"""The portal's clock: the moment the pages that show the programme "in progress" take as now.

`SITE_AS_AT` (a setting, development only) fixes it, so that a site loaded with the sample year shows the
delivery tracker, each person's home, and the programme and quarter pages as they stood on that day; unset,
it is the real time. Only those pages read it: everything that changes something (registering, booking,
submitting) and every periodic job keeps the real time, so nothing is recorded or sent at a made-up moment.
"""

import datetime

from django.conf import settings
from django.utils import timezone


def now() -> datetime.datetime:
    """`SITE_AS_AT` when it is set, else the real time."""
    return settings.SITE_AS_AT or timezone.now()


def today() -> datetime.date:
    """The date of `now()`, in London."""
    return timezone.localdate(now())
