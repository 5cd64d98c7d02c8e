"""The survey definition: an XLSForm-shaped, immutable structure of pages, questions and choices.

Stored as JSON on a SurveyVersion; read through these frozen dataclasses. Every translatable text is a
mapping of language code to string, and `Text.get` falls back string by string to the survey's source
language, so a missing translation is never shown as a blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

QUESTION_TYPES = (
    "select_one",
    "select_multiple",
    "text",
    "integer",
    "decimal",
    "date",
    "note",
    "acknowledge",
    "calculate",
    "range",
    "time",
    "dateTime",
    "geopoint",
    "geotrace",
    "geoshape",
    "rank",
    # File answers, uploaded (survey/media.py): the answer is the file's name, the bytes are kept
    # beside it (models/answer_file.py).
    "image",
    "audio",
    "video",
    "file",
)
ANSWERABLE = frozenset(QUESTION_TYPES) - {"note", "calculate"}
MEDIA_TYPES = frozenset({"image", "audio", "video", "file"})


@dataclass(frozen=True)
class Text:
    """A translatable string with its fallback language."""

    values: dict[str, str]
    source: str

    def get(self, lang: str) -> str:
        return (
            self.values.get(lang)
            or self.values.get(self.source)
            or next((v for v in self.values.values() if v), "")
        )

    def has(self, lang: str) -> bool:
        return bool(self.values.get(lang))

    def __bool__(self) -> bool:
        return any(self.values.values())


@dataclass(frozen=True)
class MediaFile:
    """An image, audio or video file kept with the version (services.form_media), addressed by digest."""

    name: str
    type: str
    sha256: str
    size: int
    width: int | None = None
    height: int | None = None


# A question's or choice's media: column (`image`, `big-image`, `audio`, `video`) -> language -> file.
Media = dict[str, dict[str, MediaFile]]


def medium(media: Media, column: str, lang: str, source: str) -> MediaFile | None:
    """The file of a media column in `lang`, else in the source language, else any (as Text.get)."""
    files = media.get(column) or {}
    return files.get(lang) or files.get(source) or next(iter(files.values()), None)


@dataclass(frozen=True)
class Choice:
    name: str
    label: Text
    # The choices sheet's other columns for this choice (e.g. `county`), read by `choice_filter`.
    columns: dict[str, str] = field(default_factory=dict)
    media: Media = field(default_factory=dict)

    def medium(self, column: str, lang: str) -> MediaFile | None:
        return medium(self.media, column, lang, self.label.source)


@dataclass(frozen=True)
class Question:
    name: str
    type: str
    label: Text
    hint: Text
    required: bool
    relevant: str | None
    constraint: str | None
    constraint_message: Text
    choices: tuple[Choice, ...] = ()
    analysis: bool = False
    # "barriers", "assets" or "auto" (decided from the answers), see `analysis.roles`.
    analysis_role: str = "barriers"
    # `required` as a condition: required where it holds (`required` is then False).
    required_when: str | None = None
    required_message: Text = field(default_factory=lambda: Text({}, ""))
    # Longer guidance for whoever asks or answers, shown folded under the hint.
    guidance_hint: Text = field(default_factory=lambda: Text({}, ""))
    appearance: str = ""
    # A calculate question's expression: its value is computed and stored, never asked.
    calculation: str | None = None
    # A range question's (start, end, step), from its `parameters`.
    range: tuple[float, float, float] | None = None
    # The answer a new response starts with (XLSForm's `default`, a value, not an expression).
    default: str | None = None
    # A select's list name, its `choice_filter` (as the author wrote it, the choice's columns as the
    # current node) and `parameters: randomize=true seed=...` (survey/choice_filter.py).
    list_name: str = ""
    choice_filter: str | None = None
    randomize: bool = False
    seed: str | None = None
    # A `default` that is an expression (ODK's dynamic default): evaluated once, when a response
    # starts (survey/form_set.py).
    default_expression: str | None = None
    # `read_only`: yes (True) or a condition (its text); shown with its value, never changed by a post.
    read_only: bool | str = False
    # `trigger`: the questions whose change re-runs this question's `calculation` (then kept).
    trigger: tuple[str, ...] = ()
    # A file question's `accept` list (image/*, audio/*, video/*; `file`: the `body::accept` column,
    # empty for any file) and an image's `parameters: max-pixels=N` (its longer side at most N).
    accept: str = ""
    max_pixels: int | None = None
    # The labels of the groups within a field-list page that begin at this question (survey/
    # nested_groups.py), shown over it.
    heading: Text | None = None

    @property
    def is_media(self) -> bool:
        """Answered with a file (image, audio, video, file)."""
        return self.type in MEDIA_TYPES

    @property
    def file_accept(self) -> str:
        """The `accept` of a file question's input (survey/media.py)."""
        from .media import accept_of

        return accept_of(self)

    @property
    def file_capture(self) -> str | None:
        """The `capture` of a file question's input: the camera for `new`, the front one for
        `new-front`."""
        from .media import capture_of

        return capture_of(self)

    @property
    def draws(self) -> str | None:
        """`signature` or `draw`: an image question drawn on a pad where script runs."""
        if self.type != "image":
            return None
        return next((w for w in self.appearance.split() if w in ("signature", "draw")), None)

    # The `image`, `big-image`, `audio` and `video` columns (services.form_media).
    media: Media = field(default_factory=dict)

    def medium(self, column: str, lang: str) -> MediaFile | None:
        return medium(self.media, column, lang, self.label.source)

    def shown(self, value: str | None) -> str | list[str]:
        """A stored value in the shape the inputs show it (a list for select_multiple)."""
        if self.type == "select_multiple":
            return (value or "").split()
        if self.is_media:  # the stored file's name, an answer the page keeps unless changed
            from .media import StoredName

            return StoredName(value) if value else ""
        from .answer_parts import handles, shown_parts

        if handles(self):
            return shown_parts(self, value)
        return value or ""

    @property
    def posts_list(self) -> bool:
        """Its inputs post several values (a geopoint's, a ranking's, a date's parts)."""
        from .answer_parts import posts_list

        return posts_list(self)

    @property
    def date_parts(self) -> str | None:
        """`no-calendar`, `month-year` or `year`: a date asked in parts, without a picker."""
        from .date_parts import date_parts

        return date_parts(self.appearance) if self.type == "date" else None

    @property
    def calendar(self) -> str | None:
        """`ethiopian`, `persian`...: a date asked and shown in another calendar, stored Gregorian."""
        from .calendars import calendar_of

        return calendar_of(self.appearance) if self.type == "date" else None

    @property
    def multiline(self) -> bool:
        return self.type == "text" and (self.analysis or "multiline" in self.appearance.split())

    @property
    def answerable(self) -> bool:
        return self.type in ANSWERABLE

    def choice(self, name: str) -> Choice | None:
        return next((c for c in self.choices if c.name == name), None)


