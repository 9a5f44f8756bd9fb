"""At 320 CSS pixels wide (WCAG 2.2 1.4.10 Reflow), no page with a wide table scrolls sideways: each wide
table scrolls inside its own region, which can be reached by keyboard (tabindex="0"), is named by the
table's caption and passes axe. Each role's pages are visited with that role signed in."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from events.models import Event
from programme.models import Quarter
from regions.models import LocalAuthority
from self_evaluation.models import Agency, CdfTheme, Element, Level
from tests.conftest import PASSWORD
from tests.events.factories import make_event, make_registration
from tests.self_evaluation.builders import make_return
from tests.support_days.factories import make_offer, make_support_day
from tracker.services import tracker_snapshot_take

NARROW = {"width": 320, "height": 640}

# Elements that stick out past the right edge of the window, outside any scrolling region: what makes the
# page itself scroll sideways.
WIDER_THAN_THE_WINDOW = """() => {
  const limit = window.innerWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > limit + 0.5 && !el.closest('.portal-scroll-region'))
    .filter(el => ![...el.children].some(child => child.getBoundingClientRect().right > limit + 0.5))
    .slice(0, 5)
    .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: ${el.getBoundingClientRect().right}px`
      + ` "${el.textContent.trim().slice(0, 40)}"`);
}"""

# Each scrolling region: focusable, a region, named by an element on the page.
REGIONS = """() => [...document.querySelectorAll('.portal-scroll-region')].map(el => {
  const label = document.getElementById(el.getAttribute('aria-labelledby') || '');
  return {
    tabindex: el.getAttribute('tabindex'),
    role: el.getAttribute('role'),
    label: label ? label.textContent.trim() : null,
    scrolls: el.scrollWidth > el.clientWidth,
  };
})"""


@pytest.fixture
def a_year_of_activity(programme_staff, champion_staff, la_officer):
    """Enough of everything that each page with a wide table has rows: returns from every pathfinder area and
    from Greater Manchester Group's LAs, an event with registrations, offers and days, a snapshot."""
    q1, q2 = Quarter.objects.filter(number__in=[1, 2]).order_by("number")
    elements = list(Element.objects.all())
    costs = [(CdfTheme.FAMILIES, Agency.HEALTH, Decimal(700), Decimal(300))]
    for la in LocalAuthority.objects.filter(pathfinder__isnull=False):
        for quarter in (q1, q2):
            make_return(la, quarter, by=programme_staff, elements=elements, grant=Decimal(800), costs=costs)
    for la in LocalAuthority.objects.filter(region__slug="north-west", pathfinder__isnull=True).order_by("name")[:6]:
        make_return(la, q2, by=programme_staff, elements=elements, level=Level.EARLY)  # Bolton's among them

    event = make_event(created_by=champion_staff, kind=Event.Kind.REGIONAL_CONFERENCE)
    for n in range(3):
        make_registration(
            event,
            name=f"Alexandra Montgomery-Smythe {n}",
            email=f"alexandra.montgomery-smythe.{n}@parent-carer-forum.example.org.uk",
            organisation="Bolton Parent Carer Forum and Family Support Network",
        )
    offer = make_offer(created_by=champion_staff)
    make_support_day(local_authority=LocalAuthority.objects.get(slug="bolton"), requested_by=la_officer, offer=offer)
    make_support_day(
        local_authority=LocalAuthority.objects.get(slug="bury"),
        requested_by=la_officer,
        status="delivered",
        date=timezone.localdate() - datetime.timedelta(days=7),
    )
    programme = q1.programme
    tracker_snapshot_take(programme=programme, kind="quarter", occasion="Q1", as_at=timezone.now(), now=timezone.now())
    return {"event": event, "quarters": (q1, q2), "programme": programme}


def _pages(world) -> dict[str, list[str]]:
    slug, event, (q1, q2) = world["programme"].slug, world["event"], world["quarters"]
    return {
        "programme_staff": [
            "/regions/",
            "/regions/north-west/",
            "/champions/",
            "/champions/greater-manchester-group/",
            "/pathfinders/",
            f"/events/{event.pk}/registrations/",
            "/self-evaluation/reports/levels/",
            f"/self-evaluation/reports/change/?before={q1.pk}&after={q2.pk}",
            "/self-evaluation/reports/costs/",
            f"/self-evaluation/windows/{q2.pk}/",
            f"/programme/{slug}/",
            f"/programme/{slug}/tracker/",
            f"/programme/{slug}/tracker/champions/greater-manchester-group/",
            f"/programme/{slug}/tracker/regions/north-west/",
            "/support-days/coverage/",
            f"/events/{event.pk}/representation/",
            "/self-evaluation/windows/",
            "/case-studies/quarters/",
            "/audit/",
        ],
        "champion_staff": [
            "/home/",
            "/self-evaluation/readiness/",
            "/support-days/patch/",
            "/support-days/offers/",
            "/events/manage/",
            "/case-studies/",
        ],
        "la_officer": ["/support-days/", "/self-evaluation/"],
    }


def test_no_page_with_a_wide_table_scrolls_sideways_at_320_pixels(
    new_page, a_year_of_activity, programme_staff, champion_staff, la_officer, sign_in, assert_accessible
):
    people = {"programme_staff": programme_staff, "champion_staff": champion_staff, "la_officer": la_officer}
    problems, scrolling = [], set()
    for role, urls in _pages(a_year_of_activity).items():
        page = new_page()
        sign_in(page, people[role].email, PASSWORD)
        page.set_viewport_size(NARROW)
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, f"{url} as {role}: {response.status}"
            width, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if width > window:
                problems.append(f"{url} as {role} is {width}px wide: {page.evaluate(WIDER_THAN_THE_WINDOW)}")
            for region in page.evaluate(REGIONS):
                if region["tabindex"] != "0" or region["role"] != "region" or not region["label"]:
                    problems.append(f"{url}: a scrolling region that is not focusable, a region and named: {region}")
                if region["scrolls"]:
                    scrolling.add(url)
            assert_accessible(page)
    assert not problems, "\n".join(problems)
    # The widest tables do not fit in 320px: they scroll inside their regions (the page itself does not).
    event, slug = a_year_of_activity["event"], a_year_of_activity["programme"].slug
    assert {f"/events/{event.pk}/registrations/", f"/programme/{slug}/tracker/", "/audit/"} <= scrolling
