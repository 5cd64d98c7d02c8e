"""The formats of a form's attached data files: CSV, ODK's XML (`<root><item>`) and GeoJSON
features, each read into a Table of text columns and rows (every problem with its file and row) and
written back to the same file, so that a downloaded survey imports to the same tables."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from defusedxml import ElementTree
from flask_babel import lazy_gettext as _l

from .xlsform_report import Finding

MAX_ROWS = 5000


def file_finding(name: str, row: int | None, message: Any) -> Finding:
    return Finding(name, row, "", message, file=True)


@dataclass
class Table:
    """A data file read into columns and rows (all values text), with each row's line or item number."""

    columns: list[str]
    rows: list[list[str]]
    numbers: list[int] = field(default_factory=list)

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, row, strict=False)) for row in self.rows]

    def json(self) -> dict[str, Any]:
        return {"columns": self.columns, "rows": self.rows}


def read_table(name: str, data: bytes) -> tuple[Table | None, list[Finding]]:
    """A data file's table, or None with the problems that keep it from being read."""
    suffix = PurePath(name).suffix.lower()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            file_finding(
                name,
                None,
                _l(
                    "The file is not UTF-8 text (byte %(position)d); save it again as UTF-8.",
                    position=exc.start,
                ),
            )
        ]
    reader = {".csv": _csv, ".xml": _xml, ".geojson": _geojson}[suffix]
    table, problems = reader(name, text)
    if table is not None and len(table.rows) > MAX_ROWS:
        problems.append(
            file_finding(
                name,
                None,
                _l(
                    "The file has %(count)d rows; the limit is %(limit)d.",
                    count=len(table.rows),
                    limit=MAX_ROWS,
                ),
            )
        )
    return (None if problems else table), problems


def _csv(name: str, text: str) -> tuple[Table | None, list[Finding]]:
    problems: list[Finding] = []
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return None, [
            file_finding(name, None, _l("The file is not a readable CSV file (%(reason)s).", reason=str(exc)))
        ]
    if not lines or not any(cell.strip() for cell in lines[0]):
        return None, [file_finding(name, 1, _l("The file needs a first row that names its columns."))]
    columns = [cell.strip() for cell in lines[0]]
    problems.extend(_header_problems(name, columns))
    table = Table(columns, [], [])
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(columns):
            problems.append(
                file_finding(
                    name,
                    number,
                    _l(
                        "This row has %(count)d values but the first row names %(columns)d columns.",
                        count=len(cells),
                        columns=len(columns),
                    ),
                )
            )
            continue
        table.rows.append([cell.strip() for cell in cells] + [""] * (len(columns) - len(cells)))
        table.numbers.append(number)
    return table, problems


def _header_problems(name: str, columns: list[str]) -> Iterator[Finding]:
    seen: set[str] = set()
    for column in columns:
        if not column:
            yield file_finding(name, 1, _l("A column of the first row has no name."))
        elif column in seen:
            yield file_finding(name, 1, _l("The column %(column)s is named twice.", column=column))
        seen.add(column)


def _xml(name: str, text: str) -> tuple[Table | None, list[Finding]]:
    """ODK's XML choices: <root><item><name>..</name><label>..</label>...</item>...</root>."""
    try:
        root = ElementTree.fromstring(text, forbid_dtd=True)
    except Exception as exc:  # noqa: BLE001 - a broken or hostile file is the author's input
        return None, [
            file_finding(name, None, _l("The file is not readable XML (%(reason)s).", reason=str(exc)))
        ]
    columns: list[str] = []
    items: list[dict[str, str]] = []
    for item in root.findall("item"):
        values = {child.tag: (child.text or "").strip() for child in item}
        columns.extend(c for c in values if c not in columns)
        items.append(values)
    if not items:
        return None, [
            file_finding(
                name,
                None,
                _l("The file has no <item> under its root; ODK reads <root><item>...</item></root>."),
            )
        ]
    return Table(
        columns, [[v.get(c, "") for c in columns] for v in items], list(range(1, len(items) + 1))
    ), []


def _geojson(name: str, text: str) -> tuple[Table | None, list[Finding]]:
    """GeoJSON features: the feature's `id` (or its property) and its properties become columns,
    a point's position the `geometry` column as ODK gives it ("lat lon 0 0")."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        return None, [
            file_finding(name, None, _l("The file is not readable GeoJSON (%(reason)s).", reason=str(exc)))
        ]
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        return None, [file_finding(name, None, _l("The file needs a FeatureCollection with features."))]
    columns: list[str] = []
    items: list[dict[str, str]] = []
    problems: list[Finding] = []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            problems.append(file_finding(name, number, _l("This feature is not an object.")))
            continue
        properties = feature.get("properties")
        if not isinstance(properties, dict):
            properties = {}
        values = {"geometry": _point(feature.get("geometry"))}
        if feature.get("id") is not None:
            values["id"] = text_of(feature["id"])
        values.update({str(k): text_of(v) for k, v in properties.items()})
        columns.extend(c for c in values if c not in columns)
        items.append(values)
    return Table(
        columns, [[v.get(c, "") for c in columns] for v in items], list(range(1, len(items) + 1))
    ), problems


def _point(geometry: Any) -> str:
    if isinstance(geometry, dict) and geometry.get("type") == "Point":
        coordinates = geometry.get("coordinates") or []
        if len(coordinates) >= 2:
            return f"{text_of(coordinates[1])} {text_of(coordinates[0])} 0 0"
    return ""


def text_of(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def write_file(name: str, table: Mapping[str, Any]) -> bytes:
    """A stored table written back as the file it was read from (it reads again to the same table)."""
    columns, rows = list(table["columns"]), [list(r) for r in table["rows"]]
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xml":
        from xml.sax.saxutils import escape

        items = "".join(
            "<item>"
            + "".join(f"<{c}>{escape(v)}</{c}>" for c, v in zip(columns, row, strict=True))
            + "</item>"
            for row in rows
        )
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<root>{items}</root>\n'.encode()
    if suffix == ".geojson":
        features = []
        for row in rows:
            values = dict(zip(columns, row, strict=True))
            feature: dict[str, Any] = {"type": "Feature"}
            geometry = values.pop("geometry", "")
            if geometry:
                lat, lon = geometry.split()[:2]
                feature["geometry"] = {"type": "Point", "coordinates": [float(lon), float(lat)]}
            else:
                feature["geometry"] = None
            feature["properties"] = values
            features.append(feature)
        return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
