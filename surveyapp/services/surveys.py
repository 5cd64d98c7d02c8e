"""Surveys and their versions: import is idempotent per version, and a version is never rewritten.

A version is published (becomes the survey's current version, the one respondents get) on import, or,
when its upload had warnings, once an admin has looked at them and confirmed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..i18n import content_language
from ..models import Survey, SurveyVersion, utcnow
from ..survey.definition import FormDefinition
from . import form_media
from .xlsform import problem, read_xlsform
from .xlsform_report import Finding

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")


@dataclass(frozen=True)
class ImportResult:
    survey: Survey
    version: SurveyVersion
    created: bool
    # Columns and settings of the workbook that the app leaves out (see xlsform_support).
    warnings: list[Finding] = field(default_factory=list)
    # This import made the version current (a new version, or a waiting one imported again).
    published_now: bool = False

    @property
    def published(self) -> bool:
        return self.survey.current_version_id == self.version.id


def import_survey(
    session: Session,
    path: str | Path,
    slug: str | None = None,
    *,
    publish: bool = True,
    hold_if_warnings: bool = False,
    attachments: dict[str, bytes] | None = None,
) -> ImportResult:
    """Store an XLSForm as a version of its survey (the form_id is the slug by default); with
    `publish`, it becomes the current version, the one respondents are served; with
    `hold_if_warnings`, only if the workbook has no warnings (else it waits for publish_version).

    Importing the same version again changes nothing (but publishes it if asked); the same version
    number with other content is refused, so that answers always point at the form they answered.
    `attachments` are the files uploaded beside the workbook ({file name: content}).
    """
    parsed = read_xlsform(path, attachments=attachments)
    definition = parsed.definition
    slug = (slug or definition.get("id_string") or Path(path).stem).strip().lower()
    if not SLUG.match(slug):
        raise problem(
            _l(
                "The survey's short name %(slug)s may hold only lowercase letters, digits, "
                "- and _ (set form_id in the settings sheet).",
                slug=slug,
            )
        )
    publish = publish and not (hold_if_warnings and parsed.warnings)
    result = store_version(session, slug, definition, publish=publish, attachments=attachments or {})
    return ImportResult(result.survey, result.version, result.created, parsed.warnings, result.published_now)


def store_version(
    session: Session,
    slug: str,
    definition: dict[str, Any],
    *,
    publish: bool = True,
    attachments: Mapping[str, bytes] | None = None,
) -> ImportResult:
    """Add a version unless an identical one exists; publish it if asked. The media files the
    definition shows are kept with a new version, from `attachments`."""
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
        # Compared as forms, not as JSON: a version stored before a newer importer added keys with
        # their defaults (metadata, required_when, ...) is the same form imported again.
        if FormDefinition.from_json(existing.definition) != FormDefinition.from_json(definition):
            raise problem(
                _l(
                    "Version %(version)s of %(slug)s was already imported with other content; "
                    "change version in the settings sheet.",
                    version=definition["version"],
                    slug=slug,
                )
            )
        if publish and existing.published_at is None:
            publish_version(session, existing)
            return ImportResult(survey, existing, created=False, published_now=True)
        return ImportResult(survey, existing, created=False)
    version = SurveyVersion(survey_id=survey.id, version=definition["version"], definition=definition)
    session.add(version)
    session.flush()
    form_media.store(session, version, attachments or {})
    if publish:
        publish_version(session, version)
    return ImportResult(survey, version, created=True, published_now=publish)


class PublishError(ValueError):
    """A version that cannot be published as asked."""


def publish_version(session: Session, version: SurveyVersion) -> Survey:
    """Make a waiting version its survey's current one: from now on links and channels serve it.

    Only a version that has never been published can be: an older, replaced version stays replaced.
    """
    if version.published_at is not None:
        raise PublishError(str(_l("This version was already published.")))
    survey = session.get(Survey, version.survey_id)
    if survey is None:
        raise PublishError(str(_l("This version's survey is gone.")))
    version.published_at = utcnow()
    survey.current_version_id = version.id
    session.flush()
    return survey


def pending_versions(session: Session) -> list[SurveyVersion]:
    """Versions uploaded with warnings that no admin has published yet, newest first."""
    return list(
        session.scalars(
            select(SurveyVersion)
            .where(SurveyVersion.published_at.is_(None))
            .order_by(SurveyVersion.id.desc())
        )
    )


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


def title_of(survey: Survey, lang: str | None = None) -> str:
    """A survey as people know it: its title in the reader's language (the source language's as
    fallback), not its id; the id only for a survey without a version yet."""
    if survey.current_version is None:
        return survey.slug
    return definition_of(survey.current_version).title.get(lang or content_language()) or survey.slug


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
