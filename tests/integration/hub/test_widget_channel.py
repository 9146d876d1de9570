"""The scheduler reaches a signed-in customer's open widget, and knows when there is none."""

from __future__ import annotations

import asyncio

from ticketing.domain.conversations_limits import SessionSigner
from ticketing.web.features.widget_channel import WIDGET_CHANNEL


async def test_a_care_message_appears_in_the_open_widget_and_is_stored(
    service, open_widget
) -> None:
    channel = service.app[WIDGET_CHANNEL]
    assert not channel.online("C2024050001")
    assert await asyncio.to_thread(channel.send, "C2024050001", "生日快乐！") is False

    signer = SessionSigner(service.settings.data_key.get_secret_value().encode())
    widget = await open_widget(None, customer_token=signer.customer_token("C2024050001"))
    anonymous = await open_widget(None)
    assert channel.online("C2024050001")

    # The scheduler's jobs run in worker threads.
    assert await asyncio.to_thread(channel.send, "C2024050001", "生日快乐！") is True
    assert (await widget.next())["text"] == "生日快乐！"
    conversation = f"/api/v1/conversations/{widget.conversation_id}"
    response = await service.get(conversation, headers=service.bot)
    assert response.status == 200
    stored = await response.json()
    assert "生日快乐！" in str(stored)
    assert anonymous.uttered.empty()

    await widget.close()
    for _ in range(50):
        if not channel.online("C2024050001"):
            break
        await asyncio.sleep(0.05)
    assert not channel.online("C2024050001")
