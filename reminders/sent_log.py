"""The sent log and the suppression record: what makes every send idempotent.

:func:`claim` inserts the notice's (kind, target, due_at) row and returns False when it is
already there — the row is committed before the message goes out, so a crash afterwards can
never send twice (at most once; a failed delivery is marked ``failed`` with its error).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from reminders.messages import Notice
from ticketing.storage.schema.reminders import reminder_sent, reminder_suppressed
from ticketing.storage.times import from_db, to_db


def _insert_ignoring_duplicates(connection: Connection, table: sa.Table, values: dict) -> bool:
    dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
    statement = dialect.insert(table).values(**values).on_conflict_do_nothing()
    return connection.execute(statement).rowcount == 1


def claim(
    connection: Connection, notice: Notice, recipient: str, channel: str, now: datetime
) -> bool:
    """Record ``notice`` as sent; False when the same key was sent before (do nothing then)."""
    return _insert_ignoring_duplicates(
        connection,
        reminder_sent,
        {
            "kind": notice.kind,
            "target": notice.target,
            "due_at": to_db(notice.due_at),
            "audience": notice.audience,
            "recipient": recipient,
            "customer_id": notice.customer_id,
            "channel": channel,
            "purpose": notice.purpose,
            "proactive": notice.proactive,
            "status": "sent",
            "sent_at": to_db(now),
            "detail": {},
        },
    )


def set_outcome(connection: Connection, notice: Notice, status: str, detail: dict) -> None:
    """Record how delivery went: ``failed`` keeps the claim (no retry can double-send)."""
    connection.execute(
        reminder_sent.update()
        .where(
            reminder_sent.c.kind == notice.kind,
            reminder_sent.c.target == notice.target,
            reminder_sent.c.due_at == to_db(notice.due_at),
        )
        .values(status=status, detail=detail)
    )


def record_suppression(connection: Connection, notice: Notice, reason: str, now: datetime) -> bool:
    """Record why ``notice`` was held back (once per reason); True when newly recorded."""
    return _insert_ignoring_duplicates(
        connection,
        reminder_suppressed,
        {
            "kind": notice.kind,
            "target": notice.target,
            "due_at": to_db(notice.due_at),
            "customer_id": notice.customer_id,
            "reason": reason,
            "decided_at": to_db(now),
        },
    )


DEFERRED_REASONS = frozenset({"quiet_hours"})
"""Hold-backs that are retried on later runs; every other reason is final for that key."""


def already_handled(
    connection: Connection, notices: Sequence[Notice]
) -> set[tuple[str, str, datetime]]:
    """The keys among ``notices`` already sent, or held back for good (one query per kind and
    table), so a later run neither sends them nor decides them again."""
    found: set[tuple[str, str, datetime]] = set()
    by_kind: dict[str, list[str]] = {}
    for notice in notices:
        by_kind.setdefault(notice.kind, []).append(notice.target)
    for kind, targets in by_kind.items():
        for start in range(0, len(targets), 500):
            chunk = targets[start : start + 500]
            sent = sa.select(reminder_sent.c.target, reminder_sent.c.due_at).where(
                reminder_sent.c.kind == kind, reminder_sent.c.target.in_(chunk)
            )
            held = sa.select(reminder_suppressed.c.target, reminder_suppressed.c.due_at).where(
                reminder_suppressed.c.kind == kind,
                reminder_suppressed.c.target.in_(chunk),
                reminder_suppressed.c.reason.not_in(sorted(DEFERRED_REASONS)),
            )
            for query in (sent, held):
                found.update((kind, r.target, from_db(r.due_at)) for r in connection.execute(query))
    return found


def recent_touches(
    connection: Connection, customer_ids: Iterable[str], since: datetime
) -> dict[str, list[datetime]]:
    """Proactive touches sent to each customer after ``since`` (index on customer, time)."""
    touches: dict[str, list[datetime]] = {}
    ids = list(customer_ids)
    for start in range(0, len(ids), 500):
        query = sa.select(reminder_sent.c.customer_id, reminder_sent.c.sent_at).where(
            reminder_sent.c.customer_id.in_(ids[start : start + 500]),
            reminder_sent.c.sent_at > to_db(since),
            reminder_sent.c.proactive.is_(True),
            reminder_sent.c.status == "sent",
        )
        for row in connection.execute(query):
            touches.setdefault(row.customer_id, []).append(from_db(row.sent_at))
    return touches
