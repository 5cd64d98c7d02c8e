"""Multilingual preprocessing: normalization, nltk tokenization, stop words, stemming per language.

Every text, codebook seed term and stop word goes through the same `normalize` so that an answer
typed without accents on a phone ("guarderia", "transpo") still meets the codebook ("guardería",
"transpò"). Nepali uses the `snowballstemmer` package and Somali the light stemmer of
`analysis.somali` (its determiner suffixes); Haitian Creole and Vietnamese, which inflect little,
are left unstemmed; any other language with an nltk Snowball stemmer gets it, and anything else is
tokenized and lower-cased only.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer

SUPPORTED_LANGUAGES = ("en", "es", "ar", "so", "vi", "fr", "ht", "ne")
UNDETERMINED = "und"

_NLTK_SNOWBALL = {
    "en": "english",
    "es": "spanish",
    "ar": "arabic",
    "fr": "french",
    "pt": "portuguese",
    "de": "german",
    "it": "italian",
    "nl": "dutch",
    "ru": "russian",
    "sv": "swedish",
    "da": "danish",
    "fi": "finnish",
    "hu": "hungarian",
    "no": "norwegian",
    "nb": "norwegian",
    "ro": "romanian",
}

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
# Phone numbers: 7+ digits with optional separators; plain years and small numbers survive.
_PHONE = re.compile(r"\+?\d[\d\s().-]{6,}\d")
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Alef variants are unified; ta marbuta stays because the Arabic stemmer strips it as a suffix.
_ARABIC_LETTER_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
# Letters plus Devanagari vowel signs (combining marks that \w misses); the danda separates, and
# Devanagari digits (U+0966-096F) are dropped as every other digit is.
_WORD = r"(?:[^\W\d_]|[\u0900-\u0963\u0970-\u097f])+"


class _WordTokenizer(RegexpTokenizer):
    """nltk's RegexpTokenizer for our own word pattern, without nltk's per-match time limit.

    Recent nltk runs every match of a caller's pattern under a ReDoS time limit, which doubles
    the cost of tokenizing; this pattern is fixed and linear (no nested quantifiers over the
    same characters), so it opts out the way nltk documents (`timeout=None`).
    """

    # Set by nltk's RegexpTokenizer (a compiled pattern, or nltk's timed wrapper of one); nltk is untyped.
    _regexp: Any

    def _check_regexp(self) -> None:
        super()._check_regexp()
        try:
            from nltk import redos
        except ImportError:  # nltk before the ReDoS guard compiles with the stdlib re
            return
        if isinstance(self._regexp, redos.TimedPattern):
            self._regexp = redos.compile(self._regexp, timeout=None)


_TOKENIZER = _WordTokenizer(rf"{_WORD}(?:'{_WORD})*")
_TOKENIZER._check_regexp()
# The compiled pattern's own `findall`, which is all `RegexpTokenizer.tokenize` does here: nltk
# re-checks (and with its ReDoS guard re-wraps) the pattern on every call, a tenth of the
# preprocessing time of a large input.
_find_any: Callable[[str], list[str]] = getattr(_TOKENIZER._regexp, "_rx", _TOKENIZER._regexp).findall
# The same pattern for ASCII text (the bulk of a run), where a letter is [A-Za-z]: a plain class
# finds the same words in about 60 % of the time of the per-character alternation.
_find_ascii: Callable[[str], list[str]] = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*").findall


def _find_words(folded: str) -> list[str]:
    return _find_ascii(folded) if folded.isascii() else _find_any(folded)


_VIETNAMESE_ONLY = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
_ELIDING = {"fr", "ht", "it", "ca"}


def fold_text(text: str) -> str:
    """Unicode-normalize and case-fold one text, and drop URLs, e-mails and phone numbers.

    Accents on Latin letters are removed because answers typed on phones often lack them;
    Arabic diacritics and letter variants are unified for the same reason.
    """
    if text.isascii():
        # Nothing to normalize or strip in ASCII (most answers): this path is the bulk of a run.
        # The three patterns ignore case, so lower-casing first changes nothing but lets cheap
        # substring checks skip the scans that cannot match.
        text = text.replace("`", "'").lower()
        if "://" in text or "www." in text:
            text = _URL.sub(" ", text)
        if "@" in text:
            text = _EMAIL.sub(" ", text)
        return _PHONE.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    text = _URL.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _PHONE.sub(" ", text)
    text = text.casefold().replace("đ", "d")
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTER_MAP)
    decomposed = unicodedata.normalize("NFD", text)
    if decomposed.isascii():
        return decomposed
    out: list[str] = []
    previous = ""
    for char in decomposed:
        # Strip combining marks only after Latin letters: Devanagari vowel signs are marks too.
        if unicodedata.category(char) == "Mn" and previous and previous < "\u0250":
            continue
        out.append(char)
        if unicodedata.category(char) != "Mn":
            previous = char
    return unicodedata.normalize("NFC", "".join(out))


def words(text: str) -> list[str]:
    """Fold a text and split it into word tokens with nltk's RegexpTokenizer (no download needed).

    Language-independent, so language detection and preprocessing share one call per text.
    """
    return _find_words(fold_text(text))


def tokenize(folded: str, lang: str) -> list[str]:
    """Split folded text into word tokens with nltk's RegexpTokenizer (no download needed)."""
    return _by_language(_find_words(folded), lang)


