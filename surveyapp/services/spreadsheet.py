"""Writing tables that people open in a spreadsheet, safe against formula injection (OWASP)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import openpyxl

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
# Characters a spreadsheet file cannot hold (XLSX is XML) or that programs misread: C0 controls
# except tab, line feed and carriage return; DEL; C1 controls. Each is shown as U+FFFD.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"


def neutralize(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula is written as text, with a leading ';
    a control character (stored before it was refused at the door) becomes U+FFFD, so that every
    export opens instead of failing."""
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub(REPLACEMENT, value)
    if value.startswith(FORMULA_START) and not NUMBER.match(value):
        return "'" + value
    return value


@dataclass
class Table:
    header: list[str]
    rows: list[list[object]] = field(default_factory=list)

    def safe_rows(self) -> list[list[object]]:
        return [[neutralize(cell) for cell in row] for row in self.rows]


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read every script correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralize(h) for h in table.header])
    writer.writerows(table.safe_rows())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table, sheet: str = "data") -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append([neutralize(h) for h in table.header])
    for row in table.safe_rows():
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
