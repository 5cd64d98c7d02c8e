"""The battery of whole forms both rule engines answer alike (tests/survey/test_battery.py): every
rule kind of the survey engine, each with what ODK Collect stores or refuses."""

from __future__ import annotations

from .battery_form import Case, calc, choices, page, q, survey
from .battery_lone import LONE
from .battery_nested import NESTED
from .battery_pages import STYLE_PAGES
from .battery_repeats import REPEATS

YES_NO = choices("yn", "yes", "no")
FRUIT = choices("fruit", "apple", "pear", "plum")
COUNTIES = choices("county", "north", "south") + choices(
    "town", "alpha", "beta", "gamma", county=["north", "north", "south"]
)
ONE = "one"


def one_page(*rows: dict[str, str]) -> list[dict[str, str]]:
    return survey(page(ONE, *rows))


NUMBERS = [
    Case("integer stored plain", one_page(q("integer", "n")), [{"n": " 007 "}], {"n": "7"}),
    Case("integer with a sign", one_page(q("integer", "n")), [{"n": "-12"}], {"n": "-12"}),
    Case("integer refused", one_page(q("integer", "n")), [{"n": "1.5"}], {}, errors={"n": "integer"}),
    Case("integer in Arabic-Indic digits", one_page(q("integer", "n")), [{"n": "٤٢"}], {"n": "42"}),
    Case("integer in Devanagari digits", one_page(q("integer", "n")), [{"n": "१२"}], {"n": "12"}),
    Case("integer in Burmese digits", one_page(q("integer", "n")), [{"n": "၉၀"}], {"n": "90"}),
    Case("decimal in Burmese digits", one_page(q("decimal", "x")), [{"x": "၃,၅"}], {"x": "3.5"}),
    Case("integer too long", one_page(q("integer", "n")), [{"n": "1" * 16}], {}, errors={"n": "integer"}),
    Case("decimal with a comma", one_page(q("decimal", "x")), [{"x": "2,50"}], {"x": "2.5"}),
    Case("decimal refused", one_page(q("decimal", "x")), [{"x": "two"}], {}, errors={"x": "decimal"}),
    Case("decimal whole number", one_page(q("decimal", "x")), [{"x": "3"}], {"x": "3.0"}),
    Case("decimal without an exponent", one_page(q("decimal", "x")), [{"x": ".0000001"}], {"x": "0.0000001"}),
    Case("decimal negative zero", one_page(q("decimal", "x")), [{"x": "-0"}], {"x": "0.0"}),
    Case("decimal in Persian digits", one_page(q("decimal", "x")), [{"x": "۱.۵"}], {"x": "1.5"}),
    Case(
        "range on its step",
        one_page(q("range", "r", parameters="start=0 end=10 step=2")),
        [{"r": "4"}],
        {"r": "4"},
    ),
    Case(
        "range off its step",
        one_page(q("range", "r", parameters="start=0 end=10 step=2")),
        [{"r": "5"}],
        {},
        errors={"r": "range"},
    ),
    Case(
        "range beyond its end",
        one_page(q("range", "r", parameters="start=1 end=5 step=1")),
        [{"r": "6"}],
        {},
        errors={"r": "range"},
    ),
    Case(
        "range backwards with decimals",
        one_page(q("range", "r", parameters="start=1 end=0 step=0.25")),
        [{"r": "0.75"}],
        {"r": "0.75"},
    ),
]

