"""How a ticket's status moves its SLA clocks, and what the clocks show.

``pending_customer`` pauses every running clock; leaving it resumes them (the paused time moves
the deadlines). ``resolved`` and ``closed`` stop them and record elapsed minutes and breaches.
``reopened`` restarts the resolution clock from where it stopped and starts a next-response
clock (the customer is waiting for an answer).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from ticketing.domain.sla_clocks import SlaClock
from ticketing.domain.sla_policies import SlaPolicy
from ticketing.domain.statuses import TicketStatus
from ticketing.sla import WorkCalendar

S = TicketStatus
Clocks = dict[str, SlaClock]


def moved_clocks(
    clocks: Clocks,
    current: TicketStatus,
    wanted: TicketStatus,
    now: datetime,
    calendar: WorkCalendar,
    policy: SlaPolicy,
) -> Clocks:
    """The clocks after the status goes from ``current`` to ``wanted`` at ``now``."""
    moved = dict(clocks)

    def each(change: Callable[[SlaClock], SlaClock]) -> None:
        for metric, clock in list(moved.items()):
            moved[metric] = change(clock)

    if current == S.PENDING_CUSTOMER and wanted != S.PENDING_CUSTOMER:
        each(lambda clock: clock.resume(now, calendar))
    if wanted == S.PENDING_CUSTOMER:
        each(lambda clock: clock.pause(now))
    elif wanted in (S.RESOLVED, S.CLOSED):
        each(lambda clock: clock.stop(now, calendar))
    elif wanted == S.REOPENED:
        moved["resolution"] = moved["resolution"].restart_after_stop(now, calendar)
        target = policy.target("next_response")
        moved["next_response"] = SlaClock.start("next_response", target, now, calendar)
    return moved


def stopped_outcomes(clocks: Clocks, now: datetime) -> dict[str, Any]:
    """``{"<metric>_sla": {elapsed_minutes, breached}}`` for the clocks stopped at ``now``."""
    return {
        f"{metric}_sla": {"elapsed_minutes": clock.elapsed_minutes, "breached": clock.breached}
        for metric, clock in clocks.items()
        if clock.stopped_at == now
    }


def clocks_view(clocks: Clocks, now: datetime, calendar: WorkCalendar) -> dict[str, dict[str, Any]]:
    """Per metric: target, due time, elapsed minutes, percent used, paused, met or breached.

    A running clock is breached once ``now`` passes its deadline; a paused one if it was paused
    after its deadline; a stopped one as recorded when it stopped.
    """
    view = {}
    for metric, clock in clocks.items():
        breached = clock.breached if clock.stopped_at else now > clock.due_at
        if clock.paused_since is not None:
            breached = clock.paused_since > clock.due_at
        view[metric] = {
            "target_minutes": clock.target_minutes,
            "working_minutes": clock.working,
            "started_at": clock.started_at,
            "due_at": clock.due_at,
            "elapsed_minutes": round(clock.elapsed(now, calendar), 1),
            "percent_used": clock.percent_used(now, calendar),
            "paused": clock.paused_since is not None,
            "stopped_at": clock.stopped_at,
            "breached": breached,
        }
    return view
