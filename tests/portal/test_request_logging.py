"""One log line per request and per task, tied together by the request id, in JSON in production, and never
with personal data (champions_portal/request_logging.py, task_logging.py, log_format.py)."""

import json
import logging
import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from champions_portal.log_format import TEXT_FORMAT, JsonFormatter, RequestContextFilter
from champions_portal.request_logging import request_id
from events.models import PartnerType, Registration
from notifications.tasks import outbox_message_send_task, outbox_send_due_task
from regions.models import LocalAuthority
from tests.conftest import PASSWORD, make_person
from tests.events.factories import make_event, make_registration

NEW_ID = re.compile(r"[0-9a-f]{32}")
SEND_TASK = "notifications.tasks.outbox_message_send_task"
NEW_PASSWORD = "a-fresh-long-passphrase-2013"
WRONG_PASSWORD = "not-my-password-at-all-99"


def _lines(caplog, logger: str) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == logger]


def _sent(caplog) -> list[logging.LogRecord]:
    return [line for line in _lines(caplog, "champions_portal.task") if line.task_name == SEND_TASK]


def _json(record: logging.LogRecord) -> dict:
    RequestContextFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


@pytest.fixture
def answers(reference_data) -> dict:
    return {
        "name": "Alex Parent",
        "email": "Alex.Parent@Example.com",
        "organisation": "Bolton Parent Carer Forum",
        "partner_type": PartnerType.PARENT_CARER_FORUM,
        "local_authority": str(LocalAuthority.objects.get(slug="bolton").pk),
        "access_needs": "wheelchair access and a hearing loop",
        "dietary_needs": "no nuts, please",
        "privacy": "on",
    }


@pytest.fixture
def everything_logged():
    """everything_logged() -> every record logged so far, from DEBUG up, each as the JSON and the text
    formatters write it."""
    formatters = [JsonFormatter(), logging.Formatter(TEXT_FORMAT)]
    lines = []

    class Everything(logging.Handler):
        def emit(self, record):
            lines.extend(formatter.format(record) for formatter in formatters)

    handler = Everything(level=logging.DEBUG)
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield lambda: lines
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def test_it_logs_one_line_per_request_with_the_user_id_not_the_email(client, la_officer, caplog):
    client.force_login(la_officer)
    with caplog.at_level(logging.INFO):
        response = client.get(reverse("accounts:home"))

    [line] = _lines(caplog, "champions_portal.request")
    assert response.status_code == 200
    assert NEW_ID.fullmatch(response["X-Request-ID"])
    assert (line.request_id, line.method, line.path, line.status) == (response["X-Request-ID"], "GET", "/home/", 200)
    assert line.user_id == la_officer.pk
    assert isinstance(line.duration_ms, int) and line.duration_ms >= 0
    assert line.getMessage() == f"GET /home/ 200 {line.duration_ms}ms"
    assert la_officer.email not in JsonFormatter().format(line)


def test_it_logs_nobody_for_a_visitor_and_no_query_string(client, reference_data, caplog):
    with caplog.at_level(logging.INFO):
        client.get(reverse("events:event_list"), {"region": "north-west", "email": "alex@example.com"})

    [line] = _lines(caplog, "champions_portal.request")
    assert (line.path, line.status, line.user_id) == ("/events/", 200, None)
    assert "alex@example.com" not in JsonFormatter().format(line)


