"""Conversations between a customer, the bot and agents (pure: no I/O, no clock reads).

A conversation is in mode ``bot`` (the gateway relays each customer message to Rasa) or
``human`` (an agent of the ticket's team answers in the console). Its id is the Rasa sender id,
so a return to the bot continues the same tracker. Every message is kept, in order (``seq``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from typing import Any

from ticketing.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied

MAX_MESSAGE_CHARS = 2000
"""A customer or agent message longer than this is refused (a chat line, not a document)."""


class Mode(str, Enum):
    """Who answers the customer right now."""

    BOT = "bot"
    HUMAN = "human"


class Author(str, Enum):
    """Who wrote a message. ``note`` is an agent's internal note: never shown to the customer;
    ``system`` is a notice of the service itself (handoff, return to the bot, an outage)."""

    CUSTOMER = "customer"
    BOT = "bot"
    AGENT = "agent"
    NOTE = "note"
    SYSTEM = "system"


CUSTOMER_VISIBLE = frozenset({Author.CUSTOMER, Author.BOT, Author.AGENT, Author.SYSTEM})


@dataclass(frozen=True)
class Sentiment:
    """Rasa's sentiment of a customer message (``score`` is P(negative))."""

    label: str
    score: float
    anger: bool

    @classmethod
    def from_json(cls, data: Any) -> Sentiment | None:
        """The sentiment of a parse result's ``sentiment`` field, or None when absent/malformed."""
        if not isinstance(data, dict) or data.get("label") not in (
            "negative",
            "neutral",
            "positive",
        ):
            return None
        try:
            return cls(str(data["label"]), float(data.get("score", 0.0)), bool(data.get("anger")))
        except (TypeError, ValueError):
            return None

    def to_json(self) -> dict[str, Any]:
        """The stored/shown form."""
        return {"label": self.label, "score": round(self.score, 4), "anger": self.anger}


@dataclass(frozen=True)
class Message:
    """One line of the transcript. ``buttons`` are the bot's choices ({title, payload})."""

    conversation_id: str
    seq: int
    at: datetime
    author: Author
    body: str
    author_id: str | None = None
    buttons: tuple[dict[str, str], ...] = ()
    sentiment: Sentiment | None = None

    @property
    def customer_visible(self) -> bool:
        """True unless this is an internal note."""
        return self.author in CUSTOMER_VISIBLE


@dataclass(frozen=True)
class Handoff:
    """The bot's escalation action opened (or reused) a ticket: an agent takes over."""

    ticket_id: str
    team_id: str | None
    assignee_id: str | None = None


@dataclass(frozen=True)
class Conversation:
    """A chat session; ``team_id`` follows the ticket once handed off (for agents' visibility)."""

    id: str
    created_at: datetime
    updated_at: datetime
    language: str = "zh"
    customer_id: str | None = None
    mode: Mode = Mode.BOT
    ticket_id: str | None = None
    team_id: str | None = None
    assignee_id: str | None = None
    last_seq: int = 0
    unanswered: int = 0
    """Customer messages the bot could not answer (Rasa down) since the last answer."""

    def hand_off(self, handoff: Handoff, now: datetime) -> Conversation:
        """Mode human, with the ticket's team and assignee."""
        return replace(
            self,
            mode=Mode.HUMAN,
            ticket_id=handoff.ticket_id,
            team_id=handoff.team_id or self.team_id,
            assignee_id=handoff.assignee_id,
            updated_at=now,
        )

    def back_to_bot(self, now: datetime) -> Conversation:
        """Mode bot again; the ticket stays linked (its history, and for a later handoff)."""
        if self.mode is Mode.BOT:
            raise ConversationConflict(self.id, "the bot already has this conversation")
        return replace(self, mode=Mode.BOT, updated_at=now)

    def visible_to(self, team_ids: frozenset[str], is_admin: bool) -> bool:
        """True when staff of ``team_ids`` may read and answer this conversation."""
        return is_admin or (self.team_id is not None and self.team_id in team_ids)


class ConversationNotFound(NotFound):
    """No conversation has this id (or the session token does not match it)."""

    code = "conversation_not_found"

    def __init__(self, conversation_id: str) -> None:
        super().__init__(f"conversation {conversation_id} not found")


class ConversationConflict(Conflict):
    """The conversation is not in a state that allows this (e.g. already with the bot)."""

    code = "conversation_conflict"

    def __init__(self, conversation_id: str, reason: str) -> None:
        super().__init__(f"conversation {conversation_id}: {reason}")


class ConversationHidden(PermissionDenied):
    """The conversation belongs to another team."""

    def __init__(self, conversation_id: str) -> None:
        super().__init__(f"conversation {conversation_id} belongs to another team")


class MessageRejected(InvalidInput):
    """A message is empty or longer than :data:`MAX_MESSAGE_CHARS`."""

    code = "message_rejected"


def clean_body(body: object, limit: int = MAX_MESSAGE_CHARS) -> str:
    """The message text, stripped; raises :class:`MessageRejected` when empty or too long."""
    text = body.strip() if isinstance(body, str) else ""
    if not text:
        raise MessageRejected("the message is empty")
    if len(text) > limit:
        raise MessageRejected(f"the message is longer than {limit} characters")
    return text
