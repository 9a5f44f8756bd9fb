"""The site's URLs and, for tests/portal/test_error_reporting.py only, a page that fails after reading what was
posted to it, at an address with a token in it."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from champions_portal.urls import urlpatterns as site_urlpatterns


@csrf_exempt  # posted straight to the WSGI application, with no form to take a CSRF token from
def broken(request, token: str):
    request.POST.get("name")  # read what was posted, as a form would, before failing
    raise RuntimeError("The page broke")


urlpatterns = [path("broken/<str:token>/", broken), *site_urlpatterns]
