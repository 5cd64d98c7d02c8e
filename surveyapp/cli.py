"""`flask --app wsgi ...` commands. Thin: each parses options, calls a service, commits, reports."""

from __future__ import annotations

import functools
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from sqlalchemy.exc import OperationalError, ProgrammingError

from .db import get_session
from .services import audit

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_database(url: str) -> list[str]:
    """Apply every migration (the one way the schema is made, also in tests); the revisions applied,
    oldest first."""
    from alembic import command

    config = alembic_config(url)
    before = _revision(url)
    command.upgrade(config, "head")
    return _revisions_between(config, before, _revision(url))


def _revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def _revisions_between(config: Any, before: str | None, after: str | None) -> list[str]:
    from alembic.script import ScriptDirectory

    if after is None or before == after:
        return []
    walked = ScriptDirectory.from_config(config).iterate_revisions(after, before or "base")
    return [f"{script.revision} {(script.doc or '').splitlines()[0]}" for script in reversed(list(walked))]


def upgrade_summary(url: str, applied: list[str]) -> str:
    """What `db upgrade` did, in words: a new schema, the migrations applied, or nothing to do."""
    from sqlalchemy.engine import make_url

    where = make_url(url).render_as_string(hide_password=True)
    if not applied:
        return f"{where}: already up to date at revision {_revision(url)}; nothing to apply."
    steps = "\n".join(f"  {line}" for line in applied)
    done = "created the schema" if applied[0].startswith(_first_revision()) else "upgraded the schema"
    return f"{where}: {done} with {len(applied)} migration(s), now at revision {_revision(url)}:\n{steps}"


def _first_revision() -> str:
    from alembic.script import ScriptDirectory

    return str(ScriptDirectory.from_config(alembic_config("sqlite://")).get_base())


