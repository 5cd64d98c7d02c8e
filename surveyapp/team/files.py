"""A response's files (image, audio, video, file answers), downloaded by admins and analysts.

Always as an attachment with `X-Content-Type-Options: nosniff` and the type read from the bytes when
they arrived, so a file is never shown inline as a page of this site; every download is in the
audit log.
"""

from __future__ import annotations

from flask import Response, abort
from flask_login import current_user

from ..auth.views import client_address
from ..db import get_session
from ..services import audit
from ..services.answer_files import file_of
from ..services.drafts import is_response_id
from . import bp


@bp.get("/responses/<response_id>/files/<file_name>")
def download_file(response_id: str, file_name: str) -> Response:
    db = get_session()
    if not is_response_id(response_id) or len(file_name) > 40:
        abort(404)
    stored = file_of(db, response_id, file_name)
    if stored is None:
        abort(404)
    audit.record(
        db,
        "export.file",
        user=current_user._get_current_object(),
        target=f"response:{response_id}",
        file=file_name,
        question=stored.question,
        ip=client_address(),
    )
    db.commit()
    return Response(
        stored.data,
        mimetype=stored.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{stored.file_name}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "no-store",
        },
    )
