"""Finding, in one query, which messages a periodic job has still to queue.

A job's candidates are rows (registrations, support days, people); the outbox key of each candidate's message
is written as a database expression (`key`), the same text the job's Python code would make, and
`unsent` keeps only the candidates with no outbox row under that key (NOT EXISTS on the outbox's unique key).
A run with nothing to send is then one query that returns nothing, whatever the number of candidates, and
renders nothing. The unique key still guards against a duplicate: two runs racing past this query both try
to insert, and only one row is written (see `email_queue`).
"""

from django.db.models import CharField, Exists, Func, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat

from notifications.models import OutboxMessage


def unsent(queryset: QuerySet, *, key) -> QuerySet:
    """`queryset` without the rows whose message (outbox key `key`, an expression over the row) was queued."""
    return queryset.alias(outbox_key=key).filter(~Exists(OutboxMessage.objects.filter(key=OuterRef("outbox_key"))))


def outbox_key(*parts) -> Concat:
    """A key as a database expression: strings are literal text, anything else an expression (F, OuterRef...)
    written as text, e.g. `outbox_key("registration_reminder_", label, ":", F("pk"))`."""
    expressions = [Value(p) if isinstance(p, str) else Cast(p, output_field=CharField()) for p in parts]
    return Concat(*expressions, output_field=CharField())


class IsoDateTime(Func):
    """`datetime.isoformat()` of a stored aware datetime, as Django reads it back (in UTC):
    "2013-10-14T09:30:00+00:00", with ".ffffff" only when there are microseconds."""

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        utc = "(%(expressions)s AT TIME ZONE 'UTC')"
        template = (
            f"(to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
            f"CASE WHEN to_char({utc}, 'US') = '000000' THEN '' ELSE to_char({utc}, '.US') END || '+00:00')"
        )
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite holds them as text in UTC: "2013-10-14 09:30:00[.ffffff]".
        return self.as_sql(compiler, connection, template="(REPLACE(%(expressions)s, ' ', 'T') || '+00:00')", **extra)
