"""The audit log for admins: every event, page by page, filtered by who, what and when, and the
filtered events as a CSV file (its download is itself an event)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import Field, SelectField, StringField
from wtforms.validators import Optional, ValidationError

from ..auth.views import client_address
from ..db import get_session
from ..forms.staff import at_most, options
from ..services import audit
from ..services.spreadsheet import to_csv
from . import bp

PER_PAGE = 100
DATE_MESSAGE = _l("Please enter a date like 2024-05-31.")


def _a_date(form: FlaskForm, field: Field) -> None:
    try:
        date.fromisoformat(field.data)
    except (TypeError, ValueError):
        raise ValidationError(DATE_MESSAGE) from None


class AuditFilterForm(FlaskForm):
    """A GET form (a page of the log is something to link to), so it carries no CSRF token."""

    class Meta:
        csrf = False

    who = StringField(_l("Who (part of the email)"), validators=[Optional(), at_most(254)])
    action = SelectField(_l("What"), validate_choice=False)
    since = StringField(_l("From (UTC day)"), validators=[Optional(), _a_date], render_kw={"type": "date"})
    until = StringField(_l("To (UTC day)"), validators=[Optional(), _a_date], render_kw={"type": "date"})


def _chosen() -> tuple[AuditFilterForm, audit.EventFilter]:
    form = AuditFilterForm(request.args)
    known = audit.actions(get_session())
    form.action.choices = options([("", _l("Every action"))] + [(a, a) for a in known])
    form.validate()
    good = {
        name: getattr(form, name).data if not getattr(form, name).errors else None
        for name in ("who", "since", "until")
    }
    return form, audit.EventFilter(
        who=(good["who"] or "").strip(),
        action=form.action.data if form.action.data in known else "",
        since=date.fromisoformat(good["since"]) if good["since"] else None,
        until=date.fromisoformat(good["until"]) if good["until"] else None,
    )


def _page() -> int:
    text = request.args.get("page", "1")
    return int(text) if text.isdigit() and 0 < int(text) < 1_000_000 else 1


@bp.get("/audit")
def audit_log() -> Any:
    form, chosen = _chosen()
    page = _page()
    events, total = audit.events(get_session(), chosen, page=page, per_page=PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "admin/audit.html",
        form=form,
        events=events,
        total=total,
        page=min(page, pages),
        pages=pages,
        newer=url_for("admin.audit_log", **args, page=page - 1) if page > 1 else None,
        older=url_for("admin.audit_log", **args, page=page + 1) if page < pages else None,
        csv_url=url_for("admin.audit_csv", **args),
    )


@bp.get("/audit.csv")
def audit_csv() -> Any:
    _form, chosen = _chosen()
    db = get_session()
    body = to_csv(audit.as_table(audit.all_events(db, chosen)))
    audit.record(
        db,
        "audit.export",
        user=current_user,
        target="audit_log",
        ip=client_address(),
        who=chosen.who,
        filter_action=chosen.action,
        since=chosen.since.isoformat() if chosen.since else "",
        until=chosen.until.isoformat() if chosen.until else "",
    )
    db.commit()
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"', "Cache-Control": "no-store"},
    )
