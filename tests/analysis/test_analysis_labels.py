"""Emergent theme names in every language a theme holds, in the reader's language where the
codebook's cross-language terms allow, and never made of numbers, time units or pronouns."""

from __future__ import annotations

import json

import pandas as pd

from analysis import find_themes, load_codebook
from analysis.__main__ import main
from analysis.codebook import Category, Codebook
from analysis.naming import Concepts, name_theme, unfit_for_name
from analysis.results import Theme, ThemeResult
from tests.fixtures.corpus import make_corpus

# Somali and Nepali answers about the ServSafe exam (fictional): no codebook term names it.
SOMALI = [
    "Imtixaanka ServSafe waan ku dhacay laba jeer",
    "Imtixaanka ServSafe aad buu u adag yahay",
    "Ma haysto shahaadada ServSafe",
    "Fasalka ServSafe habeenkii ma jiro",
    "ServSafe imtixaanka lacag badan ayuu ku kacaa",
]
NEPALI = [
    "ServSafe परीक्षा धेरै गाह्रो छ",
    "मैले दस वर्षदेखि ServSafe परीक्षा पास गरेको छैन",
    "ServSafe कक्षा साँझमा हुँदैन",
    "मैले ServSafe परीक्षा दुई पटक दिएँ, दस वर्ष भयो",
]
FUNCTION_WORDS = {"मैले", "दस", "वर्ष", "दुई", "पटक"}


def _mixed_corpus() -> pd.DataFrame:
    rows = [{"id": f"exam-so-{i}", "text": t, "lang": "so"} for i, t in enumerate(SOMALI)]
    rows += [{"id": f"exam-ne-{i}", "text": t, "lang": "ne"} for i, t in enumerate(NEPALI)]
    return pd.concat([make_corpus(), pd.DataFrame(rows)], ignore_index=True)


def _theme_holding(result: ThemeResult, *langs: str) -> Theme:
    a = result.assignments
    for theme in result.themes:
        held = set(a[a["theme_id"] == theme.id]["lang"])
        if theme.kind == "emergent" and set(langs) <= held:
            return theme
    raise AssertionError(f"no emergent theme holds answers in {langs}")


def test_a_theme_holding_somali_and_nepali_answers_is_named_in_both() -> None:
    result = find_themes(_mixed_corpus())
    theme = _theme_holding(result, "so", "ne")
    assert theme.terms_by_lang["so"]
    assert theme.terms_by_lang["ne"]
    # The name every reader falls back to marks each term's language.
    assert "(so)" in theme.label
    assert "(ne)" in theme.label
    for term in theme.terms_by_lang["so"]:
        assert term in theme.label
    # A Somali reader sees the Somali terms first, the others marked.
    assert theme.labels["so"].startswith(" / ".join(theme.terms_by_lang["so"]))
    assert "(so)" not in theme.labels["so"]
    assert "(ne)" in theme.labels["so"]
    assert "(ne)" not in theme.labels["ne"]
    assert "(so)" in theme.labels["ne"]


def test_numbers_time_units_and_pronouns_name_no_theme() -> None:
    result = find_themes(_mixed_corpus())
    for theme in result.themes:
        named = set(theme.top_terms.get("ne", [])) | set(theme.terms_by_lang.get("ne", []))
        assert not named & FUNCTION_WORDS, theme
        assert not any(word in theme.label.split() for word in FUNCTION_WORDS)
    unfit = unfit_for_name("ne")
    assert all(unfit(w) for w in ("मैले", "दस", "वर्ष", "१०", "हामीले"))
    assert not unfit("परीक्षा")
    assert unfit_for_name("en")("years")
    assert unfit_for_name("es")("años")
    assert not unfit_for_name("en")("exam")


def test_a_codebook_term_gives_the_name_in_other_languages() -> None:
    codebook = load_codebook()
    # An Arabic theme about buying a car: "سيارة" (car) is a transportation seed term.
    name = name_theme({"ar": ["املك", "سيارة"]}, {"ar": 5}, Concepts(codebook))
    transport = codebook.category("transportation")
    assert transport is not None
    assert name.label == "املك / سيارة"
    assert name.terms_by_lang == {"ar": ["املك", "سيارة"]}
    assert name.labels["ar"] == "املك / سيارة"
    # Readers of other languages get the concept's term in their language, the rest marked.
    # Arabic words isolated (U+2068 ... U+2069), so that their mark follows them on screen.
    assert name.labels["es"] == f"{transport.terms['es'][0][0]} · \u2068املك\u2069 (ar)"
    assert name.labels["so"] == f"{transport.terms['so'][0][0]} · \u2068املك\u2069 (ar)"
    assert name.labels["ne"].startswith("यातायात")
    # With a term of the reader's own language for the same concept, that word is used.
    mixed = name_theme({"ar": ["سيارة"], "es": ["carro", "comprar"]}, {"ar": 4, "es": 2}, Concepts(codebook))
    assert mixed.labels["es"] == "carro / comprar"
    assert mixed.labels["en"].startswith(transport.terms["en"][0][0])


def test_a_word_of_two_concepts_stands_for_the_nearer_one() -> None:
    codebook = Codebook(
        [
            Category("school", "barrier", {"en": "School"}, {"en": [("bus", 0.5), ("class", 1.0)],
                                                              "es": [("escuela", 1.0)]}),
            Category("transport", "barrier", {"en": "Transport"}, {"en": [("bus", 1.0), ("ride", 1.0)],
                                                                   "es": [("transporte", 1.0)]}),
        ]
    )  # fmt: skip
    # "ride" stands only for transport, so "bus" does too in this theme ...
    assert name_theme({"en": ["bus", "ride"]}, {"en": 3}, Concepts(codebook)).labels["es"] == "transporte"
    # ... and with "class" beside it and no "ride", for school.
    name = name_theme({"en": ["bus", "class", "late"]}, {"en": 3}, Concepts(codebook))
    assert name.labels["es"] == "escuela · late (en)"


def test_names_are_deterministic_and_do_not_depend_on_row_order() -> None:
    docs = _mixed_corpus()
    first = find_themes(docs)
    again = find_themes(docs.sample(frac=1.0, random_state=3).reset_index(drop=True))

    def names(result: ThemeResult) -> dict[str, tuple[str, dict[str, str], dict[str, list[str]]]]:
        return {t.id: (t.label, t.labels, t.terms_by_lang) for t in result.themes}

    assert names(first) == names(again)


def test_the_cli_keeps_label_and_adds_names_per_language(tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "answers.csv"
    _mixed_corpus().to_csv(source, index=False)
    assert main(["themes", str(source), "--lang-col", "lang", "--out", str(tmp_path / "out"), "--quiet"]) == 0
    themes = json.loads((tmp_path / "out" / "themes.json").read_text("utf-8"))["themes"]
    emergent = [t for t in themes if t["kind"] == "emergent"]
    assert emergent
    for theme in themes:
        assert isinstance(theme["label"], str)
        assert theme["label"]
        assert isinstance(theme["labels"], dict)
        assert isinstance(theme["terms_by_lang"], dict)
    childcare = next(t for t in themes if t["id"] == "childcare")
    assert childcare["labels"]["es"] == "Cuidado de niños"
    assert any(set(t["terms_by_lang"]) >= {"so", "ne"} for t in emergent)
    assignments = pd.read_csv(tmp_path / "out" / "assignments.csv", dtype=str)
    shown = dict(zip(assignments["theme_id"], assignments["theme_label"], strict=True))
    assert all(shown[t["id"]] == t["label"] for t in emergent)
