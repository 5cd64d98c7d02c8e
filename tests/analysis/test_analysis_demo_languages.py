"""The demo answers in eight languages group by barrier, not by language.

`surveyapp/demo/sample_answers.csv` holds 321 fictional responses in en, es, ar, so, vi, fr, ht and
ne. The app analyses the free-text questions `hardest` and `help_most`, one document per answer; so
do these tests, with the shipped codebook and stop words and the default options.

The answers below were chosen by reading them: each names one barrier in plain words and no other
barrier (answers naming two barriers, such as childcare and the bus, may fairly land in either
theme and are left out). They are found by their text, so rows added to the demo file do not shift
them. Where the codebook lacks a language's words for a barrier, its answers drift to another theme
or gather in an emergent theme of their own language: that is what these tests catch.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from analysis import ThemeOptions, ThemeResult, find_themes

DEMO = Path(__file__).resolve().parents[2] / "surveyapp" / "demo" / "sample_answers.csv"
QUESTIONS = ("hardest", "help_most")

Chosen = dict[str, tuple[str, ...]]

CHILDCARE: Chosen = {
    "en": ("Free childcare while I study at night.",),
    "es": (
        "Ayuda con el cuidado de niños mientras estudio.",
        "Mis hijos son pequeños y no tengo con quien dejarlos.",
        "Guardería gratis durante las clases.",
        "guardería",
        "Una guardería que acepte niños con necesidades especiales.",
    ),
    "ar": (
        "ليس عندي من يعتني بأطفالي بعد المدرسة.",
        "حضانة قريبة من مكان الدراسة.",
        "عندي أربعة أطفال ولا أحد يرعاهم وقت الدرس.",
        "حضانة مجانية أثناء الدروس.",
    ),
    "so": ("Xanaano bilaash ah.",),
    "vi": (
        "Giữ trẻ miễn phí khi đi học.",
        "Con tôi còn nhỏ, không có ai trông.",
        "Nhà trẻ miễn phí.",
    ),
    "fr": ("Une garderie près de la formation.",),
    "ht": (
        "Gadri gratis pandan kou yo.",
        "Mwen pa gen moun pou gade timoun yo lè m ap etidye.",
    ),
}

TRANSPORTATION: Chosen = {
    "en": (
        "My car broke down and the only class is across town at 8 am.",
        "Gas cards or carpool.",
        "bus",
        "bus pass",
        "Clients live all over the county and you need a car. I only have a bike.",
        "Help buying a used car, or clients on the bus line.",
    ),
    "es": (
        "El camión no llega a la escuela técnica.",
        "Transporte o clases en el barrio.",
        "Ayuda con transporte.",
        "Vivo en el campo y no hay autobús.",
        "no tengo carro y el bus tarda 2 horas",
        "un raite a las clases",
        "mi carro es muy viejo y no pasa la inspeccion para las apps",
    ),
    "ar": (
        "لا توجد حافلة إلى معهد التدريب في الصباح.",
        "مواصلات أو دروس قريبة.",
        "المواصلات",
        "باص",
    ),
    "so": (
        "Bas ma jiro oo gaara dugsiga farsamada.",
        "Gaadiid ama fasal u dhow.",
        "Baabuurkayga ayaa jabay, baskuna wuu fog yahay.",
        "Kaarka baska.",
        "gaari wadaag ama bus pass",
    ),
    "vi": ("Không có xe buýt đến trường nghề.", "Hỗ trợ đi lại."),
    "fr": ("Pas de voiture et l'école est loin.", "Cours plus près ou transport."),
    "ht": (
        "Pa gen bis ki ale lekòl la bonè.",
        "Transpò oswa kou pi pre.",
        "bus la pa pase weekend",
        "yon ride",
    ),
    "ne": ("कामसम्म पुग्ने यातायात।", "तालिम केन्द्र धेरै टाढा छ।", "यातायात सहयोग।"),
}

HOUSING: Chosen = {
    "en": (
        "We might be evicted next month so school feels impossible.",
        "Help with rent first, then school.",
        "A place to live first.",
    ),
    "es": (
        "Ayuda con la renta mientras estudio.",
        "Nos cambiamos de casa tres veces este año.",
        "Vivienda estable primero.",
        "El dueño del apartamento nos quiere sacar y no sé a dónde vamos a ir.",
        "Asesoría legal sobre vivienda.",
    ),
    "ar": ("نعيش مع عائلة أخرى في شقة صغيرة.", "سكن مناسب."),
    "so": ("Guriga aan deganahay waa yar yahay, waxaan nahay sagaal qof.", "Guri ku filan."),
    "vi": ("Hỗ trợ tiền nhà trong lúc đi học.",),
    "fr": ("On risque d'être expulsés, je ne peux pas penser aux études.", "Aide au logement d'abord."),
    "ht": ("Èd pou lwaye.",),
    "ne": ("हाम्रो घर सानो छ, आठ जना बस्छौं।", "उपयुक्त आवास।"),
}

# A theme counts as "one language" when at least this share of its answers (and at least
# MIN_ANSWERS of them) are in the same language.
ONE_LANGUAGE_SHARE = 0.8
MIN_ANSWERS = 4


@dataclass
class Run:
    """A run of the analysis on the demo answers, with each document's row of the demo file."""

    documents: pd.DataFrame
    rows: pd.DataFrame
    result: ThemeResult

    def theme_of(self) -> pd.Series:
        return self.result.assignments.set_index("id")["theme_id"]

    def ids_of(self, text: str, lang: str) -> list[str]:
        docs = self.documents
        return list(docs.loc[(docs["text"] == text) & (docs["lang"] == lang), "id"])

    def checklist(self, doc_id: str) -> set[str]:
        """The barriers ticked in the same response's checklist question."""
        return set(str(self.rows.at[int(doc_id.split(":")[0]), "barriers"]).split())


