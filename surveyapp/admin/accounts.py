"""Staff accounts: create, edit (name, role, partner), deactivate, reset the password or two-factor
sign-in; one's own role and account are left to another administrator."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.staff_events import acting_user, record_event
from ..db import get_session
from ..forms.staff import AccountForm, PlainForm, UserForm, options
from ..models import Partner, User
from ..services import staff_sessions, two_factor
from ..services.users import (
    AccountError,
    create_user,
    generate_password,
    reset_password,
    set_active,
    update_account,
)
from . import bp
from .pages import button_posted, form_page, row_or_404


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
            record_event("user.create", target=f"user:{user.email}", role=user.role)
            db.commit()
            generated = not form.password.data
            return render_template(
                "admin/user_created.html", user=user, password=password if generated else None
            )
    return form_page("admin/user.html", form=form)


def _partner_choices(form: AccountForm | UserForm) -> None:
    form.partner_id.choices = options(
        [(0, "—")] + [(p.id, p.name) for p in get_session().scalars(select(Partner).order_by(Partner.name))]
    )


def _posted_account(user_id: int) -> User:
    """The account a button of its page posts to."""
    user = row_or_404(User, user_id)
    button_posted()
    return user


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int) -> Any:
    """Name, role and partner; a changed role or partner ends the person's sessions."""
    db = get_session()
    user = row_or_404(User, user_id)
    form = AccountForm(obj=user)
    _partner_choices(form)
    if request.method == "GET":
        form.partner_id.data = user.partner_id or 0
    if form.validate_on_submit():
        role, partner_id = form.role.data or "", form.partner_id.data or None
        if user.id == acting_user().id and role != user.role:
            form.role.errors = [_("You cannot change your own role; ask another administrator.")]
        elif role == "liaison" and partner_id is None:
            form.partner_id.errors = [_("A liaison belongs to a partner organization.")]
        else:
            before = {"role": user.role, "partner_id": user.partner_id}
            update_account(db, user, role=role, partner_id=partner_id, name=form.name.data or "")
            record_event(
                "user.update",
                target=f"user:{user.email}",
                before=before,
                after={"role": user.role, "partner_id": user.partner_id},
            )
            db.commit()
            flash(_("Saved."))
            return redirect(url_for("admin.edit_user", user_id=user.id), code=303)
    return form_page("admin/user_edit.html", form=form, user=user, buttons=PlainForm())


@bp.post("/users/<int:user_id>/active")
def set_user_active(user_id: int) -> Any:
    """Deactivate (at once: every session ends) or reactivate an account; never one's own."""
    db = get_session()
    user = _posted_account(user_id)
    active = request.form.get("active") == "1"
    if user.id == acting_user().id:
        flash(_("You cannot deactivate your own account; ask another administrator."))
    else:
        set_active(db, user, active)
        record_event("user.activate" if active else "user.deactivate", target=f"user:{user.email}")
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
    user = _posted_account(user_id)
    password = reset_password(db, user)
    record_event("user.reset_password", target=f"user:{user.email}")
    db.commit()
    return render_template("admin/password_reset.html", user=user, password=password)


@bp.post("/users/<int:user_id>/reset-two-factor")
def reset_user_two_factor(user_id: int) -> Any:
    """A lost phone: two-factor sign-in off (to be set up again), every session ended."""
    db = get_session()
    user = _posted_account(user_id)
    two_factor.disable(db, user)
    staff_sessions.revoke_all(db, user.id)
    record_event("user.reset_two_factor", target=f"user:{user.email}")
    db.commit()
    flash(
        _(
            "Two-factor sign-in was turned off for this account; it is set up again at the next "
            "sign-in where it is required."
        )
    )
    return redirect(url_for("admin.edit_user", user_id=user.id), code=303)
