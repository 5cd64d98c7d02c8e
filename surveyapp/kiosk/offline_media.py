"""The media a kiosk tablet keeps for its offline page (static/kiosk-sw.js): every image, audio and
video file of the survey's current version, in every language, since the page switches language
without the network. The addresses are the ones the pages load (surveyapp/media.py), so the worker
keeps nothing but this version's files; a new version lists new addresses and the worker deletes
the files no longer listed."""

from __future__ import annotations

from ..media import media_src
from ..survey.definition import FormDefinition


def kept_media(definition: FormDefinition) -> list[str]:
    """The addresses of the files the tablet keeps, in name order."""
    return [media_src(definition.media[name]) for name in sorted(definition.media)]
