"""find_themes: cross-language themes, emergent themes, determinism, carry-over and team edits."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import ThemeOptions, ThemeResult, find_themes
from analysis.codebook import from_data, shipped_data
from tests.fixtures.corpus import make_corpus


def _theme_of(result: ThemeResult, prefix: str) -> set[str]:
    a = result.assignments
    return set(a.loc[a["id"].str.startswith(prefix), "theme_id"])


def test_childcare_in_three_languages_lands_in_one_theme(corpus: pd.DataFrame) -> None:
    result = find_themes(corpus)
    assert _theme_of(result, "childcare-") == {"childcare"}
    assert _theme_of(result, "transport-") == {"transportation"}
    childcare = result.theme("childcare")
    assert childcare is not None
    assert childcare.label == "Childcare"
    assert set(childcare.top_terms) == {"en", "es", "ar"}
    assert {q.lang for q in childcare.quotes} == {"en", "es", "ar"}


def test_unmatched_answers_form_an_emergent_theme_and_empty_ones_go_to_other(
    corpus: pd.DataFrame,
) -> None:
    result = find_themes(corpus)
    record = _theme_of(result, "record-")
    assert len(record) == 1
    theme = result.theme(record.pop())
    assert theme is not None
    assert theme.kind == "emergent"
    assert theme.category is None
    assert {"record", "background", "conviction", "felony"} & set(theme.label.split(" / "))
    assert _theme_of(result, "unclear-") == {"other"}
    assert "silhouette_by_emergent_k" in result.selection


def test_every_row_exactly_once_and_json_serializable(corpus: pd.DataFrame) -> None:
    result = find_themes(corpus, ThemeOptions(k=3))
    a = result.assignments
    assert list(a["id"]) == list(corpus["id"])
    assert a["theme_id"].notna().all()
    assert a["theme_label"].notna().all()
    data = json.loads(json.dumps(result.to_json()))
    assert sum(t["size"] for t in data["themes"]) == len(corpus)
    assert data["k_selection"]["k_requested"] == 3
    assert len([t for t in result.themes if t.kind != "other"]) == 3


def test_same_input_same_output_even_shuffled(corpus: pd.DataFrame) -> None:
    first = find_themes(corpus)
    second = find_themes(corpus)
    shuffled = find_themes(corpus.sample(frac=1.0, random_state=7))
    assert first.to_json() == second.to_json()
    assert first.assignments.equals(second.assignments)
    merged = first.assignments.merge(shuffled.assignments, on="id")
    assert (merged["theme_id_x"] == merged["theme_id_y"]).all()
    assert first.to_json()["themes"] == shuffled.to_json()["themes"]


def _grown(n_extra: int) -> pd.DataFrame:
    base = make_corpus()
    extra = base.sample(n=n_extra, random_state=1).copy()
    extra["id"] = [f"new-{i}" for i in range(n_extra)]
    extra["text"] = extra["text"] + " again"
    return pd.concat([base, extra], ignore_index=True)


def test_previous_run_keeps_ids_and_90_percent_of_assignments(corpus: pd.DataFrame) -> None:
    first = find_themes(corpus)
    grown = _grown(len(corpus) // 10 + 1)
    second = find_themes(grown, previous=first)
    merged = first.assignments.merge(second.assignments, on="id")
    assert len(merged) == len(corpus)
    assert (merged["theme_id_x"] == merged["theme_id_y"]).mean() >= 0.9
    assert {t.id for t in first.themes} <= {t.id for t in second.themes}


def test_team_edits_are_applied_and_survive_the_next_run(corpus: pd.DataFrame) -> None:
    first = find_themes(corpus)
    emergent = next(t.id for t in first.themes if t.kind == "emergent")
    edits = {
        "renames": {emergent: "Criminal record"},
        "merges": [["childcare", "transportation"]],
        "hidden": ["other"],
        "moves": {"record-0": "childcare"},
    }
    edited = find_themes(corpus, edits=edits, previous=first)
    assert edited.theme(emergent).label == "Criminal record"  # type: ignore[union-attr]
    assert edited.theme("transportation") is None
    assert edited.theme("childcare").merged_from == ["transportation"]  # type: ignore[union-attr]
    assert _theme_of(edited, "transport-") == {"childcare"}
    assert edited.theme("other").hidden  # type: ignore[union-attr]
    a = edited.assignments.set_index("id")
    assert a.loc["record-0", "theme_id"] == "childcare"
    assert len(edited.assignments) == len(corpus)

    # The next run gets only the previous result: its stored edits are kept, not discarded.
    again = find_themes(_grown(5), previous=edited, edits=edited.edits)
    assert again.theme(emergent).label == "Criminal record"  # type: ignore[union-attr]
    assert again.assignments.set_index("id").loc["record-0", "theme_id"] == "childcare"
    assert again.theme("other").hidden  # type: ignore[union-attr]


def test_result_round_trips_through_a_directory(corpus: pd.DataFrame, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = find_themes(corpus)
    result.save(tmp_path)
    loaded = ThemeResult.load(tmp_path)
    assert loaded.to_json()["themes"] == json.loads(json.dumps(result.to_json()))["themes"]
    assert list(loaded.assignments["id"]) == list(result.assignments["id"])


def test_language_is_detected_when_missing(corpus: pd.DataFrame) -> None:
    result = find_themes(corpus.drop(columns=["lang"]))
    assert _theme_of(result, "childcare-") == {"childcare"}
    assert {"en", "es", "ar"} <= set(result.languages)


def test_worker_processes_give_the_same_result(corpus: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis import prepare

    monkeypatch.setattr(prepare, "PARALLEL_MIN_TEXTS", 0)
    docs = corpus.drop(columns=["lang"])  # detection, undetermined texts and fallback included
    single = find_themes(docs)
    parallel = find_themes(docs, ThemeOptions(workers=2))
    assert parallel.to_json() == single.to_json()
    assert parallel.assignments.equals(single.assignments)


def test_lsa_fitted_on_a_sample_of_a_large_input_keeps_the_themes(
    corpus: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above `LSA_FIT_ROWS` distinct texts the directions come from a sample (the scale path):
    the same barriers still hold together across languages, and an emergent theme still forms."""
    from analysis import vectorize

    monkeypatch.setattr(vectorize, "LSA_FIT_ROWS", len(corpus) // 2)
    result = find_themes(corpus)
    assert _theme_of(result, "childcare-") == {"childcare"}
    assert _theme_of(result, "transport-") == {"transportation"}
    record = _theme_of(result, "record-")
    assert len(record) == 1
    theme = result.theme(record.pop())
    assert theme is not None
    assert theme.kind == "emergent"
    assert len(result.assignments) == len(corpus)


def test_a_category_the_team_made_is_a_theme_however_few_answers_name_it() -> None:
    """Below the minimum theme size a category is no theme, unless the team made it (a theme of
    a search for a rare word places the one answer that holds it there)."""
    rows = [(f"bus-{i}", "The bus to the class takes two hours each way") for i in range(300)]
    rows.append(("tutor-1", "I need a tutor for my daughter"))
    docs = pd.DataFrame(rows, columns=["id", "text"]).assign(lang="en")
    data = shipped_data()
    data["categories"].append(
        {"id": "team-tutoring", "kind": "barrier", "label": {"en": "Tutoring"}, "terms": {"en": ["tutor"]}}
    )
    plain = find_themes(docs, ThemeOptions(codebook=from_data(data)))
    assert plain.theme("team-tutoring") is None  # one answer of 301: under the minimum size
    data["categories"][-1]["team"] = True
    made = find_themes(docs, ThemeOptions(codebook=from_data(data)))
    tutoring = made.theme("team-tutoring")
    assert tutoring is not None
    assert tutoring.size == 1
    assert made.assignments.set_index("id").loc["tutor-1", "theme_id"] == "team-tutoring"


def test_a_theme_every_answer_names_second_is_still_a_theme_with_its_codes() -> None:
    """A category whose answers all carry another primary code is a theme of its own: its
    answers are coded with it, it is listed, and it is described from them (an analyst's theme made
    from a search for "tired" vanished when the one answer holding it named two barriers more)."""
    rows = [(f"bus-{i}", "The bus to the class takes two hours each way") for i in range(300)]
    rows.append(("tired-1", "Honestly I'm tired. Two jobs, no time to even think about a goal."))
    docs = pd.DataFrame(rows, columns=["id", "text"]).assign(lang="en")
    data = shipped_data()
    data["categories"].append(
        {
            "id": "team-exhaustion",
            "kind": "barrier",
            "label": {"en": "Exhaustion"},
            "terms": {"en": ["tired"]},
            "team": True,
        }
    )
    result = find_themes(docs, ThemeOptions(codebook=from_data(data)))
    assert result.assignments.set_index("id").loc["tired-1", "theme_id"] == "schedule"
    theme = result.theme("team-exhaustion")
    assert theme is not None
    assert (theme.size, theme.coded) == (0, 1)
    assert [q.id for q in theme.quotes] == ["tired-1"]
    codes = result.codes
    assert codes is not None
    assert set(codes[codes["id"] == "tired-1"]["theme_id"]) == {"schedule", "team-exhaustion"}
