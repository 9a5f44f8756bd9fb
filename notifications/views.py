"""Emails that failed or are delayed: programme staff see them all, champion staff their own. And the check that
beat, the workers and the outbox keep up, for a monitor."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.permissions import role_required
from notifications.forms import MessageFilterForm
from notifications.heartbeat import background_health
from notifications.models import OutboxMessage
from notifications.services import NotFailed, outbox_message_send_again

PER_PAGE = 50


def _get_message_for_user(request, pk: int) -> OutboxMessage:
    """404 for a message the person may not see, as if it did not exist."""
    return get_object_or_404(OutboxMessage.objects.visible_to(request.user), pk=pk)


@role_required(Role.PROGRAMME_STAFF, Role.CHAMPION_STAFF)
def message_list(request):
    form = MessageFilterForm(request.GET or None)
    rows = form.messages(OutboxMessage.objects.visible_to(request.user))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/outboxmessage_list.html",
        {"form": form, "page": page, "retry_hours": settings.EMAIL_RETRY_HOURS},
    )


@require_POST
@role_required(Role.PROGRAMME_STAFF, Role.CHAMPION_STAFF)
def message_send_again(request, pk: int):
    message = _get_message_for_user(request, pk)
    try:
        outbox_message_send_again(message=message, now=timezone.now())
    except NotFailed:
        raise PermissionDenied from None
    messages.success(request, f"The email to {message.to} will be sent again within a minute.")
    return redirect("notifications:message_list")


@never_cache
@require_GET
def background_healthz(request):
    """For a monitor, not the load balancer (that is /healthz): 503 when beat, the workers or the outbox lag."""
    try:
        healthy, body = background_health(now=timezone.now())
    except DatabaseError:
        healthy, body = False, {"status": "failing", "database": "failing"}
    return JsonResponse(body, status=200 if healthy else 503)
