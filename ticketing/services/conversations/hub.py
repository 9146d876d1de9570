"""The conversation hub: where customers, the bot and agents meet (DESIGN, "A message's way").

Mode bot: a customer message is stored, posted to Rasa (sender = conversation id, metadata =
customer id and language), and Rasa's replies are stored and sent to the widget. A ``handoff``
payload in the replies switches the conversation to mode human in the same transaction as the
replies. Mode human: customer messages go to the agents of the ticket's team, agent replies to
the widget. Returning to the bot keeps the conversation id, so Rasa's tracker keeps its context.

Rasa answers each message with the sentiment and language its NLU read (kefu's Rasa channel,
see :mod:`.rasa`); they are stored with the replies, in the same transaction. Per conversation,
messages are handled one at a time (an asyncio lock), so replies come back in order.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol, TypeVar

from ticketing.domain.auth import Principal
from ticketing.domain.bot_understanding import (
    REQUEST_HUMAN,
    Answered,
    Understanding,
    answered,
    passed_over,
    review_of,
)
from ticketing.domain.conversations import (
    MAX_MESSAGE_CHARS,
    Author,
    Conversation,
    ConversationConflict,
    ConversationHidden,
    Handoff,
    Message,
    MessageRejected,
    Mode,
    Sentiment,
    clean_body,
)
from ticketing.domain.conversations_limits import RateLimit, SessionSigner
from ticketing.domain.conversations_relay import BotReply, read_rasa_answer
from ticketing.domain.conversations_texts import (
    HANDOFF_PAYLOAD,
    fallback_reply,
    rasa_down_reply,
    say,
)
from ticketing.services.common import Clock
from ticketing.services.conversations.desk import TicketDesk
from ticketing.services.conversations.rasa import RasaTurn, RasaUnavailable
from ticketing.services.conversations.store import ConversationStore, NewMessage, Reading
from ticketing.services.conversations.wire import conversation_json, message_json, widget_json

log = logging.getLogger(__name__)
T = TypeVar("T")
HISTORY_LIMIT = 200


class Rasa(Protocol):
    """What the hub needs of Rasa (see :class:`~.rasa.RasaClient`)."""

    async def send(self, conversation_id: str, text: str, metadata: dict[str, Any]) -> RasaTurn: ...


class Notifier(Protocol):
    """Pushes events to the widget(s) of a conversation and to the agents of a team."""

    async def to_customer(self, conversation_id: str, event: str, data: dict[str, Any]) -> None: ...

    async def to_team(self, team_id: str | None, event: str, data: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class Session:
    """A widget's session: the conversation, its secret token and what was said so far."""

    conversation: Conversation
    token: str
    history: list[Message]
    resumed: bool


Blocking = Callable[..., Any]


@dataclass(frozen=True)
class Heard:
    """What Rasa's NLU read from a stored customer message."""

    seq: int
    body: str
    sentiment: Sentiment | None
    language: str | None
    understanding: Understanding | None = None

    @property
    def reading(self) -> Reading:
        """What the store keeps with the message (a missed one with its review)."""
        review = review_of(self.body, self.understanding)
        return Reading(self.seq, self.sentiment, self.understanding, review)


