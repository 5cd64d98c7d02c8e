"""Partners and channels: the rules that keep them consistent, shared by the admin pages and the CLI."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Channel, Partner, PartnerTarget, Survey, User
from .surveys import definition_of


class ChannelError(ValueError):
    """A channel cannot be saved as asked: field name -> reason."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


@dataclass
class ChannelSpec:
    name: str
    survey_id: int
    partner_id: int
    mode: str = "link"
    token: str = ""
    liaison_id: int | None = None
    place: str = ""
    languages: list[str] = field(default_factory=list)
    default_language: str | None = None
    is_open: bool = True
    expires_on: date | None = None
    idle_seconds: int = 120


def new_token() -> str:
    """Unguessable, short enough for a QR code and to type from a poster."""
    return secrets.token_urlsafe(9)


def save_channel(session: Session, spec: ChannelSpec, channel: Channel | None = None) -> Channel:
    """Create or update a channel after checking every cross-field rule."""
    problems: dict[str, str] = {}
    survey = session.get(Survey, spec.survey_id)
    partner = session.get(Partner, spec.partner_id)
    if survey is None or survey.current_version is None:
        problems["survey_id"] = "unknown survey"
    if partner is None:
        problems["partner_id"] = "unknown partner organization"
    if spec.liaison_id is not None:
        liaison = session.get(User, spec.liaison_id)
        if liaison is None or liaison.role != "liaison" or liaison.partner_id != spec.partner_id:
            problems["liaison_id"] = "the liaison must belong to the channel's partner organization"
    if survey is not None and survey.current_version is not None:
        offered = definition_of(survey.current_version).languages
        missing = [code for code in spec.languages if code not in offered]
        if missing:
            problems["languages"] = f"the survey is not translated into {', '.join(missing)}"
        if spec.default_language and spec.default_language not in offered:
            problems["default_language"] = f"the survey is not translated into {spec.default_language}"
    token = spec.token or (channel.token if channel else new_token())
    clash = session.scalar(select(Channel.id).where(Channel.token == token))
    if clash is not None and (channel is None or clash != channel.id):
        problems["token"] = "this token is used by another channel"  # noqa: S105 - a message
    if problems:
        raise ChannelError(problems)
    if channel is None:
        channel = Channel()
        session.add(channel)
    channel.token = token
    channel.name = spec.name
    channel.survey_id = spec.survey_id
    channel.partner_id = spec.partner_id
    channel.mode = spec.mode
    channel.liaison_id = spec.liaison_id
    channel.place = spec.place
    channel.languages = spec.languages
    channel.default_language = spec.default_language or None
    channel.is_open = spec.is_open
    channel.expires_at = datetime.combine(spec.expires_on, time.max, tzinfo=UTC) if spec.expires_on else None
    channel.idle_seconds = spec.idle_seconds
    session.flush()
    return channel


def set_target(session: Session, partner: Partner, survey_id: int, target: int | None) -> None:
    """A partner's response target for a survey; None removes it."""
    current = next((t for t in partner.targets if t.survey_id == survey_id), None)
    if target is None:
        if current is not None:
            partner.targets.remove(current)
    elif current is None:
        partner.targets.append(PartnerTarget(survey_id=survey_id, target=target))
    else:
        current.target = target
    session.flush()
