"""`flask survey import FORM ATTACHMENT...`: the files a form reads come with it, and `survey export`
writes them back beside the workbook."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.models import SurveyVersion


def test_survey_import_takes_attached_files_and_export_writes_them_back(app, xlsform, db, tmp_path):
    form = xlsform(
        [
            {"type": "select_one_from_file cities.csv", "name": "city", "label::en": "City?"},
            {"type": "calculate", "name": "pop", "calculation": "pulldata('cities', 'pop', 'name', ${city})"},
        ],
        settings={"form_id": "cities"},
    )
    cities = tmp_path / "cities.csv"
    cities.write_text("name,label,pop\nlyon,Lyon,500000\n", encoding="utf-8")
    runner = app.test_cli_runner()
    missing = runner.invoke(args=["survey", "import", str(form)])
    assert missing.exit_code == 1
    assert "cities.csv, which is not attached" in missing.output
    result = runner.invoke(args=["survey", "import", str(form), str(cities)])
    assert result.exit_code == 0, result.output
    assert "cities version 1: imported and published" in result.output
    definition = db.scalars(select(SurveyVersion)).one().definition
    assert definition["choices"]["cities.csv"][0]["name"] == "lyon"
    out = tmp_path / "out"
    out.mkdir()
    exported = runner.invoke(args=["survey", "export", "cities", str(out / "cities.xlsx")])
    assert exported.exit_code == 0, exported.output
    assert (out / "cities.csv").read_text(encoding="utf-8") == "name,label,pop\nlyon,Lyon,500000\n"
    again = runner.invoke(args=["survey", "import", str(out / "cities.xlsx"), str(out / "cities.csv")])
    assert "unchanged (this version was already imported)" in again.output


def test_survey_import_takes_media_and_export_writes_them_back(app, xlsform, db, tmp_path):
    from .media_files import png, wav

    form = xlsform(
        [{"type": "note", "name": "n", "label::en": "Look", "image::en": "cow.png", "audio::en": "moo.wav"}],
        settings={"form_id": "cow"},
    )
    (tmp_path / "cow.png").write_bytes(png())
    (tmp_path / "moo.wav").write_bytes(wav())
    runner = app.test_cli_runner()
    missing = runner.invoke(args=["survey", "import", str(form), str(tmp_path / "cow.png")])
    assert missing.exit_code == 1
    assert "row 2, column audio::English (en): moo.wav is not attached" in missing.output
    result = runner.invoke(
        args=["survey", "import", str(form), str(tmp_path / "cow.png"), str(tmp_path / "moo.wav")]
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    out.mkdir()
    exported = runner.invoke(args=["survey", "export", "cow", str(out / "cow.xlsx")])
    assert exported.exit_code == 0, exported.output
    assert (out / "cow.png").read_bytes() == png()
    assert (out / "moo.wav").read_bytes() == wav()
    again = runner.invoke(
        args=["survey", "import", str(out / "cow.xlsx"), str(out / "cow.png"), str(out / "moo.wav")]
    )
    assert "unchanged (this version was already imported)" in again.output