TEXT_AND_TIME = [
    Case("text trimmed", one_page(q("text", "t")), [{"t": "  hello  "}], {"t": "hello"}),
    Case("text without control characters", one_page(q("text", "t")), [{"t": "a\x00b\x07"}], {"t": "ab"}),
    Case("text too long", one_page(q("text", "t")), [{"t": "x" * 501}], {}, errors={"t": "tooLong"}),
    Case(
        "pattern folds digits",
        one_page(q("text", "zip", constraint="regex(., '^[0-9]{5}$')")),
        [{"zip": "١٢٣٤٥"}],
        {"zip": "12345"},
    ),
    Case(
        "pattern folds Burmese digits",
        one_page(q("text", "zip", constraint="regex(., '^[0-9]{5}$')")),
        [{"zip": "၁၁၀၄၁"}],
        {"zip": "11041"},
    ),
    Case(
        "pattern is a full match",
        one_page(q("text", "zip", constraint="regex(., '[0-9]{5}')")),
        [{"zip": "123456"}],
        {},
        errors={"zip": "notAllowed"},
    ),
    Case("date", one_page(q("date", "d")), [{"d": "2024-02-29"}], {"d": "2024-02-29"}),
    Case(
        "date that does not exist", one_page(q("date", "d")), [{"d": "2023-02-29"}], {}, errors={"d": "date"}
    ),
    Case("date refused", one_page(q("date", "d")), [{"d": "31/05/2024"}], {}, errors={"d": "date"}),
    Case("time as ODK stores it", one_page(q("time", "t")), [{"t": "14:30"}], {"t": "14:30:00.000+00:00"}),
    Case(
        "time with seconds and zone",
        one_page(q("time", "t")),
        [{"t": "07:05:09+02:00"}],
        {"t": "07:05:09.000+02:00"},
    ),
    Case("time refused", one_page(q("time", "t")), [{"t": "25:00"}], {}, errors={"t": "time"}),
    Case(
        "dateTime as ODK stores it",
        one_page(q("dateTime", "when")),
        [{"when": "2024-05-31T14:30"}],
        {"when": "2024-05-31T14:30:00.000+00:00"},
    ),
    Case(
        "dateTime with a space and a zone",
        one_page(q("dateTime", "when")),
        [{"when": "2024-05-31 14:30:00+02:00"}],
        {"when": "2024-05-31T14:30:00.000+02:00"},
    ),
    Case(
        "dateTime refused",
        one_page(q("dateTime", "when")),
        [{"when": "tomorrow"}],
        {},
        errors={"when": "dateTime"},
    ),
    Case("acknowledge", one_page(q("acknowledge", "ok")), [{"ok": "OK"}], {"ok": "OK"}),
    Case(
        "acknowledge required",
        one_page(q("acknowledge", "ok", required="yes")),
        [{"ok": ""}],
        {},
        errors={"ok": "ack"},
    ),
]

SELECTS = [
    Case("select_one", one_page(q("select_one yn", "a")), [{"a": "yes"}], {"a": "yes"}, choices=YES_NO),
    Case(
        "select_one not in the list",
        one_page(q("select_one yn", "a")),
        [{"a": "maybe"}],
        {},
        errors={"a": "choice"},
        choices=YES_NO,
    ),
    Case(
        "select_multiple in the list's order",
        one_page(q("select_multiple fruit", "f")),
        [{"f": ["plum", "apple", "plum"]}],
        {"f": "apple plum"},
        choices=FRUIT,
    ),
    Case(
        "select_multiple not in the list",
        one_page(q("select_multiple fruit", "f")),
        [{"f": ["apple", "kiwi"]}],
        {},
        errors={"f": "choice"},
        choices=FRUIT,
    ),
    Case(
        "select_multiple randomized keeps its values",
        one_page(q("select_multiple fruit", "f", parameters="randomize=true")),
        [{"f": ["pear"]}],
        {"f": "pear"},
        choices=FRUIT,
    ),
    Case(
        "or_other with its text",
        one_page(q("select_one fruit or_other", "f")),
        [{"f": "other", "f_other": "kiwi"}],
        {"f": "other", "f_other": "kiwi"},
        choices=FRUIT,
    ),
    Case(
        "or_other with a listed choice",
        one_page(q("select_one fruit or_other", "f")),
        [{"f": "pear"}],
        {"f": "pear"},
        choices=FRUIT,
    ),
    Case(
        "follow-up asked by its choice",
        one_page(q("select_one yn", "a"), q("text", "why", relevant="${a} = 'yes'", required="yes")),
        [{"a": "yes", "why": ""}],
        {"a": "yes"},
        errors={"why": "required"},
        choices=YES_NO,
    ),
    Case(
        "follow-up of a select_multiple",
        one_page(q("select_multiple fruit", "f"), q("integer", "plums", relevant="selected(${f}, 'plum')")),
        [{"f": ["plum"], "plums": "3"}],
        {"f": "plum", "plums": "3"},
        choices=FRUIT,
    ),
    Case(
        "choice_filter keeps a town of the county",
        one_page(
            q("select_one county", "county"), q("select_one town", "town", choice_filter="county=${county}")
        ),
        [{"county": "north", "town": "beta"}],
        {"county": "north", "town": "beta"},
        choices=COUNTIES,
    ),
    Case(
        "choice_filter refuses a town of another county",
        one_page(
            q("select_one county", "county"), q("select_one town", "town", choice_filter="county=${county}")
        ),
        [{"county": "south", "town": "alpha"}],
        {"county": "south"},
        errors={"town": "notKept"},
        choices=COUNTIES,
    ),
    Case(
        "choice_filter across pages",
        survey(
            page("where", q("select_one county", "county")),
            page("town", q("select_multiple town", "towns", choice_filter="county=${county}")),
        ),
        [{"county": "north"}, {"towns": ["alpha", "beta"]}],
        {"county": "north", "towns": "alpha beta"},
        choices=COUNTIES,
    ),
    Case(
        "a question's relevant reads a calculation of its own page",
        one_page(q("integer", "a"), calc("double", "${a} * 2"), q("text", "t", relevant="${double} > 2")),
        [{"a": "2", "t": "shown"}],
        {"a": "2", "double": "4", "t": "shown"},
    ),
    Case(
        "a choice list read as instance('list') by calculations",
        survey(
            page("where", q("select_one town", "town")),
            page(
                "more",
                calc("county", "instance('town')/root/item[name=${town}]/county"),
                calc("label", "instance('town')/root/item[name=${town}]/label"),
                calc("others", "count(instance('town')/root/item[county=${county} and name != ${town}])"),
                q("text", "note", relevant="${others} > 0"),
            ),
        ),
        [{"town": "beta"}, {"note": "near alpha"}],
        {"town": "beta", "county": "north", "label": "Beta", "others": "1", "note": "near alpha"},
        choices=COUNTIES,
    ),
    Case(
        "rank every choice",
        one_page(q("rank fruit", "order")),
        [{"order": ["pear", "plum", "apple"]}],
        {"order": "pear plum apple"},
        choices=FRUIT,
    ),
    Case(
        "rank incomplete",
        one_page(q("rank fruit", "order")),
        [{"order": ["pear", "", ""]}],
        {},
        errors={"order": "parts.rankAll"},
        choices=FRUIT,
    ),
    Case(
        "rank twice",
        one_page(q("rank fruit", "order")),
        [{"order": ["pear", "pear", "apple"]}],
        {},
        errors={"order": "parts.rankTwice"},
        choices=FRUIT,
    ),
]

