"""Admin pages. Views parse forms and call services; the services hold the rules."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.views import client_address
from ..db import get_session
from ..forms.staff import (
    AccountForm,
    ChannelForm,
    PartnerForm,
    PlainForm,
    UploadForm,
    UserForm,
    language_list,
    options,
)
from ..models import Channel, Partner, Signup, Survey, SurveyVersion, User
from ..services import audit, form_media, outbox, staff_sessions, two_factor
from ..services.attached_choices import attachment_files
from ..services.attachments import DATA_TYPES, MEDIA_TYPES, uploaded_files
from ..services.channels import ChannelError, ChannelSpec, save_channel, set_target
from ..services.groups import delete_person
from ..services.surveys import (
    PublishError,
    import_survey,
    pending_versions,
    publish_version,
    survey_by_slug,
)
from ..services.users import (
    AccountError,
    create_user,
    generate_password,
    reset_password,
    set_active,
    update_account,
)
from ..services.xlsform import XLSFormError, to_xlsx
from ..services.xlsform_report import Finding
from . import bp

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TARGET = re.compile(r"[0-9]{1,7}")
MAX_TARGET = 1_000_000


def parse_target(raw: str) -> int | None:
    """A target typed as ASCII digits ("²" or "١٢" pass str.isdigit() yet are not numbers here)."""
    if not TARGET.fullmatch(raw) or int(raw) > MAX_TARGET:
        return None
    return int(raw)


def _actor() -> Any:
    return current_user._get_current_object()


def _log(action: str, target: str = "", **detail: Any) -> None:
    audit.record(get_session(), action, user=_actor(), target=target, ip=client_address(), **detail)


@bp.get("/")
def index() -> Any:
    db = get_session()
    return render_template(
        "admin/index.html",
        surveys=db.scalars(select(Survey).order_by(Survey.slug)).all(),
        partners=db.scalars(select(Partner).order_by(Partner.name)).all(),
        channels=db.scalars(select(Channel).order_by(Channel.name)).all(),
        users=db.scalars(select(User).order_by(User.email)).all(),
        upload=UploadForm(),
        pending=pending_versions(db),
        survey_slugs={s.id: s.slug for s in db.scalars(select(Survey))},
    )


@bp.route("/partners/new", methods=["GET", "POST"])
@bp.route("/partners/<int:partner_id>", methods=["GET", "POST"])
def partner(partner_id: int | None = None) -> Any:
    db = get_session()
    existing = db.get(Partner, partner_id) if partner_id is not None else None
    if partner_id is not None and existing is None:
        abort(404)
    surveys = db.scalars(select(Survey).order_by(Survey.slug)).all()
    form = PartnerForm(obj=existing)
    if existing is not None and request.method == "GET":
        form.languages.data = " ".join(existing.languages)
    target_errors: dict[int, str] = {}
    targets: dict[int, str] = (
        {s.id: request.form.get(f"target-{s.id}", "").strip() for s in surveys}
        if request.method == "POST"
        else {s.id: str(existing.target_for(s.id) or "") if existing else "" for s in surveys}
    )
    for survey_id, raw in targets.items():
        if raw and parse_target(raw) is None:
            target_errors[survey_id] = _("Enter a whole number of responses, or leave it empty.")
    if form.validate_on_submit() and not target_errors:
        clash = db.scalar(select(Partner.id).where(Partner.slug == form.slug.data))
        if clash is not None and (existing is None or clash != existing.id):
            form.slug.errors = [_("Another partner organization uses this short name.")]
        else:
            partner = existing or Partner()
            if existing is None:
                db.add(partner)
            partner.name = form.name.data or ""
            partner.slug = form.slug.data or ""
            partner.kind = form.kind.data or "other"
            partner.languages = language_list(form.languages.data)
            db.flush()
            for survey_id, raw in targets.items():
                set_target(db, partner, survey_id, parse_target(raw) if raw else None)
            _log("partner.save", target=f"partner:{partner.slug}")
            db.commit()
            flash(_("Saved."))
            return redirect(url_for("admin.index"))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "admin/partner.html",
        form=form,
        partner=existing,
        surveys=surveys,
        targets=targets,
        target_errors=target_errors,
    ), status


def _channel_choices(form: ChannelForm) -> None:
    db = get_session()
    form.survey_id.choices = options((s.id, s.slug) for s in db.scalars(select(Survey).order_by(Survey.slug)))
    form.partner_id.choices = options(
        (p.id, p.name) for p in db.scalars(select(Partner).order_by(Partner.name))
    )
    liaisons = db.scalars(select(User).where(User.role == "liaison").order_by(User.email))
    form.liaison_id.choices = options(
        [(0, "—")] + [(u.id, f"{u.email} ({u.partner.name})") for u in liaisons]
    )


@bp.route("/channels/new", methods=["GET", "POST"])
@bp.route("/channels/<int:channel_id>", methods=["GET", "POST"])
def channel(channel_id: int | None = None) -> Any:
    db = get_session()
    existing = db.get(Channel, channel_id) if channel_id is not None else None
    if channel_id is not None and existing is None:
        abort(404)
    form = ChannelForm(obj=existing)
    _channel_choices(form)
    if existing is not None and request.method == "GET":
        form.languages.data = " ".join(existing.languages)
        form.liaison_id.data = existing.liaison_id or 0
        form.expires_on.data = existing.expires_at.date() if existing.expires_at else None
    if form.validate_on_submit():
        spec = ChannelSpec(
            name=form.name.data or "",
            survey_id=form.survey_id.data,
            partner_id=form.partner_id.data,
            mode=form.mode.data,
            token=form.token.data or "",
            liaison_id=form.liaison_id.data or None,
            place=form.place.data or "",
            languages=language_list(form.languages.data),
            default_language=form.default_language.data or None,
            is_open=form.is_open.data,
            expires_on=form.expires_on.data,
            idle_seconds=form.idle_seconds.data or 120,
        )
        try:
            saved = save_channel(db, spec, existing)
        except ChannelError as exc:
            db.rollback()
            for name, reason in exc.problems.items():
                getattr(form, name).errors = [reason]
        else:
            _log("channel.save", target=f"channel:{saved.token}")
            db.commit()
            flash(_("Saved."))
            return redirect(url_for("admin.index"))
    status = 422 if request.method == "POST" else 200
    # What a tablet sent and the server refused is kept, never dropped: staff see it here.
    refusals = outbox.refused(db, existing.id) if existing is not None else []
    return render_template("admin/channel.html", form=form, channel=existing, refusals=refusals), status


@bp.route("/users/new", methods=["GET", "POST"])
def new_user() -> Any:
    db = get_session()
    form = UserForm()
    _partner_choices(form)
    if form.validate_on_submit():
        password = form.password.data or generate_password()
        partner = db.get(Partner, form.partner_id.data) if form.partner_id.data else None
        try:
            user = create_user(
                db,
                form.email.data or "",
                form.role.data or "",
                password,
                partner_slug=partner.slug if partner else None,
                name=form.name.data or "",
            )
        except AccountError as exc:
            db.rollback()
            form.email.errors = [str(exc)]
        else:
            _log("user.create", target=f"user:{user.email}", role=user.role)
            db.commit()
            generated = not form.password.data
            return render_template(
                "admin/user_created.html", user=user, password=password if generated else None
            )
    status = 422 if request.method == "POST" else 200
    return render_template("admin/user.html", form=form), status


def _partner_choices(form: AccountForm | UserForm) -> None:
    form.partner_id.choices = options(
        [(0, "—")] + [(p.id, p.name) for p in get_session().scalars(select(Partner).order_by(Partner.name))]
    )


def _account(user_id: int) -> User:
    user = get_session().get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int) -> Any:
    """Name, role and partner; a changed role or partner ends the person's sessions."""
    db = get_session()
    user = _account(user_id)
    form = AccountForm(obj=user)
    _partner_choices(form)
    if request.method == "GET":
        form.partner_id.data = user.partner_id or 0
    if form.validate_on_submit():
        role, partner_id = form.role.data or "", form.partner_id.data or None
        if user.id == _actor().id and role != user.role:
            form.role.errors = [_("You cannot change your own role; ask another administrator.")]
        elif role == "liaison" and partner_id is None:
            form.partner_id.errors = [_("A liaison belongs to a partner organization.")]
        else:
            before = {"role": user.role, "partner_id": user.partner_id}
            update_account(db, user, role=role, partner_id=partner_id, name=form.name.data or "")
            _log(
                "user.update",
                target=f"user:{user.email}",
                before=before,
                after={"role": user.role, "partner_id": user.partner_id},
            )
            db.commit()
            flash(_("Saved."))
            return redirect(url_for("admin.edit_user", user_id=user.id), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("admin/user_edit.html", form=form, user=user, buttons=PlainForm()), status


@bp.post("/users/<int:user_id>/active")
def set_user_active(user_id: int) -> Any:
    """Deactivate (at once: every session ends) or reactivate an account; never one's own."""
    db = get_session()
    user = _account(user_id)
    if not PlainForm().validate():
        abort(400)
    active = request.form.get("active") == "1"
    if user.id == _actor().id:
        flash(_("You cannot deactivate your own account; ask another administrator."))
    else:
        set_active(db, user, active)
        _log("user.activate" if active else "user.deactivate", target=f"user:{user.email}")
        db.commit()
        flash(
            _("The account is active again.")
            if active
            else _("The account is deactivated and signed out everywhere.")
        )
    return redirect(url_for("admin.edit_user", user_id=user.id), code=303)


@bp.post("/users/<int:user_id>/reset-password")
def reset_user_password(user_id: int) -> Any:
    """A temporary password, shown once; the person must replace it when they next sign in."""
    db = get_session()
    user = _account(user_id)
    if not PlainForm().validate():
        abort(400)
    password = reset_password(db, user)
    _log("user.reset_password", target=f"user:{user.email}")
    db.commit()
    return render_template("admin/password_reset.html", user=user, password=password)


@bp.post("/users/<int:user_id>/reset-two-factor")
def reset_user_two_factor(user_id: int) -> Any:
    """A lost phone: two-factor sign-in off (to be set up again), every session ended."""
    db = get_session()
    user = _account(user_id)
    if not PlainForm().validate():
        abort(400)
    two_factor.disable(db, user)
    staff_sessions.revoke_all(db, user.id)
    _log("user.reset_two_factor", target=f"user:{user.email}")
    db.commit()
    flash(
        _(
            "Two-factor sign-in was turned off for this account; it is set up again at the next "
            "sign-in where it is required."
        )
    )
    return redirect(url_for("admin.edit_user", user_id=user.id), code=303)


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
    _log(
        "survey.import",
        target=target,
        version=result.version.version,
        created=result.created,
        warnings=len(result.warnings),
    )
    if result.published_now:
        _log("survey.publish", target=target, version=result.version.version)
    db.commit()
    return render_template(
        "admin/survey_version.html",
        version=result.version,
        survey=result.survey,
        warnings=result.warnings,
        uploaded=result,
        buttons=PlainForm(),
    )


def _version(version_id: int) -> SurveyVersion:
    version = get_session().get(SurveyVersion, version_id)
    if version is None:
        abort(404)
    return version


@bp.get("/surveys/versions/<int:version_id>")
def survey_version(version_id: int) -> Any:
    """A version: published or waiting, its preview, and the button that publishes it."""
    version = _version(version_id)
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
    version = _version(version_id)
    if not PlainForm().validate():
        abort(400)
    try:
        survey = publish_version(db, version)
    except PublishError as exc:
        db.rollback()
        flash(str(exc))
    else:
        _log("survey.publish", target=f"survey:{survey.slug}", version=version.version)
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
    _log("survey.export", target=f"survey:{survey.slug}", version=survey.current_version.version, file=name)
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
    _log("survey.export", target=f"survey:{survey.slug}", version=version.version)
    get_session().commit()
    filename = f"{survey.slug}-{version.version}.xlsx"
    return Response(
        data, mimetype=XLSX_TYPE, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@bp.post("/signups/<int:signup_id>/delete")
def delete_signup(signup_id: int) -> Any:
    """A person asked to be deleted: their sign-up and contact details go, with an audit event."""
    db = get_session()
    signup = db.get(Signup, signup_id)
    if signup is None:
        abort(404)
    group_id = signup.group_id
    if PlainForm().validate():
        delete_person(db, signup)
        _log("signup.delete", target=f"focus_group:{group_id}")
        db.commit()
        flash(_("The sign-up and its details were deleted."))
    return redirect(url_for("team_groups.roster", group_id=group_id), code=303)
