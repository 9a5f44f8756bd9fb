"""An LA officer with no account asks for one from the sign-in page; a member of staff of the champion that
supports their LA approves it; the officer creates their account from the invitation.

Real Chromium against the live server; every page the journey visits passes axe-core (WCAG 2.2 AA).
"""

import re

from playwright.sync_api import expect

from accounts.models import AccountRequest, Invitation, Role, User
from tests.conftest import PASSWORD

ASKER_EMAIL = "robin.officer@bolton.example"
ASKER_PASSWORD = "amber-harbour-violin-57"


def test_it_takes_an_account_request_from_the_sign_in_page_to_a_new_account(
    new_page, live_server, champion_staff, mailoutbox, assert_accessible, assert_error_summary, sign_in
):
    # Someone at Bolton, signed out, asks for an account from the sign-in page.
    asker = new_page()
    asker.goto("/sign-in/")
    assert_accessible(asker)
    asker.get_by_role("link", name="Request an account").click()
    asker.wait_for_url("**/account-requests/new/")
    expect(asker.get_by_role("heading", level=1)).to_have_text("Request an account")
    assert_accessible(asker)

    asker.get_by_role("button", name="Send request").click()
    expect(asker).to_have_title(re.compile(r"^Error: Request an account"))
    assert_error_summary(asker)
    for message in ("Enter your full name", "Enter your work email address", "Select what you will do in the portal"):
        expect(asker.locator(".govuk-error-summary").get_by_role("link", name=message)).to_be_visible()
    assert_accessible(asker)
    assert not AccountRequest.objects.exists()

    asker.get_by_label("Full name").fill("Robin Officer")
    asker.get_by_label("Work email address").fill(ASKER_EMAIL)
    asker.get_by_label("Organisation").fill("Bolton Council, SEND team")
    asker.get_by_role("radio", name="I work for a local authority").check()
    asker.get_by_role("button", name="Send request").click()
    expect(asker).to_have_title(re.compile(r"^Error: Request an account"))
    assert_error_summary(asker)
    expect(asker.locator(".govuk-error-summary")).to_contain_text("Select the local authority you work for")
    assert_accessible(asker)

    asker.get_by_label("Local authority (if you work for a local authority)").select_option(label="Bolton")
    asker.get_by_role("button", name="Send request").click()
    asker.wait_for_url("**/account-requests/sent/")
    expect(asker.get_by_role("heading", level=1)).to_have_text("Request sent")
    expect(asker.locator("main")).to_contain_text(
        "We have sent your request to the staff of Greater Manchester Group (Wigan, Trafford and Manchester), "
        "the champion that supports Bolton."
    )
    assert_accessible(asker)

    account_request = AccountRequest.objects.get()
    assert (account_request.email, account_request.local_authority.name) == (ASKER_EMAIL, "Bolton")
    assert [m.to for m in mailoutbox] == [[champion_staff.email]]
    request_link = re.search(r"http://testserver(/account-requests/\d+/)", mailoutbox[0].body)[1]
    assert request_link == f"/account-requests/{account_request.pk}/"

    # The champion's staff member signs in and finds it from the invitations page.
    decider = new_page()
    sign_in(decider, champion_staff.email, PASSWORD)
    decider.goto("/invitations/")
    assert_accessible(decider)
    decider.get_by_role("link", name="Account requests (1 waiting)").click()
    decider.wait_for_url("**/account-requests/")
    expect(decider.get_by_role("heading", level=1)).to_have_text("Account requests")
    assert_accessible(decider)
    decider.get_by_role("link", name="Robin Officer").click()
    decider.wait_for_url(f"**{request_link}")
    expect(decider.get_by_role("heading", level=1)).to_have_text("Robin Officer")
    expect(decider.locator(".govuk-summary-list")).to_contain_text("Local authority officer, Bolton")
    assert_accessible(decider)

    # They start to refuse it, are asked for a reason, and go back.
    decider.get_by_role("link", name="Refuse the request").click()
    expect(decider.get_by_role("heading", level=1)).to_have_text("Refuse the request from Robin Officer")
    assert_accessible(decider)
    decider.get_by_role("button", name="Refuse the request").click()
    expect(decider).to_have_title(re.compile(r"^Error: Refuse"))
    assert_error_summary(decider)
    assert_accessible(decider)
    decider.get_by_role("link", name="Back to the request").click()
    decider.wait_for_url(f"**{request_link}")

    decider.get_by_role("button", name="Approve and send an invitation").click()
    decider.wait_for_url("**/account-requests/")
    expect(decider.locator(".govuk-notification-banner--success")).to_contain_text(
        f"You approved the request. We have emailed an invitation to {ASKER_EMAIL}."
    )
    expect(decider.get_by_role("row", name=re.compile("Robin Officer"))).to_contain_text("Approved")
    assert_accessible(decider)

    account_request.refresh_from_db()
    assert account_request.status == AccountRequest.Status.APPROVED
    assert account_request.invitation == Invitation.objects.get()
    assert mailoutbox[-1].to == [ASKER_EMAIL]
    accept = re.search(r"http://testserver(/invitations/accept/\S+/)", mailoutbox[-1].body)[1]

    # The officer opens the invitation and creates their account.
    asker.goto(live_server.url + accept)
    expect(asker.get_by_role("heading", level=1)).to_have_text("Create your account")
    assert_accessible(asker)
    asker.get_by_label("Create a password", exact=True).fill(ASKER_PASSWORD)
    asker.get_by_label("Confirm new password", exact=True).fill(ASKER_PASSWORD)
    asker.get_by_role("button", name="Create account").click()
    asker.wait_for_url("**/home/")
    expect(asker.locator(".govuk-notification-banner--success")).to_contain_text("Your account is ready")
    assert_accessible(asker)

    user = User.objects.get(email=ASKER_EMAIL)
    assert (user.role, user.local_authority.name, user.full_name) == (Role.LA_OFFICER, "Bolton", "Robin Officer")
