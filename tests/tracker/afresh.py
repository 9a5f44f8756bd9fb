"""A tracker page with its figures counted from the rows, not read from the cache (tracker/delivery_cache.py), for
the tests that count a page's queries at two sizes: the cache would otherwise answer the second request."""

from champions_portal import public_cache
from tracker.delivery_cache import TOPICS


def counted_afresh(client, url: str):
    public_cache.changed(*TOPICS)
    return client.get(url)