SCOPE_STEP = re.compile(r"([A-Za-z_][\w.-]*)\[(\d+)\]/")


@dataclass(frozen=True)
class Page:
    name: str
    label: Text
    relevant: str | None
    questions: tuple[Question, ...]
    # The repeat the page belongs to (survey.repeats asks it once per instance); `instance` is the
    # 1-based instance of a page of an expanded definition, None for the "add another" prompt.
    repeat: str | None = None
    instance: int | None = None
    # The instances of the repeats around `repeat` (`household[2]/`, empty outside nested repeats).
    scope: str = ""

    @property
    def outer(self) -> tuple[tuple[str, int], ...]:
        """The instances of the repeats around this page's, outermost first (for its heading)."""
        return tuple((m[1], int(m[2])) for m in SCOPE_STEP.finditer(self.scope))


@dataclass(frozen=True)
class Repeat:
    """A `begin repeat`: its label, `repeat_count` (None: the person adds instances), the `relevant`
    of it and of the groups around it, and the names of its questions."""

    name: str
    label: Text
    count: str | None
    relevant: str | None
    questions: tuple[str, ...]
    # The repeat this one is inside (households -> members), None for an outermost repeat.
    parent: str | None = None


@dataclass(frozen=True)
class Metadata:
    """A value an ODK client records by itself (`start`, `end`, `today`, `deviceid`, ...): never asked,
    recorded from what the server knows (services.metadata)."""

    name: str
    type: str


