"""Names of emergent themes in every language they hold, and in the reader's language.

An emergent theme is named by terms of each language it holds, taken in turn (largest language
first), so a Somali answer in a mostly Nepali theme shows in its name. A term that is a codebook
seed term stands for that concept, and the concept has terms in other languages: that is how a
name is given in a language the theme's answers are not in. Where no term maps, the name keeps the
answers' own words with their language marked ("परीक्षा / कक्षा (ne)"). Closed-class words (numbers,
spans of time, personal pronouns: the `names` lists of `data/stopwords.json`) never name a theme.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from analysis.codebook import Codebook
from analysis.preprocess import _stopword_data, fold_text, stemmer_for, stop_words, tokenize

UNMARKED = frozenset({"", "und"})
MIN_TERMS = 3
MAX_TERMS = 6


@cache
def name_stop_words(lang: str) -> frozenset[str]:
    """Folded words of `lang` that never name a theme: its stop words and its `names` list."""
    listed = _stopword_data().get("names", {}).get(lang, [])
    folded = {w for word in listed for w in tokenize(fold_text(word), lang)}
    return frozenset(folded | stop_words(lang))


def unfit_for_name(lang: str) -> Callable[[str], bool]:
    """Whether a word of `lang` is unfit to name a theme: a closed-class word or a number."""
    words = name_stop_words(lang)

    def unfit(word: str) -> bool:
        folded = fold_text(word)
        return folded in words or not any(ch.isalpha() for ch in folded) or _is_numeral(folded)

    return unfit


def _is_numeral(word: str) -> bool:
    # Devanagari digits count as word characters in the tokenizer ("१०"), and as no letter.
    return all("\u0966" <= ch <= "\u096f" for ch in word)


@dataclass(frozen=True)
class Term:
    """A term naming a theme: the word, its language and the codebook concept it stands for."""

    word: str
    lang: str
    concept: int | None


@dataclass
class ThemeName:
    """`label`: the name for every reader (languages marked when the theme holds several);
    `labels`: the name per reader's language, where at least one term can be given in it;
    `terms_by_lang`: the naming terms, by the language of the answers they come from."""

    label: str
    labels: dict[str, str] = field(default_factory=dict)
    terms_by_lang: dict[str, list[str]] = field(default_factory=dict)


class Concepts:
    """Codebook seed words by language: stem -> [(category index, weight)], for one codebook."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self._by_lang: dict[str, dict[str, list[tuple[int, float]]]] = {}

    def of(self, word: str, lang: str) -> list[tuple[int, float]]:
        """Categories a word of `lang` is a single-word seed term of."""
        if lang not in self._by_lang:
            table: dict[str, list[tuple[int, float]]] = {}
            for ci, cat in enumerate(self.codebook.categories):
                for term, weight in cat.terms.get(lang, []):
                    tokens = tokenize(fold_text(term), lang)
                    if len(tokens) == 1:
                        table.setdefault(stemmer_for(lang)(tokens[0]), []).append((ci, weight))
            self._by_lang[lang] = table
        return self._by_lang[lang].get(stemmer_for(lang)(word), [])

    def rendering(self, concept: int, lang: str, own: Sequence[str]) -> str | None:
        """The concept in `lang`: one of the theme's own words of `lang` that stands for it, else
        the category's first seed term there; None where the codebook has no term in `lang`."""
        for word in own:
            if any(ci == concept for ci, _w in self.of(word, lang)):
                return word
        terms = self.codebook.categories[concept].terms.get(lang, [])
        strong = [t for t, w in terms if w >= 1.0] or [t for t, _w in terms]
        return strong[0] if strong else None


