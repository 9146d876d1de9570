"""Teams (skills = categories, a business calendar) and agents (role, presence, capacity)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from ticketing.domain.errors import FieldProblem, InvalidInput
from ticketing.sla import OFFICE_HOURS, CalendarError, Shift, WorkCalendar

ROLES = ("agent", "supervisor", "admin")


@dataclass(frozen=True)
class CalendarConfig:
    """A team's calendar as configured: weekly shifts, China's holidays or not, overrides."""

    tz: str = "Asia/Shanghai"
    hours: Mapping[int, Sequence[Shift]] = field(default_factory=lambda: dict(OFFICE_HOURS))
    china_holidays: bool = True
    extra_holidays: tuple[date, ...] = ()
    extra_workdays: tuple[date, ...] = ()

    def calendar(self) -> WorkCalendar:
        """The :class:`WorkCalendar` (built once per distinct configuration)."""
        built = self.__dict__.get("_calendar")
        if built is None:
            built = _build(self._key())
            object.__setattr__(self, "_calendar", built)
        return built

    def validate(self) -> None:
        """Raise :class:`InvalidInput` when the calendar cannot be built."""
        try:
            self.calendar()
        except (CalendarError, ValueError, KeyError) as error:
            raise InvalidInput(
                "the calendar is not valid", (FieldProblem("calendar", str(error)),)
            ) from None

    def _key(self) -> tuple:
        hours = tuple(sorted((int(d), tuple(map(tuple, spans))) for d, spans in self.hours.items()))
        return (
            self.tz,
            hours,
            self.china_holidays,
            tuple(self.extra_holidays),
            tuple(self.extra_workdays),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``{"tz", "hours": {"0": [["09:00","12:00"]]}, "china_holidays", ...}``."""
        return {
            "tz": self.tz,
            "hours": {
                str(day): [list(span) for span in spans] for day, spans in self.hours.items()
            },
            "china_holidays": self.china_holidays,
            "extra_holidays": [day.isoformat() for day in self.extra_holidays],
            "extra_workdays": [day.isoformat() for day in self.extra_workdays],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CalendarConfig:
        """The inverse of :meth:`to_dict`; unknown keys are ignored."""
        return cls(
            tz=data.get("tz", "Asia/Shanghai"),
            hours={
                int(day): [tuple(span) for span in spans]
                for day, spans in data.get("hours", OFFICE_HOURS).items()
            },
            china_holidays=bool(data.get("china_holidays", True)),
            extra_holidays=tuple(date.fromisoformat(d) for d in data.get("extra_holidays", ())),
            extra_workdays=tuple(date.fromisoformat(d) for d in data.get("extra_workdays", ())),
        )


@lru_cache(maxsize=64)
def _build(key: tuple) -> WorkCalendar:
    tz, hours, china, holidays, workdays = key
    shifts = {day: list(spans) for day, spans in hours}
    if china:
        return WorkCalendar.china(shifts, tz, holidays, workdays)
    return WorkCalendar(tz, shifts, frozenset(holidays), frozenset(workdays))


@dataclass(frozen=True)
class Team:
    """A team that handles the categories in ``skills`` during its calendar's hours."""

    id: str
    name_zh: str
    name_en: str
    skills: frozenset[str]
    calendar_config: CalendarConfig = field(default_factory=CalendarConfig)

    @property
    def calendar(self) -> WorkCalendar:
        """The team's business calendar."""
        return self.calendar_config.calendar()

    def to_dict(self) -> dict[str, Any]:
        """The team's configuration as plain data: names, skills (sorted), calendar."""
        return {
            "id": self.id,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "skills": sorted(self.skills),
            "calendar": self.calendar_config.to_dict(),
        }


@dataclass(frozen=True)
class Agent:
    """A person who signs in to the console.

    ``open_tickets`` counts the unfinished tickets assigned to the agent; routing keeps it at or
    below ``capacity``. ``last_assigned_at`` breaks ties between equally loaded agents.
    """

    id: str
    username: str
    display_name: str
    role: str
    team_ids: frozenset[str]
    capacity: int = 5
    online: bool = False
    open_tickets: int = 0
    last_assigned_at: datetime | None = None
    active: bool = True

    @property
    def has_room(self) -> bool:
        """Online, active and under capacity."""
        return self.active and self.online and self.open_tickets < self.capacity
