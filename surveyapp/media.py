"""The media a survey shows (services.form_media), served to anyone who has the page that shows them.

A file's address holds 128 bits of its SHA-256, so it cannot be guessed from a version or a name, and
a new content is a new address: a browser keeps a file for a year without asking again (ETag for the
rare revalidation). Only image, audio and video types are stored, each served with the type its
bytes showed on upload, inline, never sniffed; the route sits outside the survey blueprints so that
a kiosk tablet, a preview and a public link load the same file.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, abort, send_file, url_for

from .db import get_session
from .services import form_media

bp = Blueprint("media", __name__)
# A year: the address changes with the content.
MAX_AGE = 365 * 24 * 3600


@bp.get("/media/<digest>/<name>")
def media_file(digest: str, name: str) -> Any:
    """A stored media file (Range requests answered, as audio and video players ask)."""
    found = form_media.find(get_session(), digest[:64], name[:100])
    if found is None:
        abort(404)
    response = send_file(
        io.BytesIO(found.data),
        mimetype=found.content_type,
        etag=found.sha256,
        conditional=True,
        max_age=MAX_AGE,
        download_name=found.name,
        last_modified=None,
    )
    # Names are plain (services.attachments.SAFE_NAME): letters, digits, spaces, . - _
    response.headers["Content-Disposition"] = f'inline; filename="{found.name}"'
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response


def media_src(file: Any) -> str:
    """The template function: the address of a MediaFile (survey.definition)."""
    return url_for("media.media_file", digest=file.sha256[: form_media.DIGEST_LENGTH], name=file.name)
