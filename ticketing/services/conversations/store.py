"""Conversations in the database: one transaction per change, messages numbered in order.

The storage area owns repositories for the other areas; this one lives beside its use cases
because the conversation hub is its only user. Every write is one transaction that locks the
conversation row (``BEGIN IMMEDIATE`` on SQLite, ``FOR UPDATE`` on PostgreSQL), so the mode and
the messages that caused its change are written together and ``seq`` never repeats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from sqlalchemy import case, distinct, exists, func, select, update
from sqlalchemy.engine import Connection, Engine, Row

from ticketing.domain.bot_coverage import Tally, Window
from ticketing.domain.bot_understanding import Miss, MissedQuestion, Review, Understanding
from ticketing.domain.conversations import (
    Author,
    Conversation,
    ConversationNotFound,
    Message,
    Mode,
    Sentiment,
)
from ticketing.domain.personal_data import mask_text
from ticketing.storage.schema.conversations import conversation_messages, conversations
from ticketing.storage.times import to_db


@dataclass(frozen=True)
class NewMessage:
    """A message to append (its ``seq`` and time are given by the store)."""

    author: Author
    body: str
    author_id: str | None = None
    buttons: tuple[dict[str, str], ...] = ()
    sentiment: Sentiment | None = None


@dataclass(frozen=True)
class Reading:
    """What the bot's NLU read from an already stored customer message."""

    seq: int
    sentiment: Sentiment | None = None
    understanding: Understanding | None = None
    review: Review | None = None

    def values(self) -> dict:
        """The message's columns this reading sets (none for what was not read)."""
        values: dict = {}
        if self.sentiment is not None:
            values["sentiment"] = self.sentiment.to_json()
        if self.understanding is not None:
            values["intent"] = self.understanding.intent
            values["intent_guess"] = self.understanding.guess
            values["intent_confidence"] = self.understanding.confidence
        if self.review is not None:
            values |= _review_values(self.review)
        return values


Change = Callable[[Conversation], tuple[Conversation, Sequence[NewMessage]]]


def _utc(moment: datetime) -> datetime:
    # SQLite returns naive datetimes: they were stored as UTC.
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


