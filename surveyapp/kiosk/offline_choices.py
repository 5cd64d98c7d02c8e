"""What the kiosk's script needs to filter and order a select's choices as the server does
(survey/choice_filter.py): the filter as the same expression tree, the list's rows in the page's language,
whether and how to shuffle, and the label of a text box that narrows the choices (`autocomplete`).
Only lists a filter reads travel, to keep the page within its budget."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _

from ..expressions.export import tree_json
from ..services.attachments import names_read
from ..survey.choice_filter import choice_rows, filter_source
from ..survey.definition import FormDefinition, Question


def choices_data(q: Question) -> dict[str, Any]:
    """A select's filter tree (over `instance(list)`), and its randomize and seed (a tree)."""
    data: dict[str, Any] = {}
    if q.choice_filter:
        data["list"] = q.list_name
        data["filter"] = tree_json(filter_source(q.list_name, q.choice_filter))
    if q.randomize:
        data["randomize"] = True
        if q.seed:
            data["seed"] = tree_json(q.seed)
    if searched(q):
        data["search"] = _("Type to find a choice")
    return data


def searched(q: Question) -> bool:
    """`autocomplete` or `search` on a select_one shown as choices: a text box narrows them (with
    JavaScript only; without it every choice is shown)."""
    looks = set(q.appearance.split())
    return q.type == "select_one" and bool(looks & {"autocomplete", "search"}) and "minimal" not in looks


def needs_script(definition: FormDefinition) -> bool:
    """Whether the offline page loads offline-choices.js."""
    return any(q.choice_filter or q.randomize or searched(q) for q in definition.questions.values())


def lists_read(
    definition: FormDefinition, expressions: Iterable[str], lang: str
) -> dict[str, list[dict[str, str]]]:
    """The rows of each choice list that `instance('list')` reads in these expressions."""
    wanted = names_read(expressions)
    return {name: choice_rows(q, lang) for name, q in definition.choice_lists.items() if name in wanted}


def filtered_lists(definition: FormDefinition, lang: str) -> dict[str, list[dict[str, str]]]:
    """The rows of each list a choice_filter reads (name, label, the other columns)."""
    return {q.list_name: choice_rows(q, lang) for q in definition.questions.values() if q.choice_filter}
