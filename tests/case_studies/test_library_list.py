"""The good-practice library: anyone finds published case studies and resources, newest first, by theme,
region, champion and words; nothing unpublished is ever listed."""

import datetime

import pytest
from django.urls import reverse

from case_studies.models import CaseStudy, Resource
from champions_portal import public_cache
from programme.models import Theme
from regions.models import Champion
from tests.case_studies.library_factories import LONDON, case_study, make_case_study, make_resource

URL = reverse("case_studies:library")


def _on(day: int, month: int = 10) -> datetime.datetime:
    return datetime.datetime(2013, month, day, 10, 0, tzinfo=LONDON)


def _titles(response) -> list[str]:
    return [item.title for item in response.context["publications"]]


@pytest.fixture
def library(champion_staff, other_champion_staff, programme_staff):
    """Newest first: Wigan (case study, NW), National tool (resource), Hartlepool (case study, NE),
    Bolton toolkit (resource, NW)."""
    make_case_study(
        by=champion_staff,
        title="Wigan single pathway",
        summary="One assessment for each family.",
        problem="Families repeated their story to every service.",
        approach="A key worker co-ordinated the assessment.",
        impact="Plans agreed in 12 weeks.",
        lessons="Give families one contact.",
        themes=["coordinated-assessment-ehc-plans", "engagement"],
        published_at=_on(20),
    )
    make_resource(
        by=programme_staff,
        title="National tool",
        description="The principles of emerging practice, for every area.",
        themes=["personal-budgets", "local-offer"],
        published_at=_on(18),
    )
    make_case_study(
        by=other_champion_staff,
        champion="hartlepool",
        title="Hartlepool budgets",
        summary="Personal budgets for families.",
        problem="Few families knew budgets existed.",
        approach="Workshops with the parent carer forum.",
        impact="Forty families took a budget.",
        lessons="Start small.",
        themes=["personal-budgets"],
        published_at=_on(15),
    )
    make_resource(
        by=champion_staff,  # so North West, from Greater Manchester Group
        title="Bolton toolkit",
        description="A local offer toolkit from Bolton.",
        themes=["local-offer"],
        published_at=_on(10),
    )


def test_it_lists_case_studies_and_resources_newest_first_with_what_people_need(client, library):
    response = client.get(URL)

    assert response.status_code == 200
    assert _titles(response) == ["Wigan single pathway", "National tool", "Hartlepool budgets", "Bolton toolkit"]
    html = response.content.decode()
    wigan = CaseStudy.objects.get(title="Wigan single pathway")
    assert f'<a class="govuk-link" href="{wigan.get_absolute_url()}">Wigan single pathway</a>' in html
    assert (
        'govuk-tag--blue">Case study</strong> by Greater Manchester Group (Wigan, Trafford and Manchester), North West'
        in html
    )
    assert 'govuk-tag--purple">Resource</strong> <strong class="govuk-tag govuk-tag--grey">National</strong>' in html
    assert "Resource</strong> from Greater Manchester Group (Wigan, Trafford and Manchester), North West" in html
    assert "20 October 2013" in html
    assert "Co-ordinated assessment and Education, Health and Care plans; Engagement with children" in html
    assert "One assessment for each family." in html
    assert "A local offer toolkit from Bolton." in html
    assert 'href="https://www.example.org/local-offer-checklist">National tool' in html
    assert "4 results, newest first." in html


