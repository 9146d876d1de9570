"""Whole runs on a real database: idempotent sends, the contact policy, SLA notices routed to
whoever is on duty, the console inbox and the publish hook, dry runs writing nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import sqlalchemy as sa

from reminders.channels.email import SmtpMailer
from reminders.runner import run
from ticketing.domain.teams import CalendarConfig
from ticketing.storage.schema.reminders import (
    reminder_sent,
    reminder_suppressed,
    staff_notifications,
)
from ticketing.storage.times import to_db
from ticketing.storage.unit_of_work import UnitOfWork

from .conftest import add_customer, add_ticket, at


def rows(engine, table, *where):
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(sa.select(table).where(*where))]


def test_a_run_repeated_at_the_same_or_a_later_instant_sends_each_message_once(
    desk, context, delivery, gateway
) -> None:
    add_customer(desk, "C2024050001", birthday=date(1990, 11, 23))
    add_ticket(desk, "T20261123-0001", at("2026-11-23T09:00"), assignee="logi.sun")
    first = run(desk, at("2026-11-23T10:05"), context, delivery)
    assert first.counts[("birthday_greeting", "sent")] == 1
    assert first.counts[("sla_breach", "sent")] == 1
    again = run(desk, at("2026-11-23T10:05"), context, delivery)
    later = run(desk, at("2026-11-23T10:30"), context, delivery)
    assert again.total("sent") == 0 and later.counts[("birthday_greeting", "sent")] == 0
    assert [m.kind for m in gateway.sent] == ["birthday_greeting"]
    assert gateway.sent[0].text.startswith("王小明，生日快乐")
    assert len(rows(desk, reminder_sent, reminder_sent.c.kind == "sla_breach")) == 1


def test_a_dry_run_decides_the_same_and_writes_nothing(desk, context, delivery, gateway) -> None:
    add_customer(desk, "C2024050001", birthday=date(1990, 11, 23))
    report = run(desk, at("2026-11-23T10:05"), context, delivery, dry_run=True)
    assert report.counts[("birthday_greeting", "would_send")] == 1
    assert gateway.sent == [] and rows(desk, reminder_sent) == []
    assert run(desk, at("2026-11-23T10:05"), context, delivery).total("sent") == 1


def test_the_breach_escalation_reaches_the_supervisors_inbox_and_the_publish_hook(
    desk, context, delivery
) -> None:
    heard = []
    delivery.bus.subscribe(lambda agent_id, payload: heard.append((agent_id, payload)))
    add_ticket(desk, "T20261123-0001", at("2026-11-23T09:00"), assignee="logi.sun")
    run(desk, at("2026-11-23T09:12"), context, delivery)
    inbox = rows(desk, staff_notifications)
    assert [(n["agent_id"], n["kind"]) for n in inbox] == [("logi.lead", "sla_breach")]
    assert "high_value_active" in inbox[0]["text_en"] and "超时" in inbox[0]["text_zh"]
    assert heard[0][0] == "logi.lead" and heard[0][1]["ticket_id"] == "T20261123-0001"


def _care_works_around_the_clock(engine) -> None:
    with UnitOfWork(engine) as uow:
        care = uow.teams.get("care")
        night = CalendarConfig(hours={d: [("00:00", "24:00")] for d in range(7)})
        uow.teams.update(replace(care, calendar_config=night))
        uow.commit()


def test_off_hours_the_escalation_goes_to_whoever_is_on_duty_with_a_quiet_copy(
    desk, context, delivery
) -> None:
    add_ticket(desk, "T20261123-0001", at("2026-11-20T17:00"), assignee="logi.sun")
    _care_works_around_the_clock(desk)
    report = run(desk, at("2026-11-23T08:00"), context, delivery)  # logistics opens at 09:00
    sent = {(o.notice.target, o.notice.recipient, o.recipient) for o in report.outcomes}
    assert ("T20261123-0001/resolution", "logi.lead", "care.lead") in sent
    inbox = {(n["agent_id"], n["kind"]) for n in rows(desk, staff_notifications)}
    assert {("care.lead", "sla_breach"), ("logi.lead", "sla_breach")} <= inbox


def test_when_nobody_is_on_duty_the_notice_waits_in_the_inbox_and_wakes_nobody(
    desk, context, delivery
) -> None:
    delivery.mailer = SmtpMailer("127.0.0.1", 1, "kefu@test", {"logi.lead": "lead@test"})
    add_ticket(desk, "T20261123-0001", at("2026-11-20T17:00"), assignee="logi.sun")
    report = run(desk, at("2026-11-23T08:00"), context, delivery)
    breaches = [o for o in report.outcomes if o.notice.kind == "sla_breach"]
    assert breaches and all(o.recipient == "logi.lead" for o in breaches)
    assert all(o.channel == "console" for o in breaches)  # no email at 08:00
    awake = run(desk, at("2026-11-23T09:30"), context, delivery)
    assert awake.total("sent") == 0  # already told; nothing is sent twice


def test_held_back_messages_are_recorded_with_their_reason_once(desk, context, delivery) -> None:
    add_customer(desk, "C2024050001", birthday=date(1990, 11, 23), consent_sms=False)
    run(desk, at("2026-11-23T10:05"), context, delivery)
    run(desk, at("2026-11-23T10:06"), context, delivery)
    held = rows(desk, reminder_suppressed)
    assert [(h["kind"], h["reason"]) for h in held] == [("birthday_greeting", "no_channel")]


def test_marketing_in_quiet_hours_is_deferred_and_sent_after_nine(
    desk, context, delivery, gateway
) -> None:
    add_customer(desk, "C2026110001", registered_on=date(2026, 11, 23))
    night = run(desk, at("2026-11-23T21:30"), context, delivery, groups=("care",))
    assert night.reasons[("welcome_coupon", "quiet_hours")] == 1 and gateway.sent == []
    morning = run(desk, at("2026-11-24T09:00"), context, delivery, groups=("care",))
    assert morning.counts[("welcome_coupon", "sent")] == 1
    assert "/unsubscribe/C2026110001?token=" in gateway.sent[0].text


def test_the_weekly_cap_holds_across_runs_for_a_high_value_customer(
    desk, context, delivery, gateway
) -> None:
    # Birthday greeting (care) and welcome coupon (marketing) on the same day, plus a third
    # touch already sent this week: the cap of 2 a week lets only one through.
    add_customer(
        desk,
        "C2026110002",
        segment="high_value_active",
        birthday=date(1990, 11, 23),
        registered_on=date(2026, 11, 23),
    )
    with desk.begin() as connection:
        connection.execute(
            reminder_sent.insert().values(
                kind="monthly_care",
                target="C2026110002",
                due_at=to_db(at("2026-11-20T10:00")),
                audience="customer",
                recipient="C2026110002",
                customer_id="C2026110002",
                channel="sms",
                purpose="care",
                proactive=True,
                status="sent",
                sent_at=to_db(at("2026-11-20T10:00")),
                detail={},
            )
        )
    report = run(desk, at("2026-11-23T10:05"), context, delivery)
    assert [m.kind for m in gateway.sent] == ["birthday_greeting"]
    assert report.reasons[("welcome_coupon", "frequency_cap")] == 1


def test_touches_are_counted_once_across_batches(
    desk, context, delivery, gateway, monkeypatch
) -> None:
    # Two touches for a high-value customer (cap 2 a week) planned in different batches: both go.
    monkeypatch.setattr("reminders.runner.BATCH", 1)
    add_customer(
        desk,
        "C2026110002",
        segment="high_value_active",
        birthday=date(1990, 11, 23),
        registered_on=date(2026, 11, 23),
    )
    report = run(desk, at("2026-11-23T10:05"), context, delivery, groups=("care",))
    assert sorted(m.kind for m in gateway.sent) == ["birthday_greeting", "welcome_coupon"]
    assert report.total("suppressed") == 0


def test_an_online_customer_is_greeted_in_the_widget_through_the_hubs_hook(
    desk, context, delivery, gateway
) -> None:
    shown: list[tuple[str, str]] = []
    delivery.presence = lambda customer_id: customer_id == "C2024050001"
    delivery.widget = lambda customer_id, text: shown.append((customer_id, text)) is None
    add_customer(desk, "C2024050001", birthday=date(1990, 11, 23), consent_sms=False)
    report = run(desk, at("2026-11-23T10:05"), context, delivery)
    assert [o.channel for o in report.outcomes if o.status == "sent"] == ["widget"]
    assert shown[0][0] == "C2024050001" and "生日快乐" in shown[0][1]
    assert gateway.sent == []


def test_a_widget_that_went_away_marks_the_message_failed_and_it_is_not_repeated(
    desk, context, delivery
) -> None:
    delivery.presence = lambda customer_id: True
    delivery.widget = lambda customer_id, text: False  # the socket closed meanwhile
    add_customer(desk, "C2024050001", birthday=date(1990, 11, 23))
    report = run(desk, at("2026-11-23T10:05"), context, delivery)
    assert report.counts[("birthday_greeting", "failed")] == 1
    stored = rows(desk, reminder_sent, reminder_sent.c.kind == "birthday_greeting")
    assert stored[0]["status"] == "failed"
    assert run(desk, at("2026-11-23T10:06"), context, delivery).total("sent") == 0
