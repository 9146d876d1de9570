"""The scheduler's own settings, read from the environment (``KEFU_`` prefix) and validated.

Until the lead folds them into :class:`kefu.settings.Settings`, :func:`load_reminder_config`
reads them here; a malformed value raises :class:`ReminderConfigError` naming the variable.
See docs/reminders.md for every variable.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from pydantic import BaseSettings, Field, ValidationError, validator

WEBHOOK_FORMATS = ("wecom", "dingtalk", "slack")


class ReminderConfigError(Exception):
    """A reminders setting is malformed; the message names the variable."""


class ReminderConfig(BaseSettings):
    """Thresholds, the scheduler's tick and where staff notices go besides the console."""

    sla_warning_percent: float = Field(80.0, description="warn the assignee at this share")
    untouched_hours: float = Field(24.0, description="remind the owner of an idle ticket")
    reminder_tick_seconds: int = Field(60, description="how often the scheduler runs the jobs")
    reminder_lookback_hours: int = Field(48, description="how late a notice may still be sent")
    smtp_host: str = Field("", description="SMTP server for staff email; empty: no email")
    smtp_port: int = Field(25, description="SMTP port")
    smtp_sender: str = Field("kefu@localhost", description="From address of staff email")
    staff_emails: Mapping[str, str] = Field(default_factory=dict, description="agent id → email")
    reminder_webhooks: tuple[Mapping[str, str], ...] = Field(
        (), description='escalations: [{"format": "wecom|dingtalk|slack", "url": "..."}]'
    )
    customer_success_lead: str = Field("care.lead", description="receives churn-risk alerts")
    care_default_owner: str = Field("care.lead", description="owner of accounts with none")
    data_alert_recipients: tuple[str, ...] = Field(("admin",), description="data-access alerts")
    unsubscribe_base_url: str = Field(
        "http://127.0.0.1:8000", description="base of the unsubscribe link in marketing messages"
    )

    class Config:
        env_prefix = "KEFU_"

        @classmethod
        def parse_env_var(cls, field_name: str, raw_val: str) -> object:
            if field_name in ("staff_emails", "reminder_webhooks", "data_alert_recipients"):
                if field_name == "data_alert_recipients" and not raw_val.startswith("["):
                    return [part.strip() for part in raw_val.split(",") if part.strip()]
                return json.loads(raw_val)
            return raw_val

    @validator("sla_warning_percent")
    def _percent(cls, value: float) -> float:
        if not 1 <= value < 100:
            raise ValueError(f"{value} must be between 1 and 100 (exclusive)")
        return value

    @validator("reminder_tick_seconds")
    def _tick(cls, value: int) -> int:
        if not 5 <= value <= 3600:
            raise ValueError(f"{value} must be between 5 and 3600 seconds")
        return value

    @validator("reminder_webhooks")
    def _webhooks(cls, value: tuple[Mapping[str, str], ...]) -> tuple[Mapping[str, str], ...]:
        for hook in value:
            if hook.get("format") not in WEBHOOK_FORMATS:
                raise ValueError(f"webhook format must be one of {', '.join(WEBHOOK_FORMATS)}")
            if not str(hook.get("url", "")).startswith(("http://", "https://")):
                raise ValueError("webhook url must start with http:// or https://")
        return value


def load_reminder_config(**overrides: object) -> ReminderConfig:
    """Read and validate; raises :class:`ReminderConfigError` naming the first bad variable."""
    try:
        return ReminderConfig(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        raise ReminderConfigError(f"KEFU_{str(first['loc'][0]).upper()}: {first['msg']}") from None
    except (json.JSONDecodeError, ValueError) as error:
        raise ReminderConfigError(
            f"a KEFU_ reminders variable is not valid JSON: {error}"
        ) from None
