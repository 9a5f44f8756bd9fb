"""An LA officer asks Mott MacDonald for a champion speaker; programme staff answer "secured"; the officer
sees the state. Real Chromium against the live server; every page the journey visits passes axe-core."""

import datetime
import re

from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events.models import SpeakerRequest
from tests.conftest import PASSWORD


def test_it_takes_a_speaker_request_from_an_la_officer_to_a_secured_speaker(
    page, new_page, la_officer, programme_staff, sign_in, assert_accessible, assert_error_summary
):
    on = timezone.localdate() + datetime.timedelta(days=30)
    mail.outbox.clear()

    # The officer asks.
    sign_in(page, la_officer.email, PASSWORD)
    page.goto("/speaker-requests/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your speaker requests")
    assert_accessible(page)
    page.get_by_role("button", name="Ask for a champion speaker").click()
    page.wait_for_url("**/speaker-requests/new/")
    assert_accessible(page)

    page.get_by_role("button", name="Send the request").click()
    expect(page).to_have_title(re.compile(r"^Error: Ask for a champion speaker"))
    assert_error_summary(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the title of the event")
    assert_accessible(page)
    assert not SpeakerRequest.objects.exists()

    page.get_by_label("Title of the event").fill("Bolton SEND conference")
    page.get_by_label("Day").fill(str(on.day))
    page.get_by_label("Month").fill(str(on.month))
    page.get_by_label("Year").fill(str(on.year))
    page.get_by_role("radio", name="In person").check()
    page.get_by_label("Where is it? (if in person)").fill("Bolton Town Hall")
    page.get_by_label("Who will be at the event?").fill("About 80 SENCOs and parent carer forum members")
    page.get_by_role("radio", name="Personal budgets").check()
    page.get_by_label("What would you like the speaker to talk about?").fill("Introducing personal budgets")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your request is sent.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Speaker for Bolton SEND conference")
    expect(page.locator("main .govuk-tag")).to_have_text("Requested")
    assert_accessible(page)

    request = SpeakerRequest.objects.get()
    assert (request.local_authority, request.status, request.date) == (la_officer.local_authority, "requested", on)
    assert [m.to for m in mail.outbox] == [[settings.PROGRAMME_TEAM_EMAIL]]

    # Programme staff answer it.
    staff = new_page()
    sign_in(staff, programme_staff.email, PASSWORD)
    staff.goto("/speaker-requests/")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Speaker requests")
    assert_accessible(staff)
    staff.get_by_role("link", name="Answer the request for Bolton SEND conference").click()
    staff.wait_for_url(f"**/speaker-requests/{request.pk}/answer/")
    assert_accessible(staff)

    staff.get_by_role("radio", name="A speaker is secured").check()
    staff.get_by_role("button", name="Send the answer").click()
    expect(staff).to_have_title(re.compile(r"^Error: Answer the request"))
    assert_error_summary(staff)
    expect(staff.locator(".govuk-error-summary")).to_contain_text("Enter the name of the speaker")
    assert_accessible(staff)
    request.refresh_from_db()
    assert request.status == "requested"

    staff.get_by_label("Which champion is the speaker from? (if secured)").select_option(
        label="Hartlepool (North East)"
    )
    staff.get_by_label("Name and role of the speaker (if secured)").fill("Jo Bloggs, SEND lead")
    staff.get_by_role("button", name="Send the answer").click()
    staff.wait_for_url(f"**/speaker-requests/{request.pk}/")
    expect(staff.locator(".govuk-notification-banner--success")).to_contain_text("speaker secured")
    assert_accessible(staff)

    request.refresh_from_db()
    assert (request.status, request.speaker_name, request.answered_by) == (
        "secured",
        "Jo Bloggs, SEND lead",
        programme_staff,
    )
    answered = [m for m in mail.outbox if m.to == [la_officer.email]]
    assert [m.subject for m in answered] == ["Champion speaker secured: Bolton SEND conference"]

    # The officer sees it.
    page.goto("/speaker-requests/")
    row = page.get_by_role("row", name=re.compile("Bolton SEND conference"))
    expect(row).to_contain_text("Speaker secured")
    expect(row).to_contain_text("Jo Bloggs, SEND lead")
    assert_accessible(page)
    row.get_by_role("link", name="Bolton SEND conference").click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Hartlepool (North East)")
    assert_accessible(page)
