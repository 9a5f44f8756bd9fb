"""`make test` relies on `--dist loadgroup` keeping an xdist_group on one worker (test_refusals builds its
world once per worker that runs it). pytest-xdist 3.8 marks a group by rewriting the test's node id,
which pytest 9.2 no longer allows (pytest-xdist issue 1386): the groups were silently spread over every
worker. This fails if that happens again."""

import pytest

pytestmark = pytest.mark.xdist_group("xdist-guard")


def test_it_keeps_an_xdist_group_on_one_worker(request):
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("only under pytest-xdist with --dist loadgroup")
    assert request.node.nodeid.endswith("@xdist-guard")
