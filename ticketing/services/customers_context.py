"""What every customers use case needs: the engine, the cipher, a clock and the time zone.

Also the one place where a principal's permission is checked and where a refused export is
turned into an alert (audited, logged at WARNING without personal data).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sqlalchemy.engine import Connection, Engine

from ticketing.domain.auth import Principal
from ticketing.domain.customers import CustomerNotFound
from ticketing.domain.customers_access import Permission, PermissionDenied, require
from ticketing.domain.personal_data import PersonalDataCipher
from ticketing.storage import customers as customer_rows
from ticketing.storage import customers_audit
from ticketing.storage.customers_audit import AuditEntry

log = logging.getLogger("ticketing.customers")
Clock = Callable[[], datetime]


def actor_name(principal: Principal) -> str:
    """How a principal appears in the audit trail."""
    return principal.agent_id or f"{principal.kind}:{principal.role}"


@dataclass(frozen=True)
class CustomerContext:
    """Shared dependencies of the customers services (built once per app or command)."""

    engine: Engine
    cipher: PersonalDataCipher
    clock: Clock
    tz: tzinfo

    def today(self, now: datetime | None = None) -> date:
        """The business date of ``now`` (default: the clock's now)."""
        return (now or self.clock()).astimezone(self.tz).date()

    def audit(
        self,
        connection: Connection,
        principal: Principal,
        kind: str,
        action: str,
        customer_id: str | None,
        detail: dict,
        now: datetime,
    ) -> None:
        """Write one audit entry in the caller's transaction."""
        entry = AuditEntry(
            now, kind, action, actor_name(principal), principal.role, customer_id, detail
        )
        customers_audit.record(connection, [entry])

    def require_export(self, principal: Principal, action: str, customer_id: str | None) -> None:
        """Refuse an export without the export permission, raising an alert for the admins.

        The alert is committed on its own (the refused request writes nothing else) and logged
        at WARNING with the actor and the action only: never personal data.
        """
        try:
            require(principal.role, Permission.EXPORT)
        except PermissionDenied:
            now = self.clock()
            with self.engine.begin() as connection:
                detail = {"refused": action, "permission": Permission.EXPORT.value}
                self.audit(
                    connection, principal, "alert", "unauthorized_export", customer_id, detail, now
                )
            log.warning(
                "unauthorized export refused: actor=%s role=%s action=%s",
                actor_name(principal),
                principal.role,
                action,
            )
            raise


def live_row(connection: Connection, customer_id: str):
    """The row of a customer that exists and is not erased, else :class:`CustomerNotFound`."""
    row = customer_rows.get_row(connection, customer_id)
    if row is None or row.erased_at is not None:
        raise CustomerNotFound(customer_id)
    return row
