"""Every page about one object refuses the same way (DEVELOPERS.md, "Refusals: 403 or 404"):

- a page your role may not use at all: 403 (the role_required decorators; anonymous visitors: sign in);
- an object you may not see: 404, exactly as if it did not exist;
- an object you may see but not change, or an action your side may not take on it: 403;

and a refused request, GET or POST, changes nothing. CASES lists every URL that takes an object's
pk, slug or token; a new one must be added here, or test_it_lists_every_object_view fails.
"""

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import connection
from django.urls import URLResolver, get_resolver, reverse

from case_studies.models import CaseStudy
from regions.models import LocalAuthority
from tests.portal.world import NOW

# Under pytest-xdist every test here goes to one worker, which builds the module's world once.
pytestmark = pytest.mark.xdist_group("refusals")

PEOPLE = ["anonymous", "programme_staff", "champion_staff", "other_champion_staff", "la_officer", "other_la_officer"]
OK, LOGIN, INVALID_LINK = "ok", "sign in", "invalid link"
PROJECT_APPS = [
    "accounts",
    "regions",
    "programme",
    "events",
    "support_days",
    "case_studies",
    "self_evaluation",
    "notifications",
    "tracker",
]


def _people(default, **overrides) -> dict:
    return {person: overrides.get(person, default) for person in PEOPLE} | overrides


PUBLIC = _people(OK)
# Unpublished (a draft event or case study, and its files): only its champion's staff and programme staff.
HIDDEN = _people(404, champion_staff=OK, programme_staff=OK)
PROGRAMME_STAFF_ONLY = _people(403, anonymous=LOGIN, programme_staff=OK)


def organisers(*, hidden: bool) -> dict:
    """Champion staff (their own champion's) and programme staff; another champion's staff get a 404 when
    they may not see the object, a 403 when they may (it is published); LA officers a 403 for the page."""
    other = 404 if hidden else 403
    return _people(403, anonymous=LOGIN, programme_staff=OK, champion_staff=OK, other_champion_staff=other)


# Bolton's own officers' pages about Bolton's day, offer or return: another LA's officers may not see it.
BOLTONS_OFFICERS = _people(403, anonymous=LOGIN, la_officer=OK, other_la_officer=404)
# A day both sides (and programme staff) see; another LA's officers and another champion's staff may not.
BOTH_SIDES = _people(404, anonymous=LOGIN, la_officer=OK, champion_staff=OK, programme_staff=OK)
# A speaker request: the side that asked (Bolton's officers, or Greater Manchester Group's staff) and programme
# staff see it; withdrawing it is the asking side's alone (programme staff, who see it, get a 403).
BOLTONS_SPEAKER_REQUEST = _people(404, anonymous=LOGIN, la_officer=OK, programme_staff=OK)
GMS_SPEAKER_REQUEST = _people(404, anonymous=LOGIN, champion_staff=OK, programme_staff=OK)
WITHDRAW = {"programme_staff": 403}


@dataclass(frozen=True)
class Case:
    name: str  # the URL name
    target: str  # what it is about: a key of `world`
    methods: tuple[str, ...]  # what the view accepts; any other method is a 405
    people: dict  # person -> OK, LOGIN, INVALID_LINK or the status code they get
    extra: tuple = ()  # URL arguments after the object's own

    def __str__(self) -> str:
        return f"{self.name}[{self.target}]"


GET, POST, BOTH = ("get",), ("post",), ("get", "post")
CSV = ("csv",)

