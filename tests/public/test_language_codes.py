"""Language codes as people and links write them: `?lang=es-MX`, `?lang=AR` and `es_mx` open the
survey in Spanish and Arabic, not in English."""

from __future__ import annotations

import pytest

from surveyapp.i18n import match_language

from .respondent import Respondent


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("es", "es"),
        ("ES", "es"),
        ("es-MX", "es"),
        ("es_mx", "es"),
        ("AR", "ar"),
        ("ar-EG", "ar"),
        ("zh-Hant-TW", None),
        ("", None),
        ("de", None),
        ("e", None),
    ],
)
def test_a_code_matches_its_language_whatever_its_case_and_region(asked, expected):
    assert match_language(asked, ("en", "es", "ar")) == expected


def test_a_survey_language_with_a_region_is_matched_exactly_first():
    assert match_language("pt-br", ("pt", "pt-BR")) == "pt-BR"
    assert match_language("pt-PT", ("pt", "pt-BR")) == "pt"


@pytest.mark.parametrize(
    ("query", "lang", "text"),
    [("es-MX", "es", "Acepto"), ("AR", "ar", 'dir="rtl"'), ("Es_mx", "es", "Acepto")],
)
def test_a_link_with_a_region_or_capitals_opens_in_that_language(client, small_survey, query, lang, text):
    person = Respondent(client)
    page = person.open(f"?lang={query}").get_data(as_text=True)
    assert f'<html lang="{lang}"' in page
    assert text in page
    # Remembered as the language itself on the pages after.
    assert f'<html lang="{lang}"' in person.open().get_data(as_text=True)
