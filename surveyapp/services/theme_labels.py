"""The one rule for a theme's name as a reader sees it, used by every page and export.

A name the team gave wins, in whatever language the team wrote it. Otherwise the name in the
reader's language: a codebook theme's category label, an emergent theme's terms given in that
language where the codebook's cross-language terms allow (`analysis.naming`). Where an emergent
theme has no name in that language, its terms are shown with their languages marked, so a reader
knows the words are the answers' own ("परीक्षा / कक्षा (ne)").
"""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _

from analysis.naming import Term, marked

from ..models import AnalysisRun


def reader_language() -> str:
    """The language of the page being shown (the staff member's, or ?lang=)."""
    return str(get_locale() or "en")


def theme_label(theme: dict[str, Any], lang: str | None = None) -> str:
    """A theme's name for a reader of `lang` (default: the page's language)."""
    lang = lang or reader_language()
    if theme.get("label_source") == "team":
        return str(theme["label"])
    if theme.get("kind") == "other":
        return _("Other / unclear")
    named = (theme.get("labels") or {}).get(lang)
    if named:
        return str(named)
    terms = theme.get("terms_by_lang") or {}
    if theme.get("kind") == "emergent" and terms:
        return marked([Term(str(w), str(code), None) for code, words in terms.items() for w in words])
    return str(theme["label"])


def category_label(theme: dict[str, Any], lang: str | None = None) -> str | None:
    """The codebook category of a theme, named in the reader's language."""
    if not theme.get("category"):
        return None
    labels = theme.get("labels") or {}
    return str(labels.get(lang or reader_language()) or labels.get("en") or theme["category"])


def theme_labels(run: AnalysisRun | None, lang: str | None = None) -> dict[str, str]:
    """Theme id -> its name for a reader of `lang`, for every theme of a run."""
    themes = (run.result or {}).get("themes", []) if run else []
    return {t["id"]: theme_label(t, lang) for t in themes}


def merged_label(run: AnalysisRun, theme_id: str, lang: str | None = None) -> str:
    """The name of a theme merged into another of `run`, as the pages named it when it was merged
    (`services.themes.merged_names`); a run stored before names were kept gives its id."""
    named = ((run.result or {}).get("merged_names") or {}).get(theme_id)
    return theme_label(named, lang) if named and "label" in named else theme_id
