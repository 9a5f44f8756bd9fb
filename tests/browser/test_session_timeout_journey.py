"""A champion is warned before their idle session ends, can stay signed in, and otherwise lands on the
signed-out page; every page and the open warning pass axe."""

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def test_it_warns_a_champion_before_signing_them_out_and_lets_them_stay(
    page, champion_staff, settings, sign_in, assert_accessible
):
    # Warned 2 seconds after a page loads; 8 more before the end, so a slow machine still clicks in time.
    settings.STAFF_SESSION_IDLE_SECONDS = 10
    settings.STAFF_SESSION_WARNING_SECONDS = 8
    sign_in(page, champion_staff.email, PASSWORD)
    warning = page.get_by_role("dialog", name="You’re about to be signed out")

    expect(warning).to_be_visible(timeout=5_000)
    assert_accessible(page)
    expect(warning.get_by_role("button", name="Stay signed in")).to_be_focused()
    warning.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    assert page.url.endswith("/home/")

    expect(warning).to_be_visible(timeout=5_000)  # nothing done since: warned again, then signed out
    page.wait_for_url("**/signed-out/?reason=idle", timeout=15_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have been signed out")
    expect(page.get_by_text("you had not done anything")).to_be_visible()
    assert_accessible(page)
    page.goto("/home/")
    page.wait_for_url("**/sign-in/?next=/home/")


def test_it_signs_a_person_out_everywhere(new_page, la_officer, sign_in, assert_accessible):
    laptop, phone = new_page(), new_page()
    sign_in(laptop, la_officer.email, PASSWORD)
    sign_in(phone, la_officer.email, PASSWORD)

    laptop.get_by_role("button", name="Sign out everywhere").click()
    laptop.wait_for_url("**/signed-out/?reason=everywhere")
    assert_accessible(laptop)
    phone.goto("/home/")
    phone.wait_for_url("**/sign-in/?next=/home/")
