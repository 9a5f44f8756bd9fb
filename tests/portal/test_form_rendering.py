"""Forms render cheaply (issue 18): widgets and crispy-forms-gds fields are written with few templates, and the
project's overrides give the same markup as the templates they replace."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.signals import template_rendered

from tests.events.factories import make_event


class _Choices(forms.Form):
    authority = forms.ChoiceField(
        choices=[("", "Choose"), ("x", "Tom & <Jerry>"), ("Group", [("g1", "G1"), ("g2", "G2")])]
    )
    several = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")])
    shut = forms.TypedChoiceField(
        choices=[(1, "1")], widget=forms.Select(attrs={"class": "govuk-select", "disabled": True})
    )


def _squashed(html: str) -> str:
    return re.sub(r"\s*\n\s*", "", html)


@pytest.mark.parametrize("name", ["authority", "several", "shut"])
def test_it_renders_a_select_as_django_does(name):
    data = {"authority": "g1", "several": ["2"], "shut": "1"}
    ours = str(_Choices(data)[name])
    djangos = str(_Choices(data, renderer=DjangoTemplates())[name])
    assert "<option" in ours
    assert _squashed(ours) == _squashed(djangos)


@pytest.fixture
def templates_rendered():
    names = []

    def count(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(count)
    yield names
    template_rendered.disconnect(count)


def test_it_renders_the_registration_form_with_few_templates(client, programme_staff, templates_rendered):
    """The form has a select of 152 local authorities and a dozen partner-type radios: it took 390 templates
    (one per option and per radio), which was most of its time."""
    event = make_event(created_by=programme_staff)

    response = client.get(f"/events/{event.pk}/register/")

    assert response.status_code == 200
    assert response.content.decode().count("<option") > 152
    assert len(templates_rendered) < 60, sorted(set(templates_rendered))
    assert "django/forms/widgets/select_option.html" not in templates_rendered
    assert "django/forms/widgets/select.html" not in templates_rendered  # written in Python (form_renderer.py)
    assert "gds/layout/radio_item.html" not in templates_rendered


def test_it_renders_the_navigation_without_a_template_per_item(client, programme_staff, templates_rendered):
    client.force_login(programme_staff)

    response = client.get("/home/")

    assert response.content.decode().count('class="govuk-service-navigation__item') == 7
    assert templates_rendered.count("includes/service_navigation.html") == 1
    # One template per part of the page (11 here); the seven items were seven more.
    assert len(templates_rendered) <= 12, templates_rendered
