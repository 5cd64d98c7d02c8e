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
# The category of an ordinary phrase (`_meta.ordinary_words`): matched like a term, counted for none.
ORDINARY = -1
# Enclitic conjunctions written onto the first word of the clause they join, per language: Somali
# "-na" (and) and "-se" (but) ("kombiyuutarna ma haysto": "and I have no computer"). A word that is
# no codebook word is matched as the codebook word left when its enclitic is taken off.
ENCLITICS: dict[str, tuple[str, ...]] = {"so": ("na", "se")}


@dataclass
class Category:
    """One codebook category: a barrier or an asset, with labels and weighted terms per language.

    `by_team`: a category the team made (JSON `"team": true`) is a theme whenever an answer names
    it, however few do: the team asked for it, so the minimum theme size does not hide it."""

    id: str
    kind: str
    labels: dict[str, str]
    terms: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    by_team: bool = False

    def label(self, lang: str = "en") -> str:
        """The label in `lang`, falling back to English, then to the id."""
        return self.labels.get(lang) or self.labels.get("en") or self.id


_Entry = tuple[tuple[str, ...], int, float, str]
FoundTerms = tuple[int | str, ...]


def terms_by_category(found: FoundTerms) -> dict[int, list[str]]:
    """Category index -> its seed terms, from `Codebook.scored`'s flat (category, term, ...)."""
    out: dict[int, list[str]] = {}
    for ci, term in zip(found[::2], found[1::2], strict=True):
        out.setdefault(int(ci), []).append(str(term))
    return out


