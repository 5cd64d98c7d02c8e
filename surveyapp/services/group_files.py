"""The files a focus group gives out: the calendar file a person adds to their phone, the host's
roster and the scribe's notes as analysis documents (exports neutralize formulas in every cell)."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import FocusGroup, GroupNote, Signup, utcnow
from .spreadsheet import Table


def ics(group: FocusGroup, lang: str, url: str) -> str:
    """An RFC 5545 calendar file for the session, in the person's language."""

    def stamp(moment: datetime) -> str:
        return moment.strftime("%Y%m%dT%H%M%SZ")

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    def fold(line: str) -> str:
        out, data = [], line.encode()
        while len(data) > 73:
            cut = 73
            while cut > 0 and (data[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
                cut -= 1
            out.append(data[:cut].decode())
            data = data[cut:]
        out.append(data.decode())
        return "\r\n ".join(out)

    where = "" if group.is_remote else group.text(group.address, lang)
    notes = (
        []
        if group.is_remote
        else [group.text(group.transit_notes, lang), group.text(group.parking_notes, lang)]
    )
    about = "\n\n".join(text for text in (group.text(group.description, lang), *notes) if text)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//surveyapp//focus groups//EN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:focus-group-{group.id}-{group.token}@surveyapp",
        f"DTSTAMP:{stamp(utcnow())}",
        f"DTSTART:{stamp(group.starts_at)}",
        f"DTEND:{stamp(group.ends_at)}",
        f"SUMMARY:{escape(group.text(group.title, lang))}",
        f"DESCRIPTION:{escape(about)}",
        f"LOCATION:{escape(where)}",
        f"URL:{url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


ROSTER_HEADER = [
    "name",
    "status",
    "contact_method",
    "phone",
    "email",
    "language",
    "children",
    "children_ages",
    "needs_transportation",
    "interpretation",
    "accessibility",
    "dietary",
    "checked_in",
    "signed_up",
]


def roster_table(signups: list[Signup]) -> Table:
    """The roster as a table for CSV/XLSX (cells neutralized against formula injection on export)."""
    table = Table(list(ROSTER_HEADER))
    for s in signups:
        table.rows.append(
            [
                s.name,
                s.status,
                s.contact_method,
                s.phone,
                s.email,
                s.language,
                s.children,
                s.children_ages,
                "yes" if s.needs_transportation else "",
                s.interpretation,
                s.accessibility,
                s.dietary,
                "yes" if s.checked_in_at else "",
                s.created_at,
            ]
        )
    return table


NOTES_HEADER = ["id", "text", "lang", "source", "session", "prompt", "prompt_text", "date"]


def notes_table(session: Session, group_id: int | None = None) -> Table:
    """Scribe notes as analysis documents (id, text, lang) marked with their source and session."""
    query = select(GroupNote, FocusGroup).join(FocusGroup, GroupNote.group_id == FocusGroup.id)
    if group_id is not None:
        query = query.where(FocusGroup.id == group_id)
    table = Table(list(NOTES_HEADER))
    for note, group in session.execute(query.order_by(GroupNote.id)):
        prompt: dict[str, object] = next(
            (p for p in group.prompts if str(p.get("id")) == note.prompt_id), {"text": {}}
        )
        # A prompt's text is {language: text}, as the session's form stores it.
        prompt_text = cast(dict[str, str], prompt["text"])
        table.rows.append(
            [
                f"note-{note.id}",
                note.text,
                note.language,
                "focus_group",
                group.token,
                note.prompt_id,
                group.text(prompt_text, note.language),
                group.starts_at.date().isoformat(),
            ]
        )
    return table