def _by_language(tokens: list[str], lang: str) -> list[str]:
    return [w for w in (_word_of(t, lang) for t in tokens) if w]


def _word_of(token: str, lang: str) -> str:
    if lang in _ELIDING:
        # French and Creole elisions (l'école, m'ap) carry the word after the apostrophe.
        if "'" in token and len(token.split("'")[0]) <= 2:
            return token.rsplit("'", 1)[-1]
    elif lang == "en" and token.endswith("'s"):
        return token[:-2]
    return token


@lru_cache(maxsize=1)
def _stopword_data() -> dict[str, dict[str, list[str]]]:
    text = resources.files("analysis.data").joinpath("stopwords.json").read_text("utf-8")
    data: dict[str, dict[str, list[str]]] = json.loads(text)
    return data


@cache
def stop_words(lang: str) -> frozenset[str]:
    """Stop words for a language, folded like texts: package lists filled with the shipped ones."""
    data = _stopword_data()
    words: set[str] = set()
    if lang in data["own"]:
        words.update(data["own"][lang])
    else:
        words.update(_package_stop_words(lang))
        words.update(data["extra"].get(lang, []))
    words.update(data["filler"].get(lang, []))
    folded = {w for word in words for w in tokenize(fold_text(word), lang)}
    return frozenset(folded)


def _package_stop_words(lang: str) -> set[str]:
    words: set[str] = set()
    try:
        from stop_words import get_stop_words

        words.update(get_stop_words(lang))
    except Exception:  # noqa: S110 - the package raises its own error for unknown languages
        pass
    if not words or lang in {"ar", "so"}:
        import stopwordsiso

        if stopwordsiso.has_lang(lang):
            words.update(stopwordsiso.stopwords(lang))
    if lang == "vi":
        # Vietnamese lists hold multi-syllable phrases; tokens are syllables, keep single ones.
        words = {w for w in words if " " not in w}
    return words


@cache
def stemmer_for(lang: str) -> Callable[[str], str]:
    """The stemming function for a language; identity where no stemmer exists.

    A stop word that the stemmer cuts to fewer than four letters keeps its form: so short a stem
    is shared with content words (Spanish "como" and "comida" both stem to "com"), and the
    codebook would read the function word as the content word. So does a word of
    `data/whole_words.json`: a codebook term whose stem a commoner word of another meaning shares
    (English "busy" and "business")."""
    if lang in _NLTK_SNOWBALL:
        stem = SnowballStemmer(_NLTK_SNOWBALL[lang]).stem
    elif lang == "ne":
        import snowballstemmer

        stem = snowballstemmer.stemmer("nepali").stemWord
    elif lang == "so":
        from analysis import somali

        stem = somali.stem
    else:
        return _identity
    whole = frozenset(w for w in stop_words(lang) if len(stem(w)) < _SHORT_STEM and stem(w) != w)
    whole |= whole_words(lang)
    return lru_cache(maxsize=200_000)(lambda word: word if word in whole else stem(word))


_SHORT_STEM = 4


@cache
def whole_words(lang: str) -> frozenset[str]:
    """The words `stemmer_for(lang)` keeps whole (`data/whole_words.json`), folded like texts."""
    data = json.loads(resources.files("analysis.data").joinpath("whole_words.json").read_text("utf-8"))
    return frozenset(w for word in data.get(lang, []) for w in tokenize(fold_text(word), lang))


def _identity(token: str) -> str:
    return token


def has_stemmer(lang: str) -> bool:
    """Whether `stemmer_for(lang)` actually stems (reported in themes.json for transparency)."""
    return lang in _NLTK_SNOWBALL or lang in ("ne", "so")


_DETECT_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and to of is in we i you my for have are not need with this that it our "
        "they there be me do what can no".split()
    ),
    "es": frozenset(
        "el la los las de que y en un una es no por para con mi mis tengo necesito hay "
        "pero muy porque como nos se lo su del al".split()
    ),
    "fr": frozenset(
        "le la les des de du et est je nous vous pas une un pour dans avec que qui mon "
        "mes avons sont il ce sur au aux ne".split()
    ),
    "ht": frozenset(
        "mwen mw nou yo li ou nan ak pou se pa gen yon sa ki te ap pral ta bezwen "
        "tanpri mesi kounye lakay anpil konn vle fe tout jwenn moun".split()
    ),
    "so": frozenset(
        "waa iyo ku ka oo ayaa uu ay aan ma waxaan wax ee si ah leh yahay jiro ahay "
        "sidoo kale waxay aad laakiin maxaa haddii".split()
    ),
}


