"""The bytes of file answers (image, audio, video, file questions), kept with their response.

Revision ID: d4f1a2b3c5e6
Revises: c3e9f4a1b2d7
Create Date: 2026-12-01 19:45:00

As with answers, the files of a complete response are neither added, changed nor removed, whatever
path writes; deleting a whole response still takes its files with it (the cascade runs once the
response row is gone).
"""
import sqlalchemy as sa
from alembic import op

from surveyapp.models.base import UTCDateTime

revision = 'd4f1a2b3c5e6'
down_revision = 'c3e9f4a1b2d7'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER answer_files_not_{verb}_when_complete BEFORE {event} ON answer_files
       WHEN (SELECT status FROM responses WHERE id = {row}.response_id) = 'complete'
       BEGIN SELECT RAISE(ABORT, 'files of a complete response are never {verb}'); END"""
    for verb, event, row in (("added", "INSERT", "NEW"), ("changed", "UPDATE", "OLD"),
                             ("removed", "DELETE", "OLD"))
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS answer_files_not_{verb}_when_complete"
               for verb in ("added", "changed", "removed")]
POSTGRES_TRIGGERS = [
    """CREATE FUNCTION answer_files_kept_when_complete() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP <> 'DELETE' AND EXISTS (
             SELECT 1 FROM responses WHERE id = NEW.response_id AND status = 'complete') THEN
           RAISE EXCEPTION 'files of a complete response are never added or changed'
             USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         IF TG_OP <> 'INSERT' AND EXISTS (
             SELECT 1 FROM responses WHERE id = OLD.response_id AND status = 'complete') THEN
           RAISE EXCEPTION 'files of a complete response are never changed or removed'
             USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         IF TG_OP = 'DELETE' THEN
           RETURN OLD;
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER answer_files_kept_when_complete BEFORE INSERT OR UPDATE OR DELETE
       ON answer_files FOR EACH ROW EXECUTE FUNCTION answer_files_kept_when_complete()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS answer_files_kept_when_complete ON answer_files",
    "DROP FUNCTION IF EXISTS answer_files_kept_when_complete()",
]


def upgrade() -> None:
    op.create_table(
        'answer_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('response_id', sa.String(length=36), nullable=False),
        sa.Column('question', sa.String(length=100), nullable=False),
        sa.Column('file_name', sa.String(length=40), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.CheckConstraint('size >= 0', name=op.f('ck_answer_files_size_not_negative')),
        sa.ForeignKeyConstraint(['response_id'], ['responses.id'],
                                name=op.f('fk_answer_files_response_id_responses'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_files')),
        sa.UniqueConstraint('response_id', 'question', name='uq_answer_files_response_question'),
        sa.UniqueConstraint('response_id', 'file_name', name='uq_answer_files_response_file_name'),
    )
    op.create_index(op.f('ix_answer_files_response_id'), 'answer_files', ['response_id'],
                    unique=False)
    statements = POSTGRES_TRIGGERS if op.get_bind().dialect.name == 'postgresql' else SQLITE_TRIGGERS
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = POSTGRES_DROP if op.get_bind().dialect.name == 'postgresql' else SQLITE_DROP
    for statement in statements:
        op.execute(statement)
    op.drop_index(op.f('ix_answer_files_response_id'), table_name='answer_files')
    op.drop_table('answer_files')
