"""The kiosk's calendars (static/calendars.js) agree with the server's (survey/calendars.py) day for
day: every third day from 1899 to 2101 into each calendar, and back from every day of a walk over
each calendar's years, months and days 0 to 33 (so that the days a month does not have are refused
alike), and the first day of each Myanmar year and month, under Node.js (one run for all)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

import surveyapp
from surveyapp.survey.calendars import (
    CALENDARS,
    YEARS,
    first_day,
    from_gregorian,
    kiosk_calendars,
    to_gregorian,
)

SCRIPT = Path(surveyapp.__file__).parent / "static" / "calendars.js"
DAYS = [date(1899, 1, 1) + timedelta(days=n) for n in range(0, 74_200, 3)]
# The first day of each Myanmar year and of each of its months (what `year` and `month-year` store).
FIRST_DAYS = [("myanmar", y, m) for y in range(1260, 1464) for m in (None, 0, 1, 2, 4, 13, 14)] + [
    ("persian", 1403, None),
    ("ethiopian", 2016, 5),
]
DRIVER = r"""
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const window = {};
new Function("window", fs.readFileSync(input.script, "utf8"))(window);
const C = window.SurveyCalendars;
C.use(input.table);
const out = {};
for (const cal of input.calendars) {
  out[cal] = {
    from: input.days.map(function (d) { return C.fromGregorian(cal, d); }),
    to: input.walk[cal].map(function (p) { return C.toGregorian(cal, p[0], p[1], p[2]); }),
  };
}
out.firstDay = input.firstDays.map(function (p) { return C.firstDay(p[0], p[1], p[2]); });
process.stdout.write(JSON.stringify(out));
"""


def walk(calendar: str) -> list[tuple[int, int, int]]:
    """Calendar dates over the years (a step that lands on every remainder of 4 and 33), each month
    and the days 0-33, with a year on either side of Collect's."""
    low, high = YEARS[calendar]
    years = [low - 1, *range(low, high + 1, 7), high, high + 1]
    return [(y, m, d) for y in years for m in range(0, 15) for d in (0, 1, 5, 28, 29, 30, 31, 32, 33)]


@pytest.fixture(scope="module")
def js() -> dict[str, dict[str, list[object]]]:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js (`node`) is needed to check static/calendars.js against the server")
        pytest.skip("Node.js (`node`) is not installed")
    payload = {
        "script": str(SCRIPT),
        "calendars": list(CALENDARS),
        "table": kiosk_calendars({"bikram-sambat"})["bikramSambat"],
        "days": [d.isoformat() for d in DAYS],
        "walk": {c: walk(c) for c in CALENDARS},
        "firstDays": FIRST_DAYS,
    }
    run = subprocess.run(
        [node, "-e", DRIVER],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.mark.parametrize("calendar", CALENDARS)
def test_gregorian_days_read_alike_in_the_calendar(js, calendar):
    server = [list(p) if (p := from_gregorian(calendar, d)) else None for d in DAYS]
    assert sum(p is not None for p in server) > 14_000  # Collect's years (BS: 121 of them)
    wrong = [
        (d.isoformat(), s, k) for d, s, k in zip(DAYS, server, js[calendar]["from"], strict=True) if s != k
    ]
    assert wrong == []


@pytest.mark.parametrize("calendar", CALENDARS)
def test_calendar_days_convert_alike_and_the_missing_ones_are_refused_alike(js, calendar):
    parts = walk(calendar)
    server = [g.isoformat() if (g := to_gregorian(calendar, *p)) else None for p in parts]
    assert 0 < sum(s is None for s in server) < len(server)
    wrong = [(p, s, k) for p, s, k in zip(parts, server, js[calendar]["to"], strict=True) if s != k]
    assert wrong == []


def test_the_first_day_of_a_year_and_of_a_month_is_the_same(js):
    server = [list(first_day(c, y, m)) for c, y, m in FIRST_DAYS]
    assert js["firstDay"] == server
