"""summary.html: a themed summary a person can open offline (no scripts, no external assets).

Every piece of answer text is escaped; quotes get dir="auto" so Arabic reads right to left.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from analysis.results import ThemeResult
from analysis.summarize import Prevalence

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-bottom:.2rem}
.theme{border-top:1px solid #ccc;padding:.8rem 0}.bar{background:#e6e6e6;height:.9rem;width:100%}
.fill{background:#2b6cb0;height:100%}.meta{color:#555;font-size:.9rem}
.hidden{opacity:.6}
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid #2b6cb0}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;
text-align:right}th:first-child,td:first-child{text-align:left}.terms{font-size:.9rem}
"""


def _theme_html(result: ThemeResult) -> list[str]:
    parts: list[str] = []
    for theme in result.themes:
        pct = theme.share * 100
        flags = []
        if theme.hidden:
            flags.append("hidden on the dashboard")
        if theme.category:
            flags.append(f"codebook: {theme.category}")
        elif theme.kind == "emergent":
            flags.append("emergent theme (no codebook category)")
        if theme.merged_from:
            flags.append("merged from " + ", ".join(theme.merged_from))
        cls = "theme hidden" if theme.hidden else "theme"
        parts.append(f'<section class="{cls}"><h2>{escape(theme.label)}</h2>')
        parts.append(
            f'<p class="meta">{theme.size} answers · {pct:.1f}% · id '
            f"{escape(theme.id)}{' · ' + escape('; '.join(flags)) if flags else ''}</p>"
        )
        parts.append(
            f'<div class="bar" role="img" aria-label="{pct:.1f}%">'
            f'<div class="fill" style="width:{min(pct, 100):.1f}%"></div></div>'
        )
        for lang, terms in theme.top_terms.items():
            if terms:
                parts.append(
                    f'<p class="terms"><strong>{escape(lang)}</strong>: '
                    f'<span dir="auto">{escape(", ".join(terms))}</span></p>'
                )
        for quote in theme.quotes:
            parts.append(
                f'<blockquote dir="auto" lang="{escape(quote.lang)}">{escape(quote.text)}'
                f'<br><span class="meta">answer {escape(quote.id)} · {escape(quote.lang)}'
                f"</span></blockquote>"
            )
        parts.append("</section>")
    return parts


def _prevalence_html(table: Prevalence) -> list[str]:
    parts = [
        f"<h2>By {escape(table.attribute)}</h2>",
        f'<p class="meta">Suppression: {escape(table.rule)}. "–" marks a hidden cell.</p>',
        "<table><tr><th>Theme</th>",
    ]
    parts += [f"<th>{escape(str(c))}</th>" for c in table.counts.columns]
    parts.append("</tr>")
    for index, row in table.counts.iterrows():
        cells = "".join(f"<td>{'–' if pd.isna(v) else int(v)}</td>" for v in row.tolist())
        parts.append(f"<tr><td>{escape(str(index))}</td>{cells}</tr>")
    parts.append("</table>")
    return parts


def render(result: ThemeResult, tables: list[Prevalence] | None = None, title: str = "Barrier themes") -> str:
    """The whole HTML page as a string."""
    n = len(result.assignments)
    langs = ", ".join(f"{k} ({v['documents']})" for k, v in result.languages.items())
    why = result.selection.get("criterion", "")
    head = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{n} answers · {len(result.themes)} themes · languages: {escape(langs)}</p>',
        f'<p class="meta">How the number of themes was chosen: {escape(str(why))}.</p>',
        '<p class="meta">Non-English codebook terms are drafts for community review.</p>',
    ]
    body = _theme_html(result)
    for table in tables or []:
        body += _prevalence_html(table)
    return "\n".join(head + body + ["</body></html>", ""])
