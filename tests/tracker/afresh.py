"""A page built from the rows, not read from the cache (the tracker's figures, tracker/delivery_cache.py; coverage,
support_days/views/coverage.py), for the tests that count a page's queries at two sizes: the cache would
otherwise answer the second request."""

from champions_portal import public_cache
from tracker.delivery_cache import TOPICS


def counted_afresh(client, url: str, params=None):
    public_cache.changed(*TOPICS)
    return client.get(url, params)
