"""Settings for the page benchmark's server: the real production settings (DEBUG off, WhiteNoise, cached
templates, PostgreSQL, Redis), plus the minimal view (benchmarks/urls.py).

Only `manage.py benchmark_pages` uses them, for gunicorn and for the in-process query counts, with
DATABASE_URL and REDIS_URL set. They refuse to load where DJANGO_ENV=production is already set: a real site
never serves the benchmark's URLs or signs anyone in with its fixed secret key.
"""

import os

from django.core.exceptions import ImproperlyConfigured

if os.environ.get("DJANGO_ENV") == "production":
    raise ImproperlyConfigured("benchmarks.settings is for the page benchmark only, never for a production site.")
for name in ("DATABASE_URL", "REDIS_URL"):
    if not os.environ.get(name):
        raise ImproperlyConfigured(f"Set {name} for the benchmark (manage.py benchmark_pages sets it).")
os.environ["DJANGO_ENV"] = "production"
os.environ["SECRET_KEY"] = "benchmark-only-" + "x" * 50
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
os.environ.setdefault("LOG_LEVEL", "WARNING")

from champions_portal.settings import *  # noqa: E402, F403
from champions_portal.settings import CACHES, DATABASES  # noqa: E402

ROOT_URLCONF = "benchmarks.urls"
# Each database's pages are cached (if at all) under their own keys: 1x never serves 100x's pages.
CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": f"benchmark-{DATABASES['default']['NAME']}"}}
