"""What a run did: one :class:`Outcome` per notice and a :class:`Report` counting them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from reminders.messages import Notice


@dataclass(frozen=True)
class Outcome:
    """What happened to one notice: sent, would_send, suppressed, duplicate or failed."""

    notice: Notice
    status: str
    recipient: str
    channel: str | None = None
    reason: str | None = None

    def line(self) -> str:
        """One printable line (ids only, no personal data)."""
        parts = [
            self.status,
            self.notice.kind,
            f"target={self.notice.target}",
            f"due={self.notice.due_at.isoformat(timespec='minutes')}",
            f"to={self.recipient}",
        ]
        if self.channel:
            parts.append(f"via={self.channel}")
        if self.reason:
            parts.append(f"reason={self.reason}")
        return " ".join(parts)


@dataclass
class Report:
    """Counts per (kind, status) and hold-back reasons; the outcomes when ``keep`` is set."""

    keep: bool = True
    counts: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        """Count (and keep) one outcome."""
        self.counts[(outcome.notice.kind, outcome.status)] += 1
        if outcome.reason:
            self.reasons[(outcome.notice.kind, outcome.reason)] += 1
        if self.keep:
            self.outcomes.append(outcome)

    def total(self, status: str) -> int:
        """How many outcomes had ``status``."""
        return sum(n for (_, s), n in self.counts.items() if s == status)
