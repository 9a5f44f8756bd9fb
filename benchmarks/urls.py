"""The site's URLs plus the benchmark's yardstick: a view that answers "ok" with no database. Only
benchmarks/settings.py points at this URLconf."""

from django.http import HttpResponse
from django.urls import path

from champions_portal.urls import urlpatterns as site_urlpatterns

MINIMAL_PATH = "/_benchmark/ok"


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(MINIMAL_PATH.lstrip("/"), minimal, name="benchmark_minimal"), *site_urlpatterns]
