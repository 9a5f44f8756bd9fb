"""The rows every test starts with, put back after a transactional test in one TRUNCATE and one INSERT per table.

Transactional tests (a live server for the browser, real parallel transactions) cannot roll back, so Django
empties the database after each with `flush`: it emits post_migrate, which makes every content type and
permission again, and the next test then loads the reference data again (about 2.3 s a test, most of the
browser tests' set-up). Instead, once per session, after the reference data is loaded, every table that has
rows is copied into a schema of the test database; after a transactional test every table is emptied and
those rows are copied back, with their ids (about 0.15 s). Only on PostgreSQL; elsewhere Django's flush runs.

The SQL is built from table names that Django's introspection gives, never from input (hence the noqa).
"""

from django.db import connections, transaction
from django.test import TransactionTestCase

SCHEMA = "session_start_rows"
_django_fixture_teardown = TransactionTestCase._fixture_teardown
_kept: dict[str, tuple[list[str], list[str]]] = {}  # database alias -> (every table, the tables with rows)


def session_rows_keep(alias: str = "default") -> None:
    """Copy the rows now in the database's tables, to be put back after each transactional test."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return
    tables = sorted(map(connection.ops.quote_name, connection.introspection.django_table_names(only_existing=True)))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SCHEMA}")
        with_rows = []
        for table in tables:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")  # noqa: S608
            if cursor.fetchone()[0]:
                cursor.execute(f"CREATE TABLE {SCHEMA}.{table} AS SELECT * FROM {table}")  # noqa: S608
                with_rows.append(table)
    _kept[alias] = (tables, with_rows)


def _session_rows_put_back(alias: str) -> None:
    """TRUNCATE, as Django's flush does, rather than DELETE, though DELETE is ten times faster on tables this small
    (15 against 150 ms): DELETE leaves the rows a test made behind as dead tuples, and pages read by later tests in
    the process slowed down past the browser's timeouts. Django's foreign keys are deferred, so the order of the
    INSERTs does not matter within the transaction."""
    tables, with_rows = _kept[alias]
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(tables))
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("; ".join(f"INSERT INTO {table} SELECT * FROM {SCHEMA}.{table}" for table in with_rows))  # noqa: S608


def _fixture_teardown(test_case: TransactionTestCase) -> None:
    """TransactionTestCase._fixture_teardown: the session's rows put back, where they were kept."""
    aliases = list(test_case._databases_names(include_mirrors=False))
    if test_case.available_apps is not None or test_case.serialized_rollback or not all(a in _kept for a in aliases):
        _django_fixture_teardown(test_case)
        return
    for alias in aliases:
        _session_rows_put_back(alias)


def session_rows_put_back_after_transactional_tests() -> None:
    TransactionTestCase._fixture_teardown = _fixture_teardown