RULES = [
    Case(
        "required condition that holds",
        one_page(q("integer", "age"), q("text", "job", required="${age} > 17")),
        [{"age": "30", "job": ""}],
        {"age": "30"},
        errors={"job": "required"},
    ),
    Case(
        "required condition that does not hold",
        one_page(q("integer", "age"), q("text", "job", required="${age} > 17")),
        [{"age": "12", "job": ""}],
        {"age": "12"},
    ),
    Case(
        "required_message",
        one_page(q("text", "name", required="yes", **{"required_message::en": "Your name, please."})),
        [{"name": " "}],
        {},
        errors={"name": "requiredMsg"},
    ),
    Case(
        "constraint holds",
        one_page(q("integer", "age", constraint=". >= 0 and . < 120")),
        [{"age": "44"}],
        {"age": "44"},
    ),
    Case(
        "constraint with its message",
        one_page(
            q(
                "integer",
                "age",
                constraint=". >= 0 and . < 120",
                **{"constraint_message::en": "Under 120, please."},
            )
        ),
        [{"age": "130"}],
        {},
        errors={"age": "constraint"},
    ),
    Case(
        "constraint over another answer",
        one_page(q("integer", "adults"), q("integer", "voters", constraint=". <= ${adults}")),
        [{"adults": "2", "voters": "3"}],
        {"adults": "2"},
        errors={"voters": "notAllowed"},
    ),
    Case(
        "constraint over a date",
        one_page(q("date", "born", constraint=". <= today()")),
        [{"born": "2030-01-01"}],
        {},
        errors={"born": "notAllowed"},
    ),
    Case(
        "question skipped by an answer",
        one_page(q("integer", "age"), q("text", "school", relevant="${age} < 18")),
        [{"age": "40", "school": ""}],
        {"age": "40"},
    ),
    Case(
        "page skipped and not counted",
        survey(
            page("one", q("select_one yn", "kids")),
            page("two", q("integer", "count"), relevant="${kids} = 'yes'"),
        ),
        [{"kids": "no"}, {}],
        {"kids": "no"},
        choices=YES_NO,
        pages=[0],
        counted=[0],
    ),
    Case(
        "page waiting for an answer is counted",
        survey(
            page("one", q("select_one yn", "kids")),
            page("two", q("integer", "count"), relevant="${kids} = 'yes'"),
            page("three", q("text", "end")),
        ),
        [{"kids": ""}, {}, {"end": "bye"}],
        {"end": "bye"},
        choices=YES_NO,
        pages=[0, 2],
        counted=[0, 1, 2],
    ),
    Case(
        "page that applies",
        survey(
            page("one", q("select_one yn", "kids")),
            page("two", q("integer", "count"), relevant="${kids} = 'yes'"),
        ),
        [{"kids": "yes"}, {"count": "2"}],
        {"kids": "yes", "count": "2"},
        choices=YES_NO,
    ),
    Case(
        "nested groups keep the outer relevant",
        [
            q("select_one yn", "work", **{"label::en": "Work?"}),
            {"type": "begin group", "name": "job", "label::en": "Job", "relevant": "${work} = 'yes'"},
            {"type": "begin group", "name": "pay", "label::en": "Pay"},
            q("integer", "wage"),
            {"type": "end group"},
            {"type": "end group"},
            page("last", q("text", "done"))[0],
            q("text", "done"),
            {"type": "end group"},
        ],
        [{"work": "no"}, {}, {"done": "x"}],
        {"work": "no", "done": "x"},
        choices=YES_NO,
        pages=[0, 2],
        counted=[0, 2],
    ),
    Case(
        "required on a skipped page",
        survey(
            page("one", q("integer", "n")), page("two", q("text", "t", required="yes"), relevant="${n} > 1")
        ),
        [{"n": "1"}, {}],
        {"n": "1"},
        pages=[0],
        counted=[0],
    ),
]

