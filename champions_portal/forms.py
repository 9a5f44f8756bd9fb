"""The one way our forms get a crispy-forms-gds helper."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit


def gds_helper(*fields, submit: str) -> FormHelper:
    """A GOV.UK form: our error summary, not the browser's pop-ups (novalidate), and one submit button."""
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper
