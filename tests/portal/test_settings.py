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

# Errors reported to Sentry (a DSN nothing listens on: nothing is sent by a check), admins named, JSON logs.
OBSERVED_ENV = {
    "SENTRY_DSN": "http://public@127.0.0.1:9/1",
    "SENTRY_TRACES_SAMPLE_RATE": "0.1",
    "LOG_FORMAT": "json",
    "ADMINS": "Ops Team <ops@champions.example>, kim@champions.example",
    "SERVER_EMAIL": "errors@champions.example",
}


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k not in OBSERVED_ENV and k != "DJANGO_SETTINGS_MODULE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("extra", [{}, OBSERVED_ENV], ids=["plain", "sentry-json-admins"])
def test_it_passes_the_deploy_checks_with_no_warnings_in_production(extra):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, **extra})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


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
