from django.http import Http404
from django.shortcuts import get_object_or_404

from case_studies.models import CaseStudy


def get_case_study_for_user(request, pk: int, *, write: bool = False) -> CaseStudy:
    """The case study, if this person may see it (or work on it, with write=True).

    Unpublished case studies are a 404 for anyone but their champion's staff and programme
    staff, so their existence is not revealed.
    """
    case_study = get_object_or_404(CaseStudy.objects.select_related("champion__region", "quarter__programme"), pk=pk)
    allowed = case_study.can_edit_as_owner_or_staff(request.user) if write else case_study.can_view(request.user)
    if not allowed:
        raise Http404("No such case study")
    return case_study
