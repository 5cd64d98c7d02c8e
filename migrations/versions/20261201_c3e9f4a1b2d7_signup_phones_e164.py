"""Sign-up phone numbers kept in E.164 and recognised by it (`(701) 555-0142` = `+1 701 555 0142`).

Numbers are read in PHONE_REGION (default US), as the app reads them. A number that does not parse is
left as it was; where two sign-ups of one session turn out to be the same number, the later keeps
its old key, so that no row is lost and staff see both.

Revision ID: c3e9f4a1b2d7
Revises: a7d2e6c91b35
Create Date: 2026-12-01 16:40:00
"""
import os

import sqlalchemy as sa
from alembic import op

from surveyapp.services.phones import normalize_phone

revision = 'c3e9f4a1b2d7'
down_revision = 'a7d2e6c91b35'
branch_labels = None
depends_on = None


def upgrade() -> None:
    region = os.environ.get("PHONE_REGION", "US").upper()
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT id, group_id, phone, contact_key FROM signups ORDER BY created_at, id")).all()
    taken = {(row.group_id, row.contact_key) for row in rows}
    for row in rows:
        if not row.contact_key.startswith("tel:"):
            continue
        number = normalize_phone(row.phone or "", region)
        if number is None:
            continue
        key = "tel:" + number
        if key != row.contact_key and (row.group_id, key) in taken:
            connection.execute(sa.text("UPDATE signups SET phone = :phone WHERE id = :id"),
                               {"phone": number, "id": row.id})
            continue
        taken.discard((row.group_id, row.contact_key))
        taken.add((row.group_id, key))
        connection.execute(sa.text("UPDATE signups SET phone = :phone, contact_key = :key WHERE id = :id"),
                           {"phone": number, "key": key, "id": row.id})


def downgrade() -> None:
    """The numbers stay in E.164: the earlier code reads them as well."""
