"""conversation_messages: what NLU understood of a customer message, the review key of a
missed one, indexed with its time

Revision ID: h0003
Revises: h0002
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "h0003"
down_revision = "h0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversation_messages") as batch:
        batch.add_column(sa.Column("intent", sa.String(80), nullable=True))
        batch.add_column(sa.Column("intent_guess", sa.String(80), nullable=True))
        batch.add_column(sa.Column("intent_confidence", sa.Float, nullable=True))
        batch.add_column(sa.Column("question_key", sa.String(500), nullable=True))
        batch.add_column(sa.Column("miss", sa.String(20), nullable=True))
    op.create_index(
        "ix_conversation_messages_question_key_at",
        "conversation_messages",
        ["question_key", "at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_conversation_messages_question_key_at", table_name="conversation_messages")
    with op.batch_alter_table("conversation_messages") as batch:
        batch.drop_column("miss")
        batch.drop_column("question_key")
        batch.drop_column("intent_confidence")
        batch.drop_column("intent_guess")
        batch.drop_column("intent")
