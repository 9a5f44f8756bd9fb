"""The error reports Django emails to ADMINS (a web 500, a failed task) without anything personal or secret:
what people typed (POST, query string, files), their cookies, the request's headers, a token in the address,
who they are beyond their id, and settings that may hold a password (database and Redis URLs).

Set as DEFAULT_EXCEPTION_REPORTER(_FILTER). The debug page a developer sees with DEBUG on is left whole.
"""

import re
from types import SimpleNamespace

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from champions_portal.request_logging import request_path

# Request headers a report keeps; the others (cookies, referer, forwarded addresses...) are left out.
KEPT_META = frozenset(
    {"REQUEST_METHOD", "SERVER_NAME", "SERVER_PORT", "HTTP_HOST", "CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_USER_AGENT"}
)


class PrivateReporterFilter(SafeExceptionReporterFilter):
    """Every POST value, cookie and frame variable hidden, and settings named like a URL or location too."""

    hidden_settings = re.compile("API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|URL|DSN|LOCATION", flags=re.I)

    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_safe_cookies(self, request):
        if not self.is_active(request):
            return super().get_safe_cookies(request)
        return dict.fromkeys(getattr(request, "COOKIES", {}), self.cleansed_substitute)

    def get_safe_request_meta(self, request):
        if not self.is_active(request):
            return super().get_safe_request_meta(request)
        meta = getattr(request, "META", {})
        return {name: value for name, value in meta.items() if name in KEPT_META}

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class PrivateExceptionReporter(ExceptionReporter):
    """Django's report with the address as it may be logged, no query string or file names, and the user by id."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is None or not self.filter.is_active(self.request):
            return data
        hidden = self.filter.cleansed_substitute
        path = request_path(self.request)
        data["request"] = SimpleNamespace(
            path_info=path,
            META={"REQUEST_METHOD": self.request.method},
            GET=dict.fromkeys(self.request.GET, hidden),
            FILES=dict.fromkeys(self.request.FILES, hidden),
            COOKIES=dict.fromkeys(self.request.COOKIES, hidden),
        )
        data["request_insecure_uri"] = path
        data["request_GET_items"] = [(name, hidden) for name in self.request.GET]
        data["request_FILES_items"] = [(name, hidden) for name in self.request.FILES]
        data["user_str"] = _user(self.request)
        return data


def _user(request) -> str:
    try:
        user = request.user
        return f"user {user.pk}" if user.is_authenticated else "nobody signed in"
    except Exception:  # no user yet, or the database is what failed
        return "[unable to retrieve the current user]"
