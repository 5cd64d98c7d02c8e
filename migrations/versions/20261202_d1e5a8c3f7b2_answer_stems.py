"""The stems of each distinct answer text, for the codebook's word search.

Revision ID: d1e5a8c3f7b2
Revises: c7d2e9f1a4b6
Create Date: 2026-12-02 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d1e5a8c3f7b2"
down_revision = "c7d2e9f1a4b6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_stems",
        sa.Column("digest", sa.String(length=32), nullable=False),
        sa.Column("scheme", sa.String(length=16), nullable=False),
        sa.Column("stems", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("digest", "scheme", name=op.f("pk_answer_stems")),
    )


def downgrade() -> None:
    op.drop_table("answer_stems")
