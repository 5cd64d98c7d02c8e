"""Every problem and warning of an XLSForm workbook at once, each with its sheet, row and column.

pyxform stops at the first error it meets, so an author would fix a form one upload at a time. These
checks read the sheets themselves (openpyxl, read-only) before pyxform runs and list all they find.
A check is a function that takes the read workbook and yields Findings; a new one is added to CHECKS
(problems: the form is refused) or WARNINGS (the form imports without what is reported).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from flask_babel import lazy_gettext as _l

from ..expressions import ExpressionError, compile_expression
from ..survey.choice_filter import filter_source
from . import xlsform_support as support
from .xlsform_loops import LOOP_TYPE

REFERENCE = re.compile(r"\$\{([A-Za-z_][\w.-]*)\}")
PYXFORM_ROW = re.compile(r"\[row\s*:\s*(\d+)\]|\brow\s*:?\s*(\d+)", re.IGNORECASE)
PYXFORM_SHEET = re.compile(r"'(survey|choices|settings)' sheet", re.IGNORECASE)
MAX_ROWS_NAMED = 12


@dataclass(frozen=True)
class Finding:
    """One problem or warning: where it is (sheet, row, column; each may be unknown) and what it is.

    The message is a lazy translation: the page shows it in the staff member's language, the CLI in
    the default language.
    """

    sheet: str
    row: int | None
    column: str
    message: Any
    # `sheet` names an attached file (services.attachments), not a sheet of the workbook.
    file: bool = False

    def where(self) -> str:
        if self.file:
            return str(
                _l("file %(file)s, row %(row)d", file=self.sheet, row=self.row)
                if self.row is not None
                else _l("file %(file)s", file=self.sheet)
            )
        if self.row is not None and self.column:
            return str(
                _l(
                    "sheet %(sheet)s, row %(row)d, column %(column)s",
                    sheet=self.sheet,
                    row=self.row,
                    column=self.column,
                )
            )
        if self.row is not None:
            return str(_l("sheet %(sheet)s, row %(row)d", sheet=self.sheet, row=self.row))
        if self.column:
            return str(_l("sheet %(sheet)s, column %(column)s", sheet=self.sheet, column=self.column))
        if self.sheet:
            return str(_l("sheet %(sheet)s", sheet=self.sheet))
        return ""

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else str(self.message)


@dataclass
class Sheet:
    """A sheet's rows that hold anything, as {column key: first non-empty value} with their row number."""

    name: str
    headers: dict[str, str] = field(default_factory=dict)  # column key -> header as written
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    # column key -> rows with a value in any of its headers (e.g. every label::Language column)
    used: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class Workbook:
    sheets: dict[str, Sheet]

    def sheet(self, name: str) -> Sheet | None:
        return self.sheets.get(name)

    @property
    def settings(self) -> dict[str, str]:
        settings = self.sheet("settings")
        return settings.rows[0][1] if settings and settings.rows else {}

    def question_names(self) -> set[str]:
        survey = self.sheet("survey")
        return {values["name"] for _n, values in survey.rows if values.get("name")} if survey else set()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_workbook(path: Path) -> Workbook:
    """The sheets of an .xlsx, each header turned into its column key (see xlsform_support)."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets: dict[str, Sheet] = {}
        for worksheet in book.worksheets:
            name = worksheet.title.strip().lower()
            if name in sheets:
                continue
            sheet = sheets[name] = Sheet(name)
            keys: list[str] = []
            for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = [_cell(value) for value in row]
                if number == 1:
                    keys = support.sheet_column_keys(cells, name)
                    for key, header in zip(keys, cells, strict=False):
                        if key:
                            sheet.headers.setdefault(key, header)
                    continue
                values: dict[str, str] = {}
                for key, value in zip(keys, cells, strict=False):
                    if key and value:
                        values.setdefault(key, value)
                        used = sheet.used.setdefault(key, [])
                        if not used or used[-1] != number:
                            used.append(number)
                if values:
                    sheet.rows.append((number, values))
        return Workbook(sheets)
    finally:
        book.close()


def _problem(sheet: str, row: int | None, column: str, message: Any) -> Finding:
    return Finding(sheet, row, column, message)


def check_sheets(book: Workbook) -> Iterator[Finding]:
    survey = book.sheet("survey")
    if survey is None:
        yield _problem("survey", None, "", _l("The workbook has no sheet named survey."))
        return
    for column in ("type", "name"):
        if column not in survey.headers:
            yield _problem(
                "survey", 1, column, _l("The survey sheet needs a column named %(column)s.", column=column)
            )


def _select(qtype: str) -> tuple[str, str, str] | None:
    """(select kind, list name, the rest) of a select type as written, else None."""
    for written in sorted(support.SELECT_TYPES, key=len, reverse=True):
        if qtype == written or qtype.startswith(written + " "):
            rest = qtype[len(written) :].split()
            return written, rest[0] if rest else "", " ".join(rest[1:])
    return None


def _choice_lists(book: Workbook) -> dict[str, list[tuple[int, dict[str, str]]]]:
    lists: dict[str, list[tuple[int, dict[str, str]]]] = {}
    choices = book.sheet("choices")
    for number, values in choices.rows if choices else []:
        if values.get("list_name"):
            lists.setdefault(values["list_name"], []).append((number, values))
    return lists


def check_survey_rows(book: Workbook) -> Iterator[Finding]:
    """Types, names, choice lists of select questions, and begin/end group balance."""
    survey = book.sheet("survey")
    if survey is None:
        return
    lists = _choice_lists(book)
    # Names are unique among the rows of one group (pyxform's rule; other groups may reuse them):
    # `seen` of the group a row is in, by name.
    scopes: list[dict[str, int]] = [{}]
    groups: list[tuple[int, str]] = []
    for number, values in survey.rows:
        seen = scopes[-1]
        qtype = support.canonical_spelling(values.get("type", "").lower())
        name = values.get("name", "")
        if not qtype:
            yield _problem("survey", number, "type", _l("This row has no type."))
            continue
        if qtype in ("end loop", "end_loop"):
            if len(scopes) > 1:
                scopes.pop()  # a loop is a scope of names too
            continue
        if (loop := LOOP_TYPE.match(qtype)) is not None:
            list_name = (
                " ".join(values.get("type", "").split())[len(qtype) - len(loop["list"] or "") :]
                if loop["list"]
                else ""
            )
            if not list_name:
                yield _problem(
                    "survey",
                    number,
                    "type",
                    _l("begin loop needs the choice list it goes over, e.g. begin loop over items."),
                )
            elif list_name not in lists:
                yield _problem(
                    "survey",
                    number,
                    "type",
                    _l("The choice list %(list)s is not in the choices sheet.", list=list_name),
                )
        if qtype in support.END_GROUP | support.END_REPEAT:
            if groups:
                groups.pop()
                scopes.pop()
            else:
                yield _problem("survey", number, "type", _l("This end group has no begin group before it."))
            continue
        if qtype in support.BEGIN_GROUP | support.BEGIN_REPEAT:
            groups.append((number, name))
        elif loop is not None:
            pass  # its list is checked above
        elif (select := _select(qtype)) is not None:
            yield from _check_select(number, select, lists)
        elif qtype.split()[0] in support.FILE_SELECT_TYPES:
            if len(qtype.split()) < 2:  # the file or list itself is checked with the attachments
                yield _problem(
                    "survey",
                    number,
                    "type",
                    _l("%(type)s needs the name of its file or list after it.", type=qtype),
                )
            elif qtype.startswith("select_one_external") and not values.get("choice_filter"):
                # pyxform fails on it (a KeyError): an external select is for filtered choices.
                yield _problem(
                    "survey",
                    number,
                    "choice_filter",
                    _l(
                        "select_one_external is for choices filtered by earlier answers: give this "
                        "row a choice_filter, or use select_one with the list in the choices sheet."
                    ),
                )
        elif qtype in support.REFUSED_TYPES:
            yield _problem(
                "survey",
                number,
                "type",
                _l(
                    "The question type %(type)s cannot run in a browser: %(reason)s.",
                    type=qtype,
                    reason=support.REFUSED_TYPES[qtype],
                ),
            )
        elif qtype not in support.PLAIN_TYPES | support.METADATA_TYPES | support.EXTERNAL_INSTANCE_TYPES:
            yield _problem(
                "survey",
                number,
                "type",
                _l(
                    "The question type %(type)s is not supported. Supported types: %(supported)s.",
                    type=values.get("type", ""),
                    supported=", ".join(support.SUPPORTED_TYPE_NAMES),
                ),
            )
        if not name and not qtype.startswith("end") and qtype not in support.NAMELESS_TYPES:
            yield _problem("survey", number, "name", _l("This row needs a name."))
        elif name and name in seen:
            yield _problem(
                "survey",
                number,
                "name",
                _l(
                    "The name %(name)s is already used in row %(row)d of the same group; each name "
                    "must be unique in its group.",
                    name=name,
                    row=seen[name],
                ),
            )
        else:
            seen[name] = number
        if qtype in support.BEGIN_GROUP or qtype.startswith(
            ("begin repeat", "begin_repeat", "begin loop", "begin_loop")
        ):
            scopes.append({})
    for number, name in groups:
        yield _problem(
            "survey",
            number,
            "type",
            _l("The group %(name)s begins here but never ends; add an end group row.", name=name or "?"),
        )


def _check_select(
    number: int, select: tuple[str, str, str], lists: dict[str, list[tuple[int, dict[str, str]]]]
) -> Iterator[Finding]:
    kind, list_name, rest = select
    if not list_name:
        yield _problem(
            "survey",
            number,
            "type",
            _l("%(type)s needs the name of its choice list after it, e.g. %(type)s yes_no.", type=kind),
        )
    elif rest and rest != "or_other":
        yield _problem(
            "survey", number, "type", _l("%(extra)s after the choice list is not supported.", extra=rest)
        )
    elif list_name not in lists:
        yield _problem(
            "survey",
            number,
            "type",
            _l("The choice list %(list)s is not in the choices sheet.", list=list_name),
        )
    elif not any(values.get("name") for _n, values in lists[list_name]):
        yield _problem(
            "survey",
            number,
            "type",
            _l("The choice list %(list)s has no choices with a name.", list=list_name),
        )
    elif not any(_shows_something(values) for _n, values in lists[list_name]):
        # pyxform writes the XForm, but ODK Validate refuses it ("<label> node for itemset
        # doesn't exist"): ODK Collect cannot open a form whose choices have nothing to show.
        yield _problem(
            "survey",
            number,
            "type",
            _l(
                "No choice of the list %(list)s has a label: ODK cannot open such a form, and a "
                "person would see choices without text. Give the choices labels in the choices sheet.",
                list=list_name,
            ),
        )
    elif not _shows_something(first := lists[list_name][0][1]):
        # ODK Validate reads a list's first choice as the pattern of all: without a label there,
        # it refuses the form ("<label> node for itemset doesn't exist"); later ones it lets by.
        yield _problem(
            "choices",
            lists[list_name][0][0],
            "label",
            _l(
                "The choice %(name)s, the first of the list %(list)s, has no label: ODK cannot open a "
                "form whose list starts with a choice that shows nothing. Give it a label.",
                name=first.get("name", ""),
                list=list_name,
            ),
        )


def _shows_something(choice: dict[str, str]) -> bool:
    """A choice with a label or a picture, sound or video to show."""
    return any(choice.get(key) for key in ("label", *support.CHOICE_MEDIA_COLUMNS))


def check_choices(book: Workbook) -> Iterator[Finding]:
    """Each choice has a name, and names are unique within a list unless the settings allow it."""
    allow = book.settings.get("allow_choice_duplicates", "").lower() in support.YES
    for list_name, rows in _choice_lists(book).items():
        seen: dict[str, int] = {}
        for number, values in rows:
            name = values.get("name", "")
            if not name:
                yield _problem("choices", number, "name", _l("This choice needs a name."))
            elif name in seen and not allow:
                yield _problem(
                    "choices",
                    number,
                    "name",
                    _l(
                        "The choice %(name)s is already in the list %(list)s (row %(row)d). Use another "
                        "name, or set allow_choice_duplicates to yes in the settings sheet.",
                        name=name,
                        list=list_name,
                        row=seen[name],
                    ),
                )
            else:
                seen.setdefault(name, number)


def check_expressions(book: Workbook) -> Iterator[Finding]:
    """relevant, constraint and required (yes, no or a condition): the supported subset, and
    references to known questions."""
    survey = book.sheet("survey")
    if survey is None:
        return
    names = book.question_names()
    for number, values in survey.rows:
        for column in ("relevant", "constraint", "required"):
            source = values.get(column, "")
            if not source or (column == "required" and source.lower() in support.YES | support.NO):
                continue
            header = survey.headers.get(column, column)
            yield from _check_expression(number, header, source, names)
        if values.get("choice_filter"):  # read with a choice as the current node, as pyxform writes it
            header = survey.headers.get("choice_filter", "choice_filter")
            yield from _check_expression(
                number, header, values["choice_filter"], names, filter_source("list", values["choice_filter"])
            )


def _check_expression(
    number: int, column: str, source: str, names: set[str], compiled: str | None = None
) -> Iterator[Finding]:
    references = REFERENCE.findall(source)
    for name in dict.fromkeys(references):
        if name not in names:
            yield _problem(
                "survey",
                number,
                column,
                _l("${%(name)s} refers to a question that is not in the survey sheet.", name=name),
            )
    try:
        compile_expression(compiled or source, known_names=names | set(references))
    except ExpressionError as exc:
        yield _problem(
            "survey",
            number,
            column,
            _l(
                "The expression %(expression)s cannot be used: %(reason)s", expression=source, reason=str(exc)
            ),
        )


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(n) for n in rows[:MAX_ROWS_NAMED])
    if len(rows) > MAX_ROWS_NAMED:
        return str(_l("%(rows)s and %(more)d more", rows=shown, more=len(rows) - MAX_ROWS_NAMED))
    return shown


def warn_unused_columns(book: Workbook) -> Iterator[Finding]:
    """A column with values that import does not read yet: named with the rows that use it."""
    for sheet_name, known in (("survey", support.SURVEY_COLUMNS), ("choices", support.CHOICES_COLUMNS)):
        sheet = book.sheet(sheet_name)
        if sheet is None:
            continue
        for key, rows in sheet.used.items():
            if key in known or not rows or (sheet_name == "choices" and _choice_data(key)):
                continue
            column = key if key in support.TRANSLATABLE else sheet.headers.get(key, key)
            yield Finding(
                sheet_name,
                rows[0],
                column,
                _l(
                    "The column %(column)s is not used by this app yet and is left out (rows %(rows)s).",
                    column=column,
                    rows=_rows_text(rows),
                ),
            )


def _choice_data(key: str) -> bool:
    """A column of the choices sheet that is the choices' own data (read by choice_filter)."""
    base = key.split("::", 1)[0]
    return base not in support.CHOICE_MEDIA_COLUMNS and base != "media" and "::" not in key


