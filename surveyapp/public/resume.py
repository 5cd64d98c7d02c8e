"""Save and resume: a short code, easy to read aloud, that brings a person back to their answers."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, url_for
from flask_babel import gettext as _

from ..db import get_session
from ..forms.simple import ResumeForm
from ..i18n import remember_language
from ..services import resume_codes
from . import bp
from .context import load_link, remember_draft, session_response


@bp.get("/s/<token>/saved")
def saved(token: str) -> Any:
    link = load_link(token)
    response = session_response(link)
    if response is None or not response.resume_code:
        return redirect(url_for("public.take_page", token=token))
    code = response.resume_code
    return render_template(
        "public/saved.html",
        link=link,
        definition=link.definition,
        code=f"{code[:4]}-{code[4:]}",
        expires=response.resume_expires_at,
    )


@bp.route("/r", methods=["GET", "POST"])
def resume() -> Any:
    form = ResumeForm()
    error = None
    if form.is_submitted():
        if not form.validate():
            error = _("This form has expired. Please try again.")
        else:
            db = get_session()
            response = resume_codes.find_by_resume_code(db, form.code.data or "")
            if response is not None:
                link = load_link(response.channel.token)
                remember_draft(link, resume_codes.draft_of(db, response))
                remember_language(response.language)
                return redirect(url_for("public.take_page", token=link.token, index=response.current_page))
            error = _(
                "We could not find this code, or it has expired. Check the letters and "
                "numbers, or start the survey again."
            )
    return render_template("public/resume.html", form=form, error=error), (422 if error else 200)
