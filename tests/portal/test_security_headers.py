"""Every response carries a strict Content-Security-Policy (enforced, no inline script or style) and a
Permissions-Policy, and no template we serve has inline script or style that the policy would block.

tests/browser/ checks in Chromium that no page a journey visits breaks the policy.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path

STRICT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
FEATURES_TURNED_OFF = ["camera", "microphone", "geolocation", "payment", "usb"]


def _boom(request):
    raise RuntimeError("a fault, to see the 500 page")


# This module is also the URLconf of the 500 test (`pytest.mark.urls`).
urlpatterns = [path("boom/", _boom)]


def _directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def _assert_strict_headers(response) -> None:
    assert _directives(response) == STRICT_POLICY
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in response.headers
    features = dict(item.strip().split("=", 1) for item in response.headers["Permissions-Policy"].split(","))
    for feature in FEATURES_TURNED_OFF:
        assert features[feature] == "()", feature


def test_it_sends_the_headers_on_a_public_page(client, reference_data):
    response = client.get("/")
    assert response.status_code == 200
    _assert_strict_headers(response)


def test_it_sends_the_headers_on_a_staff_page(signed_in, programme_staff):
    response = signed_in(programme_staff).get("/invitations/")
    assert response.status_code == 200
    _assert_strict_headers(response)


def test_it_sends_the_headers_on_the_django_admin(signed_in, programme_staff):
    response = signed_in(programme_staff).get("/admin/")
    assert response.status_code == 200
    _assert_strict_headers(response)


@pytest.mark.parametrize(
    ("who", "url", "status"), [(None, "/no-such-page/", 404), ("la_officer", "/invitations/", 403)]
)
def test_it_sends_the_headers_on_an_error_page(request, client, reference_data, who, url, status):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(url)
    assert response.status_code == status
    _assert_strict_headers(response)


@pytest.mark.urls(__name__)
def test_it_sends_the_headers_on_the_server_error_page(db):
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    _assert_strict_headers(response)


# E-mails are not pages: no policy applies to them, and mail programs need inline styles.
SERVED_TEMPLATES = sorted(
    p
    for p in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
    if "emails" not in p.relative_to(settings.BASE_DIR).parts
)
INLINE = [
    ("an inline style attribute", re.compile(r"\sstyle\s*=", re.IGNORECASE)),
    ("a <style> element", re.compile(r"<style[\s>]", re.IGNORECASE)),
    ("an inline <script> (no src)", re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)),
    ("an inline event handler", re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)),
    ("a javascript: link", re.compile(r"javascript:", re.IGNORECASE)),
]


def test_it_finds_the_templates_it_scans():
    names = {p.name for p in SERVED_TEMPLATES}
    assert {"base.html", "500.html", "national.html", "costs.html"} <= names


def test_it_serves_no_template_with_inline_script_or_style():
    found = []
    for template in SERVED_TEMPLATES:
        text = template.read_text()
        for what, pattern in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(settings.BASE_DIR)}:{line}: {what}: {match.group(0)}")
    assert not found, "\n".join(found)
