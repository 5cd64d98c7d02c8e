"""What the admin pages do alike: find the row a URL names (a 404 when it names none), take a button's
post only with its CSRF token, and show a refused form again with a 422."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort, render_template, request

from ..db import get_session
from ..forms.staff import PlainForm

Row = TypeVar("Row")


def row_or_404(model: type[Row], row_id: int) -> Row:
    row = get_session().get(model, row_id)
    if row is None:
        abort(404)
    return row


def edited_row(model: type[Row], row_id: int | None) -> Row | None:
    """The row an edit page changes, or None on the page that creates one."""
    return None if row_id is None else row_or_404(model, row_id)


def button_posted() -> None:
    """A button's form carries only its CSRF token: without a valid one the post is refused (400)."""
    if not PlainForm().validate():
        abort(400)


def form_page(template: str, **context: Any) -> tuple[str, int]:
    """A form's page: 200 when it is asked for, 422 when it comes back from a refused post."""
    return render_template(template, **context), 422 if request.method == "POST" else 200
