"""What SQLAlchemy gives back for this app's statements, typed as it is at run time.

Its annotations call every `Session.execute()` result a plain `Result` and a model's `__table__` a
`FromClause`; an UPDATE or DELETE gives a `CursorResult` (which has `rowcount`), and a declarative
model's `__table__` is a `Table` (which has `insert()`/`delete()`). These two helpers say so in one
place instead of a cast at every call.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Result, Table

from ..models.base import Base


def rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched."""
    return cast(CursorResult[Any], result).rowcount


def table_of(model: type[Base]) -> Table:
    """The table a declarative model is mapped to."""
    return cast(Table, model.__table__)
