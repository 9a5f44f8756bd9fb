"""Every page of the portal passes an axe-core WCAG 2.2 AA scan in real Chromium, error states included."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

PUBLIC_PAGES = [
    ("/", "SEND pathfinder champions"),
    ("/regions/", "Regions"),
    ("/regions/north-west/", "North West"),
    ("/champions/", "Pathfinder champions"),
    ("/champions/greater-manchester-group/", "Greater Manchester Group (Wigan, Trafford and Manchester)"),
    ("/pathfinders/", "SEND pathfinders"),
    ("/local-authorities/bolton/", "Bolton"),
    ("/programme/2013-14/", "SEND pathfinder champions 2013-14"),
    ("/sign-in/", "Sign in"),
    ("/password-reset/", "Reset your password"),
    ("/accessibility/", "Accessibility statement for the Champions Portal"),
    ("/privacy/", "Privacy notice"),
    ("/cookies/", "Cookies"),
]

PROGRAMME_STAFF_PAGES = [
    ("/home/", "Pat"),
    ("/invitations/", "Invitations"),
    ("/local-authorities/bolton/", "Bolton"),
    ("/local-authorities/bolton/champion/", "Change the champion supporting Bolton"),
]


@pytest.mark.parametrize(("path", "heading"), PUBLIC_PAGES)
def test_it_serves_an_accessible_public_page(page, reference_data, assert_accessible, path, heading):
    response = page.goto(path)
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_it_serves_an_accessible_not_found_page(page, reference_data, assert_accessible):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)


def test_it_shows_an_accessible_error_summary_for_a_wrong_password(
    page, programme_staff, assert_accessible, assert_error_summary
):
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(programme_staff.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    assert_error_summary(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct email address and password")
    assert_accessible(page)


def test_it_shows_an_accessible_error_summary_for_an_empty_sign_in(
    page, reference_data, assert_accessible, assert_error_summary
):
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    assert_error_summary(page)
    assert_accessible(page)


@pytest.mark.parametrize(("path", "heading"), PROGRAMME_STAFF_PAGES)
def test_it_serves_an_accessible_page_to_programme_staff(
    page, programme_staff, sign_in, assert_accessible, path, heading
):
    sign_in(page, programme_staff.email, PASSWORD)
    response = page.goto(path)
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_it_shows_an_accessible_error_summary_when_changing_a_champion_without_a_reason(
    page, programme_staff, sign_in, assert_accessible, assert_error_summary
):
    sign_in(page, programme_staff.email, PASSWORD)
    page.goto("/local-authorities/bolton/champion/")
    page.get_by_role("button", name="Change assigned champion").click()
    expect(page).to_have_title(re.compile(r"^Error: Change the champion supporting Bolton"))
    assert_error_summary(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the assigned champion is changing")
    assert_accessible(page)


def test_it_lets_programme_staff_reach_the_django_admin(page, programme_staff, sign_in):
    """The admin is Django's, not ours: it must open for programme staff, but axe is not run on it.
    Its scripts (a two-list selector, date shortcuts) work under our Content-Security-Policy (`page` fails on
    any violation)."""
    sign_in(page, programme_staff.email, PASSWORD)
    response = page.goto("/admin/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Site administration")
    page.goto("/admin/events/event/add/")
    page.get_by_role("button", name="Choose all themes").click()
    expect(page.locator("#id_themes_to option")).not_to_have_count(0)
    page.get_by_role("link", name="Today").first.click()


def test_it_reports_axe_violations_readably(page, assert_accessible):
    """The check itself is not vacuous: a page with known faults fails, naming the rules."""
    page.set_content("<!DOCTYPE html><html><head><title>Broken</title></head><body><button></button></body></html>")
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page)
    message = str(failure.value)
    assert "html-has-lang (serious)" in message
    assert "button-name (critical)" in message
    assert "on: button" in message
