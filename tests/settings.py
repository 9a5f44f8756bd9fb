"""Test settings: the real settings with fast hashing and plain static files.

The database and Redis come from DATABASE_URL and REDIS_URL, as in production; `make test` points
them at the PostgreSQL and Redis on 127.0.0.1.
"""

import os

from champions_portal.settings import *  # noqa: F403
from champions_portal.settings import CACHES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Uploads on local disk (tests point MEDIA_ROOT at a temporary folder) whatever the environment names; the tests of
# the bucket (tests/case_studies/test_object_storage.py) point STORAGES at a local S3 server themselves.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in-process in tests; tests that need the broker talk to Redis directly.
CELERY_TASK_ALWAYS_EAGER = True
SITE_URL = "http://testserver"
# Under pytest-xdist the workers share one Redis database: each keeps its cache keys under its own
# prefix ("gw0", "gw1"), and tests/conftest.py clears only its own.
CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": os.environ.get("PYTEST_XDIST_WORKER", "")}}
# Many tests keep one signed-in client while they move the clock by days; the staff session limits
# have tests of their own (tests/accounts/test_session_limits.py), which put the real values back.
STAFF_SESSION_IDLE_SECONDS = STAFF_SESSION_MAX_SECONDS = 10 * 365 * 24 * 60 * 60  # noqa: F405
# The real clock (or time-machine's) whatever the environment says; tests of the as-at clock set it themselves.
SITE_AS_AT = None
# The sample-data banner's query (one per page) is left out of every test's query count; tests/sample_data turn it on.
SAMPLE_DATA_BANNER = False
# Two-factor sign-in has tests of its own (tests/accounts/test_two_factor.py), which turn it on.
SECOND_FACTOR_REQUIRED = False
