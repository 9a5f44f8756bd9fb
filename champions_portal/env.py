"""Small typed readers for environment variables. Bad values fail loudly at start-up."""

import datetime
import os
import zoneinfo

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
