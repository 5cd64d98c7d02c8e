"""The dashboard's SVG charts read in an Arabic page: a figure written in words and digits
("64 من 80", 64 of 80) keeps its order for a right-to-left reader, and a left-to-right label
keeps its own, while the chart's bars still grow from the labels."""

from __future__ import annotations

import pytest

from ..fixtures.browser import sign_in

pytestmark = pytest.mark.browser

# The x position of the first character of `part` inside each chart text holding both parts.
ORDER = """([first, second]) => {
  const out = [];
  for (const t of document.querySelectorAll("svg.chart text")) {
    const s = t.textContent, i = s.indexOf(first), j = s.indexOf(second);
    if (i < 0 || j < 0 || i === j) continue;
    out.push([s, t.getStartPositionOfChar(i).x, t.getStartPositionOfChar(j).x]);
  }
  return out;
}"""


def test_a_figure_of_words_and_digits_reads_right_to_left_in_arabic(laptop, live_server, demo):  # type: ignore[no-untyped-def]
    page = laptop
    sign_in(page, live_server, "analyst@demo.test")
    page.goto(f"{live_server}/team/?lang=ar")
    # A partner's bar says how many of its target answered: "<done> من <target>".
    texts = [t for t in page.locator("svg.chart text").all_text_contents() if " من " in t]
    assert texts, "the overview shows partners' progress to their targets"
    done, target = texts[0].strip("\u2068\u2069").split(" من ")
    [(_, x_done, x_target)] = page.evaluate(ORDER, [done + " ", " " + target])[:1]
    assert x_done > x_target, f"{texts[0]!r}: the first figure is read first, at the right"

    page.goto(f"{live_server}/team/?lang=en")
    texts = [t for t in page.locator("svg.chart text").all_text_contents() if " of " in t]
    done, target = texts[0].strip("\u2068\u2069").split(" of ")
    [(_, x_done, x_target)] = page.evaluate(ORDER, [done + " ", " " + target])[:1]
    assert x_done < x_target
