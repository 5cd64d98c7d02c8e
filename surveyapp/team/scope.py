"""The dashboard's filters (survey, dates, partner, language, sample answers), read once from the query.

Every dashboard page calls `current_scope()`; links between pages carry the same query string, so
the filters follow the analyst from page to page. A value that does not parse is answered next to
its field and left out of the scope; the page still renders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort, current_app, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import DateField, Form
from wtforms.fields.core import UnboundField
from wtforms.validators import Optional, ValidationError

from ..db import get_session
from ..forms.staff import Choice, options
from ..i18n import autonym
from ..models import Partner, Survey
from ..services.dashboard import Scope, has_real_answers
from ..services.surveys import definition_of, title_of
from ..survey.definition import FormDefinition

# Dates outside these cannot be a response's day (and could not be turned into a time range).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def _within_range(_form: Form, field: DateField) -> None:
    if field.data and not FIRST_DAY <= field.data <= LAST_DAY:
        raise ValidationError(
            _l(
                "Please enter a date between %(first)s and %(last)s.",
                first=FIRST_DAY.isoformat(),
                last=LAST_DAY.isoformat(),
            )
        )


class FilterForm(Form):
    survey = Choice(_l("Survey"))
    start = DateField(_l("From"), validators=[Optional(), _within_range], render_kw={"autocomplete": "off"})
    end = DateField(_l("To"), validators=[Optional(), _within_range])
    partner = Choice(_l("Partner"))
    language = Choice(_l("Language"))
    question = Choice(_l("Themes of"))
    samples = Choice(_l("Sample answers"))

    def validate_end(self, field: DateField) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date is before the start date."))


# The query-string keys links keep: every field of the filter form, so a filter added to the form
# is carried from page to page without a second list to update. "language", not "lang": `?lang=`
# chooses the interface language everywhere (i18n.select_locale).
FILTER_KEYS = tuple(name for name, value in vars(FilterForm).items() if isinstance(value, UnboundField))


@dataclass
class Filters:
    scope: Scope
    form: FilterForm | None
    definition: FormDefinition
    partners: dict[int, Partner]

    def args(self, **extra: Any) -> dict[str, Any]:
        """The query string that keeps these filters on another dashboard page."""
        data = {key: request.args[key] for key in FILTER_KEYS if request.args.get(key)}
        data.update({k: v for k, v in extra.items() if v not in (None, "")})
        return data

    @property
    def survey(self) -> Survey:
        return self.scope.survey


def current_scope() -> Filters:
    """The filters of this request (two queries: surveys and partners)."""
    db = get_session()
    surveys = list(
        db.scalars(select(Survey).where(Survey.current_version_id.isnot(None)).order_by(Survey.slug))
    )
    if not surveys:
        abort(404)
    partners = {p.id: p for p in db.scalars(select(Partner).order_by(Partner.name))}
    form = FilterForm(request.args)
    form.survey.choices = options((s.slug, title_of(s)) for s in surveys)
    chosen = next((s for s in surveys if s.slug == request.args.get("survey")), surveys[0])
    definition = definition_of(chosen.current_version)
    form.partner.choices = options(
        [("", _l("All partners"))] + [(str(p.id), p.name) for p in partners.values()]
    )
    form.language.choices = options(
        [("", _l("All languages"))] + [(code, autonym(code)) for code in definition.languages]
    )
    form.question.choices = options(
        [("", _l("Every free-text question and focus-group notes"))]
        + [(q.name, q.label.get(str(get_locale()))) for q in definition.analysis_questions]
    )
    form.samples.choices = options([("exclude", _l("Left out")), ("include", _l("Counted"))])
    for name in ("survey", "partner", "language", "question"):
        if not request.args.get(name):
            getattr(form, name).data = chosen.slug if name == "survey" else ""
    if request.args.get("samples") not in ("include", "exclude"):
        # The demo's sample answers count until real ones exist; then they are left out by default.
        form.samples.data = "exclude" if has_real_answers(db, chosen) else "include"
    form.validate()
    good = {
        name: getattr(form, name).data if not getattr(form, name).errors else None
        for name in ("start", "end", "partner", "language", "question")
    }
    if form.end.errors:
        good["start"] = good["end"] = None
    scope = Scope(
        survey=chosen,
        timezone=current_app.config["TIMEZONE"],
        start=good["start"],
        end=good["end"],
        partner_id=int(good["partner"]) if good["partner"] else None,
        language=good["language"] or None,
        question=good["question"] or None,
        min_count=current_app.config["SMALL_CELL_MIN"],
        samples=form.samples.data != "exclude",
    )
    return Filters(scope, form, definition, partners)
