"""Care calendar arithmetic (local due days, leap birthdays, stable slots) and the templates."""

from __future__ import annotations

import re
import string
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from reminders.config import ReminderConfigError, load_reminder_config
from reminders.slots import birthday_keys, due_days, quarter_start, slot, stable_code
from reminders.templates import TEMPLATES, TemplateError, render

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_due_days_are_the_local_days_whose_hour_passed_within_the_look_back() -> None:
    now = datetime(2026, 11, 23, 9, 30, tzinfo=SHANGHAI)
    days = due_days(now, SHANGHAI, time(10, 0), timedelta(hours=48))
    assert [d for d, _ in days] == [date(2026, 11, 21), date(2026, 11, 22)]
    days = due_days(now.replace(hour=10), SHANGHAI, time(10, 0), timedelta(hours=48))
    assert [d for d, _ in days] == [date(2026, 11, 22), date(2026, 11, 23)]


def test_a_29_february_birthday_is_celebrated_on_the_28th_in_common_years() -> None:
    assert birthday_keys(date(2027, 2, 28)) == ["02-28", "02-29"]
    assert birthday_keys(date(2028, 2, 28)) == ["02-28"]
    assert birthday_keys(date(2028, 2, 29)) == ["02-29"]


def test_slots_are_stable_spread_and_change_per_period() -> None:
    q = quarter_start(date(2026, 11, 23))
    assert q == date(2026, 10, 1)
    assert slot("C2024050001", q, 84) == slot("C2024050001", q, 84)
    spread = {slot(f"C202405{n:04d}", q, 84) for n in range(2000)}
    assert len(spread) == 84
    assert stable_code("NEW", "C2024050001", q) == stable_code("NEW", "C2024050001", q)


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_every_template_exists_in_chinese_and_english_with_the_same_variables(kind) -> None:
    texts = TEMPLATES[kind]
    assert set(texts) == {"zh", "en"}
    names = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in texts.values()]
    assert names[0] == names[1]
    assert re.search(r"[\u4e00-\u9fff]", texts["zh"])


def test_marketing_templates_offer_unsubscribe() -> None:
    for kind in ("welcome_coupon", "dormant_wakeup"):
        assert "{unsubscribe_url}" in TEMPLATES[kind]["zh"]
        assert "{unsubscribe_url}" in TEMPLATES[kind]["en"]


def test_render_picks_the_language_and_names_a_missing_variable() -> None:
    text = render("ticket_untouched", "en", {"ticket_id": "T1", "hours": 24})
    assert text.startswith("Ticket T1")
    label = {"zh": "首次响应", "en": "first response"}
    variables = {"ticket_id": "T1", "clock": label, "percent": 80, "due_local": "10:00"}
    assert "first response" in render("sla_warning", "en", variables)
    with pytest.raises(TemplateError, match="hours"):
        render("ticket_untouched", "zh", {"ticket_id": "T1"})


def test_config_rejects_bad_values_naming_the_variable(monkeypatch) -> None:
    monkeypatch.setenv("KEFU_SLA_WARNING_PERCENT", "120")
    with pytest.raises(ReminderConfigError, match="KEFU_SLA_WARNING_PERCENT"):
        load_reminder_config()
    monkeypatch.delenv("KEFU_SLA_WARNING_PERCENT")
    monkeypatch.setenv("KEFU_REMINDER_WEBHOOKS", '[{"format": "teams", "url": "http://x"}]')
    with pytest.raises(ReminderConfigError, match="KEFU_REMINDER_WEBHOOKS"):
        load_reminder_config()
    monkeypatch.setenv(
        "KEFU_REMINDER_WEBHOOKS", '[{"format": "slack", "url": "http://127.0.0.1:1/hook"}]'
    )
    monkeypatch.setenv("KEFU_STAFF_EMAILS", '{"logi.lead": "lead@example.com"}')
    config = load_reminder_config()
    assert config.reminder_webhooks[0]["format"] == "slack"
    assert config.staff_emails == {"logi.lead": "lead@example.com"}


def test_every_staff_notice_has_a_bilingual_title() -> None:
    from reminders.templates import TITLES, title

    staff_kinds = set(TEMPLATES) - {
        "birthday_greeting",
        "welcome_coupon",
        "dormant_wakeup",
        "satisfaction_survey",
    }
    assert staff_kinds == set(TITLES)
    assert title("sla_breach") == "SLA超时升级 / SLA breach"