@dataclass(frozen=True)
class FormDefinition:
    version: str
    source_language: str
    languages: tuple[str, ...]
    language_names: dict[str, str]
    title: Text
    pages: tuple[Page, ...] = field(default=())
    metadata: tuple[Metadata, ...] = field(default=())
    # The attached data files' rows by instance name (`cities` for cities.csv), which pulldata()
    # and instance('cities') read (services.attachments).
    instances: dict[str, tuple[dict[str, str], ...]] = field(default_factory=dict)
    repeats: dict[str, Repeat] = field(default_factory=dict)
    # In a definition expanded for some answers (survey.repeats.expand): each repeat's instances.
    instance_counts: dict[str, int] = field(default_factory=dict)
    # ...and the pages it was expanded from.
    stored_pages: tuple[Page, ...] = field(default=())
    # Every media file its questions and choices show, by name.
    media: dict[str, MediaFile] = field(default_factory=dict)

    @property
    def shows_media(self) -> bool:
        return bool(self.media)

    # The settings' `instance_name` expression: each response's name (survey.instance_name).
    instance_name: str | None = None

    @cached_property
    def questions(self) -> dict[str, Question]:
        return {q.name: q for p in self.pages for q in p.questions}

    @cached_property
    def defaults(self) -> dict[str, str]:
        """The answers a new response starts with."""
        return {q.name: q.default for q in self.questions.values() if q.default}

    @cached_property
    def choice_labels(self) -> dict[str, dict[str, dict[str, str]]]:
        """question -> choice -> language -> label (with the source-language fallback), for
        jr:choice-name in expressions."""
        return {
            q.name: {c.name: {lang: c.label.get(lang) for lang in self.languages} for c in q.choices}
            for q in self.questions.values()
            if q.choices
        }

    @cached_property
    def choice_lists(self) -> dict[str, Question]:
        """Each choice list of the form's selects, with the first select that offers it: pyxform writes
        every list as an instance of the XForm, so `instance('list')/root/item[...]` reads it."""
        out: dict[str, Question] = {}
        for q in self.questions.values():
            if q.list_name and q.choices:
                out.setdefault(q.list_name, q)
        return out

    @property
    def answerable(self) -> list[Question]:
        return [q for q in self.questions.values() if q.answerable]

    @property
    def recorded(self) -> list[Question]:
        """The questions whose values are stored: those asked, and calculations."""
        return [q for q in self.questions.values() if q.answerable or q.type == "calculate"]

    @property
    def analysis_questions(self) -> list[Question]:
        """Free-text questions the survey author marked for theme analysis (`instance::analysis`)."""
        return [q for q in self.questions.values() if q.analysis]

    def translatable_texts(self) -> list[Text]:
        """Every text a respondent can see, for translation completeness."""
        texts = [self.title]
        for page in self.pages:
            texts.extend(t for t in (page.label,) if t)
            for q in page.questions:
                texts.extend(
                    t
                    for t in (
                        q.label,
                        q.hint,
                        q.guidance_hint,
                        q.constraint_message,
                        q.required_message,
                        q.heading,
                    )
                    if t
                )
                texts.extend(c.label for c in q.choices)
        return texts

    def completeness(self) -> dict[str, float]:
        """Share of texts translated, per language of the survey."""
        texts = self.translatable_texts()
        return {
            lang: (sum(t.has(lang) for t in texts) / len(texts)) if texts else 1.0 for lang in self.languages
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FormDefinition:
        source = data["source_language"]

        def text(values: dict[str, str] | None) -> Text:
            return Text(dict(values or {}), source)

        files = {
            name: MediaFile(name, f["type"], f["sha256"], f["size"], f.get("width"), f.get("height"))
            for name, f in (data.get("media") or {}).items()
        }

        def media(values: dict[str, dict[str, str]] | None) -> Media:
            return {
                column: {lang: files[name] for lang, name in names.items() if name in files}
                for column, names in (values or {}).items()
            }

        from .nested_groups import headings

        pages = tuple(
            Page(
                name=p["name"],
                label=text(p.get("label")),
                relevant=p.get("relevant"),
                questions=tuple(
                    Question(
                        name=q["name"],
                        type=q["type"],
                        label=text(q.get("label")),
                        hint=text(q.get("hint")),
                        required=bool(q.get("required")),
                        relevant=q.get("relevant"),
                        constraint=q.get("constraint"),
                        constraint_message=text(q.get("constraint_message")),
                        choices=tuple(
                            Choice(
                                c["name"],
                                text(c.get("label")),
                                dict(c.get("columns") or {}),
                                media(c.get("media")),
                            )
                            for c in data.get("choices", {}).get(q.get("list_name") or "", [])
                        ),
                        analysis=bool(q.get("analysis")),
                        analysis_role=str(q.get("analysis_role") or "barriers"),
                        required_when=q.get("required_when"),
                        required_message=text(q.get("required_message")),
                        guidance_hint=text(q.get("guidance_hint")),
                        appearance=q.get("appearance") or "",
                        calculation=q.get("calculation"),
                        range=tuple(q["range"]) if q.get("range") else None,  # type: ignore[arg-type]
                        default=q.get("default"),
                        list_name=q.get("list_name") or "",
                        choice_filter=q.get("choice_filter"),
                        randomize=bool(q.get("randomize")),
                        seed=q.get("seed"),
                        default_expression=q.get("default_expression"),
                        read_only=q.get("read_only") or False,
                        trigger=tuple(q.get("trigger") or ()),
                        accept=q.get("accept") or "",
                        max_pixels=q.get("max_pixels"),
                        media=media(q.get("media")),
                        heading=heads.get(q["name"]),
                    )
                    for q in p["questions"]
                ),
                repeat=p.get("repeat"),
            )
            for p, heads in ((p, headings(p, text)) for p in data["pages"])
        )
        repeats = {
            name: Repeat(
                name,
                text(r.get("label")),
                r.get("count"),
                r.get("relevant"),
                tuple(q.name for p in pages if p.repeat == name for q in p.questions),
                r.get("parent"),
            )
            for name, r in (data.get("repeats") or {}).items()
        }
        return cls(
            version=data["version"],
            source_language=source,
            languages=tuple(data["languages"]),
            language_names=dict(data.get("language_names", {})),
            title=text(data.get("title")),
            pages=pages,
            metadata=tuple(Metadata(m["name"], m["type"]) for m in data.get("metadata", [])),
            repeats=repeats,
            instances=_instances(data.get("files") or {}),
            media=files,
            instance_name=data.get("instance_name") or None,
        )


def _instances(files: dict[str, Any]) -> dict[str, tuple[dict[str, str], ...]]:
    """Each stored file's rows as records, under the file's name without its suffix (ODK's instance
    id); the first file of a name is kept."""
    out: dict[str, tuple[dict[str, str], ...]] = {}
    for name, table in files.items():
        columns = table["columns"]
        out.setdefault(
            name.rsplit(".", 1)[0], tuple(dict(zip(columns, row, strict=False)) for row in table["rows"])
        )
    return out
