"""The flask commands a new user and a cron job run."""

from __future__ import annotations

import csv
import io
import uuid

import openpyxl
from sqlalchemy import func, select

from surveyapp.models import AuditEvent, Channel, Partner, Response, Survey, SurveyVersion
from surveyapp.services.complete_rows import insert_complete


def test_survey_import_is_idempotent_per_version(app, small_form, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["survey", "import", str(small_form)])
    assert first.exit_code == 0, first.output
    assert "small version 2026010101: imported and published" in first.output
    again = runner.invoke(args=["survey", "import", str(small_form)])
    assert again.exit_code == 0
    assert "unchanged" in again.output
    assert db.scalar(select(func.count()).select_from(SurveyVersion)) == 1


def test_survey_import_reports_every_problem_with_its_sheet_row_and_column(app, xlsform):
    path = xlsform(
        [
            {"type": "text", "name": "a", "label::en": "A"},
            {"type": "hologram", "name": "where", "label::en": "Where"},
            {"type": "text", "name": "c", "label::en": "C", "relevant": "eval('x')"},
            {"type": "integer", "name": "d", "label::en": "D", "constraint": ". > (1"},
            {"type": "integer", "name": "a", "label::en": "A again"},
        ]
    )
    result = app.test_cli_runner().invoke(args=["survey", "import", str(path)])
    assert result.exit_code == 1
    assert (
        "error: sheet survey, row 3, column type: The question type hologram is not supported"
        in result.output
    )
    assert "error: sheet survey, row 4, column relevant:" in result.output
    assert "unknown function 'eval'" in result.output
    assert "error: sheet survey, row 5, column constraint:" in result.output
    assert "error: sheet survey, row 6, column name: The name a is already used in row 2" in result.output
    assert "4 problem(s); nothing was imported" in result.output


def test_survey_import_passes_on_pyxform_errors_with_their_row(app, xlsform):
    path = xlsform(
        [
            {"type": "text", "name": "a", "label::en": "A"},
            {"type": "integer", "name": "b c", "label::en": "B"},
        ]
    )
    result = app.test_cli_runner().invoke(args=["survey", "import", str(path)])
    assert result.exit_code == 1
    assert "error: sheet survey, row 3: [row : 3]" in result.output


def test_survey_import_refuses_same_version_with_other_content(app, xlsform):
    runner = app.test_cli_runner()
    one = xlsform([{"type": "text", "name": "a", "label::en": "A"}], name="one.xlsx")
    two = xlsform([{"type": "text", "name": "a", "label::en": "Changed"}], name="two.xlsx")
    assert runner.invoke(args=["survey", "import", str(one)]).exit_code == 0
    result = runner.invoke(args=["survey", "import", str(two)])
    assert result.exit_code == 1
    assert "change version in the settings sheet" in result.output


def _warned(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [{"type": "text", "name": "a", "label::en": "A", "appearance": "counter"}],
        settings={"form_id": "warned", "public_key": "abc"},
    )


def test_survey_import_prints_the_warnings_and_publishes(app, xlsform, db):
    result = app.test_cli_runner().invoke(args=["survey", "import", str(_warned(xlsform))])
    assert result.exit_code == 0, result.output
    assert (
        "warning: sheet survey, row 2, column appearance: The appearance counter is not used" in result.output
    )
    assert "warning: sheet settings, row 2, column public_key:" in result.output
    assert "warned version 1: imported and published" in result.output
    survey = db.scalar(select(Survey).where(Survey.slug == "warned"))
    assert survey.current_version.published_at is not None
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.target == "survey:warned")).all()
    assert sorted(actions) == ["survey.import", "survey.publish"]


def test_survey_import_dry_run_reports_and_stores_nothing(app, xlsform, db):
    result = app.test_cli_runner().invoke(args=["survey", "import", "--dry-run", str(_warned(xlsform))])
    assert result.exit_code == 0, result.output
    assert "warning: sheet survey, row 2, column appearance" in result.output
    assert "dry run: nothing stored" in result.output
    assert db.scalar(select(func.count()).select_from(SurveyVersion)) == 0
    assert db.scalar(select(func.count()).select_from(Survey)) == 0


def test_survey_import_publishes_a_version_an_admin_has_not_published_yet(app, xlsform, db):
    from surveyapp.services.surveys import import_survey

    pending = import_survey(db, _warned(xlsform), hold_if_warnings=True)
    db.commit()
    assert not pending.published
    result = app.test_cli_runner().invoke(args=["survey", "import", str(_warned(xlsform))])
    assert "published (it was imported before)" in result.output
    db.expire_all()
    assert db.get(Survey, pending.survey.id).current_version_id == pending.version.id


