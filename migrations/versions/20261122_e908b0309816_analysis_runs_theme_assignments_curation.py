"""Theme analysis: runs (also the job queue), their assignments, and the team's curation of themes.

Revision ID: e908b0309816
Revises: 690e095c75a0
Create Date: 2026-11-22 22:36:44.813255
"""
from alembic import op
import sqlalchemy as sa
import surveyapp.models.base


revision = 'e908b0309816'
down_revision = '690e095c75a0'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('theme_curations',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('edits', sa.JSON(), nullable=False),
    sa.Column('updated_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_theme_curations_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', name=op.f('pk_theme_curations'))
    )
    op.create_table('analysis_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('started_by', sa.String(length=254), nullable=False),
    sa.Column('created_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('progress', sa.String(length=300), nullable=False),
    sa.Column('n_documents', sa.Integer(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_analysis_runs_status_known')),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_analysis_runs_started_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_analysis_runs_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_runs'))
    )
    with op.batch_alter_table('analysis_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analysis_runs_survey_id'), ['survey_id'], unique=False)

    op.create_table('theme_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('doc_id', sa.String(length=160), nullable=False),
    sa.Column('response_id', sa.String(length=36), nullable=True),
    sa.Column('question', sa.String(length=100), nullable=True),
    sa.Column('note_id', sa.Integer(), nullable=True),
    sa.Column('theme_id', sa.String(length=80), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('lang', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['note_id'], ['group_notes.id'], name=op.f('fk_theme_assignments_note_id_group_notes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_theme_assignments_response_id_responses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['analysis_runs.id'], name=op.f('fk_theme_assignments_run_id_analysis_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_assignments'))
    )
    with op.batch_alter_table('theme_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_assignments_response_id'), ['response_id'], unique=False)
        batch_op.create_index('ix_theme_assignments_run_doc', ['run_id', 'doc_id'], unique=True)
        batch_op.create_index('ix_theme_assignments_run_theme', ['run_id', 'theme_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('theme_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_theme_assignments_run_theme')
        batch_op.drop_index('ix_theme_assignments_run_doc')
        batch_op.drop_index(batch_op.f('ix_theme_assignments_response_id'))

    op.drop_table('theme_assignments')
    with op.batch_alter_table('analysis_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analysis_runs_survey_id'))

    op.drop_table('analysis_runs')
    op.drop_table('theme_curations')
