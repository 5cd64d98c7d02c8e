"""A survey version is published when an admin says so: published_at (null while it waits).

Every version stored before this revision was published on import, so they all get their creation time.

Revision ID: a7d2e6c91b35
Revises: 7b2d4e6f8a10
Create Date: 2026-12-01 14:20:00
"""
from alembic import op
import sqlalchemy as sa
import surveyapp.models.base


revision = 'a7d2e6c91b35'
down_revision = '7b2d4e6f8a10'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('survey_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_at', surveyapp.models.base.UTCDateTime(timezone=True),
                                      nullable=True))
    op.execute("UPDATE survey_versions SET published_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table('survey_versions', schema=None) as batch_op:
        batch_op.drop_column('published_at')
