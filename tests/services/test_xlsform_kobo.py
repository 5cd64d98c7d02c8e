"""A workbook downloaded from Kobo's form builder carries its bookkeeping columns (`$kuid`,
`$autoname`, `$autovalue`, ...): it imports as Kobo deploys it, and a problem in it still names the
author's row."""

from __future__ import annotations

import openpyxl
import pytest

from surveyapp.services.xlsform import XLSFormError, read_xlsform


def _kobo_form(path, relevant=""):  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    for row in (
        ["type", "$kuid", "$autoname", "name", "label::English (en)", "required", "relevant", "$given_name"],
        ["start", "k1", "start", "start", "", "", "", ""],
        ["end", "k2", "end", "end", "", "", "", ""],
        ["select_one ab", "k3", "pick", "pick", "Pick one", "true", "", ""],
        ["text", "k4", "why", "why", "Why?", "false", relevant, "why"],
    ):
        survey.append(row)
    choices = book.create_sheet("choices")
    for row in (
        ["list_name", "name", "label::English (en)", "$kuid", "$autovalue"],
        ["ab", "a", "A", "c1", "a"],
        ["ab", "b", "B", "c2", "b"],
    ):
        choices.append(row)
    settings = book.create_sheet("settings")
    settings.append(["version", "default_language"])
    settings.append(["vKx7Qa2", "English (en)"])
    book.save(path)
    return path


def test_a_kobo_download_imports_without_its_bookkeeping(tmp_path):
    parsed = read_xlsform(_kobo_form(tmp_path / "kobo.xlsx", relevant="${pick} = 'b'"))
    assert parsed.warnings == []
    questions = {q["name"]: q for page in parsed.definition["pages"] for q in page["questions"]}
    assert list(questions) == ["pick", "why"]
    assert parsed.definition["choices"]["ab"] == [
        {"name": "a", "label": {"en": "A"}},
        {"name": "b", "label": {"en": "B"}},
    ]


def test_a_problem_in_a_kobo_download_names_the_authors_row(tmp_path):
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(_kobo_form(tmp_path / "kobo.xlsx", relevant="${nowhere} = 'b'"))
    assert [(p.sheet, p.row, p.column) for p in refused.value.problems] == [("survey", 5, "relevant")]
