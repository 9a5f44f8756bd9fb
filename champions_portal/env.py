"""Small typed readers for environment variables. Bad values fail loudly at start-up."""

import datetime
import os
import zoneinfo
from email.utils import getaddresses

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Set the {name} environment variable.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_float(name: str, default: float | None = None) -> float | None:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = env_str(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def env_addresses(name: str) -> list[tuple[str, str]]:
    """Email addresses, comma-separated, each bare or with a name: "Ops Team <ops@example.com>, a@example.com"
    gives [("Ops Team", "ops@example.com"), ("", "a@example.com")], the shape of Django's ADMINS."""
    value = env_str(name)
    if value is None:
        return []
    addresses = getaddresses([value])
    if not addresses or any("@" not in address.strip("@") for _, address in addresses):
        raise ImproperlyConfigured(f"{name} must be email addresses separated by commas, not {value!r}.")
    return [(display.strip(), address.strip()) for display, address in addresses]


def env_list(name: str, default: list[str] | None = None, *, required: bool = False) -> list[str]:
    value = env_str(name, required=required)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_datetime(name: str, *, time_zone: str) -> datetime.datetime | None:
    """An ISO date ("2014-01-14", read as midday) or date and time ("2014-01-14T15:30", in `time_zone` unless
    it gives an offset) as an aware datetime; None when unset or empty."""
    value = env_str(name)
    if value is None:
        return None
    try:
        moment = datetime.datetime.combine(datetime.date.fromisoformat(value.strip()), datetime.time(12))
    except ValueError:
        try:
            moment = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must be a date (2014-01-14) or a date and time (2014-01-14T15:30), not {value!r}."
            ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zoneinfo.ZoneInfo(time_zone))
