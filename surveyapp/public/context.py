"""Per-request context of a survey link: its channel, form definition and the person's response."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from typing import Any

from flask import abort, current_app, g, make_response, render_template, request, session, url_for
from sqlalchemy import bindparam, select

from ..db import get_session
from ..i18n import content_language
from ..models import Channel, Response, Survey, SurveyVersion, utcnow
from ..services.drafts import Draft, new_draft
from ..services.drafts import find as find_response
from ..services.surveys import definition_by_key, version_key
from ..survey.context import rules_context
from ..survey.definition import FormDefinition
from ..survey.repeats import expand

# The same survey pages serve three ways in, one blueprint each: a public link (`/s/`), a kiosk
# tablet unlocked by a liaison (`/k/`), and a liaison entering a paper survey (`/e/`).
MODE_OF_FLOW = {"public": "link", "kiosk": "kiosk", "assisted": "assisted"}


def flow_url(endpoint: str, **values: object) -> str:
    """A URL of the same flow as this request (a kiosk page links to kiosk pages)."""
    return url_for(f"{request.blueprint}.{endpoint}", **values)


@dataclass(frozen=True)
class LinkChannel:
    """The columns of a channel that the survey pages use, read without building an ORM object."""

    id: int
    token: str
    survey_id: int
    partner_id: int
    mode: str
    default_language: str | None
    is_open: bool
    expires_at: datetime | None

    def accepts_answers(self, now: datetime) -> bool:
        """The rule of Channel.accepts_answers, applied to these columns."""
        return Channel.accepts_answers(self, now)  # type: ignore[arg-type]


@dataclass(frozen=True)
class LinkVersion:
    """The channel's survey's current version: its id and creation time (the cache key)."""

    id: int
    created_at: datetime


@dataclass
class Link:
    channel: LinkChannel
    version: LinkVersion
    definition: FormDefinition
    # Assisted entry: the staff member transcribing a paper survey.
    entered_by_id: int | None = None
    # A survey with repeats: the number of instances of each that `definition` is expanded for.
    shape: tuple[tuple[str, int], ...] = ()

    @property
    def flow(self) -> str:
        return str(request.blueprint)

    @property
    def token(self) -> str:
        return self.channel.token

    @property
    def version_key(self) -> tuple[Any, ...]:
        return (*version_key(self.version), *self.shape)

    def answered(self, stored: Mapping[str, str | None]) -> Link:
        """This link with the definition these answers make (each repeat instance's pages);
        the same link for a survey without repeats."""
        if not self.definition.repeats:
            return self
        definition = expand(self.definition, stored)
        return replace(self, definition=definition, shape=tuple(sorted(definition.instance_counts.items())))

    @cached_property
    def lang(self) -> str:
        return content_language()


_channels = Channel.__table__.c
_surveys = Survey.__table__.c
_versions = SurveyVersion.__table__.c
# Every survey page starts here, so it is one plain (Core) statement built once: a channel with its
# survey's current version; no row when either is missing.
_LINK_QUERY = (
    select(
        _channels.id,
        _channels.token,
        _channels.survey_id,
        _channels.partner_id,
        _channels.mode,
        _channels.default_language,
        _channels.is_open,
        _channels.expires_at,
        _versions.id.label("version_id"),
        _versions.created_at.label("version_created_at"),
    )
    .select_from(Channel.__table__)
    .join(Survey.__table__, _surveys.id == _channels.survey_id)
    .join(SurveyVersion.__table__, _versions.id == _surveys.current_version_id)
    .where(_channels.token == bindparam("token"))
)


def load_link(token: str) -> Link:
    """The open channel of a token, or a translated 404 / closed page."""
    db = get_session()
    row = db.connection().execute(_LINK_QUERY, {"token": token[:64]}).first()
    if row is None:
        abort(404)
    if MODE_OF_FLOW.get(str(request.blueprint)) != row.mode:
        abort(404)  # a kiosk or assisted channel is not a public link, and the other way round
    channel = LinkChannel(
        row.id,
        row.token,
        row.survey_id,
        row.partner_id,
        row.mode,
        row.default_language,
        row.is_open,
        row.expires_at,
    )
    version = LinkVersion(row.version_id, row.version_created_at)
    definition = definition_by_key(db, version_key(version))
    g.survey_languages = definition.languages
    g.source_language = definition.source_language
    g.channel_default_language = channel.default_language
    if not channel.accepts_answers(utcnow()):
        abort(make_response(render_template("public/closed.html", title=definition.title), 410))
    link = Link(channel, version, definition, entered_by_id=g.get("entered_by_id"))
    g.rules_context = rules_context(definition, link.lang, current_app.config["TIMEZONE"])
    return link


def session_draft(link: Link) -> Draft | None:
    """This browser's hold on its response through this link: the id with the secret it was given
    when it started (or entered the resume code). The secret never leaves the signed session."""
    response_id = session.get("responses", {}).get(link.token)
    held = session.get("draft_keys", {}).get(link.token)
    if not response_id or not isinstance(held, dict) or not held.get("key"):
        return None
    return Draft(str(response_id), str(held["key"]), bool(held.get("stored")))


def start_draft(link: Link) -> Draft:
    """A new response id and secret for this browser (nothing is written until its first save); the
    pages an earlier response of this browser reviewed are forgotten with it."""
    draft = new_draft()
    remember_draft(link, draft)
    return draft


def session_response(link: Link) -> Response | None:
    """The response this browser is answering through this link, with its answers, if stored."""
    draft = session_draft(link)
    if draft is None or not draft.stored:
        return None
    response = find_response(get_session(), draft.id, link.channel.id, draft.key)
    if response is None:
        forget_response(link)
    return response


def remember_draft(link: Link, draft: Draft) -> None:
    """Written only when it changes: a modified session is serialized, compressed and signed again.
    Another response than the one held before forgets the pages that one's review listed."""
    held = {"key": draft.key, "stored": draft.stored}
    if session.get("responses", {}).get(link.token) != draft.id:
        session["responses"] = {**session.get("responses", {}), link.token: draft.id}
        reviewed = dict(session.get("reviewed", {}))
        if reviewed.pop(link.token, None) is not None:
            session["reviewed"] = reviewed
    if session.get("draft_keys", {}).get(link.token) != held:
        session["draft_keys"] = {**session.get("draft_keys", {}), link.token: held}


def forget_response(link: Link) -> None:
    _forget(link.token)


def forget_person(token: str) -> None:
    """A shared tablet or desk: the next person starts with no one else's response or language."""
    _forget(token)
    session.pop("lang", None)


def remember_review(link: Link, pages: list[int]) -> None:
    """The pages a person saw listed on the review page: after a "Change", Next goes back to the
    review past pages already seen (the forms/take.py flow)."""
    reviewed = dict(session.get("reviewed", {}))
    reviewed[link.token] = pages
    session["reviewed"] = reviewed


def reviewed_pages(link: Link) -> frozenset[int] | None:
    """The pages of the review this person reached, None before they reached it."""
    pages = session.get("reviewed", {}).get(link.token)
    return frozenset(pages) if isinstance(pages, list) else None


def _forget(token: str) -> None:
    for name in ("responses", "draft_keys", "reviewed"):
        held = dict(session.get(name, {}))
        held.pop(token, None)
        session[name] = held
