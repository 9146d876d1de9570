"""SLA clocks: one per metric of a ticket, with pause, resume, stop and reopen.

A clock's due time is ``add(started_at, target + paused_minutes)`` on its calendar, so a pause
moves the deadline by the time spent paused instead of resetting it (Zammad's model). While a
clock is paused its ``due_at`` still shows the deadline as of the pause; the due-time scan
ignores paused tickets. Stopping records the elapsed minutes and whether the target was missed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from ticketing.domain.sla_policies import SlaTarget
from ticketing.sla import WorkCalendar, add_working_minutes, working_minutes_between


def _add(start: datetime, minutes: float, working: bool, calendar: WorkCalendar) -> datetime:
    if working:
        return add_working_minutes(start, minutes, calendar)
    return start + timedelta(minutes=minutes)


def _between(start: datetime, end: datetime, working: bool, calendar: WorkCalendar) -> float:
    if working:
        return working_minutes_between(start, end, calendar)
    return max(0.0, (end - start).total_seconds() / 60)


@dataclass(frozen=True)
class SlaClock:
    """One SLA metric of one ticket. Immutable: every operation returns a new clock."""

    metric: str
    target_minutes: int
    working: bool
    started_at: datetime
    due_at: datetime
    paused_minutes: float = 0.0
    paused_since: datetime | None = None
    stopped_at: datetime | None = None
    elapsed_minutes: float | None = None
    breached: bool | None = None

    @classmethod
    def start(
        cls, metric: str, target: SlaTarget, now: datetime, calendar: WorkCalendar
    ) -> SlaClock:
        """A running clock from ``now`` with ``target``."""
        due = _add(now, target.minutes, target.working, calendar)
        return cls(metric, target.minutes, target.working, now, due)

    @property
    def running(self) -> bool:
        """True when neither stopped nor paused."""
        return self.stopped_at is None and self.paused_since is None

    def elapsed(self, now: datetime, calendar: WorkCalendar) -> float:
        """Minutes counted against the target so far (pauses excluded)."""
        if self.elapsed_minutes is not None:
            return self.elapsed_minutes
        until = self.paused_since or now
        return max(
            0.0, _between(self.started_at, until, self.working, calendar) - self.paused_minutes
        )

    def percent_used(self, now: datetime, calendar: WorkCalendar) -> float:
        """Share of the target used, in percent (over 100 once breached); for warnings."""
        return round(100 * self.elapsed(now, calendar) / self.target_minutes, 1)

    def pause(self, now: datetime) -> SlaClock:
        """Stop counting until :meth:`resume` (a no-op when stopped or already paused)."""
        if not self.running:
            return self
        return replace(self, paused_since=now)

    def resume(self, now: datetime, calendar: WorkCalendar) -> SlaClock:
        """Count again; the paused time moves the deadline later."""
        if self.paused_since is None or self.stopped_at is not None:
            return self
        paused = self.paused_minutes + _between(self.paused_since, now, self.working, calendar)
        return self._retimed(replace(self, paused_minutes=paused, paused_since=None), calendar)

    def stop(self, now: datetime, calendar: WorkCalendar) -> SlaClock:
        """Record the outcome: elapsed minutes and whether the target was missed."""
        if self.stopped_at is not None:
            return self
        elapsed = round(self.elapsed(now, calendar), 2)
        return replace(
            self,
            stopped_at=now,
            paused_since=None,
            elapsed_minutes=elapsed,
            breached=elapsed > self.target_minutes,
        )

    def restart_after_stop(self, now: datetime, calendar: WorkCalendar) -> SlaClock:
        """Reopen: count on from where the clock stopped; the stopped time does not count."""
        if self.stopped_at is None:
            return self
        gap = _between(self.stopped_at, now, self.working, calendar)
        clock = replace(
            self,
            paused_minutes=self.paused_minutes + gap,
            stopped_at=None,
            elapsed_minutes=None,
            breached=None,
        )
        return self._retimed(clock, calendar)

    def retarget(self, target: SlaTarget, calendar: WorkCalendar) -> SlaClock:
        """Apply a new target (a priority change) from the original start, keeping pauses."""
        if self.stopped_at is not None:
            return self
        clock = replace(self, target_minutes=target.minutes, working=target.working)
        if clock.working != self.working:
            clock = replace(clock, paused_minutes=0.0)  # pauses were counted in the other unit
        return self._retimed(clock, calendar)

    @staticmethod
    def _retimed(clock: SlaClock, calendar: WorkCalendar) -> SlaClock:
        minutes = clock.target_minutes + clock.paused_minutes
        return replace(clock, due_at=_add(clock.started_at, minutes, clock.working, calendar))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (ISO 8601 times) for storage."""
        return {
            "metric": self.metric,
            "target_minutes": self.target_minutes,
            "working": self.working,
            "started_at": self.started_at.isoformat(),
            "due_at": self.due_at.isoformat(),
            "paused_minutes": self.paused_minutes,
            "paused_since": _iso(self.paused_since),
            "stopped_at": _iso(self.stopped_at),
            "elapsed_minutes": self.elapsed_minutes,
            "breached": self.breached,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SlaClock:
        """The inverse of :meth:`to_dict`."""
        return cls(
            metric=data["metric"],
            target_minutes=data["target_minutes"],
            working=data["working"],
            started_at=datetime.fromisoformat(data["started_at"]),
            due_at=datetime.fromisoformat(data["due_at"]),
            paused_minutes=data["paused_minutes"],
            paused_since=_parse(data["paused_since"]),
            stopped_at=_parse(data["stopped_at"]),
            elapsed_minutes=data["elapsed_minutes"],
            breached=data["breached"],
        )


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _parse(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)
