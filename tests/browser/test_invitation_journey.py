"""An invited LA officer accepts the invitation, signs in, and sees their LA.

Real Chromium against the live server; every page the journey visits passes axe-core (WCAG 2.2 AA).
"""

import re

from playwright.sync_api import expect

from accounts.models import Invitation, Role, User
from tests.conftest import PASSWORD

INVITEE_EMAIL = "lee.officer@bolton.example"
INVITEE_PASSWORD = "quiet-lantern-orbit-42"


def test_it_takes_an_invited_la_officer_from_the_invitation_to_their_home_page(
    page, new_page, live_server, programme_staff, mailoutbox, assert_accessible, assert_error_summary, sign_in
):
    # Programme staff sign in and invite an officer of Bolton.
    sign_in(page, programme_staff.email, PASSWORD)
    assert_accessible(page)
    # The menu takes them home; inviting is one of the home page's links.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Home").click()
    page.wait_for_url("**/home/")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Invite someone").click()
    page.wait_for_url("**/invitations/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite someone")
    assert_accessible(page)

    page.get_by_role("button", name="Send invitation").click()
    expect(page).to_have_title(re.compile(r"^Error: Invite someone"))
    assert_error_summary(page)
    summary = page.locator(".govuk-error-summary")
    for message in ("Enter the person's full name", "Enter the person's email address", "Select the person's role"):
        expect(summary.get_by_role("link", name=message)).to_be_visible()
    assert_accessible(page)
    assert not Invitation.objects.exists()

    page.get_by_label("Full name").fill("Lee Officer")
    page.get_by_label("Email address").fill(INVITEE_EMAIL)
    page.get_by_role("radio", name="Local authority officer", exact=True).check()
    page.get_by_label("Local authority (for local authority officers)").select_option(label="Bolton")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_url("**/invitations/")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"We have emailed an invitation to {INVITEE_EMAIL}."
    )
    expect(page.get_by_role("row", name=re.compile("Lee Officer"))).to_contain_text("Waiting")
    assert_accessible(page)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [INVITEE_EMAIL]
    match = re.search(r"http://testserver(/invitations/accept/\S+/)", mailoutbox[0].body)
    assert match, mailoutbox[0].body
    accept_url = live_server.url + match[1]

    # The invitee, signed out in their own browser, opens the link and creates their account.
    invitee = new_page()
    invitee.goto(accept_url)
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Create your account")
    assert_accessible(invitee)

    invitee.get_by_label("Create a password", exact=True).fill("short")
    invitee.get_by_label("Confirm new password", exact=True).fill("short")
    invitee.get_by_role("button", name="Create account").click()
    expect(invitee).to_have_title(re.compile(r"^Error: Create your account"))
    assert_error_summary(invitee)
    expect(invitee.locator(".govuk-error-summary")).to_contain_text("too short")
    assert_accessible(invitee)
    assert not User.objects.filter(email=INVITEE_EMAIL).exists()

    invitee.get_by_label("Create a password", exact=True).fill(INVITEE_PASSWORD)
    invitee.get_by_label("Confirm new password", exact=True).fill(INVITEE_PASSWORD)
    invitee.get_by_role("button", name="Create account").click()
    invitee.wait_for_url("**/home/")
    expect(invitee.locator(".govuk-notification-banner--success")).to_contain_text("Your account is ready")
    _expect_bolton_home(invitee)
    assert_accessible(invitee)

    user = User.objects.get(email=INVITEE_EMAIL)
    assert (user.role, user.local_authority.name, user.full_name) == (Role.LA_OFFICER, "Bolton", "Lee Officer")
    assert Invitation.objects.get().user == user

    # They sign out, and back in with the password they chose.
    invitee.get_by_role("button", name="Sign out", exact=True).click()
    invitee.wait_for_url("**/sign-in/")
    expect(invitee.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign in")).to_be_visible()
    assert_accessible(invitee)
    sign_in(invitee, INVITEE_EMAIL, INVITEE_PASSWORD)
    _expect_bolton_home(invitee)
    assert_accessible(invitee)

    # The link worked once.
    response = invitee.goto(accept_url)
    assert response.status == 410
    expect(invitee.get_by_role("heading", level=1)).to_have_text("This invitation link cannot be used")
    assert_accessible(invitee)
    assert User.objects.filter(email=INVITEE_EMAIL).count() == 1


def _expect_bolton_home(page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Lee Officer")
    expect(page.get_by_role("heading", level=2, name="Bolton")).to_be_visible()
    champion = page.locator(".govuk-summary-list__row", has_text="Your champion")
    expect(champion).to_contain_text("Greater Manchester Group")
