"""Limits on how often one client address, or one target (an account, an email address), may do
something, counted in the cache (Redis in production) over a fixed window.

A view asks `refusal_if_limited(request, checks)` before it acts (a 429 page, or None), and calls
`limit_count(...)` for what counts.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.template.response import TemplateResponse


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


def client_address(request: HttpRequest) -> str:
    """The client's IP address: REMOTE_ADDR, or the address TRUSTED_PROXY_COUNT proxies in front of us
    saw (X-Forwarded-For, counted from the right, so a client cannot choose it)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and forwarded:
        return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


def _key(limit: Limit, subject: str) -> str:
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    return f"rate-limit:{limit.name}:{digest}"


def limit_reached(limit: Limit, subject: str) -> bool:
    return cache.get(_key(limit, subject), 0) >= limit.count


def limit_count(limit: Limit, subject: str) -> None:
    """Count one more for subject; the window starts at the first."""
    key = _key(limit, subject)
    cache.add(key, 0, timeout=limit.seconds)
    try:
        cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=limit.seconds)


def limit_clear(limit: Limit, subject: str) -> None:
    cache.delete(_key(limit, subject))


def too_many_requests(request: HttpRequest, limit: Limit) -> TemplateResponse:
    minutes = max(1, -(-limit.seconds // 60))
    response = TemplateResponse(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(limit.seconds)
    return response


def refusal_if_limited(request: HttpRequest, checks: list[tuple[Limit, str]]) -> TemplateResponse | None:
    """The 429 page if any (limit, subject) has been reached, else None."""
    for limit, subject in checks:
        if limit_reached(limit, subject):
            return too_many_requests(request, limit)
    return None
