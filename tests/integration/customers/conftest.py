"""Fixtures of the customers area: a cipher, a fixed clock, and a migrated engine."""

from collections.abc import Iterator
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from ticketing.domain.personal_data import PersonalDataCipher
from ticketing.storage.db import make_engine

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)  # 10:00 in Shanghai


@pytest.fixture
def cipher() -> PersonalDataCipher:
    return PersonalDataCipher("integration-test-data-key-0123456789")


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()
