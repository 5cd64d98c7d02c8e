"""The operator's commands: the demo, theme runs, translation status, staff accounts, intake purge."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from ..db import get_session
from ..services import audit
from .common import cli_actor, current_survey, needs_database


@click.command("demo")
@with_appcontext
@needs_database
def demo() -> None:
    """Load the demo survey, partner, channels and sample responses (running it twice changes nothing)."""
    from ..services.demo import STAFF as DEMO_STAFF
    from ..services.demo import demo_password, load_demo

    if current_app.config["ENV"] == "production":
        raise click.ClickException("refusing to load demo data into a production configuration")
    password, source = demo_password(Path(current_app.instance_path), current_app.config["DEMO_PASSWORD"])
    report = load_demo(get_session(), password)
    get_session().commit()
    click.echo(report)
    _analyse_demo()
    click.echo(f"Demo staff sign-in (password {source}): {password}")
    for email, role, _partner in DEMO_STAFF:
        click.echo(f"  {role:<12} {email}")


def _analyse_demo() -> None:
    """Themes for the demo survey once, so the dashboard has something to show at first start."""
    from ..services.surveys import survey_by_slug
    from ..services.themes import latest_run, queue_run, work

    survey = survey_by_slug(get_session(), "barriers")
    if survey is None or latest_run(get_session(), survey.id) is not None:
        return
    run, created = queue_run(get_session(), survey, actor="demo")
    get_session().commit()
    if created:
        work(get_session(), run.id)
        click.echo(f"Theme analysis of the sample answers: run {run.id}, {run.status}.")


themes_group = AppGroup("themes", help="Theme analysis of free-text answers.")


@themes_group.command("refresh")
@click.option("--survey", "slug", required=True, help="Survey slug.")
@needs_database
def themes_refresh(slug: str) -> None:
    """Run the analysis now (for cron); the dashboard shows the result and keeps the team's edits."""
    from ..services.themes import queue_run, work

    survey = current_survey(slug)
    run, created = queue_run(get_session(), survey, actor=cli_actor())
    get_session().commit()
    if not created:
        click.echo(f"an analysis of {slug} is already running (run {run.id})")
        return
    work(get_session(), run.id, say=lambda message: click.echo(message, err=True))
    if run.status != "done":
        raise click.ClickException(f"analysis run {run.id} failed: {run.error}")
    click.echo(f"analysis run {run.id}: {len(run.result['themes'])} themes from {run.n_documents} answers")


@themes_group.command("work", hidden=True)
@click.argument("run_id", type=int)
@needs_database
def themes_work(run_id: int) -> None:
    """Do one queued run (started by the dashboard in its own process)."""
    from ..services.themes import work

    run = work(get_session(), run_id)
    click.echo(f"analysis run {run_id}: {run.status if run else 'not found'}")


translations_group = AppGroup("translations", help="Translation completeness.")


@translations_group.command("status")
@needs_database
def translations_status() -> None:
    """Per language: share of interface strings and of each survey's content translated."""
    from ..services.translation_status import status_table

    click.echo(status_table(get_session(), current_app.config["BABEL_TRANSLATION_DIRECTORIES"]))


user_group = AppGroup("user", help="Staff accounts.")


@user_group.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["admin", "analyst", "liaison", "facilitator"]))
@click.option("--org", "org", default=None, help="Partner organization slug (required for a liaison).")
@click.option("--name", default="", help="Display name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@needs_database
def user_create(email: str, role: str, org: str | None, name: str, password_stdin: bool) -> None:
    """Create a staff account; without --password-stdin a password is generated and printed once."""
    from ..services.users import AccountError, create_user, generate_password

    password = sys.stdin.readline().rstrip("\n") if password_stdin else generate_password()
    try:
        user = create_user(get_session(), email, role, password, partner_slug=org, name=name)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    audit.record(
        get_session(),
        "user.create",
        actor=cli_actor(),
        target=f"user:{user.email}",
        role=role,
    )
    get_session().commit()
    click.echo(f"created {user.email} ({role}{', ' + org if org else ''})")
    if not password_stdin:
        click.echo(f"password: {password}")


intake_group = AppGroup("intake", help="Focus-group intake.")


@intake_group.command("purge")
@click.option("--days", type=int, default=None, help="Days after a session (default INTAKE_PURGE_DAYS).")
@needs_database
def intake_purge(days: int | None) -> None:
    """Delete the sign-ups (names, contact details) of sessions that ended long enough ago."""
    from ..services.groups import purge

    days = current_app.config["INTAKE_PURGE_DAYS"] if days is None else days
    removed = purge(get_session(), days)
    audit.record(get_session(), "intake.purge", actor=cli_actor(), days=days, removed=removed)
    get_session().commit()
    click.echo(f"deleted {removed} sign-ups of sessions that ended more than {days} days ago")
