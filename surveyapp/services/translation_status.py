"""Translation completeness per language: interface strings and each survey's content."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..i18n import INTERFACE_LANGUAGES, autonym, interface_completeness
from ..models import Survey
from .surveys import definition_of


def completeness(session: Session, translations_dir: str) -> dict[str, dict[str, float | None]]:
    """{language: {"interface": share, "<survey slug>": share or None when not offered}}."""
    interface = interface_completeness(translations_dir)
    surveys = [s for s in session.scalars(select(Survey).order_by(Survey.slug)) if s.current_version]
    per_survey = {s.slug: definition_of(s.current_version).completeness() for s in surveys}
    languages = list(INTERFACE_LANGUAGES)
    for shares in per_survey.values():
        languages.extend(code for code in shares if code not in languages)
    return {
        code: {
            "interface": interface.get(code),
            **{slug: shares.get(code) for slug, shares in per_survey.items()},
        }
        for code in languages
    }


def status_table(session: Session, translations_dir: str) -> str:
    """A plain-text table for the command line."""
    data = completeness(session, translations_dir)
    columns = ["interface", *sorted({k for row in data.values() for k in row} - {"interface"})]
    lines = ["language".ljust(24) + "".join(c[:14].rjust(16) for c in columns)]
    for code, row in data.items():
        cells = "".join(("—" if row.get(c) is None else f"{row[c]:.0%}").rjust(16) for c in columns)
        lines.append(f"{code} {autonym(code)}"[:23].ljust(24) + cells)
    return "\n".join(lines)
