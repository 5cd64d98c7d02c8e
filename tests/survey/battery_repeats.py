"""The battery's repeats (`begin repeat`): a form with repeats is walked one page at a time as the
person reaches them, so its `posts` are in that order, one per page reached; `ADD`, `REMOVE` and `BACK`
are its buttons ("Add another", "Remove this", "Back"), pressed after the page's answers are given."""

from __future__ import annotations

from .battery_form import Case, Row, calc, page, q, survey

ADD = {"action": "add"}
BACK = {"action": "back"}
NO_MORE: dict[str, str] = {}


def repeat(name: str, *rows: Row, count: str = "", relevant: str = "") -> list[Row]:
    """A repeat whose questions are one page per instance (with `repeat_count`: that many)."""
    begin = {"type": "begin repeat", "name": name, "label::en": name.title()}
    if count:
        begin["repeat_count"] = count
    if relevant:
        begin["relevant"] = relevant
    return [begin, *rows, {"type": "end repeat"}]


def remove(**answers: str) -> dict[str, str]:
    return {**answers, "action": "remove"}


def m(k: int, name: str) -> str:
    """The answer key of `name` in instance k of the repeat `m`."""
    return f"m[{k}]/{name}"


AGES = repeat("m", q("integer", "age"), count="2")
SIZE = page("size", q("integer", "n"))
SUMMARY = page("end", q("note", "done"))

