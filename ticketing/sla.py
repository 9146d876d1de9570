"""Business calendars and working-minute arithmetic for SLA due times.

A :class:`WorkCalendar` says when a team works: shifts per weekday (split shifts allowed, e.g.
09:00-12:00 and 13:00-18:00), closed holidays, and China's adjusted working days (调休: a weekend
day that is worked, with Monday's hours). :meth:`WorkCalendar.china` fills the holidays and
working days from the ``chinese-calendar`` package. Its data ends where the State Council's
announcements end (the installed 1.11.0 knows up to 2026-10); later dates fall back to the plain
weekly hours.

:func:`add_working_minutes` and :func:`working_minutes_between` count only open time; both take
and return timezone-aware datetimes, so storing them as UTC is lossless.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

Shift = tuple[str, str]

OFFICE_HOURS: dict[int, list[Shift]] = {
    day: [("09:00", "12:00"), ("13:00", "18:00")] for day in range(5)
}
"""Monday to Friday, 09:00-12:00 and 13:00-18:00 (a one-hour lunch break)."""

MONDAY = 0
# Longest stretch of closed days we tolerate before calling a calendar "never open" (a year).
_MAX_CLOSED_DAYS = 400
_CACHED_DAYS = 4000  # shifts of this many dates are kept per calendar
_CLOCK = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")


class CalendarError(ValueError):
    """A calendar definition is malformed (bad time, overlapping shifts, never open)."""


def _minute_of_day(text: str) -> int:
    match = _CLOCK.match(text)
    if not match or (match.group(1) == "24" and match.group(2) != "00"):
        raise CalendarError(f"'{text}' is not a time of day HH:MM (00:00-24:00)")
    return int(match.group(1)) * 60 + int(match.group(2))


def _parse_shifts(weekday: int, shifts: Sequence[Shift]) -> tuple[tuple[int, int], ...]:
    if weekday not in range(7):
        raise CalendarError(f"weekday {weekday} is not 0 (Monday) to 6 (Sunday)")
    parsed = sorted((_minute_of_day(start), _minute_of_day(end)) for start, end in shifts)
    previous_end = -1
    for start, end in parsed:
        if start >= end:
            raise CalendarError(f"shift {start // 60:02}:{start % 60:02} ends before it starts")
        if start < previous_end:
            raise CalendarError(f"shifts overlap on weekday {weekday}")
        previous_end = end
    return tuple(parsed)


@dataclass(frozen=True, eq=False)
class WorkCalendar:
    """When a team works, in its own time zone.

    Args:
        tz: IANA time zone name of the calendar.
        hours: shifts per weekday (Monday = 0) as ``("HH:MM", "HH:MM")`` pairs; a missing
            weekday is closed. ``"24:00"`` ends a shift at midnight.
        holidays: dates that are closed whatever their weekday.
        workdays: dates (调休 weekend days) that are open with Monday's hours.
    """

    tz: str = "Asia/Shanghai"
    hours: Mapping[int, Sequence[Shift]] = field(default_factory=lambda: dict(OFFICE_HOURS))
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        shifts = {int(day): _parse_shifts(int(day), spans) for day, spans in self.hours.items()}
        object.__setattr__(self, "_shifts", {day: spans for day, spans in shifts.items() if spans})
        object.__setattr__(self, "_zone", ZoneInfo(self.tz))
        if not self._shifts:
            raise CalendarError("a calendar needs at least one open shift in the week")
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        object.__setattr__(self, "_by_date", {})

    @classmethod
    def china(
        cls,
        hours: Mapping[int, Sequence[Shift]] | None = None,
        tz: str = "Asia/Shanghai",
        extra_holidays: Iterable[date] = (),
        extra_workdays: Iterable[date] = (),
    ) -> WorkCalendar:
        """A calendar with mainland China's public holidays and 调休 working days.

        ``extra_holidays`` close more dates (a company day off); ``extra_workdays`` open dates,
        including a public holiday the team works anyway. An override wins over the package.
        """
        official_holidays, official_workdays = _china_days()
        closed, opened = frozenset(extra_holidays), frozenset(extra_workdays)
        return cls(
            tz=tz,
            hours=dict(OFFICE_HOURS if hours is None else hours),
            holidays=(official_holidays | closed) - opened,
            workdays=(official_workdays | opened) - closed,
        )

    @property
    def zone(self) -> ZoneInfo:
        """The calendar's time zone."""
        return self._zone

    def shifts_on(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The open intervals of a local calendar date, as aware datetimes in the calendar zone."""
        known = self._by_date.get(day)
        if known is not None:
            return known
        shifts: tuple[tuple[datetime, datetime], ...] = ()
        if day not in self.holidays:
            weekday = MONDAY if day in self.workdays else day.weekday()
            midnight = datetime.combine(day, time(0), tzinfo=self._zone)
            shifts = tuple(
                (self._at(midnight, start), self._at(midnight, end))
                for start, end in self._shifts.get(weekday, ())
            )
        if len(self._by_date) > _CACHED_DAYS:  # a long-running service: keep memory bounded
            self._by_date.clear()
        self._by_date[day] = shifts
        return shifts

    def is_open(self, at: datetime) -> bool:
        """True when ``at`` falls inside a shift (start included, end excluded)."""
        local = _aware(at).astimezone(self._zone)
        return any(start <= local < end for start, end in self.shifts_on(local.date()))

    def next_open(self, at: datetime) -> datetime:
        """``at`` itself when open, else the start of the next shift (in the calendar zone)."""
        for start, end in self._shifts_from(at):
            if end > at:
                return max(start, _aware(at).astimezone(self._zone))
        raise CalendarError("the calendar is never open")  # pragma: no cover - see _shifts_from

    def _shifts_from(self, at: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Every shift from the local date of ``at`` onwards (may start before ``at``)."""
        day = _aware(at).astimezone(self._zone).date()
        closed_days = 0
        while closed_days <= _MAX_CLOSED_DAYS:
            shifts = self.shifts_on(day)
            closed_days = 0 if shifts else closed_days + 1
            yield from shifts
            day += timedelta(days=1)
        raise CalendarError(f"the calendar is closed for more than {_MAX_CLOSED_DAYS} days")

    @staticmethod
    def _at(midnight: datetime, minute_of_day: int) -> datetime:
        # Wall-clock arithmetic: rebuild from the date so a DST change keeps "09:00" at 09:00.
        moment = midnight.replace(tzinfo=None) + timedelta(minutes=minute_of_day)
        return moment.replace(tzinfo=midnight.tzinfo)


def add_working_minutes(start: datetime, minutes: float, calendar: WorkCalendar) -> datetime:
    """The instant ``minutes`` of open time after ``start`` (returned in ``start``'s time zone).

    Closed time (nights, the lunch break, weekends, holidays) does not count. A deadline that
    lands exactly on the end of a shift is that end, not the start of the next shift. Zero
    minutes returns ``start`` unchanged.
    """
    start = _aware(start)
    if minutes < 0:
        raise ValueError(f"minutes must not be negative, got {minutes}")
    if minutes == 0:
        return start
    remaining = timedelta(minutes=minutes)
    local_start = start.astimezone(calendar.zone)
    for shift_start, shift_end in calendar._shifts_from(local_start):
        if shift_end <= local_start:
            continue
        begin = max(shift_start, local_start)
        available = shift_end - begin
        if remaining <= available:
            return (begin + remaining).astimezone(start.tzinfo)
        remaining -= available
    raise CalendarError("the calendar is never open")  # pragma: no cover


def working_minutes_between(start: datetime, end: datetime, calendar: WorkCalendar) -> float:
    """Minutes of open time in ``[start, end)``; 0 when ``end`` is not after ``start``."""
    start, end = _aware(start), _aware(end)
    if end <= start:
        return 0.0
    total = timedelta()
    local_start = start.astimezone(calendar.zone)
    for shift_start, shift_end in calendar._shifts_from(local_start):
        if shift_start >= end:
            break
        overlap = min(shift_end, end) - max(shift_start, local_start)
        if overlap > timedelta():
            total += overlap
    return total.total_seconds() / 60


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is required, got naive {moment.isoformat()}")
    return moment


@lru_cache(maxsize=1)
def _china_days() -> tuple[frozenset[date], frozenset[date]]:
    from chinese_calendar import constants

    return frozenset(constants.holidays), frozenset(constants.workdays)
