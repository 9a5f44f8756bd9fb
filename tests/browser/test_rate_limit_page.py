"""The page someone sees after too many attempts is plain, accessible, and says when to try again."""

from playwright.sync_api import expect


def test_it_shows_an_accessible_too_many_attempts_page(page, reference_data, settings, assert_accessible):
    settings.PASSWORD_RESETS_PER_CLIENT = 1
    for _ in range(2):
        page.goto("/password-reset/")
        page.get_by_label("Email address").fill("someone@example.com")
        with page.expect_response(lambda response: response.request.method == "POST") as posted:
            page.get_by_role("button", name="Send reset link").click()

    assert posted.value.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts")
    expect(page.get_by_text("Wait 60 minutes and try again.")).to_be_visible()
    assert_accessible(page)
