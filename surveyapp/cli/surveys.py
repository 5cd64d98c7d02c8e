"""`survey import` and `survey export`: XLSForms in and out, publishing from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup

from ..db import get_session
from ..services import audit
from .common import cli_actor, needs_database

survey_group = AppGroup("survey", help="Survey forms (XLSForm).")


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
    from ..services.attachments import read_paths
    from ..services.surveys import import_survey
    from ..services.xlsform import XLSFormError, read_xlsform

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
    actor = cli_actor()
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
    from ..services.channels import ChannelError
    from ..services.survey_links import LinkError, choose_partner, link_channel, public_address

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
    from ..services.attached_choices import attachment_files
    from ..services.surveys import survey_by_slug
    from ..services.xlsform import to_xlsx

    survey = survey_by_slug(get_session(), slug)
    if survey is None or survey.current_version is None:
        raise click.ClickException(f"no survey {slug!r}")
    Path(file).write_bytes(to_xlsx(survey.current_version.definition, slug))
    from ..services.form_media import files_of

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
        actor=cli_actor(),
        target=f"survey:{slug}",
        version=survey.current_version.version,
    )
    get_session().commit()
    click.echo(f"wrote {file}")