def needs_database(command: Callable[..., Any]) -> Callable[..., Any]:
    """A missing or unmigrated database is a one-line instruction, not a traceback."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (OperationalError, ProgrammingError) as exc:
            reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
            raise click.ClickException(
                f"the database is not ready ({reason}); run `flask --app wsgi db upgrade` first"
            ) from exc

    return run


def register_cli(app: Flask) -> None:
    @app.cli.group("db")
    def db_group() -> None:
        """Database schema."""

    @db_group.command("upgrade")
    def db_upgrade() -> None:
        """Apply the Alembic migrations to DATABASE_URL."""
        url = current_app.config["DATABASE_URL"]
        click.echo(upgrade_summary(url, upgrade_database(url)))

    @app.cli.command("demo")
    @needs_database
    def demo() -> None:
        """Load the demo survey, partner, channels and sample responses (running it twice changes nothing)."""
        from .services.demo import STAFF as DEMO_STAFF
        from .services.demo import demo_password, load_demo

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
        from .services.surveys import survey_by_slug
        from .services.themes import latest_run, queue_run, work

        survey = survey_by_slug(get_session(), "barriers")
        if survey is None or latest_run(get_session(), survey.id) is not None:
            return
        run, created = queue_run(get_session(), survey, actor="demo")
        get_session().commit()
        if created:
            work(get_session(), run.id)
            click.echo(f"Theme analysis of the sample answers: run {run.id}, {run.status}.")

    @app.cli.group("survey")
    def survey_group() -> None:
        """Survey forms (XLSForm)."""

    @survey_group.command("import")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.argument("attachments", nargs=-1, type=click.Path(exists=True, dir_okay=False))
    @click.option("--slug", help="Survey slug (default: the form_id of the settings sheet).")
    @click.option("--dry-run", is_flag=True, help="Only report problems and warnings; store nothing.")
    @click.option("--link", is_flag=True, help="Also give the survey a public link and print its address.")
    @click.option(
        "--partner",
        "partner_slug",
        default=None,
        help="Partner organization of the link (needed when there are several).",
    )
    @needs_database
    def survey_import(
        file: str,
        attachments: tuple[str, ...],
        slug: str | None,
        dry_run: bool,
        link: bool,
        partner_slug: str | None,
    ) -> None:
        """Import an XLSForm (.xlsx), with the files it reads (ATTACHMENTS: .csv, .xml, .geojson)
        and shows (images, audio, video), and publish it as the current version of its survey.

        Warnings (columns and settings the app does not use yet) are printed; running the command is
        the confirmation, so the version is published with them.
        """
        from .services.attachments import read_paths
        from .services.surveys import import_survey
        from .services.xlsform import XLSFormError, read_xlsform

        if partner_slug and not link:
            raise click.UsageError("--partner chooses the partner of --link; add --link")
        db = get_session()
        try:
            files = read_paths(attachments)
            if dry_run:
                parsed = read_xlsform(file, attachments=files)
                warnings = parsed.warnings
            else:
                result = import_survey(db, file, slug, attachments=files)
                warnings = result.warnings
        except XLSFormError as exc:
            db.rollback()
            for found in exc.problems:
                click.echo(f"error: {found}", err=True)
            click.echo(f"{len(exc.problems)} problem(s); nothing was imported", err=True)
            raise SystemExit(1) from exc
        for found in warnings:
            click.echo(f"warning: {found}", err=True)
        if dry_run:
            db.rollback()
            click.echo(
                f"{parsed.definition.get('id_string') or Path(file).stem} version "
                f"{parsed.definition['version']}: no problems, {len(warnings)} warning(s) "
                "(dry run: nothing stored)"
            )
            return
        actor = f"cli:{getpass.getuser()}"
        audit.record(
            db,
            "survey.import",
            actor=actor,
            target=f"survey:{result.survey.slug}",
            version=result.version.version,
            created=result.created,
            warnings=len(warnings),
        )
        if result.published_now:
            audit.record(
                db,
                "survey.publish",
                actor=actor,
                target=f"survey:{result.survey.slug}",
                version=result.version.version,
            )
        address = _public_link(result.survey, partner_slug, actor) if link else None
        db.commit()
        state = (
            "imported and published"
            if result.created
            else "published (it was imported before)"
            if result.published_now
            else "unchanged (this version was already imported)"
        )
        click.echo(f"{result.survey.slug} version {result.version.version}: {state}")
        if address:
            click.echo(f"public link: {address}")

    def _public_link(survey: Any, partner_slug: str | None, actor: str) -> str:
        from .services.channels import ChannelError
        from .services.survey_links import LinkError, choose_partner, link_channel, public_address

        db = get_session()
        try:
            partner = choose_partner(db, partner_slug)
            channel, created = link_channel(db, survey, partner)
        except (LinkError, ChannelError) as exc:
            db.rollback()
            raise click.ClickException(f"{exc}; the survey was not imported") from exc
        if created:
            audit.record(db, "channel.save", actor=actor, target=f"channel:{channel.token}")
        base = current_app.config["PUBLIC_URL"] or f"http://127.0.0.1:{current_app.config['PORT']}"
        return public_address(base, channel.token)

    @survey_group.command("export")
    @click.argument("slug")
    @click.argument("file", type=click.Path(dir_okay=False, writable=True))
    @needs_database
    def survey_export(slug: str, file: str) -> None:
        """Write the current version of a survey as an XLSForm workbook, and the data files it
        reads and the media it shows beside it."""
        from .services.attached_choices import attachment_files
        from .services.surveys import survey_by_slug
        from .services.xlsform import to_xlsx

        survey = survey_by_slug(get_session(), slug)
        if survey is None or survey.current_version is None:
            raise click.ClickException(f"no survey {slug!r}")
        Path(file).write_bytes(to_xlsx(survey.current_version.definition, slug))
        from .services.form_media import files_of

        kept = {
            **attachment_files(survey.current_version.definition),
            **files_of(get_session(), survey.current_version),
        }
        for name, data in kept.items():
            (Path(file).parent / name).write_bytes(data)
            click.echo(f"wrote {Path(file).parent / name}")
        audit.record(
            get_session(),
            "survey.export",
            actor=f"cli:{getpass.getuser()}",
            target=f"survey:{slug}",
            version=survey.current_version.version,
        )
        get_session().commit()
        click.echo(f"wrote {file}")

    @app.cli.group("export")
    def export_group() -> None:
        """Exports (safe against spreadsheet formula injection)."""

    @export_group.command("responses")
    @click.option("--survey", "slug", required=True, help="Survey slug.")
    @click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv")
    @click.option("--out", type=click.Path(dir_okay=False, writable=True), help="File (default: stdout).")
    @click.option("--lang", default=None, help="Language of the choice labels (default: the survey's).")
    @click.option("--include-partial", is_flag=True, help="Also unfinished responses.")
    @needs_database
    def export_responses(
        slug: str, fmt: str, out: str | None, lang: str | None, include_partial: bool
    ) -> None:
        """One row per response, one column per question: choice codes plus labels."""
        from .services.exports import response_table, to_csv, to_xlsx
        from .services.surveys import survey_by_slug

        survey = survey_by_slug(get_session(), slug)
        if survey is None:
            raise click.ClickException(f"no survey {slug!r}")
        table = response_table(
            get_session(), survey, lang, include_partial, timezone=current_app.config["TIMEZONE"]
        )
        data = to_csv(table) if fmt == "csv" else to_xlsx(table)
        audit.record(
            get_session(),
            "export.responses",
            actor=f"cli:{getpass.getuser()}",
            target=f"survey:{slug}",
            format=fmt,
            rows=len(table.rows),
            include_partial=include_partial,
        )
        get_session().commit()
        if out:
            Path(out).write_bytes(data)
            click.echo(f"wrote {len(table.rows)} responses to {out}", err=True)
        else:
            sys.stdout.buffer.write(data)

    def _survey(slug: str):  # type: ignore[no-untyped-def]
        from .services.surveys import survey_by_slug

        survey = survey_by_slug(get_session(), slug)
        if survey is None or survey.current_version is None:
            raise click.ClickException(f"no survey {slug!r}")
        return survey

    def _write(data: bytes, out: str | None, what: str) -> None:
        if out:
            Path(out).write_bytes(data)
            click.echo(f"wrote {what} to {out}", err=True)
        else:
            sys.stdout.buffer.write(data)

    @export_group.command("themes")
    @click.option("--survey", "slug", required=True, help="Survey slug.")
    @click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv")
    @click.option("--out", type=click.Path(dir_okay=False, writable=True), help="File (default: stdout).")
    @click.option("--lang", default=None, help="Language of the theme names (default: the interface's).")
    @needs_database
    def export_themes(slug: str, fmt: str, out: str | None, lang: str | None) -> None:
        """Codes of the latest analysis run: one row per code of each answer or note (no text)."""
        from .services.exports import assignments_table, to_csv, to_xlsx
        from .services.labels import theme_labels
        from .services.themes import latest_run

        survey = _survey(slug)
        run = latest_run(get_session(), survey.id)
        if run is None:
            raise click.ClickException(f"no analysis of {slug!r} yet; run `themes refresh --survey {slug}`")
        table = assignments_table(get_session(), run, theme_labels(run, lang))
        audit.record(
            get_session(),
            "export.themes",
            actor=f"cli:{getpass.getuser()}",
            target=f"survey:{slug}",
            format=fmt,
            rows=len(table.rows),
            run=run.id,
        )
        get_session().commit()
        _write(to_csv(table) if fmt == "csv" else to_xlsx(table, "themes"), out, f"{len(table.rows)} codes")

    @export_group.command("summary")
    @click.option("--survey", "slug", required=True, help="Survey slug.")
    @click.option(
        "--by",
        "by",
        default="language",
        show_default=True,
        help="language, partner, or a closed question's name (e.g. gender).",
    )
    @click.option(
        "--rows",
        default="themes",
        show_default=True,
        help="themes, or a closed question's name (e.g. barriers).",
    )
    @click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv")
    @click.option("--out", type=click.Path(dir_okay=False, writable=True), help="File (default: stdout).")
    @click.option("--lang", default=None, help="Language of the theme names (default: the interface's).")
    @needs_database
    def export_summary(slug: str, by: str, rows: str, fmt: str, out: str | None, lang: str | None) -> None:
        """A summary table (rows by a respondent attribute) with small counts hidden."""
        from .services import reporting
        from .services.dashboard import Scope
        from .services.exports import to_csv, to_xlsx
        from .services.labels import labelled, summary_rows
        from .services.surveys import definition_of
        from .services.themes import latest_run

        survey = _survey(slug)
        scope = Scope(
            survey=survey,
            timezone=current_app.config["TIMEZONE"],
            min_count=current_app.config["SMALL_CELL_MIN"],
        )
        db = get_session()
        try:
            attribute, question, cross = reporting.summary(
                db, scope, definition_of(survey.current_version), rows, by
            )
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        cross = labelled(
            cross,
            attribute,
            reporting.partners_by_id(db),
            run=latest_run(db, survey.id),
            question=question,
            theme_lang=lang,
        )
        table = summary_rows(cross, rows)
        audit.record(
            get_session(),
            "export.summary",
            actor=f"cli:{getpass.getuser()}",
            target=f"survey:{slug}",
            format=fmt,
            rows_by=rows,
            by=by,
        )
        get_session().commit()
        _write(to_csv(table) if fmt == "csv" else to_xlsx(table, "summary"), out, "the summary")

    @app.cli.group("themes")
    def themes_group() -> None:
        """Theme analysis of free-text answers."""

    @themes_group.command("refresh")
    @click.option("--survey", "slug", required=True, help="Survey slug.")
    @needs_database
    def themes_refresh(slug: str) -> None:
        """Run the analysis now (for cron); the dashboard shows the result and keeps the team's edits."""
        from .services.themes import queue_run, work

        survey = _survey(slug)
        run, created = queue_run(get_session(), survey, actor=f"cli:{getpass.getuser()}")
        get_session().commit()
        if not created:
            click.echo(f"an analysis of {slug} is already running (run {run.id})")
            return
        work(get_session(), run.id, say=lambda message: click.echo(message, err=True))
        if run.status != "done":
            raise click.ClickException(f"analysis run {run.id} failed: {run.error}")
        click.echo(
            f"analysis run {run.id}: {len(run.result['themes'])} themes from {run.n_documents} answers"
        )

    @themes_group.command("work", hidden=True)
    @click.argument("run_id", type=int)
    @needs_database
    def themes_work(run_id: int) -> None:
        """Do one queued run (started by the dashboard in its own process)."""
        from .services.themes import work

        run = work(get_session(), run_id)
        click.echo(f"analysis run {run_id}: {run.status if run else 'not found'}")

    @app.cli.group("translations")
    def translations_group() -> None:
        """Translation completeness."""

    @translations_group.command("status")
    @needs_database
    def translations_status() -> None:
        """Per language: share of interface strings and of each survey's content translated."""
        from .services.translation_status import status_table

        click.echo(status_table(get_session(), current_app.config["BABEL_TRANSLATION_DIRECTORIES"]))

    @app.cli.group("user")
    def user_group() -> None:
        """Staff accounts."""

    @user_group.command("create")
    @click.argument("email")
    @click.option("--role", required=True, type=click.Choice(["admin", "analyst", "liaison", "facilitator"]))
    @click.option("--org", "org", default=None, help="Partner organization slug (required for a liaison).")
    @click.option("--name", default="", help="Display name.")
    @click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
    @needs_database
    def user_create(email: str, role: str, org: str | None, name: str, password_stdin: bool) -> None:
        """Create a staff account; without --password-stdin a password is generated and printed once."""
        from .services.users import AccountError, create_user, generate_password

        password = sys.stdin.readline().rstrip("\n") if password_stdin else generate_password()
        try:
            user = create_user(get_session(), email, role, password, partner_slug=org, name=name)
        except AccountError as exc:
            raise click.ClickException(str(exc)) from exc
        audit.record(
            get_session(),
            "user.create",
            actor=f"cli:{getpass.getuser()}",
            target=f"user:{user.email}",
            role=role,
        )
        get_session().commit()
        click.echo(f"created {user.email} ({role}{', ' + org if org else ''})")
        if not password_stdin:
            click.echo(f"password: {password}")

    @app.cli.group("intake")
    def intake_group() -> None:
        """Focus-group intake."""

    @intake_group.command("purge")
    @click.option("--days", type=int, default=None, help="Days after a session (default INTAKE_PURGE_DAYS).")
    @needs_database
    def intake_purge(days: int | None) -> None:
        """Delete the sign-ups (names, contact details) of sessions that ended long enough ago."""
        from .services.groups import purge

        days = current_app.config["INTAKE_PURGE_DAYS"] if days is None else days
        removed = purge(get_session(), days)
        audit.record(
            get_session(), "intake.purge", actor=f"cli:{getpass.getuser()}", days=days, removed=removed
        )
        get_session().commit()
        click.echo(f"deleted {removed} sign-ups of sessions that ended more than {days} days ago")

    @export_group.command("notes")
    @click.option("--session", "token", default=None, help="One focus-group session (its sign-up token).")
    @click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv")
    @click.option("--out", type=click.Path(dir_okay=False, writable=True), help="File (default: stdout).")
    @needs_database
    def export_notes(token: str | None, fmt: str, out: str | None) -> None:
        """Focus-group notes as documents for `python -m analysis themes` (id, text, lang, source)."""
        from sqlalchemy import select

        from .models import FocusGroup
        from .services.groups import notes_table
        from .services.spreadsheet import to_csv, to_xlsx

        group_id = None
        if token:
            group_id = get_session().scalar(select(FocusGroup.id).where(FocusGroup.token == token))
            if group_id is None:
                raise click.ClickException(f"no focus-group session {token!r}")
        table = notes_table(get_session(), group_id)
        audit.record(
            get_session(),
            "export.notes",
            actor=f"cli:{getpass.getuser()}",
            target=f"focus_group:{token or 'all'}",
            format=fmt,
            rows=len(table.rows),
        )
        get_session().commit()
        data = to_csv(table) if fmt == "csv" else to_xlsx(table, sheet="notes")
        if out:
            Path(out).write_bytes(data)
            click.echo(f"wrote {len(table.rows)} notes to {out}", err=True)
        else:
            sys.stdout.buffer.write(data)
