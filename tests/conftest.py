"""The people every test module can use, and the reference data they belong to."""

import gc
import importlib.util
import os

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from accounts.models import Role, User
from programme.models import Programme, Quarter, Theme
from reference_data.services import programme_load
from regions.models import Champion, LocalAuthority, Pathfinder, Region
from self_evaluation.models import Element
from tests.session_rows import session_rows_keep, session_rows_put_back_after_transactional_tests

PASSWORD = "correct-horse-battery-staple"


def pytest_configure(config):
    """Collect garbage less often: a test allocates many short-lived objects (models, templates, responses) and
    the default thresholds ran a collection every 700 of them. Objects made before any test (modules, settings, URL
    patterns) are frozen out of every collection. Measured on tests/events and tests/support_days (869 tests, one
    process, run alternately twice): 41 and 44 s of CPU before, 35 and 36 s after."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def pytest_sessionstart(session):
    """`make test` sets REQUIRE_SERVICES: then no test may quietly fall back to SQLite or skip Redis."""
    if os.environ.get("REQUIRE_SERVICES") != "1":
        return
    import redis

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.exit("REQUIRE_SERVICES=1 but DATABASE_URL is not PostgreSQL", returncode=3)
    try:
        redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=3).ping()
    except Exception as error:
        pytest.exit(f"REQUIRE_SERVICES=1 but Redis at REDIS_URL is unreachable: {error}", returncode=3)


def pytest_collection_modifyitems(config, items):
    """Mark tests that need PostgreSQL, Redis or the local S3 server; skip them only when services are not required."""
    required = os.environ.get("REQUIRE_SERVICES") == "1"
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    has_moto = importlib.util.find_spec("moto") is not None
    for item in items:
        if "s3" in item.keywords and not has_moto:
            if required:
                raise pytest.UsageError(f"{item.nodeid} needs moto's S3 server (pip install -r requirements-dev.txt)")
            item.add_marker(pytest.mark.skip(reason="needs moto (requirements-dev.txt)"))
        if "postgres" in item.keywords and not on_postgres:
            if required:
                raise pytest.UsageError(f"{item.nodeid} needs PostgreSQL")
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))
        if "redis" in item.keywords and not settings.REDIS_URL:
            if required:
                raise pytest.UsageError(f"{item.nodeid} needs Redis")
            item.add_marker(pytest.mark.skip(reason="needs Redis (set REDIS_URL)"))


def _cache_clear() -> None:
    """Empty this test process's cache. On Redis, only its own keys: xdist workers share the database."""
    default = caches["default"]  # `cache` is a proxy, not the backend itself
    if isinstance(default, RedisCache):
        client = default._cache.get_client(write=True)
        keys = list(client.scan_iter(default.make_key("*"), count=1000))  # one round trip, not one per 10 keys
        if keys:
            client.delete(*keys)
    else:
        default.clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    _cache_clear()
    yield
    _cache_clear()


def _ensure_reference_data() -> None:
    """Load the real programme data unless it is there. It is loaded once per session (below) and
    stays: each `db` test rolls back, and a transactional test's flush puts it back (on PostgreSQL)."""
    if not Programme.objects.exists():
        programme_load()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the reference data loaded once for the whole session, and kept to be put back
    after each transactional test (tests/session_rows.py)."""
    with django_db_blocker.unblock():
        programme_load()
        session_rows_keep()
    session_rows_put_back_after_transactional_tests()


@pytest.fixture
def reference_data(db):
    """The real programme data from reference_data/*.csv (loaded once per session, see above)."""
    _ensure_reference_data()


@pytest.fixture
def committed_reference_data(transactional_db):
    """The real programme data, committed, for tests with real transactions or a live server. Their
    flush at the end puts back the session's rows on PostgreSQL; elsewhere it empties the database, and
    the next such test loads the data again."""
    _ensure_reference_data()


@pytest.fixture
def empty_database(db):
    """No reference data, for the few tests that load it themselves or need a database without it.
    Deleted inside the test's transaction, so it is back for the next test."""
    for model in (Element, Quarter, Programme, Theme, LocalAuthority, Champion, Pathfinder, Region):
        model.objects.all().delete()


# The shared people: (email, role, the slug of their champion or LA).
SHARED_PEOPLE = {
    "programme_staff": ("pat@dfe.example", Role.PROGRAMME_STAFF, None),
    # Staff of the North West champion (Greater Manchester Group).
    "champion_staff": ("chris@gm.example", Role.CHAMPION_STAFF, "greater-manchester-group"),
    # Staff of the North East champion (Hartlepool).
    "other_champion_staff": ("harper@hartlepool.example", Role.CHAMPION_STAFF, "hartlepool"),
    # An officer of Bolton, a non-pathfinder LA in the North West.
    "la_officer": ("lee@bolton.example", Role.LA_OFFICER, "bolton"),
    # An officer of Sunderland, a non-pathfinder LA in the North East.
    "other_la_officer": ("sam@sunderland.example", Role.LA_OFFICER, "sunderland"),
}


def make_person(name: str) -> User:
    """One of the shared people, created (for the fixtures below, or a module-scoped world)."""
    email, role, organisation = SHARED_PEOPLE[name]
    fields = {}
    if role == Role.CHAMPION_STAFF:
        fields["champion"] = Champion.objects.get(slug=organisation)
    elif role == Role.LA_OFFICER:
        fields["local_authority"] = LocalAuthority.objects.get(slug=organisation)
    return User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0].title(), role=role, **fields)


@pytest.fixture
def programme_staff(reference_data) -> User:
    return make_person("programme_staff")


@pytest.fixture
def champion_staff(reference_data) -> User:
    """Staff of the North West champion (Greater Manchester Group)."""
    return make_person("champion_staff")


@pytest.fixture
def other_champion_staff(reference_data) -> User:
    """Staff of the North East champion (Hartlepool)."""
    return make_person("other_champion_staff")


@pytest.fixture
def la_officer(reference_data) -> User:
    """An officer of Bolton, a non-pathfinder LA in the North West."""
    return make_person("la_officer")


@pytest.fixture
def other_la_officer(reference_data) -> User:
    """An officer of Sunderland, a non-pathfinder LA in the North East."""
    return make_person("other_la_officer")


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> the test client, signed in as that user."""

    def sign_in(user: User):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def query_count():
    """query_count(fn) -> how many database queries fn() ran."""
    from django.test.utils import CaptureQueriesContext

    def count(fn) -> int:
        with CaptureQueriesContext(connection) as captured:
            fn()
        return len(captured.captured_queries)

    return count
