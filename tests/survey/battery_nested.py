"""The battery's repeats within repeats: households (`h`) and their members (`m`), keys naming every
level (`h[2]/m[1]/age`), walked page by page with the buttons of battery_repeats."""

from __future__ import annotations

from .battery_form import Case, calc, page, q, survey
from .battery_repeats import ADD, BACK, NO_MORE, remove, repeat

END = page("end", q("note", "done"))


def h(k: int, name: str, j: int = 0) -> str:
    """The key of `name` in household k (and its member j)."""
    return f"h[{k}]/m[{j}]/{name}" if j else f"h[{k}]/{name}"


NESTED = [
    Case(
        "nested: repeats within repeats, fixed counts, sums inside and outside",
        survey(
            repeat(
                "h",
                q("text", "hn"),
                *repeat("m", q("integer", "age"), count="2"),
                calc("hsum", "sum(${age})"),
                calc("hcount", "count(${m})"),
                count="2",
            ),
            page("end", calc("total", "sum(${age})"), calc("people", "count(${m})"), q("note", "done")),
        ),
        [{h(1, "hn"): "N"}, {h(1, "age", 1): "40"}, {h(1, "age", 2): "10"}]
        + [{h(2, "hn"): "S"}, {h(2, "age", 1): "30"}, {h(2, "age", 2): "5"}, {}],
        {
            h(1, "hn"): "N",
            h(1, "age", 1): "40",
            h(1, "age", 2): "10",
            h(1, "hsum"): "50",
            h(1, "hcount"): "2",
            h(2, "hn"): "S",
            h(2, "age", 1): "30",
            h(2, "age", 2): "5",
            h(2, "hsum"): "35",
            h(2, "hcount"): "2",
            "total": "85",
            "people": "4",
        },
    ),
    Case(
        "nested: inner count from the outer instance's answer, position at both levels",
        survey(
            repeat(
                "h",
                q("integer", "size"),
                calc("hpos", "position(..)"),
                *repeat("m", q("text", "name"), calc("pos", "position(..)"), count="${size}"),
                count="2",
            ),
            END,
        ),
        [{h(1, "size"): "2"}, {h(1, "name", 1): "A"}, {h(1, "name", 2): "B"}, {h(2, "size"): "1"}]
        + [{h(2, "name", 1): "C"}, {}],
        {
            h(1, "size"): "2",
            h(1, "hpos"): "1",
            h(1, "name", 1): "A",
            h(1, "pos", 1): "1",
            h(1, "name", 2): "B",
            h(1, "pos", 2): "2",
            h(2, "size"): "1",
            h(2, "hpos"): "2",
            h(2, "name", 1): "C",
            h(2, "pos", 1): "1",
        },
    ),
    Case(
        "nested: an inner instance removed, the later one moves down",
        survey(
            repeat(
                "h", q("text", "hn"), *repeat("m", q("text", "name")), calc("n", "count(${m})"), count="1"
            ),
            END,
        ),
        [{h(1, "hn"): "N"}, {h(1, "name", 1): "A"}, ADD, {h(1, "name", 2): "B"}, ADD, {h(1, "name", 3): "C"}]
        + [BACK, BACK, remove(), {}, NO_MORE, {}],
        {
            h(1, "hn"): "N",
            h(1, "name", 1): "A",
            h(1, "name", 2): "C",
            "h[1]/m[count]": "2",
            h(1, "n"): "2",
        },
    ),
    Case(
        "nested: an outer instance removed with its inner ones, the later one moves down",
        survey(repeat("h", q("text", "hn"), *repeat("m", q("text", "name"))), END),
        [{h(1, "hn"): "N"}, {h(1, "name", 1): "A"}, ADD, {h(1, "name", 2): "B"}, NO_MORE, ADD]
        + [{h(2, "hn"): "S"}, {h(2, "name", 1): "C"}, ADD, {h(2, "name", 2): "D"}, NO_MORE]
        + [BACK] * 8
        + [remove(), {}, {}, {}, NO_MORE, NO_MORE, {}],
        {
            h(1, "hn"): "S",
            h(1, "name", 1): "C",
            h(1, "name", 2): "D",
            "h[1]/m[count]": "2",
            "h[count]": "1",
        },
    ),
    Case(
        "nested: inner and outer instances added, counted inside and outside",
        survey(
            repeat("h", q("text", "hn"), *repeat("m", q("text", "name")), calc("n", "count(${name})")),
            page("end", calc("people", "count(${m})"), q("note", "done")),
        ),
        [{h(1, "hn"): "N"}, {h(1, "name", 1): "A"}, ADD, {h(1, "name", 2): "B"}, NO_MORE, ADD]
        + [{h(2, "hn"): "S"}, {h(2, "name", 1): "C"}, NO_MORE, NO_MORE, {}],
        {
            h(1, "hn"): "N",
            h(1, "name", 1): "A",
            h(1, "name", 2): "B",
            "h[1]/m[count]": "2",
            h(1, "n"): "2",
            h(2, "hn"): "S",
            h(2, "name", 1): "C",
            h(2, "n"): "1",
            "h[count]": "2",
            "people": "3",
        },
    ),
    Case(
        "nested: a relevant inside the inner repeat reads the outer instance",
        survey(
            repeat(
                "h",
                q("text", "kind"),
                *repeat("m", q("text", "name"), q("text", "school", relevant="${kind} = 'a'"), count="1"),
                count="2",
            ),
            END,
        ),
        [{h(1, "kind"): "a"}, {h(1, "name", 1): "X", h(1, "school", 1): "Central"}]
        + [{h(2, "kind"): "b"}, {h(2, "name", 1): "Y"}, {}],
        {
            h(1, "kind"): "a",
            h(1, "name", 1): "X",
            h(1, "school", 1): "Central",
            h(2, "kind"): "b",
            h(2, "name", 1): "Y",
        },
    ),
    Case(
        "nested: an inner repeat whose name ends with the outer one's (grandchild in child)",
        survey(
            repeat(
                "child",
                q("text", "cn"),
                *repeat("grandchild", q("integer", "age"), count="2"),
                calc("csum", "sum(${age})"),
                count="2",
            ),
            page("end", calc("total", "sum(${age})"), q("note", "done")),
        ),
        [{"child[1]/cn": "A"}, {"child[1]/grandchild[1]/age": "4"}, {"child[1]/grandchild[2]/age": "2"}]
        + [
            {"child[2]/cn": "B"},
            {"child[2]/grandchild[1]/age": "7"},
            {"child[2]/grandchild[2]/age": "1"},
            {},
        ],
        {
            "child[1]/cn": "A",
            "child[1]/grandchild[1]/age": "4",
            "child[1]/grandchild[2]/age": "2",
            "child[1]/csum": "6",
            "child[2]/cn": "B",
            "child[2]/grandchild[1]/age": "7",
            "child[2]/grandchild[2]/age": "1",
            "child[2]/csum": "8",
            "total": "14",
        },
    ),
]