class ConversationStore:
    """Reads and writes conversations; synchronous (call it off the event loop)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def _begin(self) -> Connection:
        connection = self._engine.connect()
        if self._engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        return connection

    def create(self, conversation: Conversation) -> Conversation:
        """Store a new conversation."""
        with self._engine.begin() as connection:
            connection.execute(conversations.insert().values(**_values(conversation)))
        return conversation

    def get(self, conversation_id: str) -> Conversation:
        """The conversation; raises :class:`ConversationNotFound`."""
        with self._engine.connect() as connection:
            return _load(connection, conversation_id, lock=False)

    def find(self, conversation_id: str) -> Conversation | None:
        """The conversation, or None."""
        try:
            return self.get(conversation_id)
        except ConversationNotFound:
            return None

    def change(
        self,
        conversation_id: str,
        change: Change,
        now: datetime,
        reading: Reading | None = None,
    ) -> tuple[Conversation, list[Message]]:
        """Apply ``change`` to the locked conversation and append the messages it returns,
        in one transaction; returns the new state and the stored messages.
        ``reading`` records with it what Rasa read from an earlier customer message (its
        sentiment and understanding, stored with the bot's replies)."""
        with self._begin() as connection:
            current = _load(connection, conversation_id, lock=True)
            read = {} if reading is None else reading.values()
            if read:
                connection.execute(
                    update(conversation_messages)
                    .where(
                        conversation_messages.c.conversation_id == conversation_id,
                        conversation_messages.c.seq == reading.seq,
                    )
                    .values(read)
                )
            changed, new_messages = change(current)
            stored: list[Message] = []
            seq = current.last_seq
            for new in new_messages:
                seq += 1
                stored.append(_message(conversation_id, seq, now, new))
            if stored:
                connection.execute(
                    conversation_messages.insert(), [_message_values(m) for m in stored]
                )
            changed = replace(changed, last_seq=seq, updated_at=now)
            values = _values(changed)
            del values["id"], values["created_at"]
            connection.execute(
                update(conversations).where(conversations.c.id == conversation_id).values(values)
            )
            connection.commit()
        return changed, stored

    def append(
        self, conversation_id: str, messages: Iterable[NewMessage], now: datetime
    ) -> tuple[Conversation, list[Message]]:
        """Append messages without changing anything else."""
        listed = list(messages)
        return self.change(conversation_id, lambda current: (current, listed), now)

    def transcript(
        self, conversation_id: str, include_notes: bool, after_seq: int = 0
    ) -> list[Message]:
        """Every message in order; internal notes only when ``include_notes``."""
        query = (
            select(conversation_messages)
            .where(
                conversation_messages.c.conversation_id == conversation_id,
                conversation_messages.c.seq > after_seq,
            )
            .order_by(conversation_messages.c.seq)
        )
        if not include_notes:
            query = query.where(conversation_messages.c.author != Author.NOTE.value)
        with self._engine.connect() as connection:
            return [_message_of(row) for row in connection.execute(query)]

    def for_teams(
        self, team_ids: Iterable[str] | None, mode: Mode | None = None, limit: int = 100
    ) -> list[Conversation]:
        """Handed-off conversations of ``team_ids`` (None: every team), newest first."""
        query = select(conversations).where(conversations.c.team_id.is_not(None))
        if team_ids is not None:
            query = query.where(conversations.c.team_id.in_(sorted(team_ids)))
        if mode is not None:
            query = query.where(conversations.c.mode == mode.value)
        query = query.order_by(conversations.c.updated_at.desc()).limit(limit)
        with self._engine.connect() as connection:
            return [_conversation_of(row) for row in connection.execute(query)]

    def by_ticket(self, ticket_id: str) -> Conversation | None:
        """The conversation a ticket was opened from, or None."""
        query = select(conversations).where(conversations.c.ticket_id == ticket_id).limit(1)
        with self._engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else _conversation_of(row)

    def coverage(self, window: Window) -> dict[str, Tally]:
        """Per conversation language: conversations started in ``window`` that hold a customer
        message, and how many of them were handed to a person (they have a ticket)."""
        customer_wrote = exists().where(
            conversation_messages.c.conversation_id == conversations.c.id,
            conversation_messages.c.author == Author.CUSTOMER.value,
        )
        handed_over = func.sum(case((conversations.c.ticket_id.is_not(None), 1), else_=0))
        query = (
            select(conversations.c.language, func.count(), handed_over)
            .where(
                conversations.c.created_at >= to_db(window.since),
                conversations.c.created_at < to_db(window.until),
                customer_wrote,
            )
            .group_by(conversations.c.language)
        )
        with self._engine.connect() as connection:
            rows = connection.execute(query).all()
        return {language: Tally(int(count), int(handed or 0)) for language, count, handed in rows}

    def mark_missed(self, conversation_id: str, seq: int, review: Review) -> None:
        """Put an earlier customer message up for review (its answer was passed over)."""
        with self._engine.begin() as connection:
            connection.execute(
                update(conversation_messages)
                .where(
                    conversation_messages.c.conversation_id == conversation_id,
                    conversation_messages.c.seq == seq,
                    conversation_messages.c.author == Author.CUSTOMER.value,
                )
                .values(_review_values(review))
            )

    def missed_questions(
        self, window: Window, language: str | None, most: int
    ) -> tuple[int, list[MissedQuestion]]:
        """The customer messages of ``window`` the bot missed (they have a review key), and the
        ``most`` most asked of their questions, then the most recent: how often, in how many
        conversations, how many of those went to a person, and the latest wording (masked)
        with what the bot made of it. With ``language``, conversations in that language only."""
        c = conversation_messages.c
        source = conversation_messages.join(conversations, conversations.c.id == c.conversation_id)
        missed = [  # only customer messages have a key
            c.question_key.is_not(None),
            c.at >= to_db(window.since),
            c.at < to_db(window.until),
        ]
        if language is not None:
            missed.append(conversations.c.language == language)
        handed_over = case((conversations.c.ticket_id.is_not(None), c.conversation_id))
        groups = (
            select(
                c.question_key,
                func.count().label("times"),
                func.count(distinct(c.conversation_id)).label("conversations"),
                func.count(distinct(handed_over)).label("handed_over"),
                func.max(c.at).label("last_at"),
                func.sum(func.count()).over().label("messages"),  # before the limit: all
            )
            .select_from(source)
            .where(*missed)
            .group_by(c.question_key)
            .order_by(func.count().desc(), func.max(c.at).desc(), c.question_key)
            .limit(most)
            .subquery()
        )
        newest_first = func.row_number().over(
            partition_by=c.question_key, order_by=(c.at.desc(), c.id.desc())
        )
        latest = (
            select(
                c.question_key,
                c.body,
                c.miss,
                c.intent,
                c.intent_guess,
                c.intent_confidence,
                conversations.c.language,
                newest_first.label("rank"),
            )
            .select_from(source)
            .where(*missed, c.question_key.in_(select(groups.c.question_key)))
            .subquery()
        )
        query = (
            select(
                groups,
                latest.c.body,
                latest.c.miss,
                latest.c.intent,
                latest.c.intent_guess,
                latest.c.intent_confidence,
                latest.c.language,
            )
            .join(latest, latest.c.question_key == groups.c.question_key)
            .where(latest.c.rank == 1)
            .order_by(groups.c.times.desc(), groups.c.last_at.desc(), groups.c.question_key)
        )
        with self._engine.connect() as connection:
            rows = connection.execute(query).all()
        messages = int(rows[0].messages) if rows else 0
        return messages, [question for row in rows if (question := _missed(row)) is not None]


def _load(connection: Connection, conversation_id: str, lock: bool) -> Conversation:
    query = select(conversations).where(conversations.c.id == conversation_id)
    if lock and connection.dialect.name == "postgresql":
        query = query.with_for_update()
    row = connection.execute(query).first()
    if row is None:
        raise ConversationNotFound(conversation_id)
    return _conversation_of(row)


def _values(conversation: Conversation) -> dict:
    return {
        "id": conversation.id,
        "customer_id": conversation.customer_id,
        "language": conversation.language,
        "mode": conversation.mode.value,
        "ticket_id": conversation.ticket_id,
        "team_id": conversation.team_id,
        "assignee_id": conversation.assignee_id,
        "last_seq": conversation.last_seq,
        "unanswered": conversation.unanswered,
        "created_at": to_db(conversation.created_at),
        "updated_at": to_db(conversation.updated_at),
    }


def _conversation_of(row: Row) -> Conversation:
    return Conversation(
        id=row.id,
        created_at=_utc(row.created_at),
        updated_at=_utc(row.updated_at),
        language=row.language,
        customer_id=row.customer_id,
        mode=Mode(row.mode),
        ticket_id=row.ticket_id,
        team_id=row.team_id,
        assignee_id=row.assignee_id,
        last_seq=row.last_seq,
        unanswered=row.unanswered,
    )


def _review_values(review: Review) -> dict:
    return {"question_key": review.key, "miss": review.miss.value}


def _missed(row: Row) -> MissedQuestion | None:
    try:
        miss = Miss(row.miss)
    except ValueError:
        return None  # written by a later version
    if row.intent is None:
        return None  # a message Rasa said nothing about
    return MissedQuestion(
        text=mask_text(row.body),
        language=row.language,
        miss=miss,
        guess=row.intent_guess,
        confidence=row.intent_confidence,
        times=int(row.times),
        conversations=int(row.conversations),
        handed_over=int(row.handed_over),
        last_at=_utc(row.last_at),
    )


def _message(conversation_id: str, seq: int, now: datetime, new: NewMessage) -> Message:
    return Message(
        conversation_id=conversation_id,
        seq=seq,
        at=now,
        author=new.author,
        body=new.body,
        author_id=new.author_id,
        buttons=new.buttons,
        sentiment=new.sentiment,
    )


def _message_values(message: Message) -> dict:
    return {
        "conversation_id": message.conversation_id,
        "seq": message.seq,
        "at": to_db(message.at),
        "author": message.author.value,
        "author_id": message.author_id,
        "body": message.body,
        "buttons": list(message.buttons),
        "sentiment": None if message.sentiment is None else message.sentiment.to_json(),
    }


def _message_of(row: Row) -> Message:
    return Message(
        conversation_id=row.conversation_id,
        seq=row.seq,
        at=_utc(row.at),
        author=Author(row.author),
        body=row.body,
        author_id=row.author_id,
        buttons=tuple(row.buttons or ()),
        sentiment=Sentiment.from_json(row.sentiment),
    )
