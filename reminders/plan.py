"""Every rule in one list, grouped by how often the scheduler runs it.

``watch`` rules are cheap indexed scans (SLA clocks, follow-ups, leads, contracts, surveys,
revisits, data-protection alerts) and run every tick; ``care`` rules walk customer segments and
run every ``care`` interval. ``run-once`` runs both. Order matters within a run: service
messages first, then care, then marketing, so that when a frequency cap allows only one
message, the more important one goes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.engine import Connection

from reminders import rules_care, rules_follow_up
from reminders.duty import Staff
from reminders.messages import Notice
from reminders.reads_sla import longest_targets, watched_tickets
from reminders.rules_care import CareContext
from reminders.rules_sla import SlaRules, scan_horizon, sla_notices

GROUPS = ("watch", "care")


@dataclass(frozen=True)
class PlanContext:
    """What every rule may read besides the database."""

    care: CareContext
    sla: SlaRules = field(default_factory=SlaRules)
    data_alert_recipients: tuple[str, ...] = ("admin",)
    staff: Staff = field(default_factory=lambda: Staff({}, {}))


Rule = Callable[[Connection, datetime, PlanContext], Iterator[Notice]]


def sla_watch(connection: Connection, now: datetime, ctx: PlanContext) -> Iterator[Notice]:
    """SLA warnings, breaches, the transfer clock and untouched tickets."""
    staff = ctx.staff
    calendars = {team_id: team.calendar for team_id, team in staff.teams.items()}
    working, calendar_minutes = longest_targets(connection)
    horizon = scan_horizon(
        now, calendars.values(), working, calendar_minutes, ctx.sla.warning_percent
    )
    tickets = watched_tickets(connection, now, horizon, now - ctx.sla.untouched)
    known = (t for t in tickets if t.team_id in calendars)
    return sla_notices(known, calendars, staff.supervisor_of, now, ctx.sla)


def _care(rule: Callable[[Connection, datetime, CareContext], Iterator[Notice]]) -> Rule:
    def run(connection: Connection, now: datetime, ctx: PlanContext) -> Iterator[Notice]:
        return rule(connection, now, ctx.care)

    run.__name__ = rule.__name__
    return run


def _revisits(connection: Connection, now: datetime, ctx: PlanContext) -> Iterator[Notice]:
    return rules_follow_up.revisits(connection, now, ctx.care, ctx.staff.supervisor_of)


def _data_alerts(connection: Connection, now: datetime, ctx: PlanContext) -> Iterator[Notice]:
    return rules_follow_up.data_alerts(connection, now, ctx.care, ctx.data_alert_recipients)


RULES: tuple[tuple[str, str, Rule], ...] = (
    ("satisfaction_survey", "watch", _care(rules_follow_up.surveys)),
    ("sla_watch", "watch", sla_watch),
    ("follow_ups", "watch", _care(rules_follow_up.follow_ups)),
    ("lead_follow_ups", "watch", _care(rules_follow_up.lead_follow_ups)),
    ("contract_renewals", "watch", _care(rules_follow_up.contract_renewals)),
    ("revisits", "watch", _revisits),
    ("data_alerts", "watch", _data_alerts),
    ("birthday_owner", "care", _care(rules_care.birthday_owner)),
    ("high_value_reviews", "care", _care(rules_care.high_value_reviews)),
    ("churn_risk", "care", _care(rules_care.churn_risk)),
    ("birthday_greeting", "care", _care(rules_care.birthday_greeting)),
    ("welcome_coupon", "care", _care(rules_care.welcome_coupon)),
    ("dormant_wakeup", "care", _care(rules_care.dormant_wakeup)),
)
CARE_INTERVAL = timedelta(minutes=15)


def plan(
    connection: Connection, now: datetime, ctx: PlanContext, groups: tuple[str, ...] = GROUPS
) -> Iterator[Notice]:
    """Every notice the rules of ``groups`` find due at ``now``, in priority order."""
    for _name, group, rule in RULES:
        if group in groups:
            yield from rule(connection, now, ctx)
