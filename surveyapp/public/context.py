"""Per-request context of a survey link: its channel, form definition and the person's response."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, g, make_response, render_template, request, session, url_for
from flask_babel import get_locale
from sqlalchemy import select

from ..db import get_session
from ..forms.definition import FormDefinition
from ..models import Channel, Response, SurveyVersion, utcnow
from ..services.surveys import definition_of, version_key

# The same survey pages serve three ways in, one blueprint each: a public link (`/s/`), a kiosk
# tablet unlocked by a liaison (`/k/`), and a liaison entering a paper survey (`/e/`).
MODE_OF_FLOW = {"public": "link", "kiosk": "kiosk", "assisted": "assisted"}


def flow_url(endpoint: str, **values: object) -> str:
    """A URL of the same flow as this request (a kiosk page links to kiosk pages)."""
    return url_for(f"{request.blueprint}.{endpoint}", **values)


@dataclass
class Link:
    channel: Channel
    version: SurveyVersion
    definition: FormDefinition
    # Assisted entry: the staff member transcribing a paper survey.
    entered_by_id: int | None = None

    @property
    def flow(self) -> str:
        return str(request.blueprint)

    @property
    def token(self) -> str:
        return self.channel.token

    @property
    def version_key(self) -> tuple[int, str]:
        return version_key(self.version)

    @property
    def lang(self) -> str:
        return str(get_locale())


def load_link(token: str) -> Link:
    """The open channel of a token, or a translated 404 / closed page."""
    channel = get_session().scalar(select(Channel).where(Channel.token == token[:64]))
    if channel is None or channel.survey.current_version is None:
        abort(404)
    if MODE_OF_FLOW.get(str(request.blueprint)) != channel.mode:
        abort(404)  # a kiosk or assisted channel is not a public link, and the other way round
    version = channel.survey.current_version
    definition = definition_of(version)
    g.survey_languages = definition.languages
    g.source_language = definition.source_language
    g.channel_default_language = channel.default_language
    if not channel.accepts_answers(utcnow()):
        abort(make_response(render_template("public/closed.html", title=definition.title), 410))
    return Link(channel, version, definition, entered_by_id=g.get("entered_by_id"))


def session_response(link: Link) -> Response | None:
    """The response this browser is answering through this link, if any."""
    response_id = session.get("responses", {}).get(link.token)
    if not response_id:
        return None
    response = get_session().get(Response, response_id)
    if response is None or response.channel_id != link.channel.id:
        forget_response(link)
        return None
    return response


def remember_response(link: Link, response_id: str) -> None:
    responses = dict(session.get("responses", {}))
    responses[link.token] = response_id
    session["responses"] = responses


def forget_response(link: Link) -> None:
    _forget(link.token)


def forget_person(token: str) -> None:
    """A shared tablet or desk: the next person starts with no one else's response or language."""
    _forget(token)
    session.pop("lang", None)


def _forget(token: str) -> None:
    responses = dict(session.get("responses", {}))
    responses.pop(token, None)
    session["responses"] = responses
