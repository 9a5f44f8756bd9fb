"""The site's form renderer: Django's TemplatesSetting (so templates/ can override widget and crispy-forms-gds
templates), with the select widget written in Python.

A select is one loop per option, and the registration form's select of the 152 local authorities was still its
costliest part as a template (a third of the page's time) after its options were written inline. The markup is
that of Django's select.html, select_option.html and attrs.html (tests/portal/test_form_rendering.py compares
them), escaped as the templates escape it.
"""

from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape

SELECT = "django/forms/widgets/select.html"


def _attrs(attrs: dict) -> str:
    """attrs.html: ` name="value"` for each attribute, ` name` alone for True, nothing for False."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict) -> str:
    value, label = conditional_escape(f"{option['value']}"), conditional_escape(option["label"])
    return f'\n  <option value="{value}"{_attrs(option["attrs"])}>{label}</option>'


def select_html(widget: dict) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        parts.extend(_option(option) for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            return select_html(context["widget"])
        return super().render(template_name, context, request)
