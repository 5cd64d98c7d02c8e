"""How the survey's pages (links, kiosk and assisted entry) answer what the responses service did:
the one place where an Outcome's kind (services.outcomes) becomes an HTML answer. The kiosk outbox's
JSON has its own, in kiosk/receive.py. Redirects are post/redirect/get; each refusal is a page in the
person's language with its status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import redirect, render_template

from ..services.outcomes import Outcome
from .context import Link, flow_url, forget_response

INVALID = 422  # the page again, with each broken answer's message
CONFLICT = 409  # other answers are stored under this id: nothing was changed
CLOSED = 410  # the channel no longer takes answers


def page_answer(
    link: Link,
    outcome: Outcome,
    *,
    onward: Callable[[], Any],
    invalid: Callable[[], Any],
    code: int = 302,
) -> Any:
    """`onward()` when stored, `invalid()` (which shows the page with status INVALID) when the rules
    refuse answers; the thank-you page when these answers were stored before; the start when there
    is no draft of this browser any more; a page that says why otherwise."""
    if outcome.kind == "stored":
        return onward()
    if outcome.kind == "invalid":
        return invalid()
    if outcome.kind == "acknowledged":
        return redirect(flow_url("thanks", token=link.token), code=code)
    if outcome.kind == "gone":
        forget_response(link)
        return redirect(flow_url("take_page", token=link.token), code=code)
    if outcome.kind == "closed":
        return render_template("public/closed.html", title=link.definition.title), CLOSED
    return render_template("public/conflict.html", link=link), CONFLICT
