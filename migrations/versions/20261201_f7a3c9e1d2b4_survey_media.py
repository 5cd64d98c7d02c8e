"""Images, audio and video uploaded beside a version's workbook (media columns), kept with the version.

Revision ID: f7a3c9e1d2b4
Revises: e5b8d2c4f6a9
Create Date: 2026-12-01 19:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'f7a3c9e1d2b4'
down_revision = 'e5b8d2c4f6a9'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'survey_media',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('content_type', sa.String(length=40), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['version_id'], ['survey_versions.id'],
                                name=op.f('fk_survey_media_version_id_survey_versions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_media')),
        sa.UniqueConstraint('version_id', 'name', name=op.f('uq_survey_media_version_id')),
    )
    with op.batch_alter_table('survey_media', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_media_version_id'), ['version_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('survey_media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_media_version_id'))
    op.drop_table('survey_media')
