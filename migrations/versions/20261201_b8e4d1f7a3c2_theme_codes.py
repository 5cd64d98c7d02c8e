"""Theme codes: every code of every analysed document in a run (several per answer).

Runs made before this revision have no codes; their pages count each answer under its one theme.

Revision ID: b8e4d1f7a3c2
Revises: e5a9c2d4f170
Create Date: 2026-12-01 19:45:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'b8e4d1f7a3c2'
down_revision = 'e5a9c2d4f170'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('theme_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.String(length=80), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('evidence', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['theme_assignments.id'], name=op.f('fk_theme_codes_assignment_id_theme_assignments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_codes'))
    )
    with op.batch_alter_table('theme_codes', schema=None) as batch_op:
        batch_op.create_index('ix_theme_codes_assignment_theme', ['assignment_id', 'theme_id'], unique=True)
        batch_op.create_index('ix_theme_codes_theme_id', ['theme_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('theme_codes', schema=None) as batch_op:
        batch_op.drop_index('ix_theme_codes_theme_id')
        batch_op.drop_index('ix_theme_codes_assignment_theme')
    op.drop_table('theme_codes')
