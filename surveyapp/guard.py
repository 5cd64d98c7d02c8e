"""The request-level guard: input no part of the app can store or look up is refused (or cleaned)
before any view sees it, so that it is a clear 4xx instead of a database error and a 500.

- the path and query: C0 control characters (NUL included; tab, CR and LF allowed in query values),
  lone surrogates and over-long values are refused with a 400;
- form values: control characters are dropped (a person's typed answer is kept, without the
  invisible character PostgreSQL cannot store); over-long values are refused;
- JSON bodies (Flask-WTF reads them into any form): strings with NUL, other control characters or lone
  surrogates, and bodies nested too deep to parse, are refused; a view marked `reads_own_json` (the
  kiosk outbox, which keeps each refused post for staff) checks its own body instead;
- uploaded file names: cleaned with werkzeug's secure_filename, refused if nothing is left;
- integer URL parts are bounded to the id columns' range (a bigger id is a 404, not a DataError).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask import Flask, current_app, request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, Map
from werkzeug.utils import secure_filename

F = TypeVar("F", bound=Callable[..., Any])

# Ids are INTEGER columns on PostgreSQL and SQLite alike.
ID_MAX = 2**31 - 1
# No path or query value of the app is longer (tokens, slugs, filters, search words).
URL_VALUE_MAX = 2000

_SURROGATE = "\ud800-\udfff"
# In the path nothing below U+0020 (nor DEL) belongs; in values tab, CR and LF do.
PATH_FORBIDDEN = re.compile(f"[\x00-\x1f\x7f{_SURROGATE}]")
VALUE_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{_SURROGATE}]")


class RefusedInput(BadRequest):
    """A 400 whose description says, in the person's language, what to change."""


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` with an upper bound of the id columns' range unless the rule gives its own."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,  # noqa: A002
        max: int | None = None,
        signed: bool = False,
    ) -> None:  # noqa: A002
        super().__init__(
            map, fixed_digits=fixed_digits, min=min, max=ID_MAX if max is None else max, signed=signed
        )


def unusable_characters() -> RefusedInput:
    return RefusedInput(
        _l(
            "What you sent contains characters that cannot be used, such as "
            "invisible control characters. Please check it and try again."
        )
    )


def too_long() -> RefusedInput:
    return RefusedInput(_l("Something you sent is too long. Please shorten it and try again."))


def bad_file_name() -> RefusedInput:
    return RefusedInput(_l("This file name cannot be used. Please rename the file and try again."))


def _check_url_values(values: Iterable[str]) -> None:
    for value in values:
        if len(value) > URL_VALUE_MAX:
            raise too_long()
        if VALUE_FORBIDDEN.search(value):
            raise unusable_characters()


def _clean(value: str) -> str:
    return VALUE_FORBIDDEN.sub("", value)


def _check_json(value: Any, limit: int) -> None:
    if isinstance(value, str):
        if len(value) > limit:
            raise too_long()
        if VALUE_FORBIDDEN.search(value):
            raise unusable_characters()
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_json(key, limit)
            _check_json(item, limit)
    elif isinstance(value, list):
        for item in value:
            _check_json(item, limit)


def reads_own_json(view: F) -> F:
    """Mark a view that parses and checks its own JSON body, so the guard leaves the body to it."""
    view.reads_own_json = True  # type: ignore[attr-defined]
    return view


def _json_body(limit: int) -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "reads_own_json", False):
        return
    try:
        body = json.loads(request.get_data(cache=True) or b"null")
    except (ValueError, RecursionError):
        raise BadRequest("The body is not JSON, or is nested too deeply.") from None
    try:
        _check_json(body, limit)
    except RecursionError:
        raise BadRequest("The body is nested too deeply.") from None


def _clean_form(limit: int) -> None:
    form = request.form
    if not form:
        return
    cleaned: list[tuple[str, str]] = []
    changed = False
    for key, value in form.items(multi=True):
        if len(key) > URL_VALUE_MAX or len(value) > limit:
            raise too_long()
        clean_key, clean_value = _clean(key), _clean(value)
        changed = changed or clean_key != key or clean_value != value
        cleaned.append((clean_key, clean_value))
    if changed:
        request.form = ImmutableMultiDict(cleaned)  # type: ignore[misc]
        request.__dict__.pop("values", None)


def _clean_file_names() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "names_own_files", False):
        return  # the view never uses the sent names (a survey's file answers are named by the app)
    for upload in request.files.values():
        if not upload.filename:
            continue  # no file chosen: the form's own validator says so
        safe = secure_filename(_clean(upload.filename))
        if not safe:
            raise bad_file_name()
        upload.filename = safe


def refuse_bad_input() -> None:
    """The before_request hook (runs first, before CSRF and every blueprint's own hooks)."""
    if len(request.path) > URL_VALUE_MAX:
        raise too_long()
    if PATH_FORBIDDEN.search(request.path):
        raise unusable_characters()
    _check_url_values(value for pair in request.args.items(multi=True) for value in pair)
    limit = current_app.config["FIELD_MAX_LENGTH"]
    if request.is_json:
        _json_body(limit)
    elif request.method in {"POST", "PUT", "PATCH"}:
        _clean_form(limit)
        _clean_file_names()


def install_converters(app: Flask) -> None:
    """Before any blueprint registers a rule: rules compile their converters when added."""
    app.url_map.converters["int"] = BoundedIntegerConverter


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_bad_input)
