"""A partner organization: its name, short name, kind, languages and its target per survey."""

from __future__ import annotations

import re
from typing import Any

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.staff_events import record_event
from ..db import get_session
from ..forms.staff import PartnerForm, language_list
from ..models import Partner, Survey
from ..services.channels import set_target
from . import bp
from .pages import edited_row, form_page

TARGET = re.compile(r"[0-9]{1,7}")
MAX_TARGET = 1_000_000


def parse_target(raw: str) -> int | None:
    """A target typed as ASCII digits ("²" or "١٢" pass str.isdigit() yet are not numbers here)."""
    if not TARGET.fullmatch(raw) or int(raw) > MAX_TARGET:
        return None
    return int(raw)


@bp.route("/partners/new", methods=["GET", "POST"])
@bp.route("/partners/<int:partner_id>", methods=["GET", "POST"])
def partner(partner_id: int | None = None) -> Any:
    db = get_session()
    existing = edited_row(Partner, partner_id)
    surveys = db.scalars(select(Survey).order_by(Survey.slug)).all()
    form = PartnerForm(obj=existing)
    if existing is not None and request.method == "GET":
        form.languages.data = " ".join(existing.languages)
    target_errors: dict[int, str] = {}
    targets: dict[int, str] = (
        {s.id: request.form.get(f"target-{s.id}", "").strip() for s in surveys}
        if request.method == "POST"
        else {s.id: str(existing.target_for(s.id) or "") if existing else "" for s in surveys}
    )
    for survey_id, raw in targets.items():
        if raw and parse_target(raw) is None:
            target_errors[survey_id] = _("Enter a whole number of responses, or leave it empty.")
    if form.validate_on_submit() and not target_errors:
        clash = db.scalar(select(Partner.id).where(Partner.slug == form.slug.data))
        if clash is not None and (existing is None or clash != existing.id):
            form.slug.errors = [_("Another partner organization uses this short name.")]
        else:
            partner = existing or Partner()
            if existing is None:
                db.add(partner)
            partner.name = form.name.data or ""
            partner.slug = form.slug.data or ""
            partner.kind = form.kind.data or "other"
            partner.languages = language_list(form.languages.data)
            db.flush()
            for survey_id, raw in targets.items():
                set_target(db, partner, survey_id, parse_target(raw) if raw else None)
            record_event("partner.save", target=f"partner:{partner.slug}")
            db.commit()
            flash(_("Saved."))
            return redirect(url_for("admin.index"))
    return form_page(
        "admin/partner.html",
        form=form,
        partner=existing,
        surveys=surveys,
        targets=targets,
        target_errors=target_errors,
    )
