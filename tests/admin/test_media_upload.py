"""An admin uploads a workbook with the media it shows: a missing file is listed with its place, the
preview shows the media, and each file downloads again beside the workbook."""

from __future__ import annotations

import io
import re

from ..fixtures.staff import csrf_of
from ..public.test_media import FILES, media_form


def _upload(admin, path, files):  # type: ignore[no-untyped-def]
    page = admin.get("/admin/")
    return admin.post(
        "/admin/surveys/upload",
        data={
            "csrf_token": csrf_of(page),
            "file": (io.BytesIO(path.read_bytes()), "media.xlsx"),
            "attachments": [(io.BytesIO(data), name) for name, data in files.items()],
        },
        content_type="multipart/form-data",
    )


def test_an_admin_uploads_media_previews_them_and_downloads_them(demo, sign_in, xlsform):
    admin = sign_in("admin@demo.test")
    form = media_form(xlsform)
    missing = _upload(admin, form, {k: v for k, v in FILES.items() if k != "moo.wav"})
    assert missing.status_code == 422
    html = missing.get_data(as_text=True)
    assert "moo.wav is not attached; attach it beside the workbook." in html
    assert "audio::English (en)" in html
    page = _upload(admin, form, FILES)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "and published it" in html
    version_id = re.search(r'href="/admin/preview/(\d+)"', html)[1]  # type: ignore[index]
    assert 'href="/admin/surveys/media/files/moo.wav"' in html
    preview = admin.get(f"/admin/preview/{version_id}", follow_redirects=True)
    shown = preview.get_data(as_text=True)
    image = re.search(r'<img src="(/media/[0-9a-f]{32}/cow.png)" alt="Is this a cow\?"', shown)
    assert image
    assert '<audio controls preload="none" src="/media/' in shown
    assert admin.get(image[1]).data == FILES["cow.png"]
    download = admin.get("/admin/surveys/media/files/moo.wav")
    assert download.status_code == 200
    assert download.data == FILES["moo.wav"]
    assert download.mimetype == "audio/wav"
    assert download.headers["Content-Disposition"] == 'attachment; filename="moo.wav"'
