"""The unit of work: one connection, one transaction, every repository; rolls back unless
``commit()`` was called (cosmicpython's pattern).

On SQLite a writing unit starts with ``BEGIN IMMEDIATE``: it takes the write lock at once, so
two writers queue on the busy timeout instead of failing with "database is locked" when a
read lock would have to be upgraded. Within one process, writing units of an engine first
queue on a thread lock: SQLite admits one writer anyway, and its busy handler waits by sleeping
(1, 2, 5, 10 ... ms), which wastes most of the time under concurrent requests. Writing units
must therefore not nest in one thread. Reading units use a deferred transaction (WAL lets them
run beside a writer).
"""

from __future__ import annotations

import threading
import weakref
from types import TracebackType

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ticketing.domain.tickets import Ticket
from ticketing.storage.admin_audit import AdminAuditRepository
from ticketing.storage.configuration import Configuration, cache_for
from ticketing.storage.people_repository import AgentRepository, TeamRepository, TokenRepository
from ticketing.storage.policies_repository import PolicyRepository
from ticketing.storage.schema.configuration import config_revisions
from ticketing.storage.schema.tickets import tickets
from ticketing.storage.ticket_rows import ticket_from_row
from ticketing.storage.tickets_repository import TicketRepository

_REVISION_AND_OPEN_TICKET = (
    sa.select(config_revisions.c.revision.label("config_revision"), tickets)
    .select_from(
        config_revisions.outerjoin(
            tickets, tickets.c.open_conversation_id == sa.bindparam("conversation_id")
        )
    )
    .where(config_revisions.c.id == 1)
)
_NEXT_SERIAL_UNFLUSHED = (
    "SET LOCAL synchronous_commit TO OFF; "
    "INSERT INTO ticket_counters (day, last) VALUES (%(day)s, 1) "
    "ON CONFLICT (day) DO UPDATE SET last = ticket_counters.last + 1 RETURNING last"
)
_WRITERS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()
_WRITERS_GUARD = threading.Lock()


def _writer_lock(engine: Engine) -> threading.Lock:
    with _WRITERS_GUARD:
        lock = _WRITERS.get(engine)
        if lock is None:
            lock = _WRITERS[engine] = threading.Lock()
        return lock


class UnitOfWork:
    """``with UnitOfWork(engine) as uow: ...; uow.commit()``."""

    tickets: TicketRepository
    teams: TeamRepository
    agents: AgentRepository
    tokens: TokenRepository
    policies: PolicyRepository
    admin_audit: AdminAuditRepository
    connection: Connection

    def __init__(self, engine: Engine, write: bool = True) -> None:
        self._engine = engine
        self._write = write
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        sqlite_writer = self._write and self._engine.dialect.name == "sqlite"
        self._lock = _writer_lock(self._engine) if sqlite_writer else None
        if self._lock is not None:
            self._lock.acquire()
        try:
            self.connection = self._engine.connect()
            try:
                if sqlite_writer:
                    self.connection.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                self.connection.close()
                raise
        except BaseException:
            if self._lock is not None:
                self._lock.release()
            raise
        self.tickets = TicketRepository(self.connection)
        self.teams = TeamRepository(self.connection)
        self.agents = AgentRepository(self.connection)
        self.tokens = TokenRepository(self.connection)
        self.policies = PolicyRepository(self.connection)
        self.admin_audit = AdminAuditRepository(self.connection)
        return self

    def configuration(self) -> Configuration:
        """Teams, SLA policies and memberships: the process's cached copy when still current
        (one indexed row read), else loaded in this transaction (see
        :mod:`ticketing.storage.configuration`)."""
        return cache_for(self._engine).read(self.connection)

    def configuration_and_open_ticket(
        self, conversation_id: str
    ) -> tuple[Configuration, Ticket | None]:
        """The configuration and the conversation's unfinished ticket, in one round trip (every
        escalation needs both: the revision row with the ticket, if any, outer-joined to it)."""
        row = self.connection.execute(
            _REVISION_AND_OPEN_TICKET, {"conversation_id": conversation_id}
        ).first()
        if row is None:  # no revision row yet: nothing was configured through the repositories
            found = self.tickets.unfinished_for_conversation(conversation_id)
            return self.configuration(), found
        ticket = None if row.id is None else ticket_from_row(row)
        return cache_for(self._engine).at(self.connection, row.config_revision), ticket

    def next_ticket_serial(self, day: str) -> int:
        """The next serial number of ``day`` (yyyymmdd) for a new ticket's readable id.

        SQLite serialises writers anyway: the number is taken in this unit's transaction, so
        the day's numbers have no gaps. On PostgreSQL it is taken in a statement of its own on
        a second connection, committed without waiting for the WAL flush, so the day's counter
        row is locked for that statement only. Taken in this transaction it stayed locked until
        this unit committed, WAL flush included, and every concurrent escalation queued behind
        it (measured: 4-5 of 6 backends waiting on that row lock, about 270 tickets/s at most).
        Skipping the flush is safe: this unit's own commit flushes the WAL up to its commit
        record, which comes after the counter's, so a stored ticket's number is always durable;
        a crash before that can only hand out again a number no ticket has. The price: an
        escalation that fails after this call leaves a gap in the day's numbers.
        """
        if self._engine.dialect.name != "postgresql":
            return self.tickets.next_serial(day)
        with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as other:
            # Both statements in one message: PostgreSQL runs them as one implicit transaction.
            return other.exec_driver_sql(_NEXT_SERIAL_UNFLUSHED, {"day": day}).scalar_one()

    def commit(self) -> None:
        """Make every change of this unit durable."""
        self.connection.commit()
        self._committed = True

    def rollback(self) -> None:
        """Forget every change of this unit."""
        self.connection.rollback()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            if not self._committed:
                self.connection.rollback()
        finally:
            try:
                self.connection.close()
            finally:
                if self._lock is not None:
                    self._lock.release()
