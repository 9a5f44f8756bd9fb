"""Requests over HTTP and the tables: no Django here.

Each round requests, for every page in turn, the minimal view for a few seconds and then the page for the
same time, from a few client threads at once; a page's ratio in a round is its requests per second divided by
the minimal view's just before it, so that a busier machine moves both. A page that does not answer within
the timeout is marked "timed out" and left out of later rounds.
"""

import http.client
import math
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# fetch(path, session_key) -> (status, body bytes); raises TimeoutError when the page takes too long.
Fetch = Callable[[str, str | None], tuple[int, int]]


def http_fetcher(host: str, port: int, *, cookie_name: str, headers: dict, timeout: float) -> Fetch:
    def fetch(path: str, session_key: str | None) -> tuple[int, int]:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        try:
            request_headers = {**headers, "Connection": "close"}
            if session_key:
                request_headers["Cookie"] = f"{cookie_name}={session_key}"
            connection.request("GET", path, headers=request_headers)
            response = connection.getresponse()
            size = 0
            while chunk := response.read(65536):
                size += len(chunk)
            return response.status, size
        finally:
            connection.close()

    return fetch


@dataclass
class Burst:
    """Requests to one page from `concurrency` threads for about `seconds`."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)
    size: int = 0
    timed_out: bool = False

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def burst(fetch: Fetch, path: str, session_key: str | None, *, seconds: float, concurrency: int) -> Burst:
    result, lock = Burst(), threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds

    def client():
        while time.perf_counter() < deadline and not result.timed_out:
            began = time.perf_counter()
            try:
                status, size = fetch(path, session_key)
            except TimeoutError:
                with lock:
                    result.timed_out = True
                return
            except (OSError, http.client.HTTPException):
                status, size = 0, 0  # the connection failed (e.g. a worker killed mid-request): shown as status 0
            with lock:
                result.latencies.append(time.perf_counter() - began)
                result.statuses.add(status)
                result.size = size

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0-100), or None with no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(q / 100 * len(ordered)) - 1, 0)]


@dataclass
class PageResult:
    name: str
    role: str
    queries: int | str | None = None  # "built (from the cache)" where they differ
    in_process_bytes: int | None = None  # the size when no request over HTTP finished in time
    bursts: list[Burst] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    timed_out: bool = False

    @property
    def latencies(self) -> list[float]:
        return [t for b in self.bursts for t in b.latencies]

    @property
    def p50_ms(self) -> float | None:
        value = percentile(self.latencies, 50)
        return None if value is None else value * 1000

    @property
    def p99_ms(self) -> float | None:
        value = percentile(self.latencies, 99)
        return None if value is None else value * 1000

    @property
    def size(self) -> int | None:
        sizes = [b.size for b in self.bursts if b.latencies]
        return sizes[-1] if sizes else self.in_process_bytes

    @property
    def per_second(self) -> float | None:
        rates = [b.per_second for b in self.bursts if not b.timed_out]
        return statistics.median(rates) if rates else None

    @property
    def ratio(self) -> float | None:
        return statistics.median(self.ratios) if self.ratios else None

    @property
    def statuses(self) -> set[int]:
        return {s for b in self.bursts for s in b.statuses}


def run_rounds(
    fetch: Fetch,
    pages: list[dict],
    sessions: dict[str, str],
    *,
    rounds: int,
    seconds: float,
    concurrency: int,
    recover: Callable[[], None] = lambda: None,
    say: Callable[[str], None] = lambda line: None,
) -> tuple[PageResult, list[PageResult]]:
    """Alternating rounds: in each, for every page, the minimal view (`pages[0]`) then the page. Returns the
    minimal view's result and each page's. `recover()` is called after a page times out (to wait for the
    server's workers to come back)."""
    minimal_page, key_pages = pages[0], pages[1:]
    minimal, *results = [PageResult(p["name"], p["role"], p.get("queries"), p.get("bytes")) for p in pages]
    for round_number in range(1, rounds + 1):
        for page, result in zip(key_pages, results, strict=True):
            if result.timed_out:
                continue
            yardstick = burst(fetch, minimal_page["path"], None, seconds=seconds, concurrency=concurrency)
            minimal.bursts.append(yardstick)
            measured = burst(fetch, page["path"], sessions.get(page["role"]), seconds=seconds, concurrency=concurrency)
            result.bursts.append(measured)
            if measured.timed_out:
                result.timed_out = True
                recover()
            elif yardstick.per_second:
                result.ratios.append(measured.per_second / yardstick.per_second)
            say(f"round {round_number}/{rounds}: {page['name']}: {_ms(result.p50_ms)} ms p50")
    return minimal, results


ROLE_WORDS = {"anonymous": "anonymous", "programme_staff": "programme staff", "champion_staff": "champion staff"}
ROLE_WORDS["la_officer"] = "LA officer"


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def _size(value: int | None) -> str:
    if value is None:
        return "-"
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if value >= scale:
            return f"{value / scale:,.1f} {unit}"
    return f"{value} B"


def _ratio(result: PageResult) -> str:
    if result.timed_out:
        return "0 (timed out)"
    return "-" if result.ratio is None else f"{result.ratio:.3f}"


def _time(result: PageResult, value: float | None, timeout: float) -> str:
    if result.timed_out and not result.latencies:
        return f"timed out (>{timeout:g} s)"
    return _ms(value) + (" (then timed out)" if result.timed_out else "")


def _status(result: PageResult) -> str:
    wrong = sorted(s for s in result.statuses if s != 200)
    return f" [status {', '.join(map(str, wrong))}]" if wrong else ""


def table(minimal: PageResult, results: list[PageResult], *, timeout: float) -> str:
    """One size: a Markdown table, the minimal view first."""
    lines = [
        "| page | as | p50 ms | p99 ms | size | queries (cached) | req/s | req/s ÷ minimal view |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in [minimal, *results]:
        rate = result.per_second
        lines.append(
            f"| {result.name}{_status(result)} | {ROLE_WORDS.get(result.role, result.role)} "
            f"| {_time(result, result.p50_ms, timeout)} | {_time(result, result.p99_ms, timeout)} "
            f"| {_size(result.size)} | {'-' if result.queries is None else result.queries} "
            f"| {'-' if rate is None else f'{rate:,.1f}'} | {'1' if result is minimal else _ratio(result)} |"
        )
    return "\n".join(lines)


def side_by_side(by_size: dict[str, tuple[PageResult, list[PageResult]]], *, timeout: float) -> str:
    """Two sizes (the first is the base): each page's figures at both, and the time ratio."""
    (small, (small_min, small_pages)), (large, (large_min, large_pages)) = list(by_size.items())[:2]
    small_by_name = {r.name: r for r in [small_min, *small_pages]}
    large_by_name = {r.name: r for r in [large_min, *large_pages]}
    names = list(dict.fromkeys([r.name for r in [large_min, *large_pages, small_min, *small_pages]]))
    lines = [
        f"| page | p50 ms {small} | p50 ms {large} | {large}/{small} | p99 ms {small} | p99 ms {large} "
        f"| size {small} | size {large} | queries {small} | queries {large} | ÷ minimal {small} | ÷ minimal {large} |",
        "| --- |" + " ---: |" * 11,
    ]
    empty = PageResult("", "")
    for name in names:
        a, b = small_by_name.get(name, empty), large_by_name.get(name, empty)
        growth = "-"
        if b.timed_out and a.p50_ms:
            growth = f">{timeout * 1000 / a.p50_ms:,.0f}"
        elif a.p50_ms and b.p50_ms:
            growth = f"{b.p50_ms / a.p50_ms:,.1f}"
        cells = [
            _time(a, a.p50_ms, timeout),
            _time(b, b.p50_ms, timeout),
            growth,
            _time(a, a.p99_ms, timeout),
            _time(b, b.p99_ms, timeout),
            _size(a.size),
            _size(b.size),
            "-" if a.queries is None else str(a.queries),
            "-" if b.queries is None else str(b.queries),
            "1" if name == small_min.name else (_ratio(a) if a.name else "-"),
            "1" if name == large_min.name else (_ratio(b) if b.name else "-"),
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