def name_theme(
    terms_by_lang: Mapping[str, Sequence[str]],
    lang_sizes: Mapping[str, int],
    concepts: Concepts,
    reader_langs: Sequence[str] = (),
) -> ThemeName:
    """Name a theme from its top terms per language (already free of unfit words)."""
    order = [lang for lang, _n in sorted(lang_sizes.items(), key=lambda kv: (-kv[1], kv[0]))]
    order = [lang for lang in order if terms_by_lang.get(lang)]
    candidates = {lang: [(w, concepts.of(w, lang)) for w in terms_by_lang[lang]] for lang in order}
    # The nearest concept of a word that is a seed term of several: the one most of the theme's
    # terms stand for, then the stronger seed term, then codebook order.
    votes: Counter[int] = Counter(ci for found in candidates.values() for _w, cis in found for ci, _x in cis)

    def nearest(cis: list[tuple[int, float]]) -> int | None:
        return min(cis, key=lambda c: (-votes[c[0]], -c[1], c[0]))[0] if cis else None

    picked = _take_in_turn(order, candidates, nearest)
    if not picked:
        return ThemeName("unlabelled answers")
    by_lang: dict[str, list[str]] = {}
    for term in picked:
        by_lang.setdefault(term.lang, []).append(term.word)
    several = len([lang for lang in order if lang not in UNMARKED]) > 1
    label = marked(picked) if several else " / ".join(t.word for t in picked)
    labels: dict[str, str] = {}
    for lang in sorted(set(order) | set(reader_langs) | set(concepts.codebook.languages())):
        name = _name_in(lang, picked, concepts, terms_by_lang.get(lang, []))
        if name:
            labels[lang] = name
    return ThemeName(label, labels, by_lang)


def _take_in_turn(
    order: list[str],
    candidates: dict[str, list[tuple[str, list[tuple[int, float]]]]],
    nearest: Callable[[list[tuple[int, float]]], int | None],
) -> list[Term]:
    """Terms taken one per language in turn, one per concept, until every language has given one
    (at least MIN_TERMS, at most MAX_TERMS)."""
    wanted = min(max(MIN_TERMS, len(order)), MAX_TERMS)
    position = dict.fromkeys(order, 0)
    picked: list[Term] = []
    words: set[str] = set()
    seen_concepts: set[int] = set()
    while len(picked) < wanted and any(position[lang] < len(candidates[lang]) for lang in order):
        for lang in order:
            found = candidates[lang]
            while position[lang] < len(found):
                word, cis = found[position[lang]]
                position[lang] += 1
                concept = nearest(cis)
                if word in words or (concept is not None and concept in seen_concepts):
                    continue
                picked.append(Term(word, lang, concept))
                words.add(word)
                if concept is not None:
                    seen_concepts.add(concept)
                break
            if len(picked) >= wanted:
                break
    return picked


def _name_in(lang: str, picked: list[Term], concepts: Concepts, own: Sequence[str]) -> str:
    """The name for a reader of `lang`: the terms given in `lang` (topped up with the theme's own
    words of `lang` to MIN_TERMS), then the others marked; "" if no term can be given in `lang`."""
    shown: list[str] = []
    rest: list[Term] = []
    for term in picked:
        word = term.word if term.lang == lang else None
        if word is None and term.concept is not None:
            word = concepts.rendering(term.concept, lang, own)
        if word is None:
            rest.append(term)
        elif word not in shown:
            shown.append(word)
    if not shown:
        return ""
    # A reader of a language the theme holds reads more of its own words than one per turn.
    for word in own:
        if len(shown) >= MIN_TERMS:
            break
        if word not in shown:
            shown.append(word)
    return " / ".join(shown) + (f" · {marked(rest)}" if rest else "")


def marked(terms: Sequence[Term]) -> str:
    """Terms grouped by language, each group marked: "परीक्षा (ne) · imtixaanka (so)". Words of a
    right-to-left script are isolated (U+2068 ... U+2069), so that in a left-to-right name, chart
    or PDF their mark follows them ("عملت / الاردن (ar)", not "(ar) الاردن / عملت")."""
    groups: dict[str, list[str]] = {}
    for term in terms:
        groups.setdefault(term.lang, []).append(term.word)
    return " · ".join(
        _isolated(" / ".join(words)) + ("" if lang in UNMARKED else f" ({lang})")
        for lang, words in groups.items()
    )


def _isolated(text: str) -> str:
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        return f"\u2068{text}\u2069"
    return text