CASES = [
    Case("accounts:password_reset_confirm", "guessed reset", BOTH, _people(INVALID_LINK)),
    Case("accounts:invitation_accept", "guessed token", BOTH, _people(410)),
    # A request for an account as Bolton's officer: decided by Greater Manchester Group's staff or programme staff.
    Case("accounts:account_request_detail", "account request", GET, organisers(hidden=True)),
    Case("accounts:account_request_approve", "account request", POST, organisers(hidden=True)),
    Case("accounts:account_request_refuse", "account request", BOTH, organisers(hidden=True)),
    Case("regions:region_detail", "north west", GET, PUBLIC),
    Case("regions:champion_detail", "greater manchester", GET, PUBLIC),
    Case("regions:local_authority_detail", "bolton", GET, PUBLIC),
    Case("regions:local_authority_assign", "bolton", BOTH, PROGRAMME_STAFF_ONLY),
    # A champion's contacts are public, so another champion's staff may see them but not change them: a 403.
    Case("regions:champion_contact_list", "greater manchester", GET, organisers(hidden=False)),
    Case("regions:champion_contact_add", "greater manchester", BOTH, organisers(hidden=False)),
    Case("regions:champion_contact_edit", "greater manchester's contact", BOTH, organisers(hidden=False)),
    Case("regions:champion_contact_remove", "greater manchester's contact", BOTH, organisers(hidden=False)),
    Case("regions:champion_contact_move", "greater manchester's contact", POST, organisers(hidden=False)),
    Case("programme:programme_detail", "programme", BOTH, PUBLIC),
    Case("programme:funding_export", "programme", BOTH, PUBLIC, CSV),
    Case("programme:tracker", "programme", BOTH, PROGRAMME_STAFF_ONLY),
    Case("programme:tracker_export", "programme", BOTH, PROGRAMME_STAFF_ONLY, ("xlsx",)),
    # A champion's delivery figures are for its own staff and programme staff: hidden from other champions.
    Case("programme:tracker_champion", "greater manchester's tracker", BOTH, organisers(hidden=True)),
    Case("programme:tracker_champion_export", "greater manchester's tracker", BOTH, organisers(hidden=True), CSV),
    Case("programme:tracker_region", "north west's tracker", BOTH, PROGRAMME_STAFF_ONLY),
    # Events: anyone sees a published event; a draft only its champion's staff and programme staff.
    *(Case("events:event_detail", t, GET, p) for t, p in (("published event", PUBLIC), ("draft event", HIDDEN))),
    *(Case("events:event_ics", t, GET, p) for t, p in (("published event", PUBLIC), ("draft event", HIDDEN))),
    Case("events:registration_create", "published event", BOTH, PUBLIC),
    Case("events:registration_create", "draft event", BOTH, HIDDEN),
    Case("events:registration_manage", "guessed token", GET, _people(404)),
    Case("events:registration_cancel", "guessed token", BOTH, _people(404)),
    Case("events:registration_group_create", "published event", BOTH, PUBLIC),
    Case("events:registration_group_create", "draft event", BOTH, HIDDEN),
    Case("events:registration_group_manage", "guessed token", GET, _people(404)),
    *(
        Case(f"events:{name}", target, methods, organisers(hidden=target == "draft event"), extra)
        for target in ("published event", "draft event")
        for name, methods, extra in (
            ("event_edit", BOTH, ()),
            ("event_publish", POST, ()),
            ("event_cancel", BOTH, ()),
            ("registration_list", BOTH, ()),
            ("attendance_mark", BOTH, ()),
            ("registration_export", BOTH, CSV),
            ("attendance_export", BOTH, CSV),
            ("event_representation", BOTH, ()),
            ("representation_export", BOTH, CSV),
        )
    ),
    # Speaker requests: Bolton's officers' and Greater Manchester Group's, seen by their side and programme
    # staff (a 404 for anyone else); programme staff answer; only the side that asked withdraws.
    Case("events:speaker_request_detail", "bolton's speaker request", GET, BOLTONS_SPEAKER_REQUEST),
    Case("events:speaker_request_detail", "greater manchester's speaker request", GET, GMS_SPEAKER_REQUEST),
    *(
        Case("events:speaker_request_answer", target, BOTH, PROGRAMME_STAFF_ONLY)
        for target in ("bolton's speaker request", "greater manchester's speaker request")
    ),
    Case("events:speaker_request_withdraw", "bolton's speaker request", BOTH, BOLTONS_SPEAKER_REQUEST | WITHDRAW),
    Case(
        "events:speaker_request_withdraw",
        "greater manchester's speaker request",
        BOTH,
        GMS_SPEAKER_REQUEST | WITHDRAW,
    ),
    # Support days: Bolton's days with Greater Manchester Group, and one of its offers.
    Case("support_days:support_day_book", "offer", BOTH, BOLTONS_OFFICERS),
    Case("support_days:support_day_reschedule", "booked day", BOTH, BOLTONS_OFFICERS),
    Case("support_days:support_day_feedback", "delivered day", BOTH, BOLTONS_OFFICERS),
    Case("support_days:support_day_detail", "booked day", BOTH, BOTH_SIDES),
    Case("support_days:support_day_cancel", "booked day", BOTH, BOTH_SIDES),
    Case("support_days:offer_withdraw", "offer", POST, organisers(hidden=True)),
    Case("support_days:support_day_confirm", "requested day", BOTH, organisers(hidden=True)),
    Case("support_days:support_day_decline", "requested day", BOTH, organisers(hidden=True)),
    Case("support_days:support_day_deliver", "booked day", BOTH, organisers(hidden=True)),
    # Case studies: Greater Manchester Group's draft and published ones, their files, and its resources.
    Case("case_studies:case_study_detail", "published case study", GET, PUBLIC),
    Case("case_studies:case_study_detail", "draft case study", GET, HIDDEN),
    Case("case_studies:attachment_download", "published attachment", GET, PUBLIC),
    Case("case_studies:attachment_download", "draft attachment", GET, HIDDEN),
    Case("case_studies:resource_download", "resource", GET, PUBLIC),
    Case("case_studies:resource_download", "removed resource", GET, _people(404)),
    *(
        Case(f"case_studies:{name}", target, methods, organisers(hidden=target.startswith("draft")))
        for name, methods, targets in (
            ("case_study_edit", BOTH, ("draft case study", "published case study")),
            ("case_study_submit", POST, ("draft case study", "published case study")),
            ("attachment_add", POST, ("draft case study", "published case study")),
            ("attachment_remove", POST, ("draft attachment", "published attachment")),
        )
        for target in targets
    ),
    Case("case_studies:resource_remove", "resource", POST, organisers(hidden=False)),
    Case("case_studies:resource_remove", "removed resource", POST, organisers(hidden=True)),
    *(
        Case(f"case_studies:{name}", target, methods, PROGRAMME_STAFF_ONLY)
        for name, methods in (("case_study_review", BOTH), ("case_study_publish", POST), ("case_study_unpublish", POST))
        for target in ("draft case study", "published case study")
    ),
    Case("case_studies:quarter_deadline_edit", "quarter 2", BOTH, PROGRAMME_STAFF_ONLY),
    # Self-evaluation: Bolton's draft return and Trafford's (a pathfinder's), in quarter 2's open window.
    Case(
        "self_evaluation:return_start",
        "quarter 2",
        BOTH,
        _people(403, anonymous=LOGIN, la_officer=OK, other_la_officer=OK),
    ),
    Case("self_evaluation:return_detail", "bolton's return", BOTH, BOTH_SIDES),
    Case("self_evaluation:return_ratings", "bolton's return", BOTH, BOLTONS_OFFICERS, ("families",)),
    Case("self_evaluation:return_approaches", "bolton's return", BOTH, BOLTONS_OFFICERS),
    Case("self_evaluation:return_submit", "bolton's return", BOTH, BOLTONS_OFFICERS),
    Case("self_evaluation:return_change_start", "bolton's return", BOTH, BOLTONS_OFFICERS),
    Case(
        "self_evaluation:return_costs",
        "trafford's return",
        BOTH,
        _people(403, anonymous=LOGIN, la_officer=404, other_la_officer=404, trafford_officer=OK),
    ),
    Case("self_evaluation:window_detail", "quarter 2", BOTH, PROGRAMME_STAFF_ONLY),
    Case("self_evaluation:window_open", "quarter 2", BOTH, PROGRAMME_STAFF_ONLY),
    Case("self_evaluation:window_close", "quarter 2", POST, PROGRAMME_STAFF_ONLY),
    Case("self_evaluation:missing_export", "quarter 2", BOTH, PROGRAMME_STAFF_ONLY, CSV),
    Case("self_evaluation:return_reopen", "bolton's return", BOTH, PROGRAMME_STAFF_ONLY),
    # An email about Greater Manchester Group's event that failed: its staff and programme staff may send it again.
    Case("notifications:message_send_again", "failed email", POST, organisers(hidden=True)),
]


