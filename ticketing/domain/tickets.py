"""The Ticket aggregate and its audit trail (TicketEvent).

Every change goes through a method of :class:`Ticket`, which checks the life-cycle rules, moves
the SLA clocks and appends a :class:`TicketEvent` (who, what, when, before/after) to
``ticket.events``; the unit of work stores the ticket and its new events in one transaction.
Methods take ``now`` and the team's calendar: the domain never reads a clock.

Reopen: only a resolved ticket reopens. Its resolution clock counts on from where it stopped
(the time spent resolved does not count), the earlier result is cleared, a next-response clock
starts (the customer is waiting for an answer), and ``reopen_count`` goes up. The first-response
result stays as recorded. A closed ticket is final.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ticketing.domain.catalog import Priority
from ticketing.domain.errors import (
    Conflict,
    FieldProblem,
    InvalidInput,
    InvalidTransition,
)
from ticketing.domain.priority import PriorityAssessment, Sentiment
from ticketing.domain.sla_clocks import SlaClock
from ticketing.domain.sla_policies import METRICS, SlaPolicy
from ticketing.domain.statuses import ACTIVE, UNFINISHED, TicketStatus, refusal
from ticketing.domain.ticket_records import (
    CUSTOMER,
    SYSTEM,
    Actor,
    TicketDraft,
    TicketEvent,
    ticket_number,
)
from ticketing.domain.ticket_sla import clocks_view, moved_clocks, stopped_outcomes
from ticketing.sla import WorkCalendar, working_minutes_between

# Re-exported: callers import these from ticketing.domain.tickets.
__all__ = [
    "CUSTOMER",
    "SYSTEM",
    "TRANSFER_TARGET_MINUTES",
    "Actor",
    "Ticket",
    "TicketDraft",
    "TicketEvent",
    "ticket_number",
]

S = TicketStatus
TRANSFER_TARGET_MINUTES = 60
"""A cross-team transfer should be picked up within 1 working hour (SPEC: 跨部门流转≤1小时)."""


@dataclass
class Ticket:
    """A customer's case, owned by a team and (once assigned) an agent."""

    id: str
    subject: str
    description: str
    category: str
    channel: str
    language: str
    conversation_id: str | None
    customer_id: str | None
    customer_segment: str | None
    sentiment: Sentiment | None
    priority: Priority
    priority_reasons: tuple[str, ...]
    status: TicketStatus
    team_id: str
    created_at: datetime
    updated_at: datetime
    clocks: dict[str, SlaClock]
    assignee_id: str | None = None
    tags: tuple[str, ...] = ()
    priority_overridden: bool = False
    first_responded_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    merged_into: str | None = None
    transfer_requested_at: datetime | None = None
    reopen_count: int = 0
    version: int = 0
    events: list[TicketEvent] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def create(
        cls,
        ticket_id: str,
        draft: TicketDraft,
        assessment: PriorityAssessment,
        team_id: str,
        policy: SlaPolicy,
        calendar: WorkCalendar,
        actor: Actor,
        now: datetime,
    ) -> Ticket:
        """A new ticket in the team's queue with its first-response and resolution clocks."""
        draft.validate()
        ticket = cls(
            id=ticket_id,
            subject=draft.subject.strip(),
            description=draft.description,
            category=draft.category,
            channel=draft.channel,
            language=draft.language,
            conversation_id=draft.conversation_id,
            customer_id=draft.customer_id,
            customer_segment=draft.customer_segment,
            sentiment=draft.sentiment,
            priority=assessment.priority,
            priority_reasons=assessment.reasons,
            status=S.NEW,
            team_id=team_id,
            created_at=now,
            updated_at=now,
            tags=tuple(dict.fromkeys(draft.tags)),
            clocks={
                metric: SlaClock.start(metric, policy.target(metric), now, calendar)
                for metric in ("first_response", "resolution")
            },
        )
        ticket._record(
            "created",
            actor,
            now,
            {},
            {
                "status": S.NEW.value,
                "team_id": team_id,
                "priority": assessment.priority.value,
                "priority_reasons": list(assessment.reasons),
                "category": draft.category,
            },
        )
        return ticket

    # --- reading -------------------------------------------------------------------------

    def due_at(self, metric: str) -> datetime | None:
        """The deadline of ``metric``, or None when that clock never started."""
        clock = self.clocks.get(metric)
        return clock.due_at if clock else None

    @property
    def next_due_at(self) -> datetime | None:
        """The earliest deadline still running: the queue's urgency and the scan's key."""
        if self.status not in ACTIVE:
            return None
        running = [clock.due_at for clock in self.clocks.values() if clock.running]
        return min(running, default=None)

    @property
    def unfinished(self) -> bool:
        """True until resolved or closed."""
        return self.status in UNFINISHED

    def sla_view(self, now: datetime, calendar: WorkCalendar) -> dict[str, dict[str, Any]]:
        """Per metric: target, due time, elapsed minutes, percent used, paused, met or breached."""
        return clocks_view(self.clocks, now, calendar)

    # --- changing ------------------------------------------------------------------------

    def transition(
        self,
        wanted: TicketStatus,
        actor: Actor,
        now: datetime,
        calendar: WorkCalendar,
        policy: SlaPolicy,
        reason: str | None = None,
    ) -> None:
        """Move to ``wanted``; raises :class:`InvalidTransition` with the reason when refused."""
        why = refusal(self.status, wanted)
        if why is None and wanted in (S.OPEN, S.IN_PROGRESS) and self.assignee_id is None:
            why = "assign the ticket to an agent first"
        if why is not None:
            raise InvalidTransition(self.id, self.status.value, wanted.value, why)
        before = {"status": self.status.value, "assignee_id": self.assignee_id}
        if wanted == S.NEW:
            self.assignee_id = None
        self._move_to(wanted, now, calendar, policy)
        after = {"status": self.status.value, "assignee_id": self.assignee_id}
        self._record("status_changed", actor, now, before, after, reason, self._outcomes(now))

    def assign(self, agent_id: str, actor: Actor, now: datetime, calendar: WorkCalendar) -> bool:
        """Give the ticket to ``agent_id``; False (and no event) when it already has them."""
        if not self.unfinished:
            raise Conflict(f"ticket {self.id} is {self.status.value}; it cannot be assigned")
        if self.assignee_id == agent_id:
            return False
        before = {"assignee_id": self.assignee_id, "status": self.status.value}
        self.assignee_id = agent_id
        if self.status == S.NEW:
            self.status = S.OPEN
        after = {"assignee_id": agent_id, "status": self.status.value}
        self._record("assigned", actor, now, before, after)
        if self.transfer_requested_at is not None:
            minutes = working_minutes_between(self.transfer_requested_at, now, calendar)
            self._record(
                "transfer_completed",
                actor,
                now,
                {"requested_at": self.transfer_requested_at.isoformat()},
                {
                    "working_minutes": round(minutes, 1),
                    "within_target": minutes <= TRANSFER_TARGET_MINUTES,
                },
            )
            self.transfer_requested_at = None
        return True

    def transfer(
        self,
        team_id: str,
        reason: str,
        actor: Actor,
        now: datetime,
        calendar: WorkCalendar,
        policy: SlaPolicy,
    ) -> None:
        """Hand the ticket to another team's queue, with a reason; the 1-hour timer starts."""
        if not reason.strip():
            raise InvalidInput("a transfer needs a reason", (FieldProblem("reason", "missing"),))
        if not self.unfinished:
            raise Conflict(f"ticket {self.id} is {self.status.value}; it cannot be transferred")
        if team_id == self.team_id:
            raise Conflict(f"ticket {self.id} is already with team {team_id}")
        before = {"team_id": self.team_id, "assignee_id": self.assignee_id}
        before["status"] = self.status.value
        self.team_id, self.assignee_id = team_id, None
        if self.status != S.NEW:
            self._move_to(S.NEW, now, calendar, policy)
        self.transfer_requested_at = now
        after = {"team_id": team_id, "assignee_id": None, "status": self.status.value}
        self._record("transferred", actor, now, before, after, reason.strip())

    def reply(self, public: bool, actor: Actor, now: datetime, calendar: WorkCalendar) -> None:
        """An agent's public reply (stops the response clocks) or internal note (changes none)."""
        if self.status == S.CLOSED:
            raise Conflict(f"ticket {self.id} is closed; it takes no more replies")
        if not public:
            self._record("internal_note", actor, now, {}, {})
            return
        before = {"status": self.status.value}
        for metric in ("first_response", "next_response"):
            clock = self.clocks.get(metric)
            if clock is not None and clock.stopped_at is None:
                self.clocks[metric] = clock.stop(now, calendar)
        self.first_responded_at = self.first_responded_at or now
        if self.status in (S.OPEN, S.REOPENED):
            self.status = S.IN_PROGRESS
        after = {"status": self.status.value, **self._outcomes(now)}
        self._record("public_reply", actor, now, before, after)

    def customer_wrote(
        self, now: datetime, calendar: WorkCalendar, policy: SlaPolicy, actor: Actor = CUSTOMER
    ) -> None:
        """A customer message: resumes a pending ticket and starts the next-response clock."""
        if not self.unfinished:
            self._record("customer_message", actor, now, {}, {})
            return
        before = {"status": self.status.value}
        if self.status == S.PENDING_CUSTOMER:
            back = S.IN_PROGRESS if self.assignee_id else S.NEW
            self._move_to(back, now, calendar, policy)
        first = self.clocks["first_response"]
        waiting = self.clocks.get("next_response")
        if first.stopped_at is not None and (waiting is None or waiting.stopped_at is not None):
            target = policy.target("next_response")
            self.clocks["next_response"] = SlaClock.start("next_response", target, now, calendar)
        self._record("customer_message", actor, now, before, {"status": self.status.value})

    def override_priority(
        self,
        priority: Priority,
        reason: str,
        actor: Actor,
        now: datetime,
        calendar: WorkCalendar,
        policy: SlaPolicy,
    ) -> None:
        """An agent's priority with a reason; running clocks take the new policy's targets."""
        if not reason.strip():
            raise InvalidInput(
                "a priority change needs a reason", (FieldProblem("reason", "missing"),)
            )
        if not self.unfinished:
            raise Conflict(f"ticket {self.id} is {self.status.value}; its priority is final")
        before = {"priority": self.priority.value, **self._due_times()}
        self.priority, self.priority_overridden = priority, True
        for metric, clock in self.clocks.items():
            self.clocks[metric] = clock.retarget(policy.target(metric), calendar)
        after = {"priority": priority.value, **self._due_times()}
        self._record("priority_changed", actor, now, before, after, reason.strip())

    def set_tags(self, tags: tuple[str, ...], actor: Actor, now: datetime) -> None:
        """Replace the tags (kept unique, in order)."""
        before = {"tags": list(self.tags)}
        self.tags = tuple(dict.fromkeys(tag.strip() for tag in tags if tag.strip()))
        self._record("tags_changed", actor, now, before, {"tags": list(self.tags)})

    def merge_into(
        self,
        target: Ticket,
        actor: Actor,
        now: datetime,
        calendar: WorkCalendar,
        policy: SlaPolicy,
        reason: str | None = None,
    ) -> None:
        """Close this ticket as a duplicate of ``target``; both trails record the merge."""
        if target.id == self.id:
            raise Conflict(f"ticket {self.id} cannot be merged into itself")
        for ticket in (self, target):
            if ticket.status == S.CLOSED:
                raise Conflict(f"ticket {ticket.id} is closed; it cannot take part in a merge")
        before = {"status": self.status.value, "merged_into": None}
        self._move_to(S.CLOSED, now, calendar, policy)
        self.merged_into = target.id
        after = {"status": S.CLOSED.value, "merged_into": target.id}
        self._record("merged_into", actor, now, before, after, reason)
        target.tags = tuple(dict.fromkeys((*target.tags, *self.tags)))
        target._record("merged_from", actor, now, {}, {"ticket_id": self.id}, reason)

    # --- internals -----------------------------------------------------------------------

    def _move_to(
        self, wanted: TicketStatus, now: datetime, calendar: WorkCalendar, policy: SlaPolicy
    ) -> None:
        """Change the status and move the clocks: pause, resume, stop or reopen."""
        self.clocks = moved_clocks(self.clocks, self.status, wanted, now, calendar, policy)
        if wanted == S.REOPENED:
            self.reopen_count += 1
            self.resolved_at = None
        if wanted == S.RESOLVED:
            self.resolved_at = now
        if wanted == S.CLOSED:
            self.closed_at = now
        self.status = wanted

    def _outcomes(self, now: datetime) -> dict[str, Any]:
        """The SLA results of the clocks that stopped at ``now``, kept in the trail."""
        return stopped_outcomes(self.clocks, now)

    def _due_times(self) -> dict[str, str | None]:
        return {
            f"{metric}_due_at": (due.isoformat() if (due := self.due_at(metric)) else None)
            for metric in METRICS
        }

    def _record(
        self,
        action: str,
        actor: Actor,
        now: datetime,
        before: dict[str, Any],
        after: dict[str, Any],
        reason: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.updated_at = now
        merged_after = {**after, **(extra or {})}
        self.events.append(TicketEvent(self.id, now, actor, action, before, merged_after, reason))
