"""Mott MacDonald's programme team is the first contact everywhere, from one setting (seed 000)."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.views.defaults import server_error

NEW_EMAIL, NEW_PHONE = "champions@example.gov.uk", "0300 123 4567"


def test_it_uses_the_programme_teams_address_and_number_from_the_seed_by_default():
    assert (settings.PROGRAMME_TEAM_EMAIL, settings.PROGRAMME_TEAM_PHONE) == ("pathfinder@mottmac.com", "020 7651 0308")


@pytest.fixture
def moved(settings):
    settings.PROGRAMME_TEAM_EMAIL, settings.PROGRAMME_TEAM_PHONE = NEW_EMAIL, NEW_PHONE


@pytest.mark.parametrize("path", ["/accessibility/", "/privacy/", "/cookies/", "/", "/no-such-page/"])
def test_it_shows_the_setting_on_every_page_that_names_the_team(db, moved, path):
    page = Client().get(path).content.decode()

    assert f'href="mailto:{NEW_EMAIL}' in page
    assert "pathfinder@mottmac.com" not in page


def test_it_gives_the_phone_number_from_the_setting(db, moved):
    page = Client().get("/accessibility/").content.decode()

    assert NEW_PHONE in page and "7651" not in page


def test_it_names_the_team_on_the_server_error_page_too(moved):
    page = server_error(RequestFactory().get("/")).content.decode()

    assert NEW_EMAIL in page


def test_it_names_the_team_in_every_email(db, moved):
    from notifications.services import email_render

    _, _, html = email_render(template="invitation", context={"invitation": None, "accept_url": "http://x/"})

    assert NEW_EMAIL in html and NEW_PHONE in html