CALCULATIONS = [
    Case(
        "calculation over a page",
        survey(
            page("one", q("integer", "a"), q("integer", "b")),
            page("two", q("text", "c"), calc("total", "${a} + ${b}")),
        ),
        [{"a": "2", "b": "3"}, {}],
        {"a": "2", "b": "3", "total": "5"},
    ),
    Case(
        "calculation read by a later page's relevant",
        survey(
            page("one", q("integer", "a"), calc("double", "${a} * 2")),
            page("two", q("text", "big"), relevant="${double} > 10"),
        ),
        [{"a": "6"}, {"big": "yes"}],
        {"a": "6", "double": "12", "big": "yes"},
    ),
    Case(
        "calculation that is NaN is empty",
        one_page(q("text", "t"), calc("n", "number(${t})")),
        [{"t": "abc"}],
        {"t": "abc"},
    ),
    Case(
        "calculation with if and concat",
        one_page(
            q("text", "first"),
            q("integer", "age"),
            calc("who", "concat(${first}, if(${age} > 17, ' (adult)', ''))"),
        ),
        [{"first": "Ana", "age": "30"}],
        {"first": "Ana", "age": "30", "who": "Ana (adult)"},
    ),
    Case(
        "calculation skipped by its relevant",
        one_page(q("integer", "a"), calc("half", "${a} div 2", relevant="${a} > 0")),
        [{"a": "-4"}],
        {"a": "-4"},
    ),
    Case(
        "calculation of a select_multiple",
        one_page(q("select_multiple fruit", "f"), calc("n", "count-selected(${f})")),
        [{"f": ["apple", "pear"]}],
        {"f": "apple pear", "n": "2"},
        choices=FRUIT,
    ),
    Case(
        "calculation with a choice label",
        one_page(q("select_one fruit", "f"), calc("name", "jr:choice-name(${f}, '${f}')")),
        [{"f": "plum"}],
        {"f": "plum", "name": "Plum"},
        choices=FRUIT,
    ),
    Case(
        "calculation of a date",
        one_page(
            q("date", "born"), calc("days", "int(decimal-date-time(today()) - decimal-date-time(${born}))")
        ),
        [{"born": "2026-11-01"}],
        {"born": "2026-11-01", "days": "21"},
    ),
    Case(
        "calculation on an asked question",
        one_page(q("integer", "a"), q("integer", "b", calculation="${a} * 10")),
        [{"a": "3", "b": "99"}],
        {"a": "3", "b": "30"},
    ),
]

