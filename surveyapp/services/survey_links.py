"""A public link to a survey for a partner, made from the command line right after publishing it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Channel, Partner, Survey
from .channels import ChannelSpec, save_channel


class LinkError(ValueError):
    """No link can be made as asked (the message says what to do instead)."""


def choose_partner(session: Session, slug: str | None) -> Partner:
    """The partner named by `slug`, or the only one there is."""
    partners = list(session.scalars(select(Partner).order_by(Partner.slug)))
    known = ", ".join(p.slug for p in partners) or "none"
    if slug:
        chosen = next((p for p in partners if p.slug == slug), None)
        if chosen is None:
            raise LinkError(f"no partner organization {slug!r} (known: {known})")
        return chosen
    if len(partners) == 1:
        return partners[0]
    if not partners:
        raise LinkError("there is no partner organization yet; add one at /admin first")
    raise LinkError(f"there are several partner organizations; choose one with --partner ({known})")


def link_channel(session: Session, survey: Survey, partner: Partner) -> tuple[Channel, bool]:
    """An open public link of the partner to the survey: the one there is, else a new one (created?)."""
    existing = session.scalar(
        select(Channel)
        .where(
            Channel.survey_id == survey.id,
            Channel.partner_id == partner.id,
            Channel.mode == "link",
            Channel.is_open.is_(True),
            Channel.expires_at.is_(None),
        )
        .order_by(Channel.id)
    )
    if existing is not None:
        return existing, False
    channel = save_channel(
        session,
        ChannelSpec(name=f"{survey.slug} – {partner.name}", survey_id=survey.id, partner_id=partner.id),
    )
    return channel, True


def public_address(base_url: str, token: str) -> str:
    """The full address a respondent opens: PUBLIC_URL (or the local default) + /s/<token>."""
    return f"{base_url.rstrip('/')}/s/{token}"
