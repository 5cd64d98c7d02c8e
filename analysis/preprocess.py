"""Multilingual preprocessing: normalization, nltk tokenization, stop words, stemming per language.

Every text, codebook seed term and stop word goes through the same `normalize` so that an answer
typed without accents on a phone ("guarderia", "transpo") still meets the codebook ("guardería",
"transpò"). Languages without an nltk stemmer (Somali, Haitian Creole, Vietnamese) are left
unstemmed; Nepali uses the `snowballstemmer` package; any other language with an nltk Snowball
stemmer gets it, and anything else is tokenized and lower-cased only.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

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
# Letters plus Devanagari vowel signs (combining marks that \w misses); the danda separates.
_WORD = r"(?:[^\W\d_]|[\u0900-\u0963\u0966-\u097f])+"
_TOKENIZER = RegexpTokenizer(rf"{_WORD}(?:'{_WORD})*")
_VIETNAMESE_ONLY = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
_ELIDING = {"fr", "ht", "it", "ca"}


def fold_text(text: str) -> str:
    """Unicode-normalize and case-fold one text, and drop URLs, e-mails and phone numbers.

    Accents on Latin letters are removed because answers typed on phones often lack them;
    Arabic diacritics and letter variants are unified for the same reason.
    """
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    text = _URL.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _PHONE.sub(" ", text)
    text = text.casefold().replace("đ", "d")
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTER_MAP)
    decomposed = unicodedata.normalize("NFD", text)
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


def tokenize(folded: str, lang: str) -> list[str]:
    """Split folded text into word tokens with nltk's RegexpTokenizer (no download needed)."""
    tokens = _TOKENIZER.tokenize(folded)
    if lang in _ELIDING:
        # French and Creole elisions (l'école, m'ap) carry the word after the apostrophe.
        tokens = [
            t.rsplit("'", 1)[-1] if "'" in t and len(t.split("'")[0]) <= 2 else t for t in tokens
        ]
    elif lang == "en":
        tokens = [t[:-2] if t.endswith("'s") else t for t in tokens]
    return [t for t in tokens if t]


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
    """The stemming function for a language; identity where no stemmer exists."""
    if lang in _NLTK_SNOWBALL:
        stem = SnowballStemmer(_NLTK_SNOWBALL[lang]).stem
        return lru_cache(maxsize=200_000)(stem)
    if lang == "ne":
        import snowballstemmer

        nepali = snowballstemmer.stemmer("nepali")
        return lru_cache(maxsize=200_000)(nepali.stemWord)
    return _identity


def _identity(token: str) -> str:
    return token


def has_stemmer(lang: str) -> bool:
    """Whether `stemmer_for(lang)` actually stems (reported in themes.json for transparency)."""
    return lang in _NLTK_SNOWBALL or lang == "ne"


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


def detect_language(text: str) -> str:
    """Best guess of a text's language among the supported ones, or "und".

    Script decides Arabic, Nepali and Vietnamese; function-word votes decide among the Latin
    languages. Short answers with no function word stay undetermined rather than guessed.
    """
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
    tokens = _TOKENIZER.tokenize(fold_text(text))
    votes = {lang: sum(1 for t in tokens if t in words) for lang, words in _DETECT_WORDS.items()}
    best = max(votes.values(), default=0)
    if best == 0:
        return UNDETERMINED
    winners = [lang for lang, v in votes.items() if v == best]
    return winners[0] if len(winners) == 1 else UNDETERMINED


@dataclass(frozen=True)
class Processed:
    """One text after preprocessing: all stems in order (for codebook phrases), content stems, and
    the word each content stem came from (to show readable terms)."""

    lang: str
    stems: tuple[str, ...]
    content: tuple[str, ...]
    surface: tuple[str, ...]


def process(text: str, lang: str, keep: frozenset[str] = frozenset()) -> Processed:
    """Preprocess one text in a known language; `keep` lists words never treated as stop words."""
    tokens = tokenize(fold_text(text), lang)
    stem = stemmer_for(lang)
    stops = stop_words(lang)
    stems = tuple(stem(t) for t in tokens)
    pairs = [
        (s, t)
        for t, s in zip(tokens, stems, strict=True)
        if (t not in stops or t in keep) and len(t) > 1 and len(s) > 1
    ]
    return Processed(lang, stems, tuple(s for s, _ in pairs), tuple(t for _, t in pairs))


def normalize_lang(value: object) -> str | None:
    """Map a language cell ("es", "ES", "es-MX") to an ISO 639-1 code, or None ("spa", blank)."""
    if not isinstance(value, str) or not value.strip():
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if len(code) == 2 and code.isalpha() else None


def all_languages(langs: Iterable[str]) -> list[str]:
    """Distinct language codes in first-seen order (deterministic reports)."""
    return list(dict.fromkeys(langs))
