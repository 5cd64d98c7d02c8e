"""What of the XLSForm standard the app uses: the one table to change when a type or column is supported.

A column or setting listed here is read on import; every other one that holds a value is reported as a
warning (the form still imports, without it), so an author never believes a column works when it does not.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l

from ..survey.calendars import CALENDARS
from ..survey.date_parts import DATE_PARTS

# Question types as pyxform names them in its JSON -> the definition's type.
QUESTION_TYPES = {
    "select one": "select_one",
    "select all that apply": "select_multiple",
    # Choices from the workbook's external_choices sheet (services.attached_choices).
    "select one external": "select_one",
    "text": "text",
    "integer": "integer",
    "decimal": "decimal",
    "date": "date",
    "note": "note",
    "acknowledge": "acknowledge",
    "calculate": "calculate",
    # A value kept and never shown, set by its default: a calculate without a calculation (the
    # download writes it back as hidden, since pyxform wants a calculation on a calculate).
    "hidden": "calculate",
    "range": "range",
    "time": "time",
    "dateTime": "dateTime",
    # A barcode's digits, typed: a browser page has no scanner to count on.
    "barcode": "text",
    # ODK's older name of acknowledge.
    "trigger": "acknowledge",
    # Typed as latitude and longitude (no map: tiles need the network), or taken from the
    # browser's location with JavaScript over https (survey/geo_answers.py).
    "geopoint": "geopoint",
    "geotrace": "geotrace",
    "geoshape": "geoshape",
    "gps": "geopoint",  # pyxform's older name
    # The choices put in order, one select per position (survey/rank.py).
    "rank": "rank",
    # File answers, uploaded as a browser does (<input type=file> with ODK's accept list; phones
    # offer the camera or recorder with it): survey/media.py. pyxform names `image` `photo`.
    "photo": "image",
    "image": "image",
    "q picture": "image",
    "audio": "audio",
    "video": "video",
    "file": "file",
}
# pyxform's other names for these types (its question type dictionary), lowercase: read as the name
# they stand for, on the author's sheet and in pyxform's JSON (which keeps most of them as written).
TYPE_ALIASES = {
    **dict.fromkeys(("int", "q int", "add integer prompt", "percentage"), "integer"),
    **dict.fromkeys(
        ("number of days in last month", "number of days in last six months", "number of days in last year"),
        "integer",
    ),
    **dict.fromkeys(("string", "q string", "add text prompt", "phone number"), "text"),
    **dict.fromkeys(("q decimal", "add decimal prompt"), "decimal"),
    **dict.fromkeys(("q date", "add date prompt"), "date"),
    **dict.fromkeys(
        ("datetime", "date time", "q datetime", "q date time", "add datetime prompt", "add date time prompt"),
        "dateTime",
    ),
    **dict.fromkeys(("q note", "add note prompt"), "note"),
    **dict.fromkeys(("q acknowledge", "add acknowledge prompt"), "acknowledge"),
    **dict.fromkeys(("q calculate", "add calculate prompt"), "calculate"),
    **dict.fromkeys(("q barcode", "add barcode prompt"), "barcode"),
    **dict.fromkeys(("location", "q location", "add location prompt", "q geopoint"), "geopoint"),
    "q geotrace": "geotrace",
    "q geoshape": "geoshape",
    **dict.fromkeys(("q picture", "q image", "add image prompt", "add photo prompt"), "image"),
    **dict.fromkeys(("q audio", "add audio prompt"), "audio"),
    **dict.fromkeys(("q video", "add video prompt"), "video"),
    "add file prompt": "file",
    # Metadata under their other names.
    **dict.fromkeys(("start time", "get start time"), "start"),
    **dict.fromkeys(("end time", "get end time"), "end"),
    "get today": "today",
    **dict.fromkeys(("imei", "device id", "get device id", "uri:deviceid"), "deviceid"),
    **dict.fromkeys(("get phone number", "uri:phonenumber"), "phonenumber"),
    **dict.fromkeys(("sim id", "get sim id", "uri:simserial"), "simserial"),
    **dict.fromkeys(("subscriber id", "get subscriber id", "uri:subscriberid"), "subscriberid"),
    "uri:username": "username",
    "uri:email": "email",
}


# pyxform's spellings of a select's type (pyxform/aliases.py `select`), as an author writes them with
# the list (or file) name after -> the spelling the app reads: `select1 yes_no` is `select_one yes_no`.
SELECT_SPELLINGS = {
    **dict.fromkeys(
        ("select_one", "select one", "select1", "select one from", "add select one prompt using"),
        "select_one",
    ),
    **dict.fromkeys(
        (
            "select_multiple",
            "select all that apply",
            "select all that apply from",
            "add select multiple prompt using",
        ),
        "select_multiple",
    ),
    "rank": "rank",
    "select_one_external": "select_one_external",
    **dict.fromkeys(("select_one_from_file", "select one from file"), "select_one_from_file"),
    **dict.fromkeys(("select_multiple_from_file", "select multiple from file"), "select_multiple_from_file"),
}
# What pyxform reads after a select's list as its "other" choice with a text box for it.
OR_OTHER_SPELLINGS = frozenset({"or_other", "or other", "or specify other"})
# pyxform matches the longest spelling the rest of the type allows (`select one from file x.csv`).
_SELECT_TYPE = re.compile(
    r"^(?P<kind>"
    + "|".join(re.escape(s) for s in sorted(SELECT_SPELLINGS, key=len, reverse=True))
    + r") (?P<list>\S+)(?: (?P<other>"
    + "|".join(re.escape(s) for s in sorted(OR_OTHER_SPELLINGS, key=len, reverse=True))
    + r"))?$"
)


def canonical_type(qtype: str) -> str:
    """The type an author's (or pyxform's) name stands for: `q int` -> `integer`; others unchanged."""
    return TYPE_ALIASES.get(" ".join(qtype.lower().split()), qtype)


def canonical_spelling(qtype: str) -> str:
    """An author's `type` cell in the app's spelling, whitespace collapsed: `select1 yes_no` ->
    `select_one yes_no`, `select all that apply from x or specify other` -> `select_multiple x or_other`,
    `q int` -> `integer`; a type pyxform would not read as a select is left to the other checks."""
    text = " ".join(qtype.split())
    match = _SELECT_TYPE.match(text)
    if match is None:
        return canonical_type(text)
    other = " or_other" if match["other"] else ""
    return f"{SELECT_SPELLINGS[match['kind']]} {match['list']}{other}"


def canonical_types(element: dict[str, Any]) -> dict[str, Any]:
    """The JSON with pyxform's other type names (`q int`, `uri:username`) read as the types they are."""
    out = dict(element)
    if isinstance(out.get("type"), str):
        out["type"] = canonical_type(out["type"])
    if isinstance(out.get("children"), list):
        out["children"] = [canonical_types(c) if isinstance(c, dict) else c for c in out["children"]]
    return out


