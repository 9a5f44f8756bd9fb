"""A champion's first sign-in: set up an authenticator app, save the backup codes, sign in again with a
code; then programme staff find that change in the audit log. Every page passes axe."""

import base64
import time

from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.conftest import PASSWORD


def _code(secret: str, *, steps_ahead: int = 0) -> str:
    """What the person's app would show (steps_ahead: the next 30-second code, which the portal accepts)."""
    key = base64.b32decode(secret.replace(" ", ""))
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def _password(page, email):
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_it_takes_a_champion_through_setting_up_and_using_a_second_step(
    new_page, champion_staff, programme_staff, settings, sign_in, assert_accessible, assert_error_summary
):
    settings.SECOND_FACTOR_REQUIRED = True
    page = new_page()
    _password(page, champion_staff.email)
    page.wait_for_url("**/two-factor/set-up/?next=%2Fhome%2F")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    expect(page.get_by_role("img", name="QR code to add the Champions Portal to an authenticator app")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    assert_error_summary(page)
    assert_accessible(page)

    secret = page.locator("main code").inner_text()
    page.wait_for_timeout(1100)  # django-otp refuses any code for a second after a wrong one
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your authenticator app is set up")
    expect(page.get_by_role("list", name="Backup codes").get_by_role("listitem")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("button", name="I have saved my backup codes").click()
    page.wait_for_url("**/home/")

    again = new_page()
    _password(again, champion_staff.email)
    again.wait_for_url("**/two-factor/?next=%2Fhome%2F")
    expect(again.get_by_role("heading", level=1)).to_have_text("Check it’s you")
    assert_accessible(again)
    again.get_by_label("Enter the 6-digit code from your authenticator app").fill(_code(secret, steps_ahead=1))
    again.get_by_role("button", name="Continue").click()
    again.wait_for_url("**/home/")

    settings.SECOND_FACTOR_REQUIRED = False  # programme staff's own second step is not this journey's subject
    staff = new_page()
    sign_in(staff, programme_staff.email, PASSWORD)
    staff.goto("/audit/?action=second_factor")
    rows = staff.locator("tbody tr")
    expect(rows.filter(has_text="second_factor.enrolled")).to_contain_text(champion_staff.email)
    expect(rows.filter(has_text="second_factor.verified")).to_contain_text(champion_staff.email)
    assert_accessible(staff)
