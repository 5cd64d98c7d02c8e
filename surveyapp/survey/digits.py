"""Digits as people type them: Arabic-Indic (٥٨١٠٢), Persian (۵۸۱۰۲), Devanagari (५८१०२) and
Burmese (၅၈၁၀၂) digits count as 0-9 in every numeric answer and in every text answer checked against
a pattern (a ZIP code's `regex(., '^[0-9]{5}$')`), and are stored as ASCII digits. The kiosk's
script folds the same (static/survey-rules.js `ascii`)."""

from __future__ import annotations

from .definition import Question

_DIGITS = {
    **{0x660 + i: str(i) for i in range(10)},
    **{0x6F0 + i: str(i) for i in range(10)},
    **{0x966 + i: str(i) for i in range(10)},
    **{0x1040 + i: str(i) for i in range(10)},
}


def ascii_digits(text: str) -> str:
    """Arabic-Indic, Persian, Devanagari and Burmese digits as ASCII."""
    return text.translate(_DIGITS)


def pattern_checked(q: Question) -> bool:
    """A text answer whose constraint checks it against a pattern (regex): its digits are folded
    before the check, as a number's are."""
    return q.type == "text" and bool(q.constraint) and "regex(" in (q.constraint or "")
