"""Writing tables that people open in a spreadsheet, safe against formula injection (OWASP)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import openpyxl
from flask import current_app, has_app_context
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Column widths in characters: wide enough to read, narrow enough that a long answer does not push
# the next columns off the screen (the cell's text is all there).
MIN_WIDTH, MAX_WIDTH = 8, 50
DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
# Characters a spreadsheet file cannot hold (XLSX is XML) or that programs misread: C0 controls
# except tab, line feed and carriage return; DEL; C1 controls. Each is shown as U+FFFD.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"


def runs_as_formula(value: str) -> bool:
    """Whether a spreadsheet would take this text for a formula (OWASP's starting characters)."""
    return value.startswith(FORMULA_START) and not NUMBER.match(value)


def clean_text(value: object) -> object:
    """A control character (stored before it was refused at the door) becomes U+FFFD, so that every
    export opens instead of failing."""
    return CONTROL_CHARACTERS.sub(REPLACEMENT, value) if isinstance(value, str) else value


def neutralize(value: object) -> object:
    """A CSV cell that a spreadsheet would run as a formula gets a leading ' (a CSV file has no
    cell types: the quote is the only way to say "text"), after `clean_text`."""
    value = clean_text(value)
    if isinstance(value, str) and runs_as_formula(value):
        return "'" + value
    return value


@dataclass
class Table:
    header: list[str]
    rows: list[list[object]] = field(default_factory=list)

    def safe_rows(self) -> list[list[object]]:
        return [[neutralize(cell) for cell in row] for row in self.rows]

    def clean_rows(self) -> list[list[object]]:
        return [[clean_text(cell) for cell in row] for row in self.rows]


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read every script correctly; a
    moment is written in ISO 8601 with its offset (unambiguous wherever the file is opened)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralize(h) for h in table.header])
    writer.writerows(
        [
            [cell.isoformat() if isinstance(cell, datetime) else cell for cell in row]
            for row in table.safe_rows()
        ]
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"] if has_app_context() else "UTC")


def to_xlsx(table: Table, sheet: str = "data") -> bytes:
    """A workbook as people read it: the header row frozen, columns wide enough to read, and moments
    as real dates in the partners' time zone (TIMEZONE, named in the column's header). A text that
    a spreadsheet would run as a formula is a text cell, marked so that editing keeps it text: the
    respondent's words as they wrote them, never run."""
    zone = _zone()
    workbook = openpyxl.Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.freeze_panes = "A2"
    rows = [[_local(cell, zone) for cell in row] for row in table.clean_rows()]
    dated = {i for row in rows for i, cell in enumerate(row) if isinstance(cell, datetime)}
    header = [
        f"{h} ({zone.key})" if i in dated else h for i, h in enumerate(clean_text(h) for h in table.header)
    ]
    for i, title in enumerate(header):
        cells = [title, *(row[i] for row in rows if i < len(row))]
        width = max(len(DATE_FORMAT) if isinstance(c, datetime) else len(str(c)) for c in cells)
        worksheet.column_dimensions[get_column_letter(i + 1)].width = min(
            max(width + 2, MIN_WIDTH), MAX_WIDTH
        )
    worksheet.append([_typed(worksheet, cell) for cell in header])
    for row in rows:
        worksheet.append([_typed(worksheet, cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _local(cell: object, zone: ZoneInfo) -> object:
    """A moment as the partners' wall clock shows it (a spreadsheet's dates have no time zone)."""
    if isinstance(cell, datetime):
        moment = cell if cell.tzinfo else cell.replace(tzinfo=UTC)
        return moment.astimezone(zone).replace(tzinfo=None, microsecond=0)
    return cell


def _typed(worksheet: object, cell: object) -> object:
    """A moment with its date format; a formula-like text as a text cell (openpyxl would write
    it as a formula) with Excel's quote prefix, which shows no quote and keeps it text when edited."""
    if isinstance(cell, datetime):
        written = WriteOnlyCell(worksheet, value=cell)  # type: ignore[arg-type]
        written.number_format = DATE_FORMAT
        return written
    if isinstance(cell, str) and runs_as_formula(cell):
        written = WriteOnlyCell(worksheet, value=cell)  # type: ignore[arg-type]
        written.data_type = "s"
        written.quotePrefix = True
        return written
    return cell
