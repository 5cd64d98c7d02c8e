"""The error an XLSForm import raises: every problem of the workbook at once, each where it is."""

from __future__ import annotations

from typing import Any

from .xlsform_report import Finding


class XLSFormError(ValueError):
    """Every problem found in one workbook, each with its sheet, row and column where known."""

    def __init__(self, problems: list[Finding]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def problem(message: Any) -> XLSFormError:
    """A problem of the whole file (no sheet or row)."""
    return XLSFormError([Finding("", None, "", message)])
