"""The simulation's independent check finds every kind of contact-rule violation it claims to
rule out (so "zero violations" means something)."""

from __future__ import annotations

from datetime import datetime, timedelta

from reminders.simulation import check
from reminders.simulation_events import OptOuts
from ticketing.storage.schema.reminders import reminder_sent
from ticketing.storage.times import to_db

from .conftest import add_customer, at


def sent(engine, customer_id: str, when: datetime, purpose: str = "care", kind: str = "k") -> None:
    with engine.begin() as connection:
        connection.execute(
            reminder_sent.insert().values(
                kind=kind,
                target=f"{customer_id}/{when.isoformat()}",
                due_at=to_db(when),
                audience="customer",
                recipient=customer_id,
                customer_id=customer_id,
                channel="sms",
                purpose=purpose,
                proactive=purpose in ("care", "marketing"),
                status="sent",
                sent_at=to_db(when),
                detail={},
            )
        )


def test_the_check_finds_cap_quiet_hour_opt_out_and_consent_violations(desk, settings) -> None:
    add_customer(desk, "C2024050001", segment="high_value_active")
    add_customer(desk, "C2024050002", segment="dormant", consent_marketing=False)
    clean = check(desk, OptOuts(), settings)
    assert clean.total == 0
    monday = at("2026-11-23T10:00")
    for day in range(3):  # three care touches in three days: over the 2-a-week cap
        sent(desk, "C2024050001", monday + timedelta(days=day))
    sent(desk, "C2024050002", at("2026-11-23T22:00"), purpose="marketing")
    opt_outs = OptOuts(marketing={"C2024050002": at("2026-11-20T10:00")})
    found = check(desk, opt_outs, settings)
    assert len(found.caps) == 1 and "C2024050001" in found.caps[0]
    assert len(found.quiet_hours) == 1 and len(found.opt_outs) == 1 and len(found.consent) == 1
