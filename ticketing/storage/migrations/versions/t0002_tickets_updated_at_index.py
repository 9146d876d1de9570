"""tickets: index on updated_at for the "untouched for 24 hours" reminder

Revision ID: t0002
Revises: t0001
Create Date: 2026-11-23
"""

from alembic import op

revision = "t0002"
down_revision = "t0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_tickets_updated_at", "tickets", ["updated_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_tickets_updated_at", table_name="tickets")
