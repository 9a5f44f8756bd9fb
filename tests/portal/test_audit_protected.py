"""No audit record can be deleted or edited, in the admin or anywhere: the audit models are read-only
in the admin, and the records they audit cannot be deleted while they have history."""

import pytest
from django.contrib import admin
from django.db.models import ProtectedError
from django.test import RequestFactory

from case_studies.models import CaseStudy, ReviewEntry
from regions.models import AssignmentChange, Champion, LocalAuthority
from self_evaluation.models import QuarterlyReturn, ReturnChange, ReturnsWindow, WindowChange
from tests.case_studies.factories import submitted
from tests.self_evaluation import builders

AUDIT_MODELS = [AssignmentChange, ReviewEntry, WindowChange, ReturnChange]


@pytest.fixture
def history(signed_in, programme_staff, champion_staff):
    """One audited object of each kind, each with history: returns (window, return, the return's
    changes), a submitted case study, and an LA moved to another champion."""
    officer = builders.officer_of("bolton")
    quarterly_return = builders.submitted_in_closed_window(officer, builders.quarter(2), programme_staff)
    case_study = submitted(created_by=champion_staff)
    ReviewEntry.objects.create(
        case_study=case_study, action=ReviewEntry.Action.SUBMITTED, by=champion_staff, at=case_study.first_submitted_at
    )
    signed_in(programme_staff).post(
        "/local-authorities/sunderland/champion/",
        {"champion": Champion.objects.get(slug="hertfordshire").pk, "reason": "Capacity"},
    )
    local_authority = LocalAuthority.objects.get(slug="sunderland")
    assert local_authority.assignment_changes.exists()
    window = ReturnsWindow.objects.get(quarter=quarterly_return.quarter)
    assert quarterly_return.changes.exists() and window.history.exists()
    assert case_study.history.exists()
    return {
        "return": quarterly_return,
        "window": window,
        "case_study": case_study,
        "local_authority": local_authority,
    }


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in AUDIT_MODELS}


@pytest.mark.parametrize("kind", ["return", "window", "case_study", "local_authority"])
def test_it_refuses_to_delete_a_record_that_has_history(history, kind):
    before = _counts()

    with pytest.raises(ProtectedError):
        history[kind].delete()

    assert _counts() == before


@pytest.mark.parametrize(
    ("kind", "url"),
    [
        ("return", "/admin/self_evaluation/quarterlyreturn/{pk}/delete/"),
        ("window", "/admin/self_evaluation/returnswindow/{pk}/delete/"),
        ("case_study", "/admin/case_studies/casestudy/{pk}/delete/"),
        ("local_authority", "/admin/regions/localauthority/{pk}/delete/"),
    ],
)
def test_it_deletes_nothing_when_programme_staff_try_in_the_admin(signed_in, programme_staff, history, kind, url):
    obj = history[kind]
    before = _counts()

    response = signed_in(programme_staff).post(url.format(pk=obj.pk), {"post": "yes"})

    assert response.status_code in (200, 403)  # refused, or Django's "cannot delete: protected" page
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert _counts() == before


@pytest.mark.parametrize("model", AUDIT_MODELS, ids=lambda m: m.__name__)
def test_it_lets_nobody_add_change_or_delete_an_audit_record_in_the_admin(programme_staff, model):
    request = RequestFactory().get("/admin/")
    request.user = programme_staff
    holders = [model_admin for model_admin in admin.site._registry.values() if model_admin.model is model]
    holders += [
        inline(model_admin.model, admin.site)
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
        if inline.model is model
    ]
    assert holders, f"{model.__name__} is not in the admin at all"
    for holder in holders:
        is_inline = isinstance(holder, admin.options.InlineModelAdmin)
        assert not (holder.has_add_permission(request, None) if is_inline else holder.has_add_permission(request))
        assert not holder.has_change_permission(request, None)
        assert not holder.has_delete_permission(request, None)


@pytest.mark.parametrize("model", [QuarterlyReturn, ReturnsWindow, CaseStudy], ids=lambda m: m.__name__)
def test_it_offers_no_delete_in_the_admin_for_records_with_an_audit_log(programme_staff, model):
    request = RequestFactory().get("/admin/")
    request.user = programme_staff
    assert not admin.site._registry[model].has_delete_permission(request, None)
