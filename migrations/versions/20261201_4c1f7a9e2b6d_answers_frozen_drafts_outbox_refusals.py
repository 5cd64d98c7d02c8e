"""Complete responses frozen in the database; a draft's browser key; when a channel closed; refused
kiosk outbox posts kept for staff.

Revision ID: 4c1f7a9e2b6d
Revises: e908b0309816
Create Date: 2026-12-01 10:40:00

The triggers are the guarantee whatever path writes: an answer of a complete response is never
updated, and a complete response never goes back to in progress or changes its completion time.
Inserting or deleting answers under a complete response is refused from 7b2d4e6f8a10 on.
"""
from alembic import op
import sqlalchemy as sa
import surveyapp.models.base


revision = '4c1f7a9e2b6d'
down_revision = 'e908b0309816'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    """CREATE TRIGGER answers_frozen_when_complete BEFORE UPDATE ON answers
       WHEN (SELECT status FROM responses WHERE id = OLD.response_id) = 'complete'
         OR (SELECT status FROM responses WHERE id = NEW.response_id) = 'complete'
       BEGIN SELECT RAISE(ABORT, 'answers of a complete response are never changed'); END""",
    """CREATE TRIGGER responses_complete_stays_complete BEFORE UPDATE ON responses
       WHEN OLD.status = 'complete'
         AND (NEW.status != 'complete' OR NEW.completed_at IS NOT OLD.completed_at
              OR NEW.id != OLD.id)
       BEGIN SELECT RAISE(ABORT, 'a complete response is never reopened'); END""",
    # SQLAlchemy's SQLite DateTime text form: microseconds with six digits.
    """CREATE TRIGGER channels_closed_at AFTER UPDATE OF is_open ON channels
       WHEN OLD.is_open IS NOT NEW.is_open
       BEGIN UPDATE channels SET closed_at = CASE WHEN NEW.is_open THEN NULL
             ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') || '000' END WHERE id = NEW.id; END""",
    """CREATE TRIGGER outbox_refusals_unchanged BEFORE UPDATE ON outbox_refusals
       BEGIN SELECT RAISE(ABORT, 'a refused outbox post is kept as received'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS answers_frozen_when_complete",
               "DROP TRIGGER IF EXISTS responses_complete_stays_complete",
               "DROP TRIGGER IF EXISTS channels_closed_at",
               "DROP TRIGGER IF EXISTS outbox_refusals_unchanged"]

POSTGRES_TRIGGERS = [
    """CREATE FUNCTION answers_frozen_when_complete() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM responses WHERE id IN (OLD.response_id, NEW.response_id)
                    AND status = 'complete') THEN
           RAISE EXCEPTION 'answers of a complete response are never changed'
             USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER answers_frozen_when_complete BEFORE UPDATE ON answers
       FOR EACH ROW EXECUTE FUNCTION answers_frozen_when_complete()""",
    """CREATE FUNCTION responses_complete_stays_complete() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF OLD.status = 'complete' AND (NEW.status <> 'complete'
             OR NEW.completed_at IS DISTINCT FROM OLD.completed_at OR NEW.id <> OLD.id) THEN
           RAISE EXCEPTION 'a complete response is never reopened'
             USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER responses_complete_stays_complete BEFORE UPDATE ON responses
       FOR EACH ROW EXECUTE FUNCTION responses_complete_stays_complete()""",
    """CREATE FUNCTION channels_closed_at() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.is_open IS DISTINCT FROM OLD.is_open THEN
           NEW.closed_at := CASE WHEN NEW.is_open THEN NULL ELSE now() END;
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER channels_closed_at BEFORE UPDATE OF is_open ON channels
       FOR EACH ROW EXECUTE FUNCTION channels_closed_at()""",
    """CREATE FUNCTION outbox_refusals_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'a refused outbox post is kept as received'
           USING ERRCODE = 'integrity_constraint_violation';
       END $$""",
    """CREATE TRIGGER outbox_refusals_unchanged BEFORE UPDATE ON outbox_refusals
       FOR EACH ROW EXECUTE FUNCTION outbox_refusals_unchanged()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS answers_frozen_when_complete ON answers",
    "DROP FUNCTION IF EXISTS answers_frozen_when_complete()",
    "DROP TRIGGER IF EXISTS responses_complete_stays_complete ON responses",
    "DROP FUNCTION IF EXISTS responses_complete_stays_complete()",
    "DROP TRIGGER IF EXISTS channels_closed_at ON channels",
    "DROP FUNCTION IF EXISTS channels_closed_at()",
    "DROP TRIGGER IF EXISTS outbox_refusals_unchanged ON outbox_refusals",
    "DROP FUNCTION IF EXISTS outbox_refusals_unchanged()",
]


def upgrade() -> None:
    with op.batch_alter_table('responses') as batch:
        batch.add_column(sa.Column('draft_key', sa.String(length=64), nullable=True))
    with op.batch_alter_table('channels') as batch:
        batch.add_column(sa.Column('closed_at', surveyapp.models.base.UTCDateTime(timezone=True),
                                   nullable=True))
    op.create_table('outbox_refusals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('kiosk_id', sa.String(length=64), nullable=True),
    sa.Column('response_id', sa.String(length=36), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('received_at', surveyapp.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_outbox_refusals_channel_id_channels'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_refusals'))
    )
    op.create_index(op.f('ix_outbox_refusals_channel_id'), 'outbox_refusals', ['channel_id'], unique=False)
    statements = POSTGRES_TRIGGERS if op.get_bind().dialect.name == 'postgresql' else SQLITE_TRIGGERS
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = POSTGRES_DROP if op.get_bind().dialect.name == 'postgresql' else SQLITE_DROP
    for statement in statements:
        op.execute(statement)
    op.drop_index(op.f('ix_outbox_refusals_channel_id'), table_name='outbox_refusals')
    op.drop_table('outbox_refusals')
    with op.batch_alter_table('channels') as batch:
        batch.drop_column('closed_at')
    with op.batch_alter_table('responses') as batch:
        batch.drop_column('draft_key')
