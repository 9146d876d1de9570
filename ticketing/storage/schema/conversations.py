"""Conversations area: chat sessions and every message of them (customer, bot, agent, notes).

Times are UTC. ``conversations.id`` is the Rasa sender id (unguessable, made by the gateway).
``team_id`` follows the handoff ticket's team so an agent's list is one indexed query; tickets
are referenced by plain string (their table belongs to the tickets area). ``created_at`` is
indexed for reports over a time window (bot coverage).
``conversation_messages`` is ordered by ``seq`` per conversation (unique), so a message is never
stored twice and a transcript reads in one range scan. A customer message the bot read carries
its sentiment and what NLU understood (``intent``, ``intent_guess``, ``intent_confidence``;
see ``ticketing.domain.bot_understanding``), and when the bot missed it, the key the review groups
it under (``question_key``: masked and folded; only customer messages have one) with why
(``miss``), the key indexed with ``at`` so the review reads only the missed messages of its
window.
"""

from __future__ import annotations

import sqlalchemy as sa

from ticketing.storage.schema.meta import metadata

UTC_TIME = sa.DateTime(timezone=True)

conversations = sa.Table(
    "conversations",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("customer_id", sa.String(11), index=True),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("mode", sa.String(10), nullable=False),
    sa.Column("ticket_id", sa.String(20)),
    sa.Column("team_id", sa.String(40)),
    sa.Column("assignee_id", sa.String(40)),
    sa.Column("last_seq", sa.Integer, nullable=False),
    sa.Column("unanswered", sa.Integer, nullable=False),
    sa.Column("created_at", UTC_TIME, nullable=False),
    sa.Column("updated_at", UTC_TIME, nullable=False),
    sa.Index(None, "team_id", "mode", "updated_at"),
    sa.Index(None, "created_at"),
)

conversation_messages = sa.Table(
    "conversation_messages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(100), sa.ForeignKey("conversations.id"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("at", UTC_TIME, nullable=False),
    sa.Column("author", sa.String(10), nullable=False),
    sa.Column("author_id", sa.String(40)),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("buttons", sa.JSON, nullable=False),
    sa.Column("sentiment", sa.JSON),
    sa.Column("intent", sa.String(80)),
    sa.Column("intent_guess", sa.String(80)),
    sa.Column("intent_confidence", sa.Float),
    sa.Column("question_key", sa.String(500)),
    sa.Column("miss", sa.String(20)),
    sa.UniqueConstraint("conversation_id", "seq"),
    sa.Index(None, "question_key", "at"),
)