def _left_out(
    book: Workbook, column: str, unused: Callable[[dict[str, str]], Iterable[str]]
) -> Iterator[tuple[str, str, list[int]]]:
    """(what, header, rows) for each thing of a survey column that the app leaves out, with the rows
    that name it; `unused(values)` says what a row's values name that is left out."""
    survey = book.sheet("survey")
    if survey is None:
        return
    rows: dict[str, list[int]] = {}
    for number, values in survey.rows:
        for what in unused(values):
            rows.setdefault(what, []).append(number)
    header = survey.headers.get(column, column)
    for what, numbers in rows.items():
        yield what, header, numbers


def warn_unused_appearances(book: Workbook) -> Iterator[Finding]:
    """An `appearance` the app does not honour yet (xlsform_support.honoured_appearance): the
    question is shown as it is by default."""

    def unused(values: dict[str, str]) -> list[str]:
        kind = support.canonical_type(values.get("type", "").strip())
        return [w for w in values.get("appearance", "").split() if not support.honoured_appearance(w, kind)]

    for word, column, rows in _left_out(book, "appearance", unused):
        yield Finding(
            "survey",
            rows[0],
            column,
            _l(
                "The appearance %(appearance)s is not used by this app yet; those questions are shown "
                "as usual (rows %(rows)s).",
                appearance=word,
                rows=_rows_text(rows),
            ),
        )


