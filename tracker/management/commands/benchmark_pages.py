"""Benchmark, run by hand (not a test): serve the site with gunicorn (2 sync workers, production settings,
WhiteNoise, cached templates) on PostgreSQL and Redis, request each key page as the person who uses it in
alternating rounds against a minimal view that answers "ok" with no database, and print per page p50 and
p99, size, query count and requests per second divided by the minimal view's, at each size, then side by side.

    .venv/bin/python manage.py benchmark_pages \\
        --database-url 'postgres://postgres@127.0.0.1:5432/cp_bench_{size}' --redis-url redis://127.0.0.1:6379/11

Each size has its own database (`{size}` in the URL); one with no benchmark data is created, migrated, loaded
(`load_programme`) and filled (`generate_benchmark_data --size ...`) first; every run migrates it. The server
uses benchmarks/settings.py (and its URLconf, the only place the minimal view exists).
"""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from benchmarks import measure
from benchmarks.pages import HEADERS
from benchmarks.urls import MINIMAL_PATH

SIZES = ["1x", "100x"]
MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


class Command(BaseCommand):
    help = "Measure the key pages under gunicorn against a minimal view, at 1x and 100x data."

    def add_arguments(self, parser):
        parser.add_argument("--size", action="append", choices=SIZES, help="1x, 100x or both (the default).")
        parser.add_argument(
            "--database-url",
            default="postgres://postgres@127.0.0.1:5432/champions_portal_bench_{size}",
            help="PostgreSQL URL with {size} in it: one database per size.",
        )
        parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--seconds", type=float, default=3.0, help="Per page (and minimal view) per round.")
        parser.add_argument("--concurrency", type=int, default=2, help="Client threads (one per worker).")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers.")
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds before a page counts as timed out.")
        parser.add_argument("--pages", help="Only pages whose name contains this text.")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Refusing to run the benchmark in production.")
        if "{size}" not in options["database_url"] or not options["database_url"].startswith("postgres"):
            raise CommandError("--database-url must be a PostgreSQL URL with {size} in its name.")
        sizes = options["size"] or SIZES
        self._collectstatic(options)
        results = {}
        for size in sizes:
            url = options["database_url"].replace("{size}", size)
            started = time.monotonic()
            self._ensure_data(size, url)
            self.stderr.write(f"{size}: data ready in {time.monotonic() - started:.0f} s")
            results[size] = self._run(size, url, options)
            self.stdout.write(
                f"\nPages at {size} ({urlsplit(url).path.lstrip('/')}): {options['rounds']} "
                f"{ngettext('round', 'rounds', options['rounds'])} of "
                f"{options['seconds']:g} s per page, each after {options['seconds']:g} s of the minimal view; "
                f"{options['concurrency']} clients, gunicorn with {options['workers']} sync workers\n"
            )
            self.stdout.write(measure.table(*results[size], timeout=options["timeout"]))
        if len(results) > 1:
            self.stdout.write(f"\nSide by side ({' and '.join(results)}):\n")
            self.stdout.write(measure.side_by_side(results, timeout=options["timeout"]))

    def _env(self, database_url: str, redis_url: str, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ENV", "SITE_AS_AT"}}
        return {**env, "DATABASE_URL": database_url, "REDIS_URL": redis_url, **extra}

    def _manage(self, *args, env: dict) -> str:
        done = subprocess.run(  # noqa: S603 - our own manage.py, with arguments from this module
            [sys.executable, MANAGE, *args], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode:
            raise CommandError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def _collectstatic(self, options) -> None:
        """The static files WhiteNoise serves (and the manifest the templates need with DEBUG off)."""
        env = self._env(options["database_url"].replace("{size}", "1x"), options["redis_url"])
        self._manage("collectstatic", "--noinput", "-v0", env={**env, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"})

    def _ensure_data(self, size: str, url: str) -> None:
        _create_database(url)
        env = self._env(url, "")
        self._manage("migrate", "--noinput", "-v0", env=env)
        self._manage("load_programme", env=env)
        made = self._manage("generate_benchmark_data", "--size", size, "--if-missing", env=env)
        self.stderr.write(made.strip())

    def _run(self, size: str, url: str, options) -> tuple[measure.PageResult, list[measure.PageResult]]:
        env = self._env(url, options["redis_url"], DJANGO_SETTINGS_MODULE="benchmarks.settings")
        self.stderr.write(f"{size}: signing in and counting queries in-process")
        prepared = subprocess.run(
            [sys.executable, "-m", "benchmarks.pages"],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if prepared.returncode:
            raise CommandError(f"Preparing the pages at {size} failed:\n{prepared.stderr}")
        plan = json.loads(prepared.stdout)
        pages = plan["pages"]
        if options["pages"]:
            pages = [pages[0], *(p for p in pages[1:] if options["pages"] in p["name"])]
        wrong = [f"{p['name']} ({p['path']}): {p['status']}" for p in pages if p["status"] != 200]
        if wrong:
            raise CommandError("These pages do not answer 200 in-process: " + "; ".join(wrong))
        port = _free_port()
        fetch = measure.http_fetcher(
            "127.0.0.1", port, cookie_name=plan["cookie_name"], headers=HEADERS, timeout=options["timeout"]
        )
        server = subprocess.Popen(  # noqa: S603 - gunicorn, with arguments from this module
            [
                *(sys.executable, "-m", "gunicorn", "champions_portal.wsgi"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(options["workers"]), "--worker-class", "sync"),
                # A worker still busy with a timed-out page is restarted soon after, not left to block the rest.
                *("--timeout", str(int(options["timeout"]) + 5), "--graceful-timeout", "2", "--log-level", "warning"),
            ],
            cwd=settings.BASE_DIR,
            env=env,
        )
        try:
            _wait_until_answering(fetch, server)
            self.stderr.write(f"{size}: gunicorn on port {port}, pid {server.pid}; measuring {len(pages) - 1} pages")
            return measure.run_rounds(
                fetch,
                pages,
                plan["sessions"],
                rounds=options["rounds"],
                seconds=options["seconds"],
                concurrency=options["concurrency"],
                recover=lambda: _wait_until_answering(fetch, server),
                say=lambda line: self.stderr.write(f"{size}: {line}"),
            )
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _create_database(url: str) -> None:
    """CREATE DATABASE, unless it exists (connecting to the server's `postgres` database to ask)."""
    import psycopg2
    from psycopg2 import sql

    name = urlsplit(url).path.lstrip("/")
    parts = urlsplit(url)
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_answering(fetch: measure.Fetch, server: subprocess.Popen, *, seconds: float = 60) -> None:
    """Until the minimal view answers (the server has started, or its workers are free again)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"gunicorn stopped (exit code {server.returncode}).")
        try:
            if fetch(MINIMAL_PATH, None)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise CommandError(f"The server did not answer {MINIMAL_PATH} within {seconds:g} s.")
