from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from self_evaluation.models import QuarterlyReturn, ReturnsWindow


def get_return_for_user(request, pk: int, *, write: bool = False) -> QuarterlyReturn:
    """The return, if this person may see it: an LA officer their own LA's, champion staff their assigned
    LAs', programme staff any. Anyone else gets a 404: a return's existence is not revealed. With
    write=True, only the LA's own officers; someone who may read it but not change it gets a 403 (whether
    it is still open to the officers is the services' rule, so the page can say why not)."""
    returns = QuarterlyReturn.objects.visible_to(request.user)
    queryset = returns.select_related("local_authority__region", "local_authority__pathfinder", "quarter__programme")
    quarterly_return = get_object_or_404(queryset, pk=pk)
    user = request.user
    if write and not (user.is_la_officer and user.local_authority_id == quarterly_return.local_authority_id):
        raise PermissionDenied
    quarterly_return.window = ReturnsWindow.objects.filter(quarter_id=quarterly_return.quarter_id).first()
    return quarterly_return