REPEATS = [
    Case(
        "repeat with a fixed count",
        survey(AGES),
        [{m(1, "age"): "40"}, {m(2, "age"): "10"}],
        {m(1, "age"): "40", m(2, "age"): "10"},
    ),
    Case(
        "repeat count from an answer",
        survey(SIZE, repeat("m", q("text", "name"), count="${n}")),
        [{"n": "3"}, {m(1, "name"): "Ana"}, {m(2, "name"): "Ben"}, {m(3, "name"): "Cy"}],
        {"n": "3", m(1, "name"): "Ana", m(2, "name"): "Ben", m(3, "name"): "Cy"},
    ),
    Case(
        "repeat count of zero asks no instance",
        survey(SIZE, repeat("m", q("text", "name"), count="${n}"), page("after", q("text", "t"))),
        [{"n": "0"}, {"t": "none"}],
        {"n": "0", "t": "none"},
    ),
    Case(
        "instances added by the person",
        survey(repeat("m", q("text", "name")), page("after", q("text", "t"))),
        [{m(1, "name"): "Ana"}, ADD, {m(2, "name"): "Ben"}, NO_MORE, {"t": "x"}],
        {m(1, "name"): "Ana", m(2, "name"): "Ben", "m[count]": "2", "t": "x"},
    ),
    Case(
        "one instance, none added",
        survey(repeat("m", q("text", "name")), page("after", q("text", "t"))),
        [{m(1, "name"): "Ana"}, NO_MORE, {"t": "x"}],
        {m(1, "name"): "Ana", "t": "x"},
    ),
    Case(
        "an instance removed, the later one moves down",
        survey(repeat("m", q("text", "name")), page("end", calc("kids", "count(${m})"), q("text", "t"))),
        [
            {m(1, "name"): "A"},
            ADD,
            {m(2, "name"): "B"},
            ADD,
            {m(3, "name"): "C"},
            BACK,
            BACK,
            remove(),
            {},
            NO_MORE,
            {"t": "x"},
        ],
        {m(1, "name"): "A", m(2, "name"): "C", "m[count]": "2", "kids": "2", "t": "x"},
    ),
    Case(
        "the last instance removed with its answers",
        survey(repeat("m", q("text", "name")), page("after", q("text", "t"))),
        [{m(1, "name"): "A"}, ADD, remove(**{m(2, "name"): "B"}), NO_MORE, {"t": "x"}],
        {m(1, "name"): "A", "m[count]": "1", "t": "x"},
    ),
    Case(
        "a name read in its own instance",
        survey(
            repeat(
                "m",
                q("integer", "age"),
                q("text", "school", relevant="${age} < 18"),
                q("integer", "years", constraint=". <= ${age}"),
                count="2",
            )
        ),
        [
            {m(1, "age"): "40", m(1, "years"): "30"},
            {m(2, "age"): "10", m(2, "school"): "Central", m(2, "years"): "9"},
        ],
        {
            m(1, "age"): "40",
            m(1, "years"): "30",
            m(2, "age"): "10",
            m(2, "school"): "Central",
            m(2, "years"): "9",
        },
    ),
    Case(
        "constraint inside an instance",
        survey(
            repeat(
                "m",
                q("integer", "age"),
                q("integer", "years", constraint=". <= ${age}", constraint_message="Not longer than the age"),
                count="2",
            )
        ),
        [{m(1, "age"): "40", m(1, "years"): "30"}, {m(2, "age"): "10", m(2, "years"): "12"}],
        {m(1, "age"): "40", m(1, "years"): "30", m(2, "age"): "10"},
        errors={m(2, "years"): "constraint"},
    ),
    Case(
        "required inside an instance",
        survey(repeat("m", q("text", "name", required="yes"), q("integer", "age"), count="2")),
        [{m(1, "name"): "Ana", m(1, "age"): "40"}, {m(2, "age"): "10"}],
        {m(1, "name"): "Ana", m(1, "age"): "40", m(2, "age"): "10"},
        errors={m(2, "name"): "required"},
    ),
    Case(
        "required when, read in the instance",
        survey(
            repeat(
                "m",
                q("integer", "age"),
                q("text", "school", required="${age} < 18", required_message="Which school?"),
                count="2",
            )
        ),
        [{m(1, "age"): "40"}, {m(2, "age"): "10"}],
        {m(1, "age"): "40", m(2, "age"): "10"},
        errors={m(2, "school"): "requiredMsg"},
    ),
    Case(
        "a calculation per instance and its position",
        survey(
            repeat(
                "m",
                q("integer", "age"),
                calc("adult", "if(${age} >= 18, 1, 0)"),
                calc("place", "position(..)"),
                count="2",
            )
        ),
        [{m(1, "age"): "40"}, {m(2, "age"): "10"}],
        {
            m(1, "age"): "40",
            m(1, "adult"): "1",
            m(1, "place"): "1",
            m(2, "age"): "10",
            m(2, "adult"): "0",
            m(2, "place"): "2",
        },
    ),
    Case(
        "sum and count over the instances",
        survey(
            SIZE,
            repeat("m", q("integer", "age"), count="${n}"),
            page("end", calc("total", "sum(${age})"), calc("members", "count(${m})"), q("note", "done")),
        ),
        [{"n": "3"}, {m(1, "age"): "40"}, {m(2, "age"): "10"}, {m(3, "age"): "5"}, {}],
        {"n": "3", m(1, "age"): "40", m(2, "age"): "10", m(3, "age"): "5", "total": "55", "members": "3"},
    ),
    Case(
        "indexed-repeat reads one instance",
        survey(
            repeat("m", q("text", "name"), count="3"),
            page("end", calc("second", "indexed-repeat(${name}, ${m}, 2)"), q("note", "done")),
        ),
        [{m(1, "name"): "Ana"}, {m(2, "name"): "Ben"}, {m(3, "name"): "Cy"}, {}],
        {m(1, "name"): "Ana", m(2, "name"): "Ben", m(3, "name"): "Cy", "second": "Ben"},
    ),
    Case(
        "an instance reads an answer outside the repeat",
        survey(SIZE, repeat("m", q("integer", "age", constraint=". > ${n}"), count="2")),
        [{"n": "5"}, {m(1, "age"): "40"}, {m(2, "age"): "3"}],
        {"n": "5", m(1, "age"): "40"},
        errors={m(2, "age"): "notAllowed"},
    ),
    Case(
        "a page of the instance that does not apply",
        survey(
            repeat(
                "m",
                *page("who", q("integer", "age")),
                *page("school", q("text", "school"), relevant="${age} < 18"),
                count="2",
            )
        ),
        [{m(1, "age"): "40"}, {m(2, "age"): "10"}, {m(2, "school"): "Central"}],
        {m(1, "age"): "40", m(2, "age"): "10", m(2, "school"): "Central"},
        pages=[0, 2, 3],
        counted=[0, 2, 3],
    ),
    Case(
        "a repeat that does not apply",
        survey(SIZE, repeat("m", q("text", "name"), relevant="${n} > 0"), page("after", q("text", "t"))),
        [{"n": "0"}, {"t": "x"}],
        {"n": "0", "t": "x"},
        pages=[0, 3],
        counted=[0, 3],
    ),
    Case(
        "a smaller count leaves out the instances beyond it",
        survey(SIZE, repeat("m", q("text", "name"), count="${n}"), page("after", q("text", "t"))),
        [{"n": "3"}, {m(1, "name"): "A"}, {m(2, "name"): "B"}, {m(3, "name"): "C"}, BACK, BACK, BACK, BACK]
        + [{"n": "2"}, {}, {}, {"t": "x"}],
        {"n": "2", m(1, "name"): "A", m(2, "name"): "B", "t": "x"},
    ),
]
