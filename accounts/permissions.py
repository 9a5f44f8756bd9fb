"""Who may do what. Every view checks access through these helpers."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from accounts.models import Role


def role_required(*roles: Role):
    """Sign-in required; then 403 unless the user has one of `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.is_active or request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


programme_staff_required = role_required(Role.PROGRAMME_STAFF)


class RoleBackend:
    """Gives programme staff the Django admin for reference data and accounts; nobody else."""

    ADMIN_APPS = {
        "regions",
        "programme",
        "accounts",
        "audit",
        "notifications",
        "events",
        "support_days",
        "case_studies",
        "self_evaluation",
    }

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user, perm: str, obj=None) -> bool:
        return getattr(user, "is_programme_staff", False) and perm.split(".", 1)[0] in self.ADMIN_APPS

    def has_module_perms(self, user, app_label: str) -> bool:
        return getattr(user, "is_programme_staff", False) and app_label in self.ADMIN_APPS
