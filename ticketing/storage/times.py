"""UTC at the storage boundary: SQLite keeps no offset, so every time is written as UTC and
read back as an aware UTC datetime (PostgreSQL's timestamptz gets the same treatment)."""

from __future__ import annotations

from datetime import datetime, timezone


def to_db(moment: datetime | None) -> datetime | None:
    """An aware datetime converted to UTC for writing or comparing in SQL."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError(f"refusing to store a naive datetime {moment.isoformat()}")
    return moment.astimezone(timezone.utc)


def from_db(moment: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite returns it naive)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
