"""Clauses of an answer, so that each barrier it names is weighed against its own clause.

An answer often names a second barrier in a clause of its own ("The bus takes two hours and I
have nobody to watch my kids"). Weighed against the whole answer, that clause competes with the
first one's terms; weighed against its clause alone, it is the clause's main point, as a coder
reads it. The split is written from grammar, not fitted to any data:
- sentence and clause punctuation of the eight survey languages: . ! ? ; : , … and line breaks,
  the Arabic comma, semicolon and question mark (، ؛ ؟), the Devanagari danda (। ॥);
- coordinating conjunctions and contrast / cause markers, the words that join two clauses in each
  language: "and", "but", "so" (result), "because". They are kept to one word each of "and",
  "but", "because" (and English "so"), the plainest ones, since a longer list only finds more of
  the same boundaries. A two-word conjunction is marked by its first word, which does not occur
  alone ("parce" que, "sababtoo" ah). Arabic writes "و" (and) as a prefix: a word starting with
  it starts a clause when the Arabic stemmer reads the "و" as that prefix (its stem drops it).
Coordinated nouns ("cost and childcare") split too: each then names its barrier on its own, as
a list of barriers does. A split never breaks a codebook phrase: phrases are matched on the
whole answer and each match belongs to the clause it starts in.
Words are matched folded (accents off, as `preprocess.fold_text` does), like every text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from analysis.codebook import STRONG, Codebook
from analysis.preprocess import Processed, fold_text, tokenize

# Sentence and clause punctuation (see the module docstring); fold_text keeps all of these.
_BREAK = re.compile(r"[.!?;:,…\n\r\u060c\u061b\u061f\u0964\u0965]+")

# Folded words that start a clause: and, but, (so,) because per language.
CONJUNCTIONS: dict[str, frozenset[str]] = {
    "en": frozenset({"and", "but", "so", "because"}),
    "es": frozenset({"y", "pero", "porque"}),
    "fr": frozenset({"et", "mais", "parce"}),
    "ht": frozenset({"epi", "ak", "men", "paske"}),
    "ar": frozenset({"و", "لكن", "لان"}),
    "so": frozenset({"iyo", "laakiin", "sababtoo"}),
    "vi": frozenset({"va", "nhung", "vi"}),
    "ne": frozenset({"र", "तर", "किनभने"}),
}
_ARABIC_AND = "و"


def pieces(text: str, lang: str) -> list[list[str]]:
    """The folded words of the text between its punctuation breaks, one list per piece with words."""
    return [tokens for tokens in (tokenize(piece, lang) for piece in _BREAK.split(fold_text(text))) if tokens]


def clause_starts(
    text: str, lang: str, stems: Sequence[str], split: list[list[str]] | None = None
) -> list[int]:
    """Positions in `stems` (the text's stems, as `preprocess.process` gives them) where a clause
    starts, the first always 0. One clause when the text's words do not line up with its stems.
    `split` is `pieces(text, lang)` when the caller has it."""
    conjunctions = CONJUNCTIONS.get(lang, frozenset())
    starts = [0]
    at = 0
    for tokens in pieces(text, lang) if split is None else split:
        if at:
            starts.append(at)
        for i, token in enumerate(tokens, start=at):
            if i and i < len(stems) and _joins(token, stems[i], lang, conjunctions):
                starts.append(i)
        at += len(tokens)
    if at != len(stems):
        return [0]
    return sorted(set(starts))


def _joins(token: str, stem: str, lang: str, conjunctions: frozenset[str]) -> bool:
    if token in conjunctions:
        return True
    return lang == "ar" and token.startswith(_ARABIC_AND) and not stem.startswith(_ARABIC_AND)


def clause_codes(
    codebook: Codebook, text: str, p: Processed, ratio: float
) -> dict[int, tuple[list[str], str]]:
    """Categories that one clause of the text names: a strong term of the category in the clause,
    and a clause score at least `ratio` of the clause's best category (the whole-answer rule of
    `multicode`, within the clause); or, in a clause with no strong term at all, the one category
    its codebook words favour most ("... and my daughter gets out of school at two": related words
    of childcare), as a coder reads a clause that only describes the barrier.
    Category index -> (its terms in that clause, the clause's words); only texts of two or more
    clauses can have any."""
    found = codebook.matches_at(p.stems, p.lang)
    if len({ci for _at, ci, _w, _t in found}) < 2:
        return {}
    split = pieces(text, p.lang)
    starts = clause_starts(text, p.lang, p.stems, split)
    if len(starts) < 2:
        return {}
    words = [word for tokens in split for word in tokens]
    by_clause: dict[int, list[tuple[int, float, str]]] = {}
    for at, ci, weight, term in found:
        by_clause.setdefault(bisect_right(starts, at) - 1, []).append((ci, weight, term))
    named: dict[int, tuple[list[str], str]] = {}
    for clause, matches in sorted(by_clause.items()):
        scores: dict[int, float] = {}
        for ci, weight, _term in matches:
            scores[ci] = scores.get(ci, 0.0) + weight
        best = max(scores.values())
        # A clause without any strong term names the one category its words favour most.
        weak = all(w < STRONG for _c, w, _t in matches) and list(scores.values()).count(best) == 1
        for ci, score in scores.items():
            strong = any(c == ci and w >= STRONG for c, w, _t in matches) or (weak and score == best)
            if ci not in named and strong and score >= ratio * best:
                terms = [t for c, _w, t in matches if c == ci]
                named[ci] = (terms, clause_text(text, p.lang, starts, clause, words))
    return named


def clause_text(
    text: str, lang: str, starts: Sequence[int], clause: int, words: Sequence[str] | None = None
) -> str:
    """The folded words of one clause (for the evidence of a code found in it); `words` are the
    text's folded words when the caller has them."""
    tokens = [w for piece in pieces(text, lang) for w in piece] if words is None else words
    end = starts[clause + 1] if clause + 1 < len(starts) else len(tokens)
    return " ".join(tokens[starts[clause] : end])
