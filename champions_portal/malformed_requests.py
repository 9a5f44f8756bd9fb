"""Addresses and cookies with characters no page of ours uses, dealt with before any view or query sees them.

PostgreSQL refuses a NUL in any string, so a NUL that reached a lookup (a registration's token, a
session key) was a 500. Query values need nothing here: they reach the database only through forms,
which refuse a NUL with a GOV.UK error ("Null characters are not allowed") or an invalid choice;
tests/portal/test_malformed_urls.py asks every page with one to prove it.
"""

import re

from django.http import Http404

# Control characters (C0, DEL, C1): no address of ours has one.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class MalformedRequestMiddleware:
    """A path with a control character is a 404, as no page has one. A cookie with a NUL is ignored, as
    if it had not been sent: a spoiled session cookie signs nobody in and locks nobody out (signing in
    replaces it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _CONTROL.search(request.path_info):
            raise Http404("No page has a control character in its address")
        for name in [name for name, value in request.COOKIES.items() if "\x00" in name + value]:
            del request.COOKIES[name]
        return self.get_response(request)
