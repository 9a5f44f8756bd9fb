"""The library and a published case study's page come from the shared cache (champions_portal/public_cache.py):
a second request reads no database, and the next request after a case study is published, withdrawn or changed
shows it."""

import pytest
from django.urls import reverse

from case_studies.models import CaseStudy
from tests.case_studies.library_factories import make_case_study, make_resource

LIBRARY = reverse("case_studies:library")


@pytest.fixture
def published(champion_staff) -> CaseStudy:
    return make_case_study(by=champion_staff, title="Joint commissioning in Wigan")


def _page(client, url, **params) -> str:
    return client.get(url, params).content.decode()


@pytest.mark.parametrize("params", [{}, {"q": "commissioning", "page": "1"}, {"theme": "knitting"}])
def test_it_serves_the_library_a_second_time_without_the_database(client, published, query_count, params):
    assert query_count(lambda: client.get(LIBRARY, params)) >= 4
    assert query_count(lambda: client.get(LIBRARY, params)) == 0


def test_it_serves_a_published_case_study_a_second_time_without_the_database(client, published, query_count):
    url = published.get_absolute_url()
    assert query_count(lambda: client.get(url)) >= 3
    assert query_count(lambda: client.get(url)) == 0
    assert "Joint commissioning in Wigan" in _page(client, url)


def test_it_shows_a_case_study_once_published_and_not_once_withdrawn(
    client, signed_in, programme_staff, champion_staff, published
):
    approved = make_case_study(by=champion_staff, title="Personal budgets in Bolton", status=CaseStudy.Status.APPROVED)
    assert "Personal budgets in Bolton" not in _page(client, LIBRARY)
    assert client.get(approved.get_absolute_url()).status_code == 404

    reviewer = signed_in(programme_staff)
    reviewer.post(reverse("case_studies:case_study_publish", args=[approved.pk]))
    reviewer.post(reverse("case_studies:case_study_unpublish", args=[published.pk]))
    reviewer.logout()

    html = _page(client, LIBRARY)
    assert "Personal budgets in Bolton" in html
    assert "Joint commissioning in Wigan" not in html
    assert "Personal budgets in Bolton" in _page(client, approved.get_absolute_url())
    assert client.get(published.get_absolute_url()).status_code == 404


def test_it_shows_a_case_study_changed_through_the_admin(client, published):
    assert "Joint commissioning in Wigan" in _page(client, published.get_absolute_url())
    published.title = "Joint commissioning across Wigan"
    published.save()  # as the admin does: any save is heard, whoever makes it
    assert "Joint commissioning across Wigan" in _page(client, published.get_absolute_url())
    assert "Joint commissioning across Wigan" in _page(client, LIBRARY)


def test_it_builds_the_library_for_staff_who_may_remove_resources(
    client, signed_in, programme_staff, la_officer, published
):
    make_resource(by=programme_staff, title="National toolkit")
    assert "from the library</button>" not in _page(client, LIBRARY)  # cached for everyone else

    assert "from the library</button>" in _page(signed_in(programme_staff), LIBRARY)
    client.logout()
    assert "from the library</button>" not in _page(signed_in(la_officer), LIBRARY)


def test_it_keeps_the_review_link_out_of_the_cache(client, signed_in, programme_staff, published):
    review = reverse("case_studies:case_study_review", args=[published.pk])
    assert review not in _page(client, published.get_absolute_url())
    assert review in _page(signed_in(programme_staff), published.get_absolute_url())
