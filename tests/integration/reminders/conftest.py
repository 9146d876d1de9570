"""Fixtures for the reminders tests: a migrated database with a small desk, customers and
tickets written directly, the run context and recording channels."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from reminders.channels.console import NotificationBus
from reminders.channels.customers import RecordingGateway
from reminders.plan import PlanContext
from reminders.rules_care import CareContext
from reminders.runner import Delivery, RunContext
from ticketing.domain.catalog import Priority
from ticketing.domain.priority import PriorityAssessment, Sentiment
from ticketing.domain.sla_policies import policy_for
from ticketing.domain.statuses import TicketStatus
from ticketing.domain.teams import Agent, CalendarConfig, Team
from ticketing.domain.tickets import Actor, Ticket, TicketDraft
from ticketing.sla import OFFICE_HOURS
from ticketing.storage.db import make_engine
from ticketing.storage.schema.customers import customers
from ticketing.storage.unit_of_work import UnitOfWork

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE = CalendarConfig(hours=OFFICE_HOURS, china_holidays=False)
SERVICE = Actor("service", None)


def at(text: str) -> datetime:
    """A Shanghai wall-clock instant, e.g. ``at("2026-11-23T10:00")`` (a Monday)."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def desk(engine: Engine) -> Engine:
    """Logistics (office hours) with agent logi.sun and supervisor logi.lead; care.lead owns
    accounts by default; admin receives data alerts."""
    created = datetime(2026, 11, 1, tzinfo=timezone.utc)
    with UnitOfWork(engine) as uow:
        uow.teams.add(
            Team("logistics", "物流", "Logistics", frozenset({"delivery"}), OFFICE), created
        )
        uow.teams.add(Team("care", "客户关怀", "Care", frozenset({"complaint"}), OFFICE), created)
        for agent_id, role, teams in (
            ("logi.sun", "agent", ("logistics",)),
            ("logi.lead", "supervisor", ("logistics",)),
            ("care.lead", "supervisor", ("care",)),
            ("admin", "admin", ()),
        ):
            agent = Agent(agent_id, agent_id, agent_id, role, frozenset(teams))
            uow.agents.add(agent, "x", created)
        uow.commit()
    return engine


def add_customer(engine: Engine, customer_id: str, **values: object) -> None:
    """A customer row with a mobile and SMS consent unless ``values`` say otherwise."""
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    row = {
        "customer_id": customer_id,
        "name": "王小明",
        "mobile_hash": f"hash-{customer_id}",
        "mobile_masked": "138****0000",
        "consent_sms": True,
        "consent_marketing": True,
        "segment": "regular",
        "created_at": now,
        "updated_at": now,
    }
    row.update(values)
    birthday = row.get("birthday")
    if isinstance(birthday, date):
        row["birthday_md"] = birthday.strftime("%m-%d")
    with engine.begin() as connection:
        connection.execute(customers.insert().values(**row))


def add_ticket(
    engine: Engine,
    ticket_id: str,
    now: datetime,
    priority: Priority = Priority.P3,
    customer_id: str | None = "C2024050001",
    segment: str | None = "high_value_active",
    negative: bool = False,
    resolve_at: datetime | None = None,
    tags: tuple[str, ...] = (),
    assignee: str | None = None,
) -> Ticket:
    """A logistics ticket created at ``now`` (resolved at ``resolve_at`` when given)."""
    team = Team("logistics", "物流", "Logistics", frozenset({"delivery"}), OFFICE)
    policy = policy_for(priority, segment)
    draft = TicketDraft(
        subject="快递三天没动",
        category="delivery",
        customer_id=customer_id,
        customer_segment=segment,
        sentiment=Sentiment("negative", 0.9) if negative else None,
        tags=tags,
    )
    assessment = PriorityAssessment(priority, ("category:delivery",))
    ticket = Ticket.create(
        ticket_id, draft, assessment, "logistics", policy, team.calendar, SERVICE, now
    )
    if assignee:
        ticket.assignee_id = assignee
    if resolve_at is not None:
        ticket.transition(TicketStatus.RESOLVED, SERVICE, resolve_at, team.calendar, policy)
    with UnitOfWork(engine) as uow:
        uow.tickets.add(ticket)
        uow.commit()
    return ticket


@pytest.fixture
def context() -> RunContext:
    care = CareContext(zone=SHANGHAI, link_secret="test-secret")
    return RunContext(PlanContext(care), SHANGHAI, "zh")


@pytest.fixture
def gateway() -> RecordingGateway:
    return RecordingGateway()


@pytest.fixture
def delivery(gateway: RecordingGateway) -> Delivery:
    return Delivery(bus=NotificationBus(), gateway=gateway)


__all__ = ["Priority", "add_customer", "add_ticket", "at"]
