"""The barrier codebook: categories with labels and seed terms per language, and matching.

The shipped codebook lives in `analysis/data/codebook.json`. A team extends it with its own plain
file (same JSON shape, or a CSV with columns category,lang,term[,kind,label,weight]); categories
with a known id gain terms and may be relabelled, new ids become new categories. A JSON file whose
`_meta.complete` is true is a whole codebook (the app's per-survey versions): it replaces the shipped
one, so a word the team removed stays removed.
Matching works on stems in text order, so "child care" and "cuidado de niños" match as phrases and
the same stemmer treats the seed term and the answer alike.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from analysis.preprocess import fold_text, process, stemmer_for, tokenize

STRONG = 1.0
RELATED = 0.5


@dataclass
class Category:
    """One codebook category: a barrier or an asset, with labels and weighted terms per language."""

    id: str
    kind: str
    labels: dict[str, str]
    terms: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        """The label in `lang`, falling back to English, then to the id."""
        return self.labels.get(lang) or self.labels.get("en") or self.id


@dataclass
class Codebook:
    """Categories plus the per-language phrase index used for matching."""

    categories: list[Category]
    meta: dict[str, object] = field(default_factory=dict)
    _index: dict[str, dict[str, list[tuple[tuple[str, ...], int, float, str]]]] = field(
        default_factory=dict, repr=False
    )
    _keep: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.categories]

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def kinds_differ(self) -> bool:
        """Whether the codebook has both barrier and asset categories (roles can be told apart)."""
        return len({c.kind == "asset" for c in self.categories}) == 2

    def languages(self) -> list[str]:
        return sorted({lang for c in self.categories for lang in c.terms})

    def keep_words(self, lang: str) -> frozenset[str]:
        """Single-word seed terms of `lang`: never dropped as stop words, they carry the themes."""
        cached = self._keep.get(lang)
        if cached is not None:
            return cached
        words = set()
        for cat in self.categories:
            for term, _ in cat.terms.get(lang, []):
                tokens = tokenize(fold_text(term), lang)
                if len(tokens) == 1:
                    words.add(tokens[0])
        self._keep[lang] = frozenset(words)
        return self._keep[lang]

    def index(self, lang: str) -> dict[str, list[tuple[tuple[str, ...], int, float, str]]]:
        """Phrase index: first stem -> [(stems, category index, weight, term)], longest first."""
        if lang not in self._index:
            table: dict[str, list[tuple[tuple[str, ...], int, float, str]]] = {}
            for ci, cat in enumerate(self.categories):
                for term, weight in cat.terms.get(lang, []):
                    stems = phrase_of(term, lang)
                    if stems:
                        table.setdefault(stems[0], []).append((stems, ci, weight, term))
            for entries in table.values():
                entries.sort(key=lambda e: (-len(e[0]), -e[2], e[1]))
            self._index[lang] = table
        return self._index[lang]

    def match(self, stems: Sequence[str], lang: str) -> dict[int, float]:
        """Category index -> score for one text's stems; each word counts for one term at most.

        Longest phrase wins, so "birth certificate" counts for documents, not education; within
        a text a term counts once, so repeating a word does not outweigh two different terms.
        """
        scores: dict[int, float] = {}
        for _at, ci, weight, _term in self.matches_at(stems, lang):
            scores[ci] = scores.get(ci, 0.0) + weight
        return scores

    def evidence(self, stems: Sequence[str], lang: str) -> dict[int, list[str]]:
        """Category index -> the seed terms found in one text (what `match` scored it by)."""
        found: dict[int, list[str]] = {}
        for _at, ci, _weight, term in self.matches_at(stems, lang):
            found.setdefault(ci, []).append(term)
        return found

    def matches(self, stems: Sequence[str], lang: str) -> list[tuple[int, float, str]]:
        """(category index, weight, seed term) of every distinct phrase found, in text order."""
        return [(ci, weight, term) for _at, ci, weight, term in self.matches_at(stems, lang)]

    def matches_at(self, stems: Sequence[str], lang: str) -> list[tuple[int, int, float, str]]:
        """`matches` with the position of each phrase's first stem (to tell its clause)."""
        table = self.index(lang)
        found: list[tuple[int, int, float, str]] = []
        # Most stems start no phrase: their positions are found by one C-level pass, and the
        # Python loop below visits only the rest (a word inside a matched phrase is skipped).
        get = table.get
        starts = [i for i, entries in enumerate(map(get, stems)) if entries]
        if not starts:
            return found
        seen: set[tuple[str, ...]] = set()
        after = 0
        for i in starts:
            if i < after:
                continue
            for phrase, ci, weight, term in table[stems[i]]:
                size = len(phrase)
                if tuple(stems[i : i + size]) == phrase:
                    if phrase not in seen:
                        seen.add(phrase)
                        found.append((i, ci, weight, term))
                    after = i + size
                    break
        return found

    def catches(self, term: str, lang: str, texts: Sequence[str]) -> list[int]:
        """Positions of the `lang` texts in which `term` counts, as a run would count it.

        The term joins the codebook (if it is not in it yet) and each text is matched exactly as
        the pipeline matches it, so a longer phrase that holds the term wins as it would in a run
        ("bus pass" catches "my bus pass", "bus" then does not).
        """
        book, probe = self._probe(term, lang)
        if not probe:
            return []
        keep = book.keep_words(lang)
        return self.catches_stems(term, lang, [process(text, lang, keep).stems for text in texts])

    def catches_stems(self, term: str, lang: str, stems: Sequence[Sequence[str]]) -> list[int]:
        """`catches` on texts already turned into their stems (`preprocess.stems_of`), so a
        search over stored stems needs no preprocessing."""
        book, probe = self._probe(term, lang)
        if not probe:
            return []
        phrases: dict[str, tuple[str, ...]] = {}

        def phrase(t: str) -> tuple[str, ...]:
            if t not in phrases:
                phrases[t] = phrase_of(t, lang)
            return phrases[t]

        # Only a text holding the term's first stem can count it: the others need no matching.
        first = probe[0]
        return [
            i
            for i, text_stems in enumerate(stems)
            if first in text_stems
            and any(phrase(t) == probe for _ci, _w, t in book.matches(text_stems, lang))
        ]

    def _probe(self, term: str, lang: str) -> tuple[Codebook, tuple[str, ...]]:
        """The codebook a search for `term` matches with (the term joins it unless it is in it),
        and the term's stems."""
        probe = phrase_of(term, lang)
        known = any(
            phrase_of(t, lang) == probe for cat in self.categories for t, _ in cat.terms.get(lang, [])
        )
        if not probe or known:
            return self, probe
        return Codebook([*self.categories, Category("", "barrier", {}, {lang: [(term, STRONG)]})]), probe


