"""JSON shapes of conversations and messages: for the widget (Rasa's ``bot_uttered``) and for
the console (times ISO 8601 in UTC)."""

from __future__ import annotations

from datetime import timezone
from typing import Any

from ticketing.domain.conversations import Author, Conversation, Message

AUTHOR = {Author.BOT: "bot", Author.AGENT: "agent", Author.SYSTEM: "system"}


def widget_json(message: Message) -> dict[str, Any]:
    """A message exactly as Rasa's socket.io channel sends it (``bot_uttered``): ``text``, and
    ``quick_replies`` when there are choices; our extras ride in ``metadata`` (``seq`` and
    ``author``: bot, agent, system, or "customer" in the history). rasa-webchat renders a
    message only when its keys are exactly these and drops ``metadata`` before rendering."""
    data: dict[str, Any] = {"text": message.body}
    if message.buttons:
        data["quick_replies"] = [
            {"content_type": "text", "title": b["title"], "payload": b["payload"]}
            for b in message.buttons
        ]
    data["metadata"] = {"seq": message.seq, "author": AUTHOR.get(message.author, "customer")}
    return data


def message_json(message: Message) -> dict[str, Any]:
    """A transcript line for the console."""
    return {
        "conversation_id": message.conversation_id,
        "seq": message.seq,
        "at": message.at.astimezone(timezone.utc).isoformat(),
        "author": message.author.value,
        "author_id": message.author_id,
        "body": message.body,
        "buttons": list(message.buttons),
        "sentiment": None if message.sentiment is None else message.sentiment.to_json(),
    }


def conversation_json(conversation: Conversation) -> dict[str, Any]:
    """A conversation's state for the console."""
    return {
        "id": conversation.id,
        "mode": conversation.mode.value,
        "language": conversation.language,
        "customer_id": conversation.customer_id,
        "ticket_id": conversation.ticket_id,
        "team_id": conversation.team_id,
        "assignee_id": conversation.assignee_id,
        "unanswered": conversation.unanswered,
        "created_at": conversation.created_at.astimezone(timezone.utc).isoformat(),
        "updated_at": conversation.updated_at.astimezone(timezone.utc).isoformat(),
    }
