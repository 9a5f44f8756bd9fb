"""A case study's own page: readable by anyone once published; before that, only by its champion's staff
and programme staff, who are told it is not published and where to work on it."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.case_studies.library_factories import make_attachment, make_case_study

UNPUBLISHED = ["draft", "submitted", "returned", "approved"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _url(case_study) -> str:
    return reverse("case_studies:case_study_detail", args=[case_study.pk])


@pytest.fixture
def published(champion_staff):
    made = make_case_study(
        by=champion_staff,
        title="Wigan single pathway",
        summary="One assessment for each family.",
        problem="Families repeated their story.\n\nTo every service.",
        approach="A key worker co-ordinated the assessment.",
        impact="Plans agreed in 12 weeks.",
        lessons="Give families one contact.",
        themes=["coordinated-assessment-ehc-plans", "engagement"],
        local_authorities=["wigan", "manchester"],
    )
    make_attachment(made, name="Pathway map.pdf", content=b"%PDF-1.4\n" + b"x" * 2000)
    return made


def test_it_shows_a_published_case_study_to_anyone(client, published):
    response = client.get(_url(published))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Wigan single pathway – Champions Portal</title>" in html
    assert '<h1 class="govuk-heading-l">Wigan single pathway</h1>' in html
    assert "Case study by Greater Manchester Group (Wigan, Trafford and Manchester)" in html
    assert 'href="/champions/greater-manchester-group/"' in html
    assert "North West" in html
    assert "Quarter 2 2013-14 (July to September 2013)" in html
    assert "<li>Co-ordinated assessment and Education, Health and Care plans</li>" in html
    assert "<li>Manchester</li><li>Wigan</li>" in html
    assert "20 October 2013" in html
    headings = re.findall(r'<h2 class="govuk-heading-m">([^<]+)</h2>', html)
    assert headings == [
        "Summary",
        "What was the problem",
        "What they did",
        "The impact",
        "Lessons for others",
        "Attachments",
    ]
    assert "<p>Families repeated their story.</p>\n\n<p>To every service.</p>" in html
    attachment = published.attachments.get()
    assert f'<a class="govuk-link" href="{attachment.get_absolute_url()}">Pathway map.pdf</a> (PDF, 2.0\xa0KB)' in html
    assert "Print this case study" in html
    assert "not published" not in html
    assert "Review" not in html
    assert "no-cache" not in response.get("Cache-Control", "")
    assert 'href="/library/" class="govuk-back-link"' in html


@pytest.mark.parametrize("person", [None, "la_officer", "other_la_officer", "champion_staff", "other_champion_staff"])
def test_it_shows_a_published_case_study_to_every_role(client, signed_in, request, published, person):
    browser = signed_in(request.getfixturevalue(person)) if person else client
    assert browser.get(_url(published)).status_code == 200


def test_it_says_none_named_when_no_local_authorities_are_involved(client, champion_staff):
    made = make_case_study(by=champion_staff)
    html = client.get(_url(made)).content.decode()
    assert "None named" in html
    assert "Attachments" not in html


def test_it_escapes_what_the_champion_wrote(client, champion_staff):
    made = make_case_study(by=champion_staff, title="<script>alert(1)</script>", lessons="<b>bold</b>")
    html = client.get(_url(made)).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.parametrize("status", UNPUBLISHED)
@pytest.mark.parametrize("person", [None, "la_officer", "other_la_officer", "other_champion_staff"])
def test_it_is_a_404_for_others_until_published(client, signed_in, request, champion_staff, status, person):
    made = make_case_study(by=champion_staff, status=status, title="Secret pathway")
    browser = signed_in(request.getfixturevalue(person)) if person else client
    response = browser.get(_url(made))
    assert response.status_code == 404
    assert "Secret pathway" not in response.content.decode()


def test_it_is_a_404_for_a_case_study_that_does_not_exist(client, reference_data):
    assert client.get(reverse("case_studies:case_study_detail", args=[999])).status_code == 404


@pytest.mark.parametrize(
    "status,notice,edit",
    [
        ("draft", "Draft – not published", True),
        ("returned", "Returned for changes – not published", True),
        ("submitted", "Submitted for review – not published", False),
        ("approved", "Approved – not published", False),
    ],
)
def test_it_shows_an_unpublished_one_to_its_champion_with_a_notice(signed_in, champion_staff, status, notice, edit):
    made = make_case_study(by=champion_staff, status=status)
    response = signed_in(champion_staff).get(_url(made))

    assert response.status_code == 200
    html = response.content.decode()
    assert notice in html
    assert "govuk-notification-banner" in html
    assert (f'href="{reverse("case_studies:case_study_edit", args=[made.pk])}"' in html) is edit
    assert reverse("case_studies:case_study_review", args=[made.pk]) not in html
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_it_shows_an_unpublished_one_to_programme_staff_with_a_link_to_review_it(
    signed_in, champion_staff, programme_staff, status
):
    made = make_case_study(by=champion_staff, status=status)
    response = signed_in(programme_staff).get(_url(made))

    assert response.status_code == 200
    html = response.content.decode()
    assert "– not published" in html
    assert f'href="{reverse("case_studies:case_study_review", args=[made.pk])}">Review this case study' in html
    assert reverse("case_studies:case_study_edit", args=[made.pk]) not in html


def test_it_gives_programme_staff_a_review_link_on_a_published_one_too(signed_in, published, programme_staff):
    html = signed_in(programme_staff).get(_url(published)).content.decode()
    assert f'href="{reverse("case_studies:case_study_review", args=[published.pk])}">Review or unpublish' in html
    assert "not published" not in html


def test_it_refuses_a_post(client, published):
    assert client.post(_url(published)).status_code == 405


def test_it_prints_the_case_study_without_the_site_around_it():
    """The committed stylesheet (frontend/build.sh) hides the site's furniture when printing."""
    css = (Path(django_settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()
    hidden = {
        selector
        for selectors in re.findall(r"@media print\{([^{}]*)\{display:none !important\}", css)
        for selector in selectors.split(",")
    }
    for selector in (
        ".govuk-template__header",
        ".govuk-service-navigation",
        ".govuk-phase-banner",
        ".govuk-back-link",
        ".govuk-button",
        ".govuk-template__footer",
    ):
        assert selector in hidden
    # Links print their address after their text (govuk-frontend), so attachments can be found from paper.
    assert 'content:" (" attr(href) ")"' in css
