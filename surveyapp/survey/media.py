"""File questions (image, audio, video, file) on a survey page: what a post carries for them and how
it becomes the answer.

The answer is the file's name, as ODK stores it (`1733072400000.jpg`); the bytes are kept beside it
(services/answer_files.py). A page posts, for each file question, a new file (`Upload`), a file the
app could not take (`Refused`, with the reason), "Remove this file" (`REMOVE`) or nothing, which
keeps the file stored before: a page shown again cannot hold the file a person chose, so no choice
means no change. Only names the responses service resolved (`StoredName`) are answers: a name typed
into a post or sent in a kiosk's JSON is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _

from ..services.media import KeptFile, file_name

if TYPE_CHECKING:
    from .definition import Page, Question

# The name of the "Remove this file" checkboxes; each posts its question's name.
REMOVE_FIELD = "remove_file"
# ODK's image appearances a browser serves as an upload: `new` / `new-front` open the camera
# (`capture`), `signature`, `draw` and `annotate` take a picture file (a drawing pad needs script).
CAPTURE = {"new": "environment", "new-front": "user", "selfie": "user"}
MEDIA_APPEARANCES = frozenset({"signature", "draw", "annotate", *CAPTURE})
DEFAULT_ACCEPT = {"image": "image/*", "audio": "audio/*", "video": "video/*", "file": ""}


class StoredName(str):
    """A file answer's name, as the responses service resolved it (stored before or just given)."""

    __slots__ = ()


@dataclass(frozen=True)
class Upload:
    """A file chosen on this post, already made safe to keep (services.media.keep)."""

    kept: KeptFile


@dataclass(frozen=True)
class Refused:
    """A file this question cannot take, and why (in the person's language)."""

    message: str


class _Remove:
    def __repr__(self) -> str:
        return "REMOVE"


REMOVE = _Remove()


def accept_of(q: Question) -> str:
    """The `accept` attribute of a file question's input."""
    return q.accept or DEFAULT_ACCEPT.get(q.type, "")


def capture_of(q: Question) -> str | None:
    """The `capture` attribute (the phone's camera or microphone rather than its files), if any."""
    for word in q.appearance.split():
        if word in CAPTURE:
            return CAPTURE[word]
    return None


def has_media(page: Page) -> bool:
    return any(q.is_media for q in page.questions)


def resolve(
    page: Page,
    raw: Mapping[str, Any],
    stored: Mapping[str, str],
    millis: int,
) -> tuple[dict[str, Any], dict[str, tuple[str, KeptFile]]]:
    """The page's raw values with each file question's answer resolved against the stored ones,
    and the files to keep (question -> (name, file)). Names are unique within the response."""
    values = dict(raw)
    uploads: dict[str, tuple[str, KeptFile]] = {}
    taken = {v for k, v in stored.items() if k not in raw or not isinstance(raw[k], Upload)}
    for q in page.questions:
        if not q.is_media:
            continue
        value = raw.get(q.name)
        if isinstance(value, Upload):
            name = file_name(millis, value.kept.extension, taken)
            taken.add(name)
            values[q.name] = StoredName(name)
            uploads[q.name] = (name, value.kept)
        elif value is REMOVE:
            values[q.name] = None
        elif not isinstance(value, Refused):
            before = stored.get(q.name)
            values[q.name] = StoredName(before) if before else None
    return values, uploads


def resolve_whole(
    raw: Mapping[str, Any], millis: int
) -> tuple[dict[str, Any], dict[str, tuple[str, KeptFile]]]:
    """A whole response's raw values (a kiosk outbox's) with each file sent named as ODK names it,
    in key order so that a resend names them alike, and the files to keep; anything else, a bare
    name included, is left for the rules to refuse."""
    values = dict(raw)
    uploads: dict[str, tuple[str, KeptFile]] = {}
    taken: set[str] = set()
    for key in sorted(k for k, v in raw.items() if isinstance(v, Upload)):
        kept = raw[key].kept
        name = file_name(millis, kept.extension, taken)
        taken.add(name)
        values[key] = StoredName(name)
        uploads[key] = (name, kept)
    return values, uploads


def parse_media(raw: Any) -> tuple[str | None, str | None]:
    """(answer, error) of a file question's resolved raw value."""
    if isinstance(raw, Refused):
        return None, raw.message
    if isinstance(raw, StoredName):
        return str(raw), None
    if raw in (None, "", []):
        return None, None
    return None, _("A file can be sent only from the survey's page. Please choose it there.")
