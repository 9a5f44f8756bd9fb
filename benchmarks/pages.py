"""The key pages, each requested as the person who uses it, and what the benchmark needs from Django: the
people's sessions (signed in, second step passed) and each page's query count, measured in-process with the
test client against the same database and settings as the server.

`python -m benchmarks.pages` (run by `manage.py benchmark_pages` with benchmarks.settings) prints them as JSON.
"""

import json
import sys
import time
from dataclasses import asdict, dataclass
from importlib import import_module

ANONYMOUS = "anonymous"
PROGRAMME_STAFF, CHAMPION_STAFF, LA_OFFICER = "programme_staff", "champion_staff", "la_officer"
# Requests carry what the TLS proxy in front of production adds.
HEADERS = {"X-Forwarded-Proto": "https"}


class BenchmarkDataMissing(Exception):
    pass


@dataclass(frozen=True)
class Page:
    name: str
    role: str  # ANONYMOUS or a key of BENCHMARK_PEOPLE
    path: str


def key_pages(*, now) -> list[Page]:
    """Every key page of issue 18 as the role that uses it, on the objects generate_benchmark_data made."""
    from django.db.models import Count, F, Q
    from django.urls import reverse
    from django.utils.translation import ngettext

    from case_studies.models import CaseStudy
    from events.models import Event, Registration
    from programme.models import Programme
    from regions.models import Champion
    from tracker.management.commands.generate_benchmark_data import BENCHMARK_CHAMPION, SIZES, large_event_title

    programme = Programme.objects.order_by("starts_on").first()
    champion = Champion.objects.select_related("region").filter(slug=BENCHMARK_CHAMPION).first()
    open_event = (
        Event.objects.filter(
            status=Event.Status.PUBLISHED,
            starts_at__gt=now,
            registration_opens_at__lte=now,
            registration_closes_at__gt=now,
        )
        .annotate(confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)))
        .filter(confirmed__lt=F("capacity"))
        .order_by("starts_at", "pk")
        .first()
    )
    case_study = CaseStudy.objects.filter(status=CaseStudy.Status.PUBLISHED).order_by("pk").first()
    if not (programme and champion and open_event and case_study):
        raise BenchmarkDataMissing(
            "No benchmark data (an upcoming event open for registration, a published case study): "
            "run `manage.py generate_benchmark_data --size 1x` (or 100x) on this database."
        )
    tracker = [programme.slug]
    pages = [
        Page("national tracker", PROGRAMME_STAFF, reverse("programme:tracker", args=tracker)),
        Page(
            "champion tracker",
            PROGRAMME_STAFF,
            reverse("programme:tracker_champion", args=[programme.slug, champion.slug]),
        ),
        Page("tracker CSV", PROGRAMME_STAFF, reverse("programme:tracker_export", args=[programme.slug, "csv"])),
        Page("tracker XLSX", PROGRAMME_STAFF, reverse("programme:tracker_export", args=[programme.slug, "xlsx"])),
        Page("national coverage", PROGRAMME_STAFF, reverse("support_days:coverage")),
        Page("staff home", PROGRAMME_STAFF, reverse("accounts:home")),
        Page("champion's patch", CHAMPION_STAFF, reverse("support_days:patch")),
        Page("champion's offers", CHAMPION_STAFF, reverse("support_days:offer_list")),
        Page("champion home", CHAMPION_STAFF, reverse("accounts:home")),
    ]
    large = dict(
        Event.objects.filter(champion=champion, title__startswith="Benchmark event with ").values_list("title", "pk")
    )
    for size in sorted({n for preset in SIZES.values() for n in preset["large_events"]}):
        if pk := large.get(large_event_title(size)):
            name = f"registrations list, {size:,} {ngettext('person', 'people', size)}"
            pages.append(Page(name, CHAMPION_STAFF, reverse("events:registration_list", args=[pk])))
    return [
        *pages,
        Page("LA officer home", LA_OFFICER, reverse("accounts:home")),
        Page("event finder", ANONYMOUS, reverse("events:event_list")),
        Page("event page", ANONYMOUS, reverse("events:event_detail", args=[open_event.pk])),
        Page("registration form (GET)", ANONYMOUS, reverse("events:registration_create", args=[open_event.pk])),
        Page("case study library", ANONYMOUS, reverse("case_studies:library")),
        Page("case study page", ANONYMOUS, reverse("case_studies:case_study_detail", args=[case_study.pk])),
        Page("region page", ANONYMOUS, reverse("regions:region_detail", args=[champion.region.slug])),
        Page("champion page", ANONYMOUS, reverse("regions:champion_detail", args=[champion.slug])),
    ]


