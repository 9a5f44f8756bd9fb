"""Production refuses to start half-configured, and passes Django's deployment checks."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "a-long-random-production-secret-key-for-tests-only-0123456789abcdef",
    "ALLOWED_HOSTS": "champions.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/champions_portal",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}
# Uploads in an S3-compatible bucket (no credentials: boto3 reads them from the environment or the instance role).
BUCKET_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "champions-portal-files",
    "AWS_S3_REGION_NAME": "eu-west-2",
    "AWS_S3_ENDPOINT_URL": "https://objects.example",
}

# Errors reported to Sentry (a DSN nothing listens on: nothing is sent by a check), admins named, JSON logs.
OBSERVED_ENV = {
    "SENTRY_DSN": "http://public@127.0.0.1:9/1",
    "SENTRY_TRACES_SAMPLE_RATE": "0.1",
    "LOG_FORMAT": "json",
    "ADMINS": "Ops Team <ops@champions.example>, kim@champions.example",
    "SERVER_EMAIL": "errors@champions.example",
}


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    ours = {*PRODUCTION_ENV, *BUCKET_ENV, *OBSERVED_ENV, "DJANGO_SETTINGS_MODULE"}
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "extra",
    [{}, BUCKET_ENV, OBSERVED_ENV, {**BUCKET_ENV, **OBSERVED_ENV}],
    ids=["plain", "uploads-in-a-bucket", "sentry-json-admins", "all-of-them"],
)
def test_it_passes_the_deploy_checks_with_no_warnings_in_production(extra):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, **extra})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def _default_storage(env: dict) -> dict:
    code = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    result = _manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])  # after the shell's note of what it imported


def test_it_keeps_uploads_on_local_disk_unless_a_bucket_is_named():
    assert _default_storage(PRODUCTION_ENV) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_it_keeps_uploads_in_a_private_bucket_when_one_is_named():
    storage = _default_storage({**PRODUCTION_ENV, **BUCKET_ENV})
    options = storage["OPTIONS"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["region_name"], options["endpoint_url"]) == tuple(BUCKET_ENV.values())
    # No ACL is sent: each object is private to the bucket's owner (tests/case_studies/test_object_storage.py).
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True and options["querystring_expire"] <= 5 * 60
    assert options["file_overwrite"] is False
    assert not {"access_key", "secret_key", "custom_domain"} & set(options)


def test_it_logs_json_in_production_and_text_in_development():
    code = "import logging; logging.getLogger('champions_portal').warning('Started %s', 'here')"
    production = _manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    development = _manage("shell", "--no-imports", "-c", code, env={})

    line = json.loads(production.stderr.strip().splitlines()[-1])
    assert {key: line[key] for key in ("level", "logger", "message", "request_id")} == {
        "level": "WARNING",
        "logger": "champions_portal",
        "message": "Started here",
        "request_id": None,
    }
    assert line["time"].endswith("+00:00")
    assert development.stderr.strip().splitlines()[-1].endswith(" WARNING champions_portal [None] Started here")


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_it_refuses_to_start_in_production_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


@pytest.mark.parametrize(
    "name,value",
    [
        ("DJANGO_ENV", "staging"),
        ("DEBUG", "maybe"),
        ("INVITATION_VALID_DAYS", "seven"),
        ("LOG_FORMAT", "xml"),
        ("ADMINS", "ops"),
        ("SENTRY_TRACES_SAMPLE_RATE", "some"),
    ],
)
def test_it_fails_loudly_on_a_bad_value(name, value):
    result = _manage("check", env={name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_it_runs_for_development_with_nothing_set():
    result = _manage("check", env={})
    assert result.returncode == 0, result.stderr


def test_it_configures_celery_for_reliable_delivery():
    from champions_portal.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.broker_transport_options["visibility_timeout"] > app.conf.task_time_limit
    assert app.conf.timezone == "Europe/London"
