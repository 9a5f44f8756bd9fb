from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from case_studies.models import CaseStudy, Resource


def get_case_study_for_user(request, pk: int, *, write: bool = False) -> CaseStudy:
    """The case study, if this person may see it (or work on it, with write=True).

    An unpublished case study is a 404 for anyone but its champion's staff and programme staff, so its
    existence is not revealed; a published one someone may see but not work on is a 403.
    """
    case_study = get_object_or_404(CaseStudy.objects.select_related("champion__region", "quarter__programme"), pk=pk)
    if not case_study.can_view(request.user):
        raise Http404("No such case study")
    if write and not case_study.can_edit_as_owner_or_staff(request.user):
        raise PermissionDenied
    return case_study


def get_resource_for_remover(request, pk: int) -> Resource:
    """A resource its champion's staff (or programme staff, for any) may remove.

    A resource still in the library is public, so anyone else gets a 403; a removed one is a 404 for them,
    as if it did not exist.
    """
    resource = get_object_or_404(Resource, pk=pk)
    if resource.can_remove(request.user):
        return resource
    if resource.removed_at:
        raise Http404("No such resource")
    raise PermissionDenied
