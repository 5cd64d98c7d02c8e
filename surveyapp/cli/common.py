"""What every command shares: a missing schema said in one line, the audit log's actor, the survey
named on the command line, and where an export goes."""

from __future__ import annotations

import functools
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from sqlalchemy.exc import OperationalError, ProgrammingError

from ..db import get_session


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


def cli_actor() -> str:
    """Who the audit log names for a command: the operating-system user who ran it."""
    return f"cli:{getpass.getuser()}"


def current_survey(slug: str):  # type: ignore[no-untyped-def]
    """The survey of `--survey SLUG` with a published version, or a one-line error."""
    from ..services.surveys import survey_by_slug

    survey = survey_by_slug(get_session(), slug)
    if survey is None or survey.current_version is None:
        raise click.ClickException(f"no survey {slug!r}")
    return survey


def write_out(data: bytes, out: str | None, what: str) -> None:
    """An export to `--out FILE` (said on stderr) or to stdout."""
    if out:
        Path(out).write_bytes(data)
        click.echo(f"wrote {what} to {out}", err=True)
    else:
        sys.stdout.buffer.write(data)
