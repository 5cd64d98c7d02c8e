"""Surveys and their versions: import is idempotent per version, and a version is never rewritten."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..forms.definition import FormDefinition
from ..models import Survey, SurveyVersion
from .xlsform import XLSFormError, parse_xlsform

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")


@dataclass(frozen=True)
class ImportResult:
    survey: Survey
    version: SurveyVersion
    created: bool


def import_survey(session: Session, path: str | Path, slug: str | None = None) -> ImportResult:
    """Store an XLSForm as the current version of its survey (the form_id is the slug by default).

    Importing the same version again changes nothing; the same version number with other content is
    refused, so that answers always point at the form they answered.
    """
    definition = parse_xlsform(path)
    slug = (slug or definition.get("id_string") or Path(path).stem).strip().lower()
    if not SLUG.match(slug):
        raise XLSFormError([f"survey slug {slug!r}: use lowercase letters, digits, - and _"])
    return store_version(session, slug, definition)


def store_version(session: Session, slug: str, definition: dict[str, Any]) -> ImportResult:
    """Add a version unless an identical one exists; make it current."""
    survey = session.scalar(select(Survey).where(Survey.slug == slug))
    if survey is None:
        survey = Survey(slug=slug)
        session.add(survey)
        session.flush()
    existing = session.scalar(
        select(SurveyVersion).where(
            SurveyVersion.survey_id == survey.id, SurveyVersion.version == definition["version"]
        )
    )
    if existing is not None:
        if existing.definition != definition:
            raise XLSFormError([
                f"version {definition['version']} of {slug!r} was already imported with other "
                "content; change `version` in the settings sheet"
            ])
        return ImportResult(survey, existing, created=False)
    version = SurveyVersion(survey_id=survey.id, version=definition["version"], definition=definition)
    session.add(version)
    session.flush()
    survey.current_version_id = version.id
    session.flush()
    return ImportResult(survey, version, created=True)


def survey_by_slug(session: Session, slug: str) -> Survey | None:
    return session.scalar(select(Survey).where(Survey.slug == slug))


_parsed: dict[tuple[int, str], FormDefinition] = {}


class VersionLike(Protocol):
    """What the per-process caches need of a version: an ORM SurveyVersion or a row of its columns."""

    id: int
    created_at: datetime


def version_key(version: VersionLike) -> tuple[int, str]:
    """Identifies a version for per-process caches; the creation time guards against reused ids."""
    return version.id, version.created_at.isoformat()


def definition_of(version: SurveyVersion) -> FormDefinition:
    """The parsed form of a version, parsed once per process: versions are immutable.

    Keyed by id and creation time, so a test database that reuses an id never sees a stale form.
    """
    key = version_key(version)
    parsed = _parsed.get(key)
    if parsed is None:
        parsed = _remember(key, version.definition)
    return parsed


def definition_by_key(session: Session, key: tuple[int, str]) -> FormDefinition:
    """The parsed form of the version with this key; its JSON is read only when not yet parsed."""
    parsed = _parsed.get(key)
    if parsed is None:
        data = session.scalar(select(SurveyVersion.definition).where(SurveyVersion.id == key[0]))
        if data is None:
            raise LookupError(f"survey version {key[0]} is gone")
        parsed = _remember(key, data)
    return parsed


def _remember(key: tuple[int, str], data: dict[str, Any]) -> FormDefinition:
    if len(_parsed) > 256:
        _parsed.clear()
    parsed = _parsed[key] = FormDefinition.from_json(data)
    return parsed
