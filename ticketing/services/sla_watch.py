"""What the scheduler asks about SLAs: the running deadlines that are near or past.

``SlaWatch(engine).at_risk(now, within=timedelta(minutes=30))`` uses the indexed
``next_due_at`` scan (no Python loop over every ticket) and returns one :class:`SlaAlert` per
running clock due before ``now + within``, with the share of the target used, so a job can warn
at 80% and escalate at 100%. ``untouched(now)`` lists tickets nobody changed for 24 hours
(工单超24小时未处理提醒负责人) and ``slow_transfers(now)`` transfers not taken within the hour.
Jobs must stay idempotent: key them on (ticket, metric, due_at) or (ticket, since).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from ticketing.storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class SlaAlert:
    """One running SLA clock near or past its deadline."""

    ticket_id: str
    team_id: str
    assignee_id: str | None
    priority: str
    metric: str
    due_at: datetime
    percent_used: float
    breached: bool


@dataclass(frozen=True)
class StaleTicket:
    """A ticket waiting too long: untouched, or transferred and not taken yet."""

    ticket_id: str
    team_id: str
    assignee_id: str | None
    status: str
    since: datetime


class SlaWatch:
    """Read-only SLA queries for reminders and dashboards."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def at_risk(self, now: datetime, within: timedelta, limit: int = 1000) -> list[SlaAlert]:
        """Running clocks due before ``now + within``, most urgent first."""
        alerts: list[SlaAlert] = []
        with UnitOfWork(self._engine, write=False) as uow:
            teams = {team.id: team for team in uow.teams.list()}
            for ticket in uow.tickets.running_deadlines(now + within, limit):
                calendar = teams[ticket.team_id].calendar
                for metric, clock in ticket.clocks.items():
                    if clock.running and clock.due_at <= now + within:
                        alerts.append(
                            SlaAlert(
                                ticket.id,
                                ticket.team_id,
                                ticket.assignee_id,
                                ticket.priority,
                                metric,
                                clock.due_at,
                                clock.percent_used(now, calendar),
                                now > clock.due_at,
                            )
                        )
        return sorted(alerts, key=lambda alert: alert.due_at)

    def untouched(
        self, now: datetime, idle: timedelta = timedelta(hours=24), limit: int = 1000
    ) -> list[StaleTicket]:
        """Unfinished tickets nobody changed for ``idle`` (default 24 hours)."""
        with UnitOfWork(self._engine, write=False) as uow:
            found = uow.tickets.untouched_since(now - idle, limit)
        return [_stale(ticket, ticket.updated_at) for ticket in found]

    def slow_transfers(
        self, now: datetime, target: timedelta = timedelta(hours=1), limit: int = 1000
    ) -> list[StaleTicket]:
        """Transfers requested more than ``target`` ago (calendar time) and not taken yet."""
        with UnitOfWork(self._engine, write=False) as uow:
            found = uow.tickets.transfers_waiting_since(now - target, limit)
        return [_stale(ticket, ticket.transfer_requested_at or now) for ticket in found]


def _stale(ticket, since: datetime) -> StaleTicket:
    return StaleTicket(ticket.id, ticket.team_id, ticket.assignee_id, ticket.status.value, since)