def _object_view_names() -> set[str]:
    """Every URL name of ours whose pattern takes an argument other than a download format."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":  # Django's own
                    yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name and set(pattern.pattern.converters) - {"fmt"}:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns))


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def programme_staff(world):
    return world["users"]["programme_staff"]


@pytest.fixture
def la_officer(world):
    return world["users"]["la_officer"]


def _url(case: Case, world: dict, *, missing: bool = False) -> str:
    args = world[case.target][1 if missing else 0]
    return reverse(case.name, args=[*args, *case.extra])


def _post_data(case: Case, world: dict) -> dict:
    """Answers the view's form would accept, so a missing check would change something."""
    if case.name.startswith("events:event_edit"):
        return world["event data"]
    if case.name == "case_studies:case_study_edit":
        return world["study data"]
    return {key: value() if callable(value) else value for key, value in world["data"].items()}


def _models():
    return [model for label in PROJECT_APPS for model in apps.get_app_config(label).get_models()]


def _state() -> list:
    """Every row of every model of ours (but when people last signed in). On PostgreSQL one query gives a
    digest of each table's rows in order; elsewhere the rows themselves."""
    if connection.vendor == "postgresql":
        digests = [
            f"(SELECT md5(coalesce(string_agg((to_jsonb(t) - 'last_login')::text, '|' ORDER BY t.{pk}), '')) "  # noqa: S608
            f"FROM {table} t)"
            for table, pk in ((m._meta.db_table, m._meta.pk.column) for m in _models())
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(digests)}")  # noqa: S608 (our own table names)
            return list(cursor.fetchone())
    rows = []
    for model in _models():
        values = model.objects.order_by("pk").values()
        rows.append([{k: v for k, v in row.items() if k != "last_login"} for row in values])
    return rows


