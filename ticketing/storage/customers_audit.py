"""The personal-data audit (``customer_audit``): who changed, revealed or exported what, when.

Entries are written by the caller inside the same transaction as the act they record, so an
act without its audit entry (or the reverse) cannot be committed. Values in ``detail`` are
masked by the caller (see ``ticketing.services.customers_audit_values``); never clear values.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ticketing.storage.schema.customers import customer_audit

KINDS = ("change", "reveal", "export", "erase", "alert")


@dataclass(frozen=True)
class AuditEntry:
    """One audited act. ``kind`` is one of :data:`KINDS`; ``action`` names the operation."""

    occurred_at: datetime
    kind: str
    action: str
    actor: str
    actor_role: str
    customer_id: str | None = None
    detail: dict = field(default_factory=dict)

    def values(self) -> dict[str, object]:
        """The row to insert."""
        if self.kind not in KINDS:
            raise ValueError(f"unknown audit kind {self.kind!r}")
        return {
            "occurred_at": self.occurred_at,
            "kind": self.kind,
            "action": self.action,
            "actor": self.actor,
            "actor_role": self.actor_role,
            "customer_id": self.customer_id,
            "detail": json.dumps(self.detail, ensure_ascii=False, default=str),
        }


def record(connection: Connection, entries: Sequence[AuditEntry]) -> None:
    """Insert audit entries (one executemany)."""
    if entries:
        connection.execute(customer_audit.insert(), [entry.values() for entry in entries])


def entries_for(connection: Connection, customer_id: str) -> list[dict]:
    """A customer's audit trail, oldest first, as plain dicts with ``detail`` parsed."""
    query = (
        select(customer_audit)
        .where(customer_audit.c.customer_id == customer_id)
        .order_by(customer_audit.c.audit_id)
    )
    return [_plain(row._mapping) for row in connection.execute(query)]


def pending_alerts(connection: Connection) -> list[dict]:
    """Alerts no notification job has sent yet (``notified_at`` unset), oldest first."""
    query = (
        select(customer_audit)
        .where(customer_audit.c.kind == "alert", customer_audit.c.notified_at.is_(None))
        .order_by(customer_audit.c.audit_id)
    )
    return [_plain(row._mapping) for row in connection.execute(query)]


def mark_notified(connection: Connection, audit_id: int, now: datetime) -> bool:
    """Mark one alert as sent; False when another job already did (idempotent pick-up)."""
    result = connection.execute(
        customer_audit.update()
        .where(customer_audit.c.audit_id == audit_id, customer_audit.c.notified_at.is_(None))
        .values(notified_at=now)
    )
    return result.rowcount == 1


def _plain(mapping) -> dict:
    data = dict(mapping)
    data["detail"] = json.loads(data["detail"])
    return data
