"""Real-world XLSForms (tests/data/xlsforms) never crash the import, and what pyxform refuses we
refuse too.

A refusal with findings is an answer the author can act on, so a form pyxform accepts may still be
refused while features are missing (bench/xlsform_corpus.py counts why). What must never happen: an
exception other than XLSFormError (the upload page would answer 500), a finding that does not say
which sheet it is on or says nothing, or a form pyxform refuses being published.
Known importer bugs are listed in KNOWN_BUGS: xfail(strict=True) keeps them visible and makes the
test fail the day one is fixed, so that its entry is removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bench.xlsform_corpus import attachments_for, check_form, corpus_forms, form_id, write_workbook
from surveyapp.services.surveys import import_survey
from surveyapp.survey.definition import FormDefinition

FORMS = corpus_forms()

KNOWN_BUGS: dict[str, str] = {}


def _params() -> list:
    return [
        pytest.param(
            path,
            id=form_id(path),
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[form_id(path)])]
            if form_id(path) in KNOWN_BUGS
            else [],
        )
        for path in FORMS
    ]


def test_the_corpus_is_there_and_the_known_bugs_name_its_forms() -> None:
    assert len(FORMS) >= 150
    assert set(KNOWN_BUGS) <= {form_id(path) for path in FORMS}


@pytest.mark.parametrize("md_path", _params())
def test_import_answers_with_findings_and_refuses_what_pyxform_refuses(md_path: Path, tmp_path: Path) -> None:
    outcome = check_form(md_path, tmp_path)
    if outcome.crash is not None:
        raise AssertionError(f"the import crashed on {outcome.form}") from outcome.crash
    for finding in outcome.findings:
        assert finding.sheet, f"finding without a sheet: {finding}"
        assert str(finding.message).strip(), f"finding without a message: {finding!r}"
    if not outcome.pyxform_accepts:
        assert not outcome.imported, f"pyxform refuses it ({outcome.pyxform_error}), we import it"


def test_every_form_we_read_is_also_stored_and_loads_again(db: Session, tmp_path: Path) -> None:
    """What read_xlsform accepts goes through import_survey (the upload page's path) too."""
    imported = []
    for number, md_path in enumerate(FORMS):
        if form_id(md_path) in KNOWN_BUGS:
            continue
        outcome = check_form(md_path, tmp_path)
        if outcome.imported:
            result = import_survey(
                db,
                write_workbook(md_path, tmp_path),
                slug=f"corpus-{number}",
                attachments=attachments_for(md_path),
            )
            FormDefinition.from_json(result.version.definition)
            assert result.published
            imported.append(outcome.form)
    db.commit()
    assert len(imported) >= 60, "the corpus has lost the forms the import supports"
