"""Property-based fuzzing of every route of the URL map: whatever arrives, the answer is never a 5xx.

Each rule and method gets a fixed number of examples (derandomized, so CI is stable): URL parts built
for the rule's converters (real ids and tokens, huge ints, unicode, NUL, invalid UTF-8 and escaped
lone surrogates), a query string of the filters views read, and for posts the form fields that the
app's own pages show for that address (or every field name seen), sent as a form, as multipart with
a file, or as JSON, signed in as each role, with a valid CSRF token. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
import json
import re
import traceback
from collections import defaultdict
from urllib.parse import quote_from_bytes, urlsplit

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.routing import AnyConverter, IntegerConverter

from surveyapp.models import Base, Channel, FocusGroup, Survey

from .fixtures.staff import csrf_of

EXAMPLES_PER_ROUTE = 10
ROLES = ("anonymous", "admin", "analyst", "liaison", "facilitator")
QUERY_KEYS = (
    "lang",
    "page",
    "q",
    "next",
    "code",
    "by",
    "rows",
    "fmt",
    "survey",
    "start",
    "end",
    "partner",
    "language",
    "question",
    "theme",
    "run",
)
# 5xx found in files this change does not own, until their owners fix them: (endpoint, why).
# Each is listed in the change's report; the list must be empty before merging.
KNOWN_5XX: set[str] = set()

FORM = re.compile(r'<form\b[^>]*\baction="([^"]*)"[^>]*>(.*?)</form>', re.S)
ENCTYPE = re.compile(r'enctype="multipart/form-data"')
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')

nasty_texts = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "1",
        "2147483647",
        "2147483648",
        "9223372036854775808",
        "1" * 40,
        "1e309",
        "NaN",
        "inf",
        "-0",
        "0x10",
        "²",
        "١٢",
        "\x00",
        "a\x00b",
        "\r\nX-Injected: 1",
        "\t",
        "../..",
        "..",
        "%00",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "😀" * 3,
        "\u202e",
        "ß" * 300,
        " ",
        "2024-02-30",
        "9999-12-31",
        "0001-01-01",
        "T",
        "yes",
        "on",
        "y",
        "true",
        "null",
        "[]",
        "{}",
        "Europe/Nowhere",
        "UTC",
        "en",
        "es",
        "ar",
        "zz",
        "x" * 5000,
    ]
)
plain_texts = st.text(st.characters(codec="utf-8"), max_size=40)


def as_bytes(value: object) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")


# Every example first picks a mode, so that each route surely meets each kind of bad input.
MODES = {"nul": "a\x00b", "control": "a\x1bb\x7f", "surrogate": "\ud800", "huge": str(2**63), "random": None}
url_values = st.one_of(nasty_texts, plain_texts, st.binary(max_size=12), st.just("\ud800"), st.just("\udfff"))


def _real_values(session) -> tuple[list[int], list[str]]:  # type: ignore[no-untyped-def]
    """Ids of every table and the tokens and slugs a visitor would have."""
    ids: set[int] = set()
    for table in Base.metadata.sorted_tables:
        if (
            "id" in table.c
            and isinstance(table.c.id.type.python_type, type)
            and table.c.id.type.python_type is int
        ):
            ids.update(session.scalars(select(table.c.id)).all())
    words = set(session.scalars(select(Channel.token)).all())
    words |= set(session.scalars(select(FocusGroup.token)).all())
    words |= set(session.scalars(select(Survey.slug)).all())
    words |= {"demo-partner", "eastside-clinic", "responses", "themes", "summary"}
    return sorted(ids) or [1], sorted(words)


def _crawl_forms(app, clients, ids, words):  # type: ignore[no-untyped-def]
    """Field names of the forms the app's own pages show, by the path they post to."""
    fields: dict[str, set[str]] = defaultdict(set)
    multipart: set[str] = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        values = {}
        for name, converter in rule._converters.items():  # noqa: SLF001
            if isinstance(converter, AnyConverter):
                values[name] = sorted(converter.items)[0]
            elif isinstance(converter, IntegerConverter):
                values[name] = ids[0]
            else:
                values[name] = words[0]
        try:
            path = _build(rule, values)
        except KeyError:
            continue
        for client in clients.values():
            page = client.get(path)
            if not page.mimetype or "html" not in page.mimetype:
                page.close()
                continue
            for action, body in FORM.findall(page.get_data(as_text=True)):
                target = urlsplit(action or path).path
                fields[target].update(FIELD.findall(body))
                if ENCTYPE.search(body):
                    multipart.add(target)
    return fields, multipart


def _build(rule, values) -> str:  # type: ignore[no-untyped-def]
    def part(match: re.Match[str]) -> str:
        return quote_from_bytes(as_bytes(values[match[1]]), safe="")

    return re.sub(r"<(?:[^:<>]+:)?(\w+)>", part, rule.rule)


@pytest.fixture
def fuzz_clients(demo, sign_in, app):  # type: ignore[no-untyped-def]  # noqa: F811
    clients = {"anonymous": app.test_client()}
    for role in ROLES[1:]:
        clients[role] = sign_in(f"{role}@demo.test")
    return clients


