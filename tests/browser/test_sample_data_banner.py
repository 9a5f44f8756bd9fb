"""The sample-data banner (sample_data) on every page while sample activity is loaded: readable, and passing
axe-core's WCAG 2.2 AA scan like the rest of the page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sample_data.models import SampleLoad


@pytest.mark.parametrize("path", ["/", "/events/", "/sign-in/"])
def test_it_shows_an_accessible_sample_data_banner(page, reference_data, assert_accessible, settings, path):
    settings.SAMPLE_DATA_BANNER = True
    as_at = timezone.make_aware(datetime.datetime(2014, 1, 14, 12))
    SampleLoad.objects.create(as_at=as_at, loaded_at=timezone.now(), seed=2013)
    page.goto(path)
    banner = page.locator("[data-sample-data-banner]")
    expect(banner).to_contain_text("Sample data")
    expect(banner).to_contain_text("invented sample activity as at 14 January 2014")
    expect(banner).to_contain_text("python manage.py remove_sample_activity")
    assert_accessible(page)
