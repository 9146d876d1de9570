"""What the care rules and the contact policy read about customers (indexed queries only).

Customers are read in batches by id, by ``birthday_md`` (indexed), by ``segment`` (indexed) or
by registration day; owners come from ``care_owners`` (the default owner when none is set).
Contact facts combine the profile's consent flags with ``contact_preferences`` (opt-outs, time
zone, language) and the sent log's recent touches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from reminders.policy import LONGEST_WINDOW, ContactFacts
from reminders.sent_log import recent_touches
from ticketing.storage.schema.customers import customers
from ticketing.storage.schema.reminders import care_owners, contact_preferences

BATCH = 2000
Presence = Callable[[str], bool]
"""Is this customer online in the widget right now? (The hub provides it; default: never.)"""


@dataclass(frozen=True)
class CareCustomer:
    """The fields a care rule reads of one customer."""

    customer_id: str
    name: str
    segment: str | None
    birthday: date | None
    registered_on: date | None
    churn_alert: bool


_CARE_COLUMNS = (
    customers.c.customer_id,
    customers.c.name,
    customers.c.segment,
    customers.c.birthday,
    customers.c.registered_on,
    customers.c.churn_alert,
)
_LIVE = customers.c.erased_at.is_(None)


def _care(row: sa.engine.Row) -> CareCustomer:
    return CareCustomer(
        row.customer_id, row.name, row.segment, row.birthday, row.registered_on, row.churn_alert
    )


def _stream(connection: Connection, query: sa.sql.Select) -> Iterator[CareCustomer]:
    result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(query)
    for row in result:
        yield _care(row)


def with_birthday(connection: Connection, month_days: Sequence[str]) -> Iterator[CareCustomer]:
    """Customers whose birthday ("MM-DD") is one of ``month_days`` (``birthday_md`` index)."""
    query = sa.select(*_CARE_COLUMNS).where(customers.c.birthday_md.in_(month_days), _LIVE)
    return _stream(connection, query.order_by(customers.c.customer_id))


def registered_between(connection: Connection, first: date, last: date) -> Iterator[CareCustomer]:
    """Customers registered from ``first`` to ``last`` (inclusive)."""
    query = sa.select(*_CARE_COLUMNS).where(customers.c.registered_on.between(first, last), _LIVE)
    return _stream(connection, query.order_by(customers.c.customer_id))


def in_segments(connection: Connection, segments: Sequence[str]) -> Iterator[CareCustomer]:
    """Customers of ``segments`` (``segment`` index), streamed in batches."""
    query = sa.select(*_CARE_COLUMNS).where(customers.c.segment.in_(segments), _LIVE)
    return _stream(connection, query.order_by(customers.c.customer_id))


def owners(connection: Connection, customer_ids: Iterable[str], default: str) -> dict[str, str]:
    """Each customer's account owner (``default`` when none is registered)."""
    ids = list(customer_ids)
    found = dict.fromkeys(ids, default)
    for start in range(0, len(ids), 500):
        query = sa.select(care_owners.c.customer_id, care_owners.c.owner).where(
            care_owners.c.customer_id.in_(ids[start : start + 500])
        )
        found.update({row.customer_id: row.owner for row in connection.execute(query)})
    return found


def contact_facts(
    connection: Connection,
    customer_ids: Iterable[str],
    now: datetime,
    default_zone: tzinfo,
    default_language: str,
    presence: Presence | None = None,
) -> dict[str, ContactFacts]:
    """The contact policy's facts for each known customer (unknown ids are left out)."""
    ids = sorted(set(customer_ids))
    facts: dict[str, ContactFacts] = {}
    touches = recent_touches(connection, ids, now - LONGEST_WINDOW)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        preferences = {
            row.customer_id: row
            for row in connection.execute(
                sa.select(contact_preferences).where(contact_preferences.c.customer_id.in_(chunk))
            )
        }
        query = sa.select(
            customers.c.customer_id,
            customers.c.segment,
            customers.c.consent_marketing,
            customers.c.consent_sms,
            customers.c.consent_email,
            customers.c.mobile_hash,
            customers.c.email_hash,
            customers.c.preferred_channel,
            customers.c.erased_at,
        ).where(customers.c.customer_id.in_(chunk))
        for row in connection.execute(query):
            preference = preferences.get(row.customer_id)
            facts[row.customer_id] = ContactFacts(
                customer_id=row.customer_id,
                segment=row.segment,
                timezone=_zone(preference, default_zone),
                language=(preference.language if preference else None) or default_language,
                consent_marketing=row.consent_marketing,
                consent_sms=row.consent_sms,
                consent_email=row.consent_email,
                has_mobile=row.mobile_hash is not None,
                has_email=row.email_hash is not None,
                preferred_channel=row.preferred_channel,
                online=bool(presence and presence(row.customer_id)),
                marketing_opt_out=bool(preference and preference.marketing_opt_out_at),
                do_not_disturb=bool(preference and preference.do_not_disturb),
                erased=row.erased_at is not None,
                recent_touches=tuple(touches.get(row.customer_id, ())),
            )
    return facts


def _zone(preference: sa.engine.Row | None, default: tzinfo) -> tzinfo:
    if preference is None or not preference.timezone:
        return default
    try:
        return ZoneInfo(preference.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return default


def churn_alerts(connection: Connection, segments: Sequence[str]) -> Iterator[CareCustomer]:
    """High-value customers flagged as a churn risk (``segment`` index, then the flag)."""
    query = sa.select(*_CARE_COLUMNS).where(
        customers.c.segment.in_(segments), customers.c.churn_alert.is_(True), _LIVE
    )
    return _stream(connection, query.order_by(customers.c.customer_id))
