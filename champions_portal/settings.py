"""Settings for the Champions Portal, driven by environment variables.

With nothing set the site runs for development: SQLite, console email, Celery tasks run
in-process. DJANGO_ENV=production refuses to start without a secret key, allowed hosts,
a database URL and a broker URL.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from champions_portal.env import (
    env_addresses,
    env_bool,
    env_choice,
    env_datetime,
    env_float,
    env_int,
    env_list,
    env_str,
)
from champions_portal.error_reporting import sentry_init
from champions_portal.log_format import TEXT_FORMAT

BASE_DIR = Path(__file__).resolve().parent.parent

DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development or production, not {DJANGO_ENV!r}.")
PRODUCTION = DJANGO_ENV == "production"

SECRET_KEY = env_str("SECRET_KEY", required=PRODUCTION) or "django-insecure-development-only-key"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"], required=PRODUCTION)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, found by FORM_RENDERER below
    "crispy_forms",
    "crispy_forms_gds",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "audit",
    "regions",
    "programme",
    "notifications",
    "events",
    "support_days",
    "case_studies",
    "self_evaluation",
    "reference_data",
    "tracker",
    "homes",
    "sample_data",
]

MIDDLEWARE = [
    # First, so that its line times the whole response and every line after it carries the request id.
    "champions_portal.request_logging.RequestLoggingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "champions_portal.permissions_policy.permissions_policy_middleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "champions_portal.malformed_requests.MalformedRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.SecondFactorMiddleware",
    "accounts.sessions.staff_session_limits_middleware",
    "audit.context.audit_actor_middleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "champions_portal.urls"
WSGI_APPLICATION = "champions_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.session_limits",
                "sample_data.context_processors.sample_data",
            ],
            # GOV.UK dates and times ("7 April 2013", "10am") in every template, with no {% load %}.
            "builtins": ["champions_portal.templatetags.govuk_dates", "champions_portal.templatetags.programme_team"],
            "libraries": {
                "pagination": "champions_portal.templatetags.pagination",
                "service_navigation": "champions_portal.templatetags.service_navigation",
            },
        },
    },
]

# Widgets are rendered by the site's own template engine, so templates/ can override Django's and crispy-forms-gds's
# widget templates; the select is written in Python (champions_portal/form_renderer.py: see there).
FORM_RENDERER = "champions_portal.form_renderer.FormRenderer"

# --- Data -------------------------------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL", required=PRODUCTION)
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", required=PRODUCTION)
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# Uploads (case-study attachments, library resources) go through Django's storage API: on this machine's disk
# under MEDIA_ROOT, or, when AWS_STORAGE_BUCKET_NAME is set, in an S3-compatible bucket that every web machine and
# worker shares. Either way nobody is given a storage URL: the download views check who may see a file and stream it.
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "region_name": env_str("AWS_S3_REGION_NAME"),
            # Another S3-compatible service (MinIO, Ceph...); empty for AWS itself.
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL"),
            # Credentials are not settings: django-storages and boto3 read AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
            # from the environment, or else use the machine's instance role.
            # No ACL is sent, so each object is private to the bucket's owner. A "private" canned ACL would do the same
            # but is refused by buckets with ACLs disabled (S3's default since 2023); public-read is never wanted.
            "default_acl": None,
            # Should a URL ever be made (nothing here makes one), it is signed and lasts a minute.
            "querystring_auth": True,
            "querystring_expire": 60,
            # Names are random (case_studies.models._upload_to); even so, never replace a stored file.
            "file_overwrite": False,
            # A download is read from the bucket into a temporary file, which is streamed to the person: kept in
            # memory up to this size, on local disk beyond it, so a slow download of a large file holds no memory
            # (measured for 10 MB: 0.2 MB held while streaming, against 11.7 MB all in memory).
            "max_memory_size": 2 * 1024 * 1024,
        },
    }

# --- Accounts ---------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# Failed sign-ins allowed per account (or, where no account has the address, per address typed) from
# one client address within the window, before we ask people to wait. Per client address too, so
# nobody can lock someone else out by guessing from elsewhere.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
# Public forms: how often one client address, and one target, may use them within the window;
# beyond that the page answers 429 (champions_portal/ratelimit.py).
SIGN_IN_FAILURES_PER_CLIENT = env_int("SIGN_IN_FAILURES_PER_CLIENT", 30)
PASSWORD_RESETS_PER_CLIENT = env_int("PASSWORD_RESETS_PER_CLIENT", 10)
PASSWORD_RESETS_PER_EMAIL = env_int("PASSWORD_RESETS_PER_EMAIL", 3)
REGISTRATIONS_PER_CLIENT = env_int("REGISTRATIONS_PER_CLIENT", 60)
REGISTRATIONS_PER_EMAIL = env_int("REGISTRATIONS_PER_EMAIL", 10)
ACCOUNT_REQUESTS_PER_CLIENT = env_int("ACCOUNT_REQUESTS_PER_CLIENT", 10)
ACCOUNT_REQUESTS_PER_EMAIL = env_int("ACCOUNT_REQUESTS_PER_EMAIL", 3)
RATE_LIMIT_WINDOW_SECONDS = env_int("RATE_LIMIT_WINDOW_SECONDS", 60 * 60)
# Programme and champion staff see health data: their sessions end after this long without a request,
# and this long after signing in, whatever they do; a page warns them this long before the first.
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_SECONDS", 30 * 60)
STAFF_SESSION_MAX_SECONDS = env_int("STAFF_SESSION_MAX_SECONDS", 12 * 60 * 60)
STAFF_SESSION_WARNING_SECONDS = env_int("STAFF_SESSION_WARNING_SECONDS", 2 * 60)
# Two-factor sign-in (accounts/two_factor.py) for programme and champion staff and the admin. Only the
# tests turn it off, for the tests that are not about it.
SECOND_FACTOR_REQUIRED = True
OTP_TOTP_ISSUER = "Champions Portal"
# The audit log keeps each entry this long.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 2 * 365)

# --- Email ------------------------------------------------------------------------------------

# Mott MacDonald's programme team: the first contact for anyone unsure whom to ask (seed 000).
PROGRAMME_TEAM_EMAIL = env_str("PROGRAMME_TEAM_EMAIL", "pathfinder@mottmac.com")
PROGRAMME_TEAM_PHONE = env_str("PROGRAMME_TEAM_PHONE", "020 7651 0308")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Champions Portal <no-reply@champions-portal.example>")
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    # Django's SMTP backend, keeping the server's reply to each message for the outbox.
    EMAIL_BACKEND = "notifications.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Seconds an SMTP connection may wait for the server before the attempt fails and is tried again later.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# The domain in each message's stable Message-ID (from its outbox key).
EMAIL_MESSAGE_ID_DOMAIN = env_str("EMAIL_MESSAGE_ID_DOMAIN", "champions-portal.example")
# Transient failures (server down, timeouts, 4xx replies, database errors) are tried again with backoff,
# from OUTBOX_RETRY_FIRST_SECONDS doubling to an hour, for this many hours before a message is marked failed.
EMAIL_RETRY_HOURS = env_int("EMAIL_RETRY_HOURS", 48)
OUTBOX_RETRY_FIRST_SECONDS = env_int("OUTBOX_RETRY_FIRST_SECONDS", 30)
# A worker claims this many messages at a time, each for this long; a claim left by a worker that
# died is taken again when its lease runs out.
OUTBOX_BATCH_SIZE = env_int("OUTBOX_BATCH_SIZE", 20)
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 5 * 60)
# How long a worker keeps trying to record a sent message while the database is unreachable.
OUTBOX_RECORD_RETRY_SECONDS = env_int("OUTBOX_RECORD_RETRY_SECONDS", 60)
# Addresses, subjects and bodies of sent messages are cleared this many days after sending.
EMAIL_RETENTION_DAYS = env_int("EMAIL_RETENTION_DAYS", 30)
# The minute sweeper stops starting new batches after this long (the next run goes on).
OUTBOX_SWEEP_SECONDS = env_int("OUTBOX_SWEEP_SECONDS", 50)

# --- Background work --------------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL
# With no broker (a first run on a laptop) tasks run in-process, so every journey still works.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
# Redis re-delivers an unacknowledged task after this; it must outlast the longest task.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/London"
# Beat sends a heartbeat task this often, and a worker records when it ran it (notifications/heartbeat.py), so
# that /healthz/background can tell a monitor when beat or the workers have stopped. It answers "failing" when
# beat has sent none for HEARTBEAT_SECONDS + HEALTH_BEAT_MARGIN_SECONDS; when beat has sent one that no worker has
# run and no worker has run one for HEALTH_WORKER_SECONDS; and when an email has waited in the outbox for
# HEALTH_OUTBOX_SECONDS.
HEARTBEAT_SECONDS = env_int("HEARTBEAT_SECONDS", 60, minimum=1)
HEALTH_BEAT_MARGIN_SECONDS = env_int("HEALTH_BEAT_MARGIN_SECONDS", 60, minimum=1)
HEALTH_WORKER_SECONDS = env_int("HEALTH_WORKER_SECONDS", 3 * 60, minimum=1)
HEALTH_OUTBOX_SECONDS = env_int("HEALTH_OUTBOX_SECONDS", 15 * 60, minimum=1)
# The one place periodic jobs are scheduled; each entry names a task that is safe to run twice.
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "notifications.tasks.heartbeat_ran_record_task",
        "schedule": HEARTBEAT_SECONDS,
        # One that waited longer than a worker may is dropped: the check says "failing" by then anyway, and a
        # worker back after a long stop need not run a backlog of them.
        "options": {"expires": HEALTH_WORKER_SECONDS},
    },
    "outbox-sweep": {
        "task": "notifications.tasks.outbox_send_due_task",
        "schedule": crontab(),
    },
    "outbox-erase": {
        "task": "notifications.tasks.outbox_sent_erase_task",
        "schedule": crontab(hour=3, minute=30),
    },
    "sessions-clear": {
        "task": "accounts.tasks.sessions_clear_task",
        "schedule": crontab(hour=4, minute=0),
    },
    "event-reminders": {
        "task": "events.tasks.registration_reminders_send_task",
        "schedule": crontab(minute="*/15"),
    },
    "support-day-reminders": {
        "task": "support_days.tasks.support_day_reminders_send_task",
        "schedule": crontab(minute="*/15"),
    },
    "case-study-deadlines": {
        "task": "case_studies.tasks.case_study_deadline_notices_send_task",
        "schedule": crontab(minute=5),
    },
    "tracker-quarter-snapshots": {
        "task": "tracker.tasks.tracker_quarter_snapshots_take_task",
        # Hourly, so that a quarter whose snapshot failed is taken at the next tick (each quarter once).
        "schedule": crontab(minute=30),
    },
    "tracker-weekly-digest": {
        "task": "tracker.tasks.tracker_digest_send_task",
        # Due from Monday 08:00; hourly so that a missed Monday run is made good at the next tick, once.
        "schedule": crontab(minute=0),
    },
    "self-evaluation-deadlines": {
        "task": "self_evaluation.tasks.returns_window_notices_send_task",
        "schedule": crontab(minute=20),
    },
    "audit-purge": {
        "task": "audit.tasks.audit_entries_purge_task",
        "schedule": crontab(hour=3, minute=40),
    },
    "event-needs-erasure": {
        "task": "events.tasks.registration_needs_erase_task",
        "schedule": crontab(hour=3, minute=0),
    },
    "registration-personal-data-erasure": {
        "task": "events.tasks.registration_personal_data_erase_task",
        "schedule": crontab(hour=3, minute=10),
    },
}
# Registrants' access and dietary needs are erased this many days after their event ends.
EVENT_NEEDS_RETENTION_DAYS = env_int("EVENT_NEEDS_RETENTION_DAYS", 90)
# Registrants' names, email addresses and organisations are erased this many days after the end of
# the programme year their event fell in (the privacy notice says 12 months).
REGISTRATION_RETENTION_DAYS = env_int("REGISTRATION_RETENTION_DAYS", 365)
# LA officers may reschedule or cancel a booked support day up to this many working days before it.
SUPPORT_DAY_CHANGE_CUTOFF_WORKING_DAYS = env_int("SUPPORT_DAY_CHANGE_CUTOFF_WORKING_DAYS", 2)
# A quarter's case studies are due this many days after it ends, unless programme staff set a date.
CASE_STUDY_DEADLINE_DAYS = env_int("CASE_STUDY_DEADLINE_DAYS", 14)
# Self-evaluation reports show a figure (a region's or England's) only where at least this many areas
# contributed, so that no single LA's answers can be picked out.
SELF_EVALUATION_MIN_AREAS = env_int("SELF_EVALUATION_MIN_AREAS", 5)
# Largest attachment accepted on a case study or resource.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)

# --- Locale -----------------------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["champions_portal.formats"]
# Our en_GB translations make times read "2:30pm" (locale/en_GB/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
# The portal's "as at" moment (champions_portal/clock.py): the delivery tracker, the homes and the programme
# and quarter pages show the programme as it stood then. For a development site showing the sample year
# (`make run` sets it); empty: the real time. Refused in production, where every figure must be today's.
SITE_AS_AT = env_datetime("SITE_AS_AT", time_zone=TIME_ZONE)
if PRODUCTION and SITE_AS_AT:
    raise ImproperlyConfigured("SITE_AS_AT is only for development sites showing sample data: unset it in production.")
# Pages look for loaded sample data (one query on a one-row table) to label themselves with a banner. Never in
# production, where sample data cannot be loaded; tests/settings.py turns it off too, so query counts are the page's.
SAMPLE_DATA_BANNER = not PRODUCTION

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Security ---------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp), enforced: everything from this site alone, no inline script or
# style (JavaScript is a file in static/js/, styling is a class in the stylesheet), and no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The load balancer's and the monitor's checks may ask over plain HTTP, from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^healthz/background$"]
    if env_bool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# How many proxies in front of the site add to X-Forwarded-For: the client's address for rate limits is
# the one the outermost of them saw. 0: REMOTE_ADDR (no proxy). Production behind a TLS proxy: 1.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if PRODUCTION and env_bool("BEHIND_TLS_PROXY", True) else 0)

# --- Logging and error reporting ------------------------------------------------------------------

# Emailed every web 500 and failed task when SENTRY_DSN is not set: "Ops Team <ops@example.com>, a@example.com".
ADMINS = env_addresses("ADMINS")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[Champions Portal] "
# Those emails leave out what people typed, their cookies and headers, tokens in addresses and secret settings.
DEFAULT_EXCEPTION_REPORTER = "champions_portal.error_emails.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "champions_portal.error_emails.PrivateReporterFilter"
# Errors in requests and tasks go to Sentry instead, with nothing personal (champions_portal/error_reporting.py).
SENTRY_DSN = env_str("SENTRY_DSN")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", DJANGO_ENV)
SENTRY_RELEASE = env_str("SENTRY_RELEASE")
# Performance tracing (a share of requests and tasks, 0 to 1): off unless set.
SENTRY_TRACES_SAMPLE_RATE = env_float("SENTRY_TRACES_SAMPLE_RATE")
if SENTRY_DSN:
    sentry_init(
        dsn=SENTRY_DSN,
        environment=SENTRY_ENVIRONMENT,
        release=SENTRY_RELEASE,
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
    )
# One line per request and per task (champions_portal/request_logging.py, task_logging.py), every line with its
# request id; JSON, one object a line, in production. Never personal data: DEVELOPERS.md, "Logs and error reports".
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOG_FORMAT = env_choice("LOG_FORMAT", ("json", "text"), "json" if PRODUCTION else "text")
_ERROR_EMAILS = [] if SENTRY_DSN else ["mail_admins"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "champions_portal.log_format.RequestContextFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {"()": "champions_portal.log_format.JsonFormatter"},
        "text": {"format": TEXT_FORMAT},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_context"]},
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "request_context"],
        },
    },
    "loggers": {
        # Django's 500s (django.request) and its other errors, emailed as Django does by default.
        "django": {"handlers": _ERROR_EMAILS, "level": "INFO"},
        # Their lines name the path, which may hold a token: redacted here, before Sentry's breadcrumbs see them.
        "django.request": {"filters": ["request_context"]},
        "django.security.csrf": {"filters": ["request_context"]},
        # Its DEBUG lines are SQL with its parameters, which are personal data: never, whatever LOG_LEVEL says.
        "django.db.backends": {"level": "INFO"},
        "champions_portal.task": {"handlers": _ERROR_EMAILS},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "accounts.permissions.RoleBackend",
]
