"""SLA watch rules: pure functions from open tickets and a clock to staff notices.

- ``sla_warning`` to the assignee (the team's supervisor while unassigned) once a running clock
  has used ``warning_percent`` of its target;
- ``sla_breach`` to the team's supervisor once it is past due, with the ticket, the customer's
  segment and the time over (working minutes for working-time clocks);
- the 2-hour negative-feedback clock is the resolution clock of a ticket with negative sentiment
  or a complaint (named as such in the notice); the 1-hour transfer clock runs from a cross-team
  transfer until someone in the new team takes the ticket;
- ``ticket_untouched`` to the owner when an active ticket has not changed for 24 hours.

Each notice's key is (kind, ticket/clock, due time): a moved deadline warns again, a repeated
scan does not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from reminders.messages import Notice
from ticketing.domain.sla_clocks import SlaClock
from ticketing.domain.tickets import TRANSFER_TARGET_MINUTES
from ticketing.sla import WorkCalendar, add_working_minutes, working_minutes_between

CLOCK_LABELS = {
    "first_response": {"zh": "首次响应", "en": "first response"},
    "next_response": {"zh": "后续响应", "en": "next response"},
    "resolution": {"zh": "解决", "en": "resolution"},
    "negative_feedback": {"zh": "负面评价处理（2小时）", "en": "negative-feedback (2 h)"},
    "transfer": {"zh": "跨部门流转（1小时）", "en": "cross-team transfer (1 h)"},
}


@dataclass(frozen=True)
class OpenTicket:
    """What the SLA rules read of an active ticket."""

    id: str
    team_id: str
    assignee_id: str | None
    customer_segment: str | None
    category: str
    negative: bool
    clocks: dict[str, SlaClock] = field(default_factory=dict)
    updated_at: datetime | None = None
    transfer_requested_at: datetime | None = None


@dataclass(frozen=True)
class SlaRules:
    """The thresholds (from :class:`reminders.config.ReminderConfig`)."""

    warning_percent: float = 80.0
    untouched: timedelta = timedelta(hours=24)


Supervisors = Callable[[str], str | None]


def sla_notices(
    tickets: Iterable[OpenTicket],
    calendars: dict[str, WorkCalendar],
    supervisor_of: Supervisors,
    now: datetime,
    rules: SlaRules = SlaRules(),
) -> Iterator[Notice]:
    """Warnings, escalations and idle-ticket reminders due at ``now``."""
    for ticket in tickets:
        calendar = calendars[ticket.team_id]
        supervisor = supervisor_of(ticket.team_id)
        owner = ticket.assignee_id or supervisor
        for metric, clock in ticket.clocks.items():
            if not clock.running:
                continue
            label = "negative_feedback" if metric == "resolution" and ticket.negative else metric
            elapsed = clock.elapsed(now, calendar)
            yield from _clock_notice(
                ticket,
                label,
                clock.due_at,
                elapsed,
                clock.target_minutes,
                now,
                owner,
                supervisor,
                rules,
            )
        if ticket.transfer_requested_at is not None:
            due = add_working_minutes(
                ticket.transfer_requested_at, TRANSFER_TARGET_MINUTES, calendar
            )
            elapsed = working_minutes_between(ticket.transfer_requested_at, now, calendar)
            yield from _clock_notice(
                ticket,
                "transfer",
                due,
                elapsed,
                TRANSFER_TARGET_MINUTES,
                now,
                supervisor,
                supervisor,
                rules,
            )
        if ticket.updated_at is not None and now - ticket.updated_at >= rules.untouched and owner:
            hours = round(rules.untouched.total_seconds() / 3600)
            yield Notice(
                "ticket_untouched",
                ticket.id,
                ticket.updated_at + rules.untouched,
                "staff",
                owner,
                "alert",
                {"ticket_id": ticket.id, "hours": hours},
                ticket_id=ticket.id,
                team_id=ticket.team_id,
            )


def _clock_notice(
    ticket: OpenTicket,
    label: str,
    due_at: datetime,
    elapsed: float,
    target: int,
    now: datetime,
    owner: str | None,
    supervisor: str | None,
    rules: SlaRules,
) -> Iterator[Notice]:
    percent = 100 * elapsed / target
    target_key = f"{ticket.id}/{label}"
    clock = CLOCK_LABELS[label]
    if now > due_at and supervisor:
        yield Notice(
            "sla_breach",
            target_key,
            due_at,
            "staff",
            supervisor,
            "alert",
            {
                "ticket_id": ticket.id,
                "segment": ticket.customer_segment or "-",
                "clock": clock,
                "minutes_over": max(1, round(elapsed - target)),
                "assignee": ticket.assignee_id or "-",
            },
            ticket_id=ticket.id,
            team_id=ticket.team_id,
            escalation=True,
        )
    elif now <= due_at and percent >= rules.warning_percent and owner:
        yield Notice(
            "sla_warning",
            target_key,
            due_at,
            "staff",
            owner,
            "alert",
            {
                "ticket_id": ticket.id,
                "clock": clock,
                "percent": int(percent),
                "due_local": due_at.isoformat(timespec="minutes"),
            },
            ticket_id=ticket.id,
            team_id=ticket.team_id,
        )


def scan_horizon(
    now: datetime,
    calendars: Iterable[WorkCalendar],
    longest_working_target: int,
    longest_calendar_target: int,
    warning_percent: float,
) -> datetime:
    """The latest deadline that can already be at the warning share at ``now``.

    The due-time scan reads tickets whose earliest running deadline is before this instant (an
    index range scan on ``tickets.next_due_at``) instead of every open ticket.
    """
    share = (100 - warning_percent) / 100
    latest = now + timedelta(minutes=share * longest_calendar_target)
    for calendar in calendars:
        latest = max(latest, add_working_minutes(now, share * longest_working_target, calendar))
    return latest + timedelta(minutes=1)
