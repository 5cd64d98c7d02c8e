"""Two time expressions the dashboard groups by, written once per database dialect.

Grouping happens in SQL so that a page costs the same few queries at 300 or 100,000 responses;
hours are grouped in UTC and turned into the partnership's local days in Python (exact for every
time zone with whole-hour offsets).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class utc_hour(FunctionElement[str]):  # noqa: N801 - reads like the SQL function it stands for
    """'YYYY-MM-DD HH' of a UTC timestamp."""

    type = String()
    inherit_cache = True


class minutes_between(FunctionElement[int]):  # noqa: N801
    """Whole minutes from the first timestamp to the second."""

    type = Integer()
    inherit_cache = True


@compiles(utc_hour)
def _utc_hour_sqlite(element: utc_hour, compiler: Any, **kw: Any) -> str:
    return f"strftime('%Y-%m-%d %H', {compiler.process(element.clauses, **kw)})"


@compiles(utc_hour, "postgresql")
def _utc_hour_postgres(element: utc_hour, compiler: Any, **kw: Any) -> str:
    moment = compiler.process(element.clauses, **kw)
    return f"to_char(({moment}) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')"


@compiles(minutes_between)
def _minutes_sqlite(element: minutes_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST((julianday({end}) - julianday({start})) * 1440 AS INTEGER)"


@compiles(minutes_between, "postgresql")
def _minutes_postgres(element: minutes_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(EXTRACT(EPOCH FROM ({end} - {start})) / 60 AS INTEGER)"
