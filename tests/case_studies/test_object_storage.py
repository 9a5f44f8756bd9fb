"""Uploads in an S3-compatible bucket (AWS_STORAGE_BUCKET_NAME), against a real S3 API on 127.0.0.1 (moto's
server): stored there by the real pages, private in the bucket, streamed only to those who may see them through
the views that check access, and deleted from the bucket with their case study, attachment or resource.

What is in the bucket is read with boto3 directly, never through Django."""

import http.client
import json
import os
import socket
import subprocess
import sys
import uuid
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.urls import reverse
from storages.backends.s3 import S3Storage

from audit.models import AuditEntry
from case_studies.models import Attachment, CaseStudy, Resource
from programme.models import Theme
from tests.case_studies.factories import PDF
from tests.case_studies.library_factories import make_attachment, make_case_study, make_resource

pytestmark = pytest.mark.s3

REGION = "eu-west-2"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server on 127.0.0.1, one per test process, for the whole session."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)  # 0: a free port, chosen as it binds
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="session")
def s3(s3_endpoint):
    """A boto3 client of the local server: what the tests see of the bucket, not through Django."""
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **CREDENTIALS)


def _production_options() -> dict:
    """The OPTIONS settings.py gives S3Storage when AWS_STORAGE_BUCKET_NAME is set, read from a fresh process."""
    code = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    env = {name: value for name, value in os.environ.items() if not name.startswith(("AWS_", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=django_settings.BASE_DIR,
        env={**env, "AWS_STORAGE_BUCKET_NAME": "champions-portal-files"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    storage = json.loads(result.stdout.strip().splitlines()[-1])  # after the shell's note of its imports
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    return storage["OPTIONS"]


@pytest.fixture(scope="session")
def s3_options(s3_endpoint) -> dict:
    """settings.py's options for S3Storage, pointed at the local server with test credentials."""
    return {
        **_production_options(),
        "region_name": REGION,
        "endpoint_url": s3_endpoint,
        "access_key": CREDENTIALS["aws_access_key_id"],
        "secret_key": CREDENTIALS["aws_secret_access_key"],
    }


def _storages(options: dict) -> dict:
    return {**django_settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}}


@pytest.fixture
def bucket(s3, s3_options, settings, tmp_path) -> str:
    """A new empty bucket, and the site's uploads in it. MEDIA_ROOT points at an empty folder, to show that
    nothing lands on local disk."""
    name = f"test-{uuid.uuid4().hex[:16]}"
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = _storages({**s3_options, "bucket_name": name})
    return name


def _keys(s3, bucket: str) -> list[str]:
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []))


def _object(s3, bucket: str, key: str) -> bytes:
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read()


def _unsigned_get(endpoint: str, path: str) -> int:
    """The status of a GET with no credentials, as anyone on the internet could make it."""
    connection = http.client.HTTPConnection(urlsplit(endpoint).netloc, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def _download(client, thing) -> FileResponse:
    url = thing.get_absolute_url() if isinstance(thing, Attachment) else thing.get_download_url()
    return client.get(url)


def _streamed(response) -> bytes:
    """The body of a download streamed by the site itself: never a redirect to the bucket."""
    assert response.status_code == 200 and "Location" not in response
    assert isinstance(response, FileResponse) and response.streaming
    return b"".join(response.streaming_content)


def _draft(champion_staff, **fields) -> CaseStudy:
    return make_case_study(by=champion_staff, status=CaseStudy.Status.DRAFT, **fields)


# --- Where files go -----------------------------------------------------------------------------


def test_it_keeps_uploads_on_local_disk_when_no_bucket_is_named():
    storage = Attachment._meta.get_field("file").storage
    assert isinstance(storage, FileSystemStorage) and not isinstance(storage, S3Storage)


def test_it_gives_the_file_fields_the_bucket_when_storages_change(bucket):
    """Django caches its storages, and each FileField keeps the default storage it was given: that is a lazy
    object which a change of STORAGES resets, so the models' files follow the setting."""
    for model in (Attachment, Resource):
        storage = model._meta.get_field("file").storage
        assert isinstance(storage, S3Storage) and storage.bucket_name == bucket


def test_it_stores_a_file_attached_on_the_case_study_page_in_the_bucket(
    bucket, s3, signed_in, champion_staff, tmp_path
):
    draft = _draft(champion_staff)
    upload = SimpleUploadedFile("Evaluation report.pdf", PDF)

    response = signed_in(champion_staff).post(reverse("case_studies:attachment_add", args=[draft.pk]), {"file": upload})

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.file.name.startswith("uploads/attachment/") and "Evaluation" not in attachment.file.name
    assert _keys(s3, bucket) == [attachment.file.name]
    assert _object(s3, bucket, attachment.file.name) == PDF
    assert list(tmp_path.iterdir()) == []


def test_it_stores_a_resource_shared_on_the_library_page_in_the_bucket(bucket, s3, signed_in, programme_staff):
    data = {
        "title": "Principles of emerging practice",
        "description": "The national tool.",
        "themes": [Theme.objects.get(slug="local-offer").pk],
        "link": "",
        "file": SimpleUploadedFile("Principles.pdf", PDF),
    }
    response = signed_in(programme_staff).post(reverse("case_studies:resource_create"), data)

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert _keys(s3, bucket) == [resource.file.name] and resource.file.name.startswith("uploads/resource/")
    assert _object(s3, bucket, resource.file.name) == PDF


@pytest.mark.parametrize(
    "name,content,message",
    [("report.pdf", PNG, "but it is a PNG file"), ("empty.pdf", b"", "The selected file is empty")],
    ids=["png-named-pdf", "empty"],
)
def test_it_checks_uploads_as_before_and_puts_nothing_it_refuses_in_the_bucket(
    bucket, s3, signed_in, champion_staff, name, content, message
):
    draft = _draft(champion_staff)
    upload = SimpleUploadedFile(name, content)

    response = signed_in(champion_staff).post(reverse("case_studies:attachment_add", args=[draft.pk]), {"file": upload})

    assert response.status_code == 200 and message in response.content.decode().replace("&#x27;", "'")
    assert not Attachment.objects.exists()
    assert _keys(s3, bucket) == []


# --- Who gets the bytes -------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["champion_staff", "programme_staff"])
def test_it_streams_a_draft_attachment_from_the_bucket_to_its_champion_and_programme_staff(
    bucket, signed_in, request, champion_staff, person
):
    attachment = make_attachment(_draft(champion_staff), name="Pathway map.pdf", content=PDF)

    response = _download(signed_in(request.getfixturevalue(person)), attachment)

    assert _streamed(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(PDF))
    assert response["Content-Disposition"] == 'attachment; filename="Pathway map.pdf"'
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("person", [None, "other_champion_staff", "la_officer"])
def test_it_refuses_a_draft_attachment_to_everyone_else_with_none_of_its_bytes(
    bucket, client, signed_in, request, champion_staff, person
):
    attachment = make_attachment(_draft(champion_staff), content=PDF)
    browser = signed_in(request.getfixturevalue(person)) if person else client

    response = _download(browser, attachment)

    assert response.status_code == 404 and not isinstance(response, FileResponse)
    assert PDF not in response.content and bucket not in response.content.decode()


def test_it_streams_a_published_attachment_and_a_resource_to_anyone(bucket, client, champion_staff, programme_staff):
    attachment = make_attachment(make_case_study(by=champion_staff), content=PDF)
    resource = make_resource(by=programme_staff, file=PDF + b"%resource")

    assert _streamed(_download(client, attachment)) == PDF
    assert _streamed(_download(client, resource)) == PDF + b"%resource"


def test_it_is_a_404_not_an_error_when_the_object_has_gone_from_the_bucket(bucket, s3, client, champion_staff):
    attachment = make_attachment(make_case_study(by=champion_staff), content=PDF)
    s3.delete_object(Bucket=bucket, Key=attachment.file.name)

    assert _download(client, attachment).status_code == 404


def test_it_keeps_every_object_private_in_the_bucket(bucket, s3, s3_endpoint, champion_staff, programme_staff):
    published = make_attachment(make_case_study(by=champion_staff), content=PDF)
    resource = make_resource(by=programme_staff, file=PDF)
    # The server does enforce object ACLs: a public object is served to anyone.
    s3.put_object(Bucket=bucket, Key="public.pdf", Body=PDF, ACL="public-read")
    assert _unsigned_get(s3_endpoint, f"/{bucket}/public.pdf") == 200

    for key in (published.file.name, resource.file.name):
        grants = s3.get_object_acl(Bucket=bucket, Key=key)["Grants"]
        assert [grant for grant in grants if grant["Grantee"]["Type"] == "Group"] == []  # AllUsers, AuthenticatedUsers
        assert _unsigned_get(s3_endpoint, f"/{bucket}/{key}") == 403


# --- Deleting -----------------------------------------------------------------------------------


def test_it_deletes_the_object_when_an_attachment_is_removed(
    bucket, s3, signed_in, champion_staff, django_capture_on_commit_callbacks
):
    draft = _draft(champion_staff)
    removed, kept = make_attachment(draft, name="Old.pdf"), make_attachment(draft, name="New.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(champion_staff).post(reverse("case_studies:attachment_remove", args=[removed.pk]))

    assert response.status_code == 302
    assert list(Attachment.objects.all()) == [kept]
    assert _keys(s3, bucket) == [kept.file.name]


def test_it_removes_an_attachment_and_says_so_when_the_bucket_cannot_be_reached(
    bucket, s3, s3_options, settings, signed_in, champion_staff, django_capture_on_commit_callbacks, caplog
):
    attachment = make_attachment(_draft(champion_staff), name="Old.pdf")
    unreachable = f"http://127.0.0.1:{_closed_port()}"
    config = Config(retries={"total_max_attempts": 1}, connect_timeout=2)
    settings.STORAGES = _storages(
        {**s3_options, "bucket_name": bucket, "endpoint_url": unreachable, "client_config": config}
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(champion_staff).post(reverse("case_studies:attachment_remove", args=[attachment.pk]))

    assert response.status_code == 302
    assert [message.message for message in get_messages(response.wsgi_request)] == ["Old.pdf is removed."]
    assert not Attachment.objects.exists()
    # The failure is logged as an error (and so reported); the object is left behind, named by nothing.
    assert [record.levelname for record in caplog.records if "on_commit" in record.getMessage()] == ["ERROR"]
    assert _keys(s3, bucket) == [attachment.file.name]


def test_it_deletes_the_objects_of_a_case_study_deleted_in_the_admin(
    bucket, s3, signed_in, programme_staff, champion_staff, django_capture_on_commit_callbacks
):
    draft = _draft(champion_staff)
    make_attachment(draft, name="One.pdf"), make_attachment(draft, name="Two.pdf")
    kept = make_attachment(_draft(champion_staff, title="Another"), name="Kept.pdf")
    url = reverse("admin:case_studies_casestudy_delete", args=[draft.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(programme_staff).post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not CaseStudy.objects.filter(pk=draft.pk).exists()
    assert _keys(s3, bucket) == [kept.file.name]
    entry = AuditEntry.objects.get(action="case_study.deleted")
    assert (entry.object_id, entry.actor) == (str(draft.pk), programme_staff)


def test_it_deletes_the_objects_of_attachments_and_resources_deleted_in_the_admin(
    bucket, s3, signed_in, programme_staff, champion_staff, django_capture_on_commit_callbacks
):
    attachment = make_attachment(make_case_study(by=champion_staff))
    resources = [make_resource(by=programme_staff, file=PDF) for _ in range(2)]
    kept = make_resource(by=programme_staff, file=PDF)
    client = signed_in(programme_staff)

    with django_capture_on_commit_callbacks(execute=True):
        one = client.post(reverse("admin:case_studies_attachment_delete", args=[attachment.pk]), {"post": "yes"})
    with django_capture_on_commit_callbacks(execute=True):
        bulk = client.post(
            reverse("admin:case_studies_resource_changelist"),
            {"action": "delete_selected", "_selected_action": [r.pk for r in resources], "post": "yes"},
        )

    assert one.status_code == bulk.status_code == 302
    assert list(Resource.objects.all()) == [kept] and not Attachment.objects.exists()
    assert _keys(s3, bucket) == [kept.file.name]
    logged = AuditEntry.objects.filter(actor=programme_staff).values_list("action", "object_id")
    assert sorted(logged) == sorted(
        [("case_study.attachment_removed", str(attachment.case_study_id))]
        + [("resource.deleted", str(resource.pk)) for resource in resources]
    )


# --- The admin ----------------------------------------------------------------------------------


def test_it_links_the_admin_to_the_download_views_never_to_the_bucket(
    bucket, s3_endpoint, signed_in, programme_staff, champion_staff
):
    """The admin's own file widget links to the storage's URL (a signed bucket URL, past every access check)
    and would take a new file without the upload checks."""
    attachment = make_attachment(_draft(champion_staff), name="Pathway map.pdf")
    resource = make_resource(by=programme_staff, file=PDF)
    client = signed_in(programme_staff)

    for thing, download in ((attachment, attachment.get_absolute_url()), (resource, resource.get_download_url())):
        html = client.get(reverse(f"admin:case_studies_{thing._meta.model_name}_change", args=[thing.pk])).content
        html = html.decode()
        assert f'href="{download}"' in html
        assert s3_endpoint not in html and bucket not in html and "Signature" not in html
        assert 'type="file"' not in html


def test_it_adds_attachments_and_resources_only_through_the_pages_that_check_them(signed_in, programme_staff):
    client = signed_in(programme_staff)
    for model in ("attachment", "resource"):
        assert client.get(reverse(f"admin:case_studies_{model}_add")).status_code == 403
