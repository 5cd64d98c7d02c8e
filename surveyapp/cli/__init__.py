"""`flask --app wsgi ...` commands. Thin: each parses options, calls a service, commits, reports."""

from __future__ import annotations

from flask import Flask

from .database import alembic_config, db_group, upgrade_database
from .exports import export_group
from .operations import demo, intake_group, themes_group, translations_group, user_group
from .surveys import survey_group

__all__ = ["alembic_config", "register_cli", "upgrade_database"]


def register_cli(app: Flask) -> None:
    for command in (
        db_group,
        demo,
        survey_group,
        export_group,
        themes_group,
        translations_group,
        user_group,
        intake_group,
    ):
        app.cli.add_command(command)