# Types a browser cannot run, refused by name with the reason (shown to the author).
REFUSED_TYPES = {
    # ODK records sound for the whole form, from the moment it opens, without a control on the
    # screen; a browser records only while the person has allowed it on that page, and asks
    # again: it could not be the same recording.
    "background-audio": _l(
        "a web page records sound only while the person allows it on that "
        "page, so ODK's recording of the whole form in the background cannot be "
        "done. Use an audio question, which the person records and sends"
    ),
    "background-video": _l("a web page records only while the person allows it on that page"),
    # An OpenMapKit question needs the OpenMapKit Android app.
    "osm": _l("it needs the OpenMapKit app on an Android phone"),
    # Collect takes the phone's location whenever the trigger question changes, unseen; a page without
    # JavaScript cannot take a location, and a browser asks the person before it gives one.
    "background-geopoint": _l(
        "a web page gets the location only when the person allows it, and not at all without "
        "JavaScript. Use a geopoint question, which the person fills"
    ),
}
# Metadata an ODK client records by itself, never asked: accepted, and recorded from what the server
# knows (surveyapp.services.metadata) or left empty.
METADATA_TYPES = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "email",
        "phonenumber",
        "simserial",
        "subscriberid",
        "audit",
        # The place where the form was opened: a server cannot know it, so it is stored empty.
        "start-geopoint",
    }
)
# Rows that declare an attached file as an instance of the form (`instance('name')/root/item`), no
# question: the file is read as every attached file is (services.attached_choices), and the row kept
# to be written back.
EXTERNAL_INSTANCE_TYPES = frozenset({"csv-external", "xml-external"})
# Types pyxform names itself when the name cell is empty: an audit is always `audit` (the XForms
# spec's meta/audit), a note becomes `generated_note_name_ROW`. Nobody answers either, so nothing
# of the author's is lost; the row is accepted as pyxform accepts it.
NAMELESS_TYPES = frozenset({"audit", "note"})
# Selects whose choices are on the choices sheet, by each spelling an author may write (the list name
# follows); those of a file or the external_choices sheet are FILE_SELECT_TYPES.
SELECT_TYPES = {
    spelling: kind
    for spelling, kind in SELECT_SPELLINGS.items()
    if kind in ("select_one", "select_multiple", "rank")
}
PLAIN_TYPES = {
    "text",
    "integer",
    "decimal",
    "date",
    "note",
    "acknowledge",
    "calculate",
    "hidden",
    "range",
    "barcode",
    "time",
    "datetime",
    "dateTime",
    "trigger",
    "geopoint",
    "geotrace",
    "geoshape",
    "gps",
    "image",
    "photo",
    "audio",
    "video",
    "file",
}
# Selects whose choices are in an attached file (.csv, .xml, .geojson) or the external_choices sheet,
# as the author writes them; the file or list name follows.
FILE_SELECT_TYPES = frozenset({"select_one_from_file", "select_multiple_from_file", "select_one_external"})
BEGIN_GROUP = {"begin group", "begin_group"}
END_GROUP = {"end group", "end_group"}
# A repeat's pages are asked once per instance (survey.repeats), within each instance of the one around it.
BEGIN_REPEAT = {"begin repeat", "begin_repeat"}
END_REPEAT = {"end repeat", "end_repeat"}
# Shown to an author whose type is not among them.
SUPPORTED_TYPE_NAMES = (
    "text",
    "integer",
    "decimal",
    "date",
    "note",
    "acknowledge",
    "calculate",
    "hidden",
    "range",
    "barcode",
    "time",
    "dateTime",
    "geopoint",
    "geotrace",
    "geoshape",
    "image",
    "audio",
    "video",
    "file",
    "select_one LIST",
    "select_multiple LIST",
    "rank LIST",
    "select_one_from_file FILE",
    "select_multiple_from_file FILE",
    "select_one_external LIST",
    "begin group",
    "end group",
    "begin repeat",
    "end repeat",
    "begin loop over LIST",
    "end loop",
    *sorted(EXTERNAL_INSTANCE_TYPES),
    *sorted(METADATA_TYPES),
)

