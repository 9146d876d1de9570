"""Working-minute arithmetic on business calendars, with fixed instants at every edge."""

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from ticketing.sla import (
    CalendarError,
    WorkCalendar,
    add_working_minutes,
    working_minutes_between,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE = WorkCalendar()
CHINA = WorkCalendar.china()
CARE = WorkCalendar.china(
    hours={
        **{day: [("09:00", "12:00"), ("13:00", "18:00")] for day in range(5)},
        5: [("10:00", "16:00")],
    }
)


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


# 2026-11-23 is a Monday.
@pytest.mark.parametrize(
    ("start", "minutes", "due"),
    [
        (local(2026, 11, 23, 10, 0), 10, local(2026, 11, 23, 10, 10)),  # inside a shift
        (local(2026, 11, 23, 11, 55), 10, local(2026, 11, 23, 13, 5)),  # over the lunch break
        (local(2026, 11, 23, 12, 30), 10, local(2026, 11, 23, 13, 10)),  # during lunch
        (local(2026, 11, 23, 17, 55), 10, local(2026, 11, 24, 9, 5)),  # overnight
        (local(2026, 11, 23, 23, 30), 10, local(2026, 11, 24, 9, 10)),  # started at night
        (local(2026, 11, 24, 3, 0), 10, local(2026, 11, 24, 9, 10)),  # after midnight
        (local(2026, 11, 27, 17, 50), 30, local(2026, 11, 30, 9, 20)),  # Friday to Monday
        (local(2026, 11, 28, 11, 0), 10, local(2026, 11, 30, 9, 10)),  # on a Saturday
        (local(2026, 11, 23, 9, 0), 480, local(2026, 11, 23, 18, 0)),  # a full working day
        (local(2026, 11, 23, 9, 0), 1440, local(2026, 11, 25, 18, 0)),  # 24 working hours
    ],
)
def test_working_minutes_skip_closed_time(start: datetime, minutes: int, due: datetime) -> None:
    assert add_working_minutes(start, minutes, OFFICE) == due


def test_a_deadline_on_the_end_of_a_shift_is_that_end() -> None:
    assert add_working_minutes(local(2026, 11, 23, 11, 50), 10, OFFICE) == local(2026, 11, 23, 12)


def test_zero_minutes_is_the_start_itself() -> None:
    at = local(2026, 11, 23, 22, 0)
    assert add_working_minutes(at, 0, OFFICE) is at


def test_the_spring_festival_is_closed_and_its_adjusted_saturday_is_open() -> None:
    # 2026: holiday 15-23 February; Saturday 14 February is worked (调休) with Monday's hours.
    friday_evening = local(2026, 2, 13, 17, 55)
    assert add_working_minutes(friday_evening, 10, CHINA) == local(2026, 2, 14, 9, 5)
    saturday_evening = local(2026, 2, 14, 17, 50)
    assert add_working_minutes(saturday_evening, 30, CHINA) == local(2026, 2, 24, 9, 20)


def test_without_the_china_data_an_adjusted_saturday_is_a_weekend() -> None:
    assert add_working_minutes(local(2026, 2, 13, 17, 55), 10, OFFICE) == local(2026, 2, 16, 9, 5)


def test_a_saturday_shift_counts_but_not_on_a_holiday_saturday() -> None:
    assert add_working_minutes(local(2026, 11, 27, 17, 50), 30, CARE) == local(2026, 11, 28, 10, 20)
    # 2026-10-03 is a Saturday inside the National Day holiday.
    assert CARE.shifts_on(date(2026, 10, 3)) == ()


def test_times_are_stored_and_returned_in_utc() -> None:
    start = datetime(2026, 11, 23, 3, 55, tzinfo=timezone.utc)  # 11:55 in Shanghai
    due = add_working_minutes(start, 10, OFFICE)
    assert due.tzinfo is timezone.utc
    assert due == datetime(2026, 11, 23, 5, 5, tzinfo=timezone.utc)  # 13:05 in Shanghai


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_minutes(datetime(2026, 11, 23, 10), 10, OFFICE)


def test_negative_minutes_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_minutes(local(2026, 11, 23, 10), -1, OFFICE)


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        (local(2026, 11, 23, 11, 0), local(2026, 11, 23, 14, 0), 120),  # lunch not counted
        (local(2026, 11, 27, 17, 0), local(2026, 11, 30, 10, 0), 120),  # weekend not counted
        (local(2026, 11, 23, 20, 0), local(2026, 11, 24, 8, 0), 0),  # a night
        (local(2026, 11, 23, 14, 0), local(2026, 11, 23, 10, 0), 0),  # end before start
    ],
)
def test_working_minutes_between(start: datetime, end: datetime, minutes: float) -> None:
    assert working_minutes_between(start, end, OFFICE) == minutes


@pytest.mark.parametrize("minutes", [1, 59, 180, 181, 480, 2000, 7000])
def test_counting_back_the_minutes_added_gives_the_same_minutes(minutes: int) -> None:
    start = local(2026, 2, 12, 16, 17)
    due = add_working_minutes(start, minutes, CHINA)
    assert working_minutes_between(start, due, CHINA) == pytest.approx(minutes)


def test_open_and_next_opening() -> None:
    assert OFFICE.is_open(local(2026, 11, 23, 9, 0))
    assert not OFFICE.is_open(local(2026, 11, 23, 12, 0))
    assert OFFICE.next_open(local(2026, 11, 23, 12, 0)) == local(2026, 11, 23, 13, 0)
    assert OFFICE.next_open(local(2026, 11, 23, 10, 0)) == local(2026, 11, 23, 10, 0)
    assert OFFICE.next_open(local(2026, 11, 28, 10, 0)) == local(2026, 11, 30, 9, 0)


def test_overrides_win_over_the_official_calendar() -> None:
    calendar = WorkCalendar.china(
        extra_holidays=[date(2026, 11, 24)], extra_workdays=[date(2026, 10, 5)]
    )
    assert calendar.shifts_on(date(2026, 11, 24)) == ()
    assert calendar.is_open(local(2026, 10, 5, 10, 0))  # a National Day holiday, worked anyway


def test_a_shift_may_end_at_midnight() -> None:
    calendar = WorkCalendar(hours={day: [("00:00", "24:00")] for day in range(7)})
    assert add_working_minutes(local(2026, 11, 23, 23, 55), 10, calendar) == local(
        2026, 11, 24, 0, 5
    )


@pytest.mark.parametrize(
    "hours",
    [
        {0: [("09:00", "12:00"), ("11:00", "13:00")]},  # overlapping
        {0: [("18:00", "09:00")]},  # ends before it starts
        {0: [("25:00", "26:00")]},  # not a time
        {7: [("09:00", "12:00")]},  # no such weekday
        {},  # never open
    ],
)
def test_malformed_calendars_are_refused(hours: dict) -> None:
    with pytest.raises(CalendarError):
        WorkCalendar(hours=hours)


def test_a_calendar_closed_for_over_a_year_stops_instead_of_looping() -> None:
    closed = frozenset(
        date(2026, 1, 1).fromordinal(date(2026, 1, 1).toordinal() + n) for n in range(800)
    )
    calendar = WorkCalendar(holidays=closed)
    with pytest.raises(CalendarError, match="closed for more than"):
        add_working_minutes(local(2026, 1, 1, 10), 10, calendar)
