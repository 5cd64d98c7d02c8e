"""Focus-group pages for facilitators and scribes."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, abort, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.views import client_address
from ..db import get_session
from ..forms.plain_text import UNSTORABLE, has_control_characters
from ..forms.staff import GroupForm, PlainForm, options
from ..groups import provision_label
from ..i18n import INTERFACE_LANGUAGES, autonym
from ..models import PROVISIONS, FocusGroup, GroupNote, Partner, Signup, User, utcnow
from ..models.groups import TEXT_LIMITS
from ..services import audit, group_files
from ..services import groups as service
from ..services.channels import new_token
from ..services.phones import shown_phone
from ..services.posters import public_url, qr_file, qr_svg
from ..services.spreadsheet import to_csv, to_xlsx
from . import groups_bp as bp

NOTE_MAX = 20_000


def _mine(group: FocusGroup) -> bool:
    return current_user.role == "admin" or current_user.id in (group.facilitator_id, group.scribe_id)


def _group(group_id: int) -> FocusGroup:
    group = get_session().get(FocusGroup, group_id)
    if group is None:
        abort(404)
    if not _mine(group):
        abort(403)
    return group


def _signups(group: FocusGroup) -> list[Signup]:
    return list(
        get_session().scalars(
            select(Signup).where(Signup.group_id == group.id).order_by(Signup.status, Signup.name)
        )
    )


def _log(action: str, group: FocusGroup, **detail: Any) -> None:
    audit.record(
        get_session(),
        action,
        user=current_user._get_current_object(),
        target=f"focus_group:{group.id}",
        ip=client_address(),
        **detail,
    )


@bp.get("/")
def index() -> Any:
    db = get_session()
    query = select(FocusGroup).order_by(FocusGroup.starts_at.desc())
    groups = [g for g in db.scalars(query) if _mine(g)]
    return render_template("team/groups.html", groups=groups, now=utcnow())


@bp.get("/<int:group_id>/roster")
def roster(group_id: int) -> Any:
    group = _group(group_id)
    signups = _signups(group)
    _log("view.personal", group, page="roster", people=len(signups))
    get_session().commit()
    return render_template(
        "team/roster.html",
        group=group,
        signups=signups,
        needs=service.needs_summary(signups),
        form=PlainForm(),
        phone=lambda number: shown_phone(number, service.phone_region()),
    )


@bp.post("/<int:group_id>/roster/<int:signup_id>/check-in")
def check_in(group_id: int, signup_id: int) -> Any:
    group = _group(group_id)
    db = get_session()
    signup = db.get(Signup, signup_id)
    if signup is None or signup.group_id != group.id:
        abort(404)
    if PlainForm().validate():
        signup.checked_in_at = None if signup.checked_in_at else utcnow()
        db.commit()
    return redirect(url_for("team_groups.roster", group_id=group.id) + f"#signup-{signup.id}", code=303)


@bp.get("/<int:group_id>/roster.<any(csv, xlsx):fmt>")
def roster_export(group_id: int, fmt: str) -> Any:
    group = _group(group_id)
    table = group_files.roster_table(_signups(group))
    _log("export.roster", group, format=fmt, rows=len(table.rows))
    get_session().commit()
    data = to_csv(table) if fmt == "csv" else to_xlsx(table, sheet="roster")
    mimetype = (
        "text/csv" if fmt == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return Response(
        data,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="roster-{group.id}.{fmt}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/<int:group_id>/notes", methods=["GET", "POST"])
def notes(group_id: int) -> Any:
    """The scribe's notes per prompt, with their language; no names (the page says so)."""
    group = _group(group_id)
    db = get_session()
    prompts = {str(p.get("id")): p for p in group.prompts}
    error = None
    if request.method == "POST" and PlainForm().validate():
        prompt_id = request.form.get("prompt", "")
        text = request.form.get("text", "").strip()
        language = request.form.get("language", "")
        if prompt_id not in prompts or language not in (group.languages or ["en"]):
            error = _("Please choose one of the listed options.")
        elif not text:
            error = _("Please write the note before saving.")
        elif len(text) > NOTE_MAX:
            error = _("This note is too long. Please split it.")
        elif has_control_characters(text):
            error = str(UNSTORABLE)
        else:
            db.add(
                GroupNote(
                    group_id=group.id,
                    prompt_id=prompt_id,
                    language=language,
                    text=text,
                    author_id=current_user.id,
                )
            )
            db.commit()
            return redirect(
                url_for("team_groups.notes", group_id=group.id) + f"#prompt-{prompt_id}", code=303
            )
    saved = db.scalars(select(GroupNote).where(GroupNote.group_id == group.id).order_by(GroupNote.id)).all()
    status = 422 if error else 200
    return render_template(
        "team/notes.html", group=group, prompts=group.prompts, saved=saved, error=error, form=PlainForm()
    ), status


