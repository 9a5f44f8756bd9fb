"""No path or query value, on any URL, is a 500 (issue 13, "Hostile input").

Every URL pattern is taken from the resolver (Django's admin too); each path parameter in turn is
replaced by malformed values while the others stay valid, and every page is asked again with ?q=,
?page= and each field of its GET forms set to the same values. Each page's POST forms are also sent
with a NUL in every field, by everyone who has forms. Nothing may be a 500: a 4xx, or a 200/302 where
the value is ignored or refused by a form. champions_portal/malformed_requests.py answers a control
character in a path with a 404 and ignores a cookie with a NUL; forms refuse a NUL in a query.

It runs on PostgreSQL, which refuses a NUL in a string where SQLite stores it.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tests.conftest import PASSWORD
from tests.portal.test_refusals import CASES
from tests.portal.world import NOW

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("malformed_urls")]

# Written as they appear in a URL: the client decodes them as a server would.
MALFORMED = ["%00", "a%00b", "x" * 300, "%C0%AF", "..%2F", "-1", "99999999999999999999"]
POSTED = ["\x00", "a\x00b"]
PEOPLE = ["anonymous", "programme_staff"]
# Forms are sent by everyone who has some: LA officers (Trafford's is a pathfinder's) and champion staff too.
POSTERS = [*PEOPLE, "champion_staff", "la_officer", "trafford_officer"]


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # the converter's name, or the group's regex


@dataclass(frozen=True)
class Route:
    pieces: tuple  # literal text and Params, in order
    name: str | None  # "namespace:name"

    def __str__(self) -> str:
        return "".join(p if isinstance(p, str) else f"<{p.name}>" for p in self.pieces)

    @property
    def params(self) -> list[Param]:
        return [p for p in self.pieces if isinstance(p, Param)]

    def url(self, values: dict[str, str]) -> str:
        return "/" + "".join(p if isinstance(p, str) else values[p.name] for p in self.pieces)


_CONVERTER = re.compile(r"<(?:([^>:]+):)?([^>]+)>")


def _route_pieces(route: str) -> list:
    pieces, at = [], 0
    for match in _CONVERTER.finditer(route):
        pieces += [route[at : match.start()], Param(match[2], match[1] or "str")]
        at = match.end()
    return [*pieces, route[at:]]


def _regex_pieces(regex: str) -> list:
    """Named groups become Params; what is left must be plain text (the admin's two patterns are)."""
    text = regex.removeprefix("^").removesuffix("$")
    pieces, at = [], 0
    while (start := text.find("(?P<", at)) >= 0:
        end, depth = start, 0
        while True:
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
            if depth == 0:
                break
        pieces += [text[at:start], Param(text[start + 4 : text.index(">", start)], text[start:end])]
        at = end
    pieces.append(text[at:])
    literal = "".join(p for p in pieces if isinstance(p, str))
    assert not re.search(r"[\\^$.*+?()\[\]{}|]", literal), f"cannot build a URL from {regex!r}"
    return pieces


def _routes(patterns=None, prefix=(), namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        text = str(pattern.pattern)
        pieces = _route_pieces(text) if isinstance(pattern.pattern, RoutePattern) else _regex_pieces(text)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, (*prefix, *pieces), pattern.namespace or namespace)
        else:
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield Route(tuple(p for p in (*prefix, *pieces) if p != ""), name)


ROUTES = list(_routes())


def _valid_values(route: Route, world: dict) -> dict[str, str]:
    """Arguments that open the page: the object of test_refusals' first case for it, else plausible ones."""
    values = {}
    for case in CASES:
        if case.name == route.name:
            args = [*world[case.target][0], *case.extra]
            values = {param.name: str(arg) for param, arg in zip(route.params, args, strict=True)}
            break
    admin_model = re.fullmatch(r"admin/(\w+)/(\w+)/<object_id>.*", str(route))
    for param in route.params:
        if param.name in values:
            continue
        if param.name == "object_id" and admin_model:
            model = apps.get_model(admin_model[1], admin_model[2])
            values[param.name] = str(model.objects.order_by("pk").values_list("pk", flat=True).first() or 1)
        elif param.name == "fmt":
            values[param.name] = "csv"
        elif param.name == "app_label":
            values[param.name] = "events"
        else:
            values[param.name] = {"int": "1", "slug": "x"}.get(param.kind, "1")
    return values


class _Forms(HTMLParser):
    """Each <form> on a page: its method, action and the names of its fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action") or ""})
            self.forms[-1]["fields"] = set()
        elif tag in ("input", "select", "textarea", "button") and self.forms and attrs.get("name"):
            self.forms[-1]["fields"].add(attrs["name"])


def _forms(response) -> list[dict]:
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return []
    parser = _Forms()
    parser.feed(response.content.decode())
    return parser.forms


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _clients(world: dict, people=PEOPLE) -> dict[str, Client]:
    clients = {person: Client(raise_request_exception=False) for person in people}
    for person, client in clients.items():
        if person != "anonymous":
            client.force_login(world["users"][person])
    return clients


def _acceptable(status: int) -> bool:
    return status in (200, 302) or 400 <= status < 500


def test_it_walks_every_url_pattern():
    assert len(ROUTES) == len({str(route) for route in ROUTES}) > 200
    assert any(str(route) == "registrations/<token>/" for route in ROUTES)
    assert any(str(route).startswith("admin/events/event/<object_id>") for route in ROUTES)


@pytest.mark.parametrize("route", [r for r in ROUTES if r.params], ids=str)
def test_it_never_answers_500_to_a_malformed_path_value(world, route):
    valid = _valid_values(route, world)
    failures = []
    for person, client in _clients(world).items():
        for param in route.params:
            for value in MALFORMED:
                url = route.url({**valid, param.name: value})
                status = client.get(url).status_code
                if not _acceptable(status):
                    failures.append(f"{person} GET {url[:80]} -> {status}")
    assert failures == []


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_it_never_answers_500_to_a_malformed_query_value(world, route):
    url = route.url(_valid_values(route, world))
    failures = []
    for person, client in _clients(world).items():
        fields = {"q", "page"}
        for form in _forms(client.get(url)):
            if form["method"] == "get":
                fields |= form["fields"]
        for value in MALFORMED:
            query = "&".join(f"{field}={value}" for field in sorted(fields))
            status = client.get(f"{url}?{query}").status_code
            if not _acceptable(status):
                failures.append(f"{person} GET {url}?{query[:80]} -> {status}")
    assert failures == []


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_it_never_answers_500_to_a_form_posted_with_a_nul(world, route):
    url = route.url(_valid_values(route, world))
    failures = []
    for person, client in _clients(world, POSTERS).items():
        for form in _forms(client.get(url)):
            action = urlsplit(form["action"]).path or url
            if form["method"] != "post" or action in ("/sign-out/", "/admin/logout/"):  # would end the walk
                continue
            for value in POSTED:
                data = dict.fromkeys(form["fields"] - {"csrfmiddlewaretoken"}, value)
                status = client.post(action, data).status_code
                if not _acceptable(status):
                    failures.append(f"{person} POST {action} {sorted(data)} = {value!r} -> {status}")
    assert failures == []


@pytest.mark.parametrize("path", ["/registrations/%00/", "/registrations/a%00b/cancel/", "/events/%01/", "/x%7F/"])
def test_it_answers_a_control_character_in_the_path_with_the_not_found_page(world, path):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in response.content.decode()


@pytest.mark.parametrize("query", ["q=%00", "page=%00", "region=a%00b", "%00=1"])
def test_it_leaves_a_nul_in_the_query_to_the_page_s_form(world, query):
    """The page opens; a form that reads the value refuses it with a GOV.UK error, others ignore it."""
    response = Client().get(f"/library/?{query}")
    assert response.status_code == 200
    if query.startswith(("q=", "region=")):
        assert "<title>Error: " in response.content.decode()


def test_it_answers_a_bad_request_with_the_govuk_page(world):
    too_many_fields = "&".join(f"f{n}=1" for n in range(1001))  # over DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = Client(raise_request_exception=False).get(f"/library/?{too_many_fields}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>There is a problem with the web address – Champions Portal</title>" in html
    assert "Nothing has been saved." in html


def test_it_ignores_a_cookie_with_a_nul_as_if_it_had_not_been_sent(world):
    """An escaped NUL in a quoted cookie becomes a real one: as a session key it reached PostgreSQL."""
    spoiled = Client(raise_request_exception=False)
    spoiled.cookies.load('sessionid="\\000abcdefghijk"; csrftoken="\\000x"')
    response = spoiled.get("/home/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    response = spoiled.get("/sign-in/")
    assert response.status_code == 200
    staff = world["users"]["programme_staff"]
    response = spoiled.post("/sign-in/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert spoiled.get("/home/").status_code == 200