class ConversationHub:
    """Use cases of the chat; ``run_blocking`` runs the synchronous store and desk calls."""

    def __init__(
        self,
        store: ConversationStore,
        desk: TicketDesk,
        rasa: Rasa,
        notifier: Notifier,
        signer: SessionSigner,
        clock: Clock,
        run_blocking: Callable[..., Any],
        default_language: str = "zh",
        rate_limit: Callable[[], RateLimit] = RateLimit,
    ) -> None:
        self._store = store
        self._desk = desk
        self._rasa = rasa
        self._notify = notifier
        self.signer = signer
        self._clock = clock
        self._blocking = run_blocking
        self._default_language = default_language
        self._new_limit = rate_limit
        self._limits: dict[str, RateLimit] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._languages: dict[str, str] = {}
        self._answers: dict[str, Answered] = {}  # per conversation, the last answer

    # --- the customer's side -------------------------------------------------------------

    async def start(
        self, session_token: object, customer_token: object = None, language: object = None
    ) -> Session:
        """Resume the session a valid token names, or start a new conversation.

        A missing, forged or unknown token never joins an existing conversation: it gets a new
        one with a fresh unguessable id.
        """
        conversation_id = self.signer.conversation_of(session_token)
        found = None
        if conversation_id is not None:
            found = await self._blocking(self._store.find, conversation_id)
        if found is not None:
            self._languages[found.id] = found.language
            history = await self._blocking(self._store.transcript, found.id, False)
            return Session(found, str(session_token), history[-HISTORY_LIMIT:], resumed=True)
        now = self._clock()
        conversation = Conversation(
            id=secrets.token_urlsafe(18),
            created_at=now,
            updated_at=now,
            language=language if language in ("zh", "en") else self._default_language,
            customer_id=self.signer.customer_of(customer_token),
        )
        await self._blocking(self._store.create, conversation)
        self._languages[conversation.id] = conversation.language
        log.info("conversation started", extra={"conversation": conversation.id})
        return Session(conversation, self.signer.token_for(conversation.id), [], resumed=False)

    async def customer_says(self, conversation_id: str, text: object) -> None:
        """Handle one customer message end to end (answers go out through the notifier)."""
        if text is None:
            return  # rasa-webchat's first open sends message null
        # Notices before anything is stored use the language last seen for this session
        # (no database read on the hot path).
        language = self._languages.get(conversation_id, self._default_language)
        limit = self._limits.setdefault(conversation_id, self._new_limit())
        if not limit.allow(self._clock()):
            await self._say_unstored(conversation_id, BotReply(say("too_fast", language)))
            return
        try:
            body = clean_body(text)
        except MessageRejected:
            if isinstance(text, str) and len(text.strip()) > MAX_MESSAGE_CHARS:
                reply = BotReply(say("too_long", language, limit=MAX_MESSAGE_CHARS))
                await self._say_unstored(conversation_id, reply)
            return
        async with self._lock(conversation_id):
            await self._handle(conversation_id, body)

    async def _handle(self, conversation_id: str, body: str) -> None:
        conversation, stored = await self._append(
            conversation_id, [NewMessage(Author.CUSTOMER, body)]
        )
        customer_message = stored[0]
        self._languages[conversation_id] = conversation.language
        last_answer = self._answers.pop(conversation_id, None)
        if body == HANDOFF_PAYLOAD:
            await self._review_answer(conversation_id, last_answer, body, REQUEST_HUMAN)
            await self._gateway_handoff(conversation)
            return
        if conversation.mode is Mode.HUMAN and conversation.ticket_id:
            await self._quietly(self._desk.customer_wrote, conversation.ticket_id, body)
            return
        metadata = {"customer_id": conversation.customer_id, "language": conversation.language}
        try:
            turn = await self._rasa.send(conversation_id, body, metadata)
        except RasaUnavailable as error:
            log.warning(
                "rasa unavailable", extra={"conversation": conversation_id, "error": str(error)}
            )
            await self._review_answer(conversation_id, last_answer, body, None)
            await self._bot_says(
                conversation_id, [rasa_down_reply(conversation.language)], None, unanswered=True
            )
            return
        next_intent = None if turn.understanding is None else turn.understanding.intent
        await self._review_answer(conversation_id, last_answer, body, next_intent)
        relayed = read_rasa_answer(turn.messages)
        replies = list(relayed.replies)
        if not replies and relayed.handoff is None:
            replies = [fallback_reply(turn.language or conversation.language)]
        heard = Heard(customer_message.seq, body, turn.sentiment, turn.language, turn.understanding)
        await self._bot_says(
            conversation_id, replies, relayed.handoff, unanswered=False, heard=heard
        )

    async def _review_answer(
        self, conversation_id: str, answer: Answered | None, body: str, intent: str | None
    ) -> None:
        """When the customer's message passes the last answer over (a related question picked,
        a person asked for after an FAQ answer), that answer's message goes up for review."""
        review = None if answer is None else passed_over(answer, body, intent)
        if answer is not None and review is not None:
            await self._quietly(self._store.mark_missed, conversation_id, answer.seq, review)

    async def _bot_says(
        self,
        conversation_id: str,
        replies: list[BotReply],
        handoff: Handoff | None,
        unanswered: bool,
        heard: Heard | None = None,
    ) -> Conversation:
        """Store and send the replies; with ``heard``, also what Rasa read from the customer's
        message (its sentiment, the language to answer in), in the same transaction."""
        previous_team: list[str | None] = []

        def change(current: Conversation) -> tuple[Conversation, list[NewMessage]]:
            previous_team.append(current.team_id)
            changed = replace(current, unanswered=current.unanswered + 1 if unanswered else 0)
            if heard is not None and heard.language is not None:
                changed = replace(changed, language=heard.language)
            if handoff is not None:
                changed = changed.hand_off(handoff, self._clock())
            author = Author.SYSTEM if unanswered else Author.BOT
            return changed, [NewMessage(author, r.text, None, r.buttons) for r in replies]

        reading = None if heard is None else heard.reading
        conversation, stored = await self._blocking(
            self._store.change, conversation_id, change, self._clock(), reading
        )
        self._languages[conversation_id] = conversation.language
        if heard is not None:
            buttons = (button for reply in replies for button in reply.buttons)
            answer = answered(heard.seq, heard.body, heard.understanding, buttons)
            if answer is not None:
                self._answers[conversation_id] = answer
        for message in stored:
            await self._notify.to_customer(conversation_id, "bot_uttered", widget_json(message))
            await self._notify.to_team(conversation.team_id, "message", message_json(message))
        if reading is not None and reading.sentiment is not None:
            data = {
                "conversation_id": conversation_id,
                "seq": reading.seq,
                "sentiment": reading.sentiment.to_json(),
            }
            await self._notify.to_team(conversation.team_id, "sentiment", data)
        if handoff is not None:
            log.info("conversation handed off", extra={"conversation": conversation_id})
            await self._announce(conversation, previous_team[0])
        return conversation

    async def _gateway_handoff(self, conversation: Conversation) -> None:
        """The customer asked for a person through the gateway's own button (Rasa down)."""
        if conversation.mode is Mode.HUMAN:
            return
        transcript = await self._blocking(self._store.transcript, conversation.id, False)
        description = "\n".join(
            f"{m.author.value}: {m.body}" for m in transcript if m.body != HANDOFF_PAYLOAD
        )[-9000:]
        try:
            handoff = await self._blocking(self._desk.open_for, conversation, description)
        except Exception:
            log.exception("handoff failed", extra={"conversation": conversation.id})
            reply = BotReply(say("handoff_failed", conversation.language))
            await self._bot_says(conversation.id, [reply], None, unanswered=True)
            return
        reply = BotReply(say("handed_off", conversation.language, ticket_id=handoff.ticket_id))
        await self._bot_says(conversation.id, [reply], handoff, unanswered=False)

    # --- the service's and the agents' side ----------------------------------------------

    async def hand_off(
        self, principal: Principal, conversation_id: str, ticket_id: str
    ) -> Conversation:
        """Switch to mode human for ``ticket_id`` (the bot's or an agent's call, via the API)."""
        facts = await self._blocking(self._desk.facts, principal, ticket_id)
        handoff = Handoff(facts.ticket_id, facts.team_id, facts.assignee_id)
        async with self._lock(conversation_id):
            before = await self._blocking(self._store.get, conversation_id)
            conversation, _ = await self._blocking(
                self._store.change,
                conversation_id,
                lambda current: (current.hand_off(handoff, self._clock()), []),
                self._clock(),
            )
        await self._announce(conversation, before.team_id)
        return conversation

    async def agent_says(
        self, principal: Principal, conversation_id: str, text: object, internal: bool
    ) -> Message:
        """An agent's reply (to the widget) or internal note (console only)."""
        body = clean_body(text)
        conversation = await self.visible(principal, conversation_id)
        if not internal and conversation.mode is not Mode.HUMAN:
            raise ConversationConflict(conversation_id, "the bot has it; nobody can reply")
        if conversation.ticket_id:
            await self._blocking(
                self._desk.agent_wrote, principal, conversation.ticket_id, body, not internal
            )
        author = Author.NOTE if internal else Author.AGENT
        _, stored = await self._append(
            conversation_id, [NewMessage(author, body, principal.agent_id)]
        )
        message = stored[0]
        if not internal:
            await self._notify.to_customer(conversation_id, "bot_uttered", widget_json(message))
        await self._notify.to_team(conversation.team_id, "message", message_json(message))
        return message

    async def return_to_bot(self, principal: Principal, conversation_id: str) -> Conversation:
        """Mode bot again: Rasa answers the next message with the same tracker."""
        await self.visible(principal, conversation_id)

        def change(current: Conversation) -> tuple[Conversation, list[NewMessage]]:
            notice = NewMessage(Author.SYSTEM, say("back_to_bot", current.language))
            return current.back_to_bot(self._clock()), [notice]

        async with self._lock(conversation_id):
            conversation, stored = await self._blocking(
                self._store.change, conversation_id, change, self._clock()
            )
        for message in stored:
            await self._notify.to_customer(conversation_id, "bot_uttered", widget_json(message))
            await self._notify.to_team(conversation.team_id, "message", message_json(message))
        await self._notify.to_team(
            conversation.team_id, "conversation", conversation_json(conversation)
        )
        return conversation

    async def resolve(self, principal: Principal, conversation_id: str) -> Conversation:
        """Resolve the ticket and give the chat back to the bot."""
        conversation = await self.visible(principal, conversation_id)
        if conversation.ticket_id:
            await self._blocking(self._desk.resolve, principal, conversation.ticket_id)
        if conversation.mode is Mode.HUMAN:
            return await self.return_to_bot(principal, conversation_id)
        return conversation

    async def transfer(
        self, principal: Principal, conversation_id: str, team_id: str, reason: str
    ) -> Conversation:
        """Move the ticket (and so the chat) to another team."""
        conversation = await self.visible(principal, conversation_id)
        if not conversation.ticket_id:
            raise ConversationConflict(conversation_id, "no ticket to transfer")
        facts = await self._blocking(
            self._desk.transfer, principal, conversation.ticket_id, team_id, reason
        )
        handoff = Handoff(facts.ticket_id, facts.team_id, facts.assignee_id)

        def change(current: Conversation) -> tuple[Conversation, list[NewMessage]]:
            moved = replace(current, team_id=handoff.team_id, assignee_id=handoff.assignee_id)
            return moved, []

        async with self._lock(conversation_id):
            moved, _ = await self._blocking(
                self._store.change, conversation_id, change, self._clock()
            )
        await self._announce(moved, conversation.team_id)
        return moved

    async def visible(self, principal: Principal, conversation_id: str) -> Conversation:
        """The conversation if ``principal`` (staff) may see it; 403 for another team's."""
        conversation = await self._blocking(self._store.get, conversation_id)
        if principal.kind == "service":
            return conversation
        principal.require("agent", "reading conversations")
        if not conversation.visible_to(principal.team_ids, principal.is_admin):
            raise ConversationHidden(conversation_id)
        return conversation

    async def transcript(
        self, principal: Principal, conversation_id: str
    ) -> tuple[Conversation, list[Message]]:
        """The whole transcript (bot part and internal notes included) for staff."""
        conversation = await self.visible(principal, conversation_id)
        messages = await self._blocking(self._store.transcript, conversation_id, True)
        return conversation, messages

    async def listed(self, principal: Principal) -> list[Conversation]:
        """The handed-off conversations of the caller's teams, newest first."""
        principal.require("agent", "reading conversations")
        teams = None if principal.is_admin else principal.team_ids
        return await self._blocking(self._store.for_teams, teams)

    # --- plumbing -------------------------------------------------------------------------

    async def proactive(self, conversation_id: str, text: str) -> None:
        """A scheduled message (care, survey) to an open widget: stored, then shown at once."""
        conversation, stored = await self._blocking(
            self._store.append, conversation_id, [NewMessage(Author.BOT, text)], self._clock()
        )
        for message in stored:
            await self._notify.to_customer(conversation_id, "bot_uttered", widget_json(message))
            await self._notify.to_team(conversation.team_id, "message", message_json(message))

    def _lock(self, conversation_id: str) -> asyncio.Lock:
        return self._locks.setdefault(conversation_id, asyncio.Lock())

    async def _append(
        self, conversation_id: str, messages: list[NewMessage]
    ) -> tuple[Conversation, list[Message]]:
        conversation, stored = await self._blocking(
            self._store.append, conversation_id, messages, self._clock()
        )
        for message in stored:
            if message.author is Author.CUSTOMER:
                await self._notify.to_team(conversation.team_id, "message", message_json(message))
        return conversation, stored

    async def _announce(self, conversation: Conversation, previous_team: str | None) -> None:
        data = conversation_json(conversation)
        await self._notify.to_team(conversation.team_id, "conversation", data)
        if previous_team and previous_team != conversation.team_id:
            await self._notify.to_team(previous_team, "conversation", data)

    async def _say_unstored(self, conversation_id: str, reply: BotReply) -> None:
        """A notice only this widget needs (rate limit, size limit): not part of the record."""
        data = {"text": reply.text, "metadata": {"author": "system"}}
        await self._notify.to_customer(conversation_id, "bot_uttered", data)

    async def _quietly(self, function: Callable[..., T], *args: object) -> None:
        """A side update (the ticket's thread, a review mark) whose failure must not stop the
        chat: logged and skipped."""
        try:
            await self._blocking(function, *args)
        except Exception as error:
            name = getattr(function, "__name__", "update")
            log.warning(f"{name} skipped", extra={"error": type(error).__name__})
