"""The admin audit trail in ``admin_audit``: written with the change, read newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketing.domain.admin_audit import AdminChange
from ticketing.domain.ticket_records import Actor
from ticketing.storage.schema.configuration import admin_audit
from ticketing.storage.times import from_db, to_db

_INSERT = admin_audit.insert()


@dataclass(frozen=True)
class AuditFilter:
    """Search criteria for the admin audit trail; None means "any". Times: ``since`` inclusive,
    ``until`` exclusive."""

    entity_kind: str | None = None
    entity_id: str | None = None
    actor_id: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


class AdminAuditRepository:
    """Appends and searches :class:`AdminChange` entries."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def record(self, change: AdminChange) -> None:
        """Append an entry (in the caller's transaction, i.e. with the change itself)."""
        self._connection.execute(
            _INSERT,
            {
                "at": to_db(change.at),
                "actor_kind": change.actor.kind,
                "actor_id": change.actor.id,
                "action": change.action,
                "entity_kind": change.entity_kind,
                "entity_id": change.entity_id,
                "before": change.before,
                "after": change.after,
            },
        )

    def search(self, criteria: AuditFilter, limit: int = 50, offset: int = 0) -> list[AdminChange]:
        """Entries matching ``criteria``, newest first."""
        query = (
            sa.select(admin_audit)
            .where(*_conditions(criteria))
            .order_by(admin_audit.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [
            AdminChange(
                from_db(row.at),
                Actor(row.actor_kind, row.actor_id),
                row.action,
                row.entity_kind,
                row.entity_id,
                row.before,
                row.after,
                row.id,
            )
            for row in self._connection.execute(query)
        ]


def _conditions(criteria: AuditFilter) -> list[Any]:
    conditions: list[Any] = []
    for name in ("entity_kind", "entity_id", "actor_id", "action"):
        value = getattr(criteria, name)
        if value:
            conditions.append(admin_audit.c[name] == value)
    if criteria.since is not None:
        conditions.append(admin_audit.c.at >= to_db(criteria.since))
    if criteria.until is not None:
        conditions.append(admin_audit.c.at < to_db(criteria.until))
    return conditions
