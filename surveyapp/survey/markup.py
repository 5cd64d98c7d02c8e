"""The Markdown that ODK Collect and Enketo show in labels, hints and choice labels, as Kobo and ODK
authors write it (`**Important**`, `_emphasis_`, `# Section`, `[our site](https://...)`, a list of
`* ` lines, line breaks, `<span style="color:red">`), following enketo-transformer's markdown.js so a
form reads as its author saw it there, without JavaScript.

Everything else is escaped first: the author's text never becomes markup of its own. The page's
Content-Security-Policy allows no inline style, so a `<span style=...>` keeps its words without its
colour; `<sup>` and `<sub>` are kept. Headings and list items are phrasing elements with classes
(a label or a legend cannot hold block elements). A link goes only to http(s), mailto or tel
addresses, in a new tab. A backslash keeps `*`, `_`, `#` or `\\` as typed. Answers piped in with
`${name}` are never read as Markdown (piping.py passes them as placeholders).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import escape

# Placeholders for what the author escaped with a backslash, restored after the Markdown is read.
_ESCAPED = {"\\\\": "\x01", "\\*": "\x02", "\\_": "\x03", "\\#": "\x04"}
_RESTORED = {v: k[1] for k, v in _ESCAPED.items()}

_SPAN = re.compile(r"&lt;\s?span(?:[^/\n]*?)&gt;((?:(?!&lt;/).)+?)&lt;/\s?span\s?&gt;")
_SUP = re.compile(r"&lt;\s?sup(?:[^/\n]*?)&gt;((?:(?!&lt;/).)+?)&lt;/\s?sup\s?&gt;")
_SUB = re.compile(r"&lt;\s?sub(?:[^/\n]*?)&gt;((?:(?!&lt;/).)+?)&lt;/\s?sub\s?&gt;")
_STRONG = (re.compile(r"__(.*?)__"), re.compile(r"\*\*(.*?)\*\*"))
_EM = (re.compile(r"_([^\s_][^_\n]*)_"), re.compile(r"\*([^\s*][^*\n]*)\*"))
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^[ \t]*(#{1,6})[ \t]?([^#\n][^\n]*)(?:\n|$)", re.MULTILINE)
_BULLETS = re.compile(r"(?:^[*+-] [^\n]*(?:\n|$))+", re.MULTILINE)
_SAFE_LINK = re.compile(r"^(?:https?://|mailto:|tel:)", re.IGNORECASE)


def _link(match: re.Match[str]) -> str:
    text, address = match[1], match[2]
    if not _SAFE_LINK.match(address):
        return match[0]
    return f'<a href="{address}" rel="noopener noreferrer" target="_blank">{text}</a>'


def _bullets(match: re.Match[str]) -> str:
    items = [line[2:] for line in match[0].rstrip("\n").split("\n")]
    return '<span class="md-list">' + "".join(f'<span class="md-item">{i}</span>' for i in items) + "</span>"


@lru_cache(maxsize=4096)
def markdown(text: str) -> str:
    """The author's text as safe HTML, with ODK's Markdown read (see the module's docstring); a
    survey's texts are few and read on every page, so each is read once."""
    if not text:
        return ""
    for typed, placeholder in _ESCAPED.items():
        text = text.replace(typed, placeholder)
    html = str(escape(text)).replace("\r\n", "\n")
    html = _SPAN.sub(r"\1", html)
    html = _SUP.sub(r"<sup>\1</sup>", html)
    html = _SUB.sub(r"<sub>\1</sub>", html)
    for pattern in _STRONG:
        html = pattern.sub(r"<strong>\1</strong>", html)
    for pattern in _EM:
        html = pattern.sub(r"<em>\1</em>", html)
    html = _LINK.sub(_link, html)
    html = _HEADING.sub(lambda m: f'<span class="md-h{len(m[1])}">{m[2].strip()}</span>', html)
    html = _BULLETS.sub(_bullets, html)
    html = html.strip("\n").replace("\n", "<br>")
    for placeholder, typed in _RESTORED.items():
        html = html.replace(placeholder, typed)
    return html
