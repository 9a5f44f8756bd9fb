from django.conf import settings


def session_limits(request) -> dict:
    """The idle limit and warning time, for the timeout warning on staff pages (includes/session_timeout.html)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.has_session_limits):
        return {}
    return {
        "session_limits": {
            "idle_seconds": settings.STAFF_SESSION_IDLE_SECONDS,
            "warning_seconds": settings.STAFF_SESSION_WARNING_SECONDS,
            "warning_minutes": max(1, settings.STAFF_SESSION_WARNING_SECONDS // 60),
        }
    }