def _index_detect_words() -> dict[str, tuple[str, ...]]:
    """Function word -> the languages it votes for: one look-up per token, not one per language."""
    index: dict[str, tuple[str, ...]] = {}
    for lang, vocab in _DETECT_WORDS.items():
        for word in vocab:
            index[word] = (*index.get(word, ()), lang)
    return index


_DETECT_INDEX = _index_detect_words()


def detect_language(text: str, tokens: list[str] | None = None) -> str:
    """Best guess of a text's language among the supported ones, or "und".

    Script decides Arabic, Nepali and Vietnamese; function-word votes decide among the Latin
    languages. Short answers with no function word stay undetermined rather than guessed.
    `tokens` are `words(text)` when the caller already has them.
    """
    if not text.isascii():
        arabic = sum(1 for c in text if "\u0600" <= c <= "\u06ff")
        devanagari = sum(1 for c in text if "\u0900" <= c <= "\u097f")
        letters = sum(1 for c in text if c.isalpha()) or 1
        if arabic / letters > 0.3:
            return "ar"
        if devanagari / letters > 0.3:
            return "ne"
        lowered = text.lower()
        if sum(1 for c in lowered if c in _VIETNAMESE_ONLY) >= 2:
            return "vi"
    if tokens is None:
        tokens = words(text)
    votes = dict.fromkeys(_DETECT_WORDS, 0)
    # Counted per distinct set of voted languages, the token loop runs in C.
    for langs, count in Counter(filter(None, map(_DETECT_INDEX.get, tokens))).items():
        for lang in langs:
            votes[lang] += count
    best = max(votes.values(), default=0)
    if best == 0:
        return UNDETERMINED
    winners = [lang for lang, v in votes.items() if v == best]
    return winners[0] if len(winners) == 1 else UNDETERMINED


@dataclass(frozen=True, slots=True)
class Processed:
    """One text after preprocessing: all stems in order (for codebook phrases), content stems, and
    the word each content stem came from (to show readable terms).

    Slotted: a run keeps one per distinct text, and a per-instance dict doubled their size."""

    lang: str
    stems: tuple[str, ...]
    content: tuple[str, ...]
    surface: tuple[str, ...]


def process(
    text: str, lang: str, keep: frozenset[str] = frozenset(), tokens: list[str] | None = None
) -> Processed:
    """Preprocess one text in a known language; `keep` lists words never treated as stop words.

    `tokens` are `words(text)` when the caller already has them (detection needs them too).
    """
    table = _token_table(lang, keep)
    if len(table) > _TABLE_LIMIT:
        table.clear()
    toks = words(text) if tokens is None else tokens
    # New tokens are found in one comprehension, the rest are looked up in C (`map`).
    for token in [t for t in toks if t not in table]:
        if token not in table:
            table[token] = _token_info(token, lang, keep)
    infos = [known for known in map(table.__getitem__, toks) if known[0]]
    content = [known for known in infos if known[2]]
    return Processed(
        lang,
        tuple([known[1] for known in infos]),
        tuple([known[1] for known in content]),
        tuple([known[0] for known in content]),
    )


def stems_of(text: str, lang: str) -> tuple[str, ...]:
    """All stems of one text in order, as codebook phrases are matched against them.

    They depend on the text and language alone (the `keep` list only decides which are content
    words), so they can be computed once per text and stored.
    """
    return process(text, lang).stems


@cache
def stems_scheme() -> str:
    """A short fingerprint of the code and stemmers behind `stems_of`: stored stems made under
    another one are stale (folding, tokenizing or stemming may have changed)."""
    import hashlib
    from importlib import metadata

    here = Path(__file__).parent
    parts = [(here / name).read_bytes() for name in ("preprocess.py", "somali.py", "data/whole_words.json")]
    parts += [metadata.version(name).encode() for name in ("nltk", "snowballstemmer")]
    return hashlib.blake2b(b"\0".join(parts), digest_size=8).hexdigest()


_TABLE_LIMIT = 500_000


@lru_cache(maxsize=64)
def _token_table(lang: str, keep: frozenset[str]) -> dict[str, tuple[str, str, bool]]:
    """Per language and keep list: token -> (word, stem, is a content word), filled as tokens
    appear.

    Answers reuse a small vocabulary, so one dictionary look-up replaces the stemmer and the
    stop-word tests for almost every token of a large corpus.
    """
    return {}


def _token_info(token: str, lang: str, keep: frozenset[str]) -> tuple[str, str, bool]:
    word = _word_of(token, lang)
    stem = stemmer_for(lang)(word) if word else ""
    content = (word not in stop_words(lang) or word in keep) and len(word) > 1 and len(stem) > 1
    return word, stem, content


def normalize_lang(value: object) -> str | None:
    """Map a language cell ("es", "ES", "es-MX") to an ISO 639-1 code, or None ("spa", blank)."""
    if not isinstance(value, str) or not value.strip():
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if len(code) == 2 and code.isalpha() else None
