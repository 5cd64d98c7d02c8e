"""The report printed in Chromium on Letter and A4 paper, as an analyst saves it as a PDF for a
partnership meeting: every column of every table and grid is on the page, none cut at its right
edge; wide tables come in labelled parts that each repeat the row labels; headings and their intros
stay with what follows them (read back from the PDF's pages); hidden cells stay hidden."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from ..fixtures.browser import sign_in

pytestmark = pytest.mark.browser
# The printable width of each paper at the browser's default margins (0.4 in each side), in CSS
# pixels (96 per inch): what an emulated print window of that width lays out.
PAPER = {"Letter": round((8.5 - 0.8) * 96), "A4": round((210 / 25.4 - 0.8) * 96)}

# Every table header cell, rotated grid label and grid cell: its box, whether it is drawn, and
# whether its text runs past its own box (clipped). A chart's text without the invisible marks that
# isolate its direction (surveyapp/team/charts.py).
BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, width: r.width, text: e.textContent.trim(),
            shown: r.width > 0 && getComputedStyle(e).visibility !== 'hidden'
                   && getComputedStyle(e).display !== 'none',
            clipped: e.scrollWidth > e.clientWidth + 1}; };
  return {
    heads: [...document.querySelectorAll('.report table.cross thead th')].map(box),
    grid_text: [...document.querySelectorAll('.report svg.chart text')].map(e => {
      const r = e.getBoundingClientRect(), s = e.ownerSVGElement.getBoundingClientRect();
      return {text: e.textContent.replace(/[\u2066-\u2069]/g, ''), left: r.left, right: r.right, top: r.top,
              svg_left: s.left, svg_right: s.right, svg_top: s.top}; }),
    tables: [...document.querySelectorAll('.report table.cross')].map(t => ({
      right: t.getBoundingClientRect().right, caption: t.caption.textContent.trim()})),
  };
}"""


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_every_column_of_the_printed_report_is_on_the_page(browser, live_server, demo, analysed, paper):  # type: ignore[no-untyped-def]
    width = PAPER[paper]
    context = browser.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    sign_in(page, live_server, "analyst@demo.test")
    page.goto(f"{live_server}/team/report")
    page.emulate_media(media="print")
    page.wait_for_selector("table.cross")
    found = page.evaluate(BOXES)

    assert len(found["tables"]) >= 6
    for table in found["tables"]:
        assert table["right"] <= width + 0.5, table
    assert len(found["heads"]) > 30
    for head in found["heads"]:
        assert head["shown"], head
        assert head["left"] >= -0.5, head
        assert head["right"] <= width + 0.5, head
        assert not head["clipped"], head
    # The grids' labels, rotated ones included, lie within their chart and the page.
    assert any(t["text"] == "Tiếng Việt" for t in found["grid_text"])
    for text in found["grid_text"]:
        assert text["left"] >= text["svg_left"] - 0.5, text
        assert text["right"] <= text["svg_right"] + 0.5, text
        assert text["top"] >= text["svg_top"] - 0.5, text
        assert text["right"] <= width + 0.5, text

    # Each breakdown shows all the columns of its grid across its parts, the totals in the last.
    sections = page.evaluate("""() => [...document.querySelectorAll('.report section.breakdown')]
      .map(s => ({title: s.querySelector('h3').textContent.trim(),
                  grid: [...s.querySelectorAll('svg.grid > text[transform]')].length,
                  parts: [...s.querySelectorAll('table.cross')].map(t => ({
                    caption: t.caption.textContent.trim(),
                    heads: [...t.querySelectorAll('thead th')].slice(1)
                             .map(th => th.textContent.trim())}))}))""")
    by_title = {s["title"]: s for s in sections}
    for section in sections:
        parts = section["parts"]
        columns = [h for p in parts for h in p["heads"]]
        assert columns[-1] == "Total", section
        assert columns.count("Total") == 1, section
        assert len(columns) - 1 == section["grid"], section
        if len(parts) > 1:
            for i, part in enumerate(parts, start=1):
                assert part["caption"] == f"{section['title']} (part {i} of {len(parts)})"
    language = by_title["Themes by Language"]
    assert len(language["parts"]) == 2  # eight languages and the totals do not fit one page
    shown = {h for p in language["parts"] for h in p["heads"]}
    assert {
        "العربية",
        "English",
        "Español",
        "Français",
        "Kreyòl Ayisyen",
        "नेपाली",
        "Soomaali",
        "Tiếng Việt",
        "Total",
    } <= shown
    race = next(s for t, s in by_title.items() if "race" in t)
    assert sum(len(p["heads"]) for p in race["parts"]) - 1 == race["grid"] >= 9

    # Headings stay with what follows them on paper.
    breaks = page.eval_on_selector_all(
        ".report h2, .report h3", "hs => hs.map(h => getComputedStyle(h).breakAfter)"
    )
    assert breaks, breaks
    assert set(breaks) == {"avoid"}, breaks
    # Splitting shows no small count: every figure in a table is 0 or at least the smallest shown.
    figures = page.eval_on_selector_all(
        ".report table.cross td", "tds => tds.map(td => td.textContent.trim())"
    )
    counts = [int(m.group(1)) for f in figures if (m := re.match(r"^(\d+)", f))]
    assert counts
    assert all(c == 0 or c >= 10 for c in counts)
    assert any("✱" in f for f in figures)
    assert len(page.pdf(format=paper)) > 10_000
    context.close()


def _pages_of(pdf: bytes, tmp_path) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The PDF's text, page by page (poppler's pdftotext), each page's non-blank lines."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install -y poppler-utils")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")]


def _bare(text: str) -> str:
    return re.sub(r"[\s\u2066-\u2069]+", "", text)


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_no_heading_or_intro_is_left_at_the_foot_of_a_printed_page(  # type: ignore[no-untyped-def]
    browser, live_server, demo, analysed, paper, tmp_path
):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    sign_in(page, live_server, "analyst@demo.test")
    page.goto(f"{live_server}/team/report")
    page.emulate_media(media="print")
    # Every section's heading is in a block with its intro, kept whole and with what follows.
    heads = page.eval_on_selector_all(
        ".report .section-head",
        """els => els.map(e => ({heading: e.querySelector('h2, h3').textContent.trim(), text: e.innerText,
             inside: getComputedStyle(e).breakInside, after: getComputedStyle(e).breakAfter}))""",
    )
    sections = page.eval_on_selector_all(
        ".report section", "ss => ss.map(s => !!s.querySelector(':scope > .section-head'))"
    )
    assert sections
    assert all(sections), sections
    assert len(heads) >= 6
    assert {(h["inside"], h["after"]) for h in heads} == {("avoid", "avoid")}
    assert "What people bring" in [h["heading"] for h in heads]

    # On paper: on the page where a heading is, something besides its own block follows it.
    pages = _pages_of(page.pdf(format=paper), tmp_path)
    for head in heads:
        found = [
            (n, i) for n, lines in enumerate(pages) for i, line in enumerate(lines) if line == head["heading"]
        ]
        assert found, (head["heading"], paper)
        for n, i in found:
            rest = " ".join(pages[n][i:])
            assert len(_bare(rest)) > len(_bare(head["text"])), (
                f"{head['heading']!r} at the foot of page {n + 1}"
            )
    context.close()
