"""Configured SLA policies (rows override the defaults of ``ticketing.domain.sla_policies``)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketing.domain.catalog import Priority
from ticketing.domain.sla_policies import METRICS, SlaPolicy, SlaTarget
from ticketing.storage.configuration import bump_revision
from ticketing.storage.schema.tickets import sla_policies
from ticketing.storage.times import to_db


class PolicyRepository:
    """SLA policy rows keyed by priority and segment."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def list(self) -> list[SlaPolicy]:
        """Every configured policy."""
        rows = self._connection.execute(
            sa.select(sla_policies).order_by(sla_policies.c.priority, sla_policies.c.segment)
        )
        return [
            SlaPolicy(
                Priority(row.priority),
                row.segment,
                *(
                    SlaTarget(getattr(row, f"{metric}_minutes"), getattr(row, f"{metric}_working"))
                    for metric in METRICS
                ),
            )
            for row in rows
        ]

    def put(self, policy: SlaPolicy, now: datetime) -> None:
        """Create or replace the policy for its priority and segment."""
        key = sa.and_(
            sla_policies.c.priority == policy.priority.value,
            sla_policies.c.segment == policy.segment,
        )
        self._connection.execute(sla_policies.delete().where(key))
        values = {"priority": policy.priority.value, "segment": policy.segment}
        for metric in METRICS:
            target = policy.target(metric)
            values[f"{metric}_minutes"] = target.minutes
            values[f"{metric}_working"] = target.working
        self._connection.execute(sla_policies.insert().values(**values, updated_at=to_db(now)))
        bump_revision(self._connection)

    def delete(self, priority: Priority, segment: str) -> bool:
        """Remove a configured policy (the default applies again); False when there was none."""
        result = self._connection.execute(
            sla_policies.delete().where(
                sla_policies.c.priority == priority.value, sla_policies.c.segment == segment
            )
        )
        bump_revision(self._connection)
        return result.rowcount > 0
