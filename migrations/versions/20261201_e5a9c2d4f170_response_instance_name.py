"""Each response's name from the settings' instance_name (Kobo's meta/instanceName): responses.instance_name.

A plain ADD COLUMN (no table rebuild on SQLite, which would drop the responses' triggers); empty for
the responses stored before, whose forms had no name.

Revision ID: e5a9c2d4f170
Revises: f7a3c9e1d2b4
Create Date: 2026-12-01 19:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'e5a9c2d4f170'
down_revision = 'f7a3c9e1d2b4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('responses', sa.Column('instance_name', sa.String(length=255), nullable=True))


def downgrade() -> None:
    op.drop_column('responses', 'instance_name')
