from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from accounts.urls import urlpatterns as accounts_urls
from champions_portal.health import healthz
from homes.urls import urlpatterns as homes_urls
from programme.urls import urlpatterns as programme_urls
from tracker.urls import urlpatterns as tracker_urls

admin.site.site_header = "Champions Portal administration"
admin.site.site_title = "Champions Portal admin"

urlpatterns = [
    # Homes read every app, so they have their own app on top, but keep their URL name (accounts:home).
    path("", include((accounts_urls + homes_urls, "accounts"))),
    path("", include("regions.urls")),
    path("", include("events.urls")),
    path("", include("support_days.urls")),
    path("", include("case_studies.urls")),
    path("", include("self_evaluation.urls")),
    path("", include("notifications.urls")),
    path("", include("audit.urls")),
    # The tracker has its own app but keeps its URLs and names under programme/ (programme:tracker...).
    path("programme/", include((programme_urls + tracker_urls, "programme"))),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("accessibility/", TemplateView.as_view(template_name="pages/accessibility.html"), name="accessibility"),
    path(
        "privacy/",
        TemplateView.as_view(
            template_name="pages/privacy.html",
            extra_context={
                "event_needs_retention_days": settings.EVENT_NEEDS_RETENTION_DAYS,
                "email_retention_days": settings.EMAIL_RETENTION_DAYS,
                "registration_retention_days": settings.REGISTRATION_RETENTION_DAYS,
                "audit_retention_days": settings.AUDIT_RETENTION_DAYS,
                "self_evaluation_min_areas": settings.SELF_EVALUATION_MIN_AREAS,
            },
        ),
        name="privacy",
    ),
    path("cookies/", TemplateView.as_view(template_name="pages/cookies.html"), name="cookies"),
]