def _run(questions: tuple[str, ...]) -> Run:
    rows = pd.read_csv(DEMO, dtype=str, keep_default_na=False)
    docs = pd.DataFrame(
        [
            {"id": f"{i}:{question}", "text": row[question], "lang": row["lang"]}
            for i, row in rows.iterrows()
            for question in questions
            if row[question].strip()
        ]
    )
    return Run(docs, rows, find_themes(docs, ThemeOptions(k="auto")))


@pytest.fixture(scope="module")
def answers() -> Run:
    """Both free-text questions, one document per answer, as the app sends them."""
    return _run(QUESTIONS)


@pytest.fixture(scope="module")
def hardest() -> Run:
    """Only the answers to "What makes it hardest...", one per respondent."""
    return _run(("hardest",))


@pytest.mark.parametrize(
    ("theme_id", "chosen"),
    [("childcare", CHILDCARE), ("transportation", TRANSPORTATION), ("housing", HOUSING)],
)
def test_answers_about_a_barrier_land_in_its_theme_in_five_languages(
    answers: Run, theme_id: str, chosen: Chosen
) -> None:
    theme_of = answers.theme_of()
    landed: list[str] = []
    astray: dict[str, dict[str, str]] = {}
    for lang, texts in chosen.items():
        ids = {text: answers.ids_of(text, lang) for text in texts}
        assert all(ids.values()), f"not in {DEMO.name}: {[t for t, found in ids.items() if not found]}"
        wrong = {
            text: str(theme_of[doc_id])
            for text, found in ids.items()
            for doc_id in found
            if theme_of[doc_id] != theme_id
        }
        if wrong:
            astray[lang] = wrong
        else:
            landed.append(lang)
    assert len(landed) >= 5, (
        f"answers about {theme_id} land in '{theme_id}' in {len(landed)} languages only "
        f"({', '.join(landed)}); elsewhere: {astray}"
    )


@pytest.mark.parametrize("layout", ["answers", "hardest"])
def test_no_emergent_theme_is_one_language_answering_a_codebook_barrier(
    layout: str, request: pytest.FixtureRequest
) -> None:
    run: Run = request.getfixturevalue(layout)
    assigned = run.result.assignments
    for theme in run.result.themes:
        if theme.kind != "emergent":
            continue
        members = assigned[assigned["theme_id"] == theme.id]
        if len(members) < MIN_ANSWERS:
            continue
        lang, count = Counter(members["lang"]).most_common(1)[0]
        if count / len(members) < ONE_LANGUAGE_SHARE:
            continue
        same = members.loc[members["lang"] == lang, "id"]
        # "other" in the checklist is the one choice without a codebook category.
        barrier = [doc_id for doc_id in same if run.checklist(doc_id) - {"other"}]
        assert len(barrier) <= len(same) / 2, (
            f"emergent theme '{theme.label}' is {count} of {len(members)} answers in '{lang}', "
            f"most of them about codebook barriers: "
            f"{[run.documents.set_index('id').at[i, 'text'] for i in barrier]}"
        )
