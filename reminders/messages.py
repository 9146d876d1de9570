"""What the jobs plan: a :class:`Notice` to a customer or to a member of staff.

A notice carries its business key ``(kind, target, due_at)``: the sent log's unique key, so the
same notice planned twice (a job run twice, late, or on two schedulers) is sent once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Audience = Literal["customer", "staff"]
Purpose = Literal["service", "care", "marketing", "alert"]
"""``service``: about the customer's own case (survey); ``care`` and ``marketing``: proactive
touches under the contact policy; ``alert``: a notice to staff."""

PROACTIVE_PURPOSES = frozenset({"care", "marketing"})


@dataclass(frozen=True)
class Notice:
    """One planned message.

    ``target`` names what the notice is about (``T20261123-0001/resolution``, a customer id, an
    interaction id), ``recipient`` who receives it (an agent id or a customer id); ``variables``
    fill the template ``kind`` (see :mod:`reminders.templates`).
    """

    kind: str
    target: str
    due_at: datetime
    audience: Audience
    recipient: str
    purpose: Purpose
    variables: Mapping[str, object] = field(default_factory=dict)
    customer_id: str | None = None
    ticket_id: str | None = None
    team_id: str | None = None  # staff: whose working hours and supervisor apply
    escalation: bool = False  # staff: also posted to the team webhooks
    language: str | None = None  # customer: overrides the customer's preferred language
    after_send: Callable[[Any, datetime], object] | None = field(default=None, compare=False)
    """Called with the write connection and the time once the notice went out (not on a dry
    run), e.g. to mark a data-protection alert as notified."""

    @property
    def key(self) -> tuple[str, str, datetime]:
        """The sent log's unique key."""
        return (self.kind, self.target, self.due_at)

    @property
    def proactive(self) -> bool:
        """Care and marketing to a customer: counted by the frequency caps."""
        return self.audience == "customer" and self.purpose in PROACTIVE_PURPOSES
