"""Codebooks per survey: every saved version, and the version each analysis run used.

Runs made before this revision used the shipped codebook (no version).

Revision ID: c7d2e9f1a4b6
Revises: b8e4d1f7a3c2
Create Date: 2026-12-02 00:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'c7d2e9f1a4b6'
down_revision = 'b8e4d1f7a3c2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('codebook_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('change', sa.JSON(), nullable=False),
    sa.Column('codebook', sa.JSON(), nullable=False),
    sa.CheckConstraint('number > 0', name=op.f('ck_codebook_versions_number_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_codebook_versions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_codebook_versions_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_codebook_versions')),
    sa.UniqueConstraint('survey_id', 'number', name=op.f('uq_codebook_versions_survey_id'))
    )
    with op.batch_alter_table('codebook_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_codebook_versions_survey_id'), ['survey_id'], unique=False)
    with op.batch_alter_table('analysis_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('codebook_version_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_analysis_runs_codebook_version_id_codebook_versions'), 'codebook_versions', ['codebook_version_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('analysis_runs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_analysis_runs_codebook_version_id_codebook_versions'), type_='foreignkey')
        batch_op.drop_column('codebook_version_id')
    with op.batch_alter_table('codebook_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_codebook_versions_survey_id'))
    op.drop_table('codebook_versions')
