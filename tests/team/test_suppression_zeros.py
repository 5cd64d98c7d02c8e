"""Complementary suppression with zeros: a hidden small count never comes back as a total minus
shown zeros (the tester's case: 6 complete responses, all through one partner, the others at 0)."""

from __future__ import annotations

import html
import itertools
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from surveyapp.services.suppression import Figures, exposed, suppress

from ..fixtures.disclosure import recoverable
from ..fixtures.team import add_response

HIDDEN = "✱"


def test_zeros_are_the_complement_when_no_other_part_is_left() -> None:
    values = {"a": 6, "b": 0, "c": 0, "d": 0, "complete": 6}
    lines = [(["a", "b", "c", "d"], "complete")]
    hidden = suppress(values, lines, 10, public={"complete"})
    # every zero: one picked by its place would tell which hidden figure is the 6
    assert hidden == {"a", "b", "c", "d"}
    assert not recoverable(values, lines, hidden)
    for small in "bcd":  # the same pattern whichever part holds the 6
        moved = dict.fromkeys("abcd", 0) | {small: 6, "complete": 6}
        assert suppress(moved, lines, 10, public={"complete"}) == hidden


def test_a_non_zero_part_comes_before_the_zeros_and_a_zero_before_the_total() -> None:
    values = {"a": 4, "b": 0, "c": 25, "total": 29}
    lines = [(["a", "b", "c"], "total")]
    assert suppress(values, lines, 10) == {"a", "c"}
    values = {"a": 4, "b": 0, "total": 4}
    assert suppress(values, [(["a", "b"], "total")], 10) == {"a", "total"}  # the total is small too
    values = {"x": 12, "y": 0, "total": 12}
    assert suppress(values, [(["x", "y"], "total")], 10) == set()
    values = {"a": 6, "b": 0, "sub": 6, "rest": 40, "grand": 46}
    lines = [(["a", "b"], "sub"), (["sub", "rest"], "grand")]
    hidden = suppress(values, lines, 10)
    assert hidden == {"a", "sub", "rest"}  # `sub` is small itself; `b` is not needed
    values = {"a": 6, "b": 0, "t": 16, "c": 10}
    lines = [(["a", "b", "c"], "t")]
    assert suppress(values, lines, 10) == {"a", "c"}


def test_the_total_is_the_last_choice_and_a_public_or_unshown_figure_never() -> None:
    values = {"a": 6, "t": 6}
    lines = [(["a"], "t")]
    assert suppress(values, lines, 10) == {"a", "t"}
    assert suppress(values, lines, 10, public={"t"}) == {"a"}
    assert exposed(lines, {"a"}) == {"a"}  # nothing left to hide: the caller shows more rows
    values = {"a": 6, "b": 0, "rest": 0, "t": 6}
    lines = [(["a", "b", "rest"], "t")]
    assert suppress(values, lines, 10, public={"t"}, unshown={"rest"}) == {"a"}  # `rest` is unknown
    assert suppress(values, lines, 10, public={"t", "b"}) == {"a", "rest"}


def test_figures_tell_what_is_still_exposed() -> None:
    f = Figures(10)
    f.add("complete", 6, public=True)
    f.line([f.add(("mode", "link"), 6)], "complete")
    assert f.exposed == {("mode", "link")}
    f = Figures(10)
    f.add("complete", 6, public=True)
    f.line([f.add(("mode", m), n) for m, n in (("link", 6), ("kiosk", 0), ("assisted", 0))], "complete")
    assert f.exposed == set()
    assert f.cell(("mode", "kiosk")).hidden
    assert f.cell("complete").count == 6


def test_no_line_of_small_parts_and_zeros_gives_a_hidden_figure_away() -> None:
    lines = [(["a", "b", "c"], "t"), (["t", "u"], "g")]
    for a, b, c, u in itertools.product((0, 3, 12), repeat=4):
        values = {"a": a, "b": b, "c": c, "t": a + b + c, "u": u, "g": a + b + c + u}
        for public in (set(), {"g"}):
            hidden = suppress(values, lines, 10, public=public)
            assert not recoverable(values, lines, hidden), (values, public)
            assert not exposed(lines, hidden), (values, public)


def _table(body: str, heading: str) -> list[tuple[str, str]]:
    """(row label, figure) of the table after a heading of the page."""
    section = body[body.index(f'id="{heading}"') :]
    section = section[: section.index("</table>")]
    rows = re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', section, flags=re.S)
    return [(html.unescape(re.sub(r"<[^>]+>", "", k)), HIDDEN if HIDDEN in v else v.strip()) for k, v in rows]


def _notrecoverable(total: int, figures: list[str]) -> None:
    hidden = [v for v in figures if v == HIDDEN]
    shown = sum(int(v) for v in figures if v != HIDDEN)
    assert len(hidden) != 1, (total, figures)  # one alone would be the total minus the shown ones
    assert not hidden or total - shown > 0


def test_six_responses_through_one_partner_hide_nothingrecoverable(
    analyst: FlaskClient, demo: Session
) -> None:
    """The tester's case: only 6 real responses (the demo's samples are then left out), all through
    one partner's public link; three other partners have targets and no responses."""
    for _ in range(6):
        add_response(demo, {})
    overview = analyst.get("/team/").get_data(as_text=True)
    assert "<dt>Complete responses</dt><dd>6</dd>" in overview
    partners = _table(overview, "partner-h")
    assert len(partners) == 4
    assert [v for _k, v in partners].count(HIDDEN) == 4  # 6 and the zeros beside it
    for heading in ("partner-h", "lang-h", "mode-h"):
        figures = [v for _k, v in _table(overview, heading)]
        assert HIDDEN in figures, heading
        _notrecoverable(6, figures)
    chart = overview[overview.index(">Complete responses per day</title>") :]
    per_day = re.findall(r"<title>\d{4}-\d{2}-\d{2}: (\w+)</title>", chart[: chart.index("</svg>")])
    assert len(per_day) == 2  # the day before the first, at 0 and hidden beside it
    _notrecoverable(6, [HIDDEN if t == "hidden" else t for t in per_day])
    modes = dict(_table(overview, "mode-h"))
    assert set(modes) == {"Public link", "Kiosk", "Entered by staff"}
    report = analyst.get("/team/report").get_data(as_text=True)
    assert "<dt>Complete responses</dt><dd>6</dd>" in report
    for chart in ("Complete responses by language", "Complete responses by partner"):
        desc = re.search(rf">{chart}</title><desc[^>]*>(.*?)</desc>", report, flags=re.S)
        assert desc, chart
        texts = [html.unescape(item).rsplit(": ", 1)[1].split(" of ")[0] for item in desc[1].split("; ")]
        assert "hidden" in texts, chart
        _notrecoverable(6, [HIDDEN if t == "hidden" else t for t in texts])
