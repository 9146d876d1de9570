"""The ticket life cycle: statuses, the transitions between them and why others are refused.

consult → ``new`` (waiting in the team's queue) → ``open`` (an agent owns it) → ``in_progress``
(the agent replied or started) ⇄ ``pending_customer`` (waiting for the customer: SLA clocks
pause) → ``resolved`` (the customer may confirm or reopen) → ``closed`` (archived, final).
``reopened`` is a resolved ticket the customer brought back; it works like ``open``.
"""

from __future__ import annotations

from enum import Enum


class TicketStatus(str, Enum):
    """Where a ticket is in its life cycle."""

    NEW = "new"
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    PENDING_CUSTOMER = "pending_customer"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"


S = TicketStatus
TRANSITIONS: dict[TicketStatus, frozenset[TicketStatus]] = {
    S.NEW: frozenset({S.OPEN, S.IN_PROGRESS, S.PENDING_CUSTOMER, S.RESOLVED, S.CLOSED}),
    S.OPEN: frozenset({S.NEW, S.IN_PROGRESS, S.PENDING_CUSTOMER, S.RESOLVED, S.CLOSED}),
    S.IN_PROGRESS: frozenset({S.NEW, S.OPEN, S.PENDING_CUSTOMER, S.RESOLVED, S.CLOSED}),
    S.PENDING_CUSTOMER: frozenset({S.NEW, S.OPEN, S.IN_PROGRESS, S.RESOLVED, S.CLOSED}),
    S.RESOLVED: frozenset({S.CLOSED, S.REOPENED}),
    S.REOPENED: frozenset({S.NEW, S.IN_PROGRESS, S.PENDING_CUSTOMER, S.RESOLVED, S.CLOSED}),
    S.CLOSED: frozenset(),
}

ACTIVE = frozenset({S.NEW, S.OPEN, S.IN_PROGRESS, S.REOPENED})
"""Statuses whose SLA clocks run: they appear in the queue and in the due-time scan."""
UNFINISHED = ACTIVE | {S.PENDING_CUSTOMER}
"""Statuses of a ticket that still needs work; one conversation has at most one such ticket."""

LABELS: dict[TicketStatus, dict[str, str]] = {
    S.NEW: {"zh": "待分配", "en": "New"},
    S.OPEN: {"zh": "已受理", "en": "Open"},
    S.IN_PROGRESS: {"zh": "处理中", "en": "In progress"},
    S.PENDING_CUSTOMER: {"zh": "等待客户回复", "en": "Waiting for you"},
    S.RESOLVED: {"zh": "已解决", "en": "Resolved"},
    S.CLOSED: {"zh": "已关闭", "en": "Closed"},
    S.REOPENED: {"zh": "已重新打开", "en": "Reopened"},
}


def refusal(current: TicketStatus, wanted: TicketStatus) -> str | None:
    """Why ``current → wanted`` is not allowed, or None when it is."""
    if wanted in TRANSITIONS[current]:
        return None
    if current == wanted:
        return f"the ticket is already {current.value}"
    if current == S.CLOSED:
        return "a closed ticket is archived and cannot change; open a new ticket instead"
    if current == S.RESOLVED:
        return "a resolved ticket can only be closed or reopened"
    if wanted == S.REOPENED:
        return "only a resolved ticket can be reopened"
    return f"{current.value} does not lead to {wanted.value}"
