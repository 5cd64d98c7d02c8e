"""surveyapp: multilingual barrier surveys and focus-group intake through community partners."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import Babel, get_locale
from flask_wtf.csrf import CSRFProtect

from . import db, guard, i18n, security
from .config import Config

csrf = CSRFProtect()
babel = Babel()


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app from the environment; tests pass overrides (e.g. another DATABASE_URL)."""
    app = Flask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    config = Config(app.instance_path)
    config.check()
    app.config.from_object(config)
    app.config.update(overrides or {})

    guard.install_converters(app)  # before any rule is added
    db.init_app(app)
    csrf.init_app(app)
    guard.init_app(app)
    from .public import uploads

    uploads.init_app(app)  # before the guard, which reads the body
    security.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    from .media import media_src
    from .public.context import flow_url
    from .services.surveys import title_of
    from .survey.calendar_months import calendar_date, calendar_name
    from .survey.date_parts import month_names
    from .survey.piping import pipe

    app.jinja_env.globals.update(
        get_locale=get_locale,
        content_language=i18n.content_language,
        direction=i18n.direction,
        autonym=i18n.autonym,
        flow_url=flow_url,
        pipe=pipe,
        survey_title=title_of,
        month_names=month_names,
        calendar_name=calendar_name,
        calendar_date=calendar_date,
        media_src=media_src,
    )
    app.jinja_env.policies["ext.i18n.trimmed"] = True

    from . import auth, kiosk
    from .admin import bp as admin_bp
    from .errors import register_error_handlers
    from .groups import bp as groups_bp
    from .media import bp as media_bp
    from .partner import bp as partner_bp
    from .public import assisted_bp
    from .public import bp as public_bp
    from .system import bp as system_bp
    from .team import bp as team_bp
    from .team import groups_bp as team_groups_bp

    app.register_blueprint(system_bp)
    app.register_blueprint(media_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(groups_bp)
    auth.init_app(app)
    app.register_blueprint(admin_bp)
    app.register_blueprint(partner_bp)
    app.register_blueprint(assisted_bp)
    app.register_blueprint(team_groups_bp)
    app.register_blueprint(team_bp)
    kiosk.init_app(app)
    # Survey pages check their own CSRF token so that an expired one re-renders the page with
    # every answer kept, instead of a bare 400 that loses them.
    for survey_flow in (public_bp, assisted_bp, kiosk.bp):
        csrf.exempt(survey_flow)
    register_error_handlers(app)

    from .cli import register_cli

    register_cli(app)
    return app
