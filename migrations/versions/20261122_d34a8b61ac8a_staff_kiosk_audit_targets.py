"""Staff accounts, kiosk sessions, audit log, partner targets; channel place, languages, idle time.

Revision ID: d34a8b61ac8a
Revises: bd133256feb2
Create Date: 2026-11-22 20:06:41.798962
"""
from alembic import op
import sqlalchemy as sa
import surveyapp.models.base


revision = 'd34a8b61ac8a'
down_revision = 'bd133256feb2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('partner_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('target', sa.Integer(), nullable=False),
    sa.CheckConstraint('target >= 0', name=op.f('ck_partner_targets_target_not_negative')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_partner_targets_partner_id_partners'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_partner_targets_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_targets')),
    sa.UniqueConstraint('partner_id', 'survey_id', name=op.f('uq_partner_targets_partner_id'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role != 'liaison' OR partner_id IS NOT NULL", name=op.f('ck_users_liaison_has_partner')),
    sa.CheckConstraint("role IN ('admin', 'analyst', 'liaison', 'facilitator')", name=op.f('ck_users_role_known')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_users_partner_id_partners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_partner_id'), ['partner_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_events_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)

    op.create_table('kiosk_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('pin_hash', sa.String(length=200), nullable=False),
    sa.Column('failed_pins', sa.Integer(), nullable=False),
    sa.Column('started_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_kiosk_sessions_channel_id_channels'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_kiosk_sessions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kiosk_sessions'))
    )
    with op.batch_alter_table('kiosk_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kiosk_sessions_channel_id'), ['channel_id'], unique=False)

    with op.batch_alter_table('channels', schema=None) as batch_op:
        batch_op.add_column(sa.Column('liaison_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('place', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('languages', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('idle_seconds', sa.Integer(), nullable=False, server_default='120'))
        batch_op.create_check_constraint(op.f('ck_channels_idle_long_enough'), 'idle_seconds >= 30')
        batch_op.create_foreign_key(batch_op.f('fk_channels_liaison_id_users'), 'users', ['liaison_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entered_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_responses_entered_by_id_users'), 'users', ['entered_by_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_responses_entered_by_id_users'), type_='foreignkey')
        batch_op.drop_column('entered_by_id')

    with op.batch_alter_table('channels', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_channels_liaison_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('ck_channels_idle_long_enough'), type_='check')
        batch_op.drop_column('idle_seconds')
        batch_op.drop_column('languages')
        batch_op.drop_column('place')
        batch_op.drop_column('liaison_id')

    with op.batch_alter_table('kiosk_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kiosk_sessions_channel_id'))

    op.drop_table('kiosk_sessions')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_partner_id'))

    op.drop_table('users')
    op.drop_table('partner_targets')
