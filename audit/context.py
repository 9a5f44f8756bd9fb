"""Who is acting, for the audit log: set per request by `audit_actor_middleware` (the signed-in person
and the client address), empty in periodic jobs and tasks (the system)."""

import contextvars
from dataclasses import dataclass

from champions_portal.ratelimit import client_address


@dataclass(frozen=True)
class Actor:
    user: object | None
    client_address: str | None


_actor: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("audit_actor", default=None)


def current_actor() -> Actor | None:
    return _actor.get()


def audit_actor_middleware(get_response):
    def middleware(request):
        user = request.user if request.user.is_authenticated else None
        token = _actor.set(Actor(user=user, client_address=client_address(request) or None))
        try:
            return get_response(request)
        finally:
            _actor.reset(token)

    return middleware
