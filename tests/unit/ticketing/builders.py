"""Ready-made domain objects for the unit tests (fixed instants in Asia/Shanghai)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from ticketing.domain.catalog import Priority
from ticketing.domain.priority import PriorityAssessment
from ticketing.domain.sla_policies import policy_for
from ticketing.domain.tickets import Actor, Ticket, TicketDraft
from ticketing.sla import WorkCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = WorkCalendar()  # Mon-Fri 09:00-12:00, 13:00-18:00
BOT = Actor("service", None)
AGENT = Actor("agent", "A01")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """An instant in Shanghai in November 2026 (the 23rd is a Monday)."""
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def new_ticket(
    priority: Priority = Priority.P3, now: datetime | None = None, segment: str | None = None
) -> Ticket:
    draft = TicketDraft(
        subject="快递三天没动",
        category="delivery",
        conversation_id="conv-1",
        customer_id="C2024050001",
        customer_segment=segment,
    )
    return Ticket.create(
        "T20261123-0001",
        draft,
        PriorityAssessment(priority, ("category:delivery",)),
        "logistics",
        policy_for(priority, segment),
        CALENDAR,
        BOT,
        now or at(23, 10),
    )
