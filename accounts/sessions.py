"""Session limits for programme and champion staff, who see special-category data: a session ends
after STAFF_SESSION_IDLE_SECONDS without a request and STAFF_SESSION_MAX_SECONDS after signing in.

The middleware checks both on every request and sends a person whose session has ended to the
signed-out page; a page warns them first (static/js/session-timeout.js), and without JavaScript
the next request simply lands on that page.
"""

import datetime
import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

SIGNED_IN_AT = "staff_signed_in_at"
LAST_SEEN = "staff_last_seen"
# Activity is written to the session at most this often, not on every request.
LAST_SEEN_RESOLUTION_SECONDS = 15


def session_ended_reason(session, now: float) -> str | None:
    """ "idle" or "limit" when a staff session has ended, else None."""
    if now - session.get(LAST_SEEN, now) > settings.STAFF_SESSION_IDLE_SECONDS:
        return "idle"
    if now - session.get(SIGNED_IN_AT, now) > settings.STAFF_SESSION_MAX_SECONDS:
        return "limit"
    return None


def session_touch(session, now: float, *, force: bool = False) -> None:
    """Record activity; the first time, also when the session started (and let it expire then)."""
    if SIGNED_IN_AT not in session:
        session[SIGNED_IN_AT] = now
        # A moment, not "seconds of inactivity": the stored session goes soon after the limit (not at it,
        # so that the next request still finds it and can say why the person was signed out).
        ends = now + settings.STAFF_SESSION_MAX_SECONDS + settings.STAFF_SESSION_IDLE_SECONDS
        session.set_expiry(datetime.datetime.fromtimestamp(ends, tz=datetime.UTC))
    if force or now - session.get(LAST_SEEN, 0) >= LAST_SEEN_RESOLUTION_SECONDS:
        session[LAST_SEEN] = now


def staff_session_limits_middleware(get_response):
    def middleware(request):
        user = request.user
        if user.is_authenticated and user.has_session_limits:
            now = time.time()
            if reason := session_ended_reason(request.session, now):
                logout(request)
                return redirect(f"{reverse('accounts:signed_out')}?reason={reason}")
            session_touch(request.session, now)
        return get_response(request)

    return middleware


def session_start(sender, request, user, **kwargs) -> None:
    """On sign-in (django.contrib.auth's user_logged_in): start a staff session's clocks."""
    if request is not None and hasattr(request, "session") and user.has_session_limits:
        request.session.pop(SIGNED_IN_AT, None)
        session_touch(request.session, time.time(), force=True)
