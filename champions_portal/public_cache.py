"""The shared part of the public pages (event finder, event page, library, case study page, regions and
champions), rendered once and kept in the cache (Redis in production, shared by every web process); and the
delivery tracker's figures (tracker/delivery_cache.py), kept the same way.

A page's entry is keyed by the page, what identifies it (its object or its query string), this release of the
code and the current version of each topic it shows ("events", "case_studies", "regions"). Every change to a
model a page shows gives its topic a new version (the receivers in `<app>/page_cache.py`, and `changed()` where
a write sends no signal), so the next request builds the page again: entries are never invalidated one by one,
the old ones are simply never read again and expire. An entry may also say until when it is true (an event
moves from upcoming to past when it ends): after that it is built again.

Only what is the same for every visitor is kept: never the header, messages, CSRF tokens or anything that
depends on who is signed in. The pages put those around the cached HTML. A kept piece with forms in it is
rendered with `csrf_placeholder()` as its token, and `with_csrf_token` puts each visitor's own token in its place.
"""

import datetime
import functools
import hashlib
import secrets
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

TOPICS = ("events", "case_studies", "regions", "support_days", "self_evaluation")
# Entries that nothing has replaced expire anyway, so that the cache does not fill with old versions.
TIMEOUT = 24 * 60 * 60
# Folders of the project that hold no code or templates the pages are made with.
_NOT_CODE = {"tests", "static", "frontend", "locale", "media", "node_modules"}


def _version_key(topic: str) -> str:
    return f"public-pages:version:{topic}"


def _bump(topics) -> None:
    # A random token, not a counter: if the cache loses a version key, a new one cannot repeat an old one.
    cache.set_many({_version_key(topic): secrets.token_hex(8) for topic in topics}, timeout=None)


def changed(*topics: str) -> None:
    """Pages showing these topics are built again from the next request. Called at once and again after the
    transaction commits: a request that read the old rows while the change was being made cannot have kept
    them under the new version."""
    unknown = set(topics) - set(TOPICS)
    if unknown:
        raise ValueError(f"Unknown topics {sorted(unknown)}")
    _bump(topics)
    transaction.on_commit(lambda: _bump(topics))


@functools.cache
def release() -> str:
    """A hash of this release's templates and Python code, so that HTML cached by the previous release is
    never served by the next one. Read once per process."""
    digest = hashlib.sha256()
    for top in sorted(Path(settings.BASE_DIR).iterdir()):
        if top.is_symlink() or not top.is_dir() or top.name.startswith(".") or top.name in _NOT_CODE:
            continue
        for path in sorted(top.rglob("*")):
            if path.suffix in (".py", ".html") and "node_modules" not in path.parts:
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Fragment:
    """One cached piece of a page. Make it before reading the database (so it holds the versions as they were
    then), `get` it, and on a miss build the piece and `set` it."""

    def __init__(self, page: str, *, topics: tuple[str, ...], key: str = ""):
        version_keys = [_version_key(topic) for topic in topics]
        versions = cache.get_many(version_keys)
        for missing in set(version_keys) - set(versions):
            cache.add(missing, secrets.token_hex(8), timeout=None)
            versions[missing] = cache.get(missing)
        identity = "|".join([release(), *(str(versions[k]) for k in version_keys), key])
        self.key = f"public-pages:{page}:{hashlib.sha256(identity.encode()).hexdigest()}"

    def get(self, now: datetime.datetime) -> dict | None:
        entry = cache.get(self.key)
        if entry is None or (entry["until"] is not None and now >= entry["until"]):
            return None
        return entry["value"]

    def set(self, value: dict, *, until: datetime.datetime | None = None) -> None:
        """Keep `value` (strings, numbers: nothing that reads the database), true until `until` if given."""
        cache.set(self.key, {"value": value, "until": until}, timeout=TIMEOUT)


@functools.cache
def csrf_placeholder() -> str:
    """What a kept piece holds in place of the CSRF token: the same in every process of this site (the cache is
    shared), and derived from the secret key so that no one can write it into text the piece shows."""
    return "csrf-" + salted_hmac("public_cache.csrf_placeholder", "placeholder").hexdigest()


def with_csrf_token(html: str, request) -> SafeString:
    """A kept piece (HTML we rendered) with the visitor's own CSRF token in each of its forms."""
    return mark_safe(html.replace(csrf_placeholder(), get_token(request)))  # noqa: S308 (our own rendered HTML)


def query_key(query_dict) -> str:
    """A request's query string in a fixed order: what a list page's entry is keyed by."""
    return urlencode([(name, value) for name, values in sorted(query_dict.lists()) for value in values])