@dataclass
class Codebook:
    """Categories plus the per-language phrase index used for matching."""

    categories: list[Category]
    meta: dict[str, object] = field(default_factory=dict)
    _index: dict[str, dict[str, list[_Entry]]] = field(default_factory=dict, repr=False)
    _keep: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _words: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _by_pair: dict[str, tuple[dict[tuple[str, str], list[_Entry]], dict[str, _Entry]]] = field(
        default_factory=dict, repr=False
    )

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

    def index(self, lang: str) -> dict[str, list[_Entry]]:
        """Phrase index: first stem -> [(stems, category index, weight, term)], longest first."""
        if lang not in self._index:
            table: dict[str, list[_Entry]] = {}
            for ci, cat in enumerate(self.categories):
                for term, weight in cat.terms.get(lang, []):
                    stems = phrase_of(term, lang)
                    if stems:
                        table.setdefault(stems[0], []).append((stems, ci, weight, term))
            for term in self.ordinary_words(lang):
                stems = phrase_of(term, lang)
                if len(stems) > 1:
                    table.setdefault(stems[0], []).append((stems, ORDINARY, 0.0, term))
            for entries in table.values():
                entries.sort(key=lambda e: (-len(e[0]), -e[2], e[1]))
            self._index[lang] = table
        return self._index[lang]

    def ordinary_words(self, lang: str) -> list[str]:
        """Common phrases of `lang` holding a word that folds or stems like a term but means
        something else (Vietnamese "đầu tiên", first, holds "tien" as "tiền", money does): matched
        before the shorter term, as a longer phrase is, they count for no category."""
        listed = self.meta.get("ordinary_words")
        return [str(t) for t in listed.get(lang, [])] if isinstance(listed, dict) else []

    def pair_index(self, lang: str) -> tuple[dict[tuple[str, str], list[_Entry]], dict[str, _Entry]]:
        """`index` split for matching: the phrases of two or more words by their first two stems,
        and the first one-word term of each stem, in `index` order. A common first word ("no",
        "my") starts hundreds of phrases, its next word only a few of them."""
        if lang not in self._by_pair:
            pairs: dict[tuple[str, str], list[_Entry]] = {}
            single: dict[str, _Entry] = {}
            for stem, entries in self.index(lang).items():
                for entry in entries:
                    if len(entry[0]) > 1:
                        pairs.setdefault((entry[0][0], entry[0][1]), []).append(entry)
                    else:
                        single.setdefault(stem, entry)
            self._by_pair[lang] = (pairs, single)
        return self._by_pair[lang]

    def without_enclitics(self, stems: Sequence[str], lang: str) -> Sequence[str]:
        """`stems` with each enclitic conjunction (`ENCLITICS`) taken off a word that is not a word of
        the codebook's `lang` terms but is one without it; the same stems when nothing changes."""
        enclitics = ENCLITICS.get(lang)
        if not enclitics:
            return stems
        if lang not in self._words:
            self._words[lang] = frozenset(
                w for phrases in self.index(lang).values() for p in phrases for w in p[0]
            )
        words = self._words[lang]
        out = list(stems)
        changed = False
        for i, stem in enumerate(stems):
            if stem in words:
                continue
            for enclitic in enclitics:
                if stem.endswith(enclitic) and stem[: -len(enclitic)] in words:
                    out[i] = stem[: -len(enclitic)]
                    changed = True
                    break
        return tuple(out) if changed else stems

    def match(self, stems: Sequence[str], lang: str) -> dict[int, float]:
        """Category index -> score for one text's stems; each word counts for one term at most.

        Longest phrase wins, so "birth certificate" counts for documents, not education; within
        a text a term counts once, so repeating a word does not outweigh two different terms.
        """
        return self.scored(stems, lang)[0]

    def scored(self, stems: Sequence[str], lang: str) -> tuple[dict[int, float], FoundTerms]:
        """`match`, and the seed terms it scored as (category, term, category, term, ...): a run
        keeps them per text for its codes' evidence instead of matching every text again, and one
        flat tuple is the least there is to hold for a million texts."""
        scores: dict[int, float] = {}
        found = self.matches_at(stems, lang)
        for _at, ci, weight, _term in found:
            scores[ci] = scores.get(ci, 0.0) + weight
        return scores, tuple(x for _at, ci, _weight, term in found for x in (ci, term))

    def evidence(self, stems: Sequence[str], lang: str) -> dict[int, list[str]]:
        """Category index -> the seed terms found in one text (what `match` scored it by)."""
        return terms_by_category(self.scored(stems, lang)[1])

    def matches(self, stems: Sequence[str], lang: str) -> list[tuple[int, float, str]]:
        """(category index, weight, seed term) of every distinct phrase found, in text order."""
        return [(ci, weight, term) for _at, ci, weight, term in self.matches_at(stems, lang)]

    def matches_at(self, stems: Sequence[str], lang: str) -> list[tuple[int, int, float, str]]:
        """`matches` with the position of each phrase's first stem (to tell its clause)."""
        table = self.index(lang)
        stems = self.without_enclitics(stems, lang)
        found: list[tuple[int, int, float, str]] = []
        # Most stems start no phrase: their positions are found by one C-level pass, and the
        # Python loop below visits only the rest (a word inside a matched phrase is skipped).
        get = table.get
        starts = [i for i, entries in enumerate(map(get, stems)) if entries]
        if not starts:
            return found
        pairs, single = self.pair_index(lang)
        last = len(stems) - 1
        seen: set[tuple[str, ...]] = set()
        after = 0
        for i in starts:
            if i < after:
                continue
            # The longest phrase first: those of two or more words starting with this word and
            # the next, then the word alone (index order, so the same phrase wins as in `index`).
            hit = None
            for entry in pairs.get((stems[i], stems[i + 1]), ()) if i < last else ():
                if len(entry[0]) == 2 or tuple(stems[i : i + len(entry[0])]) == entry[0]:
                    hit = entry
                    break
            if hit is None:
                hit = single.get(stems[i])
            if hit is not None:
                phrase, ci, weight, term = hit
                if ci != ORDINARY and phrase not in seen:
                    seen.add(phrase)
                    found.append((i, ci, weight, term))
                after = i + len(phrase)
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
        probe_category = Category("", "barrier", {}, {lang: [(term, STRONG)]})
        return Codebook([*self.categories, probe_category], dict(self.meta)), probe


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
        cats.append(
            Category(
                str(raw["id"]),
                str(raw.get("kind", "barrier")),
                dict(labels),
                terms,
                by_team=raw.get("team") is True,
            )
        )
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
    """Team categories extend the base: same id adds terms and overrides labels, new id is added.
    A team's term belongs to the team's category alone: the base category that had it loses it."""
    extra = list(extra)
    claimed = {
        (lang, phrase_of(t, lang)) for cat in extra for lang, terms in cat.terms.items() for t, _ in terms
    }
    merged = {
        c.id: Category(
            c.id,
            c.kind,
            dict(c.labels),
            {k: [(t, w) for t, w in v if (k, phrase_of(t, k)) not in claimed] for k, v in c.terms.items()},
            by_team=c.by_team,
        )
        for c in base
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


def _joined(base: object, extra: dict[str, list[str]]) -> dict[str, list[str]]:
    """Ordinary words per language of the shipped codebook and a team's file together."""
    joined = {lang: list(words) for lang, words in (base.items() if isinstance(base, dict) else ())}
    for lang, words in extra.items():
        joined[lang] = [*joined.get(lang, []), *map(str, words)]
    return joined


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
            elif isinstance(team_meta, dict) and isinstance(team_meta.get("ordinary_words"), dict):
                meta["ordinary_words"] = _joined(meta.get("ordinary_words"), team_meta["ordinary_words"])
        categories = merge(categories, team)
        meta["team_file"] = path.name
    return Codebook(categories, meta)
