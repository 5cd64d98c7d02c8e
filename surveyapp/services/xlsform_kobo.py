"""Kobo's form builder keeps its bookkeeping in columns whose header starts with `$` (`$kuid`,
`$autoname`, `$given_name`, `$prev` on the survey sheet; `$kuid`, `$autovalue` on the choices sheet),
and a workbook downloaded from Kobo has them. pyxform would write a choices sheet's `$kuid` into the
form as the choices' data (`<$kuid>`, which is not XML, so ODK Validate refuses the form); Kobo itself
removes them before it deploys a form. They are removed here too, before anything reads the
workbook, and without a warning: they are Kobo's, not the author's."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl


def _bookkeeping(header: object) -> bool:
    return isinstance(header, str) and header.strip().startswith("$")


def _has_bookkeeping(path: Path) -> bool:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return any(
            _bookkeeping(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(min_row=1, max_row=1, values_only=True)
            for cell in row
        )
    finally:
        book.close()


@contextmanager
def without_kobo_bookkeeping(path: Path) -> Iterator[Path]:
    """The workbook itself, or a copy of the same name without Kobo's `$` columns while the block
    runs (rows keep their numbers, so every problem still names the author's row)."""
    try:
        found = path.suffix.lower() == ".xlsx" and _has_bookkeeping(path)
    except Exception:  # noqa: BLE001 - an unreadable workbook is reported by the checks that follow
        found = False
    if not found:
        yield path
        return
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        for index in sorted((i for i, cell in enumerate(header, 1) if _bookkeeping(cell)), reverse=True):
            sheet.delete_cols(index)
    with tempfile.TemporaryDirectory(prefix="xlsform-") as folder:
        cleaned = Path(folder) / path.name
        book.save(cleaned)
        yield cleaned