# pyxform's output of a label or hint: an `instance('list')/root/item[...]/label` expression in the text
# (pyxform tests/test_notes.py), which ODK shows evaluated.
INSTANCE_IN_TEXT = re.compile(r"""instance\(\s*(?:'[^']*'|"[^"]*")\s*\)\s*/""")


def warn_instance_in_text(book: Workbook) -> Iterator[Finding]:
    """A label or hint with an instance() expression in it: ODK shows its value, this app's pages show
    only `${name}`, so the person would read the expression as written."""
    for column in ("label", "hint", "guidance_hint"):

        def uses_instance(values: dict[str, str], column: str = column) -> list[str]:
            return ["instance"] if INSTANCE_IN_TEXT.search(values.get(column, "")) else []

        for _what, header, rows in _left_out(book, column, uses_instance):
            yield Finding(
                "survey",
                rows[0],
                header,
                _l(
                    "This text uses instance(), which this app does not show inside a label or hint: a "
                    "person would read the expression as written. Put the expression in a calculate and "
                    "show that calculate with ${its name} (rows %(rows)s).",
                    rows=_rows_text(rows),
                ),
            )


def warn_unused_parameters(book: Workbook) -> Iterator[Finding]:
    """A `parameters` key the app does not honour for its type yet (randomize, seed, max-pixels...)."""

    def unused(values: dict[str, str]) -> list[str]:
        honoured = support.parameters_for(values.get("type", ""))
        keys = (
            pair.split("=", 1)[0].strip()
            for pair in re.split(r"[\s,;]+", values.get("parameters", "").strip())
        )
        return [key for key in keys if key and key not in honoured]

    for key, column, rows in _left_out(book, "parameters", unused):
        yield Finding(
            "survey",
            rows[0],
            column,
            _l(
                "The parameter %(parameter)s is not used by this app yet and is left out (rows %(rows)s).",
                parameter=key,
                rows=_rows_text(rows),
            ),
        )