FORM_SET = [
    Case("static default kept", one_page(q("integer", "n", default="5")), [{}], {"n": "5"}),
    Case(
        "hidden keeps its default, read by a calculation",
        one_page(
            {"type": "hidden", "name": "h", "default": "abc", "label::en": "H"},
            calc("c", "concat(${h}, '!')"),
            q("text", "t"),
        ),
        [{"t": "x", "h": "forged"}],
        {"h": "abc", "c": "abc!", "t": "x"},
    ),
    Case(
        "pyxform's other type names",
        one_page(q("q int", "n"), q("add text prompt", "t"), q("q decimal", "d")),
        [{"n": "3", "t": "hi", "d": "1.5"}],
        {"n": "3", "t": "hi", "d": "1.5"},
    ),
    Case("a q int refuses a fraction", one_page(q("int", "n")), [{"n": "1.5"}], {}, errors={"n": "integer"}),
    Case("static default changed", one_page(q("integer", "n", default="5")), [{"n": "6"}], {"n": "6"}),
    Case("static default cleared", one_page(q("text", "t", default="hi")), [{"t": ""}], {}),
    Case("dynamic default of today", one_page(q("date", "d", default="today()")), [{}], {"d": "2026-11-22"}),
    Case(
        "dynamic default over a static one",
        one_page(q("integer", "a", default="4"), q("integer", "b", default="${a} * 2")),
        [{}],
        {"a": "4", "b": "8"},
    ),
    Case(
        "read_only keeps its default",
        one_page(q("text", "code", default="X1", read_only="yes")),
        [{"code": "hacked"}],
        {"code": "X1"},
    ),
    Case(
        "a read-only time default is stored as its answer would be",
        one_page(q("time", "start", default="10:30", read_only="yes")),
        [{}],
        {"start": "10:30:00.000+00:00"},
    ),
    Case(
        "read_only by a condition",
        one_page(q("integer", "a", default="1"), q("text", "t", default="fixed", read_only="${a} = 1")),
        [{"t": "changed"}],
        {"a": "1", "t": "fixed"},
    ),
    Case(
        "trigger sets a value once",
        survey(
            page("one", q("text", "first")),
            page("two", q("text", "greet", calculation="concat('Hello ', ${first})", trigger="${first}")),
        ),
        [{"first": "Ana"}, {}],
        {"first": "Ana", "greet": "Hello Ana"},
    ),
    Case(
        "read-only trigger",
        survey(
            page("one", q("integer", "age")),
            page("two", q("integer", "born", read_only="yes", calculation="2026 - ${age}", trigger="${age}")),
        ),
        [{"age": "30"}, {}],
        {"age": "30", "born": "1996"},
    ),
]

PARTS = [
    Case(
        "geopoint from its inputs",
        one_page(q("geopoint", "where")),
        [{"where": ["12.5", "-3.25", "", ""]}],
        {"where": "12.5 -3.25 0 0"},
    ),
    Case(
        "geopoint with altitude and accuracy",
        one_page(q("geopoint", "where")),
        [{"where": ["-1,5", "36.8", "1700", "5"]}],
        {"where": "-1.5 36.8 1700 5"},
    ),
    Case(
        "geopoint out of range",
        one_page(q("geopoint", "where")),
        [{"where": ["95", "10", "", ""]}],
        {},
        errors={"where": "parts.geopoint"},
    ),
    Case(
        "geotrace of two points",
        one_page(q("geotrace", "path")),
        [{"path": "1 2; 3 4"}],
        {"path": "1 2 0 0;3 4 0 0"},
    ),
    Case(
        "geotrace of one point",
        one_page(q("geotrace", "path")),
        [{"path": "1 2"}],
        {},
        errors={"path": "parts.geotrace"},
    ),
    Case(
        "geoshape closed",
        one_page(q("geoshape", "area")),
        [{"area": "1 2\n3 4\n5 6"}],
        {"area": "1 2 0 0;3 4 0 0;5 6 0 0;1 2 0 0"},
    ),
    Case(
        "date in parts",
        one_page(q("date", "d", appearance="no-calendar")),
        [{"d": ["5", "3", "2024"]}],
        {"d": "2024-03-05"},
    ),
    Case(
        "date in parts that does not exist",
        one_page(q("date", "d", appearance="no-calendar")),
        [{"d": ["31", "4", "2024"]}],
        {},
        errors={"d": "parts.no-calendar"},
    ),
    Case(
        "month and year",
        one_page(q("date", "d", appearance="month-year")),
        [{"d": ["7", "2020"]}],
        {"d": "2020-07-01"},
    ),
    Case("year only", one_page(q("date", "d", appearance="year")), [{"d": ["١٩٩٩"]}], {"d": "1999-01-01"}),
    Case(
        "ethiopian date",
        one_page(q("date", "d", appearance="ethiopian")),
        [{"d": ["1", "1", "2017"]}],
        {"d": "2024-09-11"},
    ),
    Case(
        "bikram-sambat date",
        one_page(q("date", "d", appearance="bikram-sambat")),
        [{"d": ["1", "1", "2081"]}],
        {"d": "2024-04-13"},
    ),
    Case(
        "myanmar year in Burmese digits",
        one_page(q("date", "d", appearance="year myanmar")),
        [{"d": ["၁၃၈၅"]}],
        {"d": "2023-04-17"},
    ),
    Case(
        "persian year out of range",
        one_page(q("date", "d", appearance="persian year")),
        [{"d": ["1200"]}],
        {},
        errors={"d": "parts.year persian"},
    ),
]

CASES: list[Case] = (
    NUMBERS
    + TEXT_AND_TIME
    + SELECTS
    + RULES
    + CALCULATIONS
    + FORM_SET
    + PARTS
    + REPEATS
    + NESTED
    + STYLE_PAGES
    + LONE
)
