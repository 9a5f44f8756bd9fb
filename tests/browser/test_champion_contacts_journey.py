"""Champion staff name their contacts from their champion's page, and an officer of an LA they support finds
them on their support-days page. Real Chromium against the live server; axe-core on every page visited."""

import re

from playwright.sync_api import expect

from regions.models import Champion, ChampionContact
from tests.conftest import PASSWORD


def test_it_takes_a_contact_from_the_champion_staff_to_the_la_officer(
    page, new_page, champion_staff, la_officer, sign_in, assert_accessible, assert_error_summary
):
    champion = Champion.objects.get(slug="greater-manchester-group")
    sign_in(page, champion_staff.email, PASSWORD)
    page.goto(champion.get_absolute_url())
    expect(page.get_by_text(f"{champion.name} has not named any contacts yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Add, change or reorder")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contacts")
    assert_accessible(page)

    page.get_by_role("button", name="Add a contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a contact")
    assert_accessible(page)
    page.get_by_role("button", name="Save contact").click()
    expect(page).to_have_title(re.compile(r"^Error: Add a contact"))
    assert_error_summary(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the contact's full name")
    assert_accessible(page)
    assert not ChampionContact.objects.exists()

    for name, role, email in (
        ("Grace Hopper", "Support days coordinator", "grace@gm.example"),
        ("Ada Lovelace", "Champion lead", "ada@gm.example"),
    ):
        if page.get_by_role("button", name="Add a contact").count():
            page.get_by_role("button", name="Add a contact").click()
        page.get_by_label("Full name").fill(name)
        page.get_by_label("Role or job title").fill(role)
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Telephone number (optional)").fill("0161 496 0000" if name == "Ada Lovelace" else "")
        page.get_by_role("button", name="Save contact").click()
        page.wait_for_url("**/contacts/")
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"{name} is added")
        assert_accessible(page)

    page.get_by_role("button", name="Move up Ada Lovelace").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Ada Lovelace is moved up")
    expect(page.get_by_role("row").nth(1)).to_contain_text("Ada Lovelace")
    assert_accessible(page)
    assert [c.name for c in champion.contacts.all()] == ["Ada Lovelace", "Grace Hopper"]

    # An officer of Bolton, which Greater Manchester Group supports, sees them on their support-days page.
    officer = new_page()
    sign_in(officer, la_officer.email, PASSWORD)
    officer.goto("/support-days/")
    contacts = officer.locator("#contacts + ul")
    expect(officer.get_by_role("heading", name=f"Contacts at {champion.name}")).to_be_visible()
    expect(contacts.get_by_role("listitem").first).to_contain_text("Ada Lovelace, Champion lead")
    expect(contacts.get_by_role("link", name="grace@gm.example")).to_have_attribute("href", "mailto:grace@gm.example")
    expect(contacts).to_contain_text("0161 496 0000")
    assert_accessible(officer)