# Columns of the `survey` sheet that import reads. Translatable columns are named without their
# `::Language (code)` suffix; others by their whole header. `default` may be a value or an expression
# (a dynamic default, evaluated once when a response starts); `calculation` works on any question
# (recomputed, so read-only, unless a `trigger` names the questions whose change runs it); `read_only`
# is yes or a condition (survey/form_set.py). A name may repeat in different groups: its answers are
# kept under its group path (services/xlsform_keys.py).
SURVEY_COLUMNS = frozenset(
    {
        "type",
        "name",
        "label",
        "hint",
        "guidance_hint",
        "required",
        "required_message",
        "relevant",
        "constraint",
        "appearance",
        "calculation",
        "parameters",
        "default",
        "choice_filter",
        "read_only",
        "trigger",
        "repeat_count",
        "constraint_message",
        "instance::analysis",
        "image",
        "big-image",
        "audio",
        "video",
        # A `file` question's accepted types, e.g. `.pdf,.docx` (ODK's accept).
        "body::accept",
    }
)
CHOICES_COLUMNS = frozenset({"list_name", "name", "label", "image", "big-image", "audio", "video"})
# Other columns of the `choices` sheet are the choices' own data (e.g. `county`), which a question's
# `choice_filter` reads, kept and written back; media columns (shown, services.form_media) are not data.
CHOICE_MEDIA_COLUMNS = frozenset({"image", "big-image", "audio", "video"})
SETTINGS = frozenset(
    {
        "form_title",
        "form_id",
        "version",
        "default_language",
        "allow_choice_duplicates",
        "instance_name",
        "style",
    }
)
# `instance_name` is an expression over the answers: each response's name, computed by the server
# at each save and on completion (survey/instance_name.py), exported as `instance_name`.
# `style` words are Enketo's themes (enketo-core's src/js/page.js and src/sass; xlsform.org,
# "Multiple webpage forms", "Grid theme forms"), by what the app makes of each:
# - `pages` (page): Enketo, which otherwise shows a whole form on one long page, shows each
#   field-list group (or repeat) as a page, and each question outside one on a page of its own.
#   The app does the same with `style pages` (services/xlsform_paging.py; without it every group
#   is a page, which gives a form written as xlsform.org asks, each page a field-list group, the
#   same pages), in repeats too (each instance's questions), and a group (a loop's groups too)
#   within a field-list group on the field-list's page; a repeat within a field-list group keeps
#   a page per instance, as ODK Collect asks its instances one screen at a time, which the upload
#   says with its rows (xlsform_settings._repeats_in_field_lists).
# - `theme-grid` (grid): questions side by side by their `w1`...`w10` widths, a "print-first"
#   layout for large screens; a warning: the app's pages keep one column, which reads on phones and
#   with screen readers at any zoom (the `wN` appearances are warnings too).
# - `theme-formhub`, `theme-plain` (look): colours and fonts of Enketo's other skins over the same
#   one-column layout the app has; accepted as they are, the app keeping its own accessible look.
STYLES = {"pages": "pages", "theme-grid": "grid", "theme-formhub": "look", "theme-plain": "look"}
# Values of `appearance` the app honours (others are warnings): `multiline` makes a text question a
# text area; `field-list` asks a group's questions on one page, as every group is. Selects (see
# macros/questions.html and app.css): `minimal` a dropdown (<select>); `horizontal`,
# `horizontal-compact`, `columns`, `columns-N` (1 to 5), `columns-pack` the choices in a row or in
# columns; `likert` a scale in one row; `label` a row of the choice labels only, and `list-nolabel`
# rows of inputs only, aligned under it (ODK's grid; each input keeps its label as its accessible
# name); `quick` is honoured as it is on a web page: Next is one tap away, and ODK's auto-advance
# would move on before a person could check a tap; `autocomplete` and `search` (without a file) are
# ODK's text filter over a select_one's choices: a text box on the offline kiosk page
# (static/offline-choices.js); the server's pages, without JavaScript, show every choice.
SELECT_APPEARANCES = frozenset(
    {
        "minimal",
        "horizontal",
        "horizontal-compact",
        "columns",
        "columns-pack",
        "columns-1",
        "columns-2",
        "columns-3",
        "columns-4",
        "columns-5",
        "likert",
        "label",
        "list-nolabel",
        "quick",
        "autocomplete",
        "search",
    }
)
# A date's `no-calendar` (day, month, year typed), `month-year` and `year` (survey/date_parts.py), and
# the calendars of survey/calendars.py (the Myanmar one among them); `maps` and `placement-map` stay
# warnings: a map needs tiles from the network.
CALENDAR_APPEARANCES = frozenset(CALENDARS)
DATE_APPEARANCES = frozenset(DATE_PARTS) | CALENDAR_APPEARANCES
# An image's `new` and `new-front` (selfie) open the phone's camera (the input's `capture`);
# `signature` and `draw` show a drawing pad where script runs (static/draw.js) and are an upload of a
# picture without it (a signature on paper, photographed); `annotate` is an upload (survey/media.py).
MEDIA_APPEARANCES = frozenset({"new", "new-front", "selfie", "signature", "draw", "annotate"})
# A text's `numbers` brings up the phone's number keys (the answer stays text, a phone number with
# its leading zero, say) and `masked` hides what is typed, as ODK Collect does; on a text only.
TEXT_ONLY_APPEARANCES = frozenset({"numbers", "masked"})
APPEARANCES = (
    frozenset({"field-list", "multiline"})
    | TEXT_ONLY_APPEARANCES
    | SELECT_APPEARANCES
    | DATE_APPEARANCES
    | MEDIA_APPEARANCES
)


