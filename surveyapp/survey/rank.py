"""`rank LIST` answers: the person puts every choice in order, one select per position.

Stored as ODK stores them: the choice names space-separated, first ranked first, so selected-at()
and count-selected() read them as they read a select_multiple answer. Without JavaScript each
position is a plain select (the choices in their list order, with a blank), which a screen reader
announces as "Rank 1", "Rank 2"...; every choice must be ranked once.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _


def rank_messages() -> dict[str, str]:
    """The two ways a ranking can be incomplete, in the person's language."""
    return {
        "rankTwice": _("Each option can have only one rank: please choose every option once."),
        "rankAll": _("Please give every option a rank, or leave them all blank."),
    }


def parse_rank(names: Sequence[str], raw: object) -> tuple[str | None, str | None]:
    """(stored answer, error) from the posted positions (a list, blanks kept in place) or from a
    stored answer's text (as a kiosk sends it)."""
    picked = raw.split() if isinstance(raw, str) else [str(v).strip() for v in raw or []]
    chosen = [v for v in picked if v]
    if not chosen:
        return None, None
    if any(v not in names for v in chosen):
        return None, _("Please choose from the options in the list.")
    if len(set(chosen)) < len(chosen):
        return None, rank_messages()["rankTwice"]
    if len(chosen) < len(names):
        return None, rank_messages()["rankAll"]
    return " ".join(chosen), None


def shown_rank(names: Sequence[str], value: str | None) -> list[str]:
    """A stored ranking as its selects show it: the choice at each position."""
    order = (value or "").split()
    return (order + [""] * len(names))[: len(names)]
