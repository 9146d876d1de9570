"""conversations: index on created_at for reports over a time window (bot coverage)

Revision ID: h0002
Revises: h0001
Create Date: 2026-12-06
"""

from alembic import op

revision = "h0002"
down_revision = "h0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_conversations_created_at", "conversations", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_conversations_created_at", table_name="conversations")
