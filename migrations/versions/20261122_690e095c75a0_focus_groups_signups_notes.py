"""Focus groups, their sign-ups (personal data, kept apart) and the scribe's notes.

Revision ID: 690e095c75a0
Revises: d34a8b61ac8a
Create Date: 2026-11-22 20:44:21.148918
"""
from alembic import op
import sqlalchemy as sa
import surveyapp.models.base


revision = '690e095c75a0'
down_revision = 'd34a8b61ac8a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('focus_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('prompts', sa.JSON(), nullable=False),
    sa.Column('starts_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('is_remote', sa.Boolean(), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('transit_notes', sa.String(length=500), nullable=False),
    sa.Column('parking_notes', sa.String(length=500), nullable=False),
    sa.Column('host_partner_id', sa.Integer(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('provided', sa.JSON(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=True),
    sa.Column('scribe_id', sa.Integer(), nullable=True),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('created_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_focus_groups_capacity_positive')),
    sa.ForeignKeyConstraint(['facilitator_id'], ['users.id'], name=op.f('fk_focus_groups_facilitator_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['host_partner_id'], ['partners.id'], name=op.f('fk_focus_groups_host_partner_id_partners')),
    sa.ForeignKeyConstraint(['scribe_id'], ['users.id'], name=op.f('fk_focus_groups_scribe_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_focus_groups')),
    sa.UniqueConstraint('token', name=op.f('uq_focus_groups_token'))
    )
    with op.batch_alter_table('focus_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_focus_groups_host_partner_id'), ['host_partner_id'], unique=False)

    op.create_table('group_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('prompt_id', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_group_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['focus_groups.id'], name=op.f('fk_group_notes_group_id_focus_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_notes'))
    )
    with op.batch_alter_table('group_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_notes_group_id'), ['group_id'], unique=False)

    op.create_table('signups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('manage_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('contact_method', sa.String(length=20), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('contact_key', sa.String(length=254), nullable=False),
    sa.Column('language', sa.String(length=20), nullable=False),
    sa.Column('children', sa.Integer(), nullable=False),
    sa.Column('children_ages', sa.String(length=120), nullable=False),
    sa.Column('needs_transportation', sa.Boolean(), nullable=False),
    sa.Column('interpretation', sa.String(length=20), nullable=False),
    sa.Column('accessibility', sa.String(length=500), nullable=False),
    sa.Column('dietary', sa.String(length=500), nullable=False),
    sa.Column('consent_contact', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('response_id', sa.String(length=36), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('checked_in_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("contact_method IN ('phone', 'text', 'email', 'partner')", name=op.f('ck_signups_contact_known')),
    sa.CheckConstraint("status IN ('confirmed', 'waitlisted', 'cancelled')", name=op.f('ck_signups_status_known')),
    sa.CheckConstraint('children >= 0 AND children <= 20', name=op.f('ck_signups_children_in_range')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_signups_entered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['focus_groups.id'], name=op.f('fk_signups_group_id_focus_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_signups_response_id_responses'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signups')),
    sa.UniqueConstraint('group_id', 'contact_key', name=op.f('uq_signups_group_id')),
    sa.UniqueConstraint('manage_hash', name=op.f('uq_signups_manage_hash'))
    )
    with op.batch_alter_table('signups', schema=None) as batch_op:
        batch_op.create_index('ix_signups_group_status', ['group_id', 'status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('signups', schema=None) as batch_op:
        batch_op.drop_index('ix_signups_group_status')

    op.drop_table('signups')
    with op.batch_alter_table('group_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_notes_group_id'))

    op.drop_table('group_notes')
    with op.batch_alter_table('focus_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_focus_groups_host_partner_id'))

    op.drop_table('focus_groups')
