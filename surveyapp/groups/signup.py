"""Sign-up, confirmation with a calendar file, and the private link to change, cancel or delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, abort, g, make_response, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..db import get_session
from ..forms.intake import SignupForm
from ..forms.staff import options
from ..i18n import autonym
from ..models import FocusGroup, Signup, utcnow
from ..models import Response as SurveyResponse
from ..services import group_files
from ..services import groups as service
from ..services.phones import example_phone
from . import bp


def load_group(token: str) -> FocusGroup:
    """The session of a sign-up token (404 if none), with its languages for the locale chain."""
    group = get_session().scalar(select(FocusGroup).where(FocusGroup.token == token[:64]))
    if group is None:
        abort(404)
    g.survey_languages = tuple(group.languages) or None
    g.source_language = group.languages[0] if group.languages else "en"
    return group


def _messages() -> dict[str, str]:
    return {
        "name_missing": _("Please tell us what to call you."),
        "phone_invalid": _(
            "Please enter a phone number we can call, for example %(example)s.",
            example=example_phone(service.phone_region()),
        ),
        "email_invalid": _("Please enter an email address, for example name@example.org."),
        "duplicate": _(
            "You are already signed up for this session. Use the link on your confirmation "
            "page to change or cancel."
        ),
        "past": _("This session has already taken place. Thank you for your interest."),
        "closed": _("Sign-up for this session is closed."),
    }


def _form(group: FocusGroup, **kwargs: Any) -> SignupForm:
    form = SignupForm(**kwargs)
    languages = group.languages or ["en"]
    form.language.choices = options((code, autonym(code)) for code in languages)
    form.interpretation.choices = options(
        [("", _("No interpreter needed"))] + [(code, autonym(code)) for code in languages]
    )
    return form


def _data(form: SignupForm, response_id: str | None) -> service.SignupData:
    return service.SignupData(
        name=form.name.data or "",
        contact_method=form.contact_method.data or "",
        phone=form.phone.data or "",
        email=form.email.data or "",
        language=form.language.data or "en",
        children=form.children.data or 0,
        children_ages=form.children_ages.data or "",
        needs_transportation=bool(form.needs_transportation.data),
        interpretation=form.interpretation.data or "",
        accessibility=form.accessibility.data or "",
        dietary=form.dietary.data or "",
        consent_contact=bool(form.consent_contact.data),
        response_id=response_id,
    )


def _survey_response_to_link(form: SignupForm) -> str | None:
    """Only if the person ticked the box, and only the response this browser just completed."""
    if not form.link_answers.data:
        return None
    response_id = session.get("completed_response")
    response = get_session().get(SurveyResponse, response_id) if response_id else None
    return response.id if response is not None and response.status == "complete" else None


@bp.route("/g/<token>", methods=["GET", "POST"])
def sign_up(token: str) -> Any:
    group = load_group(token)
    # A liaison signing someone up (by phone, at a desk) is recorded as the one who entered it.
    entered_by = current_user.id if current_user.is_authenticated else None
    return signup_page(
        group,
        entered_by_id=entered_by,
        can_link=bool(session.get("completed_response")),
        done=lambda signup, secret: redirect(
            url_for("groups.confirmation", token=token, secret=secret), code=303
        ),
    )


def signup_page(
    group: FocusGroup, *, entered_by_id: int | None, can_link: bool, done: Callable[[Signup, str], Any]
) -> Any:
    """The sign-up form and its checks; `done` answers a stored sign-up (a page of its way in)."""
    why_not = service.accepting(group, utcnow())
    if why_not:
        return render_template("groups/unavailable.html", group=group, message=_messages()[why_not]), 410
    form = _form(group)
    if request.method == "GET":
        form.language.data = str(get_locale()) or (group.languages[0] if group.languages else "en")
    error = None
    if _all_checks(form):
        db = get_session()
        try:
            linked = _survey_response_to_link(form) if can_link else None
            signup, secret = service.sign_up(db, group, _data(form, linked), entered_by_id=entered_by_id)
            db.commit()
        except service.SignupError as exc:
            db.rollback()
            if exc.field:
                getattr(form, exc.field).errors = [_messages()[exc.reason]]
            else:
                error = _messages()[exc.reason]
        except IntegrityError:
            db.rollback()  # the same sign-up sent twice at once
            error = _messages()["duplicate"]
        else:
            return done(signup, secret)
    status = 422 if request.method == "POST" else 200
    return render_template(
        "groups/signup.html", group=group, form=form, error=error, can_link=can_link
    ), status


def _all_checks(form: SignupForm) -> bool:
    """The form's checks and the sign-up's own (a number we can call, ...), every error at once: a
    person fixes them in one round, not one per round."""
    if request.method != "POST":
        return False
    valid = form.validate_on_submit()
    for problem in service.problems(_data(form, None)):
        field = getattr(form, problem.field or "name")
        message = _messages()[problem.reason]
        if message not in field.errors:
            field.errors = [*field.errors, message]
        valid = False
    return valid


def _signup(token: str, secret: str) -> tuple[FocusGroup, Signup]:
    """The sign-up of a private link; its pages open in the language of the sign-up, on any browser
    (a `?lang=` or a choice made on these pages still wins)."""
    group = load_group(token)
    signup = service.find(get_session(), group, secret)
    if signup is None:
        abort(404)
    g.channel_default_language = signup.language
    return group, signup


@bp.get("/g/<token>/m/<secret>")
def confirmation(token: str, secret: str) -> Any:
    group, signup = _signup(token, secret)
    response = make_response(
        render_template(
            "groups/confirmation.html", group=group, signup=signup, secret=secret, form=_form(group)
        )
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/g/<token>/m/<secret>/event.ics")
def calendar(token: str, secret: str) -> Any:
    group, signup = _signup(token, secret)
    url = url_for("groups.confirmation", token=token, secret=secret, _external=True)
    body = group_files.ics(group, signup.language, url)
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="focus-group-{group.id}.ics"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/g/<token>/m/<secret>/change", methods=["GET", "POST"])
def change(token: str, secret: str) -> Any:
    group, signup = _signup(token, secret)
    form = _form(group, obj=signup if request.method == "GET" else None)
    if _all_checks(form):
        db = get_session()
        try:
            service.change(db, signup, _data(form, signup.response_id))
            db.commit()
        except service.SignupError as exc:
            db.rollback()
            field = getattr(form, exc.field) if exc.field else form.name
            field.errors = [_messages()[exc.reason]]
        else:
            return redirect(url_for("groups.confirmation", token=token, secret=secret), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template(
        "groups/signup.html", group=group, form=form, error=None, can_link=False, changing=True
    ), status


@bp.route("/g/<token>/m/<secret>/cancel", methods=["GET", "POST"])
def cancel(token: str, secret: str) -> Any:
    """Cancel, or delete the sign-up and the person's details: each asked once more on a page of its
    own (no JavaScript needed), since one tap on a shared phone must not undo a seat."""
    group, signup = _signup(token, secret)  # the CSRF token was checked by the app (CSRFProtect)
    deleting = request.values.get("delete") == "yes"
    if request.method == "GET" or request.form.get("confirm") != "yes":
        response = make_response(
            render_template(
                "groups/confirm.html", group=group, signup=signup, secret=secret, deleting=deleting
            )
        )
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
    db = get_session()
    if deleting:
        service.delete_person(db, signup)
        db.commit()
        return render_template(
            "groups/done.html", group=group, message=_("Your sign-up and your details were deleted.")
        )
    service.cancel(db, signup)
    db.commit()
    return redirect(url_for("groups.confirmation", token=token, secret=secret), code=303)
