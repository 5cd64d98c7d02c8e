"""`${name}` in a label or hint shows that question's answer, as ODK does (an empty answer shows
nothing). The text is escaped and each reference becomes `<span data-pipe="name">answer</span>`: the
server fills it for pages without JavaScript, the offline kiosk page refills it as answers change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask import g
from markupsafe import Markup, escape

from .definition import FormDefinition, Question, Text

# `${member[2]/name}`, `${household[2]/member[3]/name}`: a repeat instance's answer, at any depth
# (survey.repeats writes these into its labels).
PIPE = re.compile(r"\$\{([A-Za-z_][\w.-]*(?:\[\d+\]/[A-Za-z_][\w.-]*)*)\}")


def has_pipes(text: Text) -> bool:
    return any("${" in value for value in text.values.values())


def piped(text: str, shown: Mapping[str, str]) -> Markup:
    """The text, escaped, with each `${name}` as a span holding its shown answer."""
    if "${" not in text:
        return escape(text)
    parts: list[str] = []
    start = 0
    for match in PIPE.finditer(text):
        name = match[1]
        parts += [
            str(escape(text[start : match.start()])),
            f'<span data-pipe="{escape(name)}">{escape(shown.get(name, ""))}</span>',
        ]
        start = match.end()
    parts.append(str(escape(text[start:])))
    return Markup("".join(parts))  # noqa: S704 - every part escaped above


def shown_answers(definition: FormDefinition, stored: Mapping[str, str], lang: str) -> dict[str, str]:
    """Each stored answer as a person reads it: choices by their labels in `lang`."""
    shown: dict[str, str] = {}
    for name, value in stored.items():
        q = definition.questions.get(name)
        if q is None or not value:
            continue
        if q.choices:
            labels = [(c.label.get(lang) if (c := q.choice(v)) else v) for v in value.split()]
            shown[name] = ", ".join(labels)
        else:
            shown[name] = value
    return shown


def pipe(text: str) -> Markup:
    """The template function: `text` piped with the answers this request shows (`g.shown_answers`,
    set by the page's view; none on the offline kiosk page, whose script fills them)."""
    return piped(text, g.get("shown_answers") or {})


def question_pipes(q: Question) -> bool:
    """True when the question's texts show answers (its rendering then depends on them)."""
    return any(has_pipes(t) for t in (q.label, q.hint, q.guidance_hint, *(c.label for c in q.choices)))
