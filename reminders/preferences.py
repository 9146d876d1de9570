"""Customers' contact preferences: unsubscribe from marketing, do-not-disturb, and link tokens.

Every marketing message carries an unsubscribe link with a token that only this service can
make: ``HMAC-SHA256(secret, "unsubscribe:" + customer_id)``. The token proves the request comes
from the customer's own message, so the link works without signing in.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from ticketing.storage.schema.reminders import contact_preferences
from ticketing.storage.times import from_db, to_db


def link_token(secret: str, customer_id: str) -> str:
    """The unsubscribe token of ``customer_id`` (32 hex characters)."""
    message = f"unsubscribe:{customer_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def token_matches(secret: str, customer_id: str, token: str) -> bool:
    """True when ``token`` is the customer's own unsubscribe token (constant-time compare)."""
    return bool(secret) and hmac.compare_digest(link_token(secret, customer_id), token)


def unsubscribe_marketing(
    connection: Connection, customer_id: str, actor: str, now: datetime
) -> datetime:
    """Opt the customer out of marketing (idempotent: the first opt-out time is kept)."""
    values = {
        "customer_id": customer_id,
        "marketing_opt_out_at": to_db(now),
        "do_not_disturb": False,
        "updated_by": actor,
        "updated_at": to_db(now),
    }
    dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
    table = contact_preferences
    statement = dialect.insert(table).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.customer_id],
        set_={
            "marketing_opt_out_at": sa.func.coalesce(
                table.c.marketing_opt_out_at, statement.excluded.marketing_opt_out_at
            ),
            "updated_by": statement.excluded.updated_by,
            "updated_at": statement.excluded.updated_at,
        },
    )
    connection.execute(statement)
    stored = connection.execute(
        sa.select(table.c.marketing_opt_out_at).where(table.c.customer_id == customer_id)
    ).scalar_one()
    return from_db(stored)


def set_preferences(
    connection: Connection,
    customer_id: str,
    actor: str,
    now: datetime,
    do_not_disturb: bool | None = None,
    timezone: str | None = None,
    language: str | None = None,
) -> None:
    """Set do-not-disturb, time zone or language (None leaves a value as it is)."""
    current = connection.execute(
        sa.select(contact_preferences).where(contact_preferences.c.customer_id == customer_id)
    ).first()
    values: dict[str, object] = {"updated_by": actor, "updated_at": to_db(now)}
    for name, value in (("do_not_disturb", do_not_disturb), ("timezone", timezone)):
        if value is not None:
            values[name] = value
    if language is not None:
        values["language"] = language
    if current is None:
        values.setdefault("do_not_disturb", False)
        connection.execute(contact_preferences.insert().values(customer_id=customer_id, **values))
    else:
        connection.execute(
            contact_preferences.update()
            .where(contact_preferences.c.customer_id == customer_id)
            .values(**values)
        )
