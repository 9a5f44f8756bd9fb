"""Real Chromium (Playwright, sync API) against pytest-django's live server, and an axe-core check.

One browser for the whole folder; a fresh context (no cookies) for every page a test asks for.
Chromium resolves no host but the live server's, and a test fails if a page asks for anything
elsewhere, so neither the site nor axe-core can quietly depend on the internet. (No request routing:
Playwright turns the browser's HTTP cache off while any route is set, and every page then fetched
every static file again.)
"""

import hashlib
import os
from pathlib import Path
from unittest import mock

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.contrib.staticfiles.handlers import StaticFilesHandler
from playwright.sync_api import Page, expect, sync_playwright

HERE = Path(__file__).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Refuse every host but the live server's: nothing may depend on the internet.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Run in every page before its own scripts: keeps the page's Content-Security-Policy violations in
# window.cspViolations (for _assert_accessible) and hands each to the test (for new_page's `problems`).
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
window.addEventListener('securitypolicyviolation', (event) => {
  const violation = {
    page: event.documentURI,
    disposition: event.disposition,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    where: `${event.sourceFile}:${event.lineNumber}`,
    sample: event.sample,
  };
  window.cspViolations.push(violation);
  if (window.reportCspViolation) window.reportCspViolation(violation);
}, true);
"""


def pytest_collection_modifyitems(config, items):
    """Mark this folder's tests, and start the long journeys before the one-page checks, in the places
    these tests already hold, so that xdist workers do not end on a long journey while others wait."""
    places = [i for i, item in enumerate(items) if HERE in item.path.parents]
    ours = sorted((items[i] for i in places), key=lambda item: not item.path.name.endswith("_journey.py"))
    for place, item in zip(places, ours, strict=True):
        item.add_marker(pytest.mark.browser)
        items[place] = item


@pytest.fixture
def reference_data(committed_reference_data):
    """The real programme data, committed so that the live server's thread can see it.

    Overrides tests/conftest.py's `reference_data` (which uses `db`) for this folder, so the
    shared people there (`programme_staff`, ...) are committed too.
    """


@pytest.fixture(scope="package")
def browser():
    """One Chromium for every test in this folder (the whole session when only this folder runs).

    While Playwright's sync API is started, its event loop counts as running in this thread, and
    Django's ORM refuses to run unless DJANGO_ALLOW_ASYNC_UNSAFE is set (it is safe: the tests and
    the live server use the ORM synchronously). Package scope, with the variable set only while the
    browser is up, keeps Django's async-safety check, and `manage.py check --deploy` run by other
    folders' tests in a subprocess, as they are.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package", autouse=True)
def static_files_cached():
    """The live server's static files say, as WhiteNoise does in production, that they may be cached for 60
    seconds, so a browser context fetches each once rather than on every page. (Django's test handler
    sends no caching header, and the browser asked the test process for every file on every page.)"""
    serve = StaticFilesHandler.serve

    def serve_cacheable(handler, request):
        response = serve(handler, request)
        response["Cache-Control"] = "max-age=60, public"
        return response

    with mock.patch.object(StaticFilesHandler, "serve", serve_cacheable):
        yield


@pytest.fixture
def new_page(browser, live_server):
    """new_page() -> a page in a fresh browser context (signed out), with base_url the live server.

    The test fails afterwards if a page asked for anything off the live server, an asset (CSS,
    JavaScript, image) failed to load, a script threw, or the Content-Security-Policy blocked anything.
    """
    origin = live_server.url.rstrip("/")
    contexts, problems = [], []

    def refuse_off_site(request):
        if not request.url.startswith(origin + "/") and not request.url.startswith("data:"):
            problems.append(f"asked for something not on the live server: {request.url}")

    def check_asset(response):
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} for {response.request.resource_type} {response.url}")

    def make() -> Page:
        context = browser.new_context(base_url=origin)
        context.set_default_timeout(10_000)
        context.on("request", refuse_off_site)
        context.on("response", check_asset)
        context.expose_function(
            "reportCspViolation", lambda v: problems.append(f"Content-Security-Policy violation: {v}")
        )
        context.add_init_script(RECORD_CSP_VIOLATIONS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"JavaScript error on {page.url}: {error}"))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


# What axe-core reads: the page's markup as it is now (less the CSRF tokens, which differ on every render),
# the element with focus, and the viewport.
PAGE_AS_AXE_SEES_IT = """() => {
  const copy = document.documentElement.cloneNode(true);
  copy.querySelectorAll('input[name=csrfmiddlewaretoken]').forEach((input) => input.removeAttribute('value'));
  const focused = document.activeElement;
  const focus = focused ? `${focused.tagName}#${focused.id}[${focused.getAttribute('name')}]` : '';
  return `${window.innerWidth}x${window.innerHeight} ${focus}\n${copy.outerHTML}`;
}"""
# Pages this test process has already found free of violations, by a hash of PAGE_AS_AXE_SEES_IT: the same
# markup with the same styles gives the same result, so a journey that comes back to a page it has checked
# (the sign-in page, above all) does not run the scan again.
_passed: set[str] = set()


def _describe(violation: dict) -> str:
    targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
    return (
        f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"    on: {targets}\n"
        f"    {violation['helpUrl']}"
    )


def _assert_accessible(page: Page) -> None:
    """Fail with a readable list of the page's axe-core WCAG 2.2 AA violations, if it has any, and first
    if the page broke its Content-Security-Policy."""
    page.wait_for_load_state("load")
    blocked = page.evaluate("window.cspViolations || []")
    if blocked:
        report = "\n".join(f"- {v['directive']} ({v['disposition']}): {v['blocked']} at {v['where']}" for v in blocked)
        pytest.fail(f"{len(blocked)} Content-Security-Policy violation(s) on {page.url}\n{report}")
    seen = hashlib.sha256(page.evaluate(PAGE_AS_AXE_SEES_IT).encode()).hexdigest()
    if seen in _passed:
        return
    page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]},
    )
    violations = results["violations"]
    if violations:
        report = "\n".join(_describe(v) for v in violations)
        engine = results["testEngine"]["version"]
        pytest.fail(f"axe-core {engine}: {len(violations)} WCAG 2.2 AA violation(s) on {page.url}\n{report}")
    _passed.add(seen)


def _assert_error_summary(page: Page) -> None:
    """The GOV.UK error summary is shown and focused, and every link in it points at an element on the page."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    hrefs = summary.locator(".govuk-error-summary__list a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert hrefs, "the error summary lists no errors"
    missing = [href for href in hrefs if not href.startswith("#") or page.locator(f"[id='{href[1:]}']").count() != 1]
    assert not missing, f"error summary links with no target on {page.url}: {missing}"


def _sign_in(page: Page, email: str, password: str) -> None:
    """Sign in through the real sign-in page (checking it with axe) and land on /home/."""
    page.goto("/sign-in/")
    _assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home/")


@pytest.fixture
def assert_accessible():
    """assert_accessible(page): axe-core WCAG 2.2 AA scan of the page as it is now."""
    return _assert_accessible


@pytest.fixture
def assert_error_summary():
    """assert_error_summary(page): the GOV.UK error summary is shown and its links lead somewhere."""
    return _assert_error_summary


@pytest.fixture
def sign_in():
    """sign_in(page, email, password) through the real sign-in page."""
    return _sign_in