def test_it_links_a_resource_with_a_file_to_its_download(client, programme_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tool = make_resource(by=programme_staff, title="Tool", file=b"%PDF-1.4\n", link="")
    html = client.get(URL).content.decode()
    assert f'href="{tool.get_download_url()}">Tool<span class="govuk-visually-hidden"> (PDF download)</span>' in html
    assert "PDF download" in html


@pytest.mark.parametrize(
    "filters,expected",
    [
        ({}, ["Wigan single pathway", "National tool", "Hartlepool budgets", "Bolton toolkit"]),
        ({"theme": "personal-budgets"}, ["National tool", "Hartlepool budgets"]),
        ({"theme": "local-offer"}, ["National tool", "Bolton toolkit"]),
        ({"theme": "joint-commissioning"}, []),
        ({"region": "north-west"}, ["Wigan single pathway", "Bolton toolkit"]),
        ({"region": "north-east"}, ["Hartlepool budgets"]),
        ({"region": "london"}, []),
        ({"region": "national"}, ["National tool"]),
        ({"champion": "hartlepool"}, ["Hartlepool budgets"]),
        ({"champion": "greater-manchester-group"}, ["Wigan single pathway"]),
        ({"q": "wigan"}, ["Wigan single pathway"]),  # title
        ({"q": "FAMILY"}, ["Wigan single pathway"]),  # summary, any case
        ({"q": "story"}, ["Wigan single pathway"]),  # problem
        ({"q": "key worker"}, ["Wigan single pathway"]),  # approach
        ({"q": "forty"}, ["Hartlepool budgets"]),  # impact
        ({"q": "start small"}, ["Hartlepool budgets"]),  # lessons
        ({"q": "emerging practice"}, ["National tool"]),  # description
        ({"q": "toolkit"}, ["Bolton toolkit"]),  # title and description
        ({"q": "families"}, ["Wigan single pathway", "Hartlepool budgets"]),
        ({"q": "families workshops"}, ["Hartlepool budgets"]),  # every word must match
        ({"q": "  families   pathway "}, ["Wigan single pathway"]),
        ({"q": "families nowhere"}, []),
        ({"q": "%"}, []),  # a character, not a wildcard
        ({"q": "_"}, []),
        ({"region": "north-west", "theme": "local-offer"}, ["Bolton toolkit"]),
        ({"region": "north-west", "champion": "greater-manchester-group"}, ["Wigan single pathway"]),
        ({"region": "north-east", "champion": "greater-manchester-group"}, []),
        ({"region": "national", "theme": "personal-budgets", "q": "principles"}, ["National tool"]),
        ({"theme": "personal-budgets", "q": "budgets", "champion": "hartlepool"}, ["Hartlepool budgets"]),
        ({"q": "", "theme": "", "region": "", "champion": "", "page": ""}, None),
    ],
)
def test_it_filters_the_library(client, library, filters, expected):
    response = client.get(URL, filters)
    assert response.status_code == 200
    assert "govuk-error-summary" not in response.content.decode()
    everything = ["Wigan single pathway", "National tool", "Hartlepool budgets", "Bolton toolkit"]
    assert _titles(response) == (everything if expected is None else expected)


def test_it_offers_all_national_and_the_nine_regions(client, library):
    form = client.get(URL).context["form"]
    choices = [label for _, label in form.fields["region"].choices]
    assert choices[:2] == ["All regions", "National"]
    assert len(choices) == 11
    assert "Yorkshire and the Humber" in choices


def test_it_says_when_nothing_matches(client, library):
    html = client.get(URL, {"q": "knitting"}).content.decode()
    assert "Nothing in the library matches your search." in html
    assert "Clear search and filters" in html


@pytest.mark.parametrize(
    "filters,error",
    [
        ({"theme": "knitting"}, "Select a theme from the list"),
        ({"region": "atlantis"}, "Select a region from the list"),
        ({"champion": "nobody"}, "Select a champion from the list"),
        ({"q": "x" * 201}, "Search must be 200 characters or fewer"),
        ({"q": "wigan\x00"}, "Null characters are not allowed"),
        ({"region": "north\x00west"}, "Select a region from the list"),
        ({"theme": "local\x00offer"}, "Null characters are not allowed"),
        ({"champion": "hartlepool\x00"}, "Null characters are not allowed"),
        ({"theme": "x" * 5000}, "Select a theme from the list"),
    ],
)
def test_it_shows_a_bad_filter_as_an_error_and_ignores_it(client, library, filters, error):
    response = client.get(URL, filters)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert error in html
    assert "<title>Error: " in html
    assert len(_titles(response)) == 4


def test_it_applies_the_good_filters_beside_a_bad_one(client, library):
    response = client.get(URL, {"theme": "knitting", "region": "north-east"})
    assert _titles(response) == ["Hartlepool budgets"]


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999", "1.5", "\x00"])
def test_it_shows_a_page_for_any_page_number(client, library, page):
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert len(_titles(response)) == 4


def test_it_takes_a_repeated_parameter_without_failing(client, library):
    response = client.get(URL + "?region=north-east&region=north-west&theme=local-offer")
    assert response.status_code == 200
    assert _titles(response) == ["Bolton toolkit"]


def test_it_never_lists_what_is_not_published(client, signed_in, library, champion_staff, programme_staff):
    for status in ("draft", "submitted", "returned", "approved"):
        make_case_study(by=champion_staff, title=f"Secret {status}", status=status, themes=["local-offer"])
    make_resource(by=programme_staff, title="Secret removed", removed_at=_on(21))

    # Not to the public, nor to their own champion or programme staff: the library is what is published.
    for response in (
        client.get(URL),
        client.get(URL, {"q": "secret"}),
        client.get(URL, {"theme": "local-offer"}),
        signed_in(champion_staff).get(URL),
        signed_in(programme_staff).get(URL, {"region": "north-west"}),
    ):
        assert "Secret" not in response.content.decode()
        assert not [title for title in _titles(response) if title.startswith("Secret")]


def test_it_pages_20_at_a_time_newest_first_keeping_the_filters(client, champion_staff):
    CaseStudy.objects.bulk_create(
        case_study(by=champion_staff, title=f"Study {n:02d}", published_at=_on(1) + datetime.timedelta(hours=n))
        for n in range(1, 46)
    )
    filters = {"region": "north-west", "q": "study"}

    first = client.get(URL, filters)
    second = client.get(URL, {**filters, "page": "2"})
    third = client.get(URL, {**filters, "page": "3"})

    assert _titles(first) == [f"Study {n:02d}" for n in range(45, 25, -1)]
    assert _titles(second) == [f"Study {n:02d}" for n in range(25, 5, -1)]
    assert _titles(third) == [f"Study {n:02d}" for n in range(5, 0, -1)]
    html = second.content.decode()
    assert 'class="govuk-pagination' in html
    assert 'href="?region=north-west&amp;q=study&amp;page=1" rel="prev"' in html
    assert 'href="?region=north-west&amp;q=study&amp;page=3" rel="next"' in html
    assert 'aria-label="Page 2" aria-current="page"' in html
    assert "45 results match your search, newest first. Showing 21 to 40." in html
    assert "(page 2 of 3)" in html
    assert "govuk-pagination" not in client.get(URL, {"q": "Study 01"}).content.decode()


def test_it_elides_page_numbers_far_from_the_current_page(client, champion_staff):
    CaseStudy.objects.bulk_create(
        case_study(by=champion_staff, title=f"Study {n}", published_at=_on(1) + datetime.timedelta(hours=n))
        for n in range(20 * 9)
    )
    html = client.get(URL, {"page": "5"}).content.decode()
    assert "govuk-pagination__item--ellipsis" in html
    assert 'aria-label="Page 1"' in html
    assert 'aria-label="Page 9"' in html
    assert 'aria-label="Page 2"' not in html


def _bulk_library(n: int, champion_staff, programme_staff) -> None:
    """n published case studies and n resources, published in turn, each with two themes, across every
    champion and region (a third of the resources national)."""
    champions = list(Champion.objects.select_related("region"))
    studies = CaseStudy.objects.bulk_create(
        case_study(
            by=champion_staff,
            champion=champions[i % 9].slug,
            title=f"Budgets study {i}",
            published_at=_on(1) + datetime.timedelta(minutes=2 * i),
        )
        for i in range(n)
    )
    resources = Resource.objects.bulk_create(
        Resource(
            title=f"Budgets resource {i}",
            description="A resource.",
            region=None if i % 3 == 0 else champions[i % 9].region,
            link="https://www.example.org/resource",
            published_by=programme_staff,
            published_at=_on(1) + datetime.timedelta(minutes=2 * i + 1),
        )
        for i in range(n)
    )
    themes = list(Theme.objects.all())
    CaseStudy.themes.through.objects.bulk_create(
        CaseStudy.themes.through(casestudy_id=made.pk, theme_id=theme.pk)
        for i, made in enumerate(studies)
        for theme in themes[i % 3 :][:2]
    )
    Resource.themes.through.objects.bulk_create(
        Resource.themes.through(resource_id=made.pk, theme_id=theme.pk)
        for i, made in enumerate(resources)
        for theme in themes[i % 3 :][:2]
    )


FILTERED = {"theme": "personal-budgets", "region": "north-west", "q": "budgets"}


@pytest.mark.parametrize("filters", [{}, FILTERED, {**FILTERED, "page": "2"}, {"region": "national"}])
def test_it_runs_the_same_number_of_queries_for_5_or_200_publications(
    client, champion_staff, programme_staff, query_count, filters
):
    _bulk_library(5, champion_staff, programme_staff)
    few = query_count(lambda: client.get(URL, filters))
    _bulk_library(195, champion_staff, programme_staff)
    public_cache.changed("case_studies")  # bulk_create sends no signals: a bulk load must say so itself
    many = query_count(lambda: client.get(URL, filters))
    public_cache.changed("case_studies")

    shown = client.get(URL, filters).context["publications"]
    assert len(shown) > 5  # the rows really are on the page, both kinds unless only national ones are asked for
    assert {type(item) for item in shown} == (
        {Resource} if filters.get("region") == "national" else {CaseStudy, Resource}
    )
    assert few == many
    assert many <= 10


def test_it_is_about_the_same_size_for_30_or_120_publications(client, champion_staff, programme_staff):
    _bulk_library(15, champion_staff, programme_staff)  # 30 publications: more than a page
    small = client.get(URL)
    _bulk_library(45, champion_staff, programme_staff)  # 120
    public_cache.changed("case_studies")  # bulk_create sends no signals: a bulk load must say so itself
    large = client.get(URL)
    assert len(small.context["publications"]) == len(large.context["publications"]) == 20
    assert abs(len(large.content) - len(small.content)) < 1000  # only the page links differ


def test_it_is_linked_from_the_start_page(client, reference_data):
    html = client.get("/").content.decode()
    assert f'href="{URL}">read case studies and resources in the good practice library</a>' in html
