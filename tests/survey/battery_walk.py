"""A battery form with repeats walked as the server's pages walk it (public/take.py): each page reached
is posted and saved, the instances these answers make are laid out again (survey.repeats.expand),
"Add another" and "Remove" write what survey.repeats.added / removed give, and the person lands where
take.py sends them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from surveyapp.survey.calculations import with_calculations
from surveyapp.survey.definition import FormDefinition
from surveyapp.survey.form_set import starting_answers
from surveyapp.survey.repeats import added, expand, removed
from surveyapp.survey.rules import check_page, left_out, visible_pages


def shown_values(definition: FormDefinition, stored: Mapping[str, str | None]) -> dict[str, Any]:
    """The values a page is drawn with (its inputs hold them before the person types)."""
    return {
        name: value.split() if definition.questions[name].type == "select_multiple" else value
        for name, value in stored.items()
        if value and name in definition.questions
    }


def _first(definition: FormDefinition, stored: Mapping[str, str | None], start: int) -> int | None:
    """The first page that applies from `start` (take.py's _next_url); None: the end."""
    return next((i for i in visible_pages(definition, stored) if i >= start), None)


def walk_repeats(
    definition: FormDefinition, posts: list[dict[str, Any]], lang: str, max_length: int
) -> tuple[dict[str, str | None], dict[str, str], FormDefinition]:
    """The answers stored at submit, the messages by question and the definition they make, for a
    person who posts `posts` on the pages in the order they reach them."""
    stored: dict[str, str | None] = dict(starting_answers(definition))
    errors: dict[str, str] = {}
    shaped = expand(definition, stored)
    index = _first(shaped, stored, 0)
    for post in posts:
        if index is None:
            break
        page = shaped.pages[index]
        raw = dict(post)
        action = raw.pop("action", "next")
        drawn = shown_values(shaped, {q.name: stored.get(q.name) for q in page.questions})
        result = check_page(shaped, page, {**drawn, **raw}, stored, lang, max_length)
        errors.update(result.errors)
        stored.update(with_calculations(shaped, stored, result.values))
        where = page.scope + (page.repeat or "")
        if action == "add":
            place = shaped.instance_counts.get(where, 0) + 1
            stored.update(added(shaped, where))
        elif action == "remove":
            assert page.instance is not None, "Remove is on an instance's page"
            place = page.instance
            kept = {k: v for k, v in stored.items() if v}
            stored = {k: v for k, v in {**kept, **removed(shaped, kept, where, page.instance)}.items() if v}
        stored = {k: v for k, v in stored.items() if v}
        shaped = expand(definition, stored)
        if action in ("add", "remove"):
            landing = [
                i
                for i, p in enumerate(shaped.pages)
                if p.repeat == page.repeat and p.scope == page.scope and p.instance in (place, None)
            ]
            at = [i for i in landing if shaped.pages[i].instance == place] or landing
            index = _first(shaped, stored, at[0] if at else 0)
        elif action == "back":
            earlier = [i for i in visible_pages(shaped, stored) if i < index]
            index = earlier[-1] if earlier else 0
        else:
            index = _first(shaped, stored, index + 1)
    for name in left_out(shaped, stored):
        del stored[name]
    return stored, errors, shaped