def honoured_appearance(word: str, kind: str) -> bool:
    """Whether the app honours an appearance on a question of this type (the rest are warnings): a
    calendar on a `date` only (Collect also shows a `dateTime`'s day in it), `numbers` and `masked`
    on a `text` only."""
    if word not in APPEARANCES:
        return False
    if word in CALENDAR_APPEARANCES:
        return kind == "date"
    return kind == "text" or word not in TEXT_ONLY_APPEARANCES


# `parameters` the app honours, by question type (others are warnings): a select's `randomize=true`
# shows its choices in ODK's random order, fixed by `seed` (a number or ${question}), else by the
# response's id, so that one person sees one order on every page, reload and the review.
SELECT_PARAMETERS = frozenset({"randomize", "seed"})
# Keyed by the type's first word (a select's list or file name follows it).
# An image's `max-pixels=N`: its longer side is shrunk to N pixels, as ODK Collect does.
PARAMETERS = {
    "range": frozenset({"start", "end", "step"}),
    "image": frozenset({"max-pixels"}),
    "photo": frozenset({"max-pixels"}),
    **{kind: frozenset({"value", "label"}) | SELECT_PARAMETERS for kind in FILE_SELECT_TYPES},
}


def parameters_for(qtype: str) -> frozenset[str]:
    """The parameters honoured for a type as written (`select_one list` takes a select's)."""
    words = canonical_spelling(qtype).split()
    if not words:
        return frozenset()
    if words[0] in ("select_one", "select_multiple"):
        return SELECT_PARAMETERS
    return PARAMETERS.get(words[0], frozenset())


