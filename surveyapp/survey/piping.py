"""`${name}` in a label or hint shows that question's answer, as ODK does (an empty answer shows
nothing). The text is escaped (its Markdown read, markup.py) and each reference becomes
`<span data-pipe="name">answer</span>`: the server fills it for pages without JavaScript, the
offline kiosk page refills it as answers change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask import g
from markupsafe import Markup, escape

from .definition import FormDefinition, Question, Text
from .markup import markdown

# `${member[2]/name}`, `${household[2]/member[3]/name}`: a repeat instance's answer, at any depth
# (survey.repeats writes these into its labels).
PIPE = re.compile(r"\$\{([A-Za-z_][\w.-]*(?:\[\d+\]/[A-Za-z_][\w.-]*)*)\}")


def has_pipes(text: Text) -> bool:
    return any("${" in value for value in text.values.values())


def piped(text: str, shown: Mapping[str, str]) -> Markup:
    """The text as safe HTML (its Markdown read, markup.py), each `${name}` a span holding its
    shown answer; the answers themselves are never read as Markdown."""
    names: list[str] = []

    def hold(match: re.Match[str]) -> str:
        names.append(match[1])
        return f"\x05{len(names) - 1}\x06"

    html = markdown(PIPE.sub(hold, text) if "${" in text else text)
    for number, name in enumerate(names):
        span = f'<span data-pipe="{escape(name)}">{escape(shown.get(name, ""))}</span>'
        html = html.replace(f"\x05{number}\x06", span, 1)
    return Markup(html)  # noqa: S704 - markdown() escapes the author's text, the answers are escaped here


def piped_text(text: str, shown: Mapping[str, str]) -> str:
    """Plain text with each `${name}` replaced by its shown answer (a constraint or required message,
    which ODK pipes as it pipes a label)."""
    return PIPE.sub(lambda match: shown.get(match[1], ""), text) if "${" in text else text


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
