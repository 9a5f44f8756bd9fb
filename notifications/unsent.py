"""Finding, in one query, which messages a periodic job has still to queue.

A job's candidates are rows (registrations, support days, people); the outbox key of each candidate's message
is written as a database expression (`key`), the same text the job's Python code would make, and
`unsent` keeps only the candidates with no outbox row under that key (NOT EXISTS on the outbox's unique key).
A run with nothing to send is then one query that returns nothing, whatever the number of candidates, and
renders nothing. The unique key still guards against a duplicate: two runs racing past this query both try
to insert, and only one row is written (see `email_queue`).
"""

from django.db import connection, transaction
from django.db.models import CharField, Exists, Func, OuterRef, QuerySet, TextField, Value
from django.db.models.functions import Cast

from notifications.models import OutboxMessage


def unsent(queryset: QuerySet, *, key, among: QuerySet | None = None) -> QuerySet:
    """`queryset` without the rows whose message (outbox key `key`, an expression over the row) was queued.

    `among` narrows the outbox rows to look in (by template and time, which `outbox_template_created` indexes),
    so that the database compares the candidates with their own kind of message, not the whole outbox. It must
    hold every row that could carry one of the keys: a row it leaves out is found again by `email_queue`."""
    outbox = OutboxMessage.objects.all() if among is None else among
    return queryset.alias(outbox_key=key).filter(~Exists(outbox.filter(key=OuterRef("outbox_key"))))


def unsent_ids(queryset: QuerySet, *, key, among: QuerySet | None = None) -> list[int]:
    """The primary keys of `unsent(queryset, ...)`, in order: the one query of a run with nothing to send. Only
    the keys travel through the comparison (narrow rows); the caller loads the few rows it must render.

    On PostgreSQL, with JIT compilation off for this query: with many candidates its estimated cost passes
    jit_above_cost, and compiling took longer (half a second) than the comparison itself."""
    rows = unsent(queryset, key=key, among=among).order_by("pk").values_list("pk", flat=True)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        return list(rows)


def outbox_key(*parts) -> Func:
    """A key as a database expression: strings are literal text, anything else an expression (F, OuterRef...)
    written as text, e.g. `outbox_key("registration_reminder_", label, ":", F("pk"))`. No part may be NULL."""
    expressions = [Value(p) if isinstance(p, str) else Cast(p, output_field=TextField()) for p in parts]
    return _Joined(*expressions)


class _Joined(Func):
    """Text joined with ||, without Concat's COALESCE around each part (the key is built for every candidate)."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = TextField()


class IsoDateTime(Func):
    """`datetime.isoformat()` of a stored aware datetime, as Django reads it back (in UTC):
    "2013-10-14T09:30:00+00:00", with ".ffffff" only when there are microseconds."""

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        utc = "(%(expressions)s AT TIME ZONE 'UTC')"
        template = (
            f"(CASE WHEN date_trunc('second', {utc}) = {utc} THEN to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') "
            f"ELSE to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US') END || '+00:00')"
        )
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite holds them as text in UTC: "2013-10-14 09:30:00[.ffffff]".
        return self.as_sql(compiler, connection, template="(REPLACE(%(expressions)s, ' ', 'T') || '+00:00')", **extra)