def warn_nothing_asked(book: Workbook) -> Iterator[Finding]:
    """A form with notes only (ODK accepts it): it imports, and the admin is told it asks nothing."""
    survey = book.sheet("survey")
    if survey is None or not survey.rows:
        return
    shown_only = {"note", "calculate", "hidden", *support.METADATA_TYPES, *support.EXTERNAL_INSTANCE_TYPES}
    types = [support.canonical_type(values.get("type", "").strip()) for _number, values in survey.rows]
    if all(not t or t in shown_only or t.startswith(("begin", "end")) for t in types):
        yield Finding(
            "survey",
            survey.rows[0][0],
            "type",
            _l("The form asks no questions: respondents only read its notes."),
        )


def warn_unused_settings(book: Workbook) -> Iterator[Finding]:
    settings = book.sheet("settings")
    if settings is None or not settings.rows:
        return
    number, values = settings.rows[0]
    for key in values:
        if key not in support.SETTINGS:
            yield Finding(
                "settings",
                number,
                settings.headers.get(key, key),
                _l(
                    "The setting %(setting)s is not used by this app yet and is left out.",
                    setting=settings.headers.get(key, key),
                ),
            )


def warn_entities(book: Workbook) -> Iterator[Finding]:
    """ODK's `entities` sheet (with the survey's `save_to`) makes each submission create or update a
    row of an entity list kept by ODK Central; this app keeps no such lists, so the author is told the
    sheet is left out, rather than finding it silently dropped."""
    entities = book.sheet("entities")
    if entities is None or not entities.rows:
        return
    yield Finding(
        "entities",
        entities.rows[0][0],
        "",
        _l(
            "The entities sheet is not used by this app and is left out: answers are kept as "
            "submissions only, and no entity list is created or updated (ODK Central keeps those)."
        ),
    )


