"""The readiness grid: each LA a champion supports, by CDF element, from its most recent submitted return.
Champion staff see their own champion's LAs; programme staff choose a champion; LA officers are refused."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from programme.models import Quarter
from regions.models import Champion, LocalAuthority
from self_evaluation.models import Element, Level, QuarterlyReturn, Rating

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2014, 1, 20, 9, 0, tzinfo=LONDON)
READINESS = reverse("self_evaluation:readiness")
GM = "greater-manchester-group"
GM_NAME = "Greater Manchester Group (Wigan, Trafford and Manchester)"


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _q(number: int) -> Quarter:
    return Quarter.objects.get(number=number)


def _return(slug: str, number: int, by, *, status="submitted", level=Level.EARLY, levels=None) -> QuarterlyReturn:
    """A return with every element at `level`, except those in `levels` ({element slug: level})."""
    quarterly_return = QuarterlyReturn.objects.create(
        local_authority=LocalAuthority.objects.get(slug=slug),
        quarter=_q(number),
        status=status,
        created_by=by,
        created_at=NOW,
        updated_at=NOW,
        submitted_at=NOW if status != "draft" else None,
    )
    levels = levels or {}
    Rating.objects.bulk_create(
        Rating(quarterly_return=quarterly_return, element=element, level=levels.get(element.slug, level))
        for element in Element.objects.all()
    )
    return quarterly_return


@pytest.fixture
def returns(la_officer):
    """Bolton: quarter 1 (not started everywhere) and quarter 2 submitted, quarter 3 a draft. Wigan (a GM
    pathfinder): quarter 2 submitted, then reopened for quarter 3. Sunderland (North East): quarter 2."""
    _return("bolton", 1, la_officer, level=Level.NOT_STARTED)
    bolton = _return(
        "bolton",
        2,
        la_officer,
        level=Level.PARTIAL,
        levels={"governance-structures": Level.FULL, "local-offer": Level.NOT_STARTED},
    )
    _return("bolton", 3, la_officer, status="draft", level=Level.FULL)
    wigan = _return("wigan", 2, la_officer, level=Level.IN_PLACE, levels={"local-offer": Level.EARLY})
    _return("wigan", 3, la_officer, status="reopened", level=Level.NOT_STARTED)
    sunderland = _return("sunderland", 2, la_officer, level=Level.FULL)
    return {"bolton": bolton, "wigan": wigan, "sunderland": sunderland}


def _table(html: str, slug: str) -> str:
    return html.split(f'id="caption-{slug}"')[1].split("</table>")[0]


def _row(table: str, name: str) -> str:
    return table.split(f">{name}</th>")[1].split("</tr>")[0]


def test_it_shows_champion_staff_their_las_by_element(signed_in, champion_staff, returns):
    response = signed_in(champion_staff).get(READINESS)
    assert response.status_code == 200
    html = response.content.decode()
    assert [la.name for la in response.context["with_returns"]] == ["Bolton", "Wigan"]
    assert f"2 of the 23 local authorities {GM_NAME} supports have submitted a return." in html
    organisational = _table(html, "organisational")
    assert organisational.startswith(">Organisational engagement and cultural change</caption>")
    head = organisational.split("</thead>")[0]
    assert reverse("self_evaluation:return_detail", args=[returns["bolton"].pk]) in head
    assert "Quarter 2 2013-14</span>" in head.split(">Bolton<")[1].split("</th>")[0]
    assert "Quarter 2 2013-14, pathfinder" in head.split(">Wigan<")[1].split("</th>")[0]
    governance = _row(organisational, "Governance structures").split("</td>")
    assert 'govuk-tag--green">Full<' in governance[0] and 'govuk-tag--purple">In place<' in governance[1]
    local_offer = _row(organisational, "The local offer").split("</td>")
    assert 'govuk-tag--red">Not started<' in local_offer[0] and 'govuk-tag--orange">Early<' in local_offer[1]
    pathway = _row(_table(html, "infrastructure"), "Assessment and planning pathway")
    assert 'govuk-tag--yellow">Partial<' in pathway
    assert ">Engaging and involving families</caption>" in html
    assert 'role="region" aria-labelledby="caption-families" class="portal-scroll-region"' in html
    assert html.count('<th scope="row" class="govuk-table__header">') >= 33
    key = html.split('<h3 class="govuk-heading-s">Key</h3>')[1].split("</dl>")[0]
    assert "Full development" in key and "In place before the programme" in key and "Not started" in key
    no_return = html.split('id="no-return"')[1].split("</ul>")[0]
    assert "No return submitted yet (21)" in html and "Bury" in no_return and "Manchester (pathfinder)" in no_return
    assert "Bolton" not in no_return and "Sunderland" not in html


def test_it_lists_the_least_developed_elements_first(signed_in, champion_staff, returns):
    response = signed_in(champion_staff).get(READINESS)
    rows = response.context["least_developed"]
    slugs = [r.element.slug for r in rows]
    # Then the elements at 1 of 2 in CDF order, governance structures (2 of 2) last.
    assert (slugs[0], slugs[1], slugs[-1]) == ("local-offer", "project-plans-and-objectives", "governance-structures")
    assert (rows[0].full_or_in_place, rows[0].early, rows[0].not_started) == (0, 1, 1)
    assert (rows[1].full_or_in_place, rows[1].partial, rows[-1].full_or_in_place) == (1, 1, 2)
    html = response.content.decode()
    focus = html.split('id="least-developed"')[1].split("</table>")[0]
    assert focus.index("The local offer") < focus.index("Project plans") < focus.index("Governance structures")
    assert "0 of 2" in _row(
        focus,
        'The local offer<br><span class="govuk-body-s govuk-!-font-weight-regular">'
        "Organisational engagement and cultural change</span>",
    )


def test_it_says_when_no_la_has_submitted(signed_in, champion_staff):
    html = signed_in(champion_staff).get(READINESS).content.decode()
    assert f"None of the 23 local authorities {GM_NAME} supports has submitted a return yet." in html
    assert "caption-organisational" not in html and "No return submitted yet (23)" in html


def test_it_shows_the_other_champion_only_its_own_las(signed_in, other_champion_staff, returns):
    client = signed_in(other_champion_staff)
    for url in (READINESS, f"{READINESS}?champion={GM}"):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200 and response.context["champion"].slug == "hartlepool"
        assert [la.name for la in response.context["with_returns"]] == ["Sunderland"]
        assert "Bolton" not in html and "Wigan" not in html and 'name="champion"' not in html


def test_it_lets_programme_staff_choose_a_champion(signed_in, programme_staff, returns):
    client = signed_in(programme_staff)
    html = client.get(READINESS).content.decode()
    assert 'name="champion"' in html and "Choose a champion" in html and "caption-organisational" not in html
    assert f"{GM_NAME} (North West)" in html
    response = client.get(READINESS, {"champion": GM})
    html = response.content.decode()
    assert response.context["champion"].slug == GM and [la.name for la in response.context["with_returns"]] == [
        "Bolton",
        "Wigan",
    ]
    assert f'value="{GM}" selected' in html and "caption-organisational" in html


def test_it_shows_an_error_for_an_unknown_champion(signed_in, programme_staff, returns):
    response = signed_in(programme_staff).get(READINESS, {"champion": "nowhere"})
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert "Select a champion from the list" in html.split('class="govuk-error-summary"')[1]
    assert "caption-organisational" not in html


def test_it_follows_assignment_to_a_champion_from_another_region(signed_in, other_champion_staff, returns):
    bolton = LocalAuthority.objects.get(slug="bolton")
    bolton.champion_override = Champion.objects.get(slug="hartlepool")
    bolton.save()
    response = signed_in(other_champion_staff).get(READINESS)
    assert [la.name for la in response.context["with_returns"]] == ["Bolton", "Sunderland"]


def test_it_refuses_la_officers(signed_in, la_officer, other_la_officer, returns):
    for person in (la_officer, other_la_officer):
        response = signed_in(person).get(READINESS, {"champion": GM})
        assert response.status_code == 403 and b"Bolton" not in response.content


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(READINESS)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("person", ["champion_staff", "programme_staff"])
def test_it_shows_the_grid_in_a_constant_number_of_queries(request, signed_in, la_officer, query_count, person):
    client = signed_in(request.getfixturevalue(person))
    url = f"{READINESS}?champion={GM}"
    gm_las = list(LocalAuthority.objects.assigned_to(Champion.objects.get(slug=GM)).order_by("name"))
    counts = {}
    done = 0
    for total in (2, 15):
        for la in gm_las[done:total]:
            _return(la.slug, 1, la_officer)
            _return(la.slug, 2, la_officer, level=Level.FULL)
        done = total
        counts[total] = query_count(lambda: client.get(url))
    assert counts[2] == counts[15], counts
    assert len(client.get(url).context["with_returns"]) == 15