def session_keys() -> dict[str, str]:
    """{role: session key} for each benchmark person, signed in and (staff) past the second step, as if they
    had just entered a code from their authenticator app: a session made directly, not through the forms."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from accounts.sessions import session_touch
    from accounts.two_factor import second_factor_needed
    from tracker.management.commands.generate_benchmark_data import BENCHMARK_PEOPLE

    keys = {}
    for role, (email, _, _) in BENCHMARK_PEOPLE.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            raise BenchmarkDataMissing(f"No {email}: run `manage.py generate_benchmark_data` on this database.")
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        if second_factor_needed(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            device = device or TOTPDevice.objects.create(user=user, name="Benchmark", confirmed=True)
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        if user.has_session_limits:
            session_touch(session, time.time(), force=True)
        session.create()
        keys[role] = session.session_key
    return keys


def in_process(page: Page, session_key: str | None) -> dict:
    """The page's status, size and number of queries, from the test client: a first request warms the
    process (as a server's would be); the second is counted with every cache of figures and public pages
    emptied (champions_portal/public_cache.py), as the first view after a change is; the third is counted as
    served from those caches. Streamed content is read in full."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from champions_portal import public_cache

    client = Client(headers=HEADERS)
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    client.get(page.path)
    counted = []
    for afresh in (True, False):
        if session_key:
            _session_refresh(session_key)
        if afresh:
            public_cache.changed(*public_cache.TOPICS)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        counted.append(len(queries))
    built, cached = counted
    return {"status": response.status_code, "bytes": len(body), "queries": built, "cached_queries": cached}


def _session_refresh(session_key: str) -> None:
    """Record the person's activity now, so that the counted request does not also save their session: staff
    sessions are written at most every 15 seconds (accounts/sessions.py), after a slow warm-up request too."""
    from django.conf import settings

    from accounts.sessions import session_touch

    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    session_touch(session, time.time(), force=True)
    session.save()


def cache_clear() -> None:
    """Forget this database's cached pages (its own key prefix only), so that the first request of the run
    builds each page from the data as it is now."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    default = caches["default"]
    if isinstance(default, RedisCache):
        client = default._cache.get_client(write=True)
        if keys := list(client.scan_iter(default.make_key("*"))):
            client.delete(*keys)
    else:
        default.clear()


def prepare() -> dict:
    """What the HTTP side needs: the pages, the sessions, and each page's in-process measurements."""
    from django.conf import settings
    from django.utils import timezone

    from benchmarks.urls import MINIMAL_PATH

    cache_clear()
    keys = session_keys()
    minimal = Page("minimal view", ANONYMOUS, MINIMAL_PATH)
    pages = [minimal, *key_pages(now=timezone.now())]
    return {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "sessions": keys,
        "pages": [_shown(asdict(page), in_process(page, keys.get(page.role))) for page in pages],
    }


def _shown(page: dict, measured: dict) -> dict:
    """A page's row: its queries as "built (from the cache)" where the cache saves some, else one number."""
    built, cached = measured.pop("queries"), measured.pop("cached_queries")
    return {**page, **measured, "queries": built if cached == built else f"{built} ({cached})"}


def main() -> int:
    import django

    django.setup()
    try:
        result = prepare()
    except BenchmarkDataMissing as error:
        print(error, file=sys.stderr)
        return 2
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
