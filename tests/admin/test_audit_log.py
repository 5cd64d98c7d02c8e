"""The audit log, read as an admin reads it: every event page by page (not the latest 20), filtered by
who, what and when, and the filtered events as a CSV file that is safe to open and is itself logged."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import delete, func, select

from surveyapp.models import AuditEvent
from surveyapp.services import audit


def _events(db, count: int, **fields) -> None:  # type: ignore[no-untyped-def]
    for number in range(count):
        db.add(
            AuditEvent(
                actor=fields.get("actor", "liaison@demo.test"),
                action=fields.get("action", "view.personal"),
                target=fields.get("target", f"focus_group:{number}"),
                at=fields.get("at", datetime(2026, 11, 20, 12, 0, tzinfo=UTC)),
                detail={},
            )
        )
    db.commit()


def test_every_event_is_reachable_page_by_page(demo, db, sign_in):
    db.execute(delete(AuditEvent))
    _events(db, 230)
    admin = sign_in("admin@demo.test")
    total = db.scalar(select(func.count(AuditEvent.id)))
    first = admin.get("/admin/audit").get_data(as_text=True)
    assert f"{total} events" in first
    assert "Page 1 of 3" in first
    assert first.count("<tr><td>") == 100
    last = admin.get("/admin/audit?page=3").get_data(as_text=True)
    assert last.count("<tr><td>") == total - 200
    assert 'rel="prev"' in last
    assert 'rel="next"' not in last
    assert admin.get("/admin/audit?page=nonsense").status_code == 200


def test_the_log_is_filtered_by_who_what_and_when(demo, db, sign_in):
    _events(
        db, 3, actor="scribe@demo.test", action="notes.save", at=datetime(2026, 10, 2, 23, 59, tzinfo=UTC)
    )
    _events(db, 2, actor="scribe@demo.test", action="notes.save", at=datetime(2026, 10, 3, 0, 0, tzinfo=UTC))
    admin = sign_in("admin@demo.test")
    html = admin.get("/admin/audit?who=SCRIBE&action=notes.save&since=2026-10-01&until=2026-10-02").get_data(
        as_text=True
    )
    assert "3 events" in html
    assert '<option selected value="notes.save">notes.save</option>' in html
    assert "2026-10-02 23:59:00" in html
    assert "2026-10-03" not in html
    # A mistyped date is answered next to its field; the other filters still apply.
    wrong = admin.get("/admin/audit?who=scribe&since=31/12/2026").get_data(as_text=True)
    assert "Please enter a date like 2024-05-31." in wrong
    assert "5 events" in wrong
    # % and _ typed in "who" are matched as written, not as wildcards.
    assert "0 events" in admin.get("/admin/audit?who=%25").get_data(as_text=True)


def test_the_filtered_events_download_as_a_safe_csv_and_the_download_is_logged(demo, db, sign_in):
    _events(db, 2, actor='=HYPERLINK("http://x")', action="login.failure")
    admin = sign_in("admin@demo.test")
    answer = admin.get("/admin/audit.csv?action=login.failure")
    assert answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == audit.CSV_HEADER
    assert {row[2] for row in rows[1:]} == {"login.failure"}
    assert any(row[1] == '\'=HYPERLINK("http://x")' for row in rows[1:])
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "audit.export"))
    assert event.actor == "admin@demo.test"
    assert event.detail["filter_action"] == "login.failure"


def test_only_admins_read_the_log(demo, sign_in):
    for email in ("analyst@demo.test", "liaison@demo.test"):
        reader = sign_in(email)
        assert reader.get("/admin/audit").status_code == 403
        assert reader.get("/admin/audit.csv").status_code == 403
