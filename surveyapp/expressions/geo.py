"""area() and distance() of geopoints as Enketo computes them (a sphere of the equator's radius).

A geopoint is "lat lon [alt [accuracy]]"; a geotrace or geoshape is geopoints joined by ";" (as ODK stores
them); a node-set of geopoints (one per repeat instance) is a shape too. Results are metres (square metres),
rounded to the centimetre; any invalid point gives NaN.
"""

from __future__ import annotations

import math
from typing import Any

from .values import to_number, to_string

RADIUS = 6378100.0


def points(value: Any) -> list[tuple[float, float]] | None:
    if isinstance(value, (list, tuple)) and len(value) != 1:  # a node-set (or list) of geopoints
        texts = [to_string(v) for v in value]
    else:
        texts = to_string(value[0] if isinstance(value, (list, tuple)) else value).split(";")
    out = []
    for text in texts:
        parts = text.strip().split(" ")
        if len(parts) < 2 or len(parts) > 4:
            return None
        numbers = [to_number(p) for p in parts]
        if any(math.isnan(n) for n in numbers):
            return None
        lat, lon = numbers[0], numbers[1]
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (len(numbers) == 4 and numbers[3] < 0):
            return None
        out.append((lat, lon))
    return out


def _centimetres(metres: float) -> float:
    return abs(math.floor(metres * 100 + 0.5)) / 100


def distance(value: Any) -> float:
    shape = points(value)
    if shape is None:
        return math.nan
    total = 0.0
    for (lat1, lon1), (lat2, lon2) in zip(shape, shape[1:], strict=False):
        a, b = math.radians(lat1), math.radians(lat2)
        cosine = math.sin(a) * math.sin(b) + math.cos(a) * math.cos(b) * math.cos(math.radians(lon1 - lon2))
        total += math.acos(max(-1.0, min(1.0, cosine))) * RADIUS
    return _centimetres(total)


def area(value: Any) -> float:
    shape = points(value)
    if shape is None:
        return math.nan
    total = 0.0
    if len(shape) > 2:
        for i, (lat1, lon1) in enumerate(shape):
            lat2, lon2 = shape[(i + 1) % len(shape)]
            rise = 2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2))
            total += math.radians(lon2 - lon1) * rise
        total = total * RADIUS * RADIUS / 2.0
    return _centimetres(total)
