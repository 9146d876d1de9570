"""SLA policies: targets per priority and customer segment, and the defaults from the SPEC.

SPEC targets: first response within 10 minutes; negative feedback handled within 2 hours;
complex issues resolved within 24 hours; P1 faster. Response targets count working minutes on
the team's calendar (nobody can answer at 03:00); the 2-hour resolution of P1/P2 (complaints,
negative feedback) counts working minutes too, while the 24-hour resolution of P3/P4 counts
calendar minutes, as the SPEC's "24小时内" is a promise in clock time. High-value customers get
faster targets. Admins may replace any row (``sla_policies`` table); a missing row falls back
to the priority's default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ticketing.domain.catalog import HIGH_VALUE_SEGMENTS, Priority
from ticketing.domain.errors import FieldProblem, InvalidInput

METRICS = ("first_response", "next_response", "resolution")
ANY_SEGMENT = "*"


@dataclass(frozen=True)
class SlaTarget:
    """How long one metric may take: minutes, counted on the calendar's open time or not."""

    minutes: int
    working: bool = True


@dataclass(frozen=True)
class SlaPolicy:
    """The three targets for tickets of one priority (and optionally one customer segment)."""

    priority: Priority
    segment: str
    first_response: SlaTarget
    next_response: SlaTarget
    resolution: SlaTarget

    def target(self, metric: str) -> SlaTarget:
        """The target of ``metric`` (one of :data:`METRICS`)."""
        return getattr(self, metric)

    def validate(self) -> None:
        """Raise :class:`InvalidInput` unless every target is a positive number of minutes."""
        problems = tuple(
            FieldProblem(f"{metric}.minutes", "must be between 1 and 525600 (a year)")
            for metric in METRICS
            if not 1 <= self.target(metric).minutes <= 525_600
        )
        if problems:
            raise InvalidInput("an SLA target is out of range", problems)


def _policy(priority: Priority, segment: str, first: int, nxt: int, resolution: SlaTarget):
    return SlaPolicy(priority, segment, SlaTarget(first), SlaTarget(nxt), resolution)


DEFAULT_POLICIES: tuple[SlaPolicy, ...] = (
    _policy(Priority.P1, ANY_SEGMENT, 5, 15, SlaTarget(120)),
    _policy(Priority.P2, ANY_SEGMENT, 10, 30, SlaTarget(120)),
    _policy(Priority.P3, ANY_SEGMENT, 10, 60, SlaTarget(24 * 60, working=False)),
    _policy(Priority.P4, ANY_SEGMENT, 10, 120, SlaTarget(24 * 60, working=False)),
    *(
        _policy(Priority.P3, segment, 5, 30, SlaTarget(12 * 60, working=False))
        for segment in sorted(HIGH_VALUE_SEGMENTS)
    ),
    *(
        _policy(Priority.P4, segment, 5, 60, SlaTarget(12 * 60, working=False))
        for segment in sorted(HIGH_VALUE_SEGMENTS)
    ),
)


def policy_for(
    priority: Priority, segment: str | None, policies: Iterable[SlaPolicy] = ()
) -> SlaPolicy:
    """The policy for a ticket: configured rows first, then the defaults.

    Within each, a row for the customer's segment wins over the row for any segment.
    """
    configured = list(policies)
    for source in (configured, DEFAULT_POLICIES):
        by_key = {(policy.priority, policy.segment): policy for policy in source}
        for key in ((priority, segment or ANY_SEGMENT), (priority, ANY_SEGMENT)):
            if key in by_key:
                return by_key[key]
    raise LookupError(f"no SLA policy for {priority}")  # pragma: no cover - defaults cover all