def phrase_of(term: str, lang: str) -> tuple[str, ...]:
    """The stems a seed term matches, in order (empty when nothing in it can be matched)."""
    stem = stemmer_for(lang)
    return tuple(stem(t) for t in tokenize(fold_text(term), lang))


def shipped_data() -> dict[str, object]:
    """The shipped codebook as its JSON data (the start of a survey's own codebook)."""
    return _read_json(None)


def from_data(data: dict[str, object]) -> Codebook:
    """A codebook from JSON data of the file format alone (no shipped categories added)."""
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        raise ValueError("codebook JSON needs a 'categories' list")
    return Codebook(_categories_from_json(data), dict(data.get("_meta") or {}))  # type: ignore[call-overload]


def _read_json(path: Path | None) -> dict[str, object]:
    if path is None:
        text = resources.files("analysis.data").joinpath("codebook.json").read_text("utf-8")
    else:
        text = path.read_text("utf-8")
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        raise ValueError("codebook JSON needs a 'categories' list")
    return data


def _categories_from_json(data: dict[str, object]) -> list[Category]:
    cats: list[Category] = []
    raw_categories = data["categories"]
    assert isinstance(raw_categories, list)  # noqa: S101 - checked by _read_json
    for raw in raw_categories:
        if not isinstance(raw, dict) or not raw.get("id"):
            raise ValueError("every codebook category needs an 'id'")
        terms: dict[str, list[tuple[str, float]]] = {}
        for key, weight in (("terms", STRONG), ("related", RELATED)):
            for lang, words in (raw.get(key) or {}).items():
                terms.setdefault(lang, []).extend((str(w), weight) for w in words)
        labels = raw.get("label") or {}
        if isinstance(labels, str):
            labels = {"en": labels}
        cats.append(Category(str(raw["id"]), str(raw.get("kind", "barrier")), dict(labels), terms))
    return cats


def _categories_from_csv(path: Path) -> list[Category]:
    cats: dict[str, Category] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"category", "lang", "term"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"codebook CSV lacks column(s): {', '.join(sorted(missing))}")
        for row in reader:
            cid = (row.get("category") or "").strip()
            lang = (row.get("lang") or "").strip().lower()
            if not cid or not lang:
                continue
            cat = cats.setdefault(cid, Category(cid, (row.get("kind") or "barrier").strip(), {}))
            if row.get("label"):
                cat.labels[lang] = row["label"].strip()
            term = (row.get("term") or "").strip()
            if term:
                weight = float(row.get("weight") or STRONG)
                cat.terms.setdefault(lang, []).append((term, weight))
    return list(cats.values())


def merge(base: Iterable[Category], extra: Iterable[Category]) -> list[Category]:
    """Team categories extend the base: same id adds terms and overrides labels, new id is added."""
    merged = {
        c.id: Category(c.id, c.kind, dict(c.labels), {k: list(v) for k, v in c.terms.items()}) for c in base
    }
    for cat in extra:
        if cat.id in merged:
            target = merged[cat.id]
            target.labels.update(cat.labels)
            for lang, terms in cat.terms.items():
                target.terms.setdefault(lang, []).extend(terms)
        else:
            merged[cat.id] = cat
    return list(merged.values())


def load_codebook(extra: str | Path | None = None, *, include_shipped: bool = True) -> Codebook:
    """The shipped codebook, extended by a team's JSON or CSV file when one is given."""
    data = _read_json(None) if include_shipped else {"categories": [], "_meta": {}}
    categories = _categories_from_json(data) if include_shipped else []
    meta = dict(data.get("_meta") or {})  # type: ignore[call-overload]
    if extra is not None:
        path = Path(extra)
        if not path.is_file():
            raise ValueError(f"codebook file not found: {path}")
        if path.suffix.lower() == ".csv":
            team = _categories_from_csv(path)
        else:
            data = _read_json(path)
            team = _categories_from_json(data)
            team_meta = data.get("_meta")
            if isinstance(team_meta, dict) and team_meta.get("complete") is True:
                categories, meta = [], dict(team_meta)
        categories = merge(categories, team)
        meta["team_file"] = path.name
    return Codebook(categories, meta)
