from django.shortcuts import get_object_or_404

from self_evaluation.models import QuarterlyReturn, ReturnsWindow


def get_return_for_user(request, pk: int, *, write: bool = False) -> QuarterlyReturn:
    """The return, if this person may see it: an LA officer their own LA's, champion staff their assigned
    LAs', programme staff any. With write=True, only the LA's own officers (whether it is still open to
    them is the services' rule, so the page can say why not). Anyone else gets a 404: a return's
    existence is not revealed."""
    returns = QuarterlyReturn.objects.visible_to(request.user)
    if write and not request.user.is_la_officer:
        returns = returns.none()
    queryset = returns.select_related("local_authority__region", "local_authority__pathfinder", "quarter__programme")
    quarterly_return = get_object_or_404(queryset, pk=pk)
    quarterly_return.window = ReturnsWindow.objects.filter(quarter_id=quarterly_return.quarter_id).first()
    return quarterly_return
