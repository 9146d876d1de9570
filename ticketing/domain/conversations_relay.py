"""What Rasa's REST channel answers, turned into what the widget shows (pure).

Rasa answers a list of messages: ``{"text", "buttons", "quick_replies", "image", "custom"}``.
A ``custom`` payload ``{"handoff": {"ticket_id", "team": {"id", ...}, "assignee": ...}}`` from
the escalation action is a signal for the gateway, never shown to the customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ticketing.domain.conversations import Handoff

MAX_BUTTONS = 10


@dataclass(frozen=True)
class BotReply:
    """One bot message for the widget: text and/or buttons (``{title, payload}``)."""

    text: str
    buttons: tuple[dict[str, str], ...] = ()
    image: str | None = None


@dataclass(frozen=True)
class Relayed:
    """Rasa's answer split into what the customer sees and the handoff signal, if any."""

    replies: tuple[BotReply, ...]
    handoff: Handoff | None


def read_rasa_answer(messages: Any) -> Relayed:
    """Split Rasa's REST answer (a list of dicts); anything malformed is skipped."""
    replies: list[BotReply] = []
    handoff: Handoff | None = None
    for message in messages if isinstance(messages, list) else []:
        if not isinstance(message, dict):
            continue
        custom = message.get("custom")
        if isinstance(custom, dict) and "handoff" in custom:
            handoff = handoff_of(custom["handoff"]) or handoff
            continue
        reply = _reply(message)
        if reply is not None:
            replies.append(reply)
    return Relayed(tuple(replies), handoff)


def handoff_of(data: Any) -> Handoff | None:
    """The handoff described by the action's payload, or None when it names no ticket."""
    if not isinstance(data, dict) or not isinstance(data.get("ticket_id"), str):
        return None
    team = data.get("team")
    team_id = team.get("id") if isinstance(team, dict) else team
    assignee = data.get("assignee")
    assignee_id = assignee.get("id") if isinstance(assignee, dict) else assignee
    return Handoff(
        ticket_id=data["ticket_id"],
        team_id=team_id if isinstance(team_id, str) else None,
        assignee_id=assignee_id if isinstance(assignee_id, str) else None,
    )


def _reply(message: dict[str, Any]) -> BotReply | None:
    text = message.get("text") if isinstance(message.get("text"), str) else ""
    choices = message.get("buttons") or message.get("quick_replies") or []
    buttons = tuple(
        {"title": str(choice.get("title", "")), "payload": str(choice.get("payload", ""))}
        for choice in choices[:MAX_BUTTONS]
        if isinstance(choice, dict) and choice.get("title")
    )
    image = message.get("image") if isinstance(message.get("image"), str) else None
    if not text and not buttons and not image:
        return None
    return BotReply(text=text, buttons=buttons, image=image)
