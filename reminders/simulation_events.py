"""What happens during the simulated month, as timed events applied in order.

Seeded and deterministic: tickets opened (some negative, some transferred to another team,
most resolved hours later, a few asking for a revisit in 7 days), sales leads (A and B grade,
most followed up), contracts ending over the next weeks, account owners for high-value
customers, and customers who unsubscribe from marketing or ask not to be disturbed.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from reminders.preferences import set_preferences, unsubscribe_marketing
from ticketing.domain.catalog import Priority
from ticketing.domain.priority import PriorityAssessment, Sentiment
from ticketing.domain.sla_policies import policy_for
from ticketing.domain.statuses import TicketStatus
from ticketing.domain.tickets import Actor, Ticket, TicketDraft, ticket_number
from ticketing.storage.schema.customers import customers
from ticketing.storage.schema.reminders import care_contracts, care_leads, care_owners
from ticketing.storage.schema.tickets import team_members
from ticketing.storage.times import to_db
from ticketing.storage.unit_of_work import UnitOfWork

SERVICE = Actor("service", None)
TICKETS_PER_DAY = 12
LEADS_PER_DAY = 2
CATEGORY_OF = {
    "tech": "product_issue",
    "billing": "payment",
    "logistics": "delivery",
    "care": "complaint",
}
Event = Callable[[Engine, datetime], None]


@dataclass
class OptOuts:
    """When each customer unsubscribed from marketing or asked not to be disturbed."""

    marketing: dict[str, datetime] = field(default_factory=dict)
    dnd: dict[str, datetime] = field(default_factory=dict)


@dataclass
class MonthPlan:
    """Timed events, applied in time order up to each simulated instant."""

    queue: list = field(default_factory=list)
    opt_outs: OptOuts = field(default_factory=OptOuts)
    _order: itertools.count = field(default_factory=itertools.count)

    def at(self, moment: datetime, event: Event) -> None:
        """Schedule ``event`` at ``moment``."""
        heapq.heappush(self.queue, (moment, next(self._order), event))

    def apply_until(self, engine: Engine, now: datetime) -> None:
        """Apply every event due at or before ``now``."""
        while self.queue and self.queue[0][0] <= now:
            moment, _, event = heapq.heappop(self.queue)
            event(engine, moment)


def plan_month(engine: Engine, start: datetime, days: int, rng: random.Random) -> MonthPlan:
    """Seed the registers and schedule a month of events from ``start``."""
    plan = MonthPlan()
    with engine.connect() as connection:
        people = connection.execute(
            sa.select(customers.c.customer_id, customers.c.segment).order_by(
                customers.c.customer_id
            )
        ).all()
        agents = connection.execute(
            sa.select(team_members.c.agent_id, team_members.c.team_id)
        ).all()
    ids = [row.customer_id for row in people]
    segment = {row.customer_id: row.segment for row in people}
    members: dict[str, list[str]] = {}
    for agent_id, team_id in agents:
        members.setdefault(team_id, []).append(agent_id)
    _seed_registers(engine, start, rng, people)
    serial = itertools.count(1)
    for day in range(days):
        midnight = start + timedelta(days=day)
        for _ in range(TICKETS_PER_DAY):
            opened = midnight + timedelta(minutes=rng.randint(8 * 60, 20 * 60))
            _plan_ticket(plan, rng, opened, next(serial), rng.choice(ids), segment, members)
        for _ in range(LEADS_PER_DAY):
            created = midnight + timedelta(minutes=rng.randint(9 * 60, 18 * 60))
            _plan_lead(plan, rng, created, rng.choice(ids))
        for customer_id in rng.sample(ids, k=max(1, len(ids) // 300)):
            when = midnight + timedelta(minutes=rng.randint(0, 24 * 60 - 1))
            plan.at(when, _unsubscribe(plan.opt_outs, customer_id))
        for customer_id in rng.sample(ids, k=max(1, len(ids) // 1000)):
            when = midnight + timedelta(minutes=rng.randint(0, 24 * 60 - 1))
            plan.at(when, _do_not_disturb(plan.opt_outs, customer_id))
    return plan


def _seed_registers(engine: Engine, start: datetime, rng: random.Random, people) -> None:
    owners = ("care.lead", "care.huang", "care.xu")
    with engine.begin() as connection:
        high = [row.customer_id for row in people if row.segment and row.segment.startswith("high")]
        if high:
            connection.execute(
                care_owners.insert(),
                [
                    {"customer_id": c, "owner": rng.choice(owners), "updated_at": to_db(start)}
                    for c in high
                ],
            )
        contracts = [
            {
                "contract_id": f"K{index:05d}",
                "customer_id": row.customer_id,
                "owner": rng.choice(owners),
                "ends_on": (start + timedelta(days=rng.randint(5, 45))).date(),
            }
            for index, row in enumerate(rng.sample(list(people), k=min(40, len(people))))
        ]
        connection.execute(care_contracts.insert(), contracts)


def _plan_ticket(plan, rng, opened, serial, customer_id, segment, members) -> None:
    team_id = rng.choice(sorted(members))
    ticket_id = ticket_number(opened.date(), serial)
    assignee = rng.choice(members[team_id]) if rng.random() < 0.7 else None
    negative = rng.random() < 0.2

    def open_ticket(engine: Engine, now: datetime) -> None:
        with UnitOfWork(engine) as uow:
            team = uow.teams.get(team_id)
            priority = Priority.P2 if negative else Priority.P3
            draft = TicketDraft(
                subject="模拟工单 simulated",
                category=CATEGORY_OF.get(team_id, "other"),
                customer_id=customer_id,
                customer_segment=segment[customer_id],
                sentiment=Sentiment("negative", 0.9) if negative else None,
                tags=("revisit:7d",) if rng.random() < 0.1 else (),
            )
            policy = policy_for(priority, segment[customer_id])
            assessment = PriorityAssessment(priority, ("simulation",))
            ticket = Ticket.create(
                ticket_id, draft, assessment, team_id, policy, team.calendar, SERVICE, now
            )
            ticket.assignee_id = assignee
            uow.tickets.add(ticket)
            uow.commit()

    plan.at(opened, open_ticket)
    if rng.random() < 0.1:
        other = rng.choice([t for t in sorted(members) if t != team_id])
        plan.at(
            opened + timedelta(minutes=20),
            _change(ticket_id, segment[customer_id], "transfer", other),
        )
    if rng.random() < 0.75:
        hours = rng.uniform(0.5, 30)
        plan.at(
            opened + timedelta(hours=hours), _change(ticket_id, segment[customer_id], "resolve")
        )


def _change(ticket_id: str, segment: str | None, what: str, team_id: str = "") -> Event:
    def apply(engine: Engine, now: datetime) -> None:
        with UnitOfWork(engine) as uow:
            ticket = uow.tickets.get(ticket_id)
            policy = policy_for(ticket.priority, segment)
            if what == "transfer" and ticket.unfinished and ticket.team_id != team_id:
                calendar = uow.teams.get(team_id).calendar
                ticket.transfer(team_id, "模拟转派 simulated", SERVICE, now, calendar, policy)
            elif what == "resolve" and ticket.unfinished:
                calendar = uow.teams.get(ticket.team_id).calendar
                ticket.transition(TicketStatus.RESOLVED, SERVICE, now, calendar, policy)
            else:
                return
            uow.tickets.save(ticket)
            uow.commit()

    return apply


def _plan_lead(plan, rng, created, customer_id) -> None:
    grade = "A" if rng.random() < 0.5 else "B"
    owner = rng.choice(("care.huang", "care.xu"))
    followed = created + timedelta(days=rng.uniform(0.5, 4)) if rng.random() < 0.6 else None

    def add(engine: Engine, now: datetime) -> None:
        values = {"customer_id": customer_id, "grade": grade, "owner": owner}
        with engine.begin() as connection:
            inserted = connection.execute(
                care_leads.insert().values(created_at=to_db(now), **values)
            )
        if followed is not None:
            plan.at(followed, _follow_up(inserted.inserted_primary_key[0]))

    plan.at(created, add)


def _follow_up(lead_id: int) -> Event:
    def apply(engine: Engine, now: datetime) -> None:
        with engine.begin() as connection:
            connection.execute(
                care_leads.update()
                .where(care_leads.c.lead_id == lead_id)
                .values(followed_up_at=to_db(now))
            )

    return apply


def _unsubscribe(opt_outs: OptOuts, customer_id: str) -> Event:
    def apply(engine: Engine, now: datetime) -> None:
        with engine.begin() as connection:
            unsubscribe_marketing(connection, customer_id, "simulation", now)
        opt_outs.marketing.setdefault(customer_id, now)

    return apply


def _do_not_disturb(opt_outs: OptOuts, customer_id: str) -> Event:
    def apply(engine: Engine, now: datetime) -> None:
        with engine.begin() as connection:
            set_preferences(connection, customer_id, "simulation", now, do_not_disturb=True)
        opt_outs.dnd.setdefault(customer_id, now)

    return apply
