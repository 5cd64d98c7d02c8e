"""The answers of a complete response are neither added to nor removed, whatever path writes.

Revision ID: 7b2d4e6f8a10
Revises: 5f3c2a9d7e41
Create Date: 2026-12-01 14:00:00

With the triggers of 4c1f7a9e2b6d (no answer of a complete response updated, no complete response
reopened) a complete response is frozen in the database itself. Responses brought in whole (demo
samples, benchmarks) go in as in progress with their answers and are then completed
(services.responses.insert_complete). Deleting a whole response still takes its answers with it: the
cascade runs once the response row is gone, so the check finds no complete response.
"""
from alembic import op


revision = '7b2d4e6f8a10'
down_revision = '5f3c2a9d7e41'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    """CREATE TRIGGER answers_not_added_when_complete BEFORE INSERT ON answers
       WHEN (SELECT status FROM responses WHERE id = NEW.response_id) = 'complete'
       BEGIN SELECT RAISE(ABORT, 'answers of a complete response are never added'); END""",
    """CREATE TRIGGER answers_not_removed_when_complete BEFORE DELETE ON answers
       WHEN (SELECT status FROM responses WHERE id = OLD.response_id) = 'complete'
       BEGIN SELECT RAISE(ABORT, 'answers of a complete response are never removed'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS answers_not_added_when_complete",
               "DROP TRIGGER IF EXISTS answers_not_removed_when_complete"]

POSTGRES_TRIGGERS = [
    """CREATE FUNCTION answers_kept_when_complete() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'INSERT' AND EXISTS (
             SELECT 1 FROM responses WHERE id = NEW.response_id AND status = 'complete') THEN
           RAISE EXCEPTION 'answers of a complete response are never added'
             USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         IF TG_OP = 'DELETE' AND EXISTS (
             SELECT 1 FROM responses WHERE id = OLD.response_id AND status = 'complete') THEN
           RAISE EXCEPTION 'answers of a complete response are never removed'
             USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         IF TG_OP = 'DELETE' THEN
           RETURN OLD;
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER answers_kept_when_complete BEFORE INSERT OR DELETE ON answers
       FOR EACH ROW EXECUTE FUNCTION answers_kept_when_complete()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS answers_kept_when_complete ON answers",
    "DROP FUNCTION IF EXISTS answers_kept_when_complete()",
]


def upgrade() -> None:
    statements = POSTGRES_TRIGGERS if op.get_bind().dialect.name == 'postgresql' else SQLITE_TRIGGERS
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = POSTGRES_DROP if op.get_bind().dialect.name == 'postgresql' else SQLITE_DROP
    for statement in statements:
        op.execute(statement)
