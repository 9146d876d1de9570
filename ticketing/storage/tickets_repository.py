"""Tickets, their audit events and messages, the per-day ticket numbers, queue and scans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketing.domain.errors import ConcurrentUpdate, TicketNotFound
from ticketing.domain.sla_clocks import SlaClock
from ticketing.domain.statuses import UNFINISHED
from ticketing.domain.tickets import Actor, Ticket, TicketEvent
from ticketing.storage.schema.tickets import (
    ticket_counters,
    ticket_events,
    ticket_messages,
    tickets,
)
from ticketing.storage.ticket_rows import ticket_from_row, ticket_values
from ticketing.storage.times import from_db, to_db

NEXT_SERIAL = sa.text(
    f"INSERT INTO {ticket_counters.name} (day, last) VALUES (:day, 1) "
    f"ON CONFLICT (day) DO UPDATE SET last = {ticket_counters.name}.last + 1 RETURNING last"
)
UNASSIGNED = "none"
# Constant statements with parameters passed at execution: compiled once, no per-call building.
_INSERT = tickets.insert()
_UPDATE = tickets.update().where(
    tickets.c.id == sa.bindparam("expected_id"),
    tickets.c.version == sa.bindparam("expected_version"),
)
_INSERT_EVENT = ticket_events.insert()
_UNFINISHED = sa.select(tickets).where(
    tickets.c.open_conversation_id == sa.bindparam("conversation_id")
)


def _waiting_count(*condition: Any) -> Any:
    waiting = sa.and_(
        tickets.c.team_id == sa.bindparam("team_id"),
        tickets.c.assignee_id.is_(None),
        tickets.c.next_due_at.is_not(None),
    )
    return sa.select(sa.func.count()).where(waiting, *condition).scalar_subquery()


# Unassigned active tickets of a team ahead of one (earlier deadline, or same and lower id):
# two range conditions instead of one OR, so both are index range scans.
_AHEAD_IN_QUEUE = sa.select(
    _waiting_count(tickets.c.next_due_at < sa.bindparam("due_at", type_=tickets.c.next_due_at.type))
    + _waiting_count(
        tickets.c.next_due_at == sa.bindparam("due_at", type_=tickets.c.next_due_at.type),
        tickets.c.id < sa.bindparam("ticket_id"),
    )
)


@dataclass(frozen=True)
class TicketFilter:
    """Search criteria; None means "any". ``team_ids`` limits what the caller may see."""

    team_ids: frozenset[str] | None = None
    statuses: tuple[str, ...] = ()
    team_id: str | None = None
    assignee_id: str | None = None  # an agent id, or "none" for unassigned
    due_before: datetime | None = None
    segment: str | None = None
    customer_id: str | None = None
    conversation_id: str | None = None
    category: str | None = None
    priority: str | None = None


@dataclass(frozen=True)
class Message:
    """A reply, an internal note or a customer message on a ticket."""

    id: int
    ticket_id: str
    at: datetime
    author_kind: str
    author_id: str | None
    visibility: str
    body: str


@dataclass(frozen=True)
class DueTicket:
    """An active ticket with a running deadline: who owns it and its SLA clocks."""

    id: str
    team_id: str
    assignee_id: str | None
    priority: str
    clocks: dict[str, SlaClock]


class TicketRepository:
    """Loads and stores :class:`Ticket` aggregates with optimistic versioning."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def next_serial(self, day: str) -> int:
        """The next serial number of ``day`` (yyyymmdd), atomically (an upsert with RETURNING)."""
        return self._connection.execute(NEXT_SERIAL, {"day": day}).scalar_one()

    def add(self, ticket: Ticket) -> None:
        """Insert a new ticket with its pending events."""
        ticket.version = 1
        self._connection.execute(_INSERT, ticket_values(ticket))
        self._flush_events(ticket)

    def save(self, ticket: Ticket) -> None:
        """Write a changed ticket and its new events; raises :class:`ConcurrentUpdate` when
        someone else saved it since it was loaded."""
        values = {**ticket_values(ticket), "version": ticket.version + 1}
        values.update(expected_id=ticket.id, expected_version=ticket.version)
        result = self._connection.execute(_UPDATE, values)
        if result.rowcount != 1:
            raise ConcurrentUpdate(ticket.id)
        ticket.version += 1
        self._flush_events(ticket)

    def get(self, ticket_id: str, lock: bool = False) -> Ticket:
        """The ticket; raises :class:`TicketNotFound`. ``lock`` takes a row lock (PostgreSQL)."""
        query = sa.select(tickets).where(tickets.c.id == ticket_id)
        row = self._connection.execute(query.with_for_update() if lock else query).first()
        if row is None:
            raise TicketNotFound(ticket_id)
        return ticket_from_row(row)

    def unfinished_for_conversation(self, conversation_id: str) -> Ticket | None:
        """The conversation's ticket that still needs work, if any."""
        row = self._connection.execute(_UNFINISHED, {"conversation_id": conversation_id}).first()
        return None if row is None else ticket_from_row(row)

    def search(
        self, criteria: TicketFilter, limit: int = 50, offset: int = 0, urgent_first: bool = False
    ) -> list[Ticket]:
        """Tickets matching ``criteria``, newest first (or most urgent first)."""
        query = sa.select(tickets).where(*_conditions(criteria))
        if urgent_first:
            query = query.order_by(tickets.c.next_due_at.is_(None), tickets.c.next_due_at)
        else:
            query = query.order_by(tickets.c.created_at.desc(), tickets.c.id.desc())
        rows = self._connection.execute(query.limit(limit).offset(offset))
        return [ticket_from_row(row) for row in rows]

    def queue(self, team_ids: Sequence[str], assignee: str | None, limit: int = 50) -> list[Ticket]:
        """Active tickets of the teams, most urgent deadline first.

        ``assignee``: None for every ticket, ``"none"`` for the unassigned ones, else an agent id.
        """
        query = sa.select(tickets).where(
            tickets.c.team_id.in_(list(team_ids)), tickets.c.next_due_at.is_not(None)
        )
        if assignee == UNASSIGNED:
            query = query.where(tickets.c.assignee_id.is_(None))
        elif assignee is not None:
            query = query.where(tickets.c.assignee_id == assignee)
        query = query.order_by(tickets.c.next_due_at, tickets.c.id).limit(limit)
        return [ticket_from_row(row) for row in self._connection.execute(query)]

    def queue_position(self, ticket: Ticket) -> int | None:
        """1-based place of an unassigned active ticket in its team's queue; None otherwise."""
        due = ticket.next_due_at
        if ticket.assignee_id is not None or due is None:
            return None
        values = {"team_id": ticket.team_id, "due_at": to_db(due), "ticket_id": ticket.id}
        return self._connection.execute(_AHEAD_IN_QUEUE, values).scalar_one() + 1

    def next_in_queue(self, team_ids: Sequence[str]) -> Ticket | None:
        """The most urgent unassigned ticket of the teams, locked (skipping locked ones)."""
        query = (
            sa.select(tickets)
            .where(
                tickets.c.team_id.in_(list(team_ids)),
                tickets.c.assignee_id.is_(None),
                tickets.c.next_due_at.is_not(None),
            )
            .order_by(tickets.c.next_due_at, tickets.c.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        row = self._connection.execute(query).first()
        return None if row is None else ticket_from_row(row)

    def due_before(self, instant: datetime, limit: int = 1000) -> list[Ticket]:
        """Active tickets whose earliest running deadline is at or before ``instant``."""
        query = (
            sa.select(tickets)
            .where(tickets.c.next_due_at <= to_db(instant))
            .order_by(tickets.c.next_due_at, tickets.c.id)
            .limit(limit)
        )
        return [ticket_from_row(row) for row in self._connection.execute(query)]

    def running_deadlines(self, instant: datetime, limit: int = 1000) -> list[DueTicket]:
        """Like :meth:`due_before` but only the columns a deadline check needs (faster)."""
        query = (
            sa.select(
                tickets.c.id,
                tickets.c.team_id,
                tickets.c.assignee_id,
                tickets.c.priority,
                tickets.c.sla,
            )
            .where(tickets.c.next_due_at <= to_db(instant))
            .order_by(tickets.c.next_due_at, tickets.c.id)
            .limit(limit)
        )
        return [
            DueTicket(
                row.id,
                row.team_id,
                row.assignee_id,
                row.priority,
                {metric: SlaClock.from_dict(data) for metric, data in row.sla.items()},
            )
            for row in self._connection.execute(query)
        ]

    def untouched_since(self, cutoff: datetime, limit: int = 1000) -> list[Ticket]:
        """Unfinished tickets not changed since ``cutoff``, the longest untouched first."""
        query = (
            sa.select(tickets)
            .where(
                tickets.c.updated_at <= to_db(cutoff),
                tickets.c.status.in_([status.value for status in UNFINISHED]),
            )
            .order_by(tickets.c.updated_at, tickets.c.id)
            .limit(limit)
        )
        return [ticket_from_row(row) for row in self._connection.execute(query)]

    def transfers_waiting_since(self, cutoff: datetime, limit: int = 1000) -> list[Ticket]:
        """Transferred tickets no agent of the new team has taken since ``cutoff``."""
        query = (
            sa.select(tickets)
            .where(tickets.c.transfer_requested_at <= to_db(cutoff))
            .order_by(tickets.c.transfer_requested_at, tickets.c.id)
            .limit(limit)
        )
        return [ticket_from_row(row) for row in self._connection.execute(query)]

    def events(self, ticket_id: str) -> list[TicketEvent]:
        """The ticket's audit trail, oldest first."""
        rows = self._connection.execute(
            sa.select(ticket_events)
            .where(ticket_events.c.ticket_id == ticket_id)
            .order_by(ticket_events.c.id)
        )
        return [
            TicketEvent(
                row.ticket_id,
                from_db(row.at),
                Actor(row.actor_kind, row.actor_id),
                row.action,
                row.before,
                row.after,
                row.reason,
            )
            for row in rows
        ]

    def add_message(
        self, ticket_id: str, at: datetime, author: Actor, visibility: str, body: str
    ) -> Message:
        """Store a message on the ticket."""
        values = {
            "ticket_id": ticket_id,
            "at": to_db(at),
            "author_kind": author.kind,
            "author_id": author.id,
            "visibility": visibility,
            "body": body,
        }
        result = self._connection.execute(ticket_messages.insert().values(**values))
        message_id = result.inserted_primary_key[0]
        return Message(message_id, ticket_id, at, author.kind, author.id, visibility, body)

    def messages(self, ticket_id: str, include_internal: bool) -> list[Message]:
        """The ticket's messages, oldest first; internal notes only when asked."""
        query = sa.select(ticket_messages).where(ticket_messages.c.ticket_id == ticket_id)
        if not include_internal:
            query = query.where(ticket_messages.c.visibility == "public")
        rows = self._connection.execute(query.order_by(ticket_messages.c.id))
        return [
            Message(
                row.id,
                row.ticket_id,
                from_db(row.at),
                row.author_kind,
                row.author_id,
                row.visibility,
                row.body,
            )
            for row in rows
        ]

    def _flush_events(self, ticket: Ticket) -> None:
        if ticket.events:
            self._connection.execute(
                _INSERT_EVENT,
                [
                    {
                        "ticket_id": event.ticket_id,
                        "at": to_db(event.at),
                        "actor_kind": event.actor.kind,
                        "actor_id": event.actor.id,
                        "action": event.action,
                        "before": event.before,
                        "after": event.after,
                        "reason": event.reason,
                    }
                    for event in ticket.events
                ],
            )
        ticket.events.clear()


def _conditions(criteria: TicketFilter) -> list[Any]:
    conditions: list[Any] = []
    if criteria.team_ids is not None:
        conditions.append(tickets.c.team_id.in_(sorted(criteria.team_ids)))
    if criteria.statuses:
        conditions.append(tickets.c.status.in_(criteria.statuses))
    if criteria.team_id:
        conditions.append(tickets.c.team_id == criteria.team_id)
    if criteria.assignee_id == UNASSIGNED:
        conditions.append(tickets.c.assignee_id.is_(None))
    elif criteria.assignee_id:
        conditions.append(tickets.c.assignee_id == criteria.assignee_id)
    if criteria.due_before is not None:
        conditions.append(tickets.c.next_due_at <= to_db(criteria.due_before))
    for name in ("customer_id", "conversation_id", "category", "priority"):
        value = getattr(criteria, name)
        if value:
            conditions.append(tickets.c[name] == value)
    if criteria.segment:
        conditions.append(tickets.c.customer_segment == criteria.segment)
    return conditions
