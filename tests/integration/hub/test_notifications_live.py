"""The scheduler's console notifications reach the agent's open console live, and only theirs."""

from __future__ import annotations

import asyncio

import pytest

from ticketing.web.features.notifications import NOTIFICATION_BUS

from .conftest import sign_in


async def test_a_notification_reaches_only_its_agents_console(service, open_agents) -> None:
    mine = await open_agents(await sign_in(service, "l1"))
    others = await open_agents(await sign_in(service, "b1"))
    notice = {
        "id": 7,
        "kind": "sla_warning",
        "text": {"zh": "工单 T20261123-0001 首次响应已用 80%", "en": "T20261123-0001: 80% used"},
        "ticket_id": "T20261123-0001",
        "customer_id": None,
        "created_at": "2026-11-23T02:00:00+00:00",
        "read_at": None,
    }
    service.app[NOTIFICATION_BUS].publish("l1", notice)
    assert await mine.next("notification") == notice
    with pytest.raises(asyncio.TimeoutError):
        await others.next("notification", timeout=0.5)
