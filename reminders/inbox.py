"""The staff inbox (console notifications): list an agent's notices, mark them read.

Also the customer-side actions the web layer calls: unsubscribe from marketing, audited.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from reminders.channels.console import notification_json
from reminders.preferences import unsubscribe_marketing
from ticketing.domain.errors import NotFound
from ticketing.storage import customers_audit
from ticketing.storage.schema.customers import customers
from ticketing.storage.schema.reminders import staff_notifications
from ticketing.storage.times import from_db, to_db


class CustomerUnknown(NotFound):
    """No (live) customer has this id."""

    code = "customer_not_found"

    def __init__(self, customer_id: str) -> None:
        super().__init__(f"customer {customer_id} not found", customer_id=customer_id)
        self.customer_id = customer_id


def notifications_for(
    engine: Engine, agent_id: str, unread_only: bool = False, limit: int = 50
) -> list[dict]:
    """The agent's newest notifications first (index on agent, time)."""
    table = staff_notifications
    query = sa.select(table).where(table.c.agent_id == agent_id)
    if unread_only:
        query = query.where(table.c.read_at.is_(None))
    query = query.order_by(table.c.created_at.desc(), table.c.id.desc()).limit(limit)
    with engine.connect() as connection:
        rows = [dict(row._mapping) for row in connection.execute(query)]
    for row in rows:
        row["created_at"], row["read_at"] = from_db(row["created_at"]), from_db(row["read_at"])
    return [notification_json(row) for row in rows]


def mark_read(engine: Engine, agent_id: str, notification_id: int, now: datetime) -> bool:
    """Mark one of the agent's own notifications read; False when it is not theirs."""
    table = staff_notifications
    with engine.begin() as connection:
        result = connection.execute(
            table.update()
            .where(table.c.id == notification_id, table.c.agent_id == agent_id)
            .values(read_at=sa.func.coalesce(table.c.read_at, to_db(now)))
        )
    return result.rowcount == 1


def unsubscribe(
    engine: Engine, customer_id: str, actor: str, actor_role: str, via: str, now: datetime
) -> dict:
    """Opt the customer out of marketing and audit it in the same transaction."""
    with engine.begin() as connection:
        exists = connection.execute(
            sa.select(customers.c.customer_id).where(
                customers.c.customer_id == customer_id, customers.c.erased_at.is_(None)
            )
        ).first()
        if exists is None:
            raise CustomerUnknown(customer_id)
        since = unsubscribe_marketing(connection, customer_id, actor, now)
        customers_audit.record(
            connection,
            [
                customers_audit.AuditEntry(
                    occurred_at=now,
                    kind="change",
                    action="unsubscribe_marketing",
                    actor=actor,
                    actor_role=actor_role,
                    customer_id=customer_id,
                    detail={
                        "marketing": {"before": "subscribed", "after": "unsubscribed"},
                        "via": via,
                    },
                )
            ],
        )
    return {
        "customer_id": customer_id,
        "marketing": "unsubscribed",
        "unsubscribed_at": since.isoformat(),
    }