def _group_form(group: FocusGroup | None) -> GroupForm:
    db = get_session()
    # The stored session fills the form only when it is shown: a POST says everything itself, so a
    # field left out of it (prompts, a list on the model) is empty rather than the model's value.
    form = GroupForm(obj=group if request.method == "GET" else None)
    form.host_partner_id.choices = options(
        (p.id, p.name) for p in db.scalars(select(Partner).order_by(Partner.name))
    )
    staff = [(0, "—")] + [
        (u.id, u.email)
        for u in db.scalars(select(User).where(User.role.in_(("admin", "facilitator"))).order_by(User.email))
    ]
    form.facilitator_id.choices = options(staff)
    form.scribe_id.choices = options(staff)
    form.languages.choices = options((code, autonym(code)) for code in INTERFACE_LANGUAGES)
    form.provided.choices = options((code, provision_label(code)) for code in PROVISIONS)
    if group is not None and request.method == "GET":
        zone = ZoneInfo(group.timezone)
        form.date.data = group.starts_at.astimezone(zone).date()
        form.starts.data = group.starts_at.astimezone(zone).time()
        form.ends.data = group.ends_at.astimezone(zone).time()
        form.prompts.data = "\n".join(
            group.text(p["text"], group.languages[0] if group.languages else "en") for p in group.prompts
        )
        form.facilitator_id.data = group.facilitator_id or 0
        form.scribe_id.data = group.scribe_id or 0
    return form


def _texts(group: FocusGroup | None) -> dict[str, dict[str, str]]:
    """Title, description, place, transit and parking per language: as posted (title-so, ...), or
    as stored."""
    if request.method == "POST":
        return {
            f: {code: request.form.get(f"{f}-{code}", "").strip() for code in INTERFACE_LANGUAGES}
            for f in TEXT_LIMITS
        }
    return {f: dict(getattr(group, f)) if group else {} for f in TEXT_LIMITS}


def _text_problems(texts: dict[str, dict[str, str]]) -> dict[str, str]:
    """A message per input (title-so, ...) whose text is too long to store: the page keeps it and
    says so, rather than cutting it. (Control characters are dropped from every form by `guard`.)"""
    return {
        f"{name}-{code}": _("Use at most %(count)s characters.", count=limit)
        for name, limit in TEXT_LIMITS.items()
        for code, text in texts[name].items()
        if len(text) > limit
    }


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:group_id>/edit", methods=["GET", "POST"])
def edit(group_id: int | None = None) -> Any:
    """Create or change a session: when and where, languages, what is provided, seats, who runs it."""
    group = _group(group_id) if group_id is not None else None
    form = _group_form(group)
    texts = _texts(group)
    problems = _text_problems(texts) if request.method == "POST" else {}
    if request.method == "POST" and not any(texts["title"].get(code) for code in form.languages.data or []):
        problems["title"] = _("Please write the title in at least one offered language.")
    if form.validate_on_submit() and not problems:
        zone = ZoneInfo(form.timezone.data.strip())  # a known name: checked by the form
        start = datetime.combine(form.date.data, form.starts.data, tzinfo=zone)
        end = datetime.combine(form.date.data, form.ends.data, tzinfo=zone)
        if end <= start:
            form.ends.errors = [_("The session must end after it starts.")]
        else:
            db = get_session()
            group = group or FocusGroup(token=new_token())
            if group.id is None:
                db.add(group)
            for name in TEXT_LIMITS:
                setattr(group, name, {k: v for k, v in texts[name].items() if v})
            lines = [line.strip() for line in (form.prompts.data or "").splitlines() if line.strip()]
            source = (form.languages.data or ["en"])[0]
            group.prompts = [{"id": f"p{i}", "text": {source: line}} for i, line in enumerate(lines, 1)]
            group.starts_at, group.ends_at = start, end
            group.timezone = str(zone)
            for name in ("is_remote", "host_partner_id", "languages", "provided", "capacity", "is_open"):
                setattr(group, name, getattr(form, name).data)
            group.facilitator_id = form.facilitator_id.data or None
            group.scribe_id = form.scribe_id.data or None
            db.flush()
            service.fill_seats(db, group.id)  # more seats than before: the waiting list moves up
            _log("focus_group.save", group)
            db.commit()
            return redirect(url_for("team_groups.index"), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template(
        "team/group_form.html",
        group=group,
        form=form,
        texts=texts,
        problems=problems,
        languages=INTERFACE_LANGUAGES,
    ), status


@bp.get("/<int:group_id>/poster")
def poster(group_id: int) -> Any:
    """A printable sign-up poster: the session's title and an invitation in each offered language."""
    group = _group(group_id)
    languages = group.languages or ["en"]
    link = public_url("groups.sign_up", token=group.token)
    lines = []
    for code in languages:
        with force_locale(code):
            lines.append(
                (
                    code,
                    group.text(group.title, code),
                    _("Scan the code with your phone's camera to sign up in your language."),
                )
            )
    return render_template(
        "partner/poster.html",
        lines=lines,
        link=link,
        qr_svg=qr_svg(link, group.text(group.title, languages[0])),
        svg_url=url_for("team_groups.qr", group_id=group.id, kind="svg"),
        png_url=url_for("team_groups.qr", group_id=group.id, kind="png"),
    )


@bp.get("/<int:group_id>/qr.<any(svg, png):kind>")
def qr(group_id: int, kind: str) -> Any:
    group = _group(group_id)
    link = public_url("groups.sign_up", token=group.token)
    return send_file(
        qr_file(link, kind),
        mimetype="image/svg+xml" if kind == "svg" else "image/png",
        as_attachment=True,
        download_name=f"focus-group-{group.token}.{kind}",
    )
