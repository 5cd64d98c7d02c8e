"""File questions (image, audio, video, file) read from pyxform's JSON and written back.

An image keeps `parameters: max-pixels=N` (pyxform's `orx:max-pixels`), a `file` its `body::accept`
list. Inside a repeat each instance has its own file (`member[2]/photo`, services.answer_files).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from ..survey.definition import MEDIA_TYPES
from .xlsform_report import Finding


def media_options(q: dict[str, Any], qtype: str, where: Finding, problems: list[Finding]) -> dict[str, Any]:
    """The definition's `accept` and `max_pixels` of a file question (nothing for other types)."""
    if qtype not in MEDIA_TYPES:
        return {}
    out: dict[str, Any] = {}
    accept = str((q.get("control") or {}).get("accept") or "").strip()
    if accept and qtype == "file":
        out["accept"] = accept
    pixels = str((q.get("bind") or {}).get("orx:max-pixels") or "").strip()
    if pixels and qtype == "image":
        if pixels.isdigit() and int(pixels) > 0:
            out["max_pixels"] = int(pixels)
        else:
            problems.append(
                Finding(
                    where.sheet,
                    where.row,
                    "parameters",
                    _l("max-pixels must be a whole number of pixels above 0."),
                )
            )
    return out


def written_parameters(q: dict[str, Any]) -> str:
    """The `parameters` cell of a file question."""
    return f"max-pixels={q['max_pixels']}" if q.get("max_pixels") else ""