def _partner(db, slug):  # type: ignore[no-untyped-def]
    db.add(Partner(slug=slug, name=slug.title(), kind="cbo", languages=["en"]))
    db.commit()


def test_survey_import_with_link_prints_the_public_address(app, small_form, db, client):
    _partner(db, "library")
    result = app.test_cli_runner().invoke(args=["survey", "import", str(small_form), "--link"])
    assert result.exit_code == 0, result.output
    address = result.output.strip().splitlines()[-1]
    assert address.startswith("public link: http://127.0.0.1:8000/s/")
    token = address.rsplit("/", 1)[1]
    channel = db.scalar(select(Channel).where(Channel.token == token))
    assert channel.mode == "link"
    assert "Welcome" in client.get(f"/s/{token}").get_data(as_text=True)
    again = app.test_cli_runner().invoke(args=["survey", "import", str(small_form), "--link"])
    assert again.output.strip().splitlines()[-1] == address  # the same link, not a second one


def test_survey_import_link_uses_public_url_and_the_chosen_partner(app, small_form, db):
    _partner(db, "library")
    _partner(db, "clinic")
    runner = app.test_cli_runner()
    several = runner.invoke(args=["survey", "import", str(small_form), "--link"])
    assert several.exit_code == 1
    assert "choose one with --partner (clinic, library)" in several.output
    assert db.scalar(select(func.count()).select_from(SurveyVersion)) == 0
    unknown = runner.invoke(args=["survey", "import", str(small_form), "--link", "--partner", "nope"])
    assert "no partner organization 'nope' (known: clinic, library)" in unknown.output
    alone = runner.invoke(args=["survey", "import", str(small_form), "--partner", "clinic"])
    assert alone.exit_code == 2
    assert "add --link" in alone.output
    app.config["PUBLIC_URL"] = "https://survey.example.org"
    try:
        chosen = runner.invoke(args=["survey", "import", str(small_form), "--link", "--partner", "clinic"])
    finally:
        app.config["PUBLIC_URL"] = ""
    assert chosen.exit_code == 0, chosen.output
    assert "public link: https://survey.example.org/s/" in chosen.output
    channel = db.scalar(select(Channel))
    assert channel.partner.slug == "clinic"
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "channel.save")) is not None


def test_survey_export_round_trips_through_import(app, small_form, tmp_path, db):
    runner = app.test_cli_runner()
    runner.invoke(args=["survey", "import", str(small_form)])
    out = tmp_path / "exported.xlsx"
    result = runner.invoke(args=["survey", "export", "small", str(out)])
    assert result.exit_code == 0, result.output
    from surveyapp.services.xlsform import parse_xlsform

    assert parse_xlsform(out) == db.scalars(select(SurveyVersion)).one().definition


def test_demo_twice_changes_nothing(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    count = db.scalar(select(func.count()).select_from(Response))
    assert count >= 10
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0
    assert "0 sample responses added" in result.output
    assert db.scalar(select(func.count()).select_from(Response)) == count


def test_export_responses_csv_has_codes_labels_and_neutralized_formulas(app, db, demo):
    # A complete response is frozen in the database, so the formula arrives as a new one would.
    sample = db.scalars(select(Response)).first()
    response_id = str(uuid.uuid4())
    insert_complete(
        db,
        [
            {
                "id": response_id,
                "survey_id": sample.survey_id,
                "version_id": sample.version_id,
                "channel_id": sample.channel_id,
                "language": "en",
                "completed_at": sample.completed_at,
            }
        ],
        [{"response_id": response_id, "question": "hardest", "value": '=HYPERLINK("http://x","click")'}],
    )
    db.commit()
    result = app.test_cli_runner().invoke(
        args=["export", "responses", "--survey", "barriers", "--lang", "es"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output.lstrip("\ufeff"))))
    assert len(rows) == db.scalar(
        select(func.count()).select_from(Response).where(Response.status == "complete")
    )
    assert {"response_id", "barriers", "barriers__label", "hardest", "sample_data"} <= set(rows[0])
    row = next(r for r in rows if r["response_id"] == response_id)
    assert row["hardest"].startswith("'=HYPERLINK")
    with_barriers = next(r for r in rows if "transportation" in r["barriers"].split())
    assert "Transporte" in with_barriers["barriers__label"]


