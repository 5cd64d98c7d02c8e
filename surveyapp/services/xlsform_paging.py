"""How an imported form's questions fall into pages, with and without the settings' `style pages`.

Without it every group is a page (a run of questions between groups is one too): the app's pages are
a paged form already, and a form written as xlsform.org asks (each page a field-list group) gets the
pages its author meant. With `style pages` (alone or with a theme, `theme-grid pages`) the app pages
as Enketo's pages theme does (enketo-core's page.js): a field-list group is one page; any other
question, in a group without field-list or in none, is a page of its own (its group's label over
it). A group within a field-list group is still a page of its own, as without the style (Enketo
shows it with the outer group's questions). A calculate is never a page: it joins the page before
it. A repeat's questions stay on the repeat's pages (survey/repeats.py asks them once per instance).

A question alone on its page also takes its own `relevant` into the page's condition, as Enketo
skips a page whose questions are all hidden; the group's condition alone is kept under
`group_relevant`, which the XLSForm writer writes back, as it writes a page marked `field_list` (a
field-list group's, under `style pages`) with that appearance. The pages are stored in the
definition's JSON, so a version imported before keeps its pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .xlsform_repeats import is_repeated
from .xlsform_support import STYLES


def style_pages(data: dict[str, Any]) -> bool:
    """Whether the settings' `style` asks for Enketo's pages."""
    return any(STYLES.get(w) == "pages" for w in str(data.get("style") or "").split())


def field_listed(groups: Sequence[dict[str, Any]]) -> bool:
    """Whether a question is within a field-list group (its own or one around it)."""
    return any("field-list" in str((g.get("control") or {}).get("appearance") or "").split() for g in groups)


def splits(paged: bool, groups: Sequence[dict[str, Any]]) -> bool:
    """Whether a question of these groups is a page of its own under `style pages`."""
    return paged and not is_repeated(tuple(groups)) and not field_listed(groups)


def fold_lone_conditions(pages: list[dict[str, Any]], split: set[int]) -> None:
    """A split page of one question with its own `relevant` (and no calculate that the page's
    condition would also govern) applies where the question does."""
    for index in split:
        page = pages[index]
        questions = page["questions"]
        if len(questions) != 1 or not questions[0].get("relevant"):
            continue
        own, group = questions[0]["relevant"], page.get("relevant")
        page["group_relevant"] = group
        page["relevant"] = f"({group}) and ({own})" if group else own