Check = Callable[[Workbook], Iterable[Finding]]
CHECKS: list[Check] = [check_sheets, check_survey_rows, check_choices, check_expressions]
WARNINGS: list[Check] = [
    warn_unused_columns,
    warn_unused_appearances,
    warn_instance_in_text,
    warn_unused_parameters,
    warn_nothing_asked,
    warn_unused_settings,
    warn_entities,
]


@dataclass
class Report:
    """Problems refuse the form; warnings let it import without what they name."""

    problems: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)


def check_workbook(path: Path) -> Report:
    """Run every check and every warning over an .xlsx (an unreadable file is one problem)."""
    try:
        book = read_workbook(path)
    except Exception as exc:  # noqa: BLE001 - a broken workbook is the author's input, not our bug
        return Report(
            problems=[
                Finding(
                    "",
                    None,
                    "",
                    _l(
                        "%(file)s is not a readable .xlsx file (%(reason)s).", file=path.name, reason=str(exc)
                    ),
                )
            ]
        )
    from .xlsform_settings import check_settings, warn_style  # they read this module's Finding

    report = Report()
    for check in [*CHECKS, check_settings]:
        report.problems.extend(check(book))
    for warn in [*WARNINGS, warn_style]:
        report.warnings.extend(warn(book))
    report.problems = _once(report.problems)  # a list's problem found by each question using it
    report.problems.sort(key=_reading_order)
    report.warnings.sort(key=_reading_order)
    return report


def _once(findings: list[Finding]) -> list[Finding]:
    """Each finding once, in the order found."""
    kept: dict[tuple[str, int | None, str, str], Finding] = {}
    for f in findings:
        kept.setdefault((f.sheet, f.row, f.column, str(f.message)), f)
    return list(kept.values())


SHEET_ORDER = {"survey": 0, "choices": 1, "settings": 2, "entities": 3}


def _reading_order(finding: Finding) -> tuple[int, int]:
    """Sheet by sheet, top to bottom, as an author goes through the workbook."""
    return SHEET_ORDER.get(finding.sheet, 3), finding.row or 0


def pyxform_finding(message: str) -> Finding:
    """pyxform's own error, on the survey sheet's row when its message names one."""
    match = PYXFORM_ROW.search(message)
    row = int(match.group(1) or match.group(2)) if match else None
    sheet = PYXFORM_SHEET.search(message)
    # Most of pyxform's errors are about the survey sheet; one that names no sheet is put there.
    name = sheet.group(1).lower() if sheet else "survey"
    return Finding(name, row, "", message)
