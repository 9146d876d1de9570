"""Domain exceptions: each says what went wrong with its context, never how to show it.

The web layer maps the four families to HTTP statuses in one place (``ticketing.web.errors``):
:class:`NotFound` 404, :class:`PermissionDenied` 403, :class:`Conflict` 409 and
:class:`InvalidInput` 422. Other areas subclass these to get the same mapping.
"""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """Base of every business error; ``code`` is stable for clients, ``message`` is English."""

    code = "domain_error"

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.context = context


class NotFound(DomainError):
    """Something named by the caller does not exist (or is not visible to them)."""

    code = "not_found"


class PermissionDenied(DomainError):
    """The caller is known but their role or teams do not allow this."""

    code = "forbidden"


class AuthenticationFailed(DomainError):
    """No valid credentials (bad password, unknown or expired token)."""

    code = "unauthorized"


class Conflict(DomainError):
    """The request is valid but clashes with the current state (a transition, a duplicate)."""

    code = "conflict"


@dataclass(frozen=True)
class FieldProblem:
    """One invalid field of a request: its dotted name and what is wrong with it."""

    field: str
    problem: str


class InvalidInput(DomainError):
    """The request is malformed; ``problems`` lists every bad or missing field."""

    code = "invalid_request"

    def __init__(self, message: str, problems: tuple[FieldProblem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


class TicketNotFound(NotFound):
    """No ticket has this id."""

    code = "ticket_not_found"

    def __init__(self, ticket_id: str) -> None:
        super().__init__(f"ticket {ticket_id} does not exist", ticket_id=ticket_id)


class InvalidTransition(Conflict):
    """A status change the life cycle does not allow, with the reason."""

    code = "invalid_transition"

    def __init__(self, ticket_id: str, current: str, wanted: str, reason: str) -> None:
        super().__init__(
            f"ticket {ticket_id} cannot go from {current} to {wanted}: {reason}",
            ticket_id=ticket_id,
            current=current,
            wanted=wanted,
        )


class AgentUnavailable(Conflict):
    """The agent cannot take the ticket: offline, at capacity, or not in the ticket's team."""

    code = "agent_unavailable"


class ConcurrentUpdate(Conflict):
    """Someone changed the ticket between our read and our write; reload and retry."""

    code = "concurrent_update"

    def __init__(self, ticket_id: str) -> None:
        super().__init__(f"ticket {ticket_id} was changed meanwhile", ticket_id=ticket_id)


class NoTeamForCategory(Conflict):
    """No team has the skill for this category and no team takes 'other'."""

    code = "no_team"

    def __init__(self, category: str) -> None:
        super().__init__(f"no team handles category {category}", category=category)
