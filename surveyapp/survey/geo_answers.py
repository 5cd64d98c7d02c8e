"""geopoint, geotrace and geoshape answers typed without a map, stored as ODK stores them.

A point is `lat lon altitude accuracy` (altitude and accuracy 0 when typed by hand); a trace or a
shape is its points joined by `;`. A shape is closed (its first point repeated at the end, as ODK
Collect closes it) and has at least 4 points; a trace at least 2. Numbers keep the digits the person
typed (Arabic-Indic, Persian, Devanagari and Burmese digits folded to ASCII, a decimal comma read as
a point), so that the server and the kiosk's script (static/answers.js) store the same text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from flask_babel import gettext as _

from .digits import ascii_digits

GEO_TYPES = frozenset({"geopoint", "geotrace", "geoshape"})
MIN_POINTS = {"geotrace": 2, "geoshape": 4}
NUMBER = re.compile(r"[+-]?(\d{1,15}([.,]\d{0,15})?|[.,]\d{1,15})", re.ASCII)


def coordinate(text: str) -> str | None:
    """A typed number in one canonical spelling (`+.5` -> `0.5`, `12,` -> `12`), or None."""
    text = ascii_digits(text.strip())
    if not NUMBER.fullmatch(text):
        return None
    sign = "-" if text.startswith("-") else ""
    body = text.lstrip("+-").replace(",", ".")
    if body.startswith("."):
        body = "0" + body
    return sign + body.rstrip(".")


def point(parts: Sequence[str]) -> str | None:
    """`lat lon alt acc` from typed parts (latitude, longitude, then altitude and accuracy if
    known), or None when a latitude or longitude is missing, not a number or off the globe."""
    if len(parts) < 2 or len(parts) > 4:
        return None
    numbers = [coordinate(p) for p in parts]
    if any(n is None for n in numbers):
        return None
    lat, lon, *rest = (n for n in numbers if n is not None)
    if not -90 <= float(lat) <= 90 or not -180 <= float(lon) <= 180:
        return None
    alt, acc = (rest + ["0", "0"])[:2]
    if float(acc) < 0:
        return None
    return f"{lat} {lon} {alt} {acc}"


def _point_tokens(line: str) -> list[str]:
    """`12.3 -1.2`, `12.3, -1.2`, `12.3,-1.2` or `12,3 -1,2`: the numbers of one typed point."""
    tokens = [t.rstrip(",") for t in line.split()]
    if len(tokens) == 1 and tokens[0].count(",") == 1:
        tokens = tokens[0].split(",")
    return [t for t in tokens if t]


def points(qtype: str, text: str) -> str | None:
    """A trace or shape typed one point per line (or separated by `;`), stored joined by `;`."""
    lines = [line for line in re.split(r"[;\n]", text.replace("\r", "\n")) if line.strip()]
    stored = [point(_point_tokens(line)) for line in lines]
    if any(p is None for p in stored):
        return None
    kept = [p for p in stored if p is not None]
    if qtype == "geoshape" and kept and kept[0].split()[:2] != kept[-1].split()[:2]:
        kept.append(kept[0])
    return ";".join(kept) if len(kept) >= MIN_POINTS[qtype] else None


def geo_message(qtype: str) -> str:
    """What a person is asked for when a typed point, trace or shape cannot be read."""
    if qtype == "geopoint":
        return _(
            "Please enter a latitude from -90 to 90 and a longitude from -180 to 180, as numbers like 12.34."
        )
    if qtype == "geotrace":
        return _(
            "Please enter at least 2 points, one per line, each a latitude (-90 to 90) and a "
            "longitude (-180 to 180), like 12.34 -1.23."
        )
    return _(
        "Please enter at least 3 points, one per line, each a latitude (-90 to 90) and a "
        "longitude (-180 to 180), like 12.34 -1.23. The shape is closed for you."
    )


def parse_geo(qtype: str, raw: object) -> tuple[str | None, str | None]:
    """(stored answer, error) from the posted inputs: a geopoint's [lat, lon, alt, acc] list (or its
    stored text, as a kiosk sends it), a trace's or shape's text."""
    if qtype == "geopoint":
        parts = raw.split() if isinstance(raw, str) else [str(p) for p in raw or []]
        parts = [p.strip() for p in parts]
        if not any(parts[:2]):
            return None, None
        parts = (parts + ["", "", "", ""])[:4]
        stored = point([parts[0], parts[1], parts[2] or "0", parts[3] or "0"])
        return (stored, None) if stored else (None, geo_message(qtype))
    text = str(raw or "").strip()
    if not text:
        return None, None
    stored = points(qtype, text)
    return (stored, None) if stored else (None, geo_message(qtype))


def shown_geo(qtype: str, value: str | None) -> str | list[str]:
    """A stored answer as its inputs show it: a point's four parts, or a trace's lines (a point
    typed by hand without its `0 0` altitude and accuracy)."""
    if qtype == "geopoint":
        parts = (value or "").split()
        return (parts + ["", "", "", ""])[:4]
    lines = []
    for p in (value or "").split(";"):
        parts = p.split()
        lines.append(" ".join(parts[:2] if parts[2:] == ["0", "0"] else parts))
    return "\n".join(line for line in lines if line)
