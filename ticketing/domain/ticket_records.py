"""What a ticket is made from and what its trail records: the readable id, the draft (the
bot's escalation or an agent's form, validated field by field), actors and audit events."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ticketing.domain.catalog import CATEGORIES, CHANNELS, LANGUAGES, SEGMENTS
from ticketing.domain.errors import FieldProblem, InvalidInput
from ticketing.domain.priority import Sentiment

CUSTOMER_ID = re.compile(r"^C\d{6}\d{4}$")


def ticket_number(day: date, serial: int) -> str:
    """The readable id of the ``serial``-th ticket of a local day: ``T20261123-0001``."""
    return f"T{day:%Y%m%d}-{serial:04d}"


@dataclass(frozen=True)
class Actor:
    """Who made a change: an agent, a service (the bot), the customer, or the system."""

    kind: str
    id: str | None = None


SYSTEM = Actor("system")
CUSTOMER = Actor("customer")


@dataclass(frozen=True)
class TicketEvent:
    """One entry of the audit trail."""

    ticket_id: str
    at: datetime
    actor: Actor
    action: str
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str | None = None


@dataclass(frozen=True)
class TicketDraft:
    """What a new ticket is made from (the bot's escalation or an agent's form)."""

    subject: str
    category: str
    description: str = ""
    channel: str = "chat"
    language: str = "zh"
    conversation_id: str | None = None
    customer_id: str | None = None
    customer_segment: str | None = None
    sentiment: Sentiment | None = None
    tags: tuple[str, ...] = ()

    def validate(self) -> None:
        """Raise :class:`InvalidInput` listing every bad field."""
        checks = [
            ("subject", 1 <= len(self.subject.strip()) <= 200, "must be 1 to 200 characters"),
            ("description", len(self.description) <= 10_000, "must be at most 10000 characters"),
            ("category", self.category in CATEGORIES, f"must be one of {', '.join(CATEGORIES)}"),
            ("channel", self.channel in CHANNELS, f"must be one of {', '.join(CHANNELS)}"),
            ("language", self.language in LANGUAGES, "must be zh or en"),
            (
                "customer_id",
                self.customer_id is None or bool(CUSTOMER_ID.match(self.customer_id)),
                "must be C + yyyymm + 4 digits, e.g. C2024050001",
            ),
            (
                "customer_segment",
                self.customer_segment is None or self.customer_segment in SEGMENTS,
                f"must be one of {', '.join(SEGMENTS)}",
            ),
            (
                "conversation_id",
                self.conversation_id is None or 1 <= len(self.conversation_id) <= 100,
                "must be 1 to 100 characters",
            ),
            ("tags", all(1 <= len(tag) <= 40 for tag in self.tags), "each 1 to 40 characters"),
        ]
        problems = tuple(FieldProblem(name, why) for name, ok, why in checks if not ok)
        if problems:
            raise InvalidInput("the ticket has invalid fields", problems)