def test_export_responses_xlsx_to_a_file(app, db, tmp_path, demo):
    out = tmp_path / "responses.xlsx"
    result = app.test_cli_runner().invoke(
        args=["export", "responses", "--survey", "barriers", "--format", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[0] == "response_id"
    assert "zip_code" in header
    assert sheet.max_row - 1 >= 10


def test_export_unknown_survey_is_a_clear_error(app):
    result = app.test_cli_runner().invoke(args=["export", "responses", "--survey", "nope"])
    assert result.exit_code != 0
    assert "no survey 'nope'" in result.output


def test_translations_status_lists_every_language(app, db, demo):
    result = app.test_cli_runner().invoke(args=["translations", "status"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "barriers" in lines[0]
    for code in ("es", "ar", "so", "vi", "fr", "ht", "ne"):
        assert any(line.startswith(code + " ") for line in lines), code
    nepali = next(line for line in lines if line.startswith("ne "))
    assert "100%" not in nepali.split()[-1]  # one hint left untranslated in the demo, on purpose


def test_commands_on_an_unmigrated_database_say_what_to_do(tmp_path):
    from surveyapp import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "TESTING": True})
    result = app.test_cli_runner().invoke(args=["translations", "status"])
    assert result.exit_code == 1
    assert "run `flask --app wsgi db upgrade` first" in result.output
    assert "Traceback" not in result.output
    app.extensions["db_engine"].dispose()


def test_user_create_makes_a_liaison_of_a_partner_and_prints_a_password_once(app, db, demo):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["user", "create", "Maria@Example.org", "--role", "liaison", "--org", "st-marks"]
    )
    assert result.exit_code == 0, result.output
    assert "created maria@example.org (liaison, st-marks)" in result.output
    password = result.output.split("password: ")[1].strip()
    from surveyapp.models import User
    from surveyapp.services.users import verify_secret

    user = db.scalar(select(User).where(User.email == "maria@example.org"))
    assert verify_secret(user.password_hash, password)
    again = runner.invoke(args=["user", "create", "maria@example.org", "--role", "admin"])
    assert again.exit_code != 0
    assert "exists already" in again.output
    no_org = runner.invoke(args=["user", "create", "x@example.org", "--role", "liaison"])
    assert no_org.exit_code != 0
    assert "give --org SLUG" in no_org.output
    unknown = runner.invoke(args=["user", "create", "y@example.org", "--role", "liaison", "--org", "nope"])
    assert "no partner organization 'nope'" in unknown.output
    typed = runner.invoke(
        args=["user", "create", "z@example.org", "--role", "analyst", "--password-stdin"], input="short\n"
    )
    assert typed.exit_code != 0
    assert "at least 12 characters" in typed.output


def test_demo_creates_the_staff_logins_and_the_kiosk_channel(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_PASSWORD", "demo-pass-12345")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "password from DEMO_PASSWORD" in result.output
    for email in ("admin@demo.test", "analyst@demo.test", "liaison@demo.test", "facilitator@demo.test"):
        assert email in result.output
    from surveyapp.models import Channel, User

    liaison = db.scalar(select(User).where(User.email == "liaison@demo.test"))
    assert liaison.partner.slug == "demo-partner"
    kiosk = db.scalar(select(Channel).where(Channel.token == "demo-kiosk"))
    assert kiosk.mode == "kiosk"
    assert kiosk.partner_id == liaison.partner_id


def test_demo_refuses_a_production_configuration(app, monkeypatch):
    monkeypatch.setitem(app.config, "ENV", "production")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert "refusing" in result.output


def test_cli_export_is_audit_logged(app, db, demo):
    app.test_cli_runner().invoke(args=["export", "responses", "--survey", "barriers"])
    from surveyapp.models import AuditEvent

    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "export.responses"))
    assert event is not None
    assert event.target == "survey:barriers"
    assert event.actor.startswith("cli:")


def test_db_upgrade_says_what_it_did(tmp_path):
    """A new database: the schema is created and each migration named; a second run says nothing was
    left to apply (not "up to date" after creating everything)."""
    from surveyapp import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}", "TESTING": True})
    first = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert "created the schema with" in first.output
    assert "bd133256feb2 surveys partners channels responses" in first.output
    again = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert "already up to date at revision" in again.output
    assert "nothing to apply" in again.output
    app.extensions["db_engine"].dispose()
