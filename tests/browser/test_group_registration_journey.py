"""A parent carer forum coordinator registers three people for a workshop with two places, from one email
address: two get places, one waits; one cancels and the waiting list moves. axe on every page."""

import re

from django.core import mail
from playwright.sync_api import Page, expect

from events.models import Event, Registration
from tests.events.factories import make_event

COORDINATOR = "sam@bolton-pcf.example"


def _person(page: Page, n: int, name: str, partner_type: str, *, organisation: str = "", area: str = "") -> None:
    if name:
        page.get_by_label(f"Person {n}: Full name").fill(name)
    if organisation:
        page.get_by_label(f"Person {n}: Organisation (optional)").fill(organisation)
    if partner_type:
        page.get_by_role("group", name=f"Person {n}: What type of organisation do they represent?").get_by_label(
            partner_type, exact=True
        ).check()
    if area:
        page.get_by_label(f"Person {n}: Local authority area (optional)").select_option(label=area)


def test_it_lets_a_coordinator_register_three_people_who_each_cancel_alone(
    page, new_page, champion_staff, settings, live_server, assert_accessible, assert_error_summary
):
    settings.SITE_URL = live_server.url
    workshop = make_event(
        created_by=champion_staff,
        title="Local offer workshop",
        themes=["local-offer"],
        format=Event.Format.IN_PERSON,
        venue_address="Bolton Town Hall\nVictoria Square",
        capacity=2,
    )

    page.goto(workshop.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("button", name="Register").click()
    assert_accessible(page)
    page.get_by_role("link", name="Register a group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a group for this event")
    assert_accessible(page)

    # Enter in a text box sends the form (it does not press "Remove" or "Add another person").
    page.get_by_label("Your full name").fill("Sam Coordinator")
    page.get_by_label("Your full name").press("Enter")
    expect(page).to_have_title(re.compile(r"^Error: Register a group"))
    assert_error_summary(page)
    assert_accessible(page)
    expect(page.get_by_label("Person 2: Full name")).to_be_visible()

    page.get_by_label("Your email address").fill(COORDINATOR)
    page.get_by_label("No, I am only registering other people").check()
    _person(page, 1, "Alex Parent", "Parent or carer", area="Bolton")
    page.get_by_label("Person 1: Access needs (optional)").fill("A wheelchair space")
    _person(page, 2, "Bea Carer", "Parent carer forum", organisation="Bolton Parent Carer Forum")
    page.get_by_role("button", name="Add another person").click()
    expect(page.get_by_role("heading", name="Person 3")).to_be_visible()
    expect(page.get_by_label("Person 1: Full name")).to_have_value("Alex Parent")
    expect(page.get_by_label("Person 1: Access needs (optional)")).to_have_value("A wheelchair space")
    assert_accessible(page)

    # Person 3's type is missing: the error summary leads to it, and nobody is registered.
    page.get_by_label("Person 3: Full name").fill("Cal Young")
    page.get_by_label("I agree to the privacy notice, for myself and the people I am registering").check()
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page).to_have_title(re.compile(r"^Error: Register a group"))
    assert_error_summary(page)
    assert_accessible(page)
    page.get_by_role("link", name="Select the type of organisation person 3 represents").click()
    assert not Registration.objects.exists()

    _person(page, 3, "", "Young person")
    page.get_by_label("I agree to the privacy notice, for myself and the people I am registering").check()
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("You have registered 3 people")
    expect(page.get_by_role("heading", level=1)).to_have_text("The people you registered")
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows.filter(has_text="Alex Parent")).to_contain_text("Place confirmed")
    expect(rows.filter(has_text="Bea Carer")).to_contain_text("Place confirmed")
    expect(rows.filter(has_text="Cal Young")).to_contain_text("Number 1")
    assert_accessible(page)
    group_url = page.url

    [email] = mail.outbox
    assert email.to == [COORDINATOR]
    links = re.findall(r"https?://\S+/registrations/(?!group/)[^/\s]+/", email.body)
    assert len(links) == 3

    # Alex cannot come: the link for Alex's place cancels Alex's alone, and Cal gets the place.
    fresh = new_page()
    fresh.goto(links[0])
    expect(fresh.get_by_text("Place confirmed")).to_be_visible()
    expect(fresh.get_by_text("Sam Coordinator, who gets the emails about this place")).to_be_visible()
    assert_accessible(fresh)
    fresh.get_by_role("button", name="Cancel my registration").click()
    assert_accessible(fresh)
    fresh.get_by_role("button", name="Yes, cancel my registration").click()
    expect(fresh.locator(".govuk-notification-banner--success")).to_contain_text("Your registration is cancelled")
    assert_accessible(fresh)

    page.goto(group_url)
    expect(rows.filter(has_text="Alex Parent")).to_contain_text("Cancelled")
    expect(rows.filter(has_text="Cal Young")).to_contain_text("Place confirmed")
    assert_accessible(page)
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"Alex Parent": "cancelled", "Bea Carer": "confirmed", "Cal Young": "confirmed"}
    subjects = sorted(m.subject.split(":")[0] for m in mail.outbox[1:])
    assert subjects == ["A place has come up for you", "Your registration is cancelled"]