def _browser(client, world: dict, person: str):
    if person == "anonymous":
        return client
    client.force_login(world["users"][person])
    return client


def _without_tokens(html: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html.decode())


def _assert_outcome(response, outcome) -> None:
    if outcome == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    elif outcome == INVALID_LINK:
        assert response.status_code == 200 and response.context["validlink"] is False
    elif outcome == OK:
        assert response.status_code in (200, 302)
        assert not (response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")))
    else:
        assert response.status_code == outcome


def _refusals():
    for case in CASES:
        for person, outcome in case.people.items():
            if outcome != OK:
                for method in case.methods:
                    yield pytest.param(case, person, method, id=f"{case}-{person}-{method}")


def test_it_lists_every_object_view():
    assert {case.name for case in CASES} == _object_view_names()


def test_it_says_what_each_shared_person_gets_from_every_case():
    for case in CASES:
        assert set(PEOPLE) <= set(case.people), case


@pytest.mark.parametrize("case,person,method", list(_refusals()))
def test_it_refuses_and_changes_nothing(
    client, world, mailoutbox, django_capture_on_commit_callbacks, case, person, method
):
    outcome = case.people[person]
    browser = _browser(client, world, person)
    before = _state()

    with django_capture_on_commit_callbacks(execute=True):
        url = _url(case, world)
        response = browser.post(url, _post_data(case, world)) if method == "post" else browser.get(url)

    _assert_outcome(response, outcome)
    assert _state() == before
    assert mailoutbox == []
    if outcome == 404:  # exactly as if it did not exist
        missing = _url(case, world, missing=True)
        absent = browser.post(missing, _post_data(case, world)) if method == "post" else browser.get(missing)
        assert absent.status_code == 404
        assert _without_tokens(response.content) == _without_tokens(absent.content)


@pytest.mark.parametrize(
    "case,person",
    [
        pytest.param(case, person, id=f"{case}-{person}")
        for case in CASES
        if "get" in case.methods
        for person, outcome in case.people.items()
        if outcome == OK
    ],
)
def test_it_lets_in_the_people_it_should(client, world, case, person):
    _assert_outcome(_browser(client, world, person).get(_url(case, world)), OK)


@pytest.mark.parametrize("case", [pytest.param(case, id=str(case)) for case in CASES if case.methods != BOTH])
def test_it_accepts_only_the_methods_it_lists(signed_in, programme_staff, world, case):
    other = "post" if case.methods == GET else "get"
    client = signed_in(programme_staff)
    before = _state()
    response = getattr(client, other)(_url(case, world))
    assert response.status_code == 405
    assert _state() == before


def test_it_knows_its_people(world, la_officer):
    """What the table assumes about the shared people and the objects."""
    assert la_officer.local_authority.assigned_champion.slug == "greater-manchester-group"
    assert LocalAuthority.objects.get(slug="trafford").pathfinder_id is not None
    assert CaseStudy.objects.filter(status="published").count() == 1
