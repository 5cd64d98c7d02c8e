"""One question of pyxform's JSON read into the definition's: its texts, rules, default and
options; each expression checked where the author wrote it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from ..survey.answers import datetime_answer, time_answer
from ..survey.geo_answers import point, points
from . import attached_choices, form_media
from .xlsform_choices import select_options as _select_options
from .xlsform_expressions import checked_expression
from .xlsform_media import media_options
from .xlsform_report import Finding
from .xlsform_support import (
    ANALYSIS_ROLES,
    NO,
    YES,
    honoured_appearance,
    is_dynamic_default,
)


def build_question(
    q: dict[str, Any],
    qtype: str,
    text: Callable[[Any], dict[str, str]],
    names: set[str],
    where: Callable[..., Finding],
    problems: list[Finding],
) -> dict[str, Any]:
    """The definition JSON of one question from pyxform's: `text` reads a label's translations,
    `names` are the form's question names (for its expressions), `where` places a problem on the
    author's sheet; what cannot be used is added to `problems`."""
    bind = q.get("bind", {})
    required = _required(bind)
    return {
        "name": q["name"],
        "type": qtype,
        "label": text(q.get("label")),
        "hint": text(q.get("hint")),
        "required": required is True,
        # A condition in `required` (ODK evaluates it like relevant): required where it holds.
        "required_when": checked_expression(
            required if isinstance(required, str) else None, names, where(q["name"], "required"), problems
        ),
        "required_message": text(bind.get("jr:requiredMsg")),
        "guidance_hint": text(q.get("guidance_hint")),
        # On an asked question too: recomputed as a calculate's, or only when a `trigger`
        # changes (survey/form_set.py).
        "calculation": checked_expression(
            bind.get("calculate"), names, where(q["name"], "calculation"), problems
        ),
        "trigger": _trigger(q),
        "read_only": _read_only(bind, names, where(q["name"], "read_only"), problems),
        "range": _range(q) if qtype == "range" else None,
        "default": _default(q),
        "default_expression": checked_expression(
            _dynamic_default(q), names, where(q["name"], "default"), problems
        ),
        # Only what the app honours (the rest is a warning): what it writes back, it reads.
        "appearance": " ".join(
            w
            for w in str((q.get("control") or {}).get("appearance") or "").split()
            if honoured_appearance(w, qtype)
        ),
        "relevant": checked_expression(bind.get("relevant"), names, where(q["name"], "relevant"), problems),
        "constraint": checked_expression(
            bind.get("constraint"), names, where(q["name"], "constraint"), problems
        ),
        "constraint_message": text(bind.get("jr:constraintMsg")),
        # pyxform names a select's list `itemset` alone when it moves it out of the question
        # (e.g. with `parameters: randomize=true`).
        "list_name": q.get("list_name") or q.get("itemset"),
        # Choices from an attached file or the external_choices sheet (attached_choices).
        **attached_choices.select_source(q),
        **_select_options(q, names, where(q["name"], "parameters"), problems),
        **media_options(q, qtype, where(q["name"]), problems),
        **_analysis(q),
        **form_media.of(q, text),
    }


def _range(q: dict[str, Any]) -> list[float]:
    """A range's start, end and step (pyxform fills ODK's defaults 1, 10, 1 and checks them)."""
    control = q.get("control") or {}
    return [float(control.get(key, default)) for key, default in (("start", 1), ("end", 10), ("step", 1))]


# A date typed into a spreadsheet's date cell reaches pyxform as that cell's date and time
# (`2024-05-01 00:00:00`): what the author typed is its day.
_DATE_CELL = re.compile(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$")


def _default(q: dict[str, Any]) -> str | None:
    """A default that is a value; one that is an expression (a dynamic default) is left out, and the
    report says so."""
    value = str(q.get("default") or "").strip()
    if q.get("type") == "date" and (cell := _DATE_CELL.match(value)):
        return cell[1]
    return value if value and not is_dynamic_default(value) else None


def _dynamic_default(q: dict[str, Any]) -> str | None:
    """A default that is an expression (pyxform's own test), evaluated when a response starts."""
    value = str(q.get("default") or "").strip()
    return value if value and is_dynamic_default(value) else None


def _read_only(bind: dict[str, Any], names: set[str], where: Finding, problems: list[Finding]) -> bool | str:
    """`read_only` as ODK reads it: yes/true() (True), no or empty (False), or a condition."""
    raw = str(bind.get("readonly", "")).strip()
    if raw.lower() in YES:
        return True
    if not raw or raw.lower() in NO:
        return False
    return checked_expression(raw, names, where, problems) or False


def _trigger(q: dict[str, Any]) -> list[str]:
    """The questions named in `trigger` (pyxform lists them and checks that they exist)."""
    return [str(name) for name in q.get("trigger") or []]


def takes_default(q: dict[str, Any], value: str, choices: dict[str, list[dict[str, Any]]]) -> bool:
    """Whether a default is an answer of the question's type (a choice of its list, a number...)."""
    if q["type"] in ("select_one", "select_multiple", "rank"):
        names = {c["name"] for c in choices.get(q.get("list_name") or "", [])}
        picked = value.split()
        if q["type"] == "rank":  # every choice once, in order
            return sorted(picked) == sorted(names) and len(set(picked)) == len(picked)
        return bool(picked) and set(picked) <= names and (q["type"] == "select_multiple" or len(picked) == 1)
    if q["type"] == "note" or (q["type"] == "calculate" and q.get("calculation")):
        return False  # a calculate's calculation sets it; one without (pyxform's hidden) keeps its default
    if q["type"] == "geopoint":
        return point(value.split()) is not None
    if q["type"] in ("geotrace", "geoshape"):
        return points(q["type"], value) is not None
    try:
        if q["type"] == "integer":
            int(value)
        elif q["type"] in ("decimal", "range"):
            float(value)
        elif q["type"] == "date":
            date.fromisoformat(value)
    except ValueError:
        return False
    if q["type"] == "time":
        return time_answer(value) is not None
    if q["type"] == "dateTime":
        return datetime_answer(value) is not None
    return True


def _required(bind: dict[str, Any]) -> bool | str:
    """True or False for yes/no (and their spellings); the condition's text otherwise."""
    raw = str(bind.get("required", "")).strip()
    if raw.lower() in YES:
        return True
    if not raw or raw.lower() in NO:
        return False
    return raw


def _analysis(q: dict[str, Any]) -> dict[str, Any]:
    """`instance::analysis`: `themes` (barriers), `assets` (strengths) or `yes` (the analysis decides)."""
    value = str(q.get("instance", {}).get("analysis", "")).strip().lower()
    if value not in ANALYSIS_ROLES:
        return {"analysis": False}
    role = ANALYSIS_ROLES[value]
    return {"analysis": True, **({"analysis_role": role} if role != "barriers" else {})}
