"""Language choice for every request, text direction, and each language's name in its own script.

The chain for respondent pages: ?lang= -> the person's earlier choice (session) -> the channel's default
-> Accept-Language -> the survey's source language. Interface strings come from translations/*.po;
survey content falls back string by string to the survey's source language (survey.definition.Text).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from flask import current_app, g, has_request_context, request, session

# Interface languages with a catalogue in translations/ (English is the source of the catalogue).
INTERFACE_LANGUAGES = ("en", "es", "ar", "so", "vi", "fr", "ht", "ne")
LANGUAGE_CODE_MAX = 20


def available_languages() -> tuple[str, ...]:
    """The languages this request can be shown in: the survey's, or the interface's."""
    return tuple(g.get("survey_languages") or INTERFACE_LANGUAGES)


def content_language() -> str:
    """The language the person reads the survey in (its label column), following the chain above. A
    survey may be written in a language CLDR does not know (`label::Dari (prs)`): this is the code
    its author wrote, for `<html lang>` and the survey's text, whatever the interface falls back to."""
    available = available_languages()
    if g.get("lang") in available:
        return str(g.lang)
    if not has_request_context():  # the command line: the configured default language
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    g.lang = _requested(available)
    return str(g.lang)


def select_locale() -> str:
    """Flask-Babel's locale selector (interface strings, dates and numbers): the content language
    where CLDR knows it, else the survey's source language, else the configured default."""
    for code in (content_language(), g.get("source_language"), current_app.config["BABEL_DEFAULT_LOCALE"]):
        if code and is_locale(str(code)):
            return str(code)
    return "en"


def match_language(asked: str, available: tuple[str, ...]) -> str | None:
    """The available language a code stands for, as people and links write it: case and `_` do not
    matter (`AR`, `es_mx`), and a region falls back to its language (`es-MX` -> `es`)."""
    code = asked.strip().replace("_", "-").lower()[:LANGUAGE_CODE_MAX]
    if not code:
        return None
    by_code = {lang.lower(): lang for lang in available}
    while code:
        if code in by_code:
            return by_code[code]
        code = code.rpartition("-")[0]
    return None


def _requested(available: tuple[str, ...]) -> str:
    asked = match_language(request.args.get("lang", ""), available)
    if asked:
        session["lang"] = asked
        return asked
    remembered = session.get("lang")
    if remembered in available:
        return str(remembered)
    channel_default = g.get("channel_default_language")
    if channel_default in available:
        return str(channel_default)
    best = request.accept_languages.best_match(available)
    if best:
        return best
    return str(g.get("source_language") or current_app.config["BABEL_DEFAULT_LOCALE"])


def remember_language(code: str) -> None:
    """A person's explicit choice wins on every later page."""
    chosen = match_language(code, available_languages())
    if chosen:
        session["lang"] = chosen
        g.lang = chosen


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    """Each CLDR language's English and own name, lowercased -> its code ('français' -> 'fr')."""
    from babel import localedata

    out: dict[str, str] = {}
    for ident in sorted(localedata.locale_identifiers()):
        if "_" in ident:  # a language, not one of its regions or scripts
            continue
        locale = Locale.parse(ident)
        for name in (locale.get_display_name("en"), locale.get_display_name(ident)):
            if name:
                out.setdefault(name.strip().lower(), ident)
    return out


def language_code(name: str) -> str | None:
    """The code of a language written by its name, in English or its own ('English', 'Français'), as
    XLSForm headers without a code name it (`label::English`); None when CLDR has no such name."""
    return _language_names().get(name.strip().lower())


@lru_cache(maxsize=256)
def is_locale(code: str) -> bool:
    """Whether the code is a language CLDR (and so the page's translations and formats) knows."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


# Right-to-left languages and scripts CLDR has no locale for, as survey authors write them (Dari,
# Hazaragi, Gilaki, Balochi, Saraiki; a script subtag such as `-Arab`).
RTL_LANGUAGES = frozenset({"prs", "haz", "glk", "bal", "skr"})
RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"})


@lru_cache(maxsize=256)
def direction(code: str) -> str:
    """'rtl' for Arabic and other right-to-left scripts, from CLDR, else from the lists above."""
    try:
        return str(Locale.parse(code.replace("-", "_")).text_direction)
    except (UnknownLocaleError, ValueError):
        parts = code.replace("_", "-").lower().split("-")
        return "rtl" if parts[0] in RTL_LANGUAGES or RTL_SCRIPTS.intersection(parts[1:]) else "ltr"


@lru_cache(maxsize=256)
def autonym(code: str, fallback: str = "") -> str:
    """A language's name in its own script ('Soomaali', 'العربية'), for the language picker."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        name = None
    if not name:
        return fallback or code
    return name[:1].upper() + name[1:]


def interface_completeness(translations_dir: str) -> dict[str, float]:
    """Share of interface strings translated in each catalogue (fuzzy entries count as missing)."""
    from babel.messages.pofile import read_po

    result: dict[str, float] = {}
    for code in INTERFACE_LANGUAGES:
        if code == "en":
            result[code] = 1.0
            continue
        po = Path(translations_dir) / code / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            result[code] = 0.0
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle)
        messages = [m for m in catalog if m.id]
        done = sum(
            1
            for m in messages
            if m.string and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else True)
        )
        result[code] = done / len(messages) if messages else 1.0
    return result
