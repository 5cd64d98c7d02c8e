"""Surveys: upload a workbook, read a version and its warnings, publish it, and download the current
version's workbook or its data and media files."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..auth.staff_events import record_event
from ..db import get_session
from ..forms.staff import PlainForm, UploadForm
from ..models import Survey, SurveyVersion
from ..services import form_media
from ..services.attached_choices import attachment_files
from ..services.attachments import DATA_TYPES, MEDIA_TYPES, uploaded_files
from ..services.surveys import PublishError, import_survey, publish_version, survey_by_slug
from ..services.xlsform import XLSFormError, to_xlsx
from ..services.xlsform_report import Finding
from . import bp
from .pages import button_posted, row_or_404

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.post("/surveys/upload")
def upload_survey() -> Any:
    """Import a workbook. Without warnings it is published at once; with warnings it waits for an
    admin who has read them to press "Publish this version"."""
    db = get_session()
    form = UploadForm()
    if not form.validate_on_submit():
        problems = [Finding("", None, "", e) for errors in form.errors.values() for e in errors]
        return render_template("admin/upload_errors.html", problems=problems), 422
    upload = form.file.data
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (Path(upload.filename or "form.xlsx").name or "form.xlsx")
        upload.save(path)
        try:
            files = uploaded_files(form.attachments.data)
            result = import_survey(db, path, hold_if_warnings=True, attachments=files)
        except XLSFormError as exc:
            db.rollback()
            return render_template("admin/upload_errors.html", problems=exc.problems), 422
    target = f"survey:{result.survey.slug}"
    record_event(
        "survey.import",
        target=target,
        version=result.version.version,
        created=result.created,
        warnings=len(result.warnings),
    )
    if result.published_now:
        record_event("survey.publish", target=target, version=result.version.version)
    db.commit()
    return render_template(
        "admin/survey_version.html",
        version=result.version,
        survey=result.survey,
        warnings=result.warnings,
        uploaded=result,
        buttons=PlainForm(),
    )


@bp.get("/surveys/versions/<int:version_id>")
def survey_version(version_id: int) -> Any:
    """A version: published or waiting, its preview, and the button that publishes it."""
    version = row_or_404(SurveyVersion, version_id)
    survey = get_session().get(Survey, version.survey_id)
    return render_template(
        "admin/survey_version.html",
        version=version,
        survey=survey,
        warnings=None,
        uploaded=None,
        buttons=PlainForm(),
    )


@bp.post("/surveys/versions/<int:version_id>/publish")
def publish_survey_version(version_id: int) -> Any:
    """The admin has read the warnings: the version becomes current, links serve it from now on."""
    db = get_session()
    version = row_or_404(SurveyVersion, version_id)
    button_posted()
    try:
        survey = publish_version(db, version)
    except PublishError as exc:
        db.rollback()
        flash(str(exc))
    else:
        record_event("survey.publish", target=f"survey:{survey.slug}", version=version.version)
        db.commit()
        flash(
            _(
                "Version %(version)s of %(slug)s is published: its links now serve it.",
                version=version.version,
                slug=survey.slug,
            )
        )
    return redirect(url_for("admin.survey_version", version_id=version.id), code=303)


@bp.get("/surveys/<slug>/files/<name>")
def download_survey_file(slug: str, name: str) -> Any:
    """A data file the current version reads, written back from what it stored, or a media file it
    shows, as uploaded: to upload again beside the workbook."""
    survey = survey_by_slug(get_session(), slug[:80])
    if survey is None or survey.current_version is None:
        abort(404)
    data = attachment_files(survey.current_version.definition).get(name)
    if data is None:
        data = form_media.files_of(get_session(), survey.current_version).get(name)
    if data is None:
        abort(404)
    record_event(
        "survey.export", target=f"survey:{survey.slug}", version=survey.current_version.version, file=name
    )
    get_session().commit()
    kind = DATA_TYPES.get(Path(name).suffix.lower()) or MEDIA_TYPES.get(Path(name).suffix.lower())
    return Response(
        data,
        mimetype=kind or "application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@bp.get("/surveys/<slug>/xlsform")
def download_survey(slug: str) -> Any:
    """The current version as an XLSForm workbook, to edit and upload again."""
    survey = survey_by_slug(get_session(), slug[:80])
    if survey is None or survey.current_version is None:
        abort(404)
    version = survey.current_version
    data = to_xlsx(version.definition, survey.slug)
    record_event("survey.export", target=f"survey:{survey.slug}", version=version.version)
    get_session().commit()
    filename = f"{survey.slug}-{version.version}.xlsx"
    return Response(
        data, mimetype=XLSX_TYPE, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