# Columns whose header carries a language suffix (pyxform's translatable columns).
TRANSLATABLE = frozenset(
    {
        "label",
        "hint",
        "guidance_hint",
        "constraint_message",
        "required_message",
        "image",
        "big-image",
        "audio",
        "video",
        "form_title",
    }
)
# pyxform's other names for the columns the app reads (pyxform/aliases.py: survey_header,
# list_header, settings_header), so a workbook pyxform reads is read the same here. Those of
# SURVEY_ALIASES are the survey sheet's only: on the choices sheet a `count` is the choices' data.
ALIASES = {
    "relevance": "relevant",
    "constraining_message": "constraint_message",
    "list name": "list_name",
    "value": "name",
    "caption": "label",
    "set_form_title": "form_title",
    "set_form_id": "form_id",
}
SURVEY_ALIASES = {
    "command": "type",
    "tag": "name",
    "readonly": "read_only",
    "calculate": "calculation",
    "requiredmsg": "required_message",
    "count": "repeat_count",
    "jr:count": "repeat_count",
}
YES = frozenset({"yes", "true", "true()"})
NO = frozenset({"no", "false", "false()"})


def is_dynamic_default(value: str) -> bool:
    """pyxform's own test: a default with a reference or a function call is an expression (ODK's
    dynamic default, evaluated once when a response starts)."""
    return "${" in value or bool(re.search(r"[\w:-]+\s*\(", value))


def column_key(header: str, sheet: str = "") -> str:
    """The column a header of `sheet` stands for: `label::Español (es)` -> `label`;
    `instance::analysis` stays."""
    text = header.strip()
    if text.lower().startswith("media::"):  # pyxform's other spelling of `image`, `audio`, ...
        text = text[len("media::") :]
    base = text.split("::", 1)[0].strip().lower()
    base = ALIASES.get(base, base)
    if sheet == "survey":
        base = SURVEY_ALIASES.get(base, base)
    if base in TRANSLATABLE or "::" not in text:
        return base
    return f"{base}::{text.split('::', 1)[1].strip().lower()}"


def sheet_column_keys(headers: list[str], sheet: str = "") -> list[str]:
    """The column key of each header of one sheet's first row ("" for an empty cell). As pyxform
    reads a sheet none of whose headers has `::`, a single colon parts a translatable column from its
    language there (`label:English`, `hint:Français`, `media:image:English`), old forms' spelling."""
    single = not any("::" in header for header in headers)
    return [column_key(_single_colons(h) if single else h, sheet) if h else "" for h in headers]


def _single_colons(header: str) -> str:
    """`label:English` -> `label::English`; other headers as written (`jr:count`, a choice column
    with a colon in its name: pyxform leaves a column it does not know whole)."""
    tokens = [t.strip() for t in header.strip().split(":")]
    if len(tokens) < 2 or column_key(tokens[0]) not in TRANSLATABLE | {"media"}:
        return header
    return "::".join(tokens)


# `instance::analysis` values: the role of a free-text question's answers in the theme analysis
# (`analysis.roles`); `yes` leaves it to the answers (asset question when more of them match asset
# categories than barrier ones).
ANALYSIS_ROLES = {
    "themes": "barriers",
    "barriers": "barriers",
    "assets": "assets",
    "strengths": "assets",
    "yes": "auto",
    "true": "auto",
}
