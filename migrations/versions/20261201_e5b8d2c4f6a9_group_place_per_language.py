"""A focus-group session's place, transit and parking notes per language, like its title.

Each text written so far becomes the text of the session's source language (its first offered
language, English when it offers none); an empty one becomes no text. Downgrade keeps the source
language's text (or, without it, the first one written).

Revision ID: e5b8d2c4f6a9
Revises: d4f1a2b3c5e6
Create Date: 2026-12-01 20:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'e5b8d2c4f6a9'
down_revision = 'd4f1a2b3c5e6'
branch_labels = None
depends_on = None

# The column, and its length as a single text.
FIELDS = {"address": 300, "transit_notes": 500, "parking_notes": 500}


def _source(languages: object) -> str:
    return languages[0] if isinstance(languages, list) and languages else "en"


def _copy(old_type, new_type, convert) -> None:  # type: ignore[no-untyped-def]
    """Add each field as `<name>_new` (its type: `new_type(limit)`), fill it from the old column,
    drop the old, rename the new."""
    with op.batch_alter_table("focus_groups") as batch:
        for name, limit in FIELDS.items():
            batch.add_column(sa.Column(f"{name}_new", new_type(limit), nullable=True))
    table = sa.table("focus_groups", sa.column("id", sa.Integer), sa.column("languages", sa.JSON),
                     *(sa.column(name, old_type(limit)) for name, limit in FIELDS.items()),
                     *(sa.column(f"{name}_new", new_type(limit)) for name, limit in FIELDS.items()))
    connection = op.get_bind()
    rows = connection.execute(sa.select(table.c.id, table.c.languages,
                                        *(table.c[name] for name in FIELDS))).all()
    for row in rows:
        values = {f"{name}_new": convert(getattr(row, name), _source(row.languages), limit)
                  for name, limit in FIELDS.items()}
        connection.execute(table.update().where(table.c.id == row.id).values(**values))
    with op.batch_alter_table("focus_groups") as batch:
        for name in FIELDS:
            batch.drop_column(name)
    with op.batch_alter_table("focus_groups") as batch:
        for name, limit in FIELDS.items():
            batch.alter_column(f"{name}_new", new_column_name=name, existing_type=new_type(limit),
                               nullable=False)


def _to_languages(text: str | None, source: str, _limit: int) -> dict[str, str]:
    return {source: text} if text else {}


def _to_text(texts: dict[str, str] | None, source: str, limit: int) -> str:
    texts = texts or {}
    return (texts.get(source) or next((v for v in texts.values() if v), ""))[:limit]


def upgrade() -> None:
    _copy(lambda limit: sa.String(length=limit), lambda _limit: sa.JSON(), _to_languages)


def downgrade() -> None:
    _copy(lambda _limit: sa.JSON(), lambda limit: sa.String(length=limit), _to_text)
