"""How actions reach the outside world by default: the service client and clock from settings.

Actions take these as constructor arguments, so tests pass fakes and a fixed clock instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from actions.service_client import HttpServiceClient, ServiceClient

Clock = Callable[[], datetime]
ClientFactory = Callable[[], ServiceClient]


@lru_cache(maxsize=1)
def _settings():
    from kefu.settings import load_settings

    return load_settings()


def service_client() -> ServiceClient:
    """The HTTP client for the configured ticketing service."""
    settings = _settings()
    return HttpServiceClient(
        f"{settings.service_url}/api/v1", settings.service_token.get_secret_value()
    )


def business_timezone() -> ZoneInfo:
    """The business time zone from the settings (default Asia/Shanghai)."""
    return _settings().tz


def default_language() -> str:
    """The language before a customer writes anything (settings, default zh)."""
    return _settings().default_language


def utc_now() -> datetime:
    """The real clock, timezone-aware."""
    return datetime.now(timezone.utc)
