"""The page benchmark's pieces (manage.py benchmark_pages), so that it does not rot: the key pages it finds on
generated data answer 200 to the person it signs in for them, the minimal view exists only in its URLconf, and
the rounds and tables come out right. Nothing here times anything or starts gunicorn."""

import importlib
import io
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import Resolver404, resolve
from django.utils import timezone

from benchmarks import measure
from benchmarks.pages import ANONYMOUS, BenchmarkDataMissing, in_process, key_pages, session_keys
from benchmarks.urls import MINIMAL_PATH
from events.models import Event
from tracker.management.commands.generate_benchmark_data import SIZES, large_event_title


@pytest.fixture
def generated(reference_data):
    options = {"events": 20, "upcoming_events": 4, "registrations": 60, "large_events": [460], "support_days": 10}
    call_command("generate_benchmark_data", **options, case_studies=4, seed=1, stdout=io.StringIO())


def test_it_finds_every_key_page_and_each_answers_its_person(generated, settings):
    settings.SECOND_FACTOR_REQUIRED = True  # as in production: staff sessions have passed the second step
    pages = key_pages(now=timezone.now())
    sessions = session_keys()

    names = [page.name for page in pages]
    assert len(names) == len(set(names)) == 18
    assert {"national tracker", "tracker XLSX", "champion's patch", "event finder", "case study page"} <= set(names)
    assert {page.role for page in pages} == {ANONYMOUS, *sessions}
    for page in pages:
        measured = in_process(page, sessions.get(page.role))
        assert measured["status"] == 200, page
        assert measured["bytes"] > 0 and measured["queries"] > 0, page
        assert measured["cached_queries"] <= measured["queries"], page


def test_it_lists_the_10000_person_event_where_there_is_one(generated):
    Event.objects.filter(title=large_event_title(460)).update(title=large_event_title(10_000))
    names = [page.name for page in key_pages(now=timezone.now())]
    assert "registrations list, 10,000 people" in names and "registrations list, 460 people" not in names


def test_it_says_when_the_benchmark_data_is_missing(reference_data):
    with pytest.raises(BenchmarkDataMissing, match="generate_benchmark_data"):
        key_pages(now=timezone.now())
    with pytest.raises(BenchmarkDataMissing, match="generate_benchmark_data"):
        session_keys()


def test_it_has_the_minimal_view_only_in_the_benchmark_urlconf(client):
    with pytest.raises(Resolver404):
        resolve(MINIMAL_PATH)
    with override_settings(ROOT_URLCONF="benchmarks.urls"):
        response = client.get(MINIMAL_PATH)  # no `db` fixture: any query would fail the test
    assert response.status_code == 200 and response.content == b"ok"


def test_its_settings_refuse_a_production_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_ENV", "production")
    monkeypatch.delitem(sys.modules, "benchmarks.settings", raising=False)
    with pytest.raises(ImproperlyConfigured, match="never for a production site"):
        importlib.import_module("benchmarks.settings")


def test_it_refuses_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("benchmark_pages", stdout=io.StringIO())


def test_its_sizes_are_the_issues():
    def totals(size):
        figures = SIZES[size]
        return figures["events"] + len(figures["large_events"]), figures["registrations"] + sum(figures["large_events"])

    assert totals("1x") == (301, 15_460) and SIZES["1x"]["support_days"] == 121
    assert totals("100x") == (30_002, 1_510_460) and SIZES["100x"]["support_days"] == 12_100


def _fake_fetch(slow_path: str):
    def fetch(path, session_key):
        if path == slow_path:
            raise TimeoutError
        return 200, 2 if path == MINIMAL_PATH else 1000

    return fetch


def test_it_alternates_rounds_and_leaves_out_a_page_that_timed_out():
    pages = [
        {"name": "minimal view", "role": ANONYMOUS, "path": MINIMAL_PATH, "queries": 0},
        {"name": "fast page", "role": "programme_staff", "path": "/fast/", "queries": 5},
        {"name": "slow page", "role": ANONYMOUS, "path": "/slow/", "queries": 9, "bytes": 2_900_000},
    ]
    recovered = []
    minimal, (fast, slow) = measure.run_rounds(
        _fake_fetch("/slow/"),
        pages,
        {"programme_staff": "key"},
        rounds=2,
        seconds=0.01,
        concurrency=2,
        recover=lambda: recovered.append(True),
    )

    assert len(fast.bursts) == 2 and len(fast.ratios) == 2 and fast.statuses == {200}
    assert len(slow.bursts) == 1 and slow.timed_out and slow.ratio is None and recovered == [True]
    assert len(minimal.bursts) == 3  # before each page, each round
    assert fast.size == 1000 and fast.queries == 5

    table = measure.table(minimal, [fast, slow], timeout=10)
    assert "| fast page | programme staff |" in table
    # Its size is the in-process one: no request over HTTP finished.
    assert "| slow page | anonymous | timed out (>10 s) | timed out (>10 s) | 2.9 MB | 9 | - | 0 (timed out) |" in table

    both = measure.side_by_side({"1x": (minimal, [fast]), "100x": (minimal, [fast, slow])}, timeout=10)
    assert "| fast page |" in both and "| 1.0 |" in both  # the same figures at both sizes: 100x/1x is 1.0
    assert "| slow page | - | timed out (>10 s) | - |" in both


def test_it_takes_percentiles_by_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert measure.percentile(values, 50) == 50 and measure.percentile(values, 99) == 99
    assert measure.percentile([3.0], 99) == 3 and measure.percentile([], 50) is None
