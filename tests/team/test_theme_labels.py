"""Theme names in the reader's language on every page and export (`services.theme_labels`): the
name in the page's language (?lang= or the staff member's browser language), the answers' own
words with their languages marked where there is none, and a name the team gave above all."""

from __future__ import annotations

import csv
import io
import re
from html import escape, unescape
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from surveyapp.models import AnalysisRun
from surveyapp.services.theme_labels import theme_label

from ..fixtures.staff import csrf_of


def _spanish_named(run: AnalysisRun) -> dict[str, Any]:
    """An emergent theme of the demo whose Spanish name differs from its English one."""
    for theme in run.result["themes"]:
        spanish = (theme.get("labels") or {}).get("es")
        if theme["kind"] == "emergent" and spanish and spanish != theme_label(theme, "en"):
            return theme
    raise AssertionError("the demo has no emergent theme with a Spanish name")


def _theme_rows(answer) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    rows = list(csv.DictReader(io.StringIO(answer.get_data().decode("utf-8-sig"))))
    return {r["theme_id"]: r["theme_label"] for r in rows}


def test_themes_show_in_spanish_with_lang_es(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    run = analysed
    theme = _spanish_named(run)
    spanish, english = theme["labels"]["es"], theme_label(theme, "en")

    page = analyst.get("/team/themes?lang=es").get_data(as_text=True)
    assert escape(spanish) in page
    assert escape(english) not in page
    answers = analyst.get(f"/team/themes/{theme['id']}/answers?lang=es").get_data(as_text=True)
    assert f"<h1>{escape(spanish)}</h1>" in answers
    # The export follows the page's language, or the language the export asks for.
    page = analyst.get("/team/exports")
    token = csrf_of(page)
    assert (
        _theme_rows(analyst.post("/team/exports/themes", data={"csrf_token": token, "fmt": "csv"}))[
            theme["id"]
        ]
        == spanish
    )
    asked = analyst.post("/team/exports/themes", data={"csrf_token": token, "fmt": "csv", "lang": "en"})
    assert _theme_rows(asked)[theme["id"]] == english

    # The report and the disaggregation table name every theme as the themes page does.
    names = {theme_label(t, "es") for t in run.result["themes"]}
    report = analyst.get("/team/report?lang=es").get_data(as_text=True)
    headings = [unescape(h) for h in re.findall(r'<div class="report-theme">\s*<h3>(.*?) <small>', report)]
    assert headings
    assert set(headings) <= names
    table = analyst.get("/team/disaggregate?rows=themes&by=language&lang=es").get_data(as_text=True)
    rows = {unescape(r) for r in re.findall(r'<th scope="row">(.*?)</th>', table)}
    assert {theme_label(t, "es") for t in run.result["themes"] if t["kind"] == "codebook"} & rows
    assert not ({theme_label(t, "en") for t in run.result["themes"]} - names) & rows

    page = analyst.get("/team/themes?lang=en").get_data(as_text=True)
    assert escape(english) in page
    assert escape(spanish) not in page


def test_themes_show_in_the_staff_members_own_language(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    run = analysed
    theme = _spanish_named(run)
    page = analyst.get("/team/themes", headers={"Accept-Language": "es-MX,es;q=0.9"})
    assert escape(theme["labels"]["es"]) in page.get_data(as_text=True)


def test_without_a_name_in_the_readers_language_the_terms_show_their_languages() -> None:
    theme = {
        "id": "emergent-1",
        "kind": "emergent",
        "label": "ged / imtixaanka (so) · परीक्षा (ne)",
        "labels": {"so": "ged / imtixaanka · परीक्षा (ne)", "ne": "परीक्षा · ged / imtixaanka (so)"},
        "terms_by_lang": {"so": ["ged", "imtixaanka"], "ne": ["परीक्षा"]},
        "label_source": "terms",
    }
    assert theme_label(theme, "so") == "ged / imtixaanka · परीक्षा (ne)"
    assert theme_label(theme, "es") == "ged / imtixaanka (so) · परीक्षा (ne)"
    # One language only: still marked for a reader of another language.
    alone = {**theme, "labels": {"ar": "عملت / الاردن"}, "terms_by_lang": {"ar": ["عملت", "الاردن"]}}
    assert theme_label(alone, "en") == "\u2068عملت / الاردن\u2069 (ar)"  # isolated: "(ar)" after it
    assert theme_label(alone, "ar") == "عملت / الاردن"
    # Results stored before names per language: their label as it was.
    old = {"id": "emergent-2", "kind": "emergent", "label": "rain / roof", "label_source": "terms"}
    assert theme_label(old, "es") == "rain / roof"


def test_a_name_the_team_gave_wins_in_every_language(
    analyst: FlaskClient, demo: Session, app: Flask, analysed: AnalysisRun
) -> None:
    run = analysed
    theme = _spanish_named(run)
    token = csrf_of(analyst.get("/team/themes"))
    done = analyst.post(
        f"/team/themes/{theme['id']}/rename",
        data={"csrf_token": token, "survey": "barriers", "label": "Examen del GED"},
        follow_redirects=True,
    )
    assert done.status_code == 200
    for lang in ("es", "en", "so"):
        page = analyst.get(f"/team/themes?lang={lang}").get_data(as_text=True)
        assert "Examen del GED" in page, lang
        assert escape(theme["labels"]["es"]) not in page, lang
    runner = app.test_cli_runner()
    for lang in ("es", "ar"):
        out = runner.invoke(args=["export", "themes", "--survey", "barriers", "--lang", lang])
        assert out.exit_code == 0, out.output
        assert _csv_names(out.output)[theme["id"]] == "Examen del GED"


def _csv_names(text: str) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return {r["theme_id"]: r["theme_label"] for r in rows}


def test_command_line_exports_name_themes_in_the_language_asked(
    app: Flask, demo: Session, analysed: AnalysisRun
) -> None:
    run = analysed
    theme = _spanish_named(run)
    runner = app.test_cli_runner()
    spanish = runner.invoke(args=["export", "themes", "--survey", "barriers", "--lang", "es"])
    assert spanish.exit_code == 0, spanish.output
    assert _csv_names(spanish.output)[theme["id"]] == theme["labels"]["es"]
    plain = runner.invoke(args=["export", "themes", "--survey", "barriers"])
    assert _csv_names(plain.output)[theme["id"]] == theme_label(theme, "en")
    table = runner.invoke(
        args=["export", "summary", "--survey", "barriers", "--by", "language", "--lang", "es"]
    )
    assert table.exit_code == 0, table.output
    shown = {row[0] for row in csv.reader(io.StringIO(table.output.lstrip("\ufeff")))}
    named = [t for t in run.result["themes"] if t["kind"] == "codebook" and t["labels"]["es"] != t["label"]]
    assert {t["labels"]["es"] for t in named} & shown
    assert not {t["label"] for t in named} & shown


def test_a_language_without_top_terms_is_not_listed_with_an_empty_list(
    analyst: FlaskClient, analysed: AnalysisRun
) -> None:
    """A theme holding a language whose words are all too rare to be top terms lists the other
    languages' terms only, not "Français: " with nothing after it."""
    empty = [
        (t["id"], lang)
        for t in analysed.result["themes"]
        for lang, terms in t["top_terms"].items()
        if not terms
    ]
    assert empty, "the demo's run has no theme with a language without top terms"
    page = analyst.get("/team/themes?samples=include").get_data(as_text=True)
    assert '<p class="terms">' in page
    assert not re.search(r"</bdi>: </span>", page)