def test_it_keeps_a_well_formed_request_id_from_the_proxy(client, reference_data, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get(reverse("events:event_list"), HTTP_X_REQUEST_ID="9f1c-Proxy-42")

    assert response["X-Request-ID"] == "9f1c-Proxy-42"
    [line] = _lines(caplog, "champions_portal.request")
    assert line.request_id == "9f1c-Proxy-42"


@pytest.mark.parametrize("sent", ["", "has spaces", "a" * 65, "id;drop", "Root=1-5759e988", "<script>"])
def test_it_replaces_a_malformed_request_id(client, reference_data, caplog, sent):
    with caplog.at_level(logging.INFO):
        response = client.get(reverse("events:event_list"), HTTP_X_REQUEST_ID=sent)

    assert NEW_ID.fullmatch(response["X-Request-ID"])
    [line] = _lines(caplog, "champions_portal.request")
    assert line.request_id == response["X-Request-ID"]


def test_it_logs_the_route_instead_of_a_token_in_the_address(client, champion_staff, caplog):
    registration = make_registration(make_event(created_by=champion_staff))
    with caplog.at_level(logging.INFO):
        client.get(registration.get_manage_url())
        client.get(reverse("events:registration_manage", args=["no-such-token-0123456789abcdef"]))
        client.get(registration.get_manage_url().rstrip("/"))  # a link missing its last slash matches no route

    paths = [(line.path, line.status) for line in _lines(caplog, "champions_portal.request")]
    assert paths == [
        ("/registrations/<str:token>/", 200),
        ("/registrations/<str:token>/", 404),
        ("/registrations/<redacted>", 301),
    ]
    [not_found] = _lines(caplog, "django.request")
    assert not_found.getMessage() == "Not Found: /registrations/<str:token>/"
    rendered = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    assert registration.token not in rendered
    assert "no-such-token" not in rendered


def test_it_writes_each_line_as_json_with_time_level_logger_and_the_fields(client, la_officer, caplog):
    client.force_login(la_officer)
    with caplog.at_level(logging.INFO):
        client.get(reverse("accounts:home"), HTTP_X_REQUEST_ID="req-1")
        client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-2")

    request_line = _json(_lines(caplog, "champions_portal.request")[0])
    other_line = _json(_lines(caplog, "django.request")[0])
    assert request_line.keys() >= {"time", "level", "logger", "message", "request_id", "method", "path", "status"}
    assert request_line.keys() >= {"duration_ms", "user_id"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00", request_line["time"])
    assert (request_line["level"], request_line["logger"], request_line["status"]) == (
        "INFO",
        "champions_portal.request",
        200,
    )
    assert (request_line["request_id"], request_line["user_id"]) == ("req-1", la_officer.pk)
    # Django's own lines carry the request id too, and not its request object (whose repr has the raw path).
    assert (other_line["logger"], other_line["level"]) == ("django.request", "WARNING")
    assert other_line["request_id"] == "req-2"
    assert "request" not in other_line


@pytest.mark.django_db(transaction=True)
def test_it_gives_a_task_the_request_id_of_the_request_that_queued_it(
    client, committed_reference_data, answers, caplog
):
    """In-process (CELERY_TASK_ALWAYS_EAGER): the task runs inside the request, once its transaction commits."""
    event = make_event(created_by=make_person("champion_staff"))
    with caplog.at_level(logging.INFO):
        response = client.post(reverse("events:registration_create", args=[event.pk]), answers)

    [request_line] = _lines(caplog, "champions_portal.request")
    [task_line] = _lines(caplog, "champions_portal.task")
    assert request_line.request_id == task_line.request_id == response["X-Request-ID"]
    assert (task_line.task_name, task_line.outcome) == (SEND_TASK, "success")
    assert task_line.getMessage() == f"task {SEND_TASK} {task_line.task_id} success {task_line.duration_ms}ms"
    assert len(mail.outbox) == 1


@pytest.mark.redis
@pytest.mark.xdist_group("redis-broker")  # as tests/portal/test_celery_redis.py: one worker on REDIS_URL at a time
@pytest.mark.django_db(transaction=True)
def test_it_sends_the_request_id_with_the_task_to_a_worker(
    client, committed_reference_data, answers, redis_worker, caplog
):
    event = make_event(created_by=make_person("champion_staff"))
    with caplog.at_level(logging.INFO):
        response = client.post(reverse("events:registration_create", args=[event.pk]), answers)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not _sent(caplog):
            time.sleep(0.05)

    [task_line] = _sent(caplog)
    assert task_line.outcome == "success"
    assert task_line.request_id == response["X-Request-ID"]
    assert task_line.threadName != _lines(caplog, "champions_portal.request")[0].threadName
    assert len(mail.outbox) == 1
    # Celery's own lines ("Task ... received") keep the task's arguments in `data`: the JSON leaves it out.
    celery_lines = [record for record in caplog.records if record.name.startswith("celery") and hasattr(record, "data")]
    assert celery_lines
    assert all("data" not in _json(record) for record in celery_lines)


def test_it_gives_a_task_queued_outside_any_request_an_id_of_its_own(db, caplog):
    with caplog.at_level(logging.INFO):
        outbox_send_due_task.delay()
        outbox_send_due_task.delay()

    first, second = _lines(caplog, "champions_portal.task")
    assert NEW_ID.fullmatch(first.request_id) and NEW_ID.fullmatch(second.request_id)
    assert first.request_id != second.request_id
    assert request_id.get() is None


def test_it_logs_a_failed_task_as_a_failure_with_its_traceback_and_not_its_arguments(db, caplog):
    with (
        caplog.at_level(logging.INFO),
        mock.patch("notifications.tasks.outbox_send", side_effect=RuntimeError("SMTP said no")),
        pytest.raises(RuntimeError),
    ):
        outbox_message_send_task.delay(987654)

    [line] = _lines(caplog, "champions_portal.task")
    assert (line.levelname, line.outcome, line.task_name) == ("ERROR", "failure", SEND_TASK)
    rendered = _json(line)
    assert "RuntimeError: SMTP said no" in rendered["exc_info"]
    assert "987654" not in json.dumps(rendered)
    assert request_id.get() is None


def test_it_logs_no_personal_data_on_the_registration_journey_or_signing_in(
    client, champion_staff, la_officer, answers, everything_logged, django_capture_on_commit_callbacks
):
    event = make_event(created_by=champion_staff)
    register = reverse("events:registration_create", args=[event.pk])
    client.get(reverse("events:event_detail", args=[event.pk]))
    client.get(register)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register, {**answers, "privacy": ""})  # refused, shown again with what was typed
        registered = client.post(register, answers)
    manage = registered["Location"]
    client.get(manage)
    client.get(manage.rstrip("/"))  # a link missing its last slash: redirected
    client.post(manage)  # a page that takes no POST: 405, which Django logs with the request
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:registration_cancel", args=[manage.split("/")[2]]))
    client.post("/sign-in/", {"username": la_officer.email, "password": WRONG_PASSWORD})
    assert client.post("/sign-in/", {"username": la_officer.email.upper(), "password": PASSWORD}).status_code == 302
    client.get(reverse("accounts:home"))
    client.post(reverse("accounts:logout"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password-reset/", {"email": la_officer.email})
    [reset_link] = re.findall(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)", mail.outbox[-1].body)
    set_password = client.get(reset_link)["Location"]
    client.post(set_password, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CANCELLED
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "Your place is confirmed",
        "Your registration is cancelled",
        "Reset your Champions Portal password",
    ]
    lines = everything_logged()
    assert sum('"logger": "champions_portal.request"' in line for line in lines) == 15
    assert sum('"logger": "django.request"' in line for line in lines) == 1
    assert sum(f'"task_name": "{SEND_TASK}"' in line for line in lines) == 3
    secrets = [
        "alex.parent@example.com",
        "alex parent",
        "bolton parent carer forum",
        answers["access_needs"],
        answers["dietary_needs"],
        registration.token.lower(),
        reset_link.split("/")[3].lower(),
        la_officer.email,
        la_officer.full_name.lower(),
        PASSWORD,
        WRONG_PASSWORD,
        NEW_PASSWORD,
    ]
    found = [(secret, line) for line in lines for secret in secrets if secret in line.lower()]
    assert found == []
