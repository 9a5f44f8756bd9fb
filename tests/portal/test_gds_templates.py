"""Our overrides of crispy-forms-gds templates fix its accessibility defects (DEVELOPERS.md)."""

import re

from crispy_forms_gds.layout import Field
from django import forms
from django.template import Context, Template

from champions_portal.forms import gds_helper


class DateInput(forms.DateInput):
    input_type = "date"


class ExampleForm(forms.Form):
    role = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    needs = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple)
    email = forms.EmailField()
    places = forms.IntegerField()
    starts_on = forms.DateField(widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("role"), Field.checkboxes("needs"), "email", "places", "starts_on", submit="Save"
        )


def _render(data: dict) -> str:
    form = ExampleForm(data)
    assert not form.is_valid()
    template = Template("{% load crispy_forms_tags crispy_forms_gds %}{% error_summary form %}{% crispy form %}")
    return template.render(Context({"form": form}))


def test_it_links_every_error_summary_entry_to_an_element_on_the_page():
    html = _render({"email": "nope", "places": "lots", "starts_on": "soon"})
    hrefs = re.findall(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)[0]
    targets = re.findall(r'href="#([^"]+)"', hrefs)
    assert len(targets) == 5
    for target in targets:
        assert f'id="{target}"' in html, target
    # Radios and checkboxes link to their first input, which is what gets focus.
    assert re.search(r'<input[^>]*type="radio"[^>]*id="id_role_1"|<input[^>]*id="id_role_1"[^>]*type="radio"', html)


def test_it_styles_email_number_and_date_inputs_as_govuk_inputs_with_error_borders():
    html = _render({"email": "nope", "places": "lots", "starts_on": "soon"})
    for name in ("email", "places", "starts_on"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        classes = re.search(r'class="([^"]*)"', tag).group(1).split()
        assert "govuk-input" in classes, tag
        assert "govuk-input--error" in classes, tag


def test_it_turns_off_browser_validation_so_the_error_summary_is_what_people_see():
    assert "novalidate" in _render({})


def test_it_writes_dates_and_times_the_govuk_way():
    import datetime

    from django.utils import translation

    moment = datetime.datetime(2013, 10, 14, 14, 30)
    with translation.override("en-gb"):
        html = Template("{{ moment|date }} at {{ moment|time }}").render(Context({"moment": moment}))
    assert html == "14 October 2013 at 2:30pm"
