"""Baselines served under the same gunicorn settings as surveyapp.

`/` is the hello-world of the benchmark. `/floor/page` and `/floor/submit` are the least a survey
page and a page save can cost on the chosen stack while keeping the project's rules: the same
extensions (Flask-WTF's CSRF protection, Flask-Babel), a CSRF token in a signed session cookie,
one indexed SELECT of the channel through a SQLAlchemy engine, a body the size of a survey page;
and for a save, the CSRF check and one INSERT committed to the same database. Beside them, the
app's own figures show what its features cost on top of the stack. Under `/hooked` the same floor
runs with the request guard and security headers every project page must have.
"""

import os
import uuid

from flask import Flask, abort, request, session
from flask_babel import Babel, get_locale
from flask_wtf.csrf import CSRFProtect, generate_csrf
from sqlalchemy import create_engine, text
from werkzeug.middleware.dispatcher import DispatcherMiddleware

engine = create_engine(os.environ.get("DATABASE_URL", "sqlite://"))
CHANNEL = text(
    "SELECT channels.id, surveys.current_version_id FROM channels "
    "JOIN surveys ON surveys.id = channels.survey_id WHERE channels.token = :token"
)
INSERT = text("INSERT INTO floor_saves (id, value) VALUES (:id, :value)")
PAGE = "x" * 12_000  # about the bytes of a survey page's HTML


def make_app(project_hooks: bool = False) -> Flask:
    """The floor app; with `project_hooks`, also the request guard and the security headers that
    every page of the project must have (surveyapp.guard, surveyapp.security): the least a page
    costs once those promises are kept."""
    floor = Flask(__name__)
    floor.secret_key = os.environ.get("SECRET_KEY", "bench-secret")
    floor.config["FIELD_MAX_LENGTH"] = 20_000
    if project_hooks:
        from surveyapp import guard, security

        guard.init_app(floor)
        security.init_app(floor)
    CSRFProtect(floor)
    Babel(floor, locale_selector=lambda: request.args.get("lang", "en"))

    @floor.get("/")
    def hello() -> str:
        return "Hello, world!"

    @floor.get("/floor/page")
    def floor_page() -> str:
        with engine.connect() as connection:
            if connection.execute(CHANNEL, {"token": "demo"}).first() is None:
                abort(404)
        session["lang"] = str(get_locale())
        return (
            f'{PAGE}<input type="hidden" name="csrf_token" value="{generate_csrf()}">'
            f'<input type="hidden" name="rid" value="{uuid.uuid4()}">'
        )

    @floor.post("/floor/submit")
    def floor_submit() -> tuple[str, int, dict[str, str]]:
        with engine.begin() as connection:
            connection.execute(INSERT, {"id": request.form["rid"], "value": request.form["q_consent"]})
        return "", 302, {"Location": "/floor/page"}

    return floor


app = make_app()
# The same floor with the project's guard and headers, under /hooked (one server for both).
hooked = make_app(project_hooks=True)
app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/hooked": hooked})  # type: ignore[method-assign]


def create_table() -> None:
    with engine.begin() as connection:
        connection.execute(
            text("CREATE TABLE IF NOT EXISTS floor_saves (id VARCHAR(36) PRIMARY KEY, value VARCHAR(20))")
        )
        connection.execute(text("DELETE FROM floor_saves"))
