"""A champion drafts, submits, gets it returned and resubmits; programme staff approve and publish; a member
of the public finds it by theme. Bad input and every other writing and review page on the way. Axe on every page."""

import re

from playwright.sync_api import expect

from case_studies.models import CaseStudy
from tests.conftest import PASSWORD


def test_it_takes_a_case_study_from_draft_to_the_public_library(
    page,
    new_page,
    champion_staff,
    programme_staff,
    sign_in,
    assert_accessible,
    assert_error_summary,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    sign_in(page, champion_staff.email, PASSWORD)
    page.get_by_role("link", name="See and write your case studies").click()
    assert_accessible(page)
    page.get_by_role("button", name="Write a case study").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save as a draft").click()
    expect(page).to_have_title(re.compile(r"^Error: Write a case study"))
    assert_error_summary(page)
    assert_accessible(page)
    page.get_by_label("Which quarter is it for?").select_option(
        label="Quarter 2 2013-14 (July to September 2013), due 14 October 2013"
    )
    page.get_by_label("Title").fill("Short breaks in Wigan")
    page.get_by_label("Personal budgets").check()
    page.get_by_label("Wigan").check()
    page.get_by_label("Summary").fill("A summary.")
    page.get_by_label("What was the problem?").fill("A problem.")
    page.get_by_label("What did you do?").fill("An approach.")
    page.get_by_label("What difference did it make?").fill("An impact.")
    page.get_by_label("What should others learn from it?").fill("Lessons.")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("saved as a draft")
    assert_accessible(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("agreed to be named")
    assert_accessible(page)
    page.get_by_label("Attach a file").set_input_files(
        files=[{"name": "x.pdf", "mimeType": "application/pdf", "buffer": b"\x89PNG\r\n\x1a\n" + b"0" * 20}]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_error_summary(page)
    assert_accessible(page)
    page.get_by_label("Attach a file").set_input_files(
        files=[{"name": "x.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("x.pdf is attached")
    assert_accessible(page)
    page.get_by_label("The people named in this case study agreed to be named").check()
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("submitted for review")
    assert_accessible(page)
    page.get_by_role("link", name="Short breaks in Wigan").click()
    assert_accessible(page)

    page.goto("/library/resources/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Share the resource").click()
    assert_error_summary(page)
    assert_accessible(page)

    staff = new_page()
    sign_in(staff, programme_staff.email, PASSWORD)
    staff.get_by_role("link", name="1 case study waiting for review").click()
    assert_accessible(staff)
    staff.get_by_role("link", name="Short breaks in Wigan").click()
    assert_accessible(staff)
    staff.get_by_label("Return for changes").check()
    staff.get_by_role("button", name="Save your decision").click()
    assert_error_summary(staff)
    assert_accessible(staff)
    staff.get_by_label("Comments (needed if you return it)").fill("Add numbers")
    staff.get_by_role("button", name="Save your decision").click()
    expect(staff.locator(".govuk-notification-banner--success")).to_contain_text("returned")
    made = CaseStudy.objects.get()
    assert made.status == "returned"
    page.goto(f"/case-studies/{made.pk}/edit/")
    expect(page.get_by_role("cell", name="Add numbers")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("submitted for review")
    made.refresh_from_db()
    assert made.status == "submitted"
    staff.goto(f"/case-studies/{made.pk}/review/")
    staff.get_by_label("Approve").check()
    staff.get_by_role("button", name="Save your decision").click()
    assert_accessible(staff)
    staff.get_by_role("button", name="Publish in the library").click()
    assert_accessible(staff)
    made.refresh_from_db()
    assert made.status == "published"

    public = new_page()
    public.goto("/library/")
    assert_accessible(public)
    public.get_by_label("Theme").select_option(label="Personal budgets")
    public.get_by_role("button", name="Search the library").click()
    public.get_by_role("link", name="Short breaks in Wigan").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Short breaks in Wigan")
    assert_accessible(public)
    staff.goto("/case-studies/")
    assert_accessible(staff)
    staff.goto("/case-studies/new/")
    assert_accessible(staff)
    staff.get_by_role("button", name="Continue").click()
    assert_error_summary(staff)
    assert_accessible(staff)
    staff.goto("/library/resources/new/")
    assert_accessible(staff)
    staff.goto("/case-studies/quarters/")
    assert_accessible(staff)
    staff.get_by_role("link", name="Change deadline for quarter 2").click()
    assert_accessible(staff)
    staff.get_by_label("Day").fill("31")
    staff.get_by_role("button", name="Save the deadline").click()
    assert_error_summary(staff)
    assert_accessible(staff)
