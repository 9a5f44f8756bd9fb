"""Programme staff open, change, close and reopen a quarter's returns window and see who is missing.
Everyone else is refused and changes nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from programme.models import Quarter
from regions.models import LocalAuthority
from self_evaluation.models import QuarterlyReturn, ReturnsWindow
from tests.spreadsheets import xlsx_table

LONDON = ZoneInfo("Europe/London")
# Quarter 2 of 2013-14 ended on 30 September 2013; a new window's suggested deadline is 14 October 2013.
NOW = datetime.datetime(2013, 10, 3, 9, 0, tzinfo=LONDON)
WINDOWS = reverse("self_evaluation:window_list")


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _q(number: int) -> Quarter:
    return Quarter.objects.get(number=number)


def _url(name: str, *args) -> str:
    return reverse(f"self_evaluation:{name}", args=args)


def _window(quarter: Quarter, by, *, deadline=datetime.date(2013, 10, 14), closed: bool = False) -> ReturnsWindow:
    opened = NOW - datetime.timedelta(days=2)
    closed_at, closed_by = (NOW - datetime.timedelta(days=1), by) if closed else (None, None)
    return ReturnsWindow.objects.create(
        quarter=quarter, deadline=deadline, opened_at=opened, opened_by=by, closed_at=closed_at, closed_by=closed_by
    )


def _return(slug: str, quarter: Quarter, by, status: str = "submitted") -> QuarterlyReturn:
    """A return straight into the database (ratings do not matter to these pages)."""
    at = NOW - datetime.timedelta(days=1)
    return QuarterlyReturn.objects.create(
        local_authority=LocalAuthority.objects.get(slug=slug),
        quarter=quarter,
        status=status,
        created_by=by,
        created_at=at,
        updated_at=at,
        submitted_at=at if status != "draft" else None,
    )


def _deadline(*parts) -> dict:
    return {f"deadline_{i}": part for i, part in enumerate(parts)}


def _summary(html: str) -> str:
    return html.split('class="govuk-error-summary"')[1].split("</ul>")[0]


# --- The list of windows --------------------------------------------------------------------------


def test_it_lists_every_quarter_with_its_window_and_how_many_have_submitted(signed_in, programme_staff):
    _window(_q(1), programme_staff, deadline=datetime.date(2013, 7, 14), closed=True)
    _window(_q(2), programme_staff)
    for slug in ("bolton", "sunderland"):
        _return(slug, _q(1), programme_staff)
    _return("wigan", _q(2), programme_staff)
    _return("bury", _q(2), programme_staff, status="draft")
    _return("salford", _q(2), programme_staff, status="reopened")
    response = signed_in(programme_staff).get(WINDOWS)
    assert response.status_code == 200
    html = response.content.decode()
    rows = html.split("<tbody")[1].split("</tr>")
    assert [q.number for q in response.context["quarters"]] == [1, 2, 3, 4]
    assert _q(1).label in rows[0] and "Closed on 2 October 2013" in rows[0] and "2 of 152" in rows[0]
    assert "Open, due 14 October 2013" in rows[1] and "1 of 152" in rows[1]  # drafts and reopened do not count
    assert "Not opened" in rows[2] and "0 of 152" in rows[2] and "Not opened" in rows[3]
    assert _url("window_detail", _q(2).pk) in rows[1]
    for name in ("report_levels", "report_change", "report_costs", "readiness"):
        assert reverse(f"self_evaluation:{name}") in html


def test_it_lists_the_windows_in_a_constant_number_of_queries(signed_in, programme_staff, query_count):
    client = signed_in(programme_staff)
    for quarter in Quarter.objects.all():
        _window(quarter, programme_staff)
    las = list(LocalAuthority.objects.all())
    counts = {}
    for total in (2, 60):
        for n in range(QuarterlyReturn.objects.count(), total):
            _return(las[n % 152].slug, Quarter.objects.get(number=1 + n // 152), programme_staff)
        counts[total] = query_count(lambda: client.get(WINDOWS))
    assert counts[2] == counts[60], counts


# --- One window ----------------------------------------------------------------------------------


def test_it_offers_to_open_a_window_that_was_never_opened(signed_in, programme_staff):
    html = signed_in(programme_staff).get(_url("window_detail", _q(2).pk)).content.decode()
    assert "Not opened" in html and "Open returns" in html and _url("window_open", _q(2).pk) in html
    assert "Close the window" not in html and "Not submitted (152)" in html


def test_it_shows_an_open_window_with_who_is_missing_and_who_has_submitted(signed_in, programme_staff):
    _window(_q(2), programme_staff)
    wigan = _return("wigan", _q(2), programme_staff)
    bury = _return("bury", _q(2), programme_staff, status="draft")
    salford = _return("salford", _q(2), programme_staff, status="reopened")
    _return("bolton", _q(1), programme_staff)  # another quarter's: Bolton is still missing
    response = signed_in(programme_staff).get(_url("window_detail", _q(2).pk))
    html = response.content.decode()
    assert "Open, due 14 October 2013" in html and "1 October 2013 by Pat" in html
    assert "Change deadline" in html and "Close the window" in html and _url("window_close", _q(2).pk) in html
    assert "Reopen the window" not in html and "1 of 152 local authorities" in html
    missing = html.split('id="missing"')[1].split('id="submitted"')[0]
    assert "Not submitted (151)" in html and len(response.context["missing"]) == 151
    assert ">Wigan<" not in missing
    assert "Not started" in missing.split(">Bolton<")[1].split("</tr>")[0]
    bury_row = missing.split(">Bury<")[1].split("</tr>")[0]
    assert ">No<" in bury_row and "Draft" in bury_row and _url("return_detail", bury.pk) in bury_row
    assert "Reopened for correction" in missing.split(">Salford<")[1].split("</tr>")[0]
    assert _url("return_detail", salford.pk) in missing
    assert "Oldham and Rochdale" in missing.split(">Oldham<")[1].split("</tr>")[0]  # a pathfinder names it
    assert _url("missing_export", _q(2).pk, "csv") in missing and _url("missing_export", _q(2).pk, "xlsx") in missing
    submitted = html.split('id="submitted"')[1]
    assert "Submitted (1)" in html and _url("return_detail", wigan.pk) in submitted
    assert "2 October 2013" in submitted and _url("return_reopen", wigan.pk) in submitted


def test_it_offers_to_reopen_a_closed_window(signed_in, programme_staff):
    _window(_q(1), programme_staff, closed=True)
    html = signed_in(programme_staff).get(_url("window_detail", _q(1).pk)).content.decode()
    assert "Closed on 2 October 2013" in html and "2 October 2013 by Pat" in html
    assert "Reopen the window" in html and "Close the window" not in html and "Change deadline" not in html


def test_it_shows_a_window_in_a_constant_number_of_queries(signed_in, programme_staff, query_count):
    client = signed_in(programme_staff)
    _window(_q(2), programme_staff)
    las = list(LocalAuthority.objects.all())
    counts = {}
    for total in (3, 90):
        for n in range(QuarterlyReturn.objects.count(), total):
            _return(las[n].slug, _q(2), programme_staff, status=["submitted", "draft", "reopened"][n % 3])
        counts[total] = query_count(lambda: client.get(_url("window_detail", _q(2).pk)))
    assert counts[3] == counts[90], counts


def test_it_downloads_who_is_missing(signed_in, programme_staff):
    _window(_q(2), programme_staff)
    _return("wigan", _q(2), programme_staff)
    _return("bury", _q(2), programme_staff, status="draft")
    client = signed_in(programme_staff)
    response = client.get(_url("missing_export", _q(2).pk, "csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="returns-missing-2013-14-q2-2013-10-03.csv"' in response["Content-Disposition"]
    lines = response.getvalue().decode("utf-8-sig").splitlines()
    assert lines[0] == "Local authority,Region,Pathfinder,Return" and len(lines) == 152
    assert "Bury,North West,No,Draft" in lines and "Bolton,North West,No,Not started" in lines
    assert not any(line.startswith("Wigan,") for line in lines)
    response = client.get(_url("missing_export", _q(2).pk, "xlsx"))
    rows = xlsx_table(response.getvalue())
    assert rows[0] == ("Local authority", "Region", "Pathfinder", "Return") and len(rows) == 152
    assert client.get(_url("missing_export", _q(2).pk, "pdf")).status_code == 404
    assert client.get(_url("missing_export", 999999, "csv")).status_code == 404


# --- Opening and changing ---------------------------------------------------------------------------


def test_it_suggests_a_deadline_14_days_after_the_quarter_ends(signed_in, programme_staff):
    response = signed_in(programme_staff).get(_url("window_open", _q(2).pk))
    html = response.content.decode()
    assert response.status_code == 200 and "Open returns for quarter 2" in html
    assert 'name="deadline_0" value="14"' in html and 'name="deadline_1" value="10"' in html
    assert 'name="deadline_2" value="2013"' in html


def test_it_opens_a_window(signed_in, programme_staff):
    client = signed_in(programme_staff)
    response = client.post(_url("window_open", _q(2).pk), _deadline("21", "10", "2013"))
    assert response.status_code == 302 and response.url == _url("window_detail", _q(2).pk)
    window = ReturnsWindow.objects.get()
    assert (window.quarter, window.deadline, window.opened_by, window.opened_at) == (
        _q(2),
        datetime.date(2013, 10, 21),
        programme_staff,
        NOW,
    )
    assert window.is_open
    html = client.get(response.url).content.decode()
    assert f"Returns for {_q(2).label} are open, due 21 October 2013." in html.replace("&#x27;", "'")


def test_it_changes_an_open_windows_deadline(signed_in, programme_staff):
    window = _window(_q(2), programme_staff)
    client = signed_in(programme_staff)
    html = client.get(_url("window_open", _q(2).pk)).content.decode()
    assert "Change the deadline for quarter 2" in html and 'name="deadline_0" value="14"' in html
    response = client.post(_url("window_open", _q(2).pk), _deadline("3", "10", "2013"))  # today is allowed
    assert response.status_code == 302
    window.refresh_from_db()
    assert window.deadline == datetime.date(2013, 10, 3) and window.opened_at == NOW - datetime.timedelta(days=2)
    assert "is now 3 October 2013" in client.get(response.url).content.decode()


def test_it_reopens_a_closed_window(signed_in, programme_staff):
    window = _window(_q(1), programme_staff, closed=True)
    client = signed_in(programme_staff)
    assert "Reopen the window for quarter 1" in client.get(_url("window_open", _q(1).pk)).content.decode()
    client.post(_url("window_open", _q(1).pk), _deadline("10", "10", "2013"))
    window.refresh_from_db()
    assert window.is_open and window.closed_by is None and window.opened_at == NOW
    assert window.deadline == datetime.date(2013, 10, 10)


@pytest.mark.parametrize(
    "parts,message",
    [
        (("", "", ""), "Enter the deadline"),
        (("14", "10", ""), "Enter the deadline"),
        (("31", "2", "2014"), "Deadline must be a real date"),
        (("x", "10", "2013"), "Deadline must be a real date"),
        (("14", "10", "13"), "Deadline must be a real date"),
        (("2", "10", "2013"), "The deadline must be today or in the future"),
    ],
)
@pytest.mark.parametrize("opened", [False, True])
def test_it_refuses_a_bad_deadline_and_saves_nothing(signed_in, programme_staff, parts, message, opened):
    if opened:
        _window(_q(2), programme_staff)
    before = list(ReturnsWindow.objects.values())
    response = signed_in(programme_staff).post(_url("window_open", _q(2).pk), _deadline(*parts))
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert message in _summary(html)
    assert list(ReturnsWindow.objects.values()) == before


def test_it_shows_the_error_summary_for_an_empty_post(signed_in, programme_staff):
    response = signed_in(programme_staff).post(_url("window_open", _q(2).pk))
    assert response.status_code == 200 and "Enter the deadline" in _summary(response.content.decode())
    assert not ReturnsWindow.objects.exists()


# --- Closing --------------------------------------------------------------------------------------


def test_it_closes_an_open_window_once(signed_in, programme_staff, time_machine):
    window = _window(_q(2), programme_staff)
    client = signed_in(programme_staff)
    response = client.post(_url("window_close", _q(2).pk))
    assert response.status_code == 302 and response.url == _url("window_detail", _q(2).pk)
    window.refresh_from_db()
    assert (window.closed_at, window.closed_by) == (NOW, programme_staff)
    html = client.get(response.url).content.decode().replace("&#x27;", "'")
    assert (
        f"Returns for {_q(2).label} are closed. LAs can no longer change or submit them; "
        "you can still reopen a return for correction." in html
    )
    time_machine.move_to(NOW + datetime.timedelta(days=1), tick=False)
    client.post(_url("window_close", _q(2).pk))
    window.refresh_from_db()
    assert window.closed_at == NOW
    html = client.get(response.url).content.decode()
    assert "were already closed on 3 October 2013. Nothing has changed." in html


def test_it_closes_nothing_when_the_window_was_never_opened(signed_in, programme_staff):
    client = signed_in(programme_staff)
    response = client.post(_url("window_close", _q(3).pk), follow=True)
    assert "have not been opened, so there is nothing to close" in response.content.decode()
    assert not ReturnsWindow.objects.exists()


def test_it_closes_only_by_post(signed_in, programme_staff):
    _window(_q(2), programme_staff)
    assert signed_in(programme_staff).get(_url("window_close", _q(2).pk)).status_code == 405
    assert ReturnsWindow.objects.get().is_open


def test_it_gives_404_for_an_unknown_quarter(signed_in, programme_staff):
    client = signed_in(programme_staff)
    for name in ("window_detail", "window_open"):
        assert client.get(_url(name, 999999)).status_code == 404
    assert client.post(_url("window_close", 999999)).status_code == 404


# --- Who is refused --------------------------------------------------------------------------------


def _requests() -> list[tuple[str, str, dict | None]]:
    q1, q2 = _q(1), _q(2)
    return [
        ("get", WINDOWS, None),
        ("get", _url("window_detail", q2.pk), None),
        ("get", _url("window_open", q1.pk), None),
        ("post", _url("window_open", q1.pk), _deadline("20", "10", "2013")),
        ("post", _url("window_open", q2.pk), _deadline("20", "10", "2013")),
        ("post", _url("window_close", q2.pk), None),
        ("get", _url("missing_export", q2.pk, "csv"), None),
    ]


def _send(client, method: str, url: str, data):
    return client.post(url, data or {}) if method == "post" else client.get(url)


@pytest.fixture
def opened(programme_staff) -> ReturnsWindow:
    return _window(_q(2), programme_staff)


def test_it_sends_anonymous_visitors_to_sign_in(client, opened):
    before = list(ReturnsWindow.objects.values())
    for method, url, data in _requests():
        response = _send(client, method, url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), url
    assert list(ReturnsWindow.objects.values()) == before


@pytest.mark.parametrize("person", ["champion_staff", "other_champion_staff", "la_officer", "other_la_officer"])
def test_it_refuses_everyone_but_programme_staff(request, signed_in, opened, person):
    client = signed_in(request.getfixturevalue(person))
    before = list(ReturnsWindow.objects.values())
    for method, url, data in _requests():
        assert _send(client, method, url, data).status_code == 403, url
    assert list(ReturnsWindow.objects.values()) == before