def test_no_route_answers_5xx_to_any_input(app, demo, fuzz_clients):  # noqa: F811
    ids, words = _real_values(demo)
    ids_with_edges = [*ids, 0, 2**31 - 1, 2**31, 2**63, 10**30]
    fields_by_path, multipart = _crawl_forms(app, fuzz_clients, ids, words)
    every_field = sorted({name for names in fields_by_path.values() for name in names})[:60]
    tokens = {role: csrf_of(client.get("/r")) for role, client in fuzz_clients.items()}
    found: dict[str, str] = {}

    def values_for(rule, data, mode: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
        values: dict[str, object] = {}
        for name, converter in rule._converters.items():  # noqa: SLF001
            if MODES[mode] is not None and data.draw(st.booleans(), label=f"{name} is {mode}"):
                values[name] = MODES[mode]
            elif isinstance(converter, AnyConverter):
                values[name] = data.draw(st.sampled_from(sorted(converter.items)) | url_values, label=name)
            elif isinstance(converter, IntegerConverter):
                values[name] = str(
                    data.draw(st.sampled_from(ids_with_edges) | st.integers(min_value=0), label=name)
                )
            else:
                values[name] = data.draw(st.sampled_from(words) | url_values, label=name)
        return values

    def make_check(rule, method: str, key: str):  # type: ignore[no-untyped-def]
        @settings(
            max_examples=EXAMPLES_PER_ROUTE,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
            # No shrinking: a finding is reported as found, and the run stays bounded.
            phases=[Phase.explicit, Phase.generate],
        )
        @given(data=st.data())
        def check(data) -> None:  # type: ignore[no-untyped-def]
            roles = ("anonymous",) if rule.endpoint == "auth.logout" else ROLES
            role = data.draw(st.sampled_from(roles), label="role")
            mode = data.draw(st.sampled_from(sorted(MODES)), label="mode")
            values = url_values if MODES[mode] is None else st.just(MODES[mode]) | url_values
            client = fuzz_clients[role]
            path = _build(rule, values_for(rule, data, mode))
            query = data.draw(st.dictionaries(st.sampled_from(QUERY_KEYS), values, max_size=3), label="query")
            url = path + (
                "?" + "&".join(f"{k}={quote_from_bytes(as_bytes(v), safe='')}" for k, v in query.items())
                if query
                else ""
            )
            kwargs: dict[str, object] = {}
            if method == "POST":
                shown = sorted(fields_by_path.get(urlsplit(path).path, ()))
                # The page's own fields, all of them, as a browser sends them; else a few of any.
                chosen = shown or data.draw(
                    st.lists(st.sampled_from(every_field), max_size=8, unique=True), label="fields"
                )
                form = {name: data.draw(values, label=name) for name in chosen if name != "csrf_token"}
                encoding = data.draw(st.sampled_from(["form", "multipart", "json"]), label="encoding")
                if urlsplit(path).path in multipart:
                    encoding = "multipart"
                if encoding == "json":
                    body = {
                        k: as_bytes(v).decode("utf-8", "surrogatepass")
                        if isinstance(v, str)
                        else v.decode("latin-1")
                        for k, v in form.items()
                    }
                    kwargs = {"data": json.dumps(body), "content_type": "application/json"}
                elif encoding == "multipart":
                    files = {
                        k: v
                        for k, v in form.items()
                        if isinstance(v, str) and "\ud800" not in v and "\udfff" not in v
                    }
                    filename = data.draw(nasty_texts | plain_texts, label="filename")
                    kwargs = {
                        "data": {
                            **files,
                            "csrf_token": tokens[role],
                            "file": (io.BytesIO(b"PK\x03\x04 not a workbook"), filename or "form.xlsx"),
                        },
                        "content_type": "multipart/form-data",
                    }
                else:
                    pairs = [(b"csrf_token", tokens[role].encode())] + [
                        (as_bytes(k), as_bytes(v)) for k, v in form.items()
                    ]
                    kwargs = {
                        "data": "&".join(f"{quote_from_bytes(k)}={quote_from_bytes(v)}" for k, v in pairs),
                        "content_type": "application/x-www-form-urlencoded",
                    }
            try:
                reply = client.open(url, method=method, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the finding, with where it was raised
                frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/surveyapp/" in f.filename]
                where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
                raise AssertionError(
                    f"{key}: {url!r} {kwargs.get('data')!r} raised {type(exc).__name__}: {exc} at {where}"
                ) from exc
            status = reply.status_code
            reply.close()
            assert status < 500, f"{key}: {url!r} {kwargs.get('data')!r} answered {status}"

        return check

    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            key = f"{method} {rule.endpoint} {rule.rule}"
            check = make_check(rule, method, key)
            try:
                check()
            except AssertionError as exc:
                found[key] = str(exc).splitlines()[0][:600]
    unexpected = {k: v for k, v in found.items() if k.split()[1] not in KNOWN_5XX}
    assert not unexpected, "5xx found:\n" + "\n".join(unexpected.values())
