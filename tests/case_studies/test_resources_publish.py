"""Champion staff share resources for their own region, programme staff national ones; who may remove them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from case_studies.models import Resource
from programme.models import Theme
from regions.models import Region
from tests.case_studies.factories import PDF, make_resource

NOW = datetime.datetime(2013, 10, 10, 9, 0, tzinfo=ZoneInfo("Europe/London"))
CREATE = reverse("case_studies:resource_create")
LIBRARY = reverse("case_studies:library")


@pytest.fixture(autouse=True)
def _frozen_with_media(time_machine, settings, tmp_path):
    time_machine.move_to(NOW, tick=False)
    settings.MEDIA_ROOT = tmp_path


def _data(**overrides) -> dict:
    data = {
        "title": "Local offer checklist",
        "description": "What a good local offer covers, from the Wigan pathfinder.",
        "themes": [Theme.objects.get(slug="local-offer").pk],
        "link": "https://www.example.org/local-offer-checklist",
    }
    return {**data, **overrides}


def _stored(tmp_path) -> list[str]:
    return [path.name for path in tmp_path.rglob("*") if path.is_file()]


def test_it_shares_a_champions_resource_for_its_own_region_whatever_is_posted(signed_in, champion_staff):
    client = signed_in(champion_staff)
    page = client.get(CREATE).content.decode()
    assert "It is shared as a North West resource" in page and 'name="region"' not in page
    london = Region.objects.get(slug="london")
    response = client.post(CREATE, _data(region=london.pk))
    assert response.status_code == 302 and response.url == LIBRARY
    assert _messages(response) == ["Local offer checklist is in the library."]
    resource = Resource.objects.get()
    assert (resource.region.slug, resource.champion, resource.published_by) == (
        "north-west",
        champion_staff.champion,
        champion_staff,
    )
    assert (resource.link, resource.file.name, resource.published_at) == (_data()["link"], "", NOW)
    assert list(resource.themes.values_list("slug", flat=True)) == ["local-offer"]


def test_it_shares_a_national_resource_with_a_file_for_programme_staff(signed_in, programme_staff, tmp_path):
    client = signed_in(programme_staff)
    page = client.get(CREATE).content.decode()
    assert "National (every region)" in page and "Is it national or for one region?" in page
    upload = SimpleUploadedFile("Principles of emerging practice.pdf", PDF)
    client.post(CREATE, _data(title="Principles of emerging practice", link="", file=upload))
    resource = Resource.objects.get()
    assert (resource.is_national, resource.champion, resource.content_type) == (True, None, "application/pdf")
    assert resource.original_name == "Principles of emerging practice.pdf"
    assert (tmp_path / resource.file.name).read_bytes() == PDF


def test_it_lets_programme_staff_share_for_a_region(signed_in, programme_staff):
    london = Region.objects.get(slug="london")
    signed_in(programme_staff).post(CREATE, _data(region=london.pk))
    resource = Resource.objects.get()
    assert (resource.region, resource.champion) == (london, None)


def test_it_asks_for_a_file_or_a_link_and_the_other_fields(signed_in, champion_staff):
    response = signed_in(champion_staff).post(CREATE, {"link": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    summary = html.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    for message in ("Enter the title", "Enter a description", "Select at least one theme"):
        assert message in summary
    assert '<a href="#id_file">Upload a file or enter a link</a>' in summary
    assert not Resource.objects.exists()


def test_it_refuses_a_link_that_is_not_a_web_address(signed_in, champion_staff):
    response = signed_in(champion_staff).post(CREATE, _data(link="not a link"))
    assert "Enter a link in the correct format" in response.content.decode()
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("checklist.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "but it is a PNG file"),
        ("checklist.pdf", b"MZ\x90\x00" + b"\x00" * 60, "The selected file must be a PDF"),
        ("checklist.pdf", b"", "The selected file is empty"),
    ],
)
def test_it_refuses_a_bad_file_and_stores_nothing(signed_in, champion_staff, tmp_path, name, content, message):
    response = signed_in(champion_staff).post(CREATE, _data(link="", file=SimpleUploadedFile(name, content)))
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert message in html.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert not Resource.objects.exists() and _stored(tmp_path) == []


@pytest.mark.parametrize("person", ["la_officer", "other_la_officer"])
def test_it_refuses_la_officers_a_new_resource(request, signed_in, person):
    client = signed_in(request.getfixturevalue(person))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _data()).status_code == 403
    assert not Resource.objects.exists()


def test_it_sends_anonymous_visitors_to_sign_in(client, reference_data):
    for response in (client.get(CREATE), client.post(CREATE, _data())):
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert not Resource.objects.exists()


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _remove(client, resource):
    return client.post(reverse("case_studies:resource_remove", args=[resource.pk]))


def test_it_lets_champion_staff_remove_their_own_champions_resources(signed_in, champion_staff):
    resource = make_resource(published_by=champion_staff)
    response = _remove(signed_in(champion_staff), resource)
    assert response.status_code == 302 and response.url == LIBRARY
    assert _messages(response) == ["Local offer checklist is removed from the library."]
    resource.refresh_from_db()
    assert resource.removed_at == NOW
    assert not Resource.objects.published().exists()


def test_it_lets_programme_staff_remove_any_resource(signed_in, programme_staff, champion_staff):
    local, national = make_resource(published_by=champion_staff), make_resource(published_by=programme_staff)
    client = signed_in(programme_staff)
    for resource in (local, national):
        _remove(client, resource)
    assert not Resource.objects.published().exists()


def test_it_refuses_removal_to_anyone_else_and_changes_nothing(
    request, client, signed_in, champion_staff, programme_staff, other_champion_staff
):
    local, national = make_resource(published_by=champion_staff), make_resource(published_by=programme_staff)
    for resource in (local, national):
        assert _remove(signed_in(other_champion_staff), resource).status_code == 403
    # A champion's staff may not remove a national resource either.
    assert _remove(signed_in(champion_staff), national).status_code == 403
    for person in ("la_officer", "other_la_officer"):
        assert _remove(signed_in(request.getfixturevalue(person)), local).status_code == 403
    client.logout()
    assert _remove(client, local).url.startswith(reverse("accounts:login"))
    assert signed_in(programme_staff).get(reverse("case_studies:resource_remove", args=[local.pk])).status_code == 405
    assert Resource.objects.published().count() == 2


def test_it_says_when_a_resource_was_already_removed(signed_in, champion_staff):
    resource = make_resource(published_by=champion_staff, removed_at=NOW - datetime.timedelta(days=1))
    response = _remove(signed_in(champion_staff), resource)
    assert response.status_code == 302
    assert _messages(response) == ["Local offer checklist was already removed. Nothing changed."]
    resource.refresh_from_db()
    assert resource.removed_at == NOW - datetime.timedelta(days=1)


def test_it_offers_the_remove_button_in_the_library_only_to_who_may_remove(
    client, champion_staff, other_champion_staff, programme_staff
):
    from django.urls import reverse

    from case_studies.services import resource_publish
    from programme.models import Theme

    resource = resource_publish(
        fields={"title": "GM local offer checklist", "description": "d", "link": "https://example.org/x"},
        themes=Theme.objects.filter(slug="local-offer"),
        upload=None,
        by=champion_staff,
        now=datetime.datetime(2013, 10, 1, tzinfo=datetime.UTC),
    )
    remove_url = reverse("case_studies:resource_remove", args=[resource.pk])
    people = ((None, False), (other_champion_staff, False), (champion_staff, True), (programme_staff, True))
    for person, shown in people:
        client.logout()
        if person:
            client.force_login(person)
        html = client.get(reverse("case_studies:library")).content.decode()
        assert (remove_url in html) is shown, person
