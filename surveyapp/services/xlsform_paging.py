"""How an imported form's questions fall into pages, with and without the settings' `style pages`.

Without it every group is a page (a run of questions between groups is one too): the app's pages are
a paged form already, and a form written as xlsform.org asks (each page a field-list group) gets the
pages its author meant. With `style pages` (alone or with a theme, `theme-grid pages`) the app pages
as Enketo's pages theme does (enketo-core's page.js: every question and every field-list group or
repeat is a page, unless a field-list around it holds it): a field-list group is one page, with the
groups within it; any other question, in a group without field-list, in a repeat without field-list
(once per instance, survey/repeats.py) or in none, is a page of its own (its group's label over
it). A calculate is never a page: it joins the page before it. A loop within a field-list group
(pyxform's groups, one per choice: ordinary groups of the XForm) is on that group's page, as Enketo
and ODK Collect show groups nested in a field-list; the writer writes it back as one loop. A repeat
within a field-list group keeps pages of its own, each instance one page, as ODK Collect asks a
repeat's instances one screen at a time (the app asks them one after another, never on the page
around), and is written back as a field-list repeat.

A question alone on its page also takes its own `relevant` into the page's condition, as Enketo
skips a page whose questions are all hidden; the group's condition alone is kept under
`group_relevant`, which the XLSForm writer writes back, as it writes a page marked `field_list` (a
field-list group's, under `style pages`) with that appearance. A question of a group within a
field-list page takes that group's condition into its own `relevant` (its own kept under
`own_relevant`) and names the group (`within`, into the page's `groups`: the writer writes it back,
and its label is shown over its first question, survey/nested_groups.py); a field-list page whose
questions all lie within such groups takes their conditions too (`group_relevant` again). The pages
are stored in the definition's JSON, so a version imported before keeps its pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .xlsform_support import STYLES

Groups = tuple[dict[str, Any], ...]


def style_pages(data: dict[str, Any]) -> bool:
    """Whether the settings' `style` asks for Enketo's pages."""
    return any(STYLES.get(w) == "pages" for w in str(data.get("style") or "").split())


def field_listed(groups: Sequence[dict[str, Any]]) -> bool:
    """Whether a question is within a field-list group (its own or one around it)."""
    return any("field-list" in str((g.get("control") or {}).get("appearance") or "").split() for g in groups)


def splits(paged: bool, groups: Sequence[dict[str, Any]]) -> bool:
    """Whether a question of these groups is a page of its own under `style pages` (in a repeat
    too: Enketo pages each instance's questions)."""
    return paged and not field_listed(groups)


def page_groups(paged: bool, groups: Sequence[dict[str, Any]]) -> Groups:
    """The groups whose page a question is on: under `style pages`, those up to the outermost
    field-list group (or repeat) within its innermost repeat, as Enketo shows the groups within
    a field-list on its page (the repeat itself where it is within a field-list: each instance
    one page); otherwise all of them (each group is a page)."""
    groups = tuple(groups)
    if not paged:
        return groups
    repeat = max((i for i, g in enumerate(groups) if g.get("type") == "repeat"), default=-1)
    if repeat >= 0 and field_listed(groups[: repeat + 1]):
        return groups[: repeat + 1]
    for position in range(repeat + 1, len(groups)):
        if field_listed(groups[position : position + 1]):
            return groups[: position + 1]
    return groups


def nest(
    page: dict[str, Any],
    question: dict[str, Any],
    inner: Groups,
    group_json: Callable[[dict[str, Any]], dict[str, Any]],
    seen: dict[int, int],
) -> None:
    """A question of groups within a field-list page (`inner`, outermost first): the page keeps
    each group once (`group_json`: its name, label and own condition; `seen`: group -> its place),
    and the question applies only where they do, as ODK asks a group's questions."""
    if not inner:
        return
    kept = page.setdefault("groups", [])
    within = []
    for group in inner:
        if id(group) not in seen:
            seen[id(group)] = len(kept)
            kept.append(group_json(group))
        within.append(seen[id(group)])
    question["within"] = within
    conditions = [c for i in within if (c := kept[i].get("relevant"))]
    if conditions:
        own = question.get("relevant")
        question["own_relevant"] = own
        parts = [*conditions, *([own] if own else [])]
        question["relevant"] = parts[0] if len(parts) == 1 else " and ".join(f"({c})" for c in parts)


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


def fold_shared_conditions(pages: list[dict[str, Any]]) -> None:
    """A field-list page whose questions all lie within the same groups with a condition (a loop
    alone on it, say) applies only where they do, as Enketo skips a page whose questions are all
    hidden; the page's own condition is kept under `group_relevant`. Outside repeats only: an
    instance's page applies where its repeat does."""
    for page in pages:
        if not page.get("groups") or page.get("repeat"):
            continue
        shared = list(page["questions"][0].get("within") or [])
        for q in page["questions"][1:]:
            within = q.get("within") or []
            while shared and shared != within[: len(shared)]:
                shared.pop()
        conditions = [c for i in shared if (c := page["groups"][i].get("relevant"))]
        if not conditions:
            continue
        own = page.get("relevant")
        page["group_relevant"] = own
        parts = [*([own] if own else []), *conditions]
        page["relevant"] = parts[0] if len(parts) == 1 else " and ".join(f"({c})" for c in parts)
